//! The role-assumption chain that led to a step, as data for a drawing: who
//! acted in which account, each hop with the role's trust check and the
//! caller's own check apart, and the sessions on a time line.

use super::{StepOutcome, StepResult};
use crate::condition::values::Instant;
use crate::explain::{Decision, Evaluation, Layer, Verdict};

/// One side of a role assumption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Allows,
    Refuses,
    /// The caller needs no permission of its own (a service, an identity
    /// provider, or a trust policy that names the caller directly).
    NotNeeded,
}

impl Check {
    pub fn symbol(self) -> &'static str {
        match self {
            Check::Allows => "✓",
            Check::Refuses => "✗",
            Check::NotNeeded => "not needed",
        }
    }
}

/// A principal or resource in the chain, and the account it lives in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// An ARN, a service principal or an identity provider, as the step names it.
    pub name: String,
    /// `None` for services and identity providers, which are outside every account.
    pub account: Option<String>,
}

/// A step of the chain: `from` calls `action`, reaching `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    pub step: usize,
    pub from: Party,
    pub action: String,
    /// The session made, or the resource acted on (the role when an assumption
    /// was refused); an empty name, in the caller's account, when the request
    /// could not be made.
    pub to: Party,
    pub decision: Option<Decision>,
    /// Role assumptions only: the role's trust policy and the caller's own side
    /// (its identity policies, boundary and session policy).
    pub trust: Option<Check>,
    pub caller: Option<Check>,
    /// A guardrail (SCP or RCP) that refused though both sides allowed.
    pub guardrail: Option<Layer>,
    /// Why the request could not be made (`sts/expired-token`, …).
    pub failure: Option<String>,
}

/// A session's life on the time line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSpan {
    pub step: usize,
    pub name: String,
    pub arn: String,
    pub issued_at: Instant,
    /// `None` when the service rotates the credentials.
    pub expires_at: Option<Instant>,
}

/// A step of the chain on the time line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub step: usize,
    pub time: Instant,
    /// The credentials it used had expired.
    pub expired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub hops: Vec<Hop>,
    pub sessions: Vec<SessionSpan>,
    pub ticks: Vec<Tick>,
}

/// The steps from the first caller to `selected`, following the sessions used.
pub fn links(results: &[StepResult], selected: usize) -> Vec<&StepResult> {
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

/// The account of an ARN (its fifth field), when it has one.
pub fn account_of(arn: &str) -> Option<String> {
    let account = arn.strip_prefix("arn:")?.split(':').nth(3)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then(|| account.to_string())
}

fn verdict(ev: &Evaluation, layer: Layer) -> Option<Verdict> {
    ev.layers.iter().find(|l| l.layer == layer).map(|l| l.verdict)
}

fn refuses(v: Option<Verdict>) -> bool {
    matches!(v, Some(Verdict::ImplicitDeny | Verdict::ExplicitDeny))
}

/// The two sides of a role assumption, each from its own layers.
pub fn sides(ev: &Evaluation) -> (Check, Check) {
    let trust = match verdict(ev, Layer::ResourcePolicy) {
        Some(Verdict::Allows) => Check::Allows,
        _ => Check::Refuses,
    };
    let own = [Layer::PermissionsBoundary, Layer::SessionPolicy].into_iter().any(|l| refuses(verdict(ev, l)));
    let caller = match verdict(ev, Layer::IdentityPolicies) {
        _ if own => Check::Refuses,
        Some(Verdict::Allows) => Check::Allows,
        Some(Verdict::NotRequired | Verdict::NotApplicable) => Check::NotNeeded,
        _ => Check::Refuses,
    };
    (trust, caller)
}

fn is_assumption(action: &str) -> bool {
    action.to_ascii_lowercase().starts_with("sts:assumerole")
}

/// The chain that led to step `selected`.
pub fn chain(results: &[StepResult], selected: usize) -> Chain {
    let steps = links(results, selected);
    let mut hops = Vec::new();
    let mut ticks = Vec::new();
    let mut sessions: Vec<SessionSpan> = Vec::new();
    for step in &steps {
        let first = step.evaluations.first();
        let action = first.map_or_else(|| step.name.clone(), |e| e.action.clone());
        let from_account =
            first.and_then(|e| e.evaluation.caller_account.clone()).or_else(|| account_of(&step.principal));
        let from = Party { name: step.principal.clone(), account: from_account };
        let to = match (&step.session, first) {
            (Some(s), _) => Party { name: s.arn.clone(), account: account_of(&s.arn) },
            (None, Some(e)) => Party {
                name: e.resource.clone(),
                account: e.evaluation.resource_account.clone().or_else(|| account_of(&e.resource)),
            },
            // The request was never made (expired credentials, …): nothing was reached.
            (None, None) => Party { name: String::new(), account: from.account.clone() },
        };
        let assume = first.filter(|e| is_assumption(&e.action));
        let (trust, caller) = match assume.map(|e| sides(&e.evaluation)) {
            Some((t, c)) => (Some(t), Some(c)),
            None => (None, None),
        };
        let guardrail = first
            .filter(|e| {
                e.evaluation.decision != Decision::Allowed && matches!(e.evaluation.layer, Layer::Scp | Layer::Rcp)
            })
            .map(|e| e.evaluation.layer);
        let failure = match &step.outcome {
            StepOutcome::Failed { code, .. } => Some(code.clone()),
            StepOutcome::Decided { .. } => None,
        };
        // The session this step acted with, if any: was it still valid?
        let used = sessions.iter().rev().find(|s| s.arn == step.principal);
        let expired = used.and_then(|s| s.expires_at).is_some_and(|end| step.time >= end);
        ticks.push(Tick { step: step.index, time: step.time, expired });
        if let Some(s) = &step.session {
            sessions.push(SessionSpan {
                step: step.index,
                name: s.session_name.clone(),
                arn: s.arn.clone(),
                issued_at: s.issued_at,
                expires_at: s.expires_at,
            });
        }
        hops.push(Hop {
            step: step.index,
            from,
            action,
            to,
            decision: step.decision,
            trust,
            caller,
            guardrail,
            failure,
        });
    }
    Chain { hops, sessions, ticks }
}

#[cfg(test)]
mod tests;
