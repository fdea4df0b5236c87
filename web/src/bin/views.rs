//! The views loaded on demand: a wasm of their own, loaded by
//! `views-loader.js` the first time the page opens one (see
//! `iam_playground_web::on_demand`).

use iam_playground_web::on_demand::root::{Props, Views};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

thread_local! {
    static MOUNTED: RefCell<Option<yew::AppHandle<Views>>> = const { RefCell::new(None) };
}

/// The element the views render into, made on first use. It is placed
/// after `<body>`, outside the page's own Yew app: two Yew apps must not
/// share a subtree, or each would take the other's events for its own.
fn host() -> Result<web_sys::Element, JsValue> {
    let document = gloo::utils::document();
    if let Some(found) = document.get_element_by_id("views") {
        return Ok(found);
    }
    let host = document.create_element("div")?;
    host.set_id("views");
    let root = document.document_element().ok_or_else(|| JsValue::from_str("the page has no root element"))?;
    root.append_child(&host)?;
    Ok(host)
}

/// Opens the view `view` over `text`; `reply(kind, text, detail)` is called
/// with what the page is to do (`on_demand::Command::to_parts`).
#[wasm_bindgen]
pub fn open(
    text: String,
    reply: js_sys::Function,
    view: String,
    subject: String,
    scenario: String,
) -> Result<(), JsValue> {
    let host = host()?;
    if let Some(previous) = MOUNTED.with_borrow_mut(Option::take) {
        previous.destroy();
    }
    let on_command = Callback::from(move |command: iam_playground_web::on_demand::Command| {
        let [kind, text, detail] = command.to_parts();
        let (kind, text, detail) = (JsValue::from_str(&kind), JsValue::from_str(&text), JsValue::from_str(&detail));
        let _ = reply.call3(&JsValue::NULL, &kind, &text, &detail);
    });
    let props = Props { text: Rc::from(text), view, subject, scenario, on_command };
    let handle = yew::Renderer::<Views>::with_root_and_props(host, props).render();
    MOUNTED.with_borrow_mut(|m| *m = Some(handle));
    Ok(())
}

fn main() {
    iam_playground_web::panic_notice::install();
}
