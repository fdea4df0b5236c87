//! Users versus roles, side by side. The same permissions are given to a
//! user and to a role (a copy of the user's policies, boundary included, on
//! a role its trust lets the user assume), and both make the same request.
//! Every difference is read from the evaluation: the context keys each
//! request carried, the session the assumption made, the records the audit
//! trail would hold, and how each Principal entry matches each caller.

use crate::diag::{DocId, Span};
use crate::explain::Decision;
use crate::matching::principal::{grant, Caller, Grant};
use crate::policy::{parse_policy, PolicyId, PolicyKind};
use crate::scenario::cloudtrail::{records, Record};
use crate::scenario::{run_scenario, AssumeRole, NamedPolicy, Role, Scenario, Step, StepAction, StepResult};
use crate::values::format_instant;

/// One difference (or likeness): what it is about, and each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub topic: String,
    pub user: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub user: String,
    /// The role made with the user's permissions.
    pub role: String,
    /// The session of it the user assumed.
    pub session: String,
    /// The request both made.
    pub action: String,
    pub resource: String,
    pub facts: Vec<Fact>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareError {
    /// No user of the model has this ARN (with the closest one).
    UnknownUser { closest: Option<String> },
    /// The role could not be assumed or the requests not made (a broken model).
    NotRun(String),
}

const HOUR: i128 = 3_600 * 1_000_000_000;

/// `step` at `time`.
fn at(time: i128, mut step: Step) -> Step {
    step.time = Some(time);
    step
}

fn request(principal: &str, action: &str, resource: &str, time: i128) -> Step {
    at(time, super::who_can::request(principal, action, resource))
}

fn step(name: &str, id: Option<&str>, time: i128, action: StepAction) -> Step {
    at(time, super::who_can::step(name.to_string(), id.map(str::to_string), action))
}

/// The request's context key, as text, or `None` when it was absent.
fn key(result: Option<&StepResult>, key: &str) -> Option<String> {
    let result = result?;
    let k = result.context.iter().find(|k| k.key.eq_ignore_ascii_case(key))?;
    let texts: Vec<String> = k.value.values().iter().map(|v| v.text().into_owned()).collect();
    Some(texts.join(", "))
}

fn said(value: Option<String>) -> String {
    value.map_or_else(|| "absent".to_string(), |v| format!("`{v}`"))
}

fn decision(result: Option<&StepResult>) -> String {
    match result.and_then(|r| r.decision) {
        Some(Decision::Allowed) => "allowed".into(),
        Some(Decision::ExplicitDeny) => "denied by an explicit Deny".into(),
        Some(Decision::ImplicitDeny) => match result.map(|r| &r.outcome) {
            Some(crate::scenario::StepOutcome::Failed { message, .. }) => format!("refused: {message}"),
            _ => "denied: nothing allows it".into(),
        },
        None => "not made".into(),
    }
}

fn grant_said(g: Option<Grant>) -> &'static str {
    match g {
        Some(Grant::Direct) => "matches the caller itself: in the same account this grant needs no identity policy, and a permissions boundary does not limit it",
        Some(Grant::Role) => "matches through the caller's role: it counts like an identity-policy Allow, so a permissions boundary still limits it",
        Some(Grant::Account) => "matches the caller's account: an identity policy must allow it too",
        None => "does not match",
    }
}

fn record_of(records: &[Record], step: usize) -> Option<&Record> {
    records.iter().find(|r| r.step == step)
}

/// Compares `user_arn` with a role holding the same permissions, on the
/// request `action` on `resource` (by default the user's first request of
/// the scenario, or `sts:GetCallerIdentity`).
pub fn compare_user_with_role(
    s: &Scenario,
    user_arn: &str,
    request_of: Option<(&str, &str)>,
) -> Result<Comparison, CompareError> {
    let found =
        s.accounts.iter().enumerate().find_map(|(a, acc)| acc.users.iter().find(|u| u.arn == user_arn).map(|u| (a, u)));
    let Some((a, user)) = found else {
        let closest =
            crate::catalogue::closest(user_arn, s.accounts.iter().flat_map(|a| a.users.iter().map(|u| u.arn.as_str())));
        return Err(CompareError::UnknownUser { closest: closest.map(str::to_string) });
    };
    let account = s.accounts.get(a).ok_or_else(|| CompareError::NotRun("the user's account is missing".into()))?;
    let (action, resource) = match request_of {
        Some((action, resource)) => (action.to_string(), resource.to_string()),
        None => s
            .steps
            .iter()
            .find_map(|st| match &st.action {
                StepAction::Request { principal, action, resource, .. } if principal.0 == user_arn => {
                    Some((action.clone(), resource.clone()))
                }
                _ => None,
            })
            .unwrap_or_else(|| ("sts:GetCallerIdentity".to_string(), "*".to_string())),
    };
    // The role: the user's own policies and its groups', and its boundary.
    let name: String = format!("{}-as-role", user.name).chars().take(64).collect();
    let role_arn = format!("arn:aws:iam::{}:role/{name}", account.id);
    let mut policies = user.policies.clone();
    let mut inline: Vec<NamedPolicy> = user.inline_policies.clone();
    for group in account.groups.iter().filter(|g| user.groups.iter().any(|(n, _)| *n == g.name)) {
        policies.extend(group.policies.iter().cloned());
        inline.extend(
            group
                .inline_policies
                .iter()
                .map(|p| NamedPolicy { name: format!("{}-{}", group.name, p.name), ..p.clone() }),
        );
    }
    let trust_text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{user_arn}"}}, "Action": ["sts:AssumeRole", "sts:TagSession"]}}]}}"#
    );
    let trust =
        parse_policy(&trust_text, PolicyId::new(format!("trust policy of {name}")), PolicyKind::Trust, DocId(0))
            .policy
            .ok_or_else(|| CompareError::NotRun("the role's trust policy could not be made".into()))?;
    let mut model = s.clone();
    if let Some(acc) = model.accounts.get_mut(a) {
        acc.roles.push(Role {
            name: name.clone(),
            // A role of the comparison only, written nowhere in the text.
            span: Span::default(),
            path: "/".into(),
            arn: role_arn.clone(),
            trust_policy: Some(trust),
            policies,
            inline_policies: inline,
            permissions_boundary: user.permissions_boundary.clone(),
            max_session_duration: 3_600,
            tags: Default::default(),
            service_linked: false,
        });
    }
    model.index = crate::scenario::ArnIndex::build(&model.accounts);
    let start = crate::scenario::start_of(s);
    let later = start + 2 * HOUR;
    let session_name: String = user.name.chars().take(64).collect();
    let assume = |tags: bool| {
        StepAction::AssumeRole(AssumeRole {
            caller: (user_arn.to_string(), Span::default()),
            role: (role_arn.clone(), Span::default()),
            session_name: Some(session_name.clone()),
            duration_seconds: None,
            external_id: None,
            session_policy: None,
            session_policy_size: 0,
            policy_arns: Vec::new(),
            session_tags: if tags {
                [("compare".to_string(), "yes".to_string())].into_iter().collect()
            } else {
                Default::default()
            },
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            mfa: user.mfa,
        })
    };
    model.steps = vec![
        request(user_arn, &action, &resource, start),
        step("the user assumes the role", Some("compare"), start, assume(false)),
        request("session:compare", &action, &resource, start),
        request(user_arn, &action, &resource, later),
        request("session:compare", &action, &resource, later),
        // Session tags need `sts:TagSession` on both sides: tried apart.
        step("the user assumes the role with a session tag", Some("tagged"), start, assume(true)),
        request("session:tagged", &action, &resource, start),
    ];
    let results = run_scenario(&model);
    let assumed = results.get(1);
    let session = assumed.and_then(|r| r.session.clone()).ok_or_else(|| {
        let why = assumed.map(|r| r.summary().join(" ")).unwrap_or_default();
        CompareError::NotRun(format!("the user could not assume the role ({}). {why}", decision(assumed)))
    })?;
    let trail = records(&model, &results);
    let (u, r) = (results.first(), results.get(2));
    let mut facts = Vec::new();
    let mut fact = |topic: &str, user: String, role: String| facts.push(Fact { topic: topic.to_string(), user, role });
    let key_of =
        |step: usize| record_of(&trail, step).and_then(|rec| rec.identity.access_key_id.clone()).unwrap_or_default();
    fact(
        "Credentials",
        format!("long-term access key `{}`: it works until someone deletes or deactivates it", key_of(0)),
        format!(
            "temporary key `{}` from AssumeRole, expiring at {}",
            key_of(2),
            session.expires_at.map_or_else(|| "a time the service chooses".to_string(), format_instant)
        ),
    );
    fact(&format!("{action} on {resource}, now"), decision(u), decision(r));
    fact(
        &format!("The same request two hours later ({action} on {resource})"),
        decision(results.get(3)),
        decision(results.get(4)),
    );
    fact("The caller's ARN", user_arn.to_string(), session.arn.clone());
    for k in ["aws:PrincipalArn", "aws:userid", "aws:username", "aws:PrincipalType", "aws:MultiFactorAuthPresent"] {
        fact(&format!("`{k}`"), said(key(u, k)), said(key(r, k)));
    }
    let tagged = results.get(5);
    fact(
        "A session tag `compare=yes` passed when the role is assumed (`aws:PrincipalTag/compare`)",
        format!("{}: a user has only the tags set on it", said(key(u, "aws:PrincipalTag/compare"))),
        if tagged.is_some_and(|t| t.session.is_some()) {
            said(key(results.get(6), "aws:PrincipalTag/compare"))
        } else {
            format!("the tagged assumption was refused: {}", tagged.map(|t| t.summary().join(" ")).unwrap_or_default())
        },
    );
    // Principal entries of a bucket or trust policy in the same account.
    let user_caller = Caller::parse(user_arn, &action).map_err(CompareError::NotRun)?;
    let session_caller = Caller::parse(&session.arn, &action).map_err(CompareError::NotRun)?;
    let entries =
        [format!("arn:aws:iam::{}:root", account.id), user_arn.to_string(), role_arn.clone(), session.arn.clone()];
    let listed: Vec<String> = entries.iter().map(|e| format!("\"{e}\"")).collect();
    let probe = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": "s3:GetObject", "Resource": "*"}}]}}"#,
        listed.join(", ")
    );
    let parsed = parse_policy(&probe, PolicyId::new("probe"), PolicyKind::Resource, DocId(0));
    let items = parsed.policy.as_ref().and_then(|p| p.statements.first()).and_then(|st| st.principal.as_ref());
    for item in items.map(|p| p.items.as_slice()).unwrap_or_default() {
        fact(
            &format!("A Principal entry `{}`", item.text),
            grant_said(grant(&item.value, &user_caller)).to_string(),
            grant_said(grant(&item.value, &session_caller)).to_string(),
        );
    }
    let who = |step: usize| {
        record_of(&trail, step).map_or_else(String::new, |rec| {
            let id = &rec.identity;
            match &id.session {
                Some(c) => format!(
                    "{} `{}`, a session of `{}` (MFA {})",
                    id.kind.as_str(),
                    id.arn.clone().unwrap_or_default(),
                    c.issuer_arn,
                    if c.mfa_authenticated { "yes" } else { "no" }
                ),
                None => format!("{} `{}`", id.kind.as_str(), id.user_name.clone().unwrap_or_default()),
            }
        })
    };
    fact("Who the audit trail names", who(0), who(2));
    Ok(Comparison { user: user_arn.to_string(), role: role_arn, session: session.arn, action, resource, facts })
}

#[cfg(test)]
mod tests;
