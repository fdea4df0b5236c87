//! Role assumption: `sts:AssumeRole` by a user or a session (role chaining),
//! a service assuming its role, and `sts:AssumeRoleWithWebIdentity`.
//!
//! Rules (STS AssumeRole API, session tags and role pages): durations run
//! from 900 s to the role's MaxSessionDuration, and role chaining caps them
//! at 3,600 s. Session names are 2–64 characters of `[\w+=,.@-]`; a source
//! identity cannot change once set and passes through chaining; a session tag
//! may not reuse the key of an inherited transitive tag.

use super::actors::{Actor, Failure};
use super::context::{ContextBuilder, ContextOrigin as O, DerivedKey};
use super::run::{Runner, Session, StepEvaluation, Target, SECONDS};
use super::{AssumeRole, Role, Step, StepAction};
use crate::condition::values::Instant;
use crate::context::ContextValue;
use std::collections::BTreeMap;

type Made = (Vec<(StepEvaluation, Vec<DerivedKey>)>, Option<Session>);

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
            check_session_name(&name)?;
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
            // Sessions that services create for their roles are not bound by MaxSessionDuration.
            let session = new_session(index, role, &role_account.id, name, now, 3600, None, false, None);
            Ok((vec![e], Some(session)))
        }
        StepAction::WebIdentity { provider, role, claims, session_name, duration_seconds } => {
            let (role_account, role) = runner.session_role(&role.0)?;
            let duration = check_duration(duration_seconds.map(|d| d.0), role, false)?;
            let name = session_name.clone().unwrap_or_else(|| "web-identity".into());
            check_session_name(&name)?;
            let host = provider.0.split_once(":oidc-provider/").map_or(provider.0.as_str(), |(_, h)| h).to_string();
            let extra = |ctx: &mut ContextBuilder| {
                for (claim, value) in claims {
                    ctx.text(&format!("{host}:{claim}"), value, O::AssumeRoleCall);
                }
                ctx.text("sts:RoleSessionName", &name, O::AssumeRoleCall);
            };
            let e = runner.evaluate(
                step,
                now,
                actor,
                Target { action: "sts:AssumeRoleWithWebIdentity", resource: &role.arn, account: None },
                &extra,
            );
            let session = new_session(
                index,
                role,
                &role_account.id,
                name.clone(),
                now,
                duration,
                None,
                false,
                Some(provider.0.clone()),
            );
            Ok((vec![e], Some(session)))
        }
        StepAction::Request { .. } => Err(("scenario/internal", "a request step is not a role assumption".into())),
    }
}

fn default_service_session(service: &str, source_arn: Option<&str>) -> String {
    let from_arn = source_arn.and_then(|a| a.rsplit(['/', ':']).next()).filter(|s| s.len() >= 2);
    from_arn.map_or_else(|| service.split('.').next().unwrap_or("service").to_string(), str::to_string)
}

fn check_duration(requested: Option<u64>, role: &Role, chained: bool) -> Result<u64, Failure> {
    let d = requested.unwrap_or(3600);
    if d < 900 {
        return Err((
            "sts/invalid-duration",
            format!("DurationSeconds {d} is below the minimum of 900 seconds (15 minutes)"),
        ));
    }
    if chained && d > 3600 {
        return Err((
            "sts/invalid-duration",
            format!("role chaining limits a session to 3,600 seconds (1 hour); {d} seconds were requested"),
        ));
    }
    if d > role.max_session_duration {
        return Err((
            "sts/invalid-duration",
            format!(
                "role `{}` allows sessions of at most {} seconds; {d} were requested",
                role.name, role.max_session_duration
            ),
        ));
    }
    Ok(d)
}

fn check_session_name(name: &str) -> Result<(), Failure> {
    let valid =
        (2..=64).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
    if valid {
        Ok(())
    } else {
        Err((
            "sts/invalid-session-name",
            format!("session name `{name}` must be 2 to 64 characters of letters, digits and _+=,.@-"),
        ))
    }
}

#[expect(clippy::too_many_arguments, reason = "a session is built from this many independent facts")]
fn new_session(
    step: usize,
    role: &Role,
    account: &str,
    session_name: String,
    now: Instant,
    duration: u64,
    source_identity: Option<String>,
    mfa: bool,
    federated_provider: Option<String>,
) -> Session {
    Session {
        step,
        role_arn: role.arn.clone(),
        arn: format!("arn:aws:sts::{account}:assumed-role/{}/{session_name}", role.name),
        session_name,
        issued_at: now,
        expires_at: now + i128::from(duration) * SECONDS,
        tags: BTreeMap::new(),
        transitive_tag_keys: Vec::new(),
        source_identity,
        mfa,
        federated_provider,
        session_policy: None,
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
    let caller_session = match actor {
        Actor::User { .. } => None,
        Actor::Session { session, .. } => Some(*session),
        Actor::Root { .. } => {
            return Err((
                "sts/root-cannot-assume-role",
                "the root user cannot call AssumeRole; use an IAM user or role".into(),
            ))
        }
        _ => return Err(("sts/invalid-caller", "only IAM users and role sessions call sts:AssumeRole".into())),
    };
    let (role_account, role) = runner.session_role(&a.role.0)?;
    let duration = check_duration(a.duration_seconds.map(|d| d.0), role, caller_session.is_some())?;
    let name = a.session_name.clone().unwrap_or_else(|| match actor {
        Actor::User { user, .. } => user.name.clone(),
        _ => caller_session.map_or_else(|| "session".into(), |s| s.session_name.clone()),
    });
    check_session_name(&name)?;
    let inherited_identity = caller_session.and_then(|s| s.source_identity.clone());
    if let Some(si) = &a.source_identity {
        let valid = (2..=64).contains(&si.len()) && !si.to_ascii_lowercase().starts_with("aws:");
        if !valid {
            return Err((
                "sts/invalid-source-identity",
                format!("source identity `{si}` must be 2 to 64 characters and not start with `aws:`"),
            ));
        }
        if inherited_identity.as_ref().is_some_and(|old| old != si) {
            return Err((
                "sts/source-identity-immutable",
                "the source identity was set by an earlier session and cannot be changed".into(),
            ));
        }
    }
    let inherited_tags: BTreeMap<String, String> = caller_session
        .map(|s| {
            s.tags
                .iter()
                .filter(|(k, _)| s.transitive_tag_keys.iter().any(|t| t.eq_ignore_ascii_case(k)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    if let Some(k) = a.session_tags.keys().find(|k| inherited_tags.keys().any(|t| t.eq_ignore_ascii_case(k))) {
        return Err((
            "sts/tag-conflict",
            format!("session tag `{k}` has the key of a transitive tag inherited from the calling session"),
        ));
    }
    if let Some((k, v)) = a.session_tags.iter().find(|(k, v)| k.len() > 128 || v.len() > 256) {
        return Err((
            "sts/invalid-tag",
            format!("session tag `{k}` = `{v}` is too long (keys 128, values 256 characters at most)"),
        ));
    }
    let extra = |ctx: &mut ContextBuilder| {
        ctx.text("sts:RoleSessionName", &name, O::AssumeRoleCall);
        if let Some(id) = &a.external_id {
            ctx.text("sts:ExternalId", id, O::AssumeRoleCall);
        }
        if let Some(si) = &a.source_identity {
            ctx.text("sts:SourceIdentity", si, O::AssumeRoleCall);
        }
        if !a.session_tags.is_empty() {
            ctx.tags("aws:RequestTag/", &a.session_tags, O::AssumeRoleCall);
            ctx.set("aws:TagKeys", ContextValue::strings(a.session_tags.keys().cloned()), O::AssumeRoleCall);
        }
        if !a.transitive_tag_keys.is_empty() {
            ctx.set(
                "sts:TransitiveTagKeys",
                ContextValue::strings(a.transitive_tag_keys.iter().cloned()),
                O::AssumeRoleCall,
            );
        }
        if a.mfa {
            ctx.flag("aws:MultiFactorAuthPresent", true, O::AssumeRoleCall);
            ctx.number("aws:MultiFactorAuthAge", 0, O::AssumeRoleCall);
        }
    };
    let mut evaluations = vec![runner.evaluate(
        step,
        now,
        actor,
        Target { action: "sts:AssumeRole", resource: &role.arn, account: None },
        &extra,
    )];
    if !a.session_tags.is_empty() {
        evaluations.push(runner.evaluate(
            step,
            now,
            actor,
            Target { action: "sts:TagSession", resource: &role.arn, account: None },
            &extra,
        ));
    }
    if a.source_identity.is_some() {
        evaluations.push(runner.evaluate(
            step,
            now,
            actor,
            Target { action: "sts:SetSourceIdentity", resource: &role.arn, account: None },
            &extra,
        ));
    }
    let mut session = new_session(
        index,
        role,
        &role_account.id,
        name,
        now,
        duration,
        a.source_identity.clone().or(inherited_identity),
        a.mfa,
        None,
    );
    session.tags = inherited_tags;
    session.tags.extend(a.session_tags.iter().map(|(k, v)| (k.clone(), v.clone())));
    session.transitive_tag_keys = caller_session.map(|s| s.transitive_tag_keys.clone()).unwrap_or_default();
    session.transitive_tag_keys.extend(a.transitive_tag_keys.iter().cloned());
    session.session_policy = a.session_policy.clone();
    Ok((evaluations, Some(session)))
}
