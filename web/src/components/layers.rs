//! The evaluation layers in AWS's order, each with its verdict.

use super::app::use_store;
use super::layer_flow::layer_flow;
use crate::shared::StepRef;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LayersProps {
    pub step: StepRef,
}

#[function_component(Layers)]
pub fn layers(props: &LayersProps) -> Html {
    // Hooks first: whether the step exists may change between renders.
    let store = use_store();
    let Some(step) = props.step.get() else { return html! {} };
    let Some(store) = store else { return html! {} };
    let dispatch = Callback::from(move |a| store.dispatch(a));
    if step.evaluations.is_empty() {
        return html! { <p class="panel-empty">{"This step made no evaluation."}</p> };
    }
    html! {
        <div>
            { for step.evaluations.iter().enumerate().map(|(i, e)| html! {
                <section class="evaluation">
                    <h3><code>{ &e.action }</code>{" on "}<code class="arn">{ &e.resource }</code>{": "}{ e.evaluation.decision.as_str() }</h3>
                    <p class="who">{ format!("{}{}", e.evaluation.caller.describe(), if e.evaluation.same_account { ", same account as the resource" } else { ", another account than the resource" }) }</p>
                    { layer_flow(&e.evaluation, i, &dispatch) }
                </section>
            }) }
        </div>
    }
}
