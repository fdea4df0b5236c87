//! Running a scenario's steps in order. Role assumptions create sessions that
//! later steps use as their principal, until the credentials expire.

use super::actors::{find_role, resolve, Actor, Failure};
use super::context::{ContextBuilder, ContextOrigin as O, DerivedKey};
use super::session::Session;
use super::{org, Account, Resource, Role, Scenario, Step, StepAction, StepExpect};
use crate::condition::values::{format_instant, parse_date, Instant};
use crate::context::ContextValue;
use crate::evaluate::{evaluate, PolicySet, Request};
use crate::explain::{Decision, Evaluation};
use crate::matching::arn::Arn;
use crate::policy::{parse_policy, Policy, PolicyId, PolicyKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const SECOND: i128 = 1_000_000_000;
/// When neither the step nor the scenario gives a time.
const DEFAULT_START: &str = "2026-01-01T09:00:00Z";

/// The time of a scenario's first step: its `start_time`, or the default.
pub(crate) fn start_of(s: &Scenario) -> Instant {
    s.start_time.or_else(|| parse_date(DEFAULT_START)).unwrap_or(0)
}

/// One evaluation made by a step (an assume step may need several).
/// (No `PartialEq`: comparing whole traces is never needed, and it costs code size in the browser.)
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepEvaluation {
    pub action: String,
    pub resource: String,
    pub evaluation: Evaluation,
    /// The answer to "why?", from the evaluation and the policies it read
    /// (always set by a run). Written out, never read back: a reader of
    /// results (the browser page) gets the sentences made from it instead,
    /// and needs no code to rebuild the data.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub summary: Option<crate::explain::Summary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StepOutcome {
    /// Evaluated; `decision` is the combined decision.
    Decided { decision: Decision },
    /// The request could not be made (expired credentials, invalid duration, unknown role, …).
    Failed { code: String, message: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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

impl StepResult {
    /// The step's explanation in plain sentences: why each of its requests
    /// was decided as it was, or why the request could not be made.
    pub fn summary(&self) -> Vec<String> {
        let mut out: Vec<String> =
            self.evaluations.iter().filter_map(|e| e.summary.as_ref()).flat_map(|s| s.sentences()).collect();
        if let StepOutcome::Failed { message, .. } = &self.outcome {
            out.push(format!("The request could not be made: {message}."));
        }
        out
    }
}

pub(super) struct Runner<'s> {
    s: &'s Scenario,
    sessions: BTreeMap<String, Session>,
    full_access: Policy,
    /// Only decisions and deciding statements are wanted: no summaries, and
    /// each trace keeps only the statements that apply.
    light: bool,
}

/// The statement traces a run keeps in full: past them, later evaluations
/// keep only the statements that apply (each policy counts the rest), so
/// that a thousand steps over thousands of statements stay small.
pub const MAX_TRACED_STATEMENTS: usize = 100_000;

/// Runs every step. Never fails: a step that cannot be made is a `Failed` outcome.
pub fn run_scenario(s: &Scenario) -> Vec<StepResult> {
    run_scenario_observed(s, |_| {})
}

/// As [`run_scenario`], calling `done` with the number of steps run after
/// each one (a caller with a time budget reports how far a run got).
pub fn run_scenario_observed(s: &Scenario, done: impl FnMut(usize)) -> Vec<StepResult> {
    run_steps(s, &s.steps, s.steps.len(), false, done)
}

/// The first `count` steps of a run (the steps after them cannot change them).
pub fn run_scenario_through(s: &Scenario, count: usize) -> Vec<StepResult> {
    run_steps(s, &s.steps, count, false, |_| {})
}

/// `steps` run against the model of `s` (its own steps are not run), for
/// questions about the model: no summaries, and each trace keeps only the
/// statements that apply (decisions and deciding statements are complete).
pub fn run_questions(s: &Scenario, steps: &[Step]) -> Vec<StepResult> {
    run_steps(s, steps, steps.len(), true, |_| {})
}

/// As [`run_questions`], the sessions of an earlier run already made: steps
/// may act as `session:<id>` for each of them.
pub fn run_questions_in(s: &Scenario, sessions: &BTreeMap<String, Session>, steps: &[Step]) -> Vec<StepResult> {
    run_steps_from(s, sessions.clone(), steps, steps.len(), true, |_| {})
}

fn run_steps(s: &Scenario, steps: &[Step], count: usize, light: bool, done: impl FnMut(usize)) -> Vec<StepResult> {
    run_steps_from(s, BTreeMap::new(), steps, count, light, done)
}

fn run_steps_from(
    s: &Scenario,
    sessions: BTreeMap<String, Session>,
    steps: &[Step],
    count: usize,
    light: bool,
    mut done: impl FnMut(usize),
) -> Vec<StepResult> {
    let full_access = parse_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        PolicyId::new(org::FULL_AWS_ACCESS),
        PolicyKind::Scp,
        super::AWS_DOC,
    )
    .policy
    .unwrap_or_else(|| Policy {
        id: PolicyId::new(org::FULL_AWS_ACCESS),
        doc: super::AWS_DOC,
        kind: PolicyKind::Scp,
        span: crate::Span::default(),
        version: crate::policy::Version::V2012,
        statements: Vec::new().into(),
        ignored: Vec::new(),
    });
    let mut runner = Runner { s, sessions, full_access, light };
    let mut now = start_of(s);
    let mut results = Vec::with_capacity(steps.len().min(count));
    let mut traced = 0_usize;
    for (index, step) in steps.iter().enumerate().take(count) {
        now = step.time.unwrap_or(now);
        let mut result = runner.step(index, step, now);
        for e in &mut result.evaluations {
            if light {
                e.evaluation.compact();
                continue;
            }
            let count = e.evaluation.traced_statements();
            traced += if traced + count > MAX_TRACED_STATEMENTS { e.evaluation.compact() } else { count };
        }
        result.expected = step.expect.clone();
        result.pass = step.expect.as_ref().map(|e| meets(e, &result));
        if let (Some(id), Some(session)) = (&step.id, &result.session) {
            runner.sessions.insert(id.clone(), session.clone());
        }
        results.push(result);
        done(results.len());
    }
    results
}

fn meets(expect: &StepExpect, result: &StepResult) -> bool {
    if let StepOutcome::Failed { code, .. } = &result.outcome {
        if expect.error {
            return code != "sts/expired-token" && expect.error_code.as_deref().is_none_or(|c| c == code);
        }
    } else if expect.error {
        return false;
    }
    let deciding = result.deciding_evaluation();
    let layer_ok = expect.layer.as_deref().is_none_or(|l| deciding.is_some_and(|e| e.evaluation.decided_by() == l));
    let statements_ok = expect.statements.as_ref().is_none_or(|want| {
        crate::explain::statements_match(want, deciding.map_or(&[], |e| e.evaluation.determining.as_slice()))
    });
    let expires_ok = expect.expires.is_none_or(|t| result.session.as_ref().is_some_and(|s| s.expires_at == Some(t)));
    expect.decision.is_none_or(|d| Some(d) == result.decision) && layer_ok && statements_ok && expires_ok
}

impl StepResult {
    /// The evaluation that gave the step its decision: the first one whose
    /// decision is the step's (an assume step makes several).
    pub fn deciding_evaluation(&self) -> Option<&StepEvaluation> {
        let decision = self.decision?;
        self.evaluations.iter().find(|e| e.evaluation.decision == decision)
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
            StepAction::Federated(f) => f.provider.0.clone(),
            StepAction::SessionToken { caller, .. } => caller.0.clone(),
            StepAction::FederationToken(f) => f.caller.0.clone(),
        };
        let actor = match resolve(self.s, &self.sessions, &principal_ref) {
            Ok(a) => a,
            Err(f) => return failed(index, step, now, principal_ref, f),
        };
        let label = actor.label();
        if let Some(expires) = actor.session().and_then(|s| s.expires_at) {
            if now >= expires {
                let message = format!("credentials expired at {}", format_instant(expires));
                return failed(index, step, now, label, ("sts/expired-token", message));
            }
        }
        let made = match &step.action {
            StepAction::Request { action, resource, resource_account, .. } => {
                self.request(step, now, &actor, action, resource, resource_account.clone()).map(|e| (vec![e], None))
            }
            StepAction::SessionToken { duration_seconds, mfa, .. } => {
                let params = (duration_seconds.map(|d| d.0), *mfa);
                super::tokens::session_token(self, index, step, now, &actor, params)
            }
            StepAction::FederationToken(f) => super::tokens::federation_token(self, index, step, now, &actor, f),
            StepAction::Federated(f) => super::federation::assume_federated(self, index, step, now, &actor, f),
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

    /// A resource of the model by its ARN (first definition wins).
    fn resource(&self, arn: &str) -> Option<((usize, usize), &'s Account, &'s Resource)> {
        let &(a, i) = self.s.index.resources.get(arn)?;
        let account = self.s.accounts.get(a)?;
        Some(((a, i), account, account.resources.get(i)?))
    }

    /// Whether the resource is a KMS key the scenario marks as AWS managed.
    fn is_aws_managed_key(&self, resource: &str) -> bool {
        self.resource(resource).is_some_and(|(_, _, r)| r.aws_managed)
    }

    /// The resource's account, tags and policy as the scenario defines them.
    /// An S3 object uses its bucket's entry; whichever is defined first wins.
    fn resource_facts(&self, resource: &str) -> (Option<String>, BTreeMap<String, String>, Option<Policy>) {
        // Resources in the account `aws` (AWS managed policies) count as the caller's own.
        let account = Arn::parse(resource).map(|a| a.account.to_string()).filter(|a| !a.is_empty() && a != "aws");
        if let Some((acct, role)) = find_role(self.s, resource) {
            return (Some(acct.id.clone()), role.tags.clone(), role.trust_policy.clone());
        }
        match defined_resource(self.s, resource) {
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
        let alias = |id: &str| self.s.accounts.iter().find(|a| a.id == id).and_then(|a| a.alias.clone());
        if set.scps.is_some() {
            let account = actor.account().unwrap_or_default();
            set.scp_level_names = org::level_names(self.s.organization.as_ref(), account, alias(account).as_deref());
        }
        if let (Some(_), Some(account)) = (&set.rcps, resource_account.as_deref()) {
            set.rcp_level_names = org::level_names(self.s.organization.as_ref(), account, alias(account).as_deref());
        }
        let request = Request {
            caller: actor.caller(),
            action: action.to_string(),
            resource: resource.to_string(),
            resource_account: resource_account.clone(),
            context,
        };
        let mut evaluation = evaluate(&set, &request);
        if self.is_aws_managed_key(resource) && crate::evaluate::aws_rules::changes_resource(action) {
            crate::evaluate::aws_rules::apply(&mut evaluation, crate::explain::AwsRule::AwsManagedKmsKey);
        }
        let summary = (!self.light).then(|| crate::explain::summarize(&evaluation, &set, &request));
        let (action, resource) = (action.to_string(), resource.to_string());
        (StepEvaluation { action, resource, evaluation, summary }, keys)
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
        if resource.chars().count() > 2048 {
            return Err((
                "scenario/resource-too-long",
                "the resource is longer than 2,048 characters, the most an ARN has".into(),
            ));
        }
        if resource != "*" && Arn::parse(resource).is_none() {
            return Err(("scenario/invalid-resource", format!("`{resource}` is not an ARN")));
        }
        Ok(self.evaluate(step, now, actor, Target { action, resource, account: resource_account }, &|_| {}))
    }

    /// The managed session policies of an assume call: at most 10, each a
    /// customer managed policy of the role's account or an AWS managed policy.
    pub(super) fn managed_session_policies(
        &self,
        role_account: &Account,
        arns: &[(String, crate::diag::Span)],
    ) -> Result<Vec<Policy>, Failure> {
        if arns.len() > 10 {
            return Err(("sts/too-many-policy-arns", format!("{} managed session policies; at most 10", arns.len())));
        }
        arns.iter()
            .map(|(arn, _)| {
                let own = super::managed::is_aws_managed_arn(arn)
                    || Arn::parse(arn).is_some_and(|a| a.account == role_account.id);
                match super::parse_refs::find_policy(self.s, role_account, arn) {
                    Some(p) if own => Ok(p.clone()),
                    _ => Err((
                        "sts/invalid-policy-arn",
                        format!(
                            "`{arn}` is not a managed policy of the role's account {} nor an AWS managed policy",
                            role_account.id
                        ),
                    )),
                }
            })
            .collect()
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

/// All evaluations must allow; an explicit deny anywhere wins. A step that
/// needs no permission (GetSessionToken) makes no evaluation and succeeds.
fn combined(evaluations: &[(StepEvaluation, Vec<DerivedKey>)]) -> Decision {
    let decisions = evaluations.iter().map(|e| e.0.evaluation.decision);
    if decisions.clone().any(|d| d == Decision::ExplicitDeny) {
        Decision::ExplicitDeny
    } else if decisions.clone().all(|d| d == Decision::Allowed) {
        Decision::Allowed
    } else {
        Decision::ImplicitDeny
    }
}

pub(super) const SECONDS: i128 = SECOND;

/// The model's entry for `resource`: its own, or for an S3 object its
/// bucket's; whichever is defined first wins.
fn defined_resource<'s>(s: &'s Scenario, resource: &str) -> Option<(&'s Account, &'s Resource)> {
    let entry = |arn: &str| {
        let &(a, i) = s.index.resources.get(arn)?;
        let account = s.accounts.get(a)?;
        Some(((a, i), account, account.resources.get(i)?))
    };
    let bucket = resource.split_once('/').map(|(b, _)| b).filter(|b| b.starts_with("arn:aws:s3:::"));
    [entry(resource), bucket.and_then(entry)].into_iter().flatten().min_by_key(|f| f.0).map(|(_, a, r)| (a, r))
}

/// Whether a request on `resource` would meet a resource-based policy of the
/// model (a role's trust policy, a resource's or its bucket's policy): only
/// such a policy can allow a principal whose own policies allow nothing.
pub fn has_resource_policy(s: &Scenario, resource: &str) -> bool {
    match find_role(s, resource) {
        Some((_, role)) => role.trust_policy.is_some(),
        None => defined_resource(s, resource).is_some_and(|(_, r)| r.policy.is_some()),
    }
}
