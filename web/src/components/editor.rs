//! The code editor: a textarea over a highlighted copy of its text. Editing
//! goes through the browser's own text insertion, so native undo keeps working.

use super::app::use_store;
use super::aws_help::{use_aws_help, CompletionList, ExpansionTip, MEASURE_CHARS};
use crate::analysis::DiagnosticView;
use crate::highlight::{segments, COLOUR_LIMIT};
use crate::store::Action;
use iam_core::{document as json, DocId, LineIndex};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: String,
    /// The first diagnostics (see `analysis::MAX_SENT`).
    pub diagnostics: Rc<Vec<DiagnosticView>>,
    /// All diagnostics, and all errors, including those not sent.
    pub problems: usize,
    pub errors: usize,
    pub jump: Option<(usize, usize)>,
    #[prop_or_default]
    pub readonly: bool,
    /// The label of the part shown on its own ("Trust policy of
    /// BreakGlass"); `None` for the whole text.
    #[prop_or_default]
    pub part: Option<AttrValue>,
    /// The part is a user, group or role: its place (`accounts/0/users/1`),
    /// for the form of its fields.
    #[prop_or_default]
    pub entity: Option<AttrValue>,
}

/// Inserts text at the selection the way typing does (undoable).
pub(crate) fn insert_text(text: &str) -> bool {
    gloo::utils::document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.exec_command_with_show_ui_and_value("insertText", false, text).ok())
        .unwrap_or(false)
}

/// The indentation of the line holding UTF-16 offset `at`.
fn line_indent(value: &str, at: u32) -> String {
    let index = LineIndex::new(value);
    let byte = index.byte_offset_of_utf16(usize::try_from(at).unwrap_or(0));
    let line_start = value.get(..byte).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1);
    value.get(line_start..).unwrap_or("").chars().take_while(|c| *c == ' ').collect()
}

/// Handles editing keys. After Escape, Tab moves focus as usual, so the
/// editor never traps keyboard users.
fn on_keydown(e: KeyboardEvent, escaped: &UseStateHandle<bool>) {
    if e.key() == "Escape" {
        escaped.set(true);
        return;
    }
    if **escaped {
        escaped.set(false);
        if e.key() == "Tab" {
            return;
        }
    }
    let Some(area) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) else { return };
    let value = area.value();
    let start = area.selection_start().ok().flatten().unwrap_or(0);
    match (e.key().as_str(), e.shift_key()) {
        ("Tab", false) => {
            e.prevent_default();
            insert_text("  ");
        }
        ("Tab", true) => {
            e.prevent_default();
            let indent = line_indent(&value, start).len();
            if indent > 0 {
                let index = LineIndex::new(&value);
                let byte = index.byte_offset_of_utf16(usize::try_from(start).unwrap_or(0));
                let line_start = value.get(..byte).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1);
                let from = u32::try_from(index.utf16_offset(line_start)).unwrap_or(0);
                let _ = area.set_selection_range(from, from + u32::try_from(indent.min(2)).unwrap_or(0));
                insert_text("");
            }
        }
        ("Enter", false) => {
            let indent = line_indent(&value, start);
            let before = value.encode_utf16().take(usize::try_from(start).unwrap_or(0)).collect::<Vec<u16>>();
            let opens = String::from_utf16_lossy(&before).trim_end().ends_with(['{', '[']);
            let extra = if opens { "  " } else { "" };
            e.prevent_default();
            insert_text(&format!("\n{indent}{extra}"));
        }
        _ => {}
    }
}

/// Texts longer than this are put in the editor only when asked, in bytes.
const DEFER_LIMIT: usize = 1_000_000;

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let Some(store) = use_store() else { return html! {} };
    let area = use_node_ref();
    let overlay = use_node_ref();
    let gutter = use_node_ref();
    let caret = use_state(|| 0usize);
    let revealed = use_state(|| false);
    // More of the page's width for the editor (long ARNs); the workspace
    // follows through CSS.
    let wide = use_state(|| false);
    let escaped = use_state(|| false);
    let measure = use_node_ref();
    let help = use_aws_help(area.clone(), measure.clone());
    // A text this large (an imported account) is laid out only when asked:
    // Chromium's layout of a 3 MB textarea stops the page for a second and more.
    let deferred = props.text.len() > DEFER_LIMIT && !*revealed && props.jump.is_none();
    // The text the textarea holds, as last typed or set (`None` while there
    // is no textarea). It is given a new value only when the store's text
    // differs (an undo, Format, an example): handing a megabyte back to it
    // after each keystroke made typing wait.
    let in_area = use_mut_ref(|| None::<String>);
    {
        let (area, in_area) = (area.clone(), in_area.clone());
        use_effect_with((props.text.clone(), deferred), move |(text, deferred)| {
            if *deferred {
                *in_area.borrow_mut() = None;
            } else if in_area.borrow().as_deref() != Some(text.as_str()) {
                if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                    el.set_value(text);
                    *in_area.borrow_mut() = Some(text.clone());
                }
            }
        });
    }
    {
        let area = area.clone();
        let text = props.text.clone();
        use_effect_with(props.jump, move |jump| {
            if let (Some((start, end)), Some(el)) = (jump, area.cast::<HtmlTextAreaElement>()) {
                let (from, to) = crate::analysis::utf16_range(&text, *start, *end);
                let _ = el.focus();
                let _ = el.set_selection_range(from, to);
                let line = LineIndex::new(&text).line_col(*start).line;
                el.set_scroll_top(i32::try_from(line.saturating_sub(4) * 20).unwrap_or(0));
            }
        });
    }
    let part = props.part.is_some();
    let oninput = {
        let (store, help, in_area) = (store.clone(), help.clone(), in_area.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
                let at = gloo::utils::window().performance().map_or(0.0, |c| c.now());
                let value = area.value();
                *in_area.borrow_mut() = Some(value.clone());
                store.dispatch(if part { Action::EditPart(value, at) } else { Action::Type(value, at) });
                // Typing offers completions; deleting closes them.
                let typing = e.input_type().starts_with("insert") && e.input_type() != "insertLineBreak";
                if typing {
                    help.suggest(&area, false);
                } else {
                    help.close();
                }
            }
        })
    };
    let area_of =
        |e: &dyn AsRef<web_sys::Event>| e.as_ref().target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok());
    let onkeydown = {
        let (escaped, help) = (escaped.clone(), help.clone());
        Callback::from(move |e: KeyboardEvent| {
            if let Some(area) = area_of(&e) {
                if help.on_key(&e, &area) {
                    return;
                }
            }
            on_keydown(e, &escaped);
        })
    };
    let onmousemove = {
        let help = help.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(area) = area_of(&e) {
                help.hover(&e, &area);
            }
        })
    };
    let onmouseleave = {
        let help = help.clone();
        Callback::from(move |_: MouseEvent| help.leave())
    };
    let onblur = {
        let help = help.clone();
        Callback::from(move |_: FocusEvent| help.close())
    };
    let onscroll = {
        let (area, overlay, gutter, help) = (area.clone(), overlay.clone(), gutter.clone(), help.clone());
        Callback::from(move |_: Event| {
            help.scrolled();
            let Some(a) = area.cast::<HtmlElement>() else { return };
            for el in [overlay.cast::<HtmlElement>(), gutter.cast::<HtmlElement>()].into_iter().flatten() {
                el.set_scroll_top(a.scroll_top());
                el.set_scroll_left(a.scroll_left());
            }
        })
    };
    let track_caret = {
        let (caret, text, help) = (caret.clone(), props.text.clone(), help.clone());
        Callback::from(move |e: Event| {
            if let Some(a) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
                let at = a.selection_start().ok().flatten().unwrap_or(0);
                caret.set(LineIndex::new(&text).byte_offset_of_utf16(usize::try_from(at).unwrap_or(0)));
                help.caret_moved(&a);
            }
        })
    };
    let format = {
        let (store, text) = (store.clone(), props.text.clone());
        Callback::from(move |_| {
            if let (Some(node), _) = json::parse(&text, DocId(0)) {
                store.dispatch(if part {
                    Action::EditPart(node.to_pretty(), 0.0)
                } else {
                    Action::SetText(format!("{}\n", node.to_pretty()))
                });
            }
        })
    };
    let popup = (*help.popup).clone();
    let sample = "0".repeat(usize::from(MEASURE_CHARS));
    let pick = {
        let (help, area) = (help.clone(), area.clone());
        Callback::from(move |i: usize| {
            if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                help.pick(&a, i);
            }
        })
    };
    let ranges: Vec<(usize, usize, bool)> = props.diagnostics.iter().map(|d| (d.start, d.end, d.error)).collect();
    // Past the colour limit the text is drawn once, by the textarea itself:
    // a second copy in the overlay would double the browser's layout work.
    let plain = props.text.len() > COLOUR_LIMIT;
    let segs = if plain { Vec::new() } else { segments(&props.text, &ranges, props.jump) };
    let lines = if plain { 0 } else { props.text.split('\n').count() };
    let at_caret = props.diagnostics.iter().find(|d| d.start <= *caret && *caret <= d.end);
    let errors = props.errors;
    let head = html! {
        <div class="panel-head">
            if let Some(label) = &props.part {
                <h2 class="part-label">{ label.clone() }</h2>
                <button class="button" id="show-source" onclick={{
                    let store = store.clone();
                    Callback::from(move |_| store.dispatch(Action::LeavePart))
                }} title="The whole scenario's JSON">{"Source"}</button>
                if let Some(subject) = props.entity.clone() {
                    <button class="button" id="edit-fields" onclick={{
                        let store = store.clone();
                        Callback::from(move |_| crate::on_demand::launch::open(&store, "entity", &subject))
                    }}>{"Fields"}</button>
                }
            } else {
                <h2>{"Scenario"}</h2>
            }
            <span class={classes!("pill", if errors > 0 { "bad" } else { "good" })}>
                { if errors > 0 { format!("✗ {errors} error{}", if errors == 1 { "" } else { "s" }) } else { "✓ valid".to_string() } }
            </span>
            if !props.readonly { <button class="button" onclick={format} title="Indent the JSON">{"Format"}</button> }
            <button class="button" id="widen-editor" aria-pressed={(*wide).to_string()} onclick={{
                let wide = wide.clone();
                Callback::from(move |_| wide.set(!*wide))
            }} title="Give the editor more of the width, for long ARNs">{ if *wide { "Narrower" } else { "Wider" } }</button>
        </div>
    };
    if deferred {
        let reveal = Callback::from(move |_| revealed.set(true));
        // Tenths of a megabyte, without the float formatter's kilobytes.
        let tenths = props.text.len() / 100_000;
        return html! {
            <div class="editor-panel">
                { head }
                <div class="editor-deferred" role="status">
                    <p>{ format!("This scenario's text is {}.{} MB. Laying it out in the editor stops the page for a second or more, so it is shown only when you ask. The steps, the outline, the account views and Export work without it.", tenths / 10, tenths % 10) }</p>
                    <button class="button" onclick={reveal}>{"Show the text"}</button>
                </div>
            </div>
        };
    }
    html! {
        <div class={classes!("editor-panel", wide.then_some("wide"))}>
            { head }
            // Past the colour limit there are no line numbers either: laying
            // out a gutter of 100,000 lines froze the page for a second.
            <div class={classes!("editor", plain.then_some("no-gutter"))}>
                if !plain { <pre class="gutter" ref={gutter} aria-hidden="true">{ gutter_text(lines) }</pre> }
                <div class={classes!("code", plain.then_some("plain"))}>
                    <pre class="highlight" ref={overlay} aria-hidden="true">
                        { for segs.iter().map(|s| {
                            let text = props.text.get(s.start..s.end).unwrap_or("");
                            let class = classes!(
                                s.token.class(),
                                s.diagnostic.map(|e| if e { "diag-error" } else { "diag-warning" }),
                                s.highlighted.then_some("jump"),
                            );
                            html! { <span class={class}>{ text }</span> }
                        }) }
                        {"\n"}
                    </pre>
                    <textarea ref={area.clone()} id="scenario-editor" spellcheck="false" autocapitalize="off" autocomplete="off"
                        aria-label="Scenario JSON" readonly={props.readonly} {oninput} {onscroll}
                        {onkeydown} {onmousemove} {onmouseleave} {onblur}
                        title={at_caret.map(|d| d.message.clone())}
                        aria-describedby="editor-help" aria-autocomplete="list"
                        aria-controls={popup.as_ref().map(|_| "editor-completions")}
                        aria-activedescendant={popup.as_ref().map(|p| format!("completion-{}", p.selected))}
                        onkeyup={track_caret.reform(|e: KeyboardEvent| e.into())}
                        onclick={track_caret.reform(|e: MouseEvent| e.into())} />
                    <span class="measure" ref={measure} aria-hidden="true">{ sample }</span>
                    if let Some(p) = popup {
                        <CompletionList items={p.items.clone()} selected={p.selected} top={p.top} left={p.left} onpick={pick} />
                    }
                    if let Some(t) = (*help.tip).clone() {
                        <ExpansionTip expansion={t.expansion} top={t.top} left={t.left} />
                    }
                </div>
            </div>
            <p class="muted editor-help" id="editor-help">{"Tab indents; Ctrl+Space completes actions, condition keys and AWS managed policies; press Esc, then Tab, to leave the editor."}</p>
            <p class="caret-status" aria-live="polite">
                { at_caret.map_or_else(|| (*help.at_caret).clone().unwrap_or_default(), |d| format!("{}: {}", d.code, d.message)) }
            </p>
            if !props.diagnostics.is_empty() {
                <ul class="diagnostics" aria-label="Problems">
                    { for props.diagnostics.iter().take(MAX_LISTED).map(|d| {
                        let store = store.clone();
                        let (start, end) = (d.start, d.end);
                        let jump = Callback::from(move |_| store.dispatch(Action::JumpShown(start, end)));
                        html! {
                            <li>
                                <button class={classes!("diagnostic", d.kind.describe().replace(' ', "-"))} onclick={jump}>
                                    <span class="where">{ format!("{}:{}", d.line, d.column) }</span>
                                    <span class="sev">{ d.kind.describe() }</span>
                                    <span class="msg">{ &d.message }</span>
                                    <code class="code-id">{ d.code.clone() }</code>
                                    if let Some(help) = &d.help { <span class="help">{ help }</span> }
                                </button>
                            </li>
                        }
                    }) }
                    if props.problems > MAX_LISTED {
                        <li class="muted">{ format!("… and {} more problems; fix these first", props.problems - MAX_LISTED) }</li>
                    }
                </ul>
            }
        </div>
    }
}

/// The line numbers as one text node: a 60,000-line text must not cost
/// 60,000 elements.
fn gutter_text(lines: usize) -> String {
    let mut out = String::with_capacity(lines * 6);
    for n in 1..=lines {
        out.push_str(&n.to_string());
        out.push('\n');
    }
    out
}

/// How many problems the list shows; the counter above it counts them all.
const MAX_LISTED: usize = 200;
