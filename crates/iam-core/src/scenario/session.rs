//! Sessions: the temporary credentials a step makes (AssumeRole, a
//! service's role, federation, GetSessionToken, GetFederationToken), and the
//! facts about them a learner needs.

use super::run::SECONDS;
use crate::condition::values::{format_instant, Instant};
use crate::policy::Policy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a session's temporary credentials were made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SessionKind {
    /// `sts:AssumeRole` by a user or a session.
    AssumedRole,
    /// A service (EC2, Lambda, ECS) assumed its role; it rotates the credentials.
    Service,
    /// `sts:AssumeRoleWithWebIdentity`.
    WebIdentity,
    /// `sts:AssumeRoleWithSAML`.
    Saml,
    /// `sts:GetSessionToken`: the user's own permissions, with MFA if it was given.
    SessionToken,
    /// `sts:GetFederationToken`: the user's permissions narrowed by the session policy.
    FederationToken,
}

/// Facts about a session a learner needs, beyond its fields (a closed set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SessionNote {
    /// MFA was checked by the AssumeRole call; the session's requests do not carry it.
    MfaCheckedOnlyWhenAssuming,
    /// The session carries MFA into every call (GetSessionToken with MFA).
    MfaOnEveryCall,
    /// The service rotates the credentials: they never expire while it runs.
    RotatedByService,
    /// The source identity came from the calling session and cannot change.
    SourceIdentityInherited,
}

impl SessionNote {
    pub fn describe(self) -> &'static str {
        match self {
            SessionNote::MfaCheckedOnlyWhenAssuming => {
                "MFA was checked when the role was assumed; the session itself does not carry it, so its requests have aws:MultiFactorAuthPresent = false"
            }
            SessionNote::MfaOnEveryCall => {
                "the credentials came from GetSessionToken with MFA, so every request carries aws:MultiFactorAuthPresent = true"
            }
            SessionNote::RotatedByService => {
                "the service rotates these credentials, so they never run out while it runs; assuming another role from them is not role chaining"
            }
            SessionNote::SourceIdentityInherited => {
                "the source identity was set by an earlier session and passes through every chained role"
            }
        }
    }
}

/// Temporary credentials created by a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub step: usize,
    pub kind: SessionKind,
    /// The role assumed; empty for GetSessionToken and GetFederationToken sessions.
    pub role_arn: String,
    /// The IAM user whose credentials made a GetSessionToken or GetFederationToken session.
    pub user_arn: Option<String>,
    pub session_name: String,
    /// `arn:aws:sts::<account>:assumed-role/<role>/<session>`, the federated user's
    /// ARN, or the user's own ARN for GetSessionToken.
    pub arn: String,
    pub issued_at: Instant,
    /// `None` when the service rotates the credentials.
    pub expires_at: Option<Instant>,
    pub tags: BTreeMap<String, String>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
    /// MFA was presented when the session was made.
    pub mfa: bool,
    pub federated_provider: Option<String>,
    /// SAML attributes and web-identity claims the session was made with (`saml:aud`, …).
    pub federation_keys: BTreeMap<String, String>,
    pub notes: Vec<SessionNote>,
    /// The inline and managed session policies passed when the session was made.
    #[serde(skip)]
    pub session_policies: Vec<Policy>,
}

impl Session {
    /// A session with no tags, notes or policies yet; `duration` is `None`
    /// when the service rotates the credentials.
    pub(super) fn new(
        kind: SessionKind,
        step: usize,
        arn: String,
        name: String,
        now: Instant,
        duration: Option<u64>,
    ) -> Self {
        Session {
            step,
            kind,
            role_arn: String::new(),
            user_arn: None,
            arn,
            session_name: name,
            issued_at: now,
            expires_at: duration.map(|d| now + i128::from(d) * SECONDS),
            tags: BTreeMap::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            mfa: false,
            federated_provider: None,
            federation_keys: BTreeMap::new(),
            notes: Vec::new(),
            session_policies: Vec::new(),
        }
    }

    /// "expires 2026-…" or, for credentials a service rotates, that they do not run out.
    pub fn expiry_text(&self) -> String {
        match self.expires_at {
            Some(t) => format!("expires {}", format_instant(t)),
            None => "rotated by the service, never expires while it runs".into(),
        }
    }
}
