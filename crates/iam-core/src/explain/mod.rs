//! The explanation of a decision, as data. Every policy and every statement
//! appears; each element is matched, not matched (with a reason from a closed
//! set), absent, or skipped because an earlier element already failed.
//! Only `Vec` and ordered maps are used, so the same input gives the same output.

pub mod flow;
pub mod summary;
pub mod words;

pub use summary::{summarize, Summary};

use crate::condition::ConditionTrace;
use crate::diag::{DocId, Span};
use crate::matching::arn::Segment;
use crate::matching::principal::{Caller, Grant};
use crate::policy::{Effect, IgnoredElement, Inert, PolicyId, PolicyKind};
use serde::{Deserialize, Serialize};

/// The decision, in AWS's own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }

    pub fn parse(text: &str) -> Option<Decision> {
        [Decision::Allowed, Decision::ExplicitDeny, Decision::ImplicitDeny].into_iter().find(|d| d.as_str() == text)
    }
}

/// The evaluation layers, in AWS's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Layer {
    Rcp,
    Scp,
    ResourcePolicy,
    IdentityPolicies,
    PermissionsBoundary,
    SessionPolicy,
}

impl Layer {
    /// Every layer, in AWS's evaluation order.
    pub const ALL: [Layer; 6] = [
        Layer::Rcp,
        Layer::Scp,
        Layer::ResourcePolicy,
        Layer::IdentityPolicies,
        Layer::PermissionsBoundary,
        Layer::SessionPolicy,
    ];

    pub fn parse(text: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Rcp => "rcp",
            Layer::Scp => "scp",
            Layer::ResourcePolicy => "resourcePolicy",
            Layer::IdentityPolicies => "identityPolicies",
            Layer::PermissionsBoundary => "permissionsBoundary",
            Layer::SessionPolicy => "sessionPolicy",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Layer::Rcp => "resource control policies",
            Layer::Scp => "service control policies",
            Layer::ResourcePolicy => "resource-based policy",
            Layer::IdentityPolicies => "identity-based policies",
            Layer::PermissionsBoundary => "permissions boundary",
            Layer::SessionPolicy => "session policy",
        }
    }
}

/// Why an element did not match (a closed set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Reason {
    /// No entry names the caller; `element` is the element's value.
    PrincipalNotMatched { element: Span },
    /// `NotPrincipal` lists every identity of the caller.
    PrincipalExcluded,
    /// No entry covers the action; `element` is the element's value.
    ActionNotMatched { element: Span },
    /// `NotAction` lists the action.
    ActionExcluded { entry: Span },
    /// No entry matched; `segment` is the ARN part where the closest entry
    /// differed, and `closest` that entry (none when every entry differed in
    /// the whole text).
    ResourceNotMatched {
        segment: Segment,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        closest: Option<Span>,
    },
    /// `NotResource` lists the resource.
    ResourceExcluded { entry: Span },
    /// Every entry that could have matched uses a variable the request lacks;
    /// `entry` is the first such entry (its variable is listed in `missingContext`).
    ResourceVariableUnresolved { entry: Span },
    /// At least one condition is false.
    ConditionNotMet,
    /// A resource-based statement without a readable `Principal` names no one.
    PrincipalMissing,
    /// `NotPrincipal` with `Allow` is not supported: the statement names no one.
    NotPrincipalWithAllow,
    /// The statement has no (readable) `Action` or `NotAction`.
    ActionMissing,
    /// The statement has no `Resource` or `NotResource`.
    ResourceMissing,
}

impl Reason {
    pub fn describe(&self) -> String {
        match self {
            Reason::PrincipalNotMatched { .. } => "`Principal` does not name the caller".into(),
            Reason::PrincipalExcluded => "`NotPrincipal` excludes the caller".into(),
            Reason::ActionNotMatched { .. } => "`Action` does not cover the action".into(),
            Reason::ActionExcluded { .. } => "`NotAction` excludes the action".into(),
            Reason::ResourceNotMatched { segment: Segment::Whole, .. } => {
                "no `Resource` entry matches the resource".into()
            }
            Reason::ResourceNotMatched { segment, .. } => {
                format!("no `Resource` entry matches the resource (the closest differs in its {})", segment.describe())
            }
            Reason::ResourceExcluded { .. } => "`NotResource` excludes the resource".into(),
            Reason::ResourceVariableUnresolved { .. } => {
                "a policy variable in `Resource` has no value in the request".into()
            }
            Reason::ConditionNotMet => "a condition is false".into(),
            Reason::PrincipalMissing => "the statement has no `Principal`, so it names no one".into(),
            Reason::NotPrincipalWithAllow => "`NotPrincipal` with `Allow` is not supported: it names no one".into(),
            Reason::ActionMissing => "the statement has no `Action`, so it covers no action".into(),
            Reason::ResourceMissing => "the statement has no `Resource`, so it covers no resource".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ElementMatch {
    /// `entry` is the span of the value that matched (none for `Not…` elements).
    Matched {
        entry: Option<Span>,
    },
    NotMatched {
        why: Reason,
    },
    /// The statement has no such element (e.g. no Condition, no Principal in identity policies).
    Absent,
    /// Not evaluated because an earlier element did not match.
    Skipped,
}

impl ElementMatch {
    pub fn holds(&self) -> bool {
        matches!(self, ElementMatch::Matched { .. } | ElementMatch::Absent)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    pub index: usize,
    pub sid: Option<smol_str::SmolStr>,
    pub span: Span,
    pub effect: Effect,
    pub principal: ElementMatch,
    pub action: ElementMatch,
    pub resource: ElementMatch,
    pub condition: ElementMatch,
    /// Every condition entry, when the condition was evaluated.
    pub conditions: Vec<ConditionTrace>,
    /// Whether the whole statement applies to the request.
    pub applies: bool,
    /// For statements with a Principal: how it named the caller.
    pub grant: Option<Grant>,
    /// Why the statement never applies, when its text has no meaning AWS could give it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inert: Option<Inert>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyOutcome {
    /// An applicable Allow and no applicable Deny.
    Allows,
    /// At least one applicable Deny.
    Denies,
    /// No statement applies.
    NoMatch,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    pub id: PolicyId,
    pub doc: DocId,
    pub kind: PolicyKind,
    pub layer: Layer,
    pub level: Option<usize>,
    pub span: Span,
    pub outcome: PolicyOutcome,
    pub statements: Vec<StatementTrace>,
    /// Elements the policy type forbids, which the evaluation ignored, with the
    /// index of their statement. (Kept here, not on every statement trace, so
    /// that a trace of a thousand statements stays small.)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<IgnoredElement>,
    /// Statements left out of `statements` once a scenario run spent its
    /// trace budget ([`crate::scenario::MAX_TRACED_STATEMENTS`]). None of them
    /// applied; the decision counted every statement.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl PolicyTrace {
    /// The ignored elements of statement `index`.
    pub fn ignored_in(&self, index: usize) -> impl Iterator<Item = &IgnoredElement> {
        self.ignored.iter().filter(move |e| e.statement == index)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    Allows,
    ExplicitDeny,
    ImplicitDeny,
    /// Present but nothing applies, and this layer is not required to allow.
    NoEffect,
    /// Not required because a resource policy granted access to the caller directly.
    NotRequired,
    NotApplicable,
}

/// Why a layer got its verdict, where the policies alone do not say (a closed set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LayerNote {
    ImplicitRcpFullAwsAccess,
    NoOrganization,
    ServiceLinkedRoleExempt,
    NotAnIamPrincipal,
    NoPolicy,
    NotASession,
    RoleSessionWithoutSessionPolicy,
    FederatedUserWithoutSessionPolicy,
    RootUserFullAccess,
    RootUserNoIdentityPolicies,
    GrantedByResourcePolicy,
    RoleNamedByResourcePolicy,
    ExplicitAllowRequired,
    CrossAccountRequiresBothSides,
    AccountDelegationNeedsIdentityAllow,
    BoundaryAppliesToAssumeRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerTrace {
    pub layer: Layer,
    pub level: Option<usize>,
    pub verdict: Verdict,
    pub note: Option<LayerNote>,
    /// Indexes into [`Evaluation::policies`].
    pub policies: Vec<usize>,
    /// What an SCP or RCP level is (`OU \`Workloads\``), when the scenario names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl LayerTrace {
    /// The layer as people call it: a role's trust policy is a trust policy,
    /// an SCP or RCP level is named by where it is attached.
    pub fn label(&self, ev: &Evaluation) -> String {
        let trust = self.policies.iter().filter_map(|i| ev.policies.get(*i)).any(|p| p.kind == PolicyKind::Trust);
        let base = if self.layer == Layer::ResourcePolicy && trust { "trust policy" } else { self.layer.describe() };
        match (&self.name, self.level) {
            (Some(name), _) => format!("{base} · {name}"),
            (None, Some(level)) => format!("{base} · level {level}"),
            (None, None) => base.to_string(),
        }
    }
}

impl PolicyOutcome {
    pub fn describe(self) -> &'static str {
        match self {
            PolicyOutcome::Allows => "allows",
            PolicyOutcome::Denies => "denies",
            PolicyOutcome::NoMatch => "no statement applies",
        }
    }
}

impl StatementRef {
    /// A reference to statement `s` of policy `p`.
    pub fn to(p: &PolicyTrace, s: &StatementTrace) -> StatementRef {
        StatementRef {
            policy: p.id.clone(),
            doc: p.doc,
            statement: s.index,
            sid: s.sid.clone(),
            span: s.span,
            effect: s.effect,
        }
    }
}

impl StatementRef {
    /// How expectations name the statement: its Sid, or `policy#n` (counted
    /// from 1) when it has none.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) => sid.to_string(),
            None => format!("{}#{}", self.policy, self.statement + 1),
        }
    }
}

/// True when `want` names exactly the deciding statements, in any order.
pub fn statements_match(want: &[String], determining: &[StatementRef]) -> bool {
    let mut got: Vec<String> = determining.iter().map(StatementRef::label).collect();
    let mut want: Vec<&str> = want.iter().map(String::as_str).collect();
    got.sort_unstable();
    got.dedup();
    want.sort_unstable();
    want.dedup();
    got.len() == want.len() && got.iter().zip(&want).all(|(g, w)| g == w)
}

/// A statement that determined the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementRef {
    pub policy: PolicyId,
    pub doc: DocId,
    pub statement: usize,
    pub sid: Option<smol_str::SmolStr>,
    pub span: Span,
    pub effect: Effect,
}

/// A rule AWS applies whatever the policies say (reference §6.6): it decides
/// the request, and the layers show what the policies alone would have said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AwsRule {
    /// `sts:GetCallerIdentity` needs no permission and cannot be denied.
    GetCallerIdentityAlwaysAllowed,
    /// Credentials from AssumeRole cannot call GetSessionToken or GetFederationToken.
    TokenApiFromRoleSession,
    /// AWS managed policies (`arn:aws:iam::aws:policy/…`) belong to AWS.
    AwsManagedPolicy,
    /// Roles under `/aws-service-role/` are managed by their service.
    ServiceLinkedRole,
    /// Roles under `/aws-reserved/` are managed by IAM Identity Center.
    IdentityCenterRole,
    /// Aliases under `alias/aws/` belong to AWS managed KMS keys.
    AwsManagedKmsAlias,
    /// An AWS managed KMS key (a scenario resource marked `aws_managed`).
    AwsManagedKmsKey,
}

impl AwsRule {
    pub fn as_str(self) -> &'static str {
        match self {
            AwsRule::GetCallerIdentityAlwaysAllowed => "getCallerIdentityAlwaysAllowed",
            AwsRule::TokenApiFromRoleSession => "tokenApiFromRoleSession",
            AwsRule::AwsManagedPolicy => "awsManagedPolicy",
            AwsRule::ServiceLinkedRole => "serviceLinkedRole",
            AwsRule::IdentityCenterRole => "identityCenterRole",
            AwsRule::AwsManagedKmsAlias => "awsManagedKmsAlias",
            AwsRule::AwsManagedKmsKey => "awsManagedKmsKey",
        }
    }

    /// A plain sentence for learners.
    pub fn describe(self) -> &'static str {
        match self {
            AwsRule::GetCallerIdentityAlwaysAllowed => {
                "sts:GetCallerIdentity needs no permission: AWS allows it even when a policy denies it explicitly"
            }
            AwsRule::TokenApiFromRoleSession => {
                "credentials from AssumeRole cannot call sts:GetSessionToken or sts:GetFederationToken, whatever the policies say"
            }
            AwsRule::AwsManagedPolicy => {
                "AWS managed policies belong to AWS: no customer can change or delete them, whatever the policies say"
            }
            AwsRule::ServiceLinkedRole => {
                "a service-linked role (path /aws-service-role/) is managed by its service: its trust policy, policies and tags cannot be changed through IAM"
            }
            AwsRule::IdentityCenterRole => {
                "a role under /aws-reserved/ is managed by IAM Identity Center: change its permission set there, not the role"
            }
            AwsRule::AwsManagedKmsAlias => {
                "aliases under alias/aws/ belong to AWS managed KMS keys: customers cannot create, change or delete them"
            }
            AwsRule::AwsManagedKmsKey => {
                "this KMS key is managed by AWS for a service: customers can use it where its policy allows, but never change, disable or delete it"
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub decision: Decision,
    /// When set, an AWS rule decided and `decision` is the rule's; the layers
    /// and `policyDecision` say what the policies alone would have decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws_rule: Option<AwsRule>,
    /// What the policies alone decide.
    pub policy_decision: Decision,
    pub layer: Layer,
    pub level: Option<usize>,
    pub determining: Vec<StatementRef>,
    pub caller: Caller,
    pub caller_account: Option<String>,
    pub resource_account: Option<String>,
    pub same_account: bool,
    /// Trust policies and KMS key policies must allow explicitly, even within one account.
    pub explicit_allow_required: bool,
    pub layers: Vec<LayerTrace>,
    pub policies: Vec<PolicyTrace>,
    /// Context keys that conditions or variables referenced but the request lacked.
    pub missing_context: Vec<String>,
}

impl Evaluation {
    /// Keeps only the statements that apply (the decision and its deciding
    /// statements are unchanged) and counts the others in each policy's
    /// `omitted`. Returns how many statement traces remain.
    pub fn compact(&mut self) -> usize {
        let mut kept = 0;
        for p in &mut self.policies {
            let before = p.statements.len();
            p.statements.retain(|s| s.applies);
            p.omitted += before - p.statements.len();
            kept += p.statements.len();
        }
        kept
    }

    /// How many statement traces the evaluation holds.
    pub fn traced_statements(&self) -> usize {
        self.policies.iter().map(|p| p.statements.len()).sum()
    }

    /// Where an SCP or RCP of `level` is attached, as people named it
    /// (`, attached to OU \`Workloads\``), or its level number when the
    /// scenario names none; empty for the other layers.
    pub fn level_label(&self, layer: Layer, level: Option<usize>) -> String {
        let Some(n) = level else { return String::new() };
        match self.layers.iter().find(|l| l.layer == layer && l.level == level).and_then(|l| l.name.as_ref()) {
            Some(name) => format!(", attached to {name}"),
            None => format!(", level {n}"),
        }
    }

    /// What decided: the layer's name, or `awsRule` when an AWS rule did.
    pub fn decided_by(&self) -> &'static str {
        if self.aws_rule.is_some() {
            "awsRule"
        } else {
            self.layer.as_str()
        }
    }
}

impl Verdict {
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Allows => "allows",
            Verdict::ExplicitDeny => "explicit deny",
            Verdict::ImplicitDeny => "implicit deny",
            Verdict::NoEffect => "no statement applies (not required)",
            Verdict::NotRequired => "not required",
            Verdict::NotApplicable => "not applicable",
        }
    }
}

impl LayerNote {
    pub fn describe(self) -> &'static str {
        match self {
            LayerNote::ImplicitRcpFullAwsAccess => "RCPFullAWSAccess is attached at every level",
            LayerNote::NoOrganization => "no organization",
            LayerNote::ServiceLinkedRoleExempt => "service-linked roles are not restricted by SCPs or RCPs",
            LayerNote::NotAnIamPrincipal => "the caller is not an IAM principal of an account",
            LayerNote::NoPolicy => "no policy",
            LayerNote::NotASession => "the caller is not a session",
            LayerNote::RoleSessionWithoutSessionPolicy => {
                "no session policy was passed, so the role's permissions apply"
            }
            LayerNote::FederatedUserWithoutSessionPolicy => {
                "a federated user without a session policy has no permissions"
            }
            LayerNote::RootUserFullAccess => "the root user has full access to its own account",
            LayerNote::RootUserNoIdentityPolicies => "the root user has no identity-based policies",
            LayerNote::GrantedByResourcePolicy => "the resource policy grants access to this caller directly",
            LayerNote::RoleNamedByResourcePolicy => {
                "the resource policy names the role, which counts like an identity-based allow"
            }
            LayerNote::ExplicitAllowRequired => {
                "trust policies and KMS key policies must allow explicitly, even within one account"
            }
            LayerNote::CrossAccountRequiresBothSides => {
                "a cross-account request needs an allow from the resource's account too"
            }
            LayerNote::AccountDelegationNeedsIdentityAllow => {
                "naming the account delegates to it: the caller still needs an identity-based allow"
            }
            LayerNote::BoundaryAppliesToAssumeRole => {
                "the caller's permissions boundary must allow the role assumption"
            }
        }
    }
}
