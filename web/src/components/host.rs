//! The app's listeners on the page: the undo keys, and the host page's
//! messages while embedded.

use crate::embed::{self, EmbedMessage, HostMessage};
use crate::store::{Action, Store};
use yew::prelude::*;

/// Ctrl/Cmd+Z undoes and Shift+Ctrl/Cmd+Z (or Ctrl+Y) redoes, from any panel
/// and in the scenario editor. Other fields (a form's inputs) keep their own undo.
#[hook]
pub(super) fn use_undo_keys(dispatch: UseReducerDispatcher<Store>, readonly: bool) {
    use_effect_with(readonly, move |readonly| {
        let listener = (!readonly).then(|| {
            // Not passive: the browser's own undo in the editor is prevented.
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            gloo::events::EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
                let Some(e) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(event) else { return };
                if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
                    return;
                }
                let action = match (e.key().to_ascii_lowercase().as_str(), e.shift_key()) {
                    ("z", false) => Action::Undo,
                    ("z", true) | ("y", false) => Action::Redo,
                    _ => return,
                };
                let target = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
                let own_field = target.is_some_and(|t| {
                    matches!(t.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA") && t.id() != "scenario-editor"
                });
                if !own_field {
                    e.prevent_default();
                    dispatch.dispatch(action);
                }
            })
        });
        move || drop(listener)
    });
}

/// Sends a message to the host page of an embedded playground.
pub(super) fn post(message: &EmbedMessage) {
    let window = gloo::utils::window();
    let Ok(Some(parent)) = window.parent() else { return };
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    if let Ok(value) = serde::Serialize::serialize(message, &serializer) {
        let _ = parent.post_message(&value, "*");
    }
}

/// Listens to the host page (only the parent window) while embedded.
#[hook]
pub(super) fn use_host_messages(dispatch: UseReducerDispatcher<Store>, embedded: bool) {
    use_effect_with(embedded, move |embedded| {
        let listener = embedded.then(|| {
            post(&EmbedMessage::Ready);
            gloo::events::EventListener::new(&gloo::utils::window(), "message", move |event| {
                let Some(event) = wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(event) else { return };
                let parent = gloo::utils::window().parent().ok().flatten();
                let from_parent = match (event.source(), parent) {
                    (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
                    _ => false,
                };
                if !from_parent {
                    return;
                }
                match read_host_message(&event.data()) {
                    Some(HostMessage::Load { scenario }) => dispatch.dispatch(Action::SetText(scenario)),
                    Some(HostMessage::Select { step, panel }) => {
                        dispatch.dispatch(Action::SelectStep(step.saturating_sub(1)));
                        if let Some(panel) = panel.as_deref().and_then(embed::parse_panel) {
                            dispatch.dispatch(Action::SelectPanel(panel));
                        }
                    }
                    None => {}
                }
            })
        });
        move || drop(listener)
    });
}

/// A host message as it arrives; the scenario passes through untouched.
#[derive(serde::Deserialize)]
struct HostWire {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    scenario: wasm_bindgen::JsValue,
    #[serde(default)]
    step: Option<f64>,
    #[serde(default)]
    panel: Option<String>,
}

/// Reads a host message (converted by serde-wasm-bindgen). `scenario` may be
/// JSON text or an object, which is written out indented.
fn read_host_message(data: &wasm_bindgen::JsValue) -> Option<HostMessage> {
    let wire: HostWire = serde_wasm_bindgen::from_value(data.clone()).ok()?;
    let scenario = wire.scenario.as_string().or_else(|| {
        (!wire.scenario.is_undefined() && !wire.scenario.is_null())
            .then(|| {
                js_sys::JSON::stringify_with_replacer_and_space(
                    &wire.scenario,
                    &wasm_bindgen::JsValue::NULL,
                    &wasm_bindgen::JsValue::from_f64(2.0),
                )
                .ok()
            })
            .flatten()
            .and_then(|s| s.as_string())
    });
    HostMessage::from_parts(&wire.kind, scenario, wire.step, wire.panel)
}
