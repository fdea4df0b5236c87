//! Who acts in a step: resolving a principal reference to a caller, the
//! policies that apply to it, and the context keys it contributes.

use super::context::{ContextBuilder, ContextOrigin as O};
use super::ids::unique_id;
use super::parse_refs::find_policy;
use super::session::{Session, SessionKind};
use super::{org, Account, Credentials, Role, Scenario, User};
use crate::condition::values::Instant;
use crate::context::ContextValue;
use crate::evaluate::PolicySet;
use crate::matching::principal::Caller;
use crate::policy::Policy;
use std::collections::BTreeMap;

/// A resolved principal.
pub(super) enum Actor<'s> {
    User {
        account: &'s Account,
        user: &'s User,
    },
    Session {
        account: &'s Account,
        role: &'s Role,
        session: &'s Session,
    },
    /// A user's own temporary credentials: GetSessionToken or GetFederationToken.
    UserSession {
        account: &'s Account,
        user: &'s User,
        session: &'s Session,
    },
    Root {
        account: String,
    },
    Service {
        name: String,
    },
    Provider {
        arn: String,
    },
    Anonymous,
}

/// Why a principal reference could not be resolved: (code, message).
pub(super) type Failure = (&'static str, String);

pub(super) fn find_role<'s>(s: &'s Scenario, arn: &str) -> Option<(&'s Account, &'s Role)> {
    let &(a, r) = s.index.roles.get(arn)?;
    let account = s.accounts.get(a)?;
    Some((account, account.roles.get(r)?))
}

pub(super) fn find_user<'s>(s: &'s Scenario, arn: &str) -> Option<(&'s Account, &'s User)> {
    let &(a, u) = s.index.users.get(arn)?;
    let account = s.accounts.get(a)?;
    Some((account, account.users.get(u)?))
}

/// Resolves `user ARN`, `session:<id>`, a root ARN, a service name or `*`.
pub(super) fn resolve<'s>(
    s: &'s Scenario,
    sessions: &'s BTreeMap<String, Session>,
    reference: &str,
) -> Result<Actor<'s>, Failure> {
    if reference == "*" {
        return Ok(Actor::Anonymous);
    }
    if let Some(id) = reference.strip_prefix("session:") {
        let session = sessions.get(id).ok_or_else(|| {
            ("scenario/no-session", format!("no session `{id}`: the step that should have created it did not succeed"))
        })?;
        if let Some(user_arn) = &session.user_arn {
            let (account, user) = find_user(s, user_arn)
                .ok_or_else(|| ("scenario/unknown-principal", format!("the user of session `{id}` is not defined")))?;
            return Ok(Actor::UserSession { account, user, session });
        }
        let (account, role) = find_role(s, &session.role_arn)
            .ok_or_else(|| ("scenario/unknown-role", format!("the role of session `{id}` is not defined")))?;
        return Ok(Actor::Session { account, role, session });
    }
    if let Some((account, user)) = find_user(s, reference) {
        return Ok(Actor::User { account, user });
    }
    if let Some(account) = reference.strip_prefix("arn:aws:iam::").and_then(|r| r.strip_suffix(":root")) {
        return Ok(Actor::Root { account: account.to_string() });
    }
    if reference.contains(":oidc-provider/") || reference.contains(":saml-provider/") {
        return Ok(Actor::Provider { arn: reference.to_string() });
    }
    if reference.contains(":role/") {
        return Err((
            "scenario/role-as-principal",
            format!(
                "`{reference}` is a role: assume it in an `assume_role` step and use `session:<id>` as the principal"
            ),
        ));
    }
    if !reference.starts_with("arn:") && reference.ends_with(".amazonaws.com") {
        return Ok(Actor::Service { name: reference.to_string() });
    }
    Err((
        "scenario/unknown-principal",
        format!("`{reference}` is not a user, session, root user, service or `*` of this scenario"),
    ))
}

impl Actor<'_> {
    pub fn caller(&self) -> Caller {
        let p = smol_str::SmolStr::new_static("aws");
        match self {
            Actor::User { account, user } => Caller::User {
                partition: p,
                account: account.id.as_str().into(),
                path: user.path.as_str().into(),
                name: user.name.as_str().into(),
            },
            Actor::Session { account, role, session } => Caller::AssumedRole {
                partition: p,
                account: account.id.as_str().into(),
                role: role.name.as_str().into(),
                session: session.session_name.as_str().into(),
            },
            Actor::UserSession { account, user, session } => match session.kind {
                SessionKind::FederationToken => Caller::FederatedUser {
                    partition: p,
                    account: account.id.as_str().into(),
                    name: session.session_name.as_str().into(),
                },
                _ => Caller::User {
                    partition: p,
                    account: account.id.as_str().into(),
                    path: user.path.as_str().into(),
                    name: user.name.as_str().into(),
                },
            },
            Actor::Root { account } => Caller::Root { partition: p, account: account.as_str().into() },
            Actor::Service { name } => Caller::Service { name: name.as_str().into() },
            Actor::Provider { arn } => Caller::WebIdentity { provider: arn.as_str().into() },
            Actor::Anonymous => Caller::Anonymous,
        }
    }

    pub fn account(&self) -> Option<&str> {
        match self {
            Actor::User { account, .. } | Actor::Session { account, .. } | Actor::UserSession { account, .. } => {
                Some(&account.id)
            }
            Actor::Root { account } => Some(account),
            _ => None,
        }
    }

    /// A readable name for tables and chains.
    pub fn label(&self) -> String {
        match self {
            Actor::User { user, .. } => user.name.clone(),
            Actor::Session { session, .. } | Actor::UserSession { session, .. } => session.arn.clone(),
            Actor::Root { account } => format!("root of {account}"),
            Actor::Service { name } => name.clone(),
            Actor::Provider { arn } => arn.clone(),
            Actor::Anonymous => "anonymous".into(),
        }
    }

    /// The session behind the actor, if it acts with temporary credentials a step made.
    pub fn session(&self) -> Option<&Session> {
        match self {
            Actor::Session { session, .. } | Actor::UserSession { session, .. } => Some(session),
            _ => None,
        }
    }

    /// Identity policies, boundary and session policy of the caller.
    pub fn policies(&self, s: &Scenario) -> PolicySet {
        let mut set = PolicySet::default();
        let collect = |refs: &[(String, crate::diag::Span)], account: &Account| -> Vec<Policy> {
            refs.iter().filter_map(|(r, _)| find_policy(s, account, r).cloned()).collect()
        };
        match self {
            Actor::User { account, user } => user_policies(s, account, user, &mut set),
            Actor::UserSession { account, user, session } => {
                user_policies(s, account, user, &mut set);
                // A federated user's permissions are the user's narrowed by the session policy;
                // without one it has none (the evaluator says so).
                if session.kind == SessionKind::FederationToken {
                    set.session = session.session_policies.clone();
                }
            }
            Actor::Session { account, role, session } => {
                set.identity.extend(role.inline_policies.iter().map(|p| p.policy.clone()));
                set.identity.extend(collect(&role.policies, account));
                set.boundary =
                    role.permissions_boundary.as_ref().and_then(|(r, _)| find_policy(s, account, r).cloned());
                set.session = session.session_policies.clone();
            }
            _ => {}
        }
        set
    }

    /// Whether the caller's requests carry MFA context, and since when.
    /// AssumeRole sessions carry `false` even when MFA was given to the
    /// AssumeRole call (reference §6.5); GetSessionToken with MFA carries it.
    fn mfa(&self, credentials: Credentials) -> Option<(bool, Option<Instant>)> {
        match self {
            Actor::User { user, .. } if credentials == Credentials::Console => Some((user.mfa, None)),
            Actor::UserSession { session, .. } if session.kind == SessionKind::SessionToken => {
                Some((session.mfa, session.mfa.then_some(session.issued_at)))
            }
            Actor::UserSession { .. } => Some((false, None)),
            Actor::Session { session, .. }
                if matches!(session.kind, SessionKind::AssumedRole | SessionKind::Service) =>
            {
                Some((false, None))
            }
            _ => None,
        }
    }

    /// The keys this principal contributes (principal, tags, session, organization).
    pub fn context(&self, s: &Scenario, ctx: &mut ContextBuilder, now: Instant, credentials: Credentials) {
        match self {
            Actor::User { account, user } => {
                ctx.text("aws:PrincipalArn", &user.arn, O::Principal);
                ctx.text("aws:PrincipalType", "User", O::Principal);
                ctx.text("aws:username", &user.name, O::Principal);
                ctx.text("aws:userid", &unique_id("AIDA", &user.arn), O::Principal);
                ctx.tags("aws:PrincipalTag/", &user.tags, O::PrincipalTag);
                principal_common(s, ctx, &account.id);
                if credentials == Credentials::Console {
                    ctx.time("aws:TokenIssueTime", now, O::Session);
                }
            }
            Actor::Session { account, role, session } => {
                ctx.text("aws:PrincipalArn", &role.arn, O::Principal);
                ctx.text("aws:PrincipalType", "AssumedRole", O::Principal);
                ctx.text(
                    "aws:userid",
                    &format!("{}:{}", unique_id("AROA", &role.arn), session.session_name),
                    O::Principal,
                );
                ctx.tags("aws:PrincipalTag/", &role.tags, O::PrincipalTag);
                ctx.tags("aws:PrincipalTag/", &session.tags, O::SessionTag);
                ctx.time("aws:TokenIssueTime", session.issued_at, O::Session);
                if let Some(si) = &session.source_identity {
                    ctx.text("aws:SourceIdentity", si, O::Session);
                }
                if let Some(p) = &session.federated_provider {
                    ctx.text("aws:FederatedProvider", p, O::Session);
                }
                for (k, v) in &session.federation_keys {
                    ctx.text(k, v, O::Session);
                }
                principal_common(s, ctx, &account.id);
            }
            Actor::UserSession { account, user, session } => {
                user_session_context(s, ctx, account, user, session);
            }
            Actor::Root { account } => {
                ctx.text("aws:PrincipalArn", &format!("arn:aws:iam::{account}:root"), O::Principal);
                ctx.text("aws:PrincipalType", "Account", O::Principal);
                ctx.text("aws:userid", account, O::Principal);
                principal_common(s, ctx, account);
            }
            Actor::Service { name } => {
                ctx.flag("aws:PrincipalIsAWSService", true, O::Principal);
                ctx.text("aws:PrincipalServiceName", name, O::Principal);
            }
            Actor::Provider { arn } => ctx.text("aws:FederatedProvider", arn, O::AssumeRoleCall),
            Actor::Anonymous => {
                ctx.text("aws:PrincipalAccount", "anonymous", O::Principal);
                ctx.text("aws:PrincipalType", "Anonymous", O::Principal);
                ctx.text("aws:userid", "anonymous", O::Principal);
            }
        }
        if let Some((present, since)) = self.mfa(credentials) {
            ctx.flag("aws:MultiFactorAuthPresent", present, O::Session);
            if present {
                ctx.number("aws:MultiFactorAuthAge", since.map_or(0, |t| (now - t).max(0) / 1_000_000_000), O::Session);
            }
        }
    }
}

fn user_policies(s: &Scenario, account: &Account, user: &User, set: &mut PolicySet) {
    let collect = |refs: &[(String, crate::diag::Span)]| -> Vec<Policy> {
        refs.iter().filter_map(|(r, _)| find_policy(s, account, r).cloned()).collect()
    };
    set.identity.extend(user.inline_policies.iter().map(|p| p.policy.clone()));
    set.identity.extend(collect(&user.policies));
    for (g, _) in &user.groups {
        if let Some(group) = account.groups.iter().find(|x| &x.name == g) {
            let first = set.identity.len();
            set.identity.extend(group.inline_policies.iter().map(|p| p.policy.clone()));
            set.identity.extend(collect(&group.policies));
            let added = set.identity.get(first..).unwrap_or(&[]).iter().map(|p| (p.id.clone(), group.name.clone()));
            set.via_group.extend(added);
        }
    }
    set.boundary = user.permissions_boundary.as_ref().and_then(|(r, _)| find_policy(s, account, r).cloned());
}

/// Keys of a GetSessionToken session (the user itself) or a federated user.
fn user_session_context(s: &Scenario, ctx: &mut ContextBuilder, account: &Account, user: &User, session: &Session) {
    if session.kind == SessionKind::FederationToken {
        ctx.text("aws:PrincipalArn", &session.arn, O::Principal);
        ctx.text("aws:PrincipalType", "FederatedUser", O::Principal);
        ctx.text("aws:userid", &format!("{}:{}", account.id, session.session_name), O::Principal);
        ctx.tags("aws:PrincipalTag/", &session.tags, O::SessionTag);
    } else {
        ctx.text("aws:PrincipalArn", &user.arn, O::Principal);
        ctx.text("aws:PrincipalType", "User", O::Principal);
        ctx.text("aws:username", &user.name, O::Principal);
        ctx.text("aws:userid", &unique_id("AIDA", &user.arn), O::Principal);
        ctx.tags("aws:PrincipalTag/", &user.tags, O::PrincipalTag);
    }
    ctx.time("aws:TokenIssueTime", session.issued_at, O::Session);
    principal_common(s, ctx, &account.id);
}

fn principal_common(s: &Scenario, ctx: &mut ContextBuilder, account: &str) {
    ctx.text("aws:PrincipalAccount", account, O::Principal);
    ctx.flag("aws:PrincipalIsAWSService", false, O::Principal);
    if let Some(org) = &s.organization {
        if let Some(path) = org::org_path(org, account) {
            ctx.text("aws:PrincipalOrgID", &org.id, O::Organization);
            ctx.set("aws:PrincipalOrgPaths", ContextValue::strings([path]), O::Organization);
        }
    }
}
