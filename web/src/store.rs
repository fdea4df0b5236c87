//! The one store of the app. It is changed only through [`Action`]s and tested
//! natively. Evaluation results are derived from `text`, never stored here.

use crate::embed::EmbedOptions;
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
    /// A suggested edit was applied; `before` is the text to go back to.
    Applied {
        what: String,
        before: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    /// The scenario JSON being edited.
    pub text: String,
    pub selected_step: usize,
    pub panel: Panel,
    pub tab: MobileTab,
    /// A byte range of `text` to select and scroll to in the editor.
    pub jump: Option<(usize, usize)>,
    pub notice: Option<Notice>,
    pub gallery_open: bool,
    pub embed_dialog_open: bool,
    /// Set when the page runs embedded (`#embed&…`).
    pub embed: Option<EmbedOptions>,
    /// The AWS managed policy shown read-only, if any.
    pub managed_view: Option<ManagedView>,
}

/// An AWS managed policy to show, and the statement to bring into view
/// (its position in the policy, from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedView {
    pub arn: String,
    pub statement: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SetText(String),
    /// Open a scenario text (an example, an imported account), replacing the
    /// current one.
    Open(String),
    SelectStep(usize),
    SelectPanel(Panel),
    SetTab(MobileTab),
    Jump(usize, usize),
    Notify(Option<Notice>),
    /// Resolves a link conflict: `true` opens the link, `false` keeps the current work.
    ResolveLink(bool),
    ToggleGallery(bool),
    ToggleEmbedDialog(bool),
    /// Shows an AWS managed policy (`None` closes it).
    ShowManaged(Option<ManagedView>),
}

impl Store {
    pub fn new(text: String) -> Self {
        Store {
            text,
            selected_step: 0,
            panel: Panel::Layers,
            tab: MobileTab::Edit,
            jump: None,
            notice: None,
            gallery_open: false,
            embed_dialog_open: false,
            embed: None,
            managed_view: None,
        }
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
        let mut next = (*self).clone();
        match action {
            Action::SetText(text) => {
                next.text = text;
                next.jump = None;
                // An edit after a suggestion was applied: undoing it would
                // now lose that edit too, so the offer goes.
                if matches!(next.notice, Some(Notice::Applied { .. })) {
                    next.notice = None;
                }
            }
            Action::Open(text) => {
                next = Store { notice: None, embed: self.embed, ..Store::new(text) };
            }
            Action::SelectStep(i) => {
                next.selected_step = i;
                next.tab = MobileTab::Explain;
            }
            Action::SelectPanel(panel) => next.panel = panel,
            Action::SetTab(tab) => next.tab = tab,
            Action::Jump(start, end) => {
                next.jump = Some((start, end));
                next.tab = MobileTab::Edit;
            }
            Action::Notify(notice) => next.notice = notice,
            Action::ResolveLink(open) => {
                if let (true, Some(Notice::LinkConflict { link_text, step, panel })) = (open, &self.notice) {
                    next = Store { embed: self.embed, ..Store::new(link_text.clone()) };
                    next.select(*step, *panel);
                }
                next.notice = None;
            }
            Action::ToggleGallery(open) => next.gallery_open = open,
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
    fn an_edit_after_an_applied_suggestion_withdraws_its_undo() {
        let applied = Notice::Applied { what: "w".into(), before: "old".into() };
        let s = apply(Store::new("new".into()), vec![Action::Notify(Some(applied.clone()))]);
        assert_eq!(s.notice, Some(applied));
        let s = apply(s, vec![Action::SetText("newer".into())]);
        assert_eq!(s.notice, None);
        let info = Notice::Info("kept".into());
        let s = apply(s, vec![Action::Notify(Some(info.clone())), Action::SetText("x".into())]);
        assert_eq!(s.notice, Some(info), "other notices stay");
    }

    #[test]
    fn welcome_opens_the_first_example() {
        assert!(Store::welcome().text.contains("\"version\": 1"));
    }

    #[test]
    fn load_example_replaces_text_and_resets_selection() {
        let text = EXAMPLES[1].text().to_string();
        let s = apply(Store::new("x".into()), vec![Action::SelectStep(3), Action::Open(text.clone())]);
        assert_eq!(s.text, text);
        assert_eq!(s.selected_step, 0);
    }

    #[test]
    fn link_conflict_keep_mine_keeps_text() {
        let conflict = Action::Notify(Some(Notice::LinkConflict {
            link_text: "theirs".into(),
            step: Some(2),
            panel: Some(Panel::Chain),
        }));
        let s = apply(Store::new("mine".into()), vec![conflict.clone(), Action::ResolveLink(false)]);
        assert_eq!((s.text.as_str(), s.notice, s.selected_step), ("mine", None, 0));
        let s = apply(Store::new("mine".into()), vec![conflict, Action::ResolveLink(true)]);
        assert_eq!((s.text.as_str(), s.notice), ("theirs", None));
        assert_eq!((s.selected_step, s.panel, s.tab), (2, Panel::Chain, MobileTab::Explain), "the link's selection");
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
