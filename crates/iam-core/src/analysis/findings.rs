//! Findings for a whole model: risky trust policies, access from outside the
//! model's accounts, who is effectively an administrator, who can raise
//! their own permissions, and the best practices of the guides (groups over
//! user policies, key rotation, no unused roles). Each finding has a stable
//! code, a kind (the four kinds of the lint findings), a message, the ARN of
//! what it is about, and for escalations the path as steps.

use super::who_can::{explore, Explored};
use crate::condition::ConditionEntry;
use crate::diag::Severity;
use crate::explain::Decision;
use crate::matching::principal::PrincipalEntry;
use crate::policy::{Effect, Policy, Statement};
use crate::scenario::Scenario;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub kind: Severity,
    pub message: String,
    /// The ARN of the user, role or resource concerned.
    pub subject: String,
    /// For an escalation: the steps, in order.
    pub path: Option<Vec<String>>,
}

fn finding(code: &'static str, kind: Severity, subject: &str, message: String) -> Finding {
    Finding { code, kind, message, subject: subject.to_string(), path: None }
}

/// Every finding of `s`, grouped by kind of check, in model order.
pub fn findings(s: &Scenario) -> Vec<Finding> {
    findings_with(s, &explore(s))
}

/// As [`findings`], with the principals of `s` already found.
pub fn findings_with(s: &Scenario, explored: &Explored) -> Vec<Finding> {
    let known = known_accounts(s);
    let mut out = Vec::new();
    for account in &s.accounts {
        for role in &account.roles {
            if let Some(trust) = &role.trust_policy {
                trust_findings(&role.arn, trust, &known, &mut out);
                external_access(&role.arn, "assume the role", trust, &known, &mut out);
            }
        }
        for resource in &account.resources {
            if let Some(policy) = &resource.policy {
                external_access(&resource.arn, "reach it", policy, &known, &mut out);
            }
        }
    }
    let admins = effective_access(s, explored, &mut out);
    whole_services(s, &mut out);
    super::escalation::escalations(s, explored, &admins, &mut out);
    best_practices(s, explored, &known, &mut out);
    out
}

/// The accounts of the model: its own and its organization's.
fn known_accounts(s: &Scenario) -> BTreeSet<String> {
    let mut known: BTreeSet<String> = s.accounts.iter().map(|a| a.id.clone()).collect();
    if let Some(org) = &s.organization {
        known.extend(org.management_account.iter().cloned());
        let mut nodes = vec![&org.root];
        while let Some(node) = nodes.pop() {
            known.extend(node.accounts.iter().map(|a| a.id.clone()));
            nodes.extend(node.units.iter());
        }
    }
    known
}

fn has_key(conditions: &[ConditionEntry], keys: &[&str]) -> bool {
    conditions.iter().any(|c| keys.contains(&c.key_lower.as_str()))
}

/// Condition keys that limit who a statement lets in.
const PRINCIPAL_LIMITS: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "sts:externalid",
    "aws:userid",
];

fn label(s: &Statement) -> String {
    s.sid.as_ref().map_or_else(|| format!("statement {}", s.index + 1), |sid| format!("`{sid}`"))
}

fn allows(policy: &Policy) -> impl Iterator<Item = &Statement> {
    policy.statements.iter().filter(|s| s.effect == Effect::Allow && s.inert.is_none())
}

fn account_of_entry(e: &PrincipalEntry) -> Option<String> {
    match e {
        PrincipalEntry::Account { account } => Some(account.clone()),
        PrincipalEntry::Role { account, .. } => Some(account.clone()),
        PrincipalEntry::User { arn } | PrincipalEntry::AssumedRole { arn } | PrincipalEntry::FederatedUser { arn } => {
            arn.split(':').nth(4).map(str::to_string)
        }
        _ => None,
    }
}

fn trust_findings(role: &str, trust: &Policy, known: &BTreeSet<String>, out: &mut Vec<Finding>) {
    for s in allows(trust) {
        let Some(principal) = &s.principal else { continue };
        let at = label(s);
        // `NotPrincipal` with `Allow` is an error of the document itself
        // (`policy/notprincipal-not-allowed`), reported wherever it is read.
        if principal.negated {
            continue;
        }
        for entry in principal.items.iter().map(|i| &i.value) {
            match entry {
                PrincipalEntry::Everyone if !has_key(&s.conditions, PRINCIPAL_LIMITS) => out.push(finding(
                    "trust/everyone",
                    Severity::SecurityWarning,
                    role,
                    format!("the trust policy's {at} lets anyone assume the role (`Principal` `*`) with no condition on who the caller is"),
                )),
                PrincipalEntry::Account { account }
                    if !known.contains(account) && !has_key(&s.conditions, &["sts:externalid"]) =>
                {
                    out.push(finding(
                        "trust/foreign-account-without-external-id",
                        Severity::SecurityWarning,
                        role,
                        format!("the trust policy's {at} trusts the whole account {account}, outside this model, without `sts:ExternalId`: a third party acting for several customers could be tricked into using the role (the confused deputy)"),
                    ));
                }
                PrincipalEntry::Service { name }
                    if !has_key(&s.conditions, &["aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid"]) =>
                {
                    out.push(finding(
                        "trust/service-without-source",
                        Severity::Suggestion,
                        role,
                        format!("the trust policy's {at} trusts `{name}` without `aws:SourceArn` or `aws:SourceAccount`: where the service supports them, they keep another account's use of the service from assuming the role"),
                    ));
                }
                PrincipalEntry::Federated { provider } if is_oidc(provider) && !has_sub(&s.conditions) => {
                    out.push(finding(
                        "trust/oidc-without-sub",
                        Severity::SecurityWarning,
                        role,
                        format!("the trust policy's {at} trusts the identity provider `{provider}` with no condition on its `sub` claim: any identity the provider issues tokens for can assume the role (for GitHub Actions, any repository)"),
                    ));
                }
                _ => {}
            }
        }
        let mfa_if_exists = s
            .conditions
            .iter()
            .any(|c| c.key_lower == "aws:multifactorauthpresent" && c.operator.if_exists && !c.operator.negated);
        if mfa_if_exists {
            out.push(finding(
                "trust/mfa-if-exists",
                Severity::SecurityWarning,
                role,
                format!("the trust policy's {at} requires MFA only through `BoolIfExists`: a call signed with long-term access keys carries no MFA key, so it gets in without MFA; use `Bool`"),
            ));
        }
    }
}

/// An OpenID Connect provider (not a SAML one).
fn is_oidc(provider: &str) -> bool {
    !provider.contains(":saml-provider/")
}

fn has_sub(conditions: &[ConditionEntry]) -> bool {
    conditions.iter().any(|c| c.key_lower.ends_with(":sub") && !c.operator.negated)
}

/// Principals outside the model's accounts that a policy lets in, the way
/// IAM Access Analyzer reports external access.
fn external_access(subject: &str, what: &str, policy: &Policy, known: &BTreeSet<String>, out: &mut Vec<Finding>) {
    for s in allows(policy) {
        let Some(principal) = s.principal.as_ref().filter(|p| !p.negated) else { continue };
        let at = label(s);
        for entry in principal.items.iter().map(|i| &i.value) {
            let outside = match entry {
                PrincipalEntry::Everyone if !has_key(&s.conditions, PRINCIPAL_LIMITS) => Some("anyone".to_string()),
                e => account_of_entry(e).filter(|a| !known.contains(a)).map(|a| format!("account {a}")),
            };
            if let Some(who) = outside {
                out.push(finding(
                    "access/external",
                    Severity::SecurityWarning,
                    subject,
                    format!("{who}, outside this model's accounts, can {what} through {at} of its policy"),
                ));
            }
        }
    }
}

/// Who is effectively an administrator: the model is asked, for every user
/// and every role it can reach, whether they may create users and attach or
/// write any policy on any user and role (whoever may, can grant themselves
/// anything). IAM is global, so no region guardrail hides it.
/// Allow statements that grant every action of a service (`s3:*`): the
/// breadth least privilege avoids. About the customer managed policy, or the
/// user, group or role an inline policy belongs to.
fn whole_services(s: &Scenario, out: &mut Vec<Finding>) {
    let mut check = |subject: &str, what: String, policy: &Policy| {
        for (i, st) in policy.statements.iter().enumerate() {
            if st.effect != Effect::Allow || st.inert.is_some() {
                continue;
            }
            let Some(actions) = st.action.as_ref().filter(|a| !a.negated) else { continue };
            for item in &actions.items {
                let Some(prefix) = item.text.strip_suffix(":*") else { continue };
                if prefix.is_empty() || prefix.contains(['*', '?']) {
                    continue;
                }
                let label =
                    st.sid.as_ref().map_or_else(|| format!("statement {}", i + 1), |sid| format!("statement `{sid}`"));
                out.push(finding(
                    "access/whole-service",
                    Severity::Suggestion,
                    subject,
                    format!(
                        "{label} of {what} allows every action of `{prefix}` (`{}`): list the actions the job needs",
                        item.text
                    ),
                ));
            }
        }
    };
    for account in &s.accounts {
        for p in &account.policies {
            check(&p.arn, format!("policy `{}`", p.name), &p.policy);
        }
        for u in &account.users {
            for p in &u.inline_policies {
                check(&u.arn, format!("inline policy `{}`", p.name), &p.policy);
            }
        }
        for g in &account.groups {
            for p in &g.inline_policies {
                check(&g.arn, format!("inline policy `{}`", p.name), &p.policy);
            }
        }
        for r in &account.roles {
            for p in &r.inline_policies {
                check(&r.arn, format!("inline policy `{}`", p.name), &p.policy);
            }
        }
    }
}

fn effective_access(s: &Scenario, explored: &Explored, out: &mut Vec<Finding>) -> BTreeSet<String> {
    let mut admins = BTreeSet::new();
    let principals: Vec<(String, String)> =
        explored.principals().map(|(r, a)| (r.to_string(), a.to_string())).collect();
    let mut requests = Vec::new();
    for (reference, arn) in &principals {
        let account = arn.split(':').nth(4).unwrap_or_default();
        for (action, resource) in [
            ("iam:CreateUser", format!("arn:aws:iam::{account}:user/any")),
            ("iam:AttachRolePolicy", format!("arn:aws:iam::{account}:role/any")),
            ("iam:PutUserPolicy", format!("arn:aws:iam::{account}:user/any")),
        ] {
            requests.push((reference.clone(), action.to_string(), resource));
        }
    }
    let results = explored.ask(s, &requests);
    for (i, (_, arn)) in principals.iter().enumerate() {
        let all = results.iter().skip(i * 3).take(3).all(|r| r.decision == Some(Decision::Allowed));
        if all {
            admins.insert(arn.clone());
            out.push(finding(
                "access/admin",
                Severity::SecurityWarning,
                arn,
                "effectively an administrator: it may create IAM users and attach or write any policy, so it can grant itself anything"
                    .into(),
            ));
        }
    }
    admins
}

fn best_practices(s: &Scenario, explored: &Explored, known: &BTreeSet<String>, out: &mut Vec<Finding>) {
    for account in &s.accounts {
        for user in &account.users {
            let direct = user.policies.len() + user.inline_policies.len();
            if direct > 0 {
                out.push(finding(
                    "practice/policy-on-user",
                    Severity::Suggestion,
                    &user.arn,
                    format!("{direct} polic{} attached to the user directly: put permissions on groups, so that people with the same job share them", if direct == 1 { "y is" } else { "ies are" }),
                ));
            }
            if user.password && !user.mfa {
                out.push(finding(
                    "practice/console-without-mfa",
                    Severity::SecurityWarning,
                    &user.arn,
                    "the user has a console password but no MFA: a stolen password is enough to sign in".into(),
                ));
            }
            // Keys and no password: a program's identity, not a person's.
            if !user.access_keys.is_empty() && !user.password {
                out.push(finding(
                    "practice/application-user-keys",
                    Severity::Warning,
                    &user.arn,
                    format!(
                        "the user has {} and no console password, so an application signs in with it: give the application a role instead (an EC2 instance profile, a Lambda execution role, or IAM Roles Anywhere outside AWS), whose credentials are temporary and rotate by themselves",
                        if user.access_keys.len() == 1 { "an access key".to_string() } else { format!("{} access keys", user.access_keys.len()) }
                    ),
                ));
            }
            if let Some(now) = s.start_time {
                for key in &user.access_keys {
                    let Some(created) = key.created else { continue };
                    let days = (now - created) / (86_400 * 1_000_000_000);
                    if days > 90 {
                        out.push(finding(
                            "practice/old-access-key",
                            Severity::Warning,
                            &user.arn,
                            format!("access key `{}` is {days} days old at the scenario's start: rotate keys at least every 90 days", key.id),
                        ));
                    }
                }
            }
        }
        let reached: BTreeSet<&str> = explored.roles().map(|(r, _)| r).collect();
        for role in &account.roles {
            let Some(trust) = &role.trust_policy else { continue };
            // Roles reached from outside the model, or through an identity provider, are not unused here.
            let outside = allows(trust).filter_map(|st| st.principal.as_ref()).flat_map(|p| p.items.iter()).any(|i| {
                matches!(i.value, PrincipalEntry::Everyone | PrincipalEntry::Federated { .. })
                    || account_of_entry(&i.value).is_some_and(|a| !known.contains(&a))
            });
            if !outside && !role.service_linked && !reached.contains(role.arn.as_str()) {
                out.push(finding(
                    "practice/unused-role",
                    Severity::Suggestion,
                    &role.arn,
                    "no principal of this model can assume the role: if nothing outside the model uses it, delete it"
                        .into(),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests;
