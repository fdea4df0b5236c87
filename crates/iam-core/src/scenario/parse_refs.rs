//! References between scenario parts: managed policies, groups, SCPs/RCPs,
//! accounts and sessions. Checked after parsing so that every dangling name
//! gets a diagnostic at the place it is written.

use super::*;
use crate::policy::{parse_policy, PolicyId, PolicyKind};
use crate::read::Reader;

/// Every policy reference (managed policies and boundaries) of every identity.
fn all_refs(s: &Scenario) -> Vec<(&Account, &(String, Span))> {
    let mut out = Vec::new();
    for a in &s.accounts {
        for u in &a.users {
            out.extend(u.policies.iter().chain(&u.permissions_boundary).map(|p| (a, p)));
        }
        for g in &a.groups {
            out.extend(g.policies.iter().map(|p| (a, p)));
        }
        for r in &a.roles {
            out.extend(r.policies.iter().chain(&r.permissions_boundary).map(|p| (a, p)));
        }
    }
    out
}

/// Every AWS managed policy ARN the scenario names (attachments, boundaries
/// and session policies), in order, with repeats.
pub(super) fn aws_managed_refs(s: &Scenario) -> Vec<&str> {
    aws_managed_spans(s).into_iter().map(|(arn, _)| arn.as_str()).collect()
}

fn aws_managed_spans(s: &Scenario) -> Vec<&(String, Span)> {
    let session_arns = s.steps.iter().filter_map(|step| match &step.action {
        StepAction::AssumeRole(a) => Some(a.policy_arns.iter()),
        _ => None,
    });
    all_refs(s)
        .into_iter()
        .map(|(_, r)| r)
        .chain(session_arns.flatten())
        .filter(|(arn, _)| managed::is_aws_managed_arn(arn))
        .collect()
}

/// Parses each referenced AWS managed policy once; an unknown one is an error.
pub(super) fn load_aws_managed(
    s: &Scenario,
    r: &mut Reader<'_>,
    source: &dyn managed::ManagedPolicySource,
) -> BTreeMap<String, Policy> {
    let mut loaded = BTreeMap::new();
    for (arn, span) in aws_managed_spans(s) {
        if loaded.contains_key(arn) {
            continue;
        }
        let found = source.get(arn);
        let unavailable = if found.is_none() { source.unavailable(arn) } else { None };
        match (found, unavailable) {
            (Some((_, doc)), _) => {
                // Bundled documents are AWS's own; their size is not held to customer quotas.
                // Its spans point into AWS's document, not the scenario's text.
                if let Some(policy) = parse_policy(doc, PolicyId::new(arn.as_str()), PolicyKind::Identity, super::AWS_DOC).policy {
                    loaded.insert(arn.clone(), policy);
                }
            }
            (None, Some(why)) => {
                r.error(
                    "scenario/managed-policy-unavailable",
                    *span,
                    format!("`{arn}` cannot be evaluated yet: {why}"),
                    "the playground loads AWS managed policies from its own site when a scenario names them; the result follows once it arrives",
                );
            }
            (None, None) if source.complete() => {
                let arns = source.arns();
                let d = crate::Diagnostic::error(
                    "lint/unknown-managed-policy",
                    r.doc,
                    *span,
                    format!("`{arn}` is not an AWS managed policy (of the {} AWS publishes)", arns.len()),
                );
                r.diags.push(match crate::catalogue::closest(arn, arns.iter().copied()) {
                    Some(near) => crate::lint::did_you_mean(d, near),
                    None => d.with_help("AWS managed policy ARNs look like `arn:aws:iam::aws:policy/ReadOnlyAccess`; or define the policy yourself under `policies`"),
                });
            }
            (None, None) => r.error(
                "scenario/unknown-aws-managed-policy",
                *span,
                format!("`{arn}` is not one of the bundled AWS managed policies"),
                "bundled: AdministratorAccess, PowerUserAccess, ReadOnlyAccess, IAMFullAccess, AmazonS3ReadOnlyAccess, AmazonS3FullAccess, AmazonDynamoDBFullAccess, service-role/AWSLambdaBasicExecutionRole, AmazonEC2ReadOnlyAccess, SecurityAudit and more (see data/aws-managed/SOURCE.md); the CLI knows every AWS managed policy; or define the policy yourself under `policies`",
            ),
        }
    }
    loaded
}

/// Finds a managed policy by name (in `account`) or by ARN (anywhere).
pub fn find_policy<'s>(s: &'s Scenario, account: &Account, reference: &str) -> Option<&'s Policy> {
    if managed::is_aws_managed_arn(reference) {
        return s.aws_managed.get(reference);
    }
    // Found through the index (first definition wins, as a scan would).
    let &(a, i) = if reference.starts_with("arn:") {
        s.index.policy_arns.get(reference)?
    } else {
        s.index.policies.get(&(account.id.clone(), reference.to_string()))?
    };
    s.accounts.get(a)?.policies.get(i).map(|p| &p.policy)
}

pub(super) fn check_references(s: &Scenario, r: &mut Reader<'_>) {
    for (account, (reference, span)) in all_refs(s) {
        if !managed::is_aws_managed_arn(reference) && find_policy(s, account, reference).is_none() {
            r.error(
                "scenario/unknown-policy",
                *span,
                format!("no managed policy `{reference}` in account {}", account.id),
                "define it under the account's `policies`, or use the ARN of an AWS managed policy",
            );
        }
    }
    let mut account_ids = std::collections::BTreeSet::new();
    for a in &s.accounts {
        if !account_ids.insert(a.id.as_str()) {
            r.error("scenario/duplicate-account", Span::default(), format!("account {} is defined twice", a.id), "");
        }
        for u in &a.users {
            for (g, span) in &u.groups {
                if !a.groups.iter().any(|x| &x.name == g) {
                    r.error(
                        "scenario/unknown-group",
                        *span,
                        format!("user `{}` is in group `{g}`, which account {} does not define", u.name, a.id),
                        "",
                    );
                }
            }
        }
    }
    if let Some(org) = &s.organization {
        check_org_node(&org.root, org, s, r);
    }
    check_steps(s, r);
}

fn check_attachments(names: &[(String, Span)], defined: &[NamedPolicy], builtin: &str, kind: &str, r: &mut Reader<'_>) {
    for (name, span) in names {
        if name != builtin && !defined.iter().any(|p| &p.name == name) {
            r.error(
                "scenario/unknown-org-policy",
                *span,
                format!("no {kind} named `{name}`"),
                "define it under the organization's policies, or use the AWS managed name",
            );
        }
    }
}

fn check_org_node(node: &OrgNode, org: &Organization, s: &Scenario, r: &mut Reader<'_>) {
    check_attachments(&node.scps, &org.scps, super::org::FULL_AWS_ACCESS, "service control policy", r);
    check_attachments(&node.rcps, &org.rcps, super::org::RCP_FULL_AWS_ACCESS, "resource control policy", r);
    for a in &node.accounts {
        check_attachments(&a.scps, &org.scps, super::org::FULL_AWS_ACCESS, "service control policy", r);
        check_attachments(&a.rcps, &org.rcps, super::org::RCP_FULL_AWS_ACCESS, "resource control policy", r);
        if !s.accounts.iter().any(|x| x.id == a.id) {
            r.warn(
                "scenario/unknown-account",
                a.span,
                format!("account {} is in the organization but not defined under `accounts`", a.id),
                "",
            );
        }
    }
    for unit in &node.units {
        check_org_node(unit, org, s, r);
    }
}

/// Session references (`session:<id>`) must name an earlier role-assumption step.
/// Ids seen so far are kept in a map, so the check is O(n log n) in the steps.
/// The codes [`check_steps`] reports: a step's reading may change them in
/// any other step.
pub(super) const STEP_CHECKS: [&str; 2] = [UNKNOWN_SESSION, DUPLICATE_STEP_ID];
const UNKNOWN_SESSION: &str = "scenario/unknown-session";
const DUPLICATE_STEP_ID: &str = "scenario/duplicate-step-id";

/// Sessions named before the step that makes them, and step ids used twice.
pub(super) fn check_steps(s: &Scenario, r: &mut Reader<'_>) {
    // The first step with each id, and whether it makes a session.
    let mut ids: BTreeMap<&str, bool> = BTreeMap::new();
    for step in &s.steps {
        let principal = match &step.action {
            StepAction::Request { principal, .. } => Some(principal),
            StepAction::AssumeRole(a) => Some(&a.caller),
            StepAction::SessionToken { caller, .. } => Some(caller),
            StepAction::FederationToken(f) => Some(&f.caller),
            _ => None,
        };
        if let Some((principal, target)) = principal.and_then(|p| p.0.strip_prefix("session:").map(|t| (p, t))) {
            if ids.get(target) != Some(&true) {
                r.error(
                    UNKNOWN_SESSION,
                    principal.1,
                    format!("`{}` does not name an earlier role-assumption step", principal.0),
                    "give the assume step an `id` and refer to it as `session:<id>` in a later step",
                );
            }
        }
        if let Some(id) = &step.id {
            if ids.contains_key(id.as_str()) {
                r.error(DUPLICATE_STEP_ID, step.span, format!("step id `{id}` is used twice"), "");
            } else {
                ids.insert(id, !matches!(step.action, StepAction::Request { .. }));
            }
        }
    }
}
