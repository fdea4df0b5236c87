//! `sts:GetSessionToken` and `sts:GetFederationToken` (reference §6.5, §6.6).
//!
//! GetSessionToken needs no permission: it gives an IAM user (or the root
//! user) temporary credentials with the user's own permissions, and with MFA
//! when a code was given, so that every later call, and a later AssumeRole,
//! carries MFA. GetFederationToken needs `sts:GetFederationToken` and a
//! session policy; the federated user's permissions are the user's narrowed
//! by it. Both must be called with long-term credentials: AssumeRole
//! credentials are refused by a rule of AWS, which the evaluation shows.

use super::actors::{Actor, Failure};
use super::assume::Made;
use super::context::{ContextBuilder, ContextOrigin as O};
use super::limits;
use super::run::{Runner, Target};
use super::session::{Session, SessionKind, SessionNote};
use super::{FederationToken, Step};
use crate::condition::values::Instant;

/// A session of a user's own credentials.
fn user_session(
    kind: SessionKind,
    step: usize,
    user_arn: &str,
    arn: String,
    name: String,
    now: Instant,
    d: u64,
) -> Session {
    let mut session = Session::new(kind, step, arn, name, now, Some(d));
    session.user_arn = Some(user_arn.to_string());
    session
}

/// Role sessions are refused by a rule of AWS: evaluate so the explanation shows it.
fn refused_for_sessions(runner: &Runner<'_>, step: &Step, now: Instant, actor: &Actor<'_>, action: &str) -> Made {
    let target = Target { action, resource: "*", account: None };
    (vec![runner.evaluate(step, now, actor, target, &|_| {})], None)
}

pub(super) fn session_token(
    runner: &Runner<'_>,
    index: usize,
    step: &Step,
    now: Instant,
    actor: &Actor<'_>,
    (duration, mfa): (Option<u64>, bool),
) -> Result<Made, Failure> {
    match actor {
        Actor::Session { .. } => Ok(refused_for_sessions(runner, step, now, actor, "sts:GetSessionToken")),
        Actor::User { user, .. } => {
            let d = limits::token_duration(duration, false)?;
            let mut session =
                user_session(SessionKind::SessionToken, index, &user.arn, user.arn.clone(), user.name.clone(), now, d);
            session.mfa = mfa;
            if mfa {
                session.notes.push(SessionNote::MfaOnEveryCall);
            }
            // No permission is needed: nothing is evaluated, and the step succeeds.
            Ok((Vec::new(), Some(session)))
        }
        Actor::Root { .. } => Err((
            "sts/root-session-token",
            "the root user's GetSessionToken credentials are not modelled; use an IAM user, as AWS recommends".into(),
        )),
        Actor::UserSession { .. } => Err((
            "sts/needs-long-term-credentials",
            "GetSessionToken must be called with an IAM user's long-term access keys, not with temporary credentials"
                .into(),
        )),
        _ => Err(("sts/invalid-caller", "only IAM users call sts:GetSessionToken".into())),
    }
}

pub(super) fn federation_token(
    runner: &Runner<'_>,
    index: usize,
    step: &Step,
    now: Instant,
    actor: &Actor<'_>,
    f: &FederationToken,
) -> Result<Made, Failure> {
    let (account, user) = match actor {
        Actor::Session { .. } => return Ok(refused_for_sessions(runner, step, now, actor, "sts:GetFederationToken")),
        Actor::User { account, user } => (*account, *user),
        Actor::UserSession { .. } => {
            return Err((
                "sts/needs-long-term-credentials",
                "GetFederationToken must be called with an IAM user's long-term access keys".into(),
            ))
        }
        _ => return Err(("sts/invalid-caller", "only IAM users call sts:GetFederationToken".into())),
    };
    limits::federated_name(&f.name)?;
    let d = limits::token_duration(f.duration_seconds.map(|d| d.0), false)?;
    limits::session_policy_size(f.session_policy_size)?;
    limits::session_tags(&f.session_tags)?;
    if f.session_policy.is_none() {
        return Err((
            "sts/missing-session-policy",
            "GetFederationToken needs a session policy: without one the federated user would have no permissions"
                .into(),
        ));
    }
    let arn = format!("arn:aws:sts::{}:federated-user/{}", account.id, f.name);
    let extra = |ctx: &mut ContextBuilder| {
        if !f.session_tags.is_empty() {
            ctx.tags("aws:RequestTag/", &f.session_tags, O::AssumeRoleCall);
        }
    };
    let target = Target { action: "sts:GetFederationToken", resource: &arn, account: Some(account.id.clone()) };
    let mut evaluations = vec![runner.evaluate(step, now, actor, target, &extra)];
    if !f.session_tags.is_empty() {
        let target = Target { action: "sts:TagSession", resource: &arn, account: Some(account.id.clone()) };
        evaluations.push(runner.evaluate(step, now, actor, target, &extra));
    }
    let mut session = user_session(SessionKind::FederationToken, index, &user.arn, arn, f.name.clone(), now, d);
    session.session_policies = f.session_policy.iter().cloned().collect();
    session.tags = f.session_tags.clone();
    Ok((evaluations, Some(session)))
}
