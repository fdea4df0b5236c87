//! The page's side of the views loaded on demand: it asks the loader script
//! (`views-loader.js`) to open a view over the current text, and carries out
//! the [`Command`]s the view sends back, each as an undoable change.

use super::Command;
use crate::components::app::StoreHandle;
use crate::store::{Action, Notice};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// How a view answers: a [`Command`] as its three parts.
type Reply = Closure<dyn Fn(String, String, String)>;

thread_local! {
    /// The callback the open view holds; replaced at the next opening.
    static HELD: RefCell<Option<Reply>> = const { RefCell::new(None) };
}

fn failed(store: &StoreHandle, what: &str, why: &str) {
    store.dispatch(Action::Notify(Some(Notice::Error(format!("The {what} could not be opened: {why}.")))));
}

/// What a view is called in messages.
fn named(view: &str) -> &'static str {
    match view {
        "library" => "library",
        "learn" => "lessons",
        "step" => "step form",
        "entity" => "form",
        "gallery" => "examples",
        "help" => "help",
        "find" => "find bar",
        _ => "account views",
    }
}

/// Carries out what a view sent.
fn carry_out(store: &StoreHandle, what: &str, command: Command) {
    match command {
        Command::Steps { text, step } => {
            store.dispatch(Action::SetText(text));
            store.dispatch(Action::SelectStep(step));
            store.dispatch(Action::Notify(Some(Notice::Applied { what: "Steps added from the account views".into() })));
        }
        Command::Edit { text, step } => {
            store.dispatch(Action::SetText(text));
            store.dispatch(Action::SelectStep(step));
        }
        Command::Replace { text } => store.dispatch(Action::SetText(text)),
        Command::Open { text } => store.dispatch(Action::Open(text)),
        Command::Switch { id, text } => store.dispatch(Action::Switch { id, text }),
        Command::Jump { start, end, found } => store.dispatch(Action::JumpFound { start, end, found }),
        Command::Failed { why } => failed(store, what, &why),
    }
}

/// Opens the view `view` (`library`, or an account tab such as `compare`;
/// empty for the first account tab) over the store's text, loading the
/// views the first time; `subject` is what it is about (a user's name or
/// ARN; empty for none).
pub fn open(store: &StoreHandle, view: &str, subject: &str) {
    let what = named(view);
    let window = gloo::utils::window();
    let opener = js_sys::Reflect::get(&window, &JsValue::from_str("iamOpenView")).ok();
    let Some(opener) = opener.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else {
        return failed(store, what, "their loader script is missing");
    };
    let reply = {
        let store = store.clone();
        Reply::new(move |kind: String, text: String, detail: String| {
            carry_out(&store, what, Command::from_parts(&kind, text, detail))
        })
    };
    // The text as typed: the editor may not have handed its last keys over.
    let text = store.text_typed();
    let about = JsValue::from_str(&format!("{view}\n{subject}\n{}", store.scenario));
    if opener.call3(&JsValue::NULL, &JsValue::from_str(&text), reply.as_ref(), &about).is_err() {
        failed(store, what, "their loader failed");
    }
    HELD.with_borrow_mut(|kept| *kept = Some(reply));
}
