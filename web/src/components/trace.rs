//! Every policy and statement, element by element; statements are folded.

use super::app::use_store;
use super::more::{more_button, use_page_limit};
use crate::shared::StepRef;
use iam_core::catalogue::ServiceGrant;
use iam_core::explain::words::{element_sentence, Checked, Element};
use iam_core::explain::{ElementMatch, PolicyTrace, StatementTrace};
use std::rc::Rc;
use yew::prelude::*;

/// What each Allow statement written in the scenario allows, keyed by the
/// statement's first byte; shared, so a render never copies it.
#[derive(Debug, Clone, Default)]
pub struct Grants(pub Rc<Vec<(usize, Vec<ServiceGrant>)>>);

impl PartialEq for Grants {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct TraceProps {
    pub step: StepRef,
    #[prop_or_default]
    pub grants: Grants,
    /// The results are from an earlier text: its spans may not fit the current one.
    #[prop_or_default]
    pub stale: bool,
}

/// "Allows 41 read and 3 write actions of Amazon S3; 1 write action of AWS Lambda."
pub fn grants_sentence(grants: &[ServiceGrant]) -> String {
    let per_service: Vec<String> = grants
        .iter()
        .map(|g| {
            let total: usize = g.levels.iter().map(|(_, n)| n).sum();
            let levels: Vec<String> = g.levels.iter().map(|(l, n)| format!("{n} {}", l.describe())).collect();
            let last = levels.len().saturating_sub(1);
            let joined = match levels.split_at(last) {
                ([], [one]) => one.clone(),
                (first, [tail]) => format!("{} and {tail}", first.join(", ")),
                _ => String::new(),
            };
            format!("{joined} action{} of {}", if total == 1 { "" } else { "s" }, g.service)
        })
        .collect();
    format!("Allows {}.", per_service.join("; "))
}

/// One element of a statement, as a sentence with the values compared;
/// `text` is the document its spans point into, when the page has it.
fn element(element: Element, m: &ElementMatch, checked: &Checked<'_>, text: Option<&str>) -> Html {
    let (icon, class) = match m {
        ElementMatch::Matched { .. } => ("✓", "allow"),
        ElementMatch::NotMatched { .. } => ("✗", "deny"),
        ElementMatch::Absent => ("–", "muted"),
        ElementMatch::Skipped => ("·", "muted"),
    };
    let sentence = element_sentence(element, m, checked, text);
    html! {
        <li class={classes!("element", class)}><span aria-hidden="true">{ icon }</span>{" "}<b>{ element.name() }</b>{": "}
            { super::why::sentence(&sentence) }
        </li>
    }
}

fn statement(p: &PolicyTrace, s: &StatementTrace, grants: &Grants, checked: &Checked<'_>, text: Option<&str>) -> Html {
    // Spans of policies AWS provides point into AWS's text, not the scenario's.
    let text = text.filter(|_| p.doc == iam_core::DocId(0));
    // Grants are keyed by spans in the scenario's own text.
    let grant = (p.doc == iam_core::DocId(0))
        .then(|| grants.0.iter().find(|(at, _)| *at == s.span.lo()).map(|(_, g)| grants_sentence(g)))
        .flatten();
    let title = format!(
        "{:?} {} — {}",
        s.effect,
        s.sid.as_deref().map_or_else(|| format!("statement {}", s.index + 1), |sid| format!("Sid {sid}")),
        match s.inert {
            Some(why) => why.describe(),
            None if s.applies => "applies",
            None => "does not apply",
        }
    );
    html! {
        <details class={classes!("stmt", s.applies.then_some("applies"))}>
            <summary>{ title }</summary>
            if let Some(grant) = grant {
                <p class="grants muted">{ grant }</p>
            }
            if let Some(why) = s.inert {
                <p class="inert-note" role="note"><span aria-hidden="true">{"⚠ "}</span>{ why.describe() }</p>
            }
            { for p.ignored_in(s.index).map(|i| html! {
                <p class="inert-note" role="note"><span aria-hidden="true">{"⚠ "}</span>
                    <code>{ &i.name }</code>{" is not allowed in this policy type; AWS would refuse the document, and the evaluation ignores the element"}
                </p>
            }) }
            <ul class="elements">
                { element(Element::Principal, &s.principal, checked, text) }
                { element(Element::Action, &s.action, checked, text) }
                { element(Element::Resource, &s.resource, checked, text) }
                { element(Element::Condition, &s.condition, checked, text) }
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
    // Hooks first: whether the step exists may change between renders.
    let limit = use_page_limit();
    let store = use_store();
    let Some(step) = props.step.get() else { return html! {} };
    let text = store.as_ref().filter(|_| !props.stale).map(|s| &*s.text);
    html! {
        <div class="trace">
            { for step.evaluations.iter().map(|e| {
                let checked = Checked { action: &e.action, resource: &e.resource, caller: &e.evaluation.caller };
                html! {
                <section class="evaluation">
                    <h3><code>{ &e.action }</code>{" on "}<code class="arn">{ &e.resource }</code></h3>
                    { for e.evaluation.policies.iter().map(|p| html! {
                        <div class="policy-trace">
                            <h4>{ p.id.to_string() }{" "}<span class="muted">{ format!("({}{}): {}", p.kind.describe(), e.evaluation.level_label(p.layer, p.level), p.outcome.describe()) }</span></h4>
                            { for p.statements.iter().take(*limit).map(|s| statement(p, s, &props.grants, &checked, text)) }
                            { more_button(&limit, p.statements.len(), "statements") }
                            if p.omitted > 0 {
                                <p class="muted omitted-note">{ omitted_sentence(p.omitted) }</p>
                            }
                        </div>
                    }) }
                </section>
            }}) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn grants_read_as_a_sentence() {
        use iam_core::catalogue::{AccessLevel, ServiceGrant};
        let g = |service: &str, levels: Vec<(AccessLevel, usize)>| ServiceGrant {
            prefix: String::new(),
            service: service.into(),
            levels,
        };
        assert_eq!(
            super::grants_sentence(&[
                g("Amazon S3", vec![(AccessLevel::List, 2), (AccessLevel::Read, 41), (AccessLevel::Write, 3)]),
                g("AWS Lambda", vec![(AccessLevel::Write, 1)]),
            ]),
            "Allows 2 list, 41 read and 3 write actions of Amazon S3; 1 write action of AWS Lambda."
        );
    }

    #[test]
    fn omitted_statements_are_counted_and_explained() {
        assert_eq!(
            super::omitted_sentence(999),
            "999 more statements did not apply and are not listed: this run has traced 100000 statements, so later steps keep only the statements that apply."
        );
        assert!(super::omitted_sentence(1).starts_with("1 more statement did not apply"));
    }
}
