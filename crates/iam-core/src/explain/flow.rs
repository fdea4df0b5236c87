//! The evaluation as AWS draws it: a flow of gates from "is there an
//! explicit deny?" through each layer to the decision. Which gates the
//! request passed, which one decided, and which it never reached are data
//! here; the web app draws them and the tests read them.

use super::{Decision, Evaluation, Layer, LayerNote, LayerTrace, PolicyTrace, StatementRef, Verdict};
use crate::diag::{DocId, Span};
use crate::policy::{Effect, PolicyKind};

/// A gate of the flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GateKind {
    /// "Does any policy explicitly deny?", checked before every layer.
    ExplicitDeny,
    Layer {
        layer: Layer,
        level: Option<usize>,
    },
}

/// Where the request stands at a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateState {
    /// The request went through.
    Passed,
    /// This gate decided the request.
    Decided,
    /// A gate before this one decided.
    NotReached,
    /// The gate does not concern this caller or request.
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    pub kind: GateKind,
    /// Short enough to draw: `SCPs · OU \`workloads\``, `Trust policy`.
    pub title: String,
    /// The layer's verdict; for the explicit-deny gate, `ExplicitDeny` or `NoEffect`.
    pub verdict: Verdict,
    pub note: Option<LayerNote>,
    pub state: GateState,
    /// The statement that decided at this gate or let the request through.
    pub statement: Option<StatementRef>,
    /// The policy to open when no statement decided (an implicit deny), when
    /// it is written in the scenario.
    pub policy: Option<(DocId, Span)>,
}

/// The whole flow: its gates in AWS's order, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub gates: Vec<Gate>,
    /// What the policies decided (an AWS rule may override it: see `Evaluation::aws_rule`).
    pub outcome: Decision,
}

impl Layer {
    /// The layer's name in a drawing, where space is short.
    pub fn short(self) -> &'static str {
        match self {
            Layer::Rcp => "RCPs",
            Layer::Scp => "SCPs",
            Layer::ResourcePolicy => "Resource policy",
            Layer::IdentityPolicies => "Identity policies",
            Layer::PermissionsBoundary => "Permissions boundary",
            Layer::SessionPolicy => "Session policy",
        }
    }
}

impl GateState {
    pub fn as_str(self) -> &'static str {
        match self {
            GateState::Passed => "passed",
            GateState::Decided => "decided",
            GateState::NotReached => "not-reached",
            GateState::NotApplicable => "not-applicable",
        }
    }
}

fn policies_of<'e>(ev: &'e Evaluation, l: &'e LayerTrace) -> impl Iterator<Item = &'e PolicyTrace> + 'e {
    l.policies.iter().filter_map(|i| ev.policies.get(*i))
}

fn title(ev: &Evaluation, l: &LayerTrace) -> String {
    let trust = policies_of(ev, l).any(|p| p.kind == PolicyKind::Trust);
    let base = if l.layer == Layer::ResourcePolicy && trust { "Trust policy" } else { l.layer.short() };
    match (&l.name, l.level) {
        (Some(name), _) => format!("{base} · {name}"),
        (None, Some(0)) => format!("{base} · root"),
        (None, Some(level)) => format!("{base} · level {level}"),
        (None, None) => base.to_string(),
    }
}

/// The statement of this layer with `effect` that decided or applied: a
/// deciding statement first, else the first that applies.
fn statement_of(ev: &Evaluation, l: &LayerTrace, effect: Effect) -> Option<StatementRef> {
    let in_layer = |r: &&StatementRef| policies_of(ev, l).any(|p| p.id == r.policy);
    if let Some(r) = ev.determining.iter().filter(|r| r.effect == effect).find(in_layer) {
        return Some(r.clone());
    }
    policies_of(ev, l)
        .find_map(|p| p.statements.iter().find(|s| s.applies && s.effect == effect).map(|s| StatementRef::to(p, s)))
}

/// The flow of `ev`.
pub fn flow(ev: &Evaluation) -> Flow {
    let outcome = ev.policy_decision;
    let deny = outcome == Decision::ExplicitDeny;
    // The gate that decided: the explicit-deny gate, the first layer that
    // did not allow, or (allowed) the layer that granted.
    let decided = |l: &LayerTrace| match outcome {
        Decision::ExplicitDeny => false,
        Decision::ImplicitDeny => l.verdict == Verdict::ImplicitDeny,
        Decision::Allowed => l.layer == ev.layer && l.level == ev.level && l.verdict == Verdict::Allows,
    };
    let first_gap = ev.layers.iter().position(|l| l.verdict == Verdict::ImplicitDeny);
    let mut gates = vec![Gate {
        kind: GateKind::ExplicitDeny,
        title: "Explicit deny?".into(),
        verdict: if deny { Verdict::ExplicitDeny } else { Verdict::NoEffect },
        note: None,
        state: if deny { GateState::Decided } else { GateState::Passed },
        statement: if deny { ev.determining.iter().find(|r| r.effect == Effect::Deny).cloned() } else { None },
        policy: None,
    }];
    for (i, l) in ev.layers.iter().enumerate() {
        let state = if l.verdict == Verdict::NotApplicable {
            GateState::NotApplicable
        } else if deny || first_gap.is_some_and(|gap| i > gap) {
            GateState::NotReached
        } else if decided(l) && (outcome == Decision::Allowed || first_gap == Some(i)) {
            GateState::Decided
        } else {
            GateState::Passed
        };
        let statement = match l.verdict {
            Verdict::Allows => statement_of(ev, l, Effect::Allow),
            Verdict::ExplicitDeny => statement_of(ev, l, Effect::Deny),
            _ => None,
        };
        let policy = policies_of(ev, l).find(|p| p.doc != crate::scenario::AWS_DOC).map(|p| (p.doc, p.span));
        gates.push(Gate {
            kind: GateKind::Layer { layer: l.layer, level: l.level },
            title: title(ev, l),
            verdict: l.verdict,
            note: l.note,
            state,
            statement,
            policy,
        });
    }
    Flow { gates, outcome }
}

#[cfg(test)]
mod tests;
