//! The steps with their decisions, expectations and pass marks.

use super::app::use_store;
use super::more::{more_button, use_page_limit};
use crate::shared::Results;
use crate::store::Action;
use iam_core::scenario::{StepOutcome, StepResult};
use iam_core::Decision;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StepsProps {
    pub results: Option<Results>,
    /// Each step's answer to "why?", in sentences (the first is on its card).
    #[prop_or_default]
    pub why: Rc<Vec<Vec<String>>>,
    /// The results are from an earlier version of the text (errors, or typing).
    pub stale: bool,
    pub selected: usize,
    /// Error codes of the policy documents the results were computed over.
    pub refused: Rc<Vec<String>>,
    /// The scenario's title and the story it tells.
    #[prop_or_default]
    pub story: Option<(Option<String>, Option<String>)>,
}

/// Icon, text and CSS class of a step's outcome: never colour alone.
pub fn badge(r: &StepResult) -> (&'static str, String, &'static str) {
    match (&r.outcome, r.decision) {
        (StepOutcome::Failed { code, .. }, _) if code == "sts/expired-token" => ("◔", "Denied: expired".into(), "deny"),
        (StepOutcome::Failed { .. }, _) => ("⚠", "Error".into(), "error"),
        (_, Some(Decision::Allowed)) => ("✓", "Allowed".into(), "allow"),
        (_, Some(Decision::ExplicitDeny)) => ("⊘", "Explicit deny".into(), "deny"),
        _ => ("✗", "Implicit deny".into(), "deny"),
    }
}

#[function_component(Steps)]
pub fn steps(props: &StepsProps) -> Html {
    let limit = use_page_limit();
    let Some(store) = use_store() else { return html! {} };
    let Some(results) = &props.results else {
        return html! { <div class="panel-empty">{"The scenario cannot be read yet: fix the errors marked in the editor to see decisions."}</div> };
    };
    html! {
        <div class={classes!("steps-panel", props.stale.then_some("stale"))} aria-busy={props.stale.to_string()}>
            if let Some((title, description)) = &props.story {
                <div class="story">
                    if let Some(t) = title { <h2 class="story-title">{ t }</h2> }
                    if let Some(d) = description { <p class="story-text">{ d }</p> }
                </div>
            }
            <div class="panel-head"><h2>{"Steps"}</h2>
                if props.stale { <span class="pill muted">{"last good result"}</span> }
            </div>
            if !props.refused.is_empty() {
                <p class="refused-note" role="note">
                    <span aria-hidden="true">{"⚠ "}</span>
                    {"Computed over policies with errors: "}
                    { for props.refused.iter().enumerate().map(|(i, code)| html! {
                        <>{ if i > 0 { ", " } else { "" } }<code>{ code.clone() }</code></>
                    }) }
                    {". AWS would refuse to store a policy with some of them; others leave a value that never matches. Statements with those problems are evaluated as far as they have a meaning; the Explain panel says which."}
                </p>
            }
            <ol class="steps">
                { for results.iter().take((*limit).max(props.selected + 1)).map(|r| {
                    let (icon, text, class) = badge(r);
                    let selected = r.index == props.selected;
                    let store = store.clone();
                    let index = r.index;
                    let pass = match r.pass {
                        Some(true) => html! { <span class="pass good" title="meets its expectation">{"✓ as expected"}</span> },
                        Some(false) => html! { <span class="pass bad" title="does not meet its expectation">{"✗ unexpected"}</span> },
                        None => html! {},
                    };
                    html! {
                        <li>
                            <button class={classes!("step", selected.then_some("selected"))} aria-pressed={selected.to_string()}
                                onclick={Callback::from(move |_| store.dispatch(Action::SelectStep(index)))} data-step={index.to_string()}>
                                <span class="step-num">{ index + 1 }</span>
                                <span class="step-body">
                                    <span class="step-name">{ &r.name }</span>
                                    <span class="step-who">{ &r.principal }</span>
                                    if let Some(why) = props.why.get(r.index).and_then(|w| w.first()) {
                                        <span class="step-why">{ super::why::sentence(why) }</span>
                                    }
                                </span>
                                <span class={classes!("badge", class)} data-decision={r.decision.map_or("error", |d| d.as_str())}>
                                    <span aria-hidden="true">{ icon }</span>{" "}{ text }
                                </span>
                                { pass }
                            </button>
                        </li>
                    }
                }) }
                        </ol>
            { more_button(&limit, results.len(), "steps") }
            if !store.embed.is_some_and(|e| e.readonly) && props.selected < results.len() {
                <button class="button" id="edit-step" onclick={{
                    let (store, index) = (store.clone(), props.selected);
                    Callback::from(move |_| crate::on_demand::launch::open(&store, "step", &index.to_string()))
                }}>{ format!("Edit step {}", props.selected + 1) }</button>
            }
        </div>
    }
}
