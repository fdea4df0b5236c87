//! The textarea's side of the window of lines (`super::window`): what the
//! textarea holds, putting a window in it with the selection and the scroll
//! kept, and moving the window when the view, a key or a paste needs it.

use super::window::{line_count, Window, LINE_PX};
use crate::state::text::Text;
use iam_core::LineIndex;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What the textarea holds: `window` of `text`.
pub(super) struct Shown {
    pub(super) text: Text,
    pub(super) window: Window,
}

/// The editor's state between events.
#[derive(Default)]
pub(super) struct Held {
    pub(super) shown: Option<Shown>,
    /// A selection (bytes of the text) that the window moved away from, put
    /// back before the next key.
    pub(super) detached: Option<(usize, usize)>,
    /// Ctrl+A selected the whole text, not only the lines laid out.
    pub(super) all: bool,
    /// The coming input replaces the whole text (typing or pasting over Ctrl+A).
    pub(super) replace_all: bool,
    /// A mouse button is down: the window stays, so that a drag selects.
    pub(super) pressed: bool,
    /// The last jump shown, so that a jump moves the window once.
    pub(super) jumped: Option<(usize, usize)>,
    /// The lines visible when the box last scrolled ([`viewport`]): a render
    /// after a keystroke colours them without reading the box's scroll,
    /// which would make the browser lay the edited text out an extra time.
    pub(super) seen: Option<(usize, usize)>,
}

/// The elements the window is placed with.
#[derive(Clone, Default)]
pub(super) struct Refs {
    pub(super) area: NodeRef,
    pub(super) scroller: NodeRef,
    pub(super) sizer: NodeRef,
    pub(super) gutter: NodeRef,
    pub(super) code: NodeRef,
    pub(super) overlay: NodeRef,
}

/// The lines visible in the scroller: the first, and how many.
pub(super) fn viewport(scroller: &NodeRef) -> (usize, usize) {
    scroller.cast::<HtmlElement>().map_or((0, 60), |el| {
        let first = (f64::from(el.scroll_top()) / LINE_PX).floor().max(0.0);
        let visible = (f64::from(el.client_height()) / LINE_PX).ceil().max(1.0) + 1.0;
        (first as usize, visible as usize)
    })
}

/// The textarea's selection, in bytes of the whole text.
pub(super) fn selection_of(area: &HtmlTextAreaElement, shown: &Shown) -> Option<(usize, usize)> {
    let (from, to) = (area.selection_start().ok()??, area.selection_end().ok()??);
    let index = LineIndex::new(shown.window.text(&shown.text));
    let byte = |u: u32| shown.window.start + index.byte_offset_of_utf16(usize::try_from(u).unwrap_or(0));
    Some((byte(from), byte(to)))
}

/// Selects bytes `from..to` of the whole text, which the window holds.
pub(super) fn select(area: &HtmlTextAreaElement, shown: &Shown, from: usize, to: usize) {
    let w = shown.window;
    let local = |b: usize| b.saturating_sub(w.start);
    let (a, b) = crate::analysis::utf16_range(w.text(&shown.text), local(from), local(to));
    let _ = area.set_selection_range(a, b);
}

/// Whether Ctrl+A selected the whole text and the selection still covers
/// all that is laid out of a text that is laid out in part.
pub(super) fn whole_selected(area: &HtmlTextAreaElement, held: &Held) -> bool {
    let Some(s) = held.shown.as_ref().filter(|s| held.all && (s.window.start > 0 || s.window.end < s.text.len()))
    else {
        return false;
    };
    selection_of(area, s) == Some((s.window.start, s.window.end))
}

/// Sets the heights and widths that put the window's lines at their place
/// in a box as tall as the whole text.
pub(super) fn place(refs: &Refs, shown: &str, w: Window) {
    let cols = shown.split('\n').map(|l| l.chars().count()).max().unwrap_or(0);
    let set = |node: &NodeRef, name: &str, value: String| {
        if let Some(el) = node.cast::<HtmlElement>() {
            let _ = el.style().set_property(name, &value);
        }
    };
    let px = |lines: usize| format!("{}px", px_of(lines));
    set(&refs.sizer, "height", format!("calc({} + 1.2rem)", px(w.total)));
    set(&refs.gutter, "margin-top", px(w.first));
    set(&refs.code, "margin-top", px(w.first));
    set(&refs.code, "min-height", format!("calc({} + 1.2rem)", px(w.lines)));
    set(&refs.code, "min-width", format!("calc({}ch + 1.5rem)", cols + 2));
}

/// Puts `window` of `text` in the textarea. Where the text stays the same
/// (the window moved) the selection and the scroll stay too.
pub(super) fn show(refs: &Refs, held: &mut Held, text: &Text, window: Window) {
    let Some(area) = refs.area.cast::<HtmlTextAreaElement>() else { return };
    let scroller = refs.scroller.cast::<HtmlElement>();
    let focused = gloo::utils::document().active_element().is_some_and(|e| e == *area.as_ref());
    let selection = match held.shown.as_ref().filter(|s| s.text == *text) {
        Some(s) if focused => detached(&mut held.detached, &area).or_else(|| selection_of(&area, s)),
        _ => {
            held.detached = None;
            None
        }
    };
    let scroll = scroller.as_ref().map(|s| (s.scroll_top(), s.scroll_left()));
    let shown = Shown { text: text.clone(), window };
    area.set_value(window.text(text));
    place(refs, window.text(text), window);
    if let Some((from, to)) = selection {
        if window.contains(from, to) {
            select(&area, &shown, from, to);
        } else {
            held.detached = Some((from, to));
            let _ = area.set_selection_range(0, 0);
        }
    }
    (held.all, held.replace_all) = (false, false);
    held.shown = Some(shown);
    if let (Some(s), Some((top, left))) = (scroller, scroll) {
        s.set_scroll_top(top);
        s.set_scroll_left(left);
    }
}

/// The selection the window moved away from, taken, while the textarea's
/// own selection is still the place-holder put there; a selection made
/// since (by a script, or a touch) wins.
pub(super) fn detached(held: &mut Option<(usize, usize)>, area: &HtmlTextAreaElement) -> Option<(usize, usize)> {
    let untouched = (area.selection_start(), area.selection_end()) == (Ok(Some(0)), Ok(Some(0)));
    held.take().filter(|_| untouched)
}

/// Moves the window to what is visible, unless it holds it already or a
/// drag is selecting. Returns whether it moved.
pub(super) fn follow_scroll(refs: &Refs, held: &mut Held) -> bool {
    let Some(s) = held.shown.as_ref().filter(|_| !held.pressed) else { return false };
    let (first, visible) = viewport(&refs.scroller);
    let mut window = Window::around(&s.text, s.window.total, first, visible);
    // A selection stays laid out whole, however far it reaches.
    if let Some((from, to)) = refs.area.cast::<HtmlTextAreaElement>().and_then(|a| selection_of(&a, s)) {
        if from < to && !window.contains(from, to) {
            window = Window::spanning(&s.text, s.window.total, window, from..to);
        }
    }
    // The window stays while it holds what is visible, unless it is far
    // larger than needed (it held a selection that has gone).
    if s.window.holds(first, visible) && s.window.lines <= window.lines * 2 {
        return false;
    }
    let text = s.text.clone();
    show(refs, held, &text, window);
    true
}

/// Ctrl+Home and Ctrl+End (with Shift, selecting) go to the ends of the
/// whole text: the window reaches that end first, the key then acts.
pub(super) fn reach_end(refs: &Refs, held: &mut Held, e: &KeyboardEvent) -> bool {
    let home = match e.key().as_str() {
        "Home" => true,
        "End" => false,
        _ => return false,
    };
    let Some(s) = held.shown.as_ref().filter(|_| e.ctrl_key() || e.meta_key()) else { return false };
    let w = s.window;
    if (home && w.first == 0) || (!home && w.first + w.lines >= w.total) {
        return false;
    }
    let (_, visible) = viewport(&refs.scroller);
    let end = if home { 0 } else { s.text.len() };
    let anchor =
        refs.area.cast::<HtmlTextAreaElement>().and_then(|a| selection_of(&a, s)).map_or(
            end,
            |(a, b)| {
                if home {
                    b
                } else {
                    a
                }
            },
        );
    let window = if e.shift_key() {
        Window::covering(&s.text, w.total, anchor.min(end)..anchor.max(end), visible)
    } else {
        Window::covering(&s.text, w.total, end..end, visible)
    };
    let text = s.text.clone();
    show(refs, held, &text, window);
    // The key moves the caret: no selection waits to come back.
    held.detached = None;
    true
}

/// Before a key acts on a selection the window moved away from: the window
/// goes back to it, and the key acts there.
pub(super) fn bring_back(refs: &Refs, held: &mut Held) -> bool {
    let Some(area) = refs.area.cast::<HtmlTextAreaElement>() else { return false };
    let (Some((from, to)), Some(s)) = (detached(&mut held.detached, &area), held.shown.as_ref()) else { return false };
    held.detached = Some((from, to));
    let (_, visible) = viewport(&refs.scroller);
    let window = Window::covering(&s.text, s.window.total, from..to, visible);
    let text = s.text.clone();
    show(refs, held, &text, window);
    reveal(refs, &text, window, from, visible);
    true
}

/// Lays out only the lines around the selection, and scrolls to it.
pub(super) fn fit_to_caret(refs: &Refs, held: &mut Held, area: &HtmlTextAreaElement) {
    let Some((s, (from, to))) = held.shown.as_ref().and_then(|s| Some((s, selection_of(area, s)?))) else { return };
    let (_, visible) = viewport(&refs.scroller);
    let window = Window::covering(&s.text, s.window.total, from..to, visible);
    held.detached = Some((from, to));
    let text = s.text.clone();
    show(refs, held, &text, window);
    reveal(refs, &text, window, from, visible);
}

/// Scrolls the line holding byte `at` (in `window` of `text`) to the middle
/// of the box, unless it is visible.
pub(super) fn reveal(refs: &Refs, text: &str, window: Window, at: usize, visible: usize) {
    let head = window.text(text).get(..at.saturating_sub(window.start)).unwrap_or("");
    let line = window.first + line_count(head) - 1;
    let (first, _) = viewport(&refs.scroller);
    if let Some(el) = refs.scroller.cast::<HtmlElement>().filter(|_| line < first || line + 1 >= first + visible) {
        el.set_scroll_top(px_of(line.saturating_sub(visible / 2)));
    }
}

/// The height of `lines` lines, in whole px.
pub(super) fn px_of(lines: usize) -> i32 {
    i32::try_from(lines.saturating_mul(LINE_PX as usize)).unwrap_or(i32::MAX)
}
