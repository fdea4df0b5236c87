//! The role-assumption chain that led to a step: caller → AssumeRole → session → action.

use crate::shared::Results;
use iam_core::scenario::StepResult;
use iam_core::Decision;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChainProps {
    pub results: Results,
    pub selected: usize,
}

/// The steps from the first caller to `selected`, following the sessions used.
fn links(results: &[StepResult], selected: usize) -> Vec<&StepResult> {
    let mut chain = Vec::new();
    let mut current = results.get(selected);
    while let Some(step) = current {
        chain.push(step);
        current =
            results.iter().take(step.index).rev().find(|r| r.session.as_ref().is_some_and(|s| s.arn == step.principal));
        if chain.len() > results.len() {
            break;
        }
    }
    chain.reverse();
    chain
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

#[function_component(Chain)]
pub fn chain(props: &ChainProps) -> Html {
    let steps = links(&props.results, props.selected);
    let Some(first) = steps.first() else { return html! {} };
    html! {
        <ol class="chain" aria-label="Role assumption chain">
            <li class="node who">{ &first.principal }</li>
            { for steps.iter().map(|s| {
                let trust = s.evaluations.first().map(|e| e.evaluation.layers.iter().all(|l| l.layer != iam_core::Layer::ResourcePolicy || l.verdict != iam_core::explain::Verdict::ImplicitDeny)).unwrap_or(false);
                let allowed = s.decision == Some(Decision::Allowed);
                html! {
                    <>
                        <li class="arrow" aria-hidden="true">{"→"}</li>
                        <li class={classes!("node", if allowed { "allow" } else { "deny" })}>
                            <b>{ s.evaluations.first().map_or_else(|| s.name.clone(), |e| e.action.clone()) }</b>
                            if s.session.is_some() || !s.evaluations.is_empty() && s.evaluations.iter().any(|e| e.action.starts_with("sts:")) {
                                <span>{ format!(" (trust policy {}, caller's policy {})", mark(trust), mark(allowed)) }</span>
                            }
                            <span class="muted">{ format!(" · {}", s.decision.map_or("error", |d| d.as_str())) }</span>
                        </li>
                        if let Some(session) = &s.session {
                            <li class="arrow" aria-hidden="true">{"→"}</li>
                            <li class="node session">{ format!("session {} ({})", session.arn, session.expiry_text()) }
                                { for session.notes.iter().map(|n| html! { <p class="session-note">{ n.describe() }</p> }) }
                            </li>
                        }
                    </>
                }
            }) }
        </ol>
    }
}
