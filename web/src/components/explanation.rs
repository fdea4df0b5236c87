//! The explanation of the selected step, in tabs.

use super::app::use_store;
use super::chain::Chain;
use super::context_panel::ContextPanel;
use super::layers::Layers;
use super::statements::Statements;
use super::trace::{Grants, Trace};
use crate::shared::{Results, StepRef};
use crate::store::{Action, Panel};
use iam_core::scenario::StepOutcome;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    pub results: Option<Results>,
    /// Each step's answer to "why?", in sentences.
    #[prop_or_default]
    pub why: std::rc::Rc<Vec<Vec<String>>>,
    pub selected: usize,
    pub panel: Panel,
    /// The results are from an earlier version of the text: shown greyed, as in Steps.
    #[prop_or_default]
    pub stale: bool,
    /// What each Allow statement allows, by its first byte (see `analysis`).
    #[prop_or_default]
    pub grants: Grants,
    /// `(id, alias)` of each account the scenario names.
    #[prop_or_default]
    pub aliases: std::rc::Rc<Vec<(String, String)>>,
}

const TABS: [(Panel, &str); 5] = [
    (Panel::Layers, "Layers"),
    (Panel::Statements, "Deciding statements"),
    (Panel::Trace, "Trace"),
    (Panel::Context, "Context"),
    (Panel::Chain, "Role chain"),
];

#[function_component(Explanation)]
pub fn explanation(props: &ExplanationProps) -> Html {
    let Some(store) = use_store() else { return html! {} };
    let Some(results) = props.results.clone() else { return html! {} };
    let index = if props.selected < results.len() { props.selected } else { 0 };
    let Some(step) = results.get(index) else {
        return html! { <div class="panel-empty">{"This scenario has no steps yet."}</div> };
    };
    let step_ref = StepRef { results: results.clone(), index };
    let (icon, text, class) = super::steps::badge(step);
    let body = match props.panel {
        Panel::Layers => html! { <Layers step={step_ref.clone()} /> },
        Panel::Statements => html! { <Statements step={step_ref.clone()} /> },
        Panel::Trace => html! { <Trace step={step_ref.clone()} grants={props.grants.clone()} stale={props.stale} /> },
        Panel::Context => html! { <ContextPanel step={step_ref.clone()} /> },
        Panel::Chain => {
            html! { <Chain results={results.clone()} selected={step.index} aliases={props.aliases.clone()} /> }
        }
    };
    html! {
        <div class={classes!("explain-panel", props.stale.then_some("stale"))} aria-busy={props.stale.to_string()}>
            <div class="panel-head">
                <h2>{ format!("Step {}: {}", step.index + 1, step.name) }</h2>
                if props.stale { <span class="pill muted">{"last good result"}</span> }
                <span class={classes!("badge", class)}><span aria-hidden="true">{ icon }</span>{" "}{ text }</span>
            </div>
            <super::why::Why sentences={props.why.get(step.index).cloned().unwrap_or_default()} />
            if step.decision.is_some() && !props.stale {
                <super::suggestions::Suggestions results={results.clone()} step={step.index}
                    allowed={step.decision == Some(iam_core::Decision::Allowed)} />
            }
            if let StepOutcome::Failed { code, .. } = &step.outcome {
                <p class="failure"><code>{ code }</code></p>
            }
            { for step.evaluations.iter().filter_map(|e| e.evaluation.aws_rule.map(|_| html! {
                <p class="aws-rule" role="note">
                    {format!("What the policies alone decide for {}: {}", e.action, e.evaluation.policy_decision.as_str())}
                </p>
            })) }
            <div class="subtabs" role="tablist" aria-label="Explanation views">
                { for TABS.iter().map(|(panel, label)| {
                    let store = store.clone();
                    let panel = *panel;
                    let active = panel == props.panel;
                    html! {
                        <button role="tab" aria-selected={active.to_string()} class={classes!("subtab", active.then_some("active"))}
                            onclick={Callback::from(move |_| store.dispatch(Action::SelectPanel(panel)))}>{ *label }</button>
                    }
                }) }
            </div>
            <div class="explain-body" role="tabpanel">{ body }</div>
        </div>
    }
}
