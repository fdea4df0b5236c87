//! Checks of a policy against the AWS service catalogue: names that AWS
//! stores but that can never match, because no such service, action or
//! condition key exists, and condition keys used where they cannot apply.

mod conditions;

use crate::catalogue::{closest, ActionLookup, Catalogue};
use crate::diag::{AwsStance, Diagnostic};
use crate::policy::Policy;
use crate::Span;

/// Every catalogue finding of `policy`, in text order.
pub fn lint_policy(policy: &Policy, catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for statement in policy.statements.iter() {
        if let Some(action) = &statement.action {
            for item in &action.items {
                lint_action(&item.text, item.span, policy, catalogue, &mut out);
            }
        }
        conditions::lint_conditions(statement, policy, catalogue, &mut out);
    }
    crate::diag::sort_by_position(&mut out);
    out
}

fn stored(d: Diagnostic) -> Diagnostic {
    Diagnostic { aws: Some(AwsStance::Stores), ..d }
}

fn lint_action(text: &str, span: Span, policy: &Policy, catalogue: &Catalogue, out: &mut Vec<Diagnostic>) {
    // A malformed entry (no prefix, spaces) already has its grammar error.
    let Some((prefix, name)) = text.split_once(':') else { return };
    if prefix.is_empty() || name.is_empty() || text.contains(char::is_whitespace) || name.contains("${") {
        return;
    }
    match catalogue.lookup(text) {
        ActionLookup::Everything | ActionLookup::Known(_) => {}
        ActionLookup::UnknownService { prefix } => {
            let help = match catalogue.closest_service(&prefix) {
                Some(s) => format!("did you mean `{s}:{name}`?"),
                None => "a service prefix is the part before `:` in an action, such as `s3` or `ec2`".into(),
            };
            out.push(stored(
                Diagnostic::error(
                    "lint/unknown-service",
                    policy.doc,
                    span,
                    format!("`{prefix}` is not the prefix of any AWS service, so `{text}` matches no action"),
                )
                .with_help(help),
            ));
        }
        ActionLookup::NoMatch { service } => {
            let pattern = name.contains(['*', '?']);
            let message = if pattern {
                format!("`{text}` matches none of the {} actions of {}", service.actions().len(), service.name)
            } else {
                format!("{} has no action `{name}`, so this entry never matches", service.name)
            };
            let suggestion =
                (!pattern).then(|| closest(name, service.actions().iter().map(|a| a.name.as_str()))).flatten();
            let help = match suggestion {
                Some(s) => format!("did you mean `{}:{s}`?", service.prefix),
                None => format!("`iam-playground expand '{}:*'` lists its actions", service.prefix),
            };
            out.push(stored(Diagnostic::error("lint/unknown-action", policy.doc, span, message).with_help(help)));
        }
    }
}

#[cfg(test)]
mod tests;
