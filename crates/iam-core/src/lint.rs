//! Checks of a policy against the AWS service catalogue: names that AWS
//! stores but that can never match, because no such service, action or
//! condition key exists, and condition keys used where they cannot apply.

mod actions;
mod conditions;
mod resources;

use crate::catalogue::{ActionLookup, Catalogue};
use crate::diag::{AwsStance, Diagnostic};
use crate::policy::Policy;

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

fn stored(d: Diagnostic) -> Diagnostic {
    Diagnostic { aws: Some(AwsStance::Stores), ..d }
}

#[cfg(test)]
mod tests;
