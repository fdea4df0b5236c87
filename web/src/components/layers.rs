//! The evaluation layers in AWS's order, each with its verdict.

use super::app::use_store;
use super::layer_flow::layer_flow;
use crate::shared::StepRef;
use iam_core::explain::{Evaluation, Verdict};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LayersProps {
    pub step: StepRef,
}

fn verdict_icon(v: Verdict) -> (&'static str, &'static str) {
    match v {
        Verdict::Allows => ("✓", "allow"),
        Verdict::ExplicitDeny => ("⊘", "deny"),
        Verdict::ImplicitDeny => ("✗", "deny"),
        Verdict::NoEffect | Verdict::NotRequired | Verdict::NotApplicable => ("–", "muted"),
    }
}

pub fn evaluation_layers(ev: &Evaluation) -> Html {
    html! {
        <ol class="layers">
            { for ev.layers.iter().map(|l| {
                let (icon, class) = verdict_icon(l.verdict);
                let deciding = ev.aws_rule.is_none() && l.layer == ev.layer && l.level == ev.level;
                let name = l.label(ev);
                html! {
                    <li class={classes!("layer", class, deciding.then_some("deciding"))}>
                        <span class="layer-icon" aria-hidden="true">{ icon }</span>
                        <span class="layer-name">{ name }</span>
                        <span class="layer-verdict">{ l.verdict.describe() }</span>
                        if let Some(note) = l.note { <span class="layer-note">{ note.describe() }</span> }
                        if deciding { <span class="pill">{"decided here"}</span> }
                    </li>
                }
            }) }
        </ol>
    }
}

#[function_component(Layers)]
pub fn layers(props: &LayersProps) -> Html {
    let Some(step) = props.step.get() else { return html! {} };
    let Some(store) = use_store() else { return html! {} };
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
                    <details class="layer-details">
                        <summary>{"Each layer in words"}</summary>
                        { evaluation_layers(&e.evaluation) }
                    </details>
                </section>
            }) }
        </div>
    }
}
