//! Resource entries against the actions of their statement: ARNs that none
//! of the actions acts on, and actions that work only with `"Resource": "*"`.

use crate::catalogue::{Action, ActionLookup, Service};
use crate::diag::Diagnostic;
use crate::policy::{Policy, Statement};

pub(super) fn lint_resources(
    statement: &Statement,
    lookups: &[ActionLookup<'_>],
    policy: &Policy,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(action), Some(resource)) = (&statement.action, &statement.resource) else { return };
    if action.negated || resource.negated || resource.items.is_empty() {
        return;
    }
    // Only when every action entry is known: otherwise the statement may act on anything.
    let mut actions: Vec<(&Service, &Action)> = Vec::new();
    for lookup in lookups {
        match lookup {
            ActionLookup::Known(found) => actions.extend(found.iter().copied()),
            _ => return,
        }
    }
    if resource.items.iter().any(|r| r.text == "*") {
        return;
    }
    // Actions that act on no resource type work only with "Resource": "*".
    for (item, lookup) in action.items.iter().zip(lookups) {
        let ActionLookup::Known(found) = lookup else { continue };
        if !item.text.contains(['*', '?']) && found.iter().all(|(_, a)| a.resources.is_empty()) {
            out.push(
                Diagnostic::warning(
                    "lint/wildcard-only-action-with-resource",
                    policy.doc,
                    item.span,
                    format!(
                        "`{}` acts on no specific resource, so AWS checks it only against `\"Resource\": \"*\"`; with the ARNs listed it never matches",
                        item.text
                    ),
                )
                .with_help("move the action to a statement with `\"Resource\": \"*\"`"),
            );
        }
    }
    // A literal ARN (no wildcard, no variable) that none of the actions acts on.
    let with_types: Vec<_> = actions.iter().filter(|(_, a)| !a.resources.is_empty()).collect();
    if with_types.is_empty() {
        return;
    }
    // The resource types the actions act on, each once (a pattern such as
    // `ec2:Describe*` names hundreds of actions but a few dozen types).
    let mut types: Vec<(&str, &crate::catalogue::ResourceType)> = with_types
        .iter()
        .flat_map(|(service, a)| {
            a.resources.iter().filter_map(|r| service.resources.get(&r.name).map(|t| (service.prefix.as_str(), t)))
        })
        .collect();
    types.sort_unstable_by(|a, b| (a.0, a.1.name.as_str()).cmp(&(b.0, b.1.name.as_str())));
    types.dedup_by(|a, b| a.0 == b.0 && a.1.name == b.1.name);
    for item in &resource.items {
        if item.text.contains(['*', '?']) || item.text.contains("${") || item.text.split(':').count() < 6 {
            continue;
        }
        let named = types.iter().any(|(_, t)| t.names(&item.text));
        if named {
            continue;
        }
        let example = with_types.first().map(|(service, a)| {
            let types: Vec<String> = a
                .resources
                .iter()
                .filter_map(|r| service.resources.get(&r.name))
                .take(3)
                .map(|t| format!("{} (`{}`)", t.name, t.arn))
                .collect();
            format!("`{}:{}` acts on {}", service.prefix, a.name, types.join(", "))
        });
        let d = Diagnostic::warning(
            "lint/resource-type-mismatch",
            policy.doc,
            item.span,
            format!("none of the statement's actions acts on `{}`, so this entry never matches", item.text),
        );
        out.push(match example {
            Some(e) => d.with_help(format!("{e}; check the ARN's form")),
            None => d,
        });
    }
}
