//! Who can do an action on a resource: every user of the model, every role
//! reachable by assuming roles (transitively, with MFA or an ExternalId
//! supplied where a trust policy asks for them), and the services roles
//! trust. Each answer is proven by running it as steps of the scenario, so
//! conditions, boundaries, SCPs and session rules all count.

use crate::context::Context;
use crate::diag::Span;
use crate::explain::{Decision, StatementRef};
use crate::matching::principal::PrincipalEntry;
use crate::policy::{Effect, Policy};
use crate::scenario::{run_scenario, AssumeRole, Credentials, Scenario, Step, StepAction, StepResult};

/// How deep role chains are followed (AWS allows chaining without a limit;
/// longer chains than this are rare and each round runs the model again).
pub const MAX_CHAIN: usize = 4;

/// One role assumption of a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Who assumed: a user's ARN, a service, or the previous role's ARN.
    pub from: String,
    pub role: String,
    /// What the caller supplied to satisfy the trust policy: `MFA`, `ExternalId "…"`.
    pub with: Vec<String>,
}

/// A principal that can do the action, the chain that gets it there (empty
/// for a user acting directly), and the statements that allowed the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The user's ARN, or the role's ARN for a role reached by assumption.
    pub principal: String,
    pub chain: Vec<Link>,
    pub deciding: Vec<StatementRef>,
}

/// A caller that may try to assume roles: a user, or the session of a role
/// reached through `chain`.
#[derive(Clone)]
struct Caller {
    /// As a step names it: a user's ARN or `session:<id>`.
    reference: String,
    /// The ARN shown for it: the user's, or the role's.
    arn: String,
    account: Option<String>,
    /// For a session: the role's ARN.
    role: Option<String>,
    chain: Vec<Link>,
}

fn step(name: String, id: Option<String>, action: StepAction) -> Step {
    Step {
        name,
        id,
        span: Span::default(),
        time: None,
        region: None,
        source_ip: None,
        secure_transport: None,
        credentials: Credentials::AccessKey,
        context: Context::default(),
        expect: None,
        action,
    }
}

fn assume(caller: &str, role: &str, id: String, mfa: bool, external_id: Option<String>) -> Step {
    step(
        format!("{caller} assumes {role}"),
        Some(id),
        StepAction::AssumeRole(AssumeRole {
            caller: (caller.to_string(), Span::default()),
            role: (role.to_string(), Span::default()),
            session_name: Some("who-can".into()),
            duration_seconds: None,
            external_id,
            session_policy: None,
            session_policy_size: 0,
            policy_arns: Vec::new(),
            session_tags: Default::default(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            mfa,
        }),
    )
}

fn account_of(arn: &str) -> Option<String> {
    let account = arn.strip_prefix("arn:")?.split(':').nth(3)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then(|| account.to_string())
}

/// What a trust policy's Allow statements name, and what they ask for.
struct Trust {
    entries: Vec<PrincipalEntry>,
    mfa: bool,
    external_ids: Vec<String>,
}

fn trust_of(policy: &Policy) -> Trust {
    let mut trust = Trust { entries: Vec::new(), mfa: false, external_ids: Vec::new() };
    for s in policy.statements.iter().filter(|s| s.effect == Effect::Allow && s.inert.is_none()) {
        if let Some(p) = s.principal.as_ref().filter(|p| !p.negated) {
            trust.entries.extend(p.items.iter().map(|i| i.value.clone()));
        }
        for c in &s.conditions {
            match c.key_lower.as_str() {
                "aws:multifactorauthpresent" | "aws:multifactorauthage" => trust.mfa = true,
                "sts:externalid" => trust.external_ids.extend(c.values.iter().map(|v| v.text.to_string())),
                _ => {}
            }
        }
    }
    trust
}

/// Whether the trust policy could name `caller` (the proof is the run).
fn may_name(trust: &Trust, caller: &Caller) -> bool {
    trust.entries.iter().any(|e| match e {
        PrincipalEntry::Everyone => true,
        PrincipalEntry::Account { account } => caller.account.as_deref() == Some(account.as_str()),
        PrincipalEntry::User { arn } => caller.role.is_none() && caller.arn == *arn,
        PrincipalEntry::Role { partition, account, name } => caller.role.as_deref().is_some_and(|r| {
            r.starts_with(&format!("arn:{partition}:iam::{account}:role/"))
                && r.rsplit('/').next() == Some(name.as_str())
        }),
        PrincipalEntry::AssumedRole { arn } => caller.role.as_deref().is_some_and(|r| {
            let role = r.rsplit('/').next().unwrap_or_default();
            arn.contains(&format!(":assumed-role/{role}/"))
        }),
        _ => false,
    })
}

/// The principals of a model: its users, and the roles they (or services,
/// or other roles) can reach, with the steps that create those sessions.
pub(crate) struct Explored {
    callers: Vec<Caller>,
    steps: Vec<Step>,
}

impl Explored {
    /// The roles reached, each with its chain.
    pub fn roles(&self) -> impl Iterator<Item = (&str, &[Link])> {
        self.callers.iter().filter(|c| c.role.is_some()).map(|c| (c.arn.as_str(), c.chain.as_slice()))
    }

    /// The users and reached roles as steps name them, with their ARN.
    pub fn principals(&self) -> impl Iterator<Item = (&str, &str)> {
        self.callers.iter().map(|c| (c.reference.as_str(), c.arn.as_str()))
    }

    /// Runs `requests` (`(principal reference, action, resource)`) after the
    /// steps that make the sessions; their results, in order.
    pub fn ask(&self, s: &Scenario, requests: &[(String, String, String)]) -> Vec<StepResult> {
        let mut steps = self.steps.clone();
        let first = steps.len();
        for (principal, action, resource) in requests {
            steps.push(request(principal, action, resource));
        }
        run(s, &steps).into_iter().skip(first).collect()
    }
}

fn request(principal: &str, action: &str, resource: &str) -> Step {
    step(
        format!("{principal} {action}"),
        None,
        StepAction::Request {
            principal: (principal.to_string(), Span::default()),
            action: action.to_string(),
            resource: resource.to_string(),
            resource_account: None,
        },
    )
}

/// Every principal of `s` that can do `action` on `resource`.
pub fn who_can(s: &Scenario, action: &str, resource: &str) -> Vec<Reach> {
    let explored = explore(s);
    let requests: Vec<(String, String, String)> =
        explored.callers.iter().map(|c| (c.reference.clone(), action.to_string(), resource.to_string())).collect();
    let results = explored.ask(s, &requests);
    explored
        .callers
        .iter()
        .zip(results.iter())
        .filter(|(_, r)| r.decision == Some(Decision::Allowed))
        .map(|(caller, r)| Reach {
            principal: caller.arn.clone(),
            chain: caller.chain.clone(),
            deciding: r.evaluations.iter().flat_map(|e| e.evaluation.determining.iter().cloned()).collect(),
        })
        .collect()
}

/// Finds every principal of `s` (see [`Explored`]).
pub(crate) fn explore(s: &Scenario) -> Explored {
    let roles: Vec<(String, Trust)> = s
        .accounts
        .iter()
        .flat_map(|a| a.roles.iter())
        .filter_map(|r| Some((r.arn.clone(), trust_of(r.trust_policy.as_ref()?))))
        .collect();
    let mut callers: Vec<Caller> = s
        .accounts
        .iter()
        .flat_map(|a| a.users.iter().map(move |u| (a, u)))
        .map(|(a, u)| Caller {
            reference: u.arn.clone(),
            arn: u.arn.clone(),
            account: Some(a.id.clone()),
            role: None,
            chain: Vec::new(),
        })
        .collect();
    let mut steps: Vec<Step> = Vec::new();
    let mut reached: Vec<String> = Vec::new();
    let mut next_id = 0usize;
    // Services a trust policy names: each assumes its role once.
    for (role, trust) in &roles {
        for service in trust.entries.iter().filter_map(|e| match e {
            PrincipalEntry::Service { name } => Some(name.clone()),
            _ => None,
        }) {
            next_id += 1;
            let id = format!("who-can-{next_id}");
            steps.push(step(
                format!("{service} assumes {role}"),
                Some(id.clone()),
                StepAction::ServiceAssumeRole {
                    service: service.clone(),
                    role: (role.clone(), Span::default()),
                    source_arn: None,
                    session_name: None,
                },
            ));
            let results = run(s, &steps);
            if results.last().and_then(|r| r.decision) == Some(Decision::Allowed) && !reached.contains(role) {
                reached.push(role.clone());
                callers.push(Caller {
                    reference: format!("session:{id}"),
                    arn: role.clone(),
                    account: account_of(role),
                    role: Some(role.clone()),
                    chain: vec![Link { from: service.clone(), role: role.clone(), with: Vec::new() }],
                });
            } else {
                steps.pop();
            }
        }
    }
    // Rounds of role assumption: the callers found in one round try in the next.
    let mut frontier: Vec<Caller> = callers.clone();
    for _ in 0..MAX_CHAIN {
        let mut tries: Vec<(usize, Caller, String, Vec<String>)> = Vec::new();
        for caller in &frontier {
            for (role, trust) in roles.iter().filter(|(r, _)| !reached.contains(r)) {
                if caller.role.as_deref() == Some(role.as_str()) || !may_name(trust, caller) {
                    continue;
                }
                let external_id = trust.external_ids.first().cloned();
                let mut variants = vec![false];
                if trust.mfa && caller.role.is_none() {
                    variants.push(true);
                }
                for mfa in variants {
                    next_id += 1;
                    let id = format!("who-can-{next_id}");
                    let mut with = Vec::new();
                    if mfa {
                        with.push("MFA".to_string());
                    }
                    if let Some(x) = &external_id {
                        with.push(format!("ExternalId \"{x}\""));
                    }
                    steps.push(assume(&caller.reference, role, id.clone(), mfa, external_id.clone()));
                    tries.push((steps.len() - 1, caller.clone(), role.clone(), with));
                }
            }
        }
        if tries.is_empty() {
            break;
        }
        let results = run(s, &steps);
        let mut found = Vec::new();
        for (at, caller, role, with) in tries {
            let allowed = results.get(at).and_then(|r| r.decision) == Some(Decision::Allowed);
            if !allowed || reached.contains(&role) {
                continue;
            }
            reached.push(role.clone());
            let id = steps.get(at).and_then(|st| st.id.clone()).unwrap_or_default();
            let mut chain = caller.chain.clone();
            chain.push(Link { from: caller.arn.clone(), role: role.clone(), with });
            found.push(Caller {
                reference: format!("session:{id}"),
                arn: role.clone(),
                account: account_of(&role),
                role: Some(role),
                chain,
            });
        }
        if found.is_empty() {
            break;
        }
        callers.extend(found.iter().cloned());
        frontier = found;
    }
    Explored { callers, steps }
}

fn run(s: &Scenario, steps: &[Step]) -> Vec<StepResult> {
    let mut model = s.clone();
    model.steps = steps.to_vec();
    run_scenario(&model)
}

#[cfg(test)]
mod tests;
