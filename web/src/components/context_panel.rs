//! The request context: every key, its value and where it came from, and the
//! keys that conditions referenced but the request lacked.

use super::app::use_store;
use crate::edits::add_context_key;
use crate::shared::StepRef;
use crate::store::{Action, Notice};
use iam_core::{ContextValue, Scalar};
use yew::prelude::*;

/// A context value as the policy language would write it.
fn show(value: &ContextValue) -> String {
    let scalar = |s: &Scalar| match s {
        Scalar::String(s) => format!("\"{s}\""),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Number(n) => n.clone(),
    };
    match value {
        ContextValue::Single(s) => scalar(s),
        ContextValue::Multi(values) => format!("[{}]", values.iter().map(scalar).collect::<Vec<_>>().join(", ")),
    }
}

#[derive(Properties, PartialEq)]
pub struct ContextProps {
    pub step: StepRef,
}

#[function_component(ContextPanel)]
pub fn context_panel(props: &ContextProps) -> Html {
    let Some(step) = props.step.get() else { return html! {} };
    let Some(store) = use_store() else { return html! {} };
    let readonly = store.embed.is_some_and(|e| e.readonly);
    let add = |key: &str| {
        let (store, key, step) = (store.clone(), key.to_string(), step.index);
        Callback::from(move |_| match add_context_key(&store.text, step, &key) {
            Some((text, (start, end))) => {
                store.dispatch(Action::SetText(text));
                store.dispatch(Action::Jump(start, end));
            }
            None => store.dispatch(Action::Notify(Some(Notice::Info(format!(
                "`{key}` could not be added: it is already in the step's context, or the scenario is not valid JSON."
            ))))),
        })
    };
    let missing: Vec<&String> = step.evaluations.iter().flat_map(|e| e.evaluation.missing_context.iter()).collect();
    html! {
        <div class="context">
            if !missing.is_empty() {
                <div class="missing">
                    <h3>{"Referenced but missing from the request"}</h3>
                    <p>{"Conditions asked for these keys; the request did not carry them. Add them to the step's "}<code>{"context"}</code>{" to see how the decision changes."}</p>
                    <ul>{ for missing.iter().map(|k| html! {
                        <li>
                            <code>{ k.as_str() }</code>
                            if !readonly { {" "}<button class="button small" onclick={add(k)} aria-label={format!("Add {k} to the step's context")}>{"add to step"}</button> }
                        </li>
                    }) }</ul>
                </div>
            }
            <table class="context-table">
                <thead><tr><th>{"key"}</th><th>{"value"}</th><th>{"from"}</th></tr></thead>
                <tbody>
                    { for step.context.iter().map(|k| {
                        let value = show(&k.value);
                        let origin = k.origin.describe();
                        html! { <tr><td><code>{ &k.key }</code></td><td><code>{ value }</code></td><td>{ origin }</td></tr> }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
