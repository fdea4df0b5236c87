//! Privilege escalation: a principal that can raise its own permissions,
//! found by asking the model (so conditions, boundaries and SCPs count), for
//! the well-known methods:
//! - writing or attaching a policy to itself, or to a group it is in;
//! - a new default version of a customer managed policy it has;
//! - rewriting another role's trust policy;
//! - access keys or a console password for another user;
//! - passing a role to a new EC2 instance or Lambda function it creates;
//! - assuming a role that is an administrator when it is not one.

use super::findings::Finding;
use super::who_can::{holds_action, Explored};
use crate::diag::Severity;
use crate::explain::Decision;
use crate::matching::principal::PrincipalEntry;
use crate::scenario::Scenario;
use std::collections::BTreeSet;

/// One principal to check: its ARN, and the methods to try.
struct Subject {
    arn: String,
    methods: Vec<Method>,
}

struct Method {
    /// What gaining it means, as the finding's message.
    message: String,
    /// The requests that must all be allowed, with how the path says each.
    requests: Vec<(String, String, String)>,
}

fn trusts_service(s: &Scenario, role_arn: &str, service: &str) -> bool {
    s.accounts.iter().flat_map(|a| a.roles.iter()).filter(|r| r.arn == role_arn).any(|r| {
        r.trust_policy
            .iter()
            .flat_map(|t| t.statements.iter())
            .filter_map(|st| st.principal.as_ref())
            .any(|p| p.items.iter().any(|i| matches!(&i.value, PrincipalEntry::Service { name } if name == service)))
    })
}

/// The methods `reference` (ARN `arn`) could use, given which actions its own
/// policies could allow (`holds`, lower-case action): only those are built.
fn methods(s: &Scenario, reference: &str, arn: &str, holds: &dyn Fn(&str) -> bool) -> Vec<Method> {
    let mut out = Vec::new();
    let account = arn.split(':').nth(4).unwrap_or_default().to_string();
    let one = |message: String, action: &str, resource: &str| Method {
        message,
        requests: vec![(reference.to_string(), action.to_string(), resource.to_string())],
    };
    let user = s.accounts.iter().flat_map(|a| a.users.iter()).find(|u| u.arn == arn);
    let role = s.accounts.iter().flat_map(|a| a.roles.iter()).find(|r| r.arn == arn);
    // Writing or attaching a policy to itself.
    let (put, attach) = if user.is_some() {
        ("iam:PutUserPolicy", "iam:AttachUserPolicy")
    } else {
        ("iam:PutRolePolicy", "iam:AttachRolePolicy")
    };
    if holds(&put.to_ascii_lowercase()) {
        out.push(one(format!("can write itself an inline policy granting anything ({put} on itself)"), put, arn));
    }
    if holds(&attach.to_ascii_lowercase()) {
        out.push(one(format!("can attach any managed policy to itself ({attach} on itself)"), attach, arn));
    }
    // Its groups.
    if let Some(u) = user.filter(|_| holds("iam:putgrouppolicy") || holds("iam:attachgrouppolicy")) {
        for (group, _) in &u.groups {
            let group_arn = format!("arn:aws:iam::{account}:group/{group}");
            out.push(one(
                format!("can write an inline policy for its group `{group}` (iam:PutGroupPolicy)"),
                "iam:PutGroupPolicy",
                &group_arn,
            ));
            out.push(one(
                format!("can attach any managed policy to its group `{group}` (iam:AttachGroupPolicy)"),
                "iam:AttachGroupPolicy",
                &group_arn,
            ));
        }
    }
    // New versions of the customer managed policies it has (directly or through groups).
    let mut refs: Vec<&str> = Vec::new();
    if let Some(u) = user {
        refs.extend(u.policies.iter().map(|(p, _)| p.as_str()));
        for (g, _) in &u.groups {
            for group in s.accounts.iter().flat_map(|a| a.groups.iter()).filter(|x| x.name == *g) {
                refs.extend(group.policies.iter().map(|(p, _)| p.as_str()));
            }
        }
    }
    if let Some(r) = role {
        refs.extend(r.policies.iter().map(|(p, _)| p.as_str()));
    }
    if !holds("iam:createpolicyversion") {
        refs.clear();
    }
    for name in refs.into_iter().filter(|p| !p.contains(":aws:policy/") && !p.starts_with("arn:aws:iam::aws:")) {
        let policy_arn =
            if name.starts_with("arn:") { name.to_string() } else { format!("arn:aws:iam::{account}:policy/{name}") };
        out.push(one(
            format!("can publish a new default version of its own policy `{name}` (iam:CreatePolicyVersion)"),
            "iam:CreatePolicyVersion",
            &policy_arn,
        ));
    }
    let keys = holds("iam:createaccesskey") || holds("iam:createloginprofile");
    for other in s.accounts.iter().flat_map(|a| a.users.iter()).filter(|u| keys && u.arn != arn) {
        out.push(one(
            format!("can create access keys for user `{}` and act as them (iam:CreateAccessKey)", other.name),
            "iam:CreateAccessKey",
            &other.arn,
        ));
        out.push(one(
            format!("can set a console password for user `{}` (iam:CreateLoginProfile)", other.name),
            "iam:CreateLoginProfile",
            &other.arn,
        ));
    }
    let roles = holds("iam:updateassumerolepolicy") || holds("iam:passrole");
    for other in s.accounts.iter().flat_map(|a| a.roles.iter()).filter(|r| roles && r.arn != arn && !r.service_linked) {
        out.push(one(
            format!(
                "can rewrite the trust policy of role `{}` to let itself in (iam:UpdateAssumeRolePolicy)",
                other.name
            ),
            "iam:UpdateAssumeRolePolicy",
            &other.arn,
        ));
        for (service, action, what, resource) in [
            (
                "ec2.amazonaws.com",
                "ec2:RunInstances",
                "an EC2 instance",
                format!("arn:aws:ec2:us-east-1:{account}:instance/*"),
            ),
            (
                "lambda.amazonaws.com",
                "lambda:CreateFunction",
                "a Lambda function",
                format!("arn:aws:lambda:us-east-1:{account}:function:any"),
            ),
        ] {
            if trusts_service(s, &other.arn, service) {
                out.push(Method {
                    message: format!("can pass role `{}` to {what} it creates and act with the role's permissions (iam:PassRole with {action})", other.name),
                    requests: vec![
                        (reference.to_string(), "iam:PassRole".to_string(), other.arn.clone()),
                        (reference.to_string(), action.to_string(), resource),
                    ],
                });
            }
        }
    }
    out
}

/// Escalations of every principal of `explored` that is not already one of
/// `admins` (ARNs).
pub(crate) fn escalations(s: &Scenario, explored: &Explored, admins: &BTreeSet<String>, out: &mut Vec<Finding>) {
    let subjects: Vec<Subject> = explored
        .principals_held()
        .filter(|(_, arn, _)| !admins.contains(*arn))
        .map(|(reference, arn, held)| {
            // Only what its own policies could allow is asked (IAM actions on
            // IAM resources, and launching compute, need an identity-based allow).
            let holds = |action: &str| holds_action(held, action);
            Subject {
                arn: arn.to_string(),
                methods: methods(s, reference, arn, &holds)
                    .into_iter()
                    .filter(|m| m.requests.iter().all(|(_, action, _)| holds(&action.to_ascii_lowercase())))
                    .collect(),
            }
        })
        .collect();
    let requests: Vec<(String, String, String)> =
        subjects.iter().flat_map(|sub| sub.methods.iter().flat_map(|m| m.requests.iter().cloned())).collect();
    let results = explored.ask(s, &requests);
    let mut at = 0;
    for sub in &subjects {
        for m in &sub.methods {
            let n = m.requests.len();
            let allowed = results.iter().skip(at).take(n).all(|r| r.decision == Some(Decision::Allowed))
                && results.len() >= at + n;
            at += n;
            if allowed {
                out.push(Finding {
                    code: "escalation/self",
                    kind: Severity::SecurityWarning,
                    message: m.message.clone(),
                    subject: sub.arn.clone(),
                    path: Some(
                        m.requests.iter().map(|(_, action, resource)| format!("{action} on {resource}")).collect(),
                    ),
                });
            }
        }
    }
    // A role that is an administrator, reachable by one that is not.
    for (role, chain) in explored.roles().filter(|(r, _)| admins.contains(*r)) {
        let Some(first) = chain.first() else { continue };
        if admins.contains(&first.from) || !first.from.starts_with("arn:") {
            continue;
        }
        out.push(Finding {
            code: "escalation/assume-admin-role",
            kind: Severity::SecurityWarning,
            message: format!("can become an administrator by assuming `{role}`"),
            subject: first.from.clone(),
            path: Some(
                chain
                    .iter()
                    .map(|l| {
                        let with =
                            if l.with.is_empty() { String::new() } else { format!(" with {}", l.with.join(", ")) };
                        format!("sts:AssumeRole on {}{with}", l.role)
                    })
                    .collect(),
            ),
        });
    }
}
