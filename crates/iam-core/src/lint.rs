//! Checks of a policy against the AWS service catalogue: names that AWS
//! stores but that can never match, because no such service, action or
//! condition key exists, and condition keys used where they cannot apply.

mod actions;
mod conditions;
mod resources;

use crate::catalogue::{ActionLookup, Catalogue};
use crate::diag::{AwsStance, Diagnostic};
use crate::policy::Policy;
use crate::scenario::{Scenario, StepAction};

/// Every catalogue finding of `policy`, in text order.
pub fn lint_policy(policy: &Policy, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for statement in policy.statements.iter() {
        // What each action entry names, looked up once for every check.
        let lookups: Vec<ActionLookup<'_>> = statement
            .action
            .as_ref()
            .map_or_else(Vec::new, |a| a.items.iter().map(|i| catalogue.lookup(&i.text)).collect());
        actions::lint_actions(statement, &lookups, policy, catalogue, &mut out);
        resources::lint_resources(statement, &lookups, policy, &mut out);
        conditions::lint_conditions(statement, &lookups, policy, catalogue, &mut out);
    }
    crate::diag::sort_by_position(&mut out);
    out
}

/// "Did you mean `name`?", with `name` as the replacement for the span (a
/// JSON string, as the span covers one).
pub(crate) fn did_you_mean(d: Diagnostic, name: &str) -> Diagnostic {
    let quoted = format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""));
    d.with_help(format!("did you mean `{name}`?")).with_suggestion(quoted)
}

/// Every catalogue finding of the policies a scenario writes, in text order.
/// AWS managed policies are AWS's own and are not checked.
pub fn lint_scenario(s: &Scenario, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = scenario_policies(s).into_iter().flat_map(|p| lint_policy(p, catalogue)).collect();
    crate::diag::sort_by_position(&mut out);
    out
}

/// The policies a scenario writes in its text (organization, account,
/// inline, trust, resource and session policies), not the AWS managed ones.
pub fn scenario_policies(s: &Scenario) -> Vec<&Policy> {
    let mut policies: Vec<&Policy> = Vec::new();
    if let Some(org) = &s.organization {
        policies.extend(named(&org.scps));
        policies.extend(named(&org.rcps));
    }
    for a in &s.accounts {
        policies.extend(named(&a.policies));
        for u in &a.users {
            policies.extend(named(&u.inline_policies));
        }
        for g in &a.groups {
            policies.extend(named(&g.inline_policies));
        }
        for r in &a.roles {
            policies.extend(r.trust_policy.iter());
            policies.extend(named(&r.inline_policies));
        }
        policies.extend(a.resources.iter().filter_map(|r| r.policy.as_ref()));
    }
    for step in &s.steps {
        let session = match &step.action {
            StepAction::AssumeRole(a) => a.session_policy.as_ref(),
            StepAction::Federated(f) => f.session_policy.as_ref(),
            StepAction::FederationToken(f) => f.session_policy.as_ref(),
            StepAction::Request { .. } | StepAction::ServiceAssumeRole { .. } | StepAction::SessionToken { .. } => None,
        };
        policies.extend(session);
    }
    policies
}

fn named(list: &[crate::scenario::NamedPolicy]) -> impl Iterator<Item = &Policy> {
    list.iter().map(|p| &p.policy)
}

fn stored(d: Diagnostic) -> Diagnostic {
    Diagnostic { aws: Some(AwsStance::Stores), ..d }
}

#[cfg(test)]
mod tests;
