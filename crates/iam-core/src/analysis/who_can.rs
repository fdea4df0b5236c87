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
use crate::scenario::chain::account_of;
use crate::scenario::{Account, AssumeRole, Credentials, Scenario, Step, StepAction, StepResult, User};

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
    /// The same, as a step gives it.
    pub mfa: bool,
    pub external_id: Option<String>,
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
    /// Patterns of the roles its own policies could let it assume (the
    /// `Resource` of each Allow statement covering `sts:AssumeRole`); `None`
    /// when that cannot be told without running it.
    may_assume: Option<Vec<String>>,
    /// The policies it holds (its own and its groups', or its role's); a
    /// quick way to skip asking what none of them could allow.
    held: Vec<Policy>,
}

/// A step with only a name, an id and what it does (access keys, no time of its own).
pub(super) fn step(name: String, id: Option<String>, action: StepAction) -> Step {
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

/// Whether one of `held` has an Allow statement covering `action`
/// (lower-case): without one, a principal's own side cannot allow it (a
/// resource policy naming it directly still could).
pub(crate) fn holds_action(held: &[Policy], action: &str) -> bool {
    held.iter().flat_map(|p| p.statements.iter()).any(|st| {
        st.effect == Effect::Allow
            && st.inert.is_none()
            && st.action.as_ref().is_some_and(|a| a.items.iter().any(|i| i.value.matches(action)) != a.negated)
    })
}

/// Whether the caller's own policies could let it assume `role` (a trust
/// policy that names only an account or everyone needs that).
fn own_side(caller: &Caller, role: &str) -> bool {
    caller
        .may_assume
        .as_ref()
        .is_none_or(|patterns| patterns.iter().any(|p| crate::matching::glob::matches_text(p, role)))
}

/// Whether the trust policy could let `caller` assume `role` (the proof is the run).
fn may_name(trust: &Trust, caller: &Caller, role: &str) -> bool {
    trust.entries.iter().any(|e| match e {
        PrincipalEntry::Everyone => own_side(caller, role),
        PrincipalEntry::Account { account } => {
            caller.account.as_deref() == Some(account.as_str()) && own_side(caller, role)
        }
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
pub struct Explored {
    callers: Vec<Caller>,
    /// The sessions the exploration made, by step id (`session:<id>`).
    sessions: std::collections::BTreeMap<String, crate::scenario::Session>,
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

    /// The users and reached roles with the policies each holds.
    pub fn principals_held(&self) -> impl Iterator<Item = (&str, &str, &[Policy])> {
        self.callers.iter().map(|c| (c.reference.as_str(), c.arn.as_str(), c.held.as_slice()))
    }

    /// Runs `requests` (`(principal reference, action, resource)`) after the
    /// steps that make the sessions; their results, in order.
    pub fn ask(&self, s: &Scenario, requests: &[(String, String, String)]) -> Vec<StepResult> {
        let steps: Vec<Step> =
            requests.iter().map(|(principal, action, resource)| request(principal, action, resource)).collect();
        crate::scenario::run_questions_in(s, &self.sessions, &steps)
    }
}

pub(super) fn request(principal: &str, action: &str, resource: &str) -> Step {
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
    who_can_in(&explore(s), s, action, resource)
}

/// As [`who_can`], with the principals of `s` already found: one
/// exploration answers many questions about the same model.
pub fn who_can_in(explored: &Explored, s: &Scenario, action: &str, resource: &str) -> Vec<Reach> {
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

/// A policy reference of a user, group or role (a name in `account`, or an ARN).
fn resolve<'s>(s: &'s Scenario, account: &'s Account, reference: &str) -> Option<&'s Policy> {
    if reference.starts_with("arn:") {
        s.aws_managed.get(reference).or_else(|| {
            s.accounts.iter().flat_map(|a| a.policies.iter()).find(|p| p.arn == reference).map(|p| &p.policy)
        })
    } else {
        account.policies.iter().find(|p| p.name == reference).map(|p| &p.policy)
    }
}

/// The `Resource` patterns of the Allow statements of `policies` that cover
/// `sts:AssumeRole`; `None` when one of them could cover any role.
fn assume_patterns(policies: &[&Policy]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for st in policies.iter().flat_map(|p| p.statements.iter()) {
        if st.effect != Effect::Allow || st.inert.is_some() {
            continue;
        }
        let Some(action) = &st.action else { continue };
        if action.items.iter().any(|i| i.value.matches("sts:assumerole")) == action.negated {
            continue;
        }
        match &st.resource {
            Some(r) if !r.negated => {
                for item in &r.items {
                    // A variable's value is not known here: it could be any role.
                    out.push(if item.text.contains("${") { "*".to_string() } else { item.text.to_string() });
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

fn user_caller(s: &Scenario, account: &Account, user: &User) -> Caller {
    let mut held: Vec<&Policy> = user.policies.iter().filter_map(|(r, _)| resolve(s, account, r)).collect();
    held.extend(user.inline_policies.iter().map(|p| &p.policy));
    for group in account.groups.iter().filter(|g| user.groups.iter().any(|(n, _)| *n == g.name)) {
        held.extend(group.policies.iter().filter_map(|(r, _)| resolve(s, account, r)));
        held.extend(group.inline_policies.iter().map(|p| &p.policy));
    }
    Caller {
        reference: user.arn.clone(),
        arn: user.arn.clone(),
        account: Some(account.id.clone()),
        role: None,
        chain: Vec::new(),
        may_assume: assume_patterns(&held),
        held: held.into_iter().cloned().collect(),
    }
}

fn role_caller(s: &Scenario, role: &str, id: &str, chain: Vec<Link>) -> Caller {
    let found = s.accounts.iter().find_map(|a| a.roles.iter().find(|r| r.arn == role).map(|r| (a, r)));
    let held: Vec<&Policy> = found
        .map(|(account, r)| {
            let mut held: Vec<&Policy> = r.policies.iter().filter_map(|(p, _)| resolve(s, account, p)).collect();
            held.extend(r.inline_policies.iter().map(|p| &p.policy));
            held
        })
        .unwrap_or_default();
    Caller {
        reference: format!("session:{id}"),
        arn: role.to_string(),
        account: account_of(role),
        role: Some(role.to_string()),
        chain,
        may_assume: if found.is_some() { assume_patterns(&held) } else { None },
        held: held.into_iter().cloned().collect(),
    }
}

/// Runs `steps` and keeps only the ones that made a session (and those of
/// `kept` before them): a refused attempt need not run again.
fn keep_allowed(s: &Scenario, steps: &mut Vec<Step>, from: usize) -> Vec<StepResult> {
    let results = run(s, steps);
    let mut index = 0;
    steps.retain(|_| {
        let i = index;
        index += 1;
        i < from || results.get(i).and_then(|r| r.decision) == Some(Decision::Allowed)
    });
    results
}

/// Finds every principal of `s` (see [`Explored`]).
pub fn explore(s: &Scenario) -> Explored {
    let roles: Vec<(String, Trust)> = s
        .accounts
        .iter()
        .flat_map(|a| a.roles.iter())
        .filter_map(|r| Some((r.arn.clone(), trust_of(r.trust_policy.as_ref()?))))
        .collect();
    let mut callers: Vec<Caller> =
        s.accounts.iter().flat_map(|a| a.users.iter().map(move |u| user_caller(s, a, u))).collect();
    let mut steps: Vec<Step> = Vec::new();
    let mut reached: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut next_id = 0usize;
    // Services a trust policy names: each assumes its role, in one run.
    let mut tries: Vec<(String, String, String)> = Vec::new();
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
            tries.push((id, service, role.clone()));
        }
    }
    let mut sessions = std::collections::BTreeMap::new();
    let results = keep_allowed(s, &mut steps, 0);
    for ((id, service, role), result) in tries.into_iter().zip(results.iter()) {
        if let Some(session) = &result.session {
            sessions.insert(id.clone(), session.clone());
        }
        if result.decision == Some(Decision::Allowed) && reached.insert(role.clone()) {
            let chain =
                vec![Link { from: service, role: role.clone(), with: Vec::new(), mfa: false, external_id: None }];
            callers.push(role_caller(s, &role, &id, chain));
        }
    }
    // Rounds of role assumption: the callers found in one round try in the next.
    let mut frontier: Vec<Caller> = callers.clone();
    for _ in 0..MAX_CHAIN {
        let first = steps.len();
        // (session id, index of the caller in `frontier`, the assumption)
        let mut tries: Vec<(String, usize, Link)> = Vec::new();
        let open: Vec<&(String, Trust)> = roles.iter().filter(|(r, _)| !reached.contains(r)).collect();
        for (at, caller) in frontier.iter().enumerate() {
            for (role, trust) in open.iter().map(|rt| (&rt.0, &rt.1)) {
                if caller.role.as_deref() == Some(role.as_str()) || !may_name(trust, caller, role) {
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
                    let link = Link {
                        from: caller.arn.clone(),
                        role: role.clone(),
                        with,
                        mfa,
                        external_id: external_id.clone(),
                    };
                    tries.push((id, at, link));
                }
            }
        }
        if tries.is_empty() {
            break;
        }
        let results = keep_allowed(s, &mut steps, first);
        let mut found = Vec::new();
        for ((id, at, link), result) in tries.into_iter().zip(results.iter().skip(first)) {
            if let Some(session) = &result.session {
                sessions.insert(id.clone(), session.clone());
            }
            if result.decision != Some(Decision::Allowed) || !reached.insert(link.role.clone()) {
                continue;
            }
            let Some(caller) = frontier.get(at) else { continue };
            let mut chain = caller.chain.clone();
            let role = link.role.clone();
            chain.push(link);
            found.push(role_caller(s, &role, &id, chain));
        }
        if found.is_empty() {
            break;
        }
        callers.extend(found.iter().cloned());
        frontier = found;
    }
    Explored { callers, sessions }
}

fn run(s: &Scenario, steps: &[Step]) -> Vec<StepResult> {
    crate::scenario::run_questions(s, steps)
}

#[cfg(test)]
mod tests;
