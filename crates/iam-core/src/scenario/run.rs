//! Running a scenario's steps in order. Role assumptions create sessions that
//! later steps use as their principal, until the credentials expire.

use super::actors::{find_role, resolve, Actor, Failure};
use super::context::{ContextBuilder, ContextOrigin as O, DerivedKey};
use super::{org, Account, Role, Scenario, Step, StepAction, StepExpect};
use crate::condition::values::{format_instant, parse_date, Instant};
use crate::context::ContextValue;
use crate::evaluate::{evaluate, PolicySet, Request};
use crate::explain::{Decision, Evaluation};
use crate::matching::arn::Arn;
use crate::policy::{parse_policy, Policy, PolicyId, PolicyKind};
use crate::DocId;
use serde::Serialize;
use std::collections::BTreeMap;

const SECOND: i128 = 1_000_000_000;
/// When neither the step nor the scenario gives a time.
const DEFAULT_START: &str = "2026-01-01T09:00:00Z";

/// Temporary credentials created by a role-assumption step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub step: usize,
    pub role_arn: String,
    pub session_name: String,
    /// `arn:aws:sts::<account>:assumed-role/<role>/<session>`
    pub arn: String,
    pub issued_at: Instant,
    pub expires_at: Instant,
    pub tags: BTreeMap<String, String>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
    pub mfa: bool,
    pub federated_provider: Option<String>,
    #[serde(skip)]
    pub session_policy: Option<Policy>,
}

/// One evaluation made by a step (an assume step may need several).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepEvaluation {
    pub action: String,
    pub resource: String,
    pub evaluation: Evaluation,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StepOutcome {
    /// Evaluated; `decision` is the combined decision.
    Decided { decision: Decision },
    /// The request could not be made (expired credentials, invalid duration, unknown role, …).
    Failed { code: String, message: String },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepResult {
    pub index: usize,
    pub name: String,
    pub time: Instant,
    /// Who acted, for display.
    pub principal: String,
    pub outcome: StepOutcome,
    /// The decision, with expired credentials counted as an implicit deny.
    pub decision: Option<Decision>,
    pub expected: Option<StepExpect>,
    pub pass: Option<bool>,
    pub evaluations: Vec<StepEvaluation>,
    /// Every context key of the first evaluation, with its origin.
    pub context: Vec<DerivedKey>,
    /// The session this step created.
    pub session: Option<Session>,
}

pub(super) struct Runner<'s> {
    s: &'s Scenario,
    sessions: BTreeMap<String, Session>,
    full_access: Policy,
}

/// Runs every step. Never fails: a step that cannot be made is a `Failed` outcome.
pub fn run_scenario(s: &Scenario) -> Vec<StepResult> {
    let full_access = parse_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        PolicyId::new(org::FULL_AWS_ACCESS),
        PolicyKind::Scp,
        DocId(0),
    )
    .policy
    .unwrap_or_else(|| Policy {
        id: PolicyId::new(org::FULL_AWS_ACCESS),
        doc: DocId(0),
        kind: PolicyKind::Scp,
        span: crate::Span::default(),
        version: crate::policy::Version::V2012,
        statements: Vec::new(),
    });
    let mut runner = Runner { s, sessions: BTreeMap::new(), full_access };
    let mut now = s.start_time.or_else(|| parse_date(DEFAULT_START)).unwrap_or(0);
    let mut results = Vec::with_capacity(s.steps.len());
    for (index, step) in s.steps.iter().enumerate() {
        now = step.time.unwrap_or(now);
        let mut result = runner.step(index, step, now);
        result.expected = step.expect.clone();
        result.pass = step.expect.as_ref().map(|e| meets(e, &result));
        if let (Some(id), Some(session)) = (&step.id, &result.session) {
            runner.sessions.insert(id.clone(), session.clone());
        }
        results.push(result);
    }
    results
}

fn meets(expect: &StepExpect, result: &StepResult) -> bool {
    match (&result.outcome, expect.error) {
        (StepOutcome::Failed { code, .. }, true) => code != "sts/expired-token",
        (_, true) => false,
        _ => expect.decision.is_none_or(|d| Some(d) == result.decision),
    }
}

fn failed(index: usize, step: &Step, now: Instant, principal: String, (code, message): Failure) -> StepResult {
    let decision = (code == "sts/expired-token").then_some(Decision::ImplicitDeny);
    StepResult {
        index,
        name: step.name.clone(),
        time: now,
        principal,
        outcome: StepOutcome::Failed { code: code.to_string(), message },
        decision,
        expected: None,
        pass: None,
        evaluations: Vec::new(),
        context: Vec::new(),
        session: None,
    }
}

impl<'s> Runner<'s> {
    fn step(&self, index: usize, step: &Step, now: Instant) -> StepResult {
        let principal_ref = match &step.action {
            StepAction::Request { principal, .. } => principal.0.clone(),
            StepAction::AssumeRole(a) => a.caller.0.clone(),
            StepAction::ServiceAssumeRole { service, .. } => service.clone(),
            StepAction::WebIdentity { provider, .. } => provider.0.clone(),
        };
        let actor = match resolve(self.s, &self.sessions, &principal_ref) {
            Ok(a) => a,
            Err(f) => return failed(index, step, now, principal_ref, f),
        };
        let label = actor.label();
        if let Actor::Session { session, .. } = &actor {
            if now >= session.expires_at {
                let message = format!("credentials expired at {}", format_instant(session.expires_at));
                return failed(index, step, now, label, ("sts/expired-token", message));
            }
        }
        let made = match &step.action {
            StepAction::Request { action, resource, resource_account, .. } => {
                self.request(step, now, &actor, action, resource, resource_account.clone()).map(|e| (vec![e], None))
            }
            _ => super::assume::assume(self, index, step, now, &actor),
        };
        match made {
            Err(f) => failed(index, step, now, label, f),
            Ok((evaluations, session)) => {
                let decision = combined(&evaluations);
                let context = evaluations.first().map(|e| e.1.clone()).unwrap_or_default();
                StepResult {
                    index,
                    name: step.name.clone(),
                    time: now,
                    principal: label,
                    outcome: StepOutcome::Decided { decision },
                    decision: Some(decision),
                    expected: None,
                    pass: None,
                    evaluations: evaluations.into_iter().map(|e| e.0).collect(),
                    context,
                    session: session.filter(|_| decision == Decision::Allowed),
                }
            }
        }
    }

    /// The resource's account, tags and policy as the scenario defines them.
    fn resource_facts(&self, resource: &str) -> (Option<String>, BTreeMap<String, String>, Option<Policy>) {
        let account = Arn::parse(resource).map(|a| a.account.to_string()).filter(|a| !a.is_empty());
        if let Some((acct, role)) = find_role(self.s, resource) {
            return (Some(acct.id.clone()), role.tags.clone(), role.trust_policy.clone());
        }
        let bucket = resource.split_once('/').map(|(b, _)| b);
        let found = self.s.accounts.iter().find_map(|a| {
            a.resources
                .iter()
                .find(|r| r.arn == resource || (r.arn.starts_with("arn:aws:s3:::") && Some(r.arn.as_str()) == bucket))
                .map(|r| (a, r))
        });
        match found {
            Some((a, r)) => (account.or(Some(a.id.clone())), r.tags.clone(), r.policy.clone()),
            None => (account, BTreeMap::new(), None),
        }
    }

    /// Evaluates one action by `actor`, with policies and context from the model.
    pub(super) fn evaluate(
        &self,
        step: &Step,
        now: Instant,
        actor: &Actor<'_>,
        target: Target<'_>,
        extra: &dyn Fn(&mut ContextBuilder),
    ) -> (StepEvaluation, Vec<DerivedKey>) {
        let Target { action, resource, account: resource_account } = target;
        let (arn_account, tags, resource_policy) = self.resource_facts(resource);
        let resource_account = resource_account.or(arn_account).or_else(|| actor.account().map(str::to_string));
        let mut ctx = ContextBuilder::default();
        actor.context(self.s, &mut ctx, now, step.credentials);
        request_keys(step, now, &mut ctx);
        if let Some(account) = &resource_account {
            ctx.text("aws:ResourceAccount", account, O::Resource);
            if let Some(path) = self.s.organization.as_ref().and_then(|o| org::org_path(o, account)) {
                ctx.text("aws:ResourceOrgID", self.s.organization.as_ref().map_or("", |o| o.id.as_str()), O::Resource);
                ctx.set("aws:ResourceOrgPaths", ContextValue::strings([path]), O::Resource);
            }
        }
        ctx.tags("aws:ResourceTag/", &tags, O::Resource);
        extra(&mut ctx);
        ctx.explicit(&step.context);
        let (context, keys) = ctx.finish();
        let mut set: PolicySet = actor.policies(self.s);
        set.resource = resource_policy;
        set.scps = actor.account().and_then(|a| org::scp_levels(self.s.organization.as_ref(), a, &self.full_access));
        set.rcps = resource_account.as_deref().and_then(|a| org::rcp_levels(self.s.organization.as_ref(), a));
        let request = Request {
            caller: actor.caller(),
            action: action.to_string(),
            resource: resource.to_string(),
            resource_account: resource_account.clone(),
            context,
        };
        let evaluation = evaluate(&set, &request);
        (StepEvaluation { action: action.to_string(), resource: resource.to_string(), evaluation }, keys)
    }

    fn request(
        &self,
        step: &Step,
        now: Instant,
        actor: &Actor<'_>,
        action: &str,
        resource: &str,
        resource_account: Option<String>,
    ) -> Result<(StepEvaluation, Vec<DerivedKey>), Failure> {
        if resource != "*" && Arn::parse(resource).is_none() {
            return Err(("scenario/invalid-resource", format!("`{resource}` is not an ARN")));
        }
        Ok(self.evaluate(step, now, actor, Target { action, resource, account: resource_account }, &|_| {}))
    }

    pub(super) fn session_role(&self, arn: &str) -> Result<(&'s Account, &'s Role), Failure> {
        find_role(self.s, arn).ok_or_else(|| ("scenario/unknown-role", format!("no role `{arn}` in this scenario")))
    }
}

/// What a step evaluation is about: an action on a resource in an account.
pub(super) struct Target<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    /// Overrides the account the resource is in.
    pub account: Option<String>,
}

/// Keys from the step itself: time, region, source IP, transport.
fn request_keys(step: &Step, now: Instant, ctx: &mut ContextBuilder) {
    ctx.time("aws:CurrentTime", now, O::Request);
    ctx.number("aws:EpochTime", now / SECOND, O::Request);
    ctx.text("aws:RequestedRegion", step.region.as_deref().unwrap_or("us-east-1"), O::Request);
    ctx.flag("aws:SecureTransport", step.secure_transport.unwrap_or(true), O::Request);
    ctx.flag("aws:ViaAWSService", false, O::Request);
    if let Some(ip) = &step.source_ip {
        ctx.text("aws:SourceIp", ip, O::Request);
    }
}

/// All evaluations must allow; an explicit deny anywhere wins.
fn combined(evaluations: &[(StepEvaluation, Vec<DerivedKey>)]) -> Decision {
    let decisions = evaluations.iter().map(|e| e.0.evaluation.decision);
    if decisions.clone().any(|d| d == Decision::ExplicitDeny) {
        Decision::ExplicitDeny
    } else if decisions.clone().all(|d| d == Decision::Allowed) && !evaluations.is_empty() {
        Decision::Allowed
    } else {
        Decision::ImplicitDeny
    }
}

pub(super) const SECONDS: i128 = SECOND;
