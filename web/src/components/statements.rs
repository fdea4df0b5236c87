//! The statements that decided: a click opens the document at their span.

use super::app::use_store;
use super::more::{more_button, use_page_limit};
use crate::shared::StepRef;
use crate::store::{Action, ManagedView};
use iam_core::explain::StatementRef;
use yew::prelude::*;

/// What opening statement `r` does: jump to it in the editor, show the AWS
/// managed policy it belongs to (read-only), or nothing when AWS provides it
/// without a document (the implicit full-access SCP or RCP).
pub fn open_action(r: &StatementRef) -> Option<Action> {
    if r.doc != iam_core::scenario::AWS_DOC {
        return Some(Action::Focus(r.span.lo(), r.span.hi()));
    }
    let arn = r.policy.to_string();
    if !iam_core::scenario::managed::is_aws_managed_arn(&arn) {
        return None;
    }
    Some(Action::ShowManaged(Some(ManagedView { arn, statement: Some(r.statement) })))
}

#[derive(Properties, PartialEq)]
pub struct StatementsProps {
    pub step: StepRef,
}

#[function_component(Statements)]
pub fn statements(props: &StatementsProps) -> Html {
    // Hooks first: whether the step exists may change between renders.
    let limit = use_page_limit();
    let store = use_store();
    let Some(step) = props.step.get() else { return html! {} };
    let Some(store) = store else { return html! {} };
    let refs: Vec<_> = step.evaluations.iter().flat_map(|e| e.evaluation.determining.iter()).collect();
    if refs.is_empty() {
        return html! { <p class="panel-empty">{"No statement decided this: nothing applied, so the request was implicitly denied at the layer shown under Layers."}</p> };
    }
    let total = refs.len();
    html! {
        <>
        <ul class="statements">
            { for refs.into_iter().take(*limit).map(|r| {
                let effect = format!("{:?}", r.effect);
                let what = html! { <>
                    <span class="effect">{ effect.clone() }</span>
                    <span class="policy">{ r.policy.to_string() }</span>
                    <span class="sid">{ r.sid.as_deref().map_or_else(|| format!("statement {}", r.statement), |s| format!("Sid {s}")) }</span>
                </> };
                // A statement of a policy AWS provides is not in the scenario's
                // text: an AWS managed policy opens read-only at it; the others
                // (the implicit full-access SCP or RCP) have no document to show.
                let action = open_action(r);
                if r.doc == iam_core::scenario::AWS_DOC {
                    let arn = r.policy.to_string();
                    if let Some(action) = action {
                        let store = store.clone();
                        let open = Callback::from(move |_| store.dispatch(action.clone()));
                        return html! {
                            <li>
                                <button class={classes!("statement", "aws-provided", effect.to_ascii_lowercase())} onclick={open} data-policy={arn}>
                                    { what }
                                    <span class="open">{"show AWS's policy →"}</span>
                                </button>
                            </li>
                        };
                    }
                    return html! {
                        <li>
                            <span class={classes!("statement", "aws-provided", effect.to_ascii_lowercase())} data-policy={arn}>
                                { what }
                                <span class="open muted">{"provided by AWS, not in your scenario's text"}</span>
                            </span>
                        </li>
                    };
                }
                let store = store.clone();
                let open = Callback::from(move |_| if let Some(a) = action.clone() { store.dispatch(a) });
                html! {
                    <li>
                        <button class={classes!("statement", effect.to_ascii_lowercase())} onclick={open} data-policy={r.policy.to_string()}>
                            { what }
                            <span class="open">{"show in editor →"}</span>
                        </button>
                    </li>
                }
            }) }
        </ul>
        { more_button(&limit, total, "statements") }
        </>
    }
}
