//! What the audit trail would show: for each step, the CloudTrail-shaped
//! record AWS would write, derived from the step's result (the identity
//! from the request's context keys, the session from the step that made
//! it). These are modelled records, not real logs: ids and access keys are
//! derived from the model, and what AWS fills from the network (source IP,
//! user agent) comes from the step or says it was not given.

use super::chain::account_of;
use super::{Scenario, Session, SessionKind, Step, StepAction, StepResult};
use crate::condition::values::{format_instant, Instant};
use crate::explain::Decision;
use crate::json::{node, object, text_node, Kind, Node};

/// `userIdentity.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityType {
    IamUser,
    AssumedRole,
    FederatedUser,
    WebIdentityUser,
    SamlUser,
    AwsService,
    Root,
}

impl IdentityType {
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityType::IamUser => "IAMUser",
            IdentityType::AssumedRole => "AssumedRole",
            IdentityType::FederatedUser => "FederatedUser",
            IdentityType::WebIdentityUser => "WebIdentityUser",
            IdentityType::SamlUser => "SAMLUser",
            IdentityType::AwsService => "AWSService",
            IdentityType::Root => "Root",
        }
    }
}

/// `userIdentity.sessionContext`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionContext {
    /// The role (or user, for GetSessionToken and GetFederationToken) that issued the session.
    pub issuer_type: &'static str,
    pub issuer_arn: String,
    pub issuer_principal_id: String,
    pub mfa_authenticated: bool,
    pub creation_date: Instant,
    pub source_identity: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserIdentity {
    pub kind: IdentityType,
    /// Absent for a service.
    pub arn: Option<String>,
    pub principal_id: Option<String>,
    pub account_id: Option<String>,
    /// `AKIA…` for long-term keys, `ASIA…` for temporary credentials.
    pub access_key_id: Option<String>,
    /// The user's name (IAM users) or the federated subject.
    pub user_name: Option<String>,
    /// For a service: the service that called.
    pub invoked_by: Option<String>,
    /// For a web identity or SAML session: the provider.
    pub identity_provider: Option<String>,
    pub session: Option<SessionContext>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The step the record is for.
    pub step: usize,
    pub identity: UserIdentity,
    pub event_time: Instant,
    /// `s3.amazonaws.com`.
    pub event_source: String,
    /// The API: `GetObject`, `AssumeRole`.
    pub event_name: String,
    pub region: String,
    /// The step's `source_ip`, or `None` when the step gives none.
    pub source_ip: Option<String>,
    /// `AccessDenied` when the request was denied.
    pub error_code: Option<&'static str>,
    pub error_message: Option<String>,
    pub request_parameters: Vec<(&'static str, String)>,
    /// For a role assumption that was allowed: the session made.
    pub assumed: Option<(String, String)>,
    /// The account whose trail holds the record.
    pub recipient_account: Option<String>,
    /// Set on both records of a cross-account role assumption.
    pub shared_event_id: Option<String>,
}

/// An access key id: `prefix` (`AKIA`, `ASIA`) and 16 characters derived from `seed`.
fn key_id(prefix: &str, seed: &str) -> String {
    super::ids::unique_id(prefix, seed).chars().take(20).collect()
}

/// The session that `reference` (`session:<id>`) names, made by an earlier step.
fn session<'r>(s: &Scenario, results: &'r [StepResult], reference: &str) -> Option<&'r Session> {
    let id = reference.strip_prefix("session:")?;
    let step = s.steps.iter().position(|st| st.id.as_deref() == Some(id))?;
    results.get(step).and_then(|r| r.session.as_ref())
}

fn empty_identity(kind: IdentityType) -> UserIdentity {
    UserIdentity {
        kind,
        arn: None,
        principal_id: None,
        account_id: None,
        access_key_id: None,
        user_name: None,
        invoked_by: None,
        identity_provider: None,
        session: None,
    }
}

/// Who called, as steps name callers: a user's or the root's ARN, a
/// session (`session:<id>`, completed from the step that made it), or a
/// service principal.
fn identity(s: &Scenario, results: &[StepResult], caller: &str) -> UserIdentity {
    if let Some(session) = session(s, results, caller) {
        return session_identity(session);
    }
    if !caller.starts_with("arn:") {
        let mut id = empty_identity(IdentityType::AwsService);
        id.invoked_by = Some(caller.to_string());
        return id;
    }
    let account = account_of(caller);
    if caller.ends_with(":root") {
        let mut id = empty_identity(IdentityType::Root);
        id.arn = Some(caller.to_string());
        id.principal_id.clone_from(&account);
        id.account_id = account;
        id.access_key_id = Some(key_id("AKIA", caller));
        return id;
    }
    let mut id = empty_identity(IdentityType::IamUser);
    id.arn = Some(caller.to_string());
    id.principal_id = Some(super::ids::unique_id("AIDA", caller));
    id.account_id = account;
    id.access_key_id = Some(key_id("AKIA", caller));
    id.user_name = caller.rsplit('/').next().map(str::to_string);
    id
}

/// The identity of a session's temporary credentials.
fn session_identity(session: &Session) -> UserIdentity {
    let (kind, issuer_type, issuer_arn, principal_id) = match session.kind {
        SessionKind::SessionToken | SessionKind::FederationToken => {
            let user = session.user_arn.clone().unwrap_or_default();
            let kind = if session.kind == SessionKind::SessionToken {
                IdentityType::IamUser
            } else {
                IdentityType::FederatedUser
            };
            let id = super::ids::unique_id("AIDA", &user);
            (kind, "IAMUser", user, id)
        }
        _ => {
            let role_id = super::ids::unique_id("AROA", &session.role_arn);
            (IdentityType::AssumedRole, "Role", session.role_arn.clone(), role_id)
        }
    };
    let mut id = empty_identity(kind);
    id.principal_id = Some(if kind == IdentityType::AssumedRole {
        format!("{principal_id}:{}", session.session_name)
    } else {
        principal_id.clone()
    });
    id.arn = Some(session.arn.clone());
    id.account_id = account_of(&session.arn);
    id.access_key_id = Some(session_key(session));
    if session.kind == SessionKind::SessionToken {
        id.user_name = issuer_arn.rsplit('/').next().map(str::to_string);
    }
    id.session = Some(SessionContext {
        issuer_type,
        issuer_principal_id: principal_id,
        issuer_arn,
        mfa_authenticated: session.mfa,
        creation_date: session.issued_at,
        source_identity: session.source_identity.clone(),
    });
    id
}

/// The temporary access key of a session.
fn session_key(session: &Session) -> String {
    key_id("ASIA", &format!("{}#{}", session.arn, session.step))
}

fn denial(result: &StepResult, arn: &str, action: &str, resource: &str) -> (Option<&'static str>, Option<String>) {
    if matches!(&result.outcome, super::StepOutcome::Failed { code, .. } if code == "sts/expired-token") {
        return (Some("ExpiredToken"), Some("The security token included in the request is expired".into()));
    }
    match result.decision {
        Some(Decision::Allowed) | None => (None, None),
        Some(d) => {
            let why = if d == Decision::ExplicitDeny { " with an explicit deny" } else { "" };
            (
                Some("AccessDenied"),
                Some(format!("User: {arn} is not authorized to perform: {action} on resource: {resource}{why}")),
            )
        }
    }
}

/// `s3:GetObject` as (`s3.amazonaws.com`, `GetObject`).
fn source_and_name(action: &str) -> (String, String) {
    let (prefix, name) = action.split_once(':').unwrap_or(("unknown", action));
    (format!("{}.amazonaws.com", prefix.to_ascii_lowercase()), name.to_string())
}

/// The record(s) of one step: one, or two for a cross-account assumption.
fn step_records(s: &Scenario, results: &[StepResult], step: &Step, result: &StepResult, out: &mut Vec<Record>) {
    // A request that could not be made (an invalid duration, an unknown
    // role) has no record here; expired credentials do.
    if result.decision.is_none() {
        return;
    }
    let region = step.region.clone().unwrap_or_else(|| "us-east-1".to_string());
    let base = |identity: UserIdentity, source: String, name: String| Record {
        step: result.index,
        recipient_account: identity.account_id.clone(),
        identity,
        event_time: result.time,
        event_source: source,
        event_name: name,
        region: region.clone(),
        source_ip: step.source_ip.clone(),
        error_code: None,
        error_message: None,
        request_parameters: Vec::new(),
        assumed: None,
        shared_event_id: None,
    };
    let assumed = |r: &mut Record| {
        if let Some(session) = &result.session {
            r.assumed = Some((session.arn.clone(), session_key(session)));
        }
    };
    match &step.action {
        StepAction::Request { principal, action, resource, .. } => {
            let identity = identity(s, results, &principal.0);
            let arn = identity.arn.clone().unwrap_or_default();
            let (source, name) = source_and_name(action);
            let mut r = base(identity, source, name);
            (r.error_code, r.error_message) = denial(result, &arn, action, resource);
            out.push(r);
        }
        StepAction::AssumeRole(a) => {
            let identity = identity(s, results, &a.caller.0);
            let arn = identity.arn.clone().unwrap_or_default();
            let mut r = base(identity, "sts.amazonaws.com".into(), "AssumeRole".into());
            r.request_parameters.push(("roleArn", a.role.0.clone()));
            r.request_parameters.push(("roleSessionName", a.session_name.clone().unwrap_or_default()));
            if let Some(d) = a.duration_seconds {
                r.request_parameters.push(("durationSeconds", d.0.to_string()));
            }
            if let Some(x) = &a.external_id {
                r.request_parameters.push(("externalId", x.clone()));
            }
            if a.mfa {
                let user = arn.rsplit('/').next().unwrap_or_default();
                let account = account_of(&arn).unwrap_or_default();
                r.request_parameters.push(("serialNumber", format!("arn:aws:iam::{account}:mfa/{user}")));
            }
            if let Some(x) = &a.source_identity {
                r.request_parameters.push(("sourceIdentity", x.clone()));
            }
            (r.error_code, r.error_message) = denial(result, &arn, "sts:AssumeRole", &a.role.0);
            assumed(&mut r);
            let role_account = account_of(&a.role.0);
            if role_account.is_some() && role_account != r.recipient_account {
                // The role's account records the same event.
                // A UUID-shaped id, the same in both records.
                let seed = format!("shared#{}#{}", result.index, a.role.0);
                let hex: String = [super::ids::unique_id("", &seed), super::ids::unique_id("", &format!("{seed}#2"))]
                    .concat()
                    .bytes()
                    .map(|b| format!("{:x}", b % 16))
                    .collect();
                let part = |from: usize, to: usize| hex.get(from..to).unwrap_or_default();
                let shared =
                    format!("{}-{}-4{}-8{}-{}", part(0, 8), part(8, 12), part(12, 15), part(15, 18), part(18, 30));
                r.shared_event_id = Some(shared);
                let mut theirs = r.clone();
                theirs.recipient_account = role_account;
                out.push(r);
                out.push(theirs);
            } else {
                out.push(r);
            }
        }
        StepAction::ServiceAssumeRole { service, role, .. } => {
            let mut identity = empty_identity(IdentityType::AwsService);
            identity.invoked_by = Some(service.clone());
            let mut r = base(identity, "sts.amazonaws.com".into(), "AssumeRole".into());
            r.recipient_account = account_of(&role.0);
            r.request_parameters.push(("roleArn", role.0.clone()));
            (r.error_code, r.error_message) = denial(result, service, "sts:AssumeRole", &role.0);
            assumed(&mut r);
            out.push(r);
        }
        StepAction::Federated(f) => {
            let saml = f.protocol == super::Protocol::Saml;
            let mut identity =
                empty_identity(if saml { IdentityType::SamlUser } else { IdentityType::WebIdentityUser });
            identity.identity_provider = Some(f.provider.0.clone());
            let name = if saml { "AssumeRoleWithSAML" } else { "AssumeRoleWithWebIdentity" };
            let mut r = base(identity, "sts.amazonaws.com".into(), name.into());
            r.recipient_account = account_of(&f.role.0);
            r.request_parameters.push(("roleArn", f.role.0.clone()));
            (r.error_code, r.error_message) = denial(result, &f.provider.0, &format!("sts:{name}"), &f.role.0);
            assumed(&mut r);
            out.push(r);
        }
        StepAction::SessionToken { caller, .. } => {
            let identity = identity(s, results, &caller.0);
            let arn = identity.arn.clone().unwrap_or_default();
            let mut r = base(identity, "sts.amazonaws.com".into(), "GetSessionToken".into());
            (r.error_code, r.error_message) = denial(result, &arn, "sts:GetSessionToken", "*");
            assumed(&mut r);
            out.push(r);
        }
        StepAction::FederationToken(f) => {
            let identity = identity(s, results, &f.caller.0);
            let arn = identity.arn.clone().unwrap_or_default();
            let mut r = base(identity, "sts.amazonaws.com".into(), "GetFederationToken".into());
            r.request_parameters.push(("name", f.name.clone()));
            (r.error_code, r.error_message) = denial(result, &arn, "sts:GetFederationToken", "*");
            assumed(&mut r);
            out.push(r);
        }
    }
}

/// The records of every step of `s` that was decided, in step order.
pub fn records(s: &Scenario, results: &[StepResult]) -> Vec<Record> {
    let mut out = Vec::new();
    for (step, result) in s.steps.iter().zip(results.iter()) {
        step_records(s, results, step, result, &mut out);
    }
    out
}

fn text_or_null(v: Option<&str>) -> Node<'static> {
    v.map_or(node(Kind::Null), text_node)
}

impl Record {
    /// The record in CloudTrail's JSON shape.
    pub fn to_json(&self) -> Node<'static> {
        let id = &self.identity;
        let mut identity = vec![("type".to_string(), text_node(id.kind.as_str()))];
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                identity.push((k.to_string(), text_node(v)));
            }
        };
        put("principalId", &id.principal_id);
        put("arn", &id.arn);
        put("accountId", &id.account_id);
        put("accessKeyId", &id.access_key_id);
        put("userName", &id.user_name);
        put("invokedBy", &id.invoked_by);
        put("identityProvider", &id.identity_provider);
        if let Some(sc) = &id.session {
            let issuer = object(vec![
                ("type".into(), text_node(sc.issuer_type)),
                ("principalId".into(), text_node(&sc.issuer_principal_id)),
                ("arn".into(), text_node(&sc.issuer_arn)),
                ("accountId".into(), text_or_null(account_of(&sc.issuer_arn).as_deref())),
                ("userName".into(), text_or_null(sc.issuer_arn.rsplit('/').next())),
            ]);
            let attributes = object(vec![
                ("creationDate".into(), text_node(&format_instant(sc.creation_date))),
                ("mfaAuthenticated".into(), text_node(if sc.mfa_authenticated { "true" } else { "false" })),
            ]);
            let mut context = vec![("sessionIssuer".to_string(), issuer), ("attributes".to_string(), attributes)];
            if let Some(x) = &sc.source_identity {
                context.push(("sourceIdentity".into(), text_node(x)));
            }
            identity.push(("sessionContext".into(), object(context)));
        }
        let mut members = vec![
            ("eventVersion".to_string(), text_node("1.08")),
            ("userIdentity".to_string(), object(identity)),
            ("eventTime".to_string(), text_node(&format_instant(self.event_time))),
            ("eventSource".to_string(), text_node(&self.event_source)),
            ("eventName".to_string(), text_node(&self.event_name)),
            ("awsRegion".to_string(), text_node(&self.region)),
            ("sourceIPAddress".to_string(), text_or_null(self.source_ip.as_deref())),
            ("userAgent".to_string(), text_node("modelled by IAM Policy Playground")),
        ];
        if let Some(code) = self.error_code {
            members.push(("errorCode".into(), text_node(code)));
        }
        if let Some(m) = &self.error_message {
            members.push(("errorMessage".into(), text_node(m)));
        }
        let params: Vec<(String, Node<'static>)> =
            self.request_parameters.iter().map(|(k, v)| ((*k).to_string(), text_node(v))).collect();
        members.push(("requestParameters".into(), if params.is_empty() { node(Kind::Null) } else { object(params) }));
        members.push((
            "responseElements".into(),
            match (&self.assumed, self.error_code) {
                (Some((arn, key)), None) => object(vec![
                    ("assumedRoleUser".into(), object(vec![("arn".into(), text_node(arn))])),
                    ("credentials".into(), object(vec![("accessKeyId".into(), text_node(key))])),
                ]),
                _ => node(Kind::Null),
            },
        ));
        members.push(("eventType".into(), text_node("AwsApiCall")));
        members.push(("recipientAccountId".into(), text_or_null(self.recipient_account.as_deref())));
        if let Some(x) = &self.shared_event_id {
            members.push(("sharedEventID".into(), text_node(x)));
        }
        object(members)
    }
}

/// `{"Records": [...]}` for `records`, indented.
pub fn to_json(records: &[Record]) -> String {
    object(vec![("Records".into(), node(Kind::Array(records.iter().map(Record::to_json).collect())))]).to_pretty()
}

#[cfg(test)]
mod tests;
