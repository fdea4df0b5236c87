//! The account views: a third wasm, loaded by `account-views-loader.js`
//! the first time the page opens them (see `iam_playground_web::account`).

use iam_playground_web::account::views::{AccountViews, Props};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

thread_local! {
    static MOUNTED: RefCell<Option<yew::AppHandle<AccountViews>>> = const { RefCell::new(None) };
}

/// The element the views render into, made on first use. It is placed
/// after `<body>`, outside the page's own Yew app: two Yew apps must not
/// share a subtree, or each would take the other's events for its own.
fn host() -> Result<web_sys::Element, JsValue> {
    let document = gloo::utils::document();
    if let Some(found) = document.get_element_by_id("account-views") {
        return Ok(found);
    }
    let host = document.create_element("div")?;
    host.set_id("account-views");
    let root = document.document_element().ok_or_else(|| JsValue::from_str("the page has no root element"))?;
    root.append_child(&host)?;
    Ok(host)
}

/// Opens the views over `text`, at the tab `view` (empty for the first)
/// about `subject`; `on_step(text, step)` is called with the scenario and
/// the step to select when a cell or an answer is opened as steps.
#[wasm_bindgen]
pub fn open(text: String, on_step: js_sys::Function, view: String, subject: String) -> Result<(), JsValue> {
    let host = host()?;
    if let Some(previous) = MOUNTED.with_borrow_mut(Option::take) {
        previous.destroy();
    }
    let on_step = Callback::from(move |(text, step): (String, usize)| {
        let step = u32::try_from(step).unwrap_or(u32::MAX);
        let _ = on_step.call2(&JsValue::NULL, &JsValue::from_str(&text), &JsValue::from(step));
    });
    let props = Props { text: Rc::from(text), on_step, view, subject };
    let handle = yew::Renderer::<AccountViews>::with_root_and_props(host, props).render();
    MOUNTED.with_borrow_mut(|m| *m = Some(handle));
    Ok(())
}

fn main() {
    iam_playground_web::panic_notice::install();
}
