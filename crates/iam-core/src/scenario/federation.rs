//! Federated role assumption: `sts:AssumeRoleWithWebIdentity` (OIDC) and
//! `sts:AssumeRoleWithSAML` (reference §6; STS API pages of both calls).
//!
//! The identity provider is the caller; the trust policy must allow it.
//! Claims (OIDC) become keys `<provider host>:<claim>` and SAML attributes
//! keys `saml:<attribute>`; an array is a multivalued key. Session tags the
//! provider passes need `sts:TagSession`, and a source identity needs
//! `sts:SetSourceIdentity`, both in the trust policy. A SAML session ends at
//! `SessionNotOnOrAfter` when that comes before the requested duration.
//! Federated sessions carry no MFA keys.

use super::actors::{Actor, Failure};
use super::assume::{role_session, session_keys, session_policies, AssumeCall, Made};
use super::context::{ContextBuilder, ContextOrigin as O};
use super::limits;
use super::run::{Runner, SECONDS};
use super::session::SessionKind;
use super::{FederatedAssume, Protocol, Step};
use crate::condition::values::Instant;
use crate::context::ContextValue;

/// The condition key a claim or attribute becomes.
fn claim_key(f: &FederatedAssume, claim: &str) -> String {
    match f.protocol {
        Protocol::Saml if claim.contains(':') => claim.to_string(),
        Protocol::Saml => format!("saml:{claim}"),
        Protocol::Oidc => {
            let host = f.provider.0.split_once(":oidc-provider/").map_or(f.provider.0.as_str(), |(_, h)| h);
            format!("{host}:{claim}")
        }
    }
}

fn call_keys(ctx: &mut ContextBuilder, f: &FederatedAssume, name: &str) {
    for (claim, value) in &f.claims {
        ctx.set(&claim_key(f, claim), value.clone(), O::AssumeRoleCall);
    }
    session_keys(ctx, name, f.source_identity.as_deref(), (&f.session_tags, &f.transitive_tag_keys));
}

pub(super) fn assume_federated(
    runner: &Runner<'_>,
    index: usize,
    step: &Step,
    now: Instant,
    actor: &Actor<'_>,
    f: &FederatedAssume,
) -> Result<Made, Failure> {
    let (action, kind, default_name) = match f.protocol {
        Protocol::Oidc => ("sts:AssumeRoleWithWebIdentity", SessionKind::WebIdentity, "web-identity"),
        Protocol::Saml => ("sts:AssumeRoleWithSAML", SessionKind::Saml, "saml-user"),
    };
    let (role_account, role) = runner.session_role(&f.role.0)?;
    let duration = limits::role_duration(f.duration_seconds.map(|d| d.0), role, false)?;
    let name = f.session_name.clone().unwrap_or_else(|| default_name.into());
    limits::session_name(&name)?;
    let session_policies =
        session_policies(runner, role_account, (f.session_policy.as_ref(), f.session_policy_size), &f.policy_arns)?;
    limits::session_tags(&f.session_tags)?;
    if let Some(si) = &f.source_identity {
        limits::source_identity(si)?;
    }
    let mut expires = now + i128::from(duration) * SECONDS;
    if let Some(limit) = f.not_on_or_after {
        if limit <= now {
            return Err((
                "sts/expired-assertion",
                "the SAML assertion's SessionNotOnOrAfter has passed: the identity provider must sign in again".into(),
            ));
        }
        expires = expires.min(limit);
    }
    let extra = |ctx: &mut ContextBuilder| call_keys(ctx, f, &name);
    let call =
        AssumeCall { action, role, tags: !f.session_tags.is_empty(), source_identity: f.source_identity.is_some() };
    let evaluations = call.evaluate(runner, step, now, actor, &extra);
    let mut session = role_session(kind, index, role, &role_account.id, name, now, Some(duration));
    session.expires_at = Some(expires);
    session.federated_provider = Some(f.provider.0.clone());
    session.federation_keys = f
        .claims
        .iter()
        .filter_map(|(claim, value)| match value {
            ContextValue::Single(crate::context::Scalar::String(v)) => Some((claim_key(f, claim), v.clone())),
            _ => None,
        })
        .collect();
    session.tags = f.session_tags.clone();
    session.transitive_tag_keys = f.transitive_tag_keys.clone();
    session.source_identity = f.source_identity.clone();
    session.session_policies = session_policies;
    Ok((evaluations, Some(session)))
}
