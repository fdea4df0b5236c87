//! Every policy and statement, element by element; statements are folded.

use super::more::{more_button, use_page_limit};
use crate::shared::StepRef;
use iam_core::explain::{ElementMatch, PolicyTrace, StatementTrace};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TraceProps {
    pub step: StepRef,
}

fn element(name: &'static str, m: &ElementMatch) -> Html {
    let (icon, text, class) = match m {
        ElementMatch::Matched { .. } => ("✓", "matched".to_string(), "allow"),
        ElementMatch::NotMatched { why } => ("✗", why.describe(), "deny"),
        ElementMatch::Absent => ("–", "absent".to_string(), "muted"),
        ElementMatch::Skipped => ("·", "not checked".to_string(), "muted"),
    };
    html! { <li class={classes!("element", class)}><span aria-hidden="true">{ icon }</span>{" "}<b>{ name }</b>{": "}{ text }</li> }
}

fn statement(p: &PolicyTrace, s: &StatementTrace) -> Html {
    let title = format!(
        "{:?} {} — {}",
        s.effect,
        s.sid.as_deref().map_or_else(|| format!("statement {}", s.index), |sid| format!("Sid {sid}")),
        match s.inert {
            Some(why) => why.describe(),
            None if s.applies => "applies",
            None => "does not apply",
        }
    );
    html! {
        <details class={classes!("stmt", s.applies.then_some("applies"))}>
            <summary>{ title }</summary>
            if let Some(why) = s.inert {
                <p class="inert-note" role="note"><span aria-hidden="true">{"⚠ "}</span>{ why.describe() }</p>
            }
            { for p.ignored_in(s.index).map(|i| html! {
                <p class="inert-note" role="note"><span aria-hidden="true">{"⚠ "}</span>
                    <code>{ &i.name }</code>{" is not allowed in this policy type; AWS would refuse the document, and the evaluation ignores the element"}
                </p>
            }) }
            <ul class="elements">
                { element("principal", &s.principal) }
                { element("action", &s.action) }
                { element("resource", &s.resource) }
                { element("condition", &s.condition) }
            </ul>
            if !s.conditions.is_empty() {
                <table class="conditions">
                    <thead><tr><th>{"operator"}</th><th>{"key"}</th><th>{"request"}</th><th>{"policy"}</th><th>{"result"}</th></tr></thead>
                    <tbody>
                        { for s.conditions.iter().map(|c| html! {
                            <tr class={if c.matched { "allow" } else { "deny" }}>
                                <td><code>{ c.operator.to_string() }</code></td>
                                <td><code>{ c.key.to_string() }</code></td>
                                <td>{ c.context_values.as_ref().map_or_else(|| "absent".to_string(), |v| v.join(", ")) }</td>
                                <td>{ c.policy_values.join(", ") }</td>
                                <td>{ if c.matched { "✓ " } else { "✗ " } }{ c.why.describe() }
                                    if c.omitted_values > 0 {
                                        <span class="muted">{ format!(" ({} more values not shown; all were compared)", c.omitted_values) }</span>
                                    }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </details>
    }
}

/// Why a policy's trace lists fewer statements than it has.
pub fn omitted_sentence(omitted: usize) -> String {
    format!(
        "{omitted} more statement{} did not apply and are not listed: this run has traced {} statements, so later steps keep only the statements that apply.",
        if omitted == 1 { "" } else { "s" },
        iam_core::scenario::MAX_TRACED_STATEMENTS
    )
}

#[function_component(Trace)]
pub fn trace(props: &TraceProps) -> Html {
    let limit = use_page_limit();
    let Some(step) = props.step.get() else { return html! {} };
    html! {
        <div class="trace">
            { for step.evaluations.iter().map(|e| html! {
                <section class="evaluation">
                    <h3><code>{ &e.action }</code>{" on "}<code class="arn">{ &e.resource }</code></h3>
                    { for e.evaluation.policies.iter().map(|p| html! {
                        <div class="policy-trace">
                            <h4>{ p.id.to_string() }{" "}<span class="muted">{ format!("({}{}) {:?}", p.kind.describe(), p.level.map(|l| format!(", level {l}")).unwrap_or_default(), p.outcome) }</span></h4>
                            { for p.statements.iter().take(*limit).map(|s| statement(p, s)) }
                            { more_button(&limit, p.statements.len(), "statements") }
                            if p.omitted > 0 {
                                <p class="muted omitted-note">{ omitted_sentence(p.omitted) }</p>
                            }
                        </div>
                    }) }
                </section>
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn omitted_statements_are_counted_and_explained() {
        assert_eq!(
            super::omitted_sentence(999),
            "999 more statements did not apply and are not listed: this run has traced 100000 statements, so later steps keep only the statements that apply."
        );
        assert!(super::omitted_sentence(1).starts_with("1 more statement did not apply"));
    }
}
