//! Role assumption: `sts:AssumeRole` by a user or a session (role chaining),
//! a service assuming its role, and `sts:AssumeRoleWithWebIdentity`.
//!
//! Rules (STS AssumeRole API, session tags and role pages; reference §6):
//! durations run from 900 s to the role's MaxSessionDuration, and role
//! chaining caps them at 3,600 s (credentials a compute service rotates are
//! not chaining). MFA belongs to an IAM user and is seen by the AssumeRole
//! call only. A source identity cannot change once set, passes through
//! chaining, and then needs `sts:SetSourceIdentity` on both sides. Parameter
//! limits fail the step, not the file.

use super::actors::{Actor, Failure};
use super::context::{ContextBuilder, ContextOrigin as O, DerivedKey};
use super::limits;
use super::run::{Runner, StepEvaluation, Target};
use super::session::{Session, SessionKind, SessionNote};
use super::{Account, AssumeRole, Role, Step, StepAction};
use crate::condition::values::Instant;
use crate::context::ContextValue;
use crate::diag::Span;
use crate::policy::Policy;
use std::collections::BTreeMap;

pub(super) type Made = (Vec<(StepEvaluation, Vec<DerivedKey>)>, Option<Session>);

pub(super) fn assume(
    runner: &Runner<'_>,
    index: usize,
    step: &Step,
    now: Instant,
    actor: &Actor<'_>,
) -> Result<Made, Failure> {
    match &step.action {
        StepAction::AssumeRole(a) => assume_role(runner, index, step, now, actor, a),
        StepAction::ServiceAssumeRole { service, role, source_arn, session_name } => {
            let (role_account, role) = runner.session_role(&role.0)?;
            let source_account = source_arn
                .as_deref()
                .and_then(crate::matching::arn::Arn::parse)
                .map(|a| a.account.to_string())
                .filter(|a| !a.is_empty())
                .unwrap_or_else(|| role_account.id.clone());
            let name = session_name.clone().unwrap_or_else(|| default_service_session(service, source_arn.as_deref()));
            limits::session_name(&name)?;
            let extra = |ctx: &mut ContextBuilder| {
                if let Some(arn) = source_arn {
                    ctx.text("aws:SourceArn", arn, O::Service);
                }
                ctx.text("aws:SourceAccount", &source_account, O::Service);
            };
            let e = runner.evaluate(
                step,
                now,
                actor,
                Target { action: "sts:AssumeRole", resource: &role.arn, account: None },
                &extra,
            );
            // Compute services rotate their role's credentials: they never run out
            // while the service runs, and MaxSessionDuration does not bind them.
            let mut session = role_session(SessionKind::Service, index, role, &role_account.id, name, now, None);
            session.notes.push(SessionNote::RotatedByService);
            Ok((vec![e], Some(session)))
        }
        _ => Err(("scenario/internal", "this step is not a role assumption".into())),
    }
}

fn default_service_session(service: &str, source_arn: Option<&str>) -> String {
    let from_arn = source_arn.and_then(|a| a.rsplit(['/', ':']).next()).filter(|s| s.len() >= 2);
    from_arn.map_or_else(|| service.split('.').next().unwrap_or("service").to_string(), str::to_string)
}

/// A new session of `role`; `duration` is `None` when the service rotates the credentials.
pub(super) fn role_session(
    kind: SessionKind,
    step: usize,
    role: &Role,
    account: &str,
    session_name: String,
    now: Instant,
    duration: Option<u64>,
) -> Session {
    let arn = format!("arn:aws:sts::{account}:assumed-role/{}/{session_name}", role.name);
    let mut session = Session::new(kind, step, arn, session_name, now, duration);
    session.role_arn = role.arn.clone();
    session
}

/// Who may call AssumeRole, and whether the call is role chaining.
fn caller_of_assume<'a>(actor: &'a Actor<'_>) -> Result<(Option<&'a Session>, bool), Failure> {
    match actor {
        Actor::User { .. } => Ok((None, false)),
        Actor::UserSession { session, .. } if session.kind == SessionKind::SessionToken => Ok((Some(session), false)),
        Actor::UserSession { .. } => Err((
            "sts/invalid-caller",
            "a federated user (GetFederationToken) cannot call sts:AssumeRole; only sts:GetCallerIdentity among STS operations"
                .into(),
        )),
        // Credentials a compute service rotates are not role chaining (EC2 instance roles).
        Actor::Session { session, .. } => Ok((Some(session), session.kind != SessionKind::Service)),
        Actor::Root { .. } => {
            Err(("sts/root-cannot-assume-role", "the root user cannot call AssumeRole; use an IAM user or role".into()))
        }
        _ => Err(("sts/invalid-caller", "only IAM users and role sessions call sts:AssumeRole".into())),
    }
}

fn assume_role(
    runner: &Runner<'_>,
    index: usize,
    step: &Step,
    now: Instant,
    actor: &Actor<'_>,
    a: &AssumeRole,
) -> Result<Made, Failure> {
    let (caller_session, chained) = caller_of_assume(actor)?;
    if a.mfa && !matches!(actor, Actor::User { .. } | Actor::UserSession { .. }) {
        return Err((
            "sts/mfa-needs-user",
            "an MFA device belongs to an IAM user: a role session cannot present MFA when it assumes another role; get MFA into the chain with GetSessionToken first".into(),
        ));
    }
    let (role_account, role) = runner.session_role(&a.role.0)?;
    let duration = limits::role_duration(a.duration_seconds.map(|d| d.0), role, chained)?;
    let name = a.session_name.clone().unwrap_or_else(|| match actor {
        Actor::User { user, .. } | Actor::UserSession { user, .. } => user.name.clone(),
        _ => caller_session.map_or_else(|| "session".into(), |s| s.session_name.clone()),
    });
    limits::session_name(&name)?;
    if let Some(id) = &a.external_id {
        limits::external_id(id)?;
    }
    let session_policies =
        session_policies(runner, role_account, (a.session_policy.as_ref(), a.session_policy_size), &a.policy_arns)?;
    limits::session_tags(&a.session_tags)?;
    let inherited_identity = caller_session.and_then(|s| s.source_identity.clone());
    if let Some(si) = &a.source_identity {
        limits::source_identity(si)?;
        if inherited_identity.as_ref().is_some_and(|old| old != si) {
            return Err((
                "sts/source-identity-immutable",
                "the source identity was set by an earlier session and cannot be changed".into(),
            ));
        }
    }
    let source_identity = a.source_identity.clone().or_else(|| inherited_identity.clone());
    let inherited_tags = transitive_tags(caller_session);
    if let Some(k) = a.session_tags.keys().find(|k| inherited_tags.keys().any(|t| t.eq_ignore_ascii_case(k))) {
        return Err((
            "sts/tag-conflict",
            format!("session tag `{k}` has the key of a transitive tag inherited from the calling session"),
        ));
    }
    let extra = |ctx: &mut ContextBuilder| {
        let tags = (&a.session_tags, a.transitive_tag_keys.as_slice());
        session_keys(ctx, &name, source_identity.as_deref(), tags);
        if let Some(id) = &a.external_id {
            ctx.text("sts:ExternalId", id, O::AssumeRoleCall);
        }
        if a.mfa {
            ctx.flag("aws:MultiFactorAuthPresent", true, O::AssumeRoleCall);
            ctx.number("aws:MultiFactorAuthAge", 0, O::AssumeRoleCall);
        }
    };
    let call = AssumeCall {
        action: "sts:AssumeRole",
        role,
        tags: !a.session_tags.is_empty(),
        source_identity: source_identity.is_some(),
    };
    let evaluations = call.evaluate(runner, step, now, actor, &extra);
    let mut session = role_session(SessionKind::AssumedRole, index, role, &role_account.id, name, now, Some(duration));
    session.source_identity = source_identity;
    session.mfa = a.mfa;
    if a.mfa {
        session.notes.push(SessionNote::MfaCheckedOnlyWhenAssuming);
    }
    if inherited_identity.is_some() {
        session.notes.push(SessionNote::SourceIdentityInherited);
    }
    session.tags = inherited_tags;
    session.tags.extend(a.session_tags.iter().map(|(k, v)| (k.clone(), v.clone())));
    session.transitive_tag_keys = caller_session.map(|s| s.transitive_tag_keys.clone()).unwrap_or_default();
    session.transitive_tag_keys.extend(a.transitive_tag_keys.iter().cloned());
    session.session_policies = session_policies;
    Ok((evaluations, Some(session)))
}

/// The inline and managed session policies of an assume call, within STS's
/// limits: at most 10 managed ARNs, 2,048 characters of plaintext in all.
pub(super) fn session_policies(
    runner: &Runner<'_>,
    role_account: &Account,
    (inline, inline_size): (Option<&Policy>, usize),
    arns: &[(String, Span)],
) -> Result<Vec<Policy>, Failure> {
    let managed = runner.managed_session_policies(role_account, arns)?;
    let arn_chars: usize = arns.iter().map(|(arn, _)| arn.chars().count()).sum();
    limits::session_policy_size(inline_size + arn_chars)?;
    Ok(inline.into_iter().cloned().chain(managed).collect())
}

/// One role-assumption call and the extra permissions it needs.
pub(super) struct AssumeCall<'r> {
    pub action: &'static str,
    pub role: &'r Role,
    /// Session tags were passed: `sts:TagSession` is needed too.
    pub tags: bool,
    /// A source identity is set or carried: `sts:SetSourceIdentity` is needed
    /// in the caller's permissions and the trust policy.
    pub source_identity: bool,
}

impl AssumeCall<'_> {
    pub(super) fn evaluate(
        &self,
        runner: &Runner<'_>,
        step: &Step,
        now: Instant,
        actor: &Actor<'_>,
        extra: &dyn Fn(&mut ContextBuilder),
    ) -> Vec<(StepEvaluation, Vec<DerivedKey>)> {
        let target = |action| Target { action, resource: &self.role.arn, account: None };
        let mut evaluations = vec![runner.evaluate(step, now, actor, target(self.action), extra)];
        if self.tags {
            evaluations.push(runner.evaluate(step, now, actor, target("sts:TagSession"), extra));
        }
        if self.source_identity {
            evaluations.push(runner.evaluate(step, now, actor, target("sts:SetSourceIdentity"), extra));
        }
        evaluations
    }
}

/// The keys every role-assumption call adds to its own evaluation: the
/// session name, the source identity, and the session tags it passes.
pub(super) fn session_keys(
    ctx: &mut ContextBuilder,
    name: &str,
    source_identity: Option<&str>,
    (tags, transitive): (&BTreeMap<String, String>, &[String]),
) {
    ctx.text("sts:RoleSessionName", name, O::AssumeRoleCall);
    if let Some(si) = source_identity {
        ctx.text("sts:SourceIdentity", si, O::AssumeRoleCall);
    }
    if !tags.is_empty() {
        ctx.tags("aws:RequestTag/", tags, O::AssumeRoleCall);
        ctx.set("aws:TagKeys", ContextValue::strings(tags.keys().cloned()), O::AssumeRoleCall);
    }
    if !transitive.is_empty() {
        ctx.set("sts:TransitiveTagKeys", ContextValue::strings(transitive.iter().cloned()), O::AssumeRoleCall);
    }
}

/// The calling session's tags whose keys it marked transitive.
fn transitive_tags(caller: Option<&Session>) -> BTreeMap<String, String> {
    caller
        .map(|s| {
            s.tags
                .iter()
                .filter(|(k, _)| s.transitive_tag_keys.iter().any(|t| t.eq_ignore_ascii_case(k)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}
