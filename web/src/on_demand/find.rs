//! Find in the scenario (Ctrl+F in the editor). A long text is laid out a
//! window of lines at a time, so the browser's own find sees only those
//! lines; this bar searches the whole text and moves the editor to each
//! place found, which the editor then selects.

use super::Command;
use std::rc::Rc;
use yew::prelude::*;

/// The places found (byte ranges), and whether there are more than counted.
type Places = Rc<(Vec<(usize, usize)>, bool)>;

/// The most places counted: past it the bar says "more than".
pub const MAX_FOUND: usize = 10_000;

/// Where `needle` occurs in `text` (byte ranges, not overlapping, in order),
/// with ASCII letters compared without case unless `case`; at most
/// [`MAX_FOUND`], and whether there are more.
pub fn occurrences(text: &str, needle: &str, case: bool) -> (Vec<(usize, usize)>, bool) {
    if needle.is_empty() {
        return (Vec::new(), false);
    }
    // ASCII case folding keeps every byte where it is, so the ranges found
    // in the folded text are ranges of the text.
    let (hay, needle) = if case {
        (text.to_string(), needle.to_string())
    } else {
        (text.to_ascii_lowercase(), needle.to_ascii_lowercase())
    };
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = hay.get(from..).and_then(|rest| rest.find(&needle)) {
        if found.len() == MAX_FOUND {
            return (found, true);
        }
        let start = from + at;
        found.push((start, start + needle.len()));
        from = start + needle.len();
    }
    (found, false)
}

/// The place to go to after `current` (or before it, `back`), going round.
pub fn step(current: Option<usize>, count: usize, back: bool) -> Option<usize> {
    match (current, count) {
        (_, 0) => None,
        (None, _) => Some(if back { count - 1 } else { 0 }),
        (Some(i), _) if back => Some(if i == 0 { count - 1 } else { i - 1 }),
        (Some(i), _) => Some(if i + 1 >= count { 0 } else { i + 1 }),
    }
}

/// "3 of 120", "no match", or nothing before anything is typed.
pub fn counted(current: Option<usize>, count: usize, more: bool, typed: bool) -> String {
    match (current, count) {
        _ if !typed => String::new(),
        (_, 0) => "no match".into(),
        (Some(i), _) if more => format!("{} of more than {count}", i + 1),
        (Some(i), _) => format!("{} of {count}", i + 1),
        (None, _) if more => format!("more than {count}"),
        (None, _) => format!("{count} found"),
    }
}

/// The page's clock, in ms.
fn now() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// The editor's selection, when it is short and on one line: what to look
/// for first, as in any editor's find.
fn selected_in_editor() -> Option<String> {
    use wasm_bindgen::JsCast;
    let area = gloo::utils::document()
        .get_element_by_id("scenario-editor")?
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .ok()?;
    let (from, to) = (area.selection_start().ok()??, area.selection_end().ok()??);
    let units: Vec<u16> = area.value().encode_utf16().collect();
    let picked = String::from_utf16(units.get(usize::try_from(from).ok()?..usize::try_from(to).ok()?)?).ok()?;
    (!picked.is_empty() && picked.len() <= 200 && !picked.contains('\n')).then_some(picked)
}

#[derive(Properties, PartialEq)]
pub struct FindProps {
    /// The scenario's whole text.
    pub text: Rc<str>,
    /// What to look for first; the editor's selection when empty.
    pub query: String,
    pub on_command: Callback<Command>,
}

#[function_component(FindBar)]
pub fn find_bar(props: &FindProps) -> Html {
    let open = use_state(|| true);
    let query =
        use_state(
            || if props.query.is_empty() { selected_in_editor().unwrap_or_default() } else { props.query.clone() },
        );
    let case = use_state(|| false);
    let current = use_state(|| None::<usize>);
    let input = use_node_ref();
    let found = {
        let (text, query, case) = (props.text.clone(), (*query).clone(), *case);
        use_memo((text, query, case), |(text, query, case)| occurrences(text, query, *case))
    };
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                let _ = i.focus();
                i.select();
            }
        });
    }
    // When the last place was sent to the editor (ms of the page's clock).
    let sent = use_mut_ref(|| None::<f64>);
    // The editor takes the focus to select a place it is sent; the focus
    // comes back to the box before anything else runs, so that no key typed
    // meanwhile reaches the editor.
    {
        let (input, sent) = (input.clone(), sent.clone());
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(&gloo::utils::document(), "focusin", move |e| {
                let to_editor = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                    .is_some_and(|t| t.id() == "scenario-editor");
                let just_sent = sent.borrow_mut().take().is_some_and(|at| now() - at < 500.0);
                if to_editor && just_sent {
                    // As a microtask: before any key typed, and not inside
                    // this listener (a focus change calls it again).
                    let input = input.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Some(i) = input.cast::<web_sys::HtmlElement>() {
                            let _ = i.focus();
                        }
                    });
                }
            });
            move || drop(listener)
        });
    }
    // Goes to place `i` of `places`: the editor shows and selects it.
    let go = {
        let (current, on_command, text, sent) =
            (current.clone(), props.on_command.clone(), props.text.clone(), sent.clone());
        Callback::from(move |(places, i): (Places, Option<usize>)| {
            current.set(i);
            let Some(&(start, end)) = i.and_then(|i| places.0.get(i)) else { return };
            let found = text.get(start..end).unwrap_or("").to_string();
            *sent.borrow_mut() = Some(now());
            on_command.emit(Command::Jump { start, end, found });
        })
    };
    // Typing a new text shows its first place once the places are found
    // (once: by the memo above, not again by the input's handler).
    let typed = use_mut_ref(|| false);
    {
        let (typed, go, found) = (typed.clone(), go.clone(), found.clone());
        use_effect_with(((*query).clone(), *case), move |_| {
            if std::mem::take(&mut *typed.borrow_mut()) {
                let first = found.0.first().map(|_| 0);
                go.emit((found, first));
            }
        });
    }
    let close = {
        let (open, sent) = (open.clone(), sent.clone());
        Callback::from(move |()| {
            open.set(false);
            // The editor takes the focus for good now.
            *sent.borrow_mut() = None;
            // Back to the editor, where the place found is selected.
            if let Some(editor) = gloo::utils::document()
                .get_element_by_id("scenario-editor")
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = editor.focus();
            }
        })
    };
    if !*open {
        return html! {};
    }
    let count = found.0.len();
    let oninput = {
        let (query, typed) = (query.clone(), typed.clone());
        Callback::from(move |e: InputEvent| {
            let Some(value) = e.target_dyn_into::<web_sys::HtmlInputElement>().map(|i| i.value()) else { return };
            *typed.borrow_mut() = true;
            query.set(value);
        })
    };
    let onkeydown = {
        let (go, found, current) = (go.clone(), found.clone(), *current);
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                go.emit((found.clone(), step(current, count, e.shift_key())));
            }
        })
    };
    // Esc closes from anywhere in the bar.
    let on_bar_key = {
        let close = close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                close.emit(());
            }
        })
    };
    let toggle_case = {
        let (case, current) = (case.clone(), current.clone());
        Callback::from(move |_: Event| {
            case.set(!*case);
            current.set(None);
        })
    };
    let button = |back: bool| {
        let (found, current) = (found.clone(), *current);
        go.reform(move |_: MouseEvent| (found.clone(), step(current, count, back)))
    };
    let (next, previous) = (button(false), button(true));
    html! {
        <div class="find-bar" role="search" aria-label="Find in the scenario" onkeydown={on_bar_key}>
            <input ref={input} type="search" id="find-query" aria-label="Find in the scenario"
                placeholder="Find in the scenario" value={(*query).clone()} {oninput} {onkeydown} />
            <span class="find-count muted" aria-live="polite">{ counted(*current, count, found.1, !query.is_empty()) }</span>
            <label class="find-case"><input type="checkbox" checked={*case} onchange={toggle_case} />{"Match case"}</label>
            <button class="button" onclick={previous} disabled={count == 0} title="Shift+Enter">{"Previous"}</button>
            <button class="button" onclick={next} disabled={count == 0} title="Enter">{"Next"}</button>
            <button class="button" onclick={close.reform(|_: MouseEvent| ())} title="Esc">{"Close"}</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_found_in_the_whole_text_with_or_without_case() {
        let text = "\"Action\": \"s3:GetObject\", \"action\": \"ACTION\", é action";
        let (found, more) = occurrences(text, "action", false);
        assert!(!more);
        let words: Vec<&str> = found.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(words, ["Action", "action", "ACTION", "action"], "byte ranges of the text itself, after an é too");
        assert_eq!(occurrences(text, "Action", true).0.len(), 1);
        assert_eq!(occurrences(text, "", false), (Vec::new(), false));
        // Places do not overlap.
        assert_eq!(occurrences("aaaa", "aa", true).0, [(0, 2), (2, 4)]);
    }

    #[test]
    fn a_flood_of_places_is_counted_up_to_a_limit() {
        let text = "x".repeat(MAX_FOUND + 5);
        let (found, more) = occurrences(&text, "x", true);
        assert_eq!((found.len(), more), (MAX_FOUND, true));
        assert_eq!(counted(Some(2), found.len(), more, true), "3 of more than 10000");
    }

    #[test]
    fn next_and_previous_go_round_and_say_where() {
        assert_eq!(step(None, 3, false), Some(0));
        assert_eq!(step(None, 3, true), Some(2));
        assert_eq!(step(Some(2), 3, false), Some(0));
        assert_eq!(step(Some(0), 3, true), Some(2));
        assert_eq!(step(Some(1), 0, false), None);
        assert_eq!(counted(Some(0), 3, false, true), "1 of 3");
        assert_eq!(counted(None, 0, false, true), "no match");
        assert_eq!(counted(None, 0, false, false), "");
    }
}
