//! Evaluating one request against every policy that applies to it.

pub(crate) mod aws_rules;
mod decide;
pub(crate) mod statement;

use crate::context::Context;
use crate::explain::{Evaluation, Layer, PolicyOutcome, PolicyTrace};
use crate::matching::arn::Arn;
use crate::matching::principal::Caller;
use crate::policy::{Effect, Policy};
use statement::Probe;
use std::collections::BTreeSet;

/// Every policy that can take part in a decision.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    /// The caller's identity-based policies: a user's own and its groups', or the role's.
    pub identity: Vec<Policy>,
    /// The resource's policy (a role's trust policy when the resource is a role).
    pub resource: Option<Policy>,
    pub boundary: Option<Policy>,
    /// Session policies: an inline one and managed ones (`PolicyArns`); any of
    /// them may allow, and every one is searched for denies.
    pub session: Vec<Policy>,
    /// SCPs of the caller's account, one list per level, root first. `None`: no organization.
    pub scps: Option<Vec<Vec<Policy>>>,
    /// RCPs of the resource's account, one list per level. RCPFullAWSAccess is implicit.
    pub rcps: Option<Vec<Vec<Policy>>>,
    /// Identity policies that came through a group: the policy and the group's
    /// name (the explanation says "from her group `developers`").
    pub via_group: Vec<(crate::policy::PolicyId, String)>,
    /// What each SCP level is (`OU \`workloads\``), root first; empty when unnamed.
    pub scp_level_names: Vec<String>,
    /// As `scp_level_names`, for the RCP levels of the resource's account.
    pub rcp_level_names: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub caller: Caller,
    pub action: String,
    pub resource: String,
    /// Defaults to the resource ARN's account, else to the caller's account.
    pub resource_account: Option<String>,
    /// Taken exactly as given: nothing is derived from the caller here.
    pub context: Context,
}

impl Request {
    /// The account that owns the resource. Resources AWS owns (account field
    /// `aws`, such as AWS managed policies) count as the caller's own: reading
    /// them needs only the caller's side.
    pub fn effective_resource_account(&self) -> Option<String> {
        self.resource_account
            .clone()
            .or_else(|| {
                Arn::parse(&self.resource).map(|a| a.account.to_string()).filter(|a| !a.is_empty() && a != "aws")
            })
            .or_else(|| self.caller.account().map(str::to_string))
    }

    /// Trust policies (sts actions on a role) and KMS key policies must allow
    /// explicitly, even within one account.
    pub fn explicit_allow_required(&self) -> bool {
        let Some(arn) = Arn::parse(&self.resource) else { return false };
        let sts = self.action.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sts:"));
        // Only KMS keys have key policies: an alias is governed by IAM policies alone.
        (arn.service == "kms" && arn.resource.starts_with("key/"))
            || (arn.service == "iam" && arn.resource.starts_with("role/") && sts)
    }
}

/// Evaluates `request` against `set`. Never fails: problems in the inputs are
/// the parsers' diagnostics; here every outcome is a decision with its trace.
pub fn evaluate(set: &PolicySet, request: &Request) -> Evaluation {
    let caller = &request.caller;
    let identity_based = matches!(
        caller,
        Caller::User { .. } | Caller::Role { .. } | Caller::AssumedRole { .. } | Caller::FederatedUser { .. }
    );
    let mut missing = BTreeSet::new();
    let mut probe = Probe {
        request,
        action: request.action.to_lowercase(),
        has_boundary: identity_based && set.boundary.is_some(),
        caller_arn: caller.arn_string(),
        missing: &mut missing,
    };
    let mut policies = Vec::new();
    for (level, list) in set.rcps.iter().flatten().enumerate() {
        policies.extend(list.iter().map(|p| trace_policy(p, Layer::Rcp, Some(level), &mut probe)));
    }
    for (level, list) in set.scps.iter().flatten().enumerate() {
        policies.extend(list.iter().map(|p| trace_policy(p, Layer::Scp, Some(level), &mut probe)));
    }
    if let Some(p) = &set.resource {
        policies.push(trace_policy(p, Layer::ResourcePolicy, None, &mut probe));
    }
    policies.extend(set.identity.iter().map(|p| trace_policy(p, Layer::IdentityPolicies, None, &mut probe)));
    if let Some(p) = &set.boundary {
        policies.push(trace_policy(p, Layer::PermissionsBoundary, None, &mut probe));
    }
    policies.extend(set.session.iter().map(|p| trace_policy(p, Layer::SessionPolicy, None, &mut probe)));
    let resource_account = request.effective_resource_account();
    let caller_account = caller.account().map(str::to_string);
    let same_account = caller_account.is_some() && caller_account == resource_account;
    let scope = decide::Scope {
        caller,
        same_account,
        explicit_required: request.explicit_allow_required(),
        trust: set.resource.as_ref().is_some_and(|p| p.kind == crate::policy::PolicyKind::Trust),
        has_scps: set.scps.as_ref().map(Vec::len),
        has_rcps: set.rcps.as_ref().map(Vec::len),
        has_resource_policy: set.resource.is_some(),
        has_boundary: set.boundary.is_some(),
        has_session_policy: !set.session.is_empty(),
    };
    let mut outcome = decide::decide(&scope, &policies);
    for layer in &mut outcome.layers {
        let names = match layer.layer {
            Layer::Scp => &set.scp_level_names,
            Layer::Rcp => &set.rcp_level_names,
            _ => continue,
        };
        layer.name = layer.level.and_then(|l| names.get(l).cloned());
    }
    let mut evaluation = Evaluation {
        decision: outcome.decision,
        aws_rule: None,
        policy_decision: outcome.decision,
        layer: outcome.layer,
        level: outcome.level,
        determining: outcome.determining,
        caller: caller.clone(),
        caller_account,
        resource_account,
        same_account,
        explicit_allow_required: scope.explicit_required,
        layers: outcome.layers,
        policies,
        missing_context: missing.into_iter().collect(),
    };
    if let Some(rule) = aws_rules::rule_for(request) {
        aws_rules::apply(&mut evaluation, rule);
    }
    evaluation
}

fn trace_policy(policy: &Policy, layer: Layer, level: Option<usize>, probe: &mut Probe<'_>) -> PolicyTrace {
    let statements: Vec<_> = policy.statements.iter().map(|s| statement::trace(s, policy.kind, probe)).collect();
    let applies = |effect| statements.iter().any(|s| s.applies && s.effect == effect);
    let outcome = if applies(Effect::Deny) {
        PolicyOutcome::Denies
    } else if applies(Effect::Allow) {
        PolicyOutcome::Allows
    } else {
        PolicyOutcome::NoMatch
    };
    PolicyTrace {
        id: policy.id.clone(),
        doc: policy.doc,
        kind: policy.kind,
        layer,
        level,
        span: policy.span,
        outcome,
        statements,
        ignored: policy.ignored.clone(),
        omitted: 0,
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod tests_refused;
