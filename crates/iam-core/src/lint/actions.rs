//! Action entries against the catalogue: unknown services and actions
//! ("did you mean"), entries another entry already covers, and whole-service
//! wildcards.

use super::stored;
use crate::catalogue::{closest, ActionLookup, Catalogue};
use crate::diag::Diagnostic;
use crate::policy::{Effect, Policy, Statement};
use crate::Span;

pub(super) fn lint_actions(
    statement: &Statement,
    lookups: &[ActionLookup<'_>],
    policy: &Policy,
    catalogue: &Catalogue,
    out: &mut Vec<Diagnostic>,
) {
    let Some(action) = &statement.action else { return };
    for (item, lookup) in action.items.iter().zip(lookups) {
        lint_action(&item.text, item.span, lookup, policy, catalogue, out);
    }
    if action.negated {
        return;
    }
    // What each entry names, for redundancy: each action of the catalogue by
    // its address (one object per action), sorted; `None` when unknown or everything.
    let named: Vec<Option<Vec<usize>>> = lookups
        .iter()
        .map(|lookup| match lookup {
            ActionLookup::Known(found) => {
                let mut names: Vec<usize> =
                    found.iter().map(|(_, a)| std::ptr::from_ref::<crate::catalogue::Action>(a) as usize).collect();
                names.sort_unstable();
                names.dedup();
                Some(names)
            }
            _ => None,
        })
        .collect();
    let within = |mine: &[usize], other: &[usize]| {
        mine.len() <= other.len() && mine.iter().all(|m| other.binary_search(m).is_ok())
    };
    for (i, item) in action.items.iter().enumerate() {
        let Some(Some(mine)) = named.get(i) else { continue };
        let cover = named.iter().enumerate().find(|(j, other)| {
            *j != i && other.as_ref().is_some_and(|o| within(mine, o) && (mine.len() < o.len() || *j < i))
        });
        if let Some((j, _)) = cover {
            let by = action.items.get(j).map_or("", |o| o.text.as_str());
            out.push(
                Diagnostic::suggestion(
                    "lint/redundant-action",
                    policy.doc,
                    item.span,
                    format!("`{}` is already covered by `{by}` in the same statement", item.text),
                )
                .with_help("remove it; the statement means the same without it"),
            );
        }
    }
    if statement.effect == Effect::Allow {
        for item in &action.items {
            service_wildcard(&item.text, item.span, policy, catalogue, out);
        }
    }
}

/// `service:*` in an Allow: every action of the service, whatever its level.
fn service_wildcard(text: &str, span: Span, policy: &Policy, catalogue: &Catalogue, out: &mut Vec<Diagnostic>) {
    let Some((prefix, "*")) = text.split_once(':') else { return };
    let Some(service) = catalogue.service(prefix).filter(|s| s.is_loaded()) else { return };
    let count = |level| service.actions().iter().filter(|a| a.access == level).count();
    use crate::catalogue::AccessLevel::{PermissionsManagement, Write};
    out.push(
        Diagnostic::suggestion(
            "lint/service-wildcard",
            policy.doc,
            span,
            format!(
                "`{text}` allows all {} actions of {}, {} of them write and {} permissions management",
                service.actions().len(),
                service.name,
                count(Write),
                count(PermissionsManagement)
            ),
        )
        .with_help(format!(
            "least privilege: list the actions the task needs (`iam-playground expand '{}:*' --access-level` shows them)",
            service.prefix
        )),
    );
}

fn lint_action(
    text: &str,
    span: Span,
    lookup: &ActionLookup<'_>,
    policy: &Policy,
    catalogue: &Catalogue,
    out: &mut Vec<Diagnostic>,
) {
    // A malformed entry (no prefix, spaces) already has its grammar error.
    let Some((prefix, name)) = text.split_once(':') else { return };
    if prefix.is_empty() || name.is_empty() || text.contains(char::is_whitespace) || name.contains("${") {
        return;
    }
    match lookup {
        ActionLookup::Everything | ActionLookup::Known(_) | ActionLookup::NotLoaded { .. } => {}
        ActionLookup::UnknownService { prefix } => {
            let d = Diagnostic::error(
                "lint/unknown-service",
                policy.doc,
                span,
                format!("`{prefix}` is not the prefix of any AWS service, so `{text}` matches no action"),
            );
            out.push(stored(match catalogue.closest_service(prefix) {
                Some(s) => super::did_you_mean(d, &format!("{s}:{name}")),
                None => d.with_help("a service prefix is the part before `:` in an action, such as `s3` or `ec2`"),
            }));
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
            let d = Diagnostic::error("lint/unknown-action", policy.doc, span, message);
            out.push(stored(match suggestion {
                Some(s) => super::did_you_mean(d, &format!("{}:{s}", service.prefix)),
                None => d.with_help(format!("`iam-playground expand '{}:*'` lists its actions", service.prefix)),
            }));
        }
    }
}
