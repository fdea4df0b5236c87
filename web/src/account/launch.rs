//! The page's side of the account views: it asks the loader script
//! (`account-views-loader.js`) to open them over the current text, and takes
//! back a text with steps added, which it applies as an undoable edit.

use crate::components::app::StoreHandle;
use crate::store::{Action, Notice};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The callbacks the open views hold: steps added, and why they could not open.
struct Held {
    _on_step: Closure<dyn Fn(String, u32)>,
    _on_error: Closure<dyn Fn(String)>,
}

thread_local! {
    /// Replaced at the next opening.
    static HELD: RefCell<Option<Held>> = const { RefCell::new(None) };
}

fn failed(store: &StoreHandle, why: &str) {
    store.dispatch(Action::Notify(Some(Notice::Error(format!("The account views could not be opened: {why}.")))));
}

/// Opens the views over the store's text (loading them the first time), at
/// the tab `view` (`compare`; empty for the first) about `subject` (a user's
/// name or ARN; empty for none).
pub fn open(store: &StoreHandle, view: &str, subject: &str) {
    let window = gloo::utils::window();
    let opener = js_sys::Reflect::get(&window, &JsValue::from_str("iamOpenAccount")).ok();
    let Some(opener) = opener.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else {
        return failed(store, "their loader script is missing");
    };
    let on_step = {
        let store = store.clone();
        Closure::<dyn Fn(String, u32)>::new(move |text: String, step: u32| {
            let before = store.text.clone();
            store.dispatch(Action::SetText(text));
            store.dispatch(Action::SelectStep(usize::try_from(step).unwrap_or(usize::MAX)));
            store.dispatch(Action::Notify(Some(Notice::Applied {
                what: "Steps added from the account views".into(),
                before,
            })));
        })
    };
    let on_error = {
        let store = store.clone();
        Closure::<dyn Fn(String)>::new(move |why: String| failed(&store, &why))
    };
    let args = js_sys::Array::of5(
        &JsValue::from_str(&store.text),
        on_step.as_ref(),
        on_error.as_ref(),
        &JsValue::from_str(view),
        &JsValue::from_str(subject),
    );
    if opener.apply(&JsValue::NULL, &args).is_err() {
        failed(store, "their loader failed");
    }
    HELD.with_borrow_mut(|kept| *kept = Some(Held { _on_step: on_step, _on_error: on_error }));
}
