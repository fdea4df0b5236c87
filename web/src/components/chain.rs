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

/// The two sides of a role assumption, each from its own layer of the
/// evaluation: the role's trust policy, and the caller's own policies (not
/// needed when the trust policy names the caller directly).
fn sides(ev: &iam_core::Evaluation) -> String {
    use iam_core::explain::Verdict;
    let verdict = |layer| ev.layers.iter().find(|l| l.layer == layer).map(|l| l.verdict);
    let trust = match verdict(iam_core::Layer::ResourcePolicy) {
        Some(Verdict::Allows) => "✓",
        _ => "✗",
    };
    let caller = match verdict(iam_core::Layer::IdentityPolicies) {
        Some(Verdict::Allows) => "✓",
        Some(Verdict::NotRequired | Verdict::NotApplicable) => "not needed",
        _ => "✗",
    };
    format!(" (trust policy {trust}, caller's policy {caller})")
}

#[function_component(Chain)]
pub fn chain(props: &ChainProps) -> Html {
    let steps = links(&props.results, props.selected);
    let Some(first) = steps.first() else { return html! {} };
    html! {
        <ol class="chain" aria-label="Role assumption chain">
            <li class="node who">{ &first.principal }</li>
            { for steps.iter().map(|s| {
                let allowed = s.decision == Some(Decision::Allowed);
                let assume = s.evaluations.first().filter(|e| e.action.starts_with("sts:"));
                html! {
                    <>
                        <li class="arrow" aria-hidden="true">{"→"}</li>
                        <li class={classes!("node", if allowed { "allow" } else { "deny" })}>
                            <b>{ s.evaluations.first().map_or_else(|| s.name.clone(), |e| e.action.clone()) }</b>
                            if let Some(e) = assume {
                                <span>{ sides(&e.evaluation) }</span>
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

#[cfg(test)]
mod tests {
    use super::sides;
    use crate::analysis::analyse;
    use crate::examples::EXAMPLES;

    fn step(file: &str, index: usize) -> iam_core::Evaluation {
        let example = EXAMPLES.iter().find(|e| e.file == file).unwrap();
        analyse(example.text).results.unwrap()[index].evaluations[0].evaluation.clone()
    }

    /// A bug fixed: the caller's side was marked ✗ whenever the step was
    /// denied, though the caller's own policy allowed and the trust policy
    /// was what refused.
    #[test]
    fn each_side_of_an_assumption_is_marked_by_its_own_layer() {
        // Step 5 of break-glass: no MFA, so the trust policy refuses; bob's own policy allows.
        assert_eq!(sides(&step("break-glass-admin.json", 4)), " (trust policy ✗, caller's policy ✓)");
        assert_eq!(sides(&step("break-glass-admin.json", 0)), " (trust policy ✓, caller's policy ✓)");
        // Step 4 of cross-account-devops: eve has no policy allowing it.
        assert_eq!(sides(&step("cross-account-devops.json", 3)), " (trust policy ✓, caller's policy ✗)");
        // Lambda assumes its role: a service needs no policy of its own.
        assert_eq!(sides(&step("lambda-function-role.json", 0)), " (trust policy ✓, caller's policy not needed)");
    }
}
