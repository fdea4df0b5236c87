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

/// A form's change handler for one field of a draft kept in state: it
/// applies the control's new value with `apply`.
pub(crate) fn draft_setter<T: Clone + 'static>(
    draft: &yew::UseStateHandle<Option<T>>,
    apply: fn(&mut T, String),
) -> yew::Callback<yew::Event> {
    let draft = draft.clone();
    yew::Callback::from(move |e: yew::Event| {
        if let Some(mut next) = (*draft).clone() {
            apply(&mut next, event_value(&e));
            draft.set(Some(next));
        }
    })
}

/// The message of a form's problem with `field`, if it has one.
pub(crate) fn field_error(errors: &[(&'static str, String)], field: &str) -> yew::Html {
    errors
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, m)| yew::html! { <span class="form-error" role="alert">{ m.clone() }</span> })
        .unwrap_or_default()
}
