//! Function components, one per file.

pub mod app;
pub mod aws_help;
pub mod chain;
pub mod context_panel;
pub mod dialog;
pub mod editor;
pub mod embed_dialog;
pub mod explanation;
pub mod header;
pub mod host;
pub mod layer_flow;
pub mod layers;
pub mod lesson_bar;
pub mod managed_policy;
pub mod more;
pub mod notice;
pub mod outline;
pub mod start;
pub mod statements;
pub mod steps;
pub mod suggestions;
pub mod trace;
pub mod welcome;
pub mod why;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};

/// The value a form control holds after a change: text (of an input or a
/// textarea), `"true"`/`"false"` for a checkbox, or the chosen option of a select.
pub(crate) fn event_value(e: &yew::Event) -> String {
    let target = e.target();
    if let Some(input) = target.as_ref().and_then(|t| t.dyn_ref::<HtmlInputElement>()) {
        return if input.type_() == "checkbox" { input.checked().to_string() } else { input.value() };
    }
    if let Some(area) = target.as_ref().and_then(|t| t.dyn_ref::<web_sys::HtmlTextAreaElement>()) {
        return area.value();
    }
    target.and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}
