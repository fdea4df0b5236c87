//! The one store of the app. It is changed only through [`Action`]s and tested
//! natively. Evaluation results are derived from `text`, never stored here.

use crate::embed::EmbedOptions;
use crate::state::history::{changed_range, History, Keys, Snapshot};
use crate::state::parts::{self, Part};
use crate::state::text::Text;
use crate::state::typing::{Typed, Typing};
use std::rc::Rc;
use yew::Reducible;

/// The tabs of the explanation panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Layers,
    Statements,
    Trace,
    Context,
    Chain,
}

/// The column shown on narrow screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MobileTab {
    Edit,
    Steps,
    Explain,
}

/// A message shown above the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
    /// A shared link differs from unsaved work: open it, or keep mine.
    LinkConflict {
        link_text: String,
        /// The step and panel the link selects.
        step: Option<usize>,
        panel: Option<Panel>,
    },
    /// A suggested edit was applied; Undo takes it back.
    Applied {
        what: String,
    },
}

#[derive(Debug, Clone)]
pub struct Store {
    /// The scenario JSON being edited.
    /// Shared, so that a render or an undo step never copies a large text.
    pub text: Text,
    pub selected_step: usize,
    pub panel: Panel,
    pub tab: MobileTab,
    /// A byte range of `text` to select and scroll to in the editor.
    pub jump: Option<(usize, usize)>,
    pub notice: Option<Notice>,
    pub embed_dialog_open: bool,
    /// Set when the page runs embedded (`#embed&…`).
    pub embed: Option<EmbedOptions>,
    /// The AWS managed policy shown read-only, if any.
    pub managed_view: Option<ManagedView>,
    /// The library id of the scenario shown.
    pub scenario: Rc<str>,
    /// The number in the id the next new scenario gets (seeded from the
    /// clock when the page starts, so ids stay unique across visits).
    pub next_id: u64,
    pub history: History,
    /// The lesson being followed, if any.
    pub lesson: Option<LessonState>,
    /// A first visit: the welcome and its three starting points are shown.
    pub welcome: bool,
    /// The part edited on its own (a policy document, an entity, a step);
    /// `None` shows the whole text (Source).
    pub part: Option<Part>,
    /// Typing the editor has not handed over yet: taken before any action.
    pub typing: Typing,
}

/// Every change makes a new store (see [`Reducible::reduce`]): two are
/// equal only when they are one. The context of the page's components
/// compares stores on every render; a comparison field by field read the
/// history's texts and cost page size.
impl PartialEq for Store {
    fn eq(&self, other: &Store) -> bool {
        std::ptr::eq(self, other)
    }
}

/// A lesson being followed: which step is shown, and which are done.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonState {
    pub view: Rc<crate::lessons::LessonView>,
    pub step: usize,
    pub done: Vec<bool>,
}

/// An AWS managed policy to show, and the statement to bring into view
/// (its position in the policy, from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedView {
    pub arn: String,
    pub statement: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A change to the text from anywhere but typing: one undoable change.
    SetText(String),
    /// Typing in the editor: runs of keys without a pause between them
    /// are one undoable change.
    Type(Text, Keys),
    /// Takes the editor's typing (see [`Typing`]), which every action does
    /// first; this one does nothing else.
    TakeTyping,
    /// Open a scenario text (an example, an imported account, a link) as a
    /// new scenario of the library; the one shown stays saved there.
    Open(String),
    /// Open a scenario of the library.
    Switch {
        id: String,
        text: String,
    },
    Undo,
    Redo,
    /// Opens a lesson at a step, with the scenario at that step's start as a
    /// new scenario of the library.
    StartLesson {
        view: Rc<crate::lessons::LessonView>,
        step: usize,
        text: String,
    },
    /// Shows another step of the lesson; the scenario stays as edited.
    LessonStep(usize),
    /// The task of the lesson's step was seen done, or the step was read.
    LessonDone(usize),
    LeaveLesson,
    /// Closes the welcome.
    Welcomed,

    SelectStep(usize),
    /// Typing in the part being edited on its own: its text as shown.
    EditPart(String, Keys),
    /// Opens the part around a byte range and selects the range (the whole
    /// text when no part holds it).
    Focus(usize, usize),
    /// Back to the whole text.
    LeavePart,
    /// A jump to a range of the text the editor shows (the part, when one is open).
    JumpShown(usize, usize),
    SelectPanel(Panel),
    SetTab(MobileTab),
    Jump(usize, usize),
    /// A jump to a place found by a search, only while the text there is
    /// still what was found.
    JumpFound {
        start: usize,
        end: usize,
        found: String,
    },
    Notify(Option<Notice>),
    /// Resolves a link conflict: `true` opens the link, `false` keeps the current work.
    ResolveLink(bool),
    ToggleEmbedDialog(bool),
    /// Shows an AWS managed policy (`None` closes it).
    ShowManaged(Option<ManagedView>),
}

impl Store {
    pub fn new(text: String) -> Self {
        Store {
            text: Text::from(text),
            selected_step: 0,
            panel: Panel::Layers,
            tab: MobileTab::Edit,
            jump: None,
            notice: None,
            embed_dialog_open: false,
            embed: None,
            managed_view: None,
            scenario: Rc::from("s0"),
            next_id: 1,
            history: History::default(),
            lesson: None,
            welcome: false,
            part: None,
            typing: Typing::default(),
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot { scenario: Some(self.scenario.clone()), text: self.text.clone() }
    }

    /// Replaces the text as one change (typing at a time joins the last one).
    fn change(&mut self, text: Text, typing: Option<Keys>) {
        if text != self.text {
            let (scenario, old) = (self.scenario.clone(), std::mem::replace(&mut self.text, text));
            self.history.record_with(|| Snapshot { scenario: Some(scenario), text: old }, typing);
        }
        self.jump = None;
    }

    /// Finds the part being edited again after the text changed around it.
    fn relocate(&mut self) {
        self.part = self.part.take().and_then(|p| parts::locate(&self.text, &p.path));
    }

    /// Shows another scenario as one change, starting at its first step.
    fn open(&mut self, id: Rc<str>, text: String) {
        let before = self.snapshot();
        self.history.record(before, None);
        self.scenario = id;
        self.text = Text::from(text);
        self.selected_step = 0;
        self.jump = None;
        self.notice = None;
        self.managed_view = None;
        self.part = None;
        // Another scenario was chosen: the welcome has done its work.
        self.welcome = false;
    }

    /// Goes to a state of the history, selecting what came back.
    fn restore(&mut self, to: Snapshot) {
        let range = changed_range(&self.text, &to.text);
        if let Some(id) = to.scenario {
            self.scenario = id;
        }
        self.text = to.text;
        self.jump = (range.1 > range.0).then_some(range);
        if matches!(self.notice, Some(Notice::Applied { .. })) {
            self.notice = None;
        }
    }

    /// A fresh library id.
    fn new_id(&mut self) -> Rc<str> {
        let id = format!("s{:x}", self.next_id);
        self.next_id += 1;
        Rc::from(id)
    }

    /// Selects what a link names, opening the explanation when it names anything.
    pub fn select(&mut self, step: Option<usize>, panel: Option<Panel>) {
        if let Some(step) = step {
            self.selected_step = step;
        }
        if let Some(panel) = panel {
            self.panel = panel;
        }
        if step.is_some() || panel.is_some() {
            self.tab = MobileTab::Explain;
        }
    }

    /// The first visit opens the first example.
    pub fn welcome() -> Self {
        Self::new(crate::examples::WELCOME.to_string())
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // What the editor typed comes first: no action lands on an older text.
        let current = match self.typing.take() {
            Some(typed) => self.typed(typed),
            None => self,
        };
        current.act(action)
    }
}

impl Store {
    /// The text the store holds once it has taken the editor's typing.
    pub fn text_typed(&self) -> Text {
        match self.typing.peek() {
            Some(typed) => Rc::new(self.clone()).typed(typed).text.clone(),
            None => self.text.clone(),
        }
    }

    fn typed(self: Rc<Self>, Typed { text, part, keys }: Typed) -> Rc<Self> {
        self.act(if part { Action::EditPart(text.to_string(), keys) } else { Action::Type(text, keys) })
    }

    fn act(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::TakeTyping => return self,
            Action::SetText(text) if *text == *self.text => return self,
            Action::Type(text, _) if text == self.text => return self,
            Action::SetText(text) => {
                next.change(Text::from(text), None);
                next.relocate();
            }
            Action::Type(text, keys) => {
                next.change(text, Some(keys));
                // An edit after a suggestion was applied: its Undo would now
                // take back the typing first, so the offer goes.
                if matches!(next.notice, Some(Notice::Applied { .. })) {
                    next.notice = None;
                }
            }
            Action::Open(text) => {
                let id = next.new_id();
                next.open(id, text);
            }
            Action::Switch { id, text } => {
                next.open(Rc::from(id), text);
            }
            Action::Undo => match next.history.undo(self.snapshot()) {
                Some(to) => {
                    next.restore(to);
                    next.relocate();
                }
                None => return self,
            },
            Action::Redo => match next.history.redo(self.snapshot()) {
                Some(to) => {
                    next.restore(to);
                    next.relocate();
                }
                None => return self,
            },

            Action::SelectStep(i) => {
                next.selected_step = i;
                next.tab = MobileTab::Explain;
            }
            Action::SelectPanel(panel) => next.panel = panel,
            Action::SetTab(tab) => next.tab = tab,
            Action::JumpFound { start, end, found } if next.text.get(start..end) != Some(found.as_str()) => {
                next.notice = Some(Notice::Info("The text changed since this search.".into()));
            }
            Action::JumpFound { start, end, .. } | Action::Jump(start, end) => {
                next.jump = Some((start, end));
                next.tab = MobileTab::Edit;
                // A range outside the part shown is shown in the whole text.
                if next.part.as_ref().is_some_and(|p| start < p.start || end > p.end) {
                    next.part = None;
                }
            }
            Action::Focus(start, end) => {
                next.part = parts::part_at(&next.text, start).filter(|p| end <= p.end);
                next.jump = Some((start, end));
                next.tab = MobileTab::Edit;
            }
            Action::LeavePart => next.part = None,
            Action::JumpShown(start, end) => {
                let doc = |at| next.part.as_ref().map_or(at, |p| parts::from_display(&next.text, p, at));
                next.jump = Some((doc(start), doc(end)));
                next.tab = MobileTab::Edit;
            }
            Action::EditPart(shown, keys) => {
                let Some(part) = next.part.clone() else { return self };
                let written = parts::reindent(&shown, part.indent);
                let (Some(head), Some(tail)) = (next.text.get(..part.start), next.text.get(part.end..)) else {
                    return self;
                };
                let text = format!("{head}{written}{tail}");
                next.change(Text::from(text), Some(keys));
                next.part = Some(Part { end: part.start + written.len(), ..part });
            }
            // A link to what is shown already only selects what it names.
            Action::Notify(Some(Notice::LinkConflict { link_text, step, panel })) if *link_text == *self.text => {
                next.select(step, panel);
            }
            Action::Notify(notice) => next.notice = notice,
            Action::ResolveLink(open) => {
                if let (true, Some(Notice::LinkConflict { link_text, step, panel })) = (open, &self.notice) {
                    let id = next.new_id();
                    next.open(id, link_text.clone());
                    next.select(*step, *panel);
                }
                next.notice = None;
            }
            Action::StartLesson { view, step, text } => {
                next.welcome = false;
                let id = next.new_id();
                next.open(id, text);
                let step = step.min(view.steps.len().saturating_sub(1));
                let done = (0..view.steps.len()).map(|i| i < step).collect();
                next.lesson = Some(LessonState { view, step, done });
            }
            Action::LessonStep(step) => match &mut next.lesson {
                Some(l) if step < l.view.steps.len() => l.step = step,
                _ => return self,
            },
            Action::LessonDone(step) => match &mut next.lesson {
                Some(l) if l.done.get(step) == Some(&false) => {
                    if let Some(d) = l.done.get_mut(step) {
                        *d = true;
                    }
                }
                _ => return self,
            },
            Action::LeaveLesson => next.lesson = None,
            Action::Welcomed => next.welcome = false,
            Action::ToggleEmbedDialog(open) => next.embed_dialog_open = open,
            Action::ShowManaged(view) => next.managed_view = view,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::EXAMPLES;

    fn apply(store: Store, actions: Vec<Action>) -> Store {
        let mut s = Rc::new(store);
        for a in actions {
            s = s.reduce(a);
        }
        (*s).clone()
    }

    #[test]
    fn typing_after_an_applied_suggestion_withdraws_its_undo() {
        let applied = Notice::Applied { what: "w".into() };
        let s = apply(Store::new("new".into()), vec![Action::Notify(Some(applied.clone()))]);
        assert_eq!(s.notice, Some(applied));
        let s = apply(s, vec![Action::Type("newer".into(), Keys::at(0.0))]);
        assert_eq!(s.notice, None);
        let info = Notice::Info("kept".into());
        let s = apply(s, vec![Action::Notify(Some(info.clone())), Action::Type("x".into(), Keys::at(1.0))]);
        assert_eq!(s.notice, Some(info), "other notices stay");
    }

    #[test]
    fn undo_takes_back_an_example_load_a_delete_and_a_format_and_redo_redoes() {
        let mine = Store { scenario: Rc::from("mine"), next_id: 7, ..Store::new("{\"a\":1,\"b\":2}".into()) };
        let s = apply(mine, vec![Action::SelectStep(2), Action::Open("example".into()), Action::Undo]);
        assert_eq!((&*s.text, &*s.scenario), ("{\"a\":1,\"b\":2}", "mine"), "the example load is undone");
        let s = apply(s, vec![Action::Redo]);
        assert_eq!((&*s.text, &*s.scenario), ("example", "s7"), "and redone, as the same new scenario");
        let s = apply(s, vec![Action::Undo, Action::SetText("{\"a\":1}".into()), Action::Undo]);
        assert_eq!(&*s.text, "{\"a\":1,\"b\":2}", "a delete made in the outline is undone");
        assert_eq!(s.jump.map(|(a, b)| &s.text[a..b]), Some(",\"b\":2"), "what came back is selected");
        let s = apply(s, vec![Action::SetText("{\n  \"a\": 1,\n  \"b\": 2\n}\n".into()), Action::Undo]);
        assert_eq!(&*s.text, "{\"a\":1,\"b\":2}", "Format is undone");
        assert!(!apply(s.clone(), vec![Action::Undo]).history.can_undo());
    }

    #[test]
    fn keystrokes_without_a_pause_undo_together() {
        let s = apply(
            Store::new("".into()),
            vec![
                Action::Type("a".into(), Keys::at(0.0)),
                Action::Type("ab".into(), Keys::at(200.0)),
                Action::Type("abc".into(), Keys::at(5000.0)),
            ],
        );
        let s = apply(s, vec![Action::Undo]);
        assert_eq!(&*s.text, "ab");
        let s = apply(s, vec![Action::Undo]);
        assert_eq!(&*s.text, "");
    }

    #[test]
    fn typing_the_editor_holds_is_taken_before_any_action() {
        let s = Rc::new(Store::new("{}".into()));
        s.typing.put(Text::from("{\"a\"}"), false, 10.0);
        s.typing.put(Text::from("{\"a\":1}"), false, 40.0);
        let s = s.reduce(Action::SelectStep(2));
        assert_eq!((&*s.text, s.selected_step), ("{\"a\":1}", 2), "typed, then the step selected");
        assert!(!s.typing.waiting());
        // An undo right after typing takes the typing back, as one change.
        s.typing.put(Text::from("{\"a\":12}"), false, 60.0);
        let s = s.reduce(Action::Undo);
        assert_eq!(&*s.text, "{}", "the keys from 10 to 60 ms were one run");
        // Nothing waiting: taking changes nothing, and draws nothing.
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::TakeTyping)));
        s.typing.put(Text::from("{\"b\"}"), false, 5000.0);
        let taken = s.clone().reduce(Action::TakeTyping);
        assert_eq!(&*taken.text, "{\"b\"}");
        // A change made elsewhere lands on the typed text, not on the older one.
        taken.typing.put(Text::from("{\"b\":2}"), false, 5100.0);
        let s = taken.reduce(Action::SetText("{\"c\":3}".into()));
        let s = s.reduce(Action::Undo);
        assert_eq!(&*s.text, "{\"b\":2}", "the typing was kept as a change of its own");
    }

    #[test]
    fn a_place_found_is_jumped_to_only_while_the_text_there_is_unchanged() {
        let s = Rc::new(Store::new("{\"alice\": 1}".into()));
        let found = |start, end, found: &str| Action::JumpFound { start, end, found: found.into() };
        let jumped = s.clone().reduce(found(2, 7, "alice"));
        assert_eq!((jumped.jump, jumped.notice.clone()), (Some((2, 7)), None));
        // Typing the editor holds counts: the place moved.
        s.typing.put(Text::from("{\"x\": 0, \"alice\": 1}"), false, 1.0);
        assert_eq!(&*s.text_typed(), "{\"x\": 0, \"alice\": 1}", "the text as typed, still waiting");
        assert!(s.typing.waiting());
        let refused = s.reduce(found(2, 7, "alice"));
        assert_eq!(refused.jump, None);
        assert_eq!(refused.notice, Some(Notice::Info("The text changed since this search.".into())));
    }

    #[test]
    fn typing_in_a_part_is_taken_into_the_part() {
        let text = "{\n  \"version\": 1,\n  \"accounts\": [{\"id\": \"111111111111\", \"policies\": {\"P\": {\"Statement\": []}}}]\n}\n";
        let at = text.find("\"Statement\"").unwrap_or(0);
        let s = Rc::new(Store::new(text.into())).reduce(Action::Focus(at, at));
        let part = s.part.clone();
        assert!(part.is_some(), "the policy opens on its own");
        s.typing.put(Text::from("{\"Statement\": [], \"Version\": \"2012-10-17\"}"), true, 1.0);
        let s = s.reduce(Action::TakeTyping);
        assert!(s.text.contains("{\"Statement\": [], \"Version\": \"2012-10-17\"}"), "{}", &*s.text);
        assert!(s.text.starts_with("{\n  \"version\": 1"));
        assert_eq!(
            s.part.as_ref().map(|p| &s.text[p.start..p.end]),
            Some("{\"Statement\": [], \"Version\": \"2012-10-17\"}")
        );
    }

    #[test]
    fn nothing_to_undo_changes_nothing() {
        let s = Rc::new(Store::new("x".into()));
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Undo)), "no new store, so no render");
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::SetText("x".into()))));
    }

    #[test]
    fn welcome_opens_the_first_example() {
        assert!(Store::welcome().text.contains("\"version\": 1"));
    }

    #[test]
    fn load_example_replaces_text_and_resets_selection() {
        let text = EXAMPLES[1].text().to_string();
        let s = apply(Store::new("x".into()), vec![Action::SelectStep(3), Action::Open(text.clone())]);
        assert_eq!(&*s.text, text);
        assert_eq!(s.selected_step, 0);
        assert_ne!(&*s.scenario, "s0", "an example opens as a new scenario of the library");
    }

    #[test]
    fn link_conflict_keep_mine_keeps_text() {
        let conflict = Action::Notify(Some(Notice::LinkConflict {
            link_text: "theirs".into(),
            step: Some(2),
            panel: Some(Panel::Chain),
        }));
        let s = apply(Store::new("mine".into()), vec![conflict.clone(), Action::ResolveLink(false)]);
        assert_eq!((&*s.text, s.notice, s.selected_step), ("mine", None, 0));
        let s = apply(Store::new("mine".into()), vec![conflict, Action::ResolveLink(true)]);
        assert_eq!((&*s.text, s.notice), ("theirs", None));
        assert_eq!((s.selected_step, s.panel, s.tab), (2, Panel::Chain, MobileTab::Explain), "the link's selection");
    }

    #[test]
    fn a_link_to_the_scenario_shown_only_selects_its_step() {
        let same = Notice::LinkConflict { link_text: "mine".into(), step: Some(1), panel: None };
        let s = apply(Store::new("mine".into()), vec![Action::Notify(Some(same))]);
        assert_eq!((s.notice, s.selected_step), (None, 1));
    }

    fn lesson(steps: usize) -> Rc<crate::lessons::LessonView> {
        let step = crate::lessons::StepView { title: "t".into(), text: "x".into(), task: None, hint: None };
        Rc::new(crate::lessons::LessonView {
            id: "l".into(),
            number: 1,
            of: 6,
            title: "L".into(),
            steps: vec![step; steps],
            next: None,
        })
    }

    #[test]
    fn a_lesson_opens_at_its_step_as_a_new_scenario_and_records_progress() {
        let s = apply(
            Store::new("mine".into()),
            vec![Action::StartLesson { view: lesson(4), step: 2, text: "start".into() }],
        );
        assert_eq!(&*s.text, "start");
        let l = s.lesson.clone().unwrap();
        assert_eq!((l.step, l.done.clone()), (2, vec![true, true, false, false]), "earlier steps count as done");
        let s = apply(s, vec![Action::LessonDone(2), Action::LessonStep(3), Action::LessonStep(9)]);
        let l = s.lesson.clone().unwrap();
        assert_eq!((l.step, l.done), (3, vec![true, true, true, false]), "a step past the end is ignored");
        let s = apply(s, vec![Action::Undo]);
        assert_eq!(&*s.text, "mine", "opening the lesson is undoable like any open");
        assert!(apply(s, vec![Action::LeaveLesson]).lesson.is_none());
    }

    #[test]
    fn a_policy_is_edited_on_its_own_and_spliced_back_undoably() {
        let text = crate::examples::WELCOME.to_string();
        let at = text.find("NoTrailChangesWithoutMfa").unwrap();
        let s = apply(Store::new(text.clone()), vec![Action::Focus(at, at + 24)]);
        let part = s.part.clone().unwrap();
        assert_eq!(part.label, "Inline policy KeepTrail of role BreakGlass");
        let shown = parts::display(&s.text, &part).replace("cloudtrail:StopLogging", "cloudtrail:DeleteTrail");
        let s = apply(s, vec![Action::EditPart(shown, Keys::at(0.0))]);
        assert_eq!(
            &*s.text,
            text.replacen("cloudtrail:StopLogging", "cloudtrail:DeleteTrail", 1),
            "spliced at its place"
        );
        let p = s.part.clone().unwrap();
        assert_eq!(&s.text[p.start..p.end], &text[part.start..part.end].replace("StopLogging", "DeleteTrail"));
        let s = apply(s, vec![Action::Undo]);
        assert_eq!(&*s.text, text);
        assert_eq!(s.part.map(|p| p.label), Some(part.label.clone()), "the part stays open across an undo");
        // A jump outside the part shows the whole text.
        let s = apply(Store::new(text.clone()), vec![Action::Focus(at, at + 24), Action::Jump(0, 1)]);
        assert_eq!(s.part, None);
        let s = apply(Store::new(text), vec![Action::Focus(0, 1)]);
        assert_eq!(s.part, None, "the scenario's own fields are edited in Source");
    }

    #[test]
    fn a_managed_policy_opens_at_a_statement_and_closes() {
        let view = ManagedView { arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(), statement: Some(2) };
        let s = apply(Store::new("x".into()), vec![Action::ShowManaged(Some(view.clone()))]);
        assert_eq!(s.managed_view, Some(view));
        assert_eq!(apply(s, vec![Action::ShowManaged(None)]).managed_view, None);
    }

    #[test]
    fn jump_switches_to_the_editor_and_editing_clears_it() {
        let s = apply(Store::new("abc".into()), vec![Action::SetTab(MobileTab::Steps), Action::Jump(1, 2)]);
        assert_eq!((s.jump, s.tab), (Some((1, 2)), MobileTab::Edit));
        let s = apply(s, vec![Action::SetText("abcd".into())]);
        assert_eq!(s.jump, None);
    }
}
