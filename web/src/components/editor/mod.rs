//! The code editor: a textarea over a highlighted copy of its text. Editing
//! goes through the browser's own text insertion. A long text is laid out a
//! window of lines at a time (`window`).

mod keys;
mod textarea;
mod window;

pub(crate) use self::keys::insert_text;
use self::keys::on_keydown;
use self::textarea::{
    bring_back, fit_to_caret, follow_scroll, place, px_of, reach_end, select, selection_of, show, viewport,
    whole_selected, Held, Refs, Shown,
};
use self::window::{line_bytes, line_count, Window, WINDOW_FROM_LINES};
use super::app::use_store;
use super::aws_help::{use_aws_help, CompletionList, ExpansionTip, MEASURE_CHARS};
use crate::analysis::DiagnosticView;
use crate::highlight::{segments, COLOUR_LIMIT};
use crate::state::text::Text;
use crate::store::Action;
use iam_core::{document as json, DocId};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// Shared with the store: a render compares and copies no text.
    pub text: Text,
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

/// A window's text longer than this is laid out only when asked, in bytes:
/// a minified text is one line, which no window can cut.
const DEFER_LIMIT: usize = 1_000_000;

/// The pause in typing after which the store takes the text (ms): until
/// then a keystroke draws the editor alone (see `state::typing`).
const HAND_OVER_MS: u32 = 150;

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let Some(store) = use_store() else { return html! {} };
    let part = props.part.is_some();
    // The text: as typed, while the store has not taken it yet.
    let text = store.typing.text(part).unwrap_or_else(|| props.text.clone());
    let hand_over = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    // Hands the typing to the store now (leaving the box, or a shortcut)
    // rather than at the pause.
    let take_typing = {
        let (store, hand_over) = (store.clone(), hand_over.clone());
        move || {
            hand_over.borrow_mut().take();
            if store.typing.waiting() {
                store.dispatch(Action::TakeTyping);
            }
        }
    };
    let refs = use_memo((), |_| Refs::default());
    let held = use_mut_ref(Held::default);
    let redraw = use_force_update();
    // The caret, in bytes of the whole text, and the diagnostic it is in: a
    // keystroke draws again only when that diagnostic changes.
    let caret = use_mut_ref(|| 0usize);
    let caret_in = use_state_eq(|| None::<(usize, usize)>);
    // The lines drawn in colour last (numbered in the whole text).
    let coloured_lines = use_mut_ref(|| 0..0);
    let revealed = use_state(|| false);
    // More of the page's width for the editor (long ARNs); the workspace
    // follows through CSS.
    let wide = use_state(|| false);
    let escaped = use_state(|| false);
    let measure = use_node_ref();
    let help = use_aws_help(refs.area.clone(), measure.clone());
    // The lines to lay out: the window shown, or a new one for a new text
    // or a jump outside it.
    let window = {
        let held = held.borrow();
        let jump = props.jump.filter(|j| Some(*j) != held.jumped);
        match &held.shown {
            Some(s) if s.text == text && jump.is_none_or(|(a, b)| s.window.contains(a, b)) => s.window,
            _ => {
                let total = line_count(&text);
                let (first, visible) = viewport(&refs.scroller);
                match jump {
                    Some((a, b)) => Window::covering(&text, total, a..b, visible),
                    None => Window::around(&text, total, first, visible),
                }
            }
        }
    };
    let shown_text = window.text(&text);
    // A window this large (one long line) is laid out only when asked:
    // Chromium's layout of a 3 MB textarea stops the page for a second and more.
    let deferred = shown_text.len() > DEFER_LIMIT && !*revealed && props.jump.is_none();
    {
        let (refs, held) = (refs.clone(), held.clone());
        use_effect_with((text.clone(), window, deferred), move |(text, window, deferred)| {
            let mut held = held.borrow_mut();
            if *deferred {
                held.shown = None;
            } else if held.shown.as_ref().is_none_or(|s| s.window != *window || s.text != *text) {
                show(&refs, &mut held, text, *window);
            }
        });
    }
    {
        let (refs, held, redraw) = (refs.clone(), held.clone(), redraw.clone());
        use_effect_with(props.jump, move |jump| {
            let mut held = held.borrow_mut();
            held.jumped = *jump;
            if jump.is_some() {
                held.detached = None;
            }
            let (Some((start, end)), Some(el), Some(s)) = (jump, refs.area.cast::<HtmlTextAreaElement>(), &held.shown)
            else {
                return;
            };
            if s.window.contains(*start, *end) {
                let _ = el.focus();
                select(&el, s, *start, *end);
                let line = s.window.first
                    + s.window.text(&s.text).get(..start.saturating_sub(s.window.start)).map_or(1, line_count)
                    - 1;
                if let Some(scroller) = refs.scroller.cast::<HtmlElement>() {
                    scroller.set_scroll_top(px_of(line.saturating_sub(4)));
                }
                // The lines scrolled to are coloured in this frame.
                redraw.force_update();
            }
        });
    }
    {
        // A drag may end outside the editor; the window then follows.
        let (refs, held, redraw) = (refs.clone(), held.clone(), redraw.clone());
        use_effect_with(deferred, move |_| {
            let up = gloo::events::EventListener::new(&gloo::utils::document(), "mouseup", move |_| {
                let mut held = held.borrow_mut();
                if std::mem::take(&mut held.pressed) && follow_scroll(&refs, &mut held) {
                    redraw.force_update();
                }
            });
            move || drop(up)
        });
    }
    {
        // Typing or pasting over Ctrl+A replaces the whole text, not only
        // the lines laid out.
        let (refs, held) = (refs.clone(), held.clone());
        use_effect_with(deferred, move |_| {
            let listener = refs.area.cast::<HtmlTextAreaElement>().map(|el| {
                let area = el.clone();
                gloo::events::EventListener::new(&el, "beforeinput", move |_| {
                    let mut held = held.borrow_mut();
                    held.replace_all = whole_selected(&area, &held);
                })
            });
            move || drop(listener)
        });
    }
    let oninput = {
        let (store, help, held, refs) = (store.clone(), help.clone(), held.clone(), refs.clone());
        let (hand_over, redraw) = (hand_over.clone(), redraw.clone());
        Callback::from(move |e: InputEvent| {
            let Some(area) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) else { return };
            let at = gloo::utils::window().performance().map_or(0.0, |c| c.now());
            let value = area.value();
            let text = {
                let mut held = held.borrow_mut();
                let replace_all = std::mem::take(&mut held.replace_all);
                // The textarea now holds the window's new text, or, when
                // the whole text was replaced (over Ctrl+A), all of it.
                let (text, window) = match held.shown.as_ref().filter(|_| !replace_all) {
                    Some(s) => {
                        let (text, window) = s.window.splice(&s.text, &value);
                        (Text::from(text), window)
                    }
                    None => {
                        let window = Window::whole(&value);
                        (Text::from(value), window)
                    }
                };
                place(&refs, window.text(&text), window);
                held.shown = Some(Shown { text: text.clone(), window });
                // A paste made the window long: only the lines around the
                // caret stay laid out, and the caret stays where it was.
                if window.lines > WINDOW_FROM_LINES {
                    fit_to_caret(&refs, &mut held, &area);
                }
                text
            };
            // The editor draws the keystroke alone; the store takes the
            // text at the pause, or before any other change.
            store.typing.put(text, part, at);
            let dispatcher = store.dispatcher();
            *hand_over.borrow_mut() = Some(gloo::timers::callback::Timeout::new(HAND_OVER_MS, move || {
                dispatcher.dispatch(Action::TakeTyping)
            }));
            redraw.force_update();
            // Typing offers completions; deleting closes them.
            let typing = e.input_type().starts_with("insert") && e.input_type() != "insertLineBreak";
            if typing {
                help.suggest(&area, false);
            } else {
                help.close();
            }
        })
    };
    let area_of =
        |e: &dyn AsRef<web_sys::Event>| e.as_ref().target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok());
    let onkeydown = {
        let (escaped, help, held, refs, redraw) =
            (escaped.clone(), help.clone(), held.clone(), refs.clone(), redraw.clone());
        let (store, take_typing) = (store.clone(), take_typing.clone());
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            // Find searches the whole text: the browser's own sees only the
            // lines laid out. It opens over the text as typed.
            let find = (e.ctrl_key() || e.meta_key()) && !e.alt_key() && key.eq_ignore_ascii_case("f");
            if find {
                e.prevent_default();
                crate::on_demand::launch::open(&store, "find", "");
            }
            // A shortcut (undo, …) acts on what was typed.
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                take_typing();
            }
            if find {
                return;
            }
            {
                let mut held = held.borrow_mut();
                if (e.ctrl_key() || e.meta_key()) && key.eq_ignore_ascii_case("a") {
                    held.all = true;
                } else if key.starts_with("Arrow") || matches!(key.as_str(), "Home" | "End" | "PageUp" | "PageDown") {
                    held.all = false;
                }
                let modifier = matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta" | "Escape");
                if !modifier && (bring_back(&refs, &mut held) | reach_end(&refs, &mut held, &e)) {
                    redraw.force_update();
                }
            }
            if let Some(area) = area_of(&e) {
                if help.on_key(&e, &area) {
                    return;
                }
            }
            on_keydown(e, &escaped);
        })
    };
    // Select All (the context menu's, or a script's) selects the whole
    // text, as Ctrl+A does; a drag that happens to cover the window does not.
    let onselect = {
        let held = held.clone();
        Callback::from(move |e: Event| {
            let Some(area) = area_of(&e) else { return };
            let mut held = held.borrow_mut();
            if held.pressed {
                return;
            }
            let whole =
                held.shown.as_ref().is_some_and(|s| selection_of(&area, s) == Some((s.window.start, s.window.end)));
            held.all = whole;
        })
    };
    let onmousedown = {
        let held = held.clone();
        Callback::from(move |_: MouseEvent| {
            let mut held = held.borrow_mut();
            (held.pressed, held.detached, held.all) = (true, None, false);
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
        let (help, take_typing) = (help.clone(), take_typing.clone());
        Callback::from(move |_: FocusEvent| {
            help.close();
            take_typing();
        })
    };
    // The box scrolls; the window follows what is visible.
    let onscroll = {
        let (refs, held, help, redraw) = (refs.clone(), held.clone(), help.clone(), redraw.clone());
        let coloured_lines = coloured_lines.clone();
        Callback::from(move |_: Event| {
            help.scrolled();
            let mut held = held.borrow_mut();
            let (first, visible) = viewport(&refs.scroller);
            held.seen = Some((first, visible));
            if follow_scroll(&refs, &mut held) {
                help.close();
                redraw.force_update();
            } else if let Some(s) = &held.shown {
                if !s.window.colours_hold(&coloured_lines.borrow(), first, visible) {
                    redraw.force_update();
                }
            }
        })
    };
    // The textarea itself never scrolls, unless a character wider than the
    // measure pushes it: the colours follow.
    let on_area_scroll = {
        let overlay = refs.overlay.clone();
        Callback::from(move |e: Event| {
            if let (Some(a), Some(o)) = (area_of(&e), overlay.cast::<HtmlElement>()) {
                o.set_scroll_top(a.scroll_top());
                o.set_scroll_left(a.scroll_left());
            }
        })
    };
    // Copying or cutting after Ctrl+A takes the whole text.
    let clipboard = |cut: bool| {
        let (held, store) = (held.clone(), store.clone());
        Callback::from(move |e: Event| {
            let Some(area) = area_of(&e) else { return };
            let mut held = held.borrow_mut();
            let (Some(data), Some(s)) =
                (e.dyn_ref::<web_sys::ClipboardEvent>().and_then(|c| c.clipboard_data()), held.shown.as_ref())
            else {
                return;
            };
            if !whole_selected(&area, &held) || data.set_data("text/plain", &s.text).is_err() {
                return;
            }
            e.prevent_default();
            if cut {
                held.shown = None;
                store.dispatch(Action::SetText(String::new()));
            }
        })
    };
    let track_caret = {
        let (caret, caret_in, held, help) = (caret.clone(), caret_in.clone(), held.clone(), help.clone());
        let diagnostics = props.diagnostics.clone();
        Callback::from(move |e: Event| {
            if let Some(a) = area_of(&e) {
                if let Some((at, _)) = held.borrow().shown.as_ref().and_then(|s| selection_of(&a, s)) {
                    *caret.borrow_mut() = at;
                    caret_in.set(diagnostics.iter().find(|d| d.start <= at && at <= d.end).map(|d| (d.start, d.end)));
                }
                help.caret_moved(&a);
            }
        })
    };
    let format = {
        let (store, text) = (store.clone(), text.clone());
        Callback::from(move |_| {
            if let (Some(node), _) = json::parse(&text, DocId(0)) {
                store.dispatch(if part {
                    Action::EditPart(node.to_pretty(), crate::state::history::Keys::at(0.0))
                } else {
                    Action::SetText(format!("{}\n", node.to_pretty()))
                });
            }
        })
    };
    let popup = (*help.popup).clone();
    let sample = "0".repeat(usize::from(MEASURE_CHARS));
    let pick = {
        let (help, area) = (help.clone(), refs.area.clone());
        Callback::from(move |i: usize| {
            if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                help.pick(&a, i);
            }
        })
    };
    // Diagnostics and the jump, in bytes of the window's text.
    // Only the lines in view and a margin are coloured (`Window::coloured`);
    // the overlay starts with newlines for the lines above them.
    let drawn = {
        let seen = held.borrow().seen;
        let (first_visible, visible) = seen.unwrap_or_else(|| viewport(&refs.scroller));
        window.coloured(first_visible, visible)
    };
    *coloured_lines.borrow_mut() = drawn.clone();
    let bytes = line_bytes(shown_text, drawn.start - window.first..drawn.end - window.first);
    let coloured = shown_text.get(bytes.clone()).unwrap_or("");
    let (from, to) = (window.start + bytes.start, window.start + bytes.end);
    // Diagnostics and the jump, in bytes of the coloured text.
    let local = |(a, b): (usize, usize)| {
        (a < to && b > from || a == b && from <= a && b <= to).then(|| (a.max(from) - from, b.min(to) - from))
    };
    let ranges: Vec<(usize, usize, bool)> =
        props.diagnostics.iter().filter_map(|d| local((d.start, d.end)).map(|(a, b)| (a, b, d.error))).collect();
    // Past the colour limit the text is drawn once, by the textarea itself:
    // a second copy in the overlay would double the browser's layout work.
    let plain = shown_text.len() > COLOUR_LIMIT;
    let segs = if plain { Vec::new() } else { segments(coloured, &ranges, props.jump.and_then(local)) };
    let above = if plain { String::new() } else { "\n".repeat(drawn.start - window.first) };
    let at = *caret.borrow();
    let at_caret = props.diagnostics.iter().find(|d| d.start <= at && at <= d.end);
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
        let tenths = shown_text.len() / 100_000;
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
            // The box scrolls the whole text's height; the lines laid out
            // sit at their place in it (see `window`).
            <div class="editor" ref={refs.scroller.clone()} {onscroll}>
                <div class="sizer" ref={refs.sizer.clone()}>
                    <pre class="gutter" ref={refs.gutter.clone()} aria-hidden="true">{ gutter_text(window.first, window.lines) }</pre>
                    <div class={classes!("code", plain.then_some("plain"))} ref={refs.code.clone()}>
                        <pre class="highlight" ref={refs.overlay.clone()} aria-hidden="true">
                            { above }
                            { for segs.iter().map(|s| {
                                let text = coloured.get(s.start..s.end).unwrap_or("");
                                let class = classes!(
                                    s.token.class(),
                                    s.diagnostic.map(|e| if e { "diag-error" } else { "diag-warning" }),
                                    s.highlighted.then_some("jump"),
                                );
                                html! { <span class={class}>{ text }</span> }
                            }) }
                            {"\n"}
                        </pre>
                        <textarea ref={refs.area.clone()} id="scenario-editor" spellcheck="false" autocapitalize="off" autocomplete="off"
                            aria-label="Scenario JSON" readonly={props.readonly} {oninput} onscroll={on_area_scroll}
                            {onkeydown} {onmousedown} {onmousemove} {onmouseleave} {onblur} {onselect}
                            oncopy={clipboard(false)} oncut={clipboard(true)}
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

/// The numbers of `lines` lines from zero-based line `first`, as one text
/// node: a 60,000-line text must not cost 60,000 elements.
fn gutter_text(first: usize, lines: usize) -> String {
    let mut out = String::with_capacity(lines * 6);
    for n in first + 1..=first + lines {
        out.push_str(&n.to_string());
        out.push('\n');
    }
    out
}

/// How many problems the list shows; the counter above it counts them all.
const MAX_LISTED: usize = 200;
