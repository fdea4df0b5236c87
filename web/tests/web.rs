//! Component tests in headless Chromium (`cargo test -p iam-playground-web
//! --target wasm32-unknown-unknown`). They wait for the DOM, never sleep.
#![cfg(target_arch = "wasm32")]
#![expect(clippy::unwrap_used, clippy::panic, reason = "test code fails loudly")]

use gloo::storage::Storage;
use iam_playground_web::analysis::analyse;
use iam_playground_web::worker::PageEvaluator;
use iam_playground_web::App;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The app with its evaluator on the page: the test runner serves no worker
/// script (the worker itself is tested end to end in Chromium).
#[function_component(TestApp)]
fn test_app() -> Html {
    let page = use_memo((), |_| PageEvaluator(Rc::new(analyse)));
    html! { <ContextProvider<PageEvaluator> context={(*page).clone()}><App /></ContextProvider<PageEvaluator>> }
}

/// A clean slate: tests share one page, its storage and its URL.
fn mount() -> web_sys::Element {
    gloo::storage::LocalStorage::clear();
    let window = gloo::utils::window();
    let path = window.location().pathname().unwrap();
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path)).unwrap();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<TestApp>::with_root(root.clone()).render();
    root
}

/// Polls until `check` holds, yielding to the event loop between tries.
async fn wait_for(root: &web_sys::Element, check: impl Fn(&web_sys::Element) -> bool) {
    for _ in 0..200 {
        if check(root) {
            return;
        }
        gloo::timers::future::TimeoutFuture::new(10).await;
    }
    panic!("condition not met; DOM: {}", root.inner_html().chars().take(500).collect::<String>());
}

#[wasm_bindgen_test]
async fn app_shows_the_welcome_example_with_decisions() {
    let root = mount();
    wait_for(&root, |r| r.query_selector_all(".steps .badge").map(|l| l.length()).unwrap_or(0) == 9).await;
    let badge = root.query_selector(".steps .badge").unwrap().unwrap();
    assert_eq!(badge.get_attribute("data-decision").as_deref(), Some("allowed"));
    assert!(root.query_selector(".pass.bad").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn typing_an_error_underlines_it_and_greys_the_results() {
    let root = mount();
    wait_for(&root, |r| r.query_selector(".steps .badge").ok().flatten().is_some()).await;
    let area: web_sys::HtmlTextAreaElement =
        root.query_selector("#scenario-editor").unwrap().unwrap().dyn_into().unwrap();
    area.set_value(&area.value().replacen("\"version\": 1", "\"version\": 1, \"oops\": 2", 1));
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    wait_for(&root, |r| r.query_selector(".highlight .diag-error").ok().flatten().is_some()).await;
    wait_for(&root, |r| r.query_selector(".steps-panel.stale").ok().flatten().is_some()).await;
    // the explanation is greyed too, never shown as current
    wait_for(&root, |r| r.query_selector(".explain-panel.stale").ok().flatten().is_some()).await;
    let list = root.query_selector(".diagnostics").unwrap().unwrap().text_content().unwrap_or_default();
    assert!(list.contains("scenario/unknown-field"), "{list}");
}

#[wasm_bindgen_test]
async fn a_policy_aws_would_refuse_still_decides_and_says_so() {
    let root = mount();
    wait_for(&root, |r| r.query_selector(".steps .badge").ok().flatten().is_some()).await;
    let area: web_sys::HtmlTextAreaElement =
        root.query_selector("#scenario-editor").unwrap().unwrap().dyn_into().unwrap();
    // `Effect` is case-sensitive: IAM refuses the document, and the statement never applies.
    area.set_value(&area.value().replacen("\"Effect\": \"Deny\"", "\"Effect\": \"deny\"", 1));
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    wait_for(&root, |r| r.query_selector(".refused-note").ok().flatten().is_some()).await;
    let note = root.query_selector(".refused-note").unwrap().unwrap().text_content().unwrap_or_default();
    assert!(note.contains("policy/invalid-effect"), "{note}");
    assert!(root.query_selector(".steps-panel.stale").unwrap().is_none(), "results are current, not greyed");
    // the guardrail's Deny no longer applies, so step 3 is no longer an explicit deny
    wait_for(&root, |r| {
        r.query_selector_all(".steps .badge")
            .ok()
            .and_then(|l| l.item(2))
            .and_then(|b| b.dyn_into::<web_sys::Element>().ok())
            .and_then(|b| b.get_attribute("data-decision"))
            .as_deref()
            == Some("allowed")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_long_list_of_steps_is_drawn_a_page_at_a_time() {
    let root = mount();
    wait_for(&root, |r| r.query_selector(".steps .badge").ok().flatten().is_some()).await;
    let steps: Vec<String> = (0..250)
        .map(|i| {
            format!(
                r#"{{"name": "s{i}", "request": {{"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"version": 1, "accounts": [{{"id": "111111111111", "users": [{{"name": "a"}}]}}], "steps": [{}]}}"#,
        steps.join(",")
    );
    let area: web_sys::HtmlTextAreaElement =
        root.query_selector("#scenario-editor").unwrap().unwrap().dyn_into().unwrap();
    area.set_value(&text);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    let drawn = |r: &web_sys::Element| r.query_selector_all(".steps .step").map(|l| l.length()).unwrap_or(0);
    wait_for(&root, |r| drawn(r) == 100).await;
    let more =
        || -> web_sys::HtmlElement { root.query_selector(".steps-panel .more").unwrap().unwrap().dyn_into().unwrap() };
    assert_eq!(more().text_content().unwrap_or_default(), "Show 100 more steps (100 of 250 shown)");
    more().click();
    wait_for(&root, |r| drawn(r) == 200).await;
    assert_eq!(more().text_content().unwrap_or_default(), "Show 50 more steps (200 of 250 shown)");
    more().click();
    wait_for(&root, |r| drawn(r) == 250).await;
    assert!(root.query_selector(".steps-panel .more").unwrap().is_none(), "every step is drawn");
}
