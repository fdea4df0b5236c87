//! The page's side of the account views: it asks the loader script
//! (`account-views-loader.js`) to open them over the current text, and takes
//! back a text with steps added, which it applies as an undoable edit.

use crate::components::app::StoreHandle;
use crate::store::{Action, Notice};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// How the views answer: `(text, step)`, or `(why, -1)`.
type Reply = Closure<dyn Fn(String, i32)>;

thread_local! {
    /// The callback the open views hold; replaced at the next opening.
    static HELD: RefCell<Option<Reply>> = const { RefCell::new(None) };
}

fn failed(store: &StoreHandle, why: &str) {
    store.dispatch(Action::Notify(Some(Notice::Error(format!("The account views could not be opened: {why}.")))));
}

/// Opens the views over the store's text (loading them the first time), at
/// the tab `view` (`compare`; empty for the first) about `subject` (a user's
/// name or ARN; empty for none). The views answer through one callback:
/// `(text, step)` with steps added, or `(why, -1)` when they could not open.
pub fn open(store: &StoreHandle, view: &str, subject: &str) {
    let window = gloo::utils::window();
    let opener = js_sys::Reflect::get(&window, &JsValue::from_str("iamOpenAccount")).ok();
    let Some(opener) = opener.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else {
        return failed(store, "their loader script is missing");
    };
    let reply = {
        let store = store.clone();
        Reply::new(move |text: String, step: i32| {
            let Ok(step) = usize::try_from(step) else { return failed(&store, &text) };
            let before = store.text.clone();
            store.dispatch(Action::SetText(text));
            store.dispatch(Action::SelectStep(step));
            store.dispatch(Action::Notify(Some(Notice::Applied {
                what: "Steps added from the account views".into(),
                before,
            })));
        })
    };
    let about = JsValue::from_str(&format!("{view}\n{subject}"));
    if opener.call3(&JsValue::NULL, &JsValue::from_str(&store.text), reply.as_ref(), &about).is_err() {
        failed(store, "their loader failed");
    }
    HELD.with_borrow_mut(|kept| *kept = Some(reply));
}
