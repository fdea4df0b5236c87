//! The editor's AWS help, drawn: the completion list under the string being
//! typed, and what an action entry covers (on hover, and at the caret).
//! The data comes from the worker's catalogue ([`crate::worker::Question`]).

use crate::editor_context::{string_at, Place, StringAt};
use crate::worker::{Answer, Asker, Question};
use iam_core::catalogue::{Completion, Expansion};
use iam_core::LineIndex;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

/// How many actions a tip names before "and N more".
const NAMED: usize = 10;

/// "`s3:Get*` covers 47 actions: 6 list, 41 read." (levels in the
/// catalogue's order), or "`iam:PassRole` is a write action."
pub fn expansion_sentence(e: &Expansion) -> String {
    if let [(name, level)] = e.actions.as_slice() {
        return format!("`{name}` is a {} action.", level.describe());
    }
    let levels: Vec<String> = e.levels.iter().map(|(level, n)| format!("{n} {}", level.describe())).collect();
    format!("`{}` covers {} actions: {}.", e.entry, e.actions.len(), levels.join(", "))
}

/// The first actions of an expansion, and how many are left unnamed.
pub fn named_actions(e: &Expansion) -> (Vec<String>, usize) {
    let names = e.actions.iter().take(NAMED).map(|(name, _)| name.clone()).collect();
    (names, e.actions.len().saturating_sub(NAMED))
}

/// Places an absolutely positioned element through the CSSOM: the page's
/// Content-Security-Policy forbids inline `style` attributes.
#[hook]
fn use_place(top: f64, left: f64) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((top.to_bits(), left.to_bits()), move |_| {
            if let Some(el) = node.cast::<HtmlElement>() {
                let style = el.style();
                // Whole pixels: the float formatter would add kilobytes to the page.
                let _ = style.set_property("top", &format!("{}px", top.round() as i64));
                let _ = style.set_property("left", &format!("{}px", left.round() as i64));
            }
        });
    }
    node
}

#[derive(Properties, PartialEq)]
pub struct CompletionListProps {
    pub items: Vec<Completion>,
    pub selected: usize,
    /// Where the list goes, in px inside the code area.
    pub top: f64,
    pub left: f64,
    pub onpick: Callback<usize>,
}

/// The completions, as a listbox the keyboard drives from the editor
/// (arrows, Enter or Tab to insert, Esc to close).
#[function_component(CompletionList)]
pub fn completion_list(props: &CompletionListProps) -> Html {
    let list = use_place(props.top, props.left);
    html! {
        <ul class="completions" role="listbox" id="editor-completions" aria-label="Completions" ref={list}>
            { for props.items.iter().enumerate().map(|(i, item)| {
                let onpick = props.onpick.clone();
                // Mouse down, not click: the textarea keeps its focus and caret.
                let pick = Callback::from(move |e: MouseEvent| { e.prevent_default(); onpick.emit(i) });
                let selected = i == props.selected;
                html! {
                    <li role="option" id={format!("completion-{i}")} aria-selected={selected.to_string()}
                        class={classes!(selected.then_some("selected"))} onmousedown={pick}>
                        <code>{ &item.text }</code>
                        <span class="detail">{ &item.detail }</span>
                    </li>
                }
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct ExpansionTipProps {
    pub expansion: Expansion,
    pub top: f64,
    pub left: f64,
}

/// What the action entry under the mouse covers.
#[function_component(ExpansionTip)]
pub fn expansion_tip(props: &ExpansionTipProps) -> Html {
    let (names, more) = named_actions(&props.expansion);
    let tip = use_place(props.top, props.left);
    html! {
        <div class="expansion-tip" role="tooltip" ref={tip}>
            <p>{ expansion_sentence(&props.expansion) }</p>
            if props.expansion.actions.len() > 1 {
                <ul>
                    { for names.iter().map(|n| html! { <li><code>{ n }</code></li> }) }
                    if more > 0 { <li class="muted">{ format!("and {more} more") }</li> }
                </ul>
            }
        </div>
    }
}

/// The list of completions being offered.
#[derive(Debug, Clone, PartialEq)]
pub struct Popup {
    pub at: StringAt,
    pub items: Vec<Completion>,
    pub selected: usize,
    pub top: f64,
    pub left: f64,
}

/// The expansion shown for the action entry under the mouse.
#[derive(Debug, Clone, PartialEq)]
pub struct Tip {
    pub expansion: Expansion,
    pub top: f64,
    pub left: f64,
}

/// The geometry of the editor's text: padding, line height and character
/// width (the text is monospaced and never wraps).
struct Geometry {
    top: f64,
    left: f64,
    line: f64,
    char: f64,
    scroll_top: f64,
    scroll_left: f64,
}

fn geometry(area: &HtmlTextAreaElement, measure: &NodeRef) -> Option<Geometry> {
    let style = gloo::utils::window().get_computed_style(area).ok().flatten()?;
    let px =
        |name: &str| style.get_property_value(name).ok().and_then(|v| v.trim_end_matches("px").parse::<f64>().ok());
    let sample = measure.cast::<Element>()?;
    let char = sample.get_bounding_client_rect().width() / f64::from(MEASURE_CHARS);
    Some(Geometry {
        top: px("padding-top")?,
        left: px("padding-left")?,
        line: px("line-height")?,
        char: if char > 0.0 { char } else { 8.0 },
        scroll_top: f64::from(area.scroll_top()),
        scroll_left: f64::from(area.scroll_left()),
    })
}

/// The completion list's least width in px (`.completions` in the style sheet).
const LIST_WIDTH: f64 = 256.0;

/// The expansion tip's width in px (`.expansion-tip` in the style sheet).
const TIP_WIDTH: f64 = 352.0;

/// How many characters the measuring sample holds.
pub const MEASURE_CHARS: u16 = 20;

/// The byte offset of the caret in the textarea's value.
fn caret_byte(area: &HtmlTextAreaElement, value: &str) -> usize {
    let at = area.selection_start().ok().flatten().unwrap_or(0);
    LineIndex::new(value).byte_offset_of_utf16(usize::try_from(at).unwrap_or(0))
}

/// The byte at zero-based `line` and character `column` of `text`, if there is one.
pub fn byte_at(text: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = text.split('\n').take(line).map(|l| l.len() + 1).sum();
    let content = text.get(start..)?.split('\n').next()?;
    content.char_indices().nth(column).map(|(i, _)| start + i)
}

/// The latest question of each kind: an answer to an older one is dropped.
#[derive(Debug, Default)]
struct Asked {
    list: u32,
    tip: u32,
    caret: u32,
    /// The entry the mouse last asked about, so that moving over it asks once.
    hovered: Option<String>,
}

/// Bumps a question counter and returns the new ticket.
fn next(counter: &mut u32) -> u32 {
    *counter = counter.wrapping_add(1);
    *counter
}

/// The editor's AWS help: what it shows, and the handlers that drive it.
#[derive(Clone)]
pub struct AwsHelp {
    pub popup: UseStateHandle<Option<Popup>>,
    pub tip: UseStateHandle<Option<Tip>>,
    /// What the action entry at the caret covers, for the status line.
    pub at_caret: UseStateHandle<Option<String>>,
    asker: Option<Asker>,
    asked: Rc<RefCell<Asked>>,
    area: NodeRef,
    measure: NodeRef,
}

#[hook]
pub fn use_aws_help(area: NodeRef, measure: NodeRef) -> AwsHelp {
    AwsHelp {
        popup: use_state(|| None),
        tip: use_state(|| None),
        at_caret: use_state(|| None),
        asker: use_context::<Asker>(),
        asked: use_mut_ref(Asked::default),
        area,
        measure,
    }
}

impl AwsHelp {
    /// Puts a question to the worker; when none is ready the help shows nothing.
    fn ask(&self, question: Question, reply: Callback<Answer>) {
        if let Some(asker) = &self.asker {
            asker.ask(question, reply);
        }
    }

    /// Where the list for a string starting at byte `start` goes: under
    /// the string's first character, as the text is scrolled now.
    fn place(area: &NodeRef, measure: &NodeRef, start: usize) -> Option<(f64, f64)> {
        let area = area.cast::<HtmlTextAreaElement>()?;
        let g = geometry(&area, measure)?;
        let position = LineIndex::new(&area.value()).line_col(start);
        let top = g.top + position.line as f64 * g.line - g.scroll_top;
        let left = g.left + position.column.saturating_sub(1) as f64 * g.char - g.scroll_left;
        // Kept inside the editor, which clips what overflows it.
        let room = f64::from(area.client_width()) - LIST_WIDTH;
        Some((top, left.min(room).max(0.0)))
    }

    /// Offers completions for the string at the caret (after typing, or on
    /// Ctrl+Space when `forced`); closes the list elsewhere.
    pub fn suggest(&self, area: &HtmlTextAreaElement, forced: bool) {
        let value = area.value();
        let Some(at) = string_at(&value, caret_byte(area, &value)).filter(|s| forced || !s.typed.is_empty()) else {
            self.close();
            return;
        };
        let ticket = next(&mut self.asked.borrow_mut().list);
        let (popup, asked, area, measure) =
            (self.popup.clone(), self.asked.clone(), self.area.clone(), self.measure.clone());
        let question = Question::Complete { place: at.place, typed: at.typed.clone() };
        self.ask(
            question,
            Callback::from(move |answer: Answer| {
                let Answer::Completions(items) = answer else { return };
                // Nothing to offer, or only what is already there.
                let done = items.is_empty() || (items.len() == 1 && items.iter().any(|i| i.text == at.content));
                if asked.borrow().list != ticket || (done && !forced) {
                    return;
                }
                // Placed now, when the caret has scrolled into view.
                let (top, left) = Self::place(&area, &measure, at.start).unwrap_or((0.0, 0.0));
                let at = at.clone();
                popup.set((!items.is_empty()).then_some(Popup { at, items, selected: 0, top, left }));
            }),
        );
    }

    /// Keeps the open list under its string when the text scrolls; the tip goes.
    pub fn scrolled(&self) {
        self.leave();
        let Some(popup) = (*self.popup).clone() else { return };
        if let Some((top, left)) = Self::place(&self.area, &self.measure, popup.at.start) {
            self.popup.set(Some(Popup { top, left, ..popup }));
        }
    }

    /// Keys for the open list: arrows move, Enter or Tab inserts, Esc closes.
    /// Returns whether the key was used.
    pub fn on_key(&self, e: &KeyboardEvent, area: &HtmlTextAreaElement) -> bool {
        if e.key() == " " && e.ctrl_key() {
            e.prevent_default();
            self.suggest(area, true);
            return true;
        }
        let Some(popup) = (*self.popup).clone() else { return false };
        let count = popup.items.len();
        let moved = |selected: usize| Some(Popup { selected, ..popup.clone() });
        match e.key().as_str() {
            "ArrowDown" => self.popup.set(moved((popup.selected + 1) % count.max(1))),
            "ArrowUp" => self.popup.set(moved((popup.selected + count.max(1) - 1) % count.max(1))),
            "Enter" | "Tab" => self.pick(area, popup.selected),
            "Escape" => self.popup.set(None),
            _ => return false,
        }
        e.prevent_default();
        true
    }

    /// Replaces the string's content with completion `index` (undoable).
    pub fn pick(&self, area: &HtmlTextAreaElement, index: usize) {
        let Some(popup) = (*self.popup).clone() else { return };
        self.popup.set(None);
        let Some(item) = popup.items.get(index) else { return };
        let value = area.value();
        let (from, to) = crate::analysis::utf16_range(&value, popup.at.start, popup.at.end);
        let _ = area.set_selection_range(from, to);
        super::editor::insert_text(&item.text);
    }

    /// Shows what the action entry under the mouse covers.
    pub fn hover(&self, e: &MouseEvent, area: &HtmlTextAreaElement) {
        let Some(g) = geometry(area, &self.measure) else { return };
        let (x, y) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
        let line = ((y - g.top + g.scroll_top) / g.line).floor();
        let column = ((x - g.left + g.scroll_left) / g.char).floor();
        let value = area.value();
        let entry = (line >= 0.0 && column >= 0.0)
            .then(|| byte_at(&value, line as usize, column as usize))
            .flatten()
            .and_then(|byte| string_at(&value, byte))
            .filter(|s| s.place == Place::Action);
        let Some(entry) = entry else {
            self.leave();
            return;
        };
        let ticket = {
            let mut asked = self.asked.borrow_mut();
            if asked.hovered.as_ref() == Some(&entry.content) {
                return;
            }
            asked.hovered = Some(entry.content.clone());
            next(&mut asked.tip)
        };
        let room = f64::from(area.client_width()) - TIP_WIDTH;
        let (top, left) = (y + g.line, x.min(room).max(0.0));
        let (tip, asked) = (self.tip.clone(), self.asked.clone());
        self.ask(
            Question::Expand { entry: entry.content },
            Callback::from(move |answer: Answer| {
                if asked.borrow().tip == ticket {
                    if let Answer::Expansion(found) = answer {
                        tip.set(found.map(|expansion| Tip { expansion, top, left }));
                    }
                }
            }),
        );
    }

    /// Closes the list (without a render when it is closed: every render
    /// of the editor draws the whole text again).
    pub fn close(&self) {
        if self.popup.is_some() {
            self.popup.set(None);
        }
    }

    /// Hides the tip (without a render when there is none); the next move
    /// over an entry asks again.
    pub fn leave(&self) {
        self.asked.borrow_mut().hovered = None;
        if self.tip.is_some() {
            self.tip.set(None);
        }
    }

    /// After the caret moves: what the action entry at it covers, said in the status line.
    pub fn caret_moved(&self, area: &HtmlTextAreaElement) {
        let value = area.value();
        let Some(entry) = string_at(&value, caret_byte(area, &value)).filter(|s| s.place == Place::Action) else {
            if self.at_caret.is_some() {
                self.at_caret.set(None);
            }
            return;
        };
        let ticket = next(&mut self.asked.borrow_mut().caret);
        let (at_caret, asked) = (self.at_caret.clone(), self.asked.clone());
        self.ask(
            Question::Expand { entry: entry.content },
            Callback::from(move |answer: Answer| {
                if asked.borrow().caret != ticket {
                    return;
                }
                if let Answer::Expansion(found) = answer {
                    let sentence = found.as_ref().map(expansion_sentence);
                    if *at_caret != sentence {
                        at_caret.set(sentence);
                    }
                }
            }),
        );
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use iam_core::catalogue::AccessLevel;

    #[test]
    fn a_line_and_column_name_a_byte() {
        let text = "ab\nç d\n\nlast";
        assert_eq!(byte_at(text, 0, 1), Some(1));
        assert_eq!(byte_at(text, 1, 2), Some(6), "ç is two bytes");
        assert_eq!(byte_at(text, 1, 9), None, "past the end of the line");
        assert_eq!(byte_at(text, 2, 0), None, "an empty line has no character");
        assert_eq!(byte_at(text, 3, 3), Some(12));
        assert_eq!(byte_at(text, 9, 0), None);
    }

    #[test]
    fn sentences_count_by_level_and_name_a_single_action() {
        let e = Expansion {
            entry: "s3:Get*".into(),
            actions: (0..15)
                .map(|i| (format!("s3:Get{i}"), if i < 3 { AccessLevel::List } else { AccessLevel::Read }))
                .collect(),
            levels: vec![(AccessLevel::List, 3), (AccessLevel::Read, 12)],
        };
        assert_eq!(expansion_sentence(&e), "`s3:Get*` covers 15 actions: 3 list, 12 read.");
        let (names, more) = named_actions(&e);
        assert_eq!((names.len(), more, names[0].as_str()), (10, 5, "s3:Get0"));
        let one = Expansion {
            entry: "iam:passrole".into(),
            actions: vec![("iam:PassRole".into(), AccessLevel::Write)],
            levels: vec![(AccessLevel::Write, 1)],
        };
        assert_eq!(expansion_sentence(&one), "`iam:PassRole` is a write action.");
    }
}
