//! Scenarios: accounts, an organization, users, groups, roles, resources and
//! ordered steps (requests and role assumptions). See `docs/scenario-format.md`.

mod actors;
mod assume;
pub mod chain;
mod context;
mod federation;
mod ids;
mod limits;
pub mod managed;
mod on_demand;
mod org;
mod parse;
mod parse_refs;
mod parse_steps;
mod reparse;

pub mod cloudtrail;
mod run;
mod session;
pub mod suggest;
mod tokens;

pub use context::{ContextOrigin, DerivedKey};

/// The document of policies AWS provides (AWS managed policies, the implicit
/// `FullAWSAccess`): their spans point into AWS's text, never into the
/// scenario's, so an editor must not highlight them there.
pub const AWS_DOC: crate::DocId = crate::DocId(u32::MAX);
pub use managed::{AllManagedPolicies, ManagedPolicySource, StarterPolicies};
pub use on_demand::OnDemandPolicies;
pub use parse::{parse_scenario, parse_scenario_with};
pub use reparse::reparse_scenario;
pub(crate) use run::start_of;
pub use run::{
    has_resource_policy, run_questions, run_questions_in, run_scenario, run_scenario_observed, run_scenario_through,
    StepEvaluation, StepOutcome, StepResult, MAX_TRACED_STATEMENTS,
};
pub use session::{Session, SessionKind, SessionNote};

use crate::condition::values::Instant;
use crate::context::Context;
use crate::diag::{Diagnostic, Span};
use crate::explain::Decision;
use crate::policy::Policy;
use std::collections::BTreeMap;

/// A policy with a name (customer managed, inline, SCP or RCP).
#[derive(Debug, Clone)]
pub struct NamedPolicy {
    pub name: String,
    /// For customer managed policies, `arn:aws:iam::<account>:policy<path><name>`.
    pub arn: String,
    pub policy: Policy,
}

#[derive(Debug, Clone)]
pub struct OrgNode {
    /// `r-…` for the root, `ou-…` for organizational units.
    pub id: String,
    pub name: String,
    /// Names of attached SCPs (`FullAWSAccess` is the AWS managed one).
    pub scps: Vec<(String, Span)>,
    /// Names of attached RCPs (`RCPFullAWSAccess` is implicit and need not be listed).
    pub rcps: Vec<(String, Span)>,
    pub units: Vec<OrgNode>,
    pub accounts: Vec<OrgAccount>,
}

/// An account placed in the organization, with the policies attached to it directly.
#[derive(Debug, Clone)]
pub struct OrgAccount {
    pub id: String,
    pub span: Span,
    pub scps: Vec<(String, Span)>,
    pub rcps: Vec<(String, Span)>,
}

#[derive(Debug, Clone)]
pub struct Organization {
    pub id: String,
    pub management_account: Option<String>,
    pub scps: Vec<NamedPolicy>,
    pub rcps: Vec<NamedPolicy>,
    pub root: OrgNode,
}

#[derive(Debug, Clone)]
pub struct AccessKey {
    pub id: String,
    pub created: Option<Instant>,
}

/// References to managed policies: a name in the same account, or an ARN.
pub type PolicyRefs = Vec<(String, Span)>;

#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    /// The user's object in the scenario's text.
    pub span: Span,
    pub path: String,
    pub arn: String,
    pub groups: Vec<(String, Span)>,
    pub policies: PolicyRefs,
    pub inline_policies: Vec<NamedPolicy>,
    pub permissions_boundary: Option<(String, Span)>,
    pub tags: BTreeMap<String, String>,
    /// Signed in to the console with MFA (matters for `credentials: "console"` steps).
    pub mfa: bool,
    /// Has a console password (a login profile).
    pub password: bool,
    pub access_keys: Vec<AccessKey>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    /// The group's object in the scenario's text.
    pub span: Span,
    pub path: String,
    pub arn: String,
    pub policies: PolicyRefs,
    pub inline_policies: Vec<NamedPolicy>,
}

#[derive(Debug, Clone)]
pub struct Role {
    pub name: String,
    /// The role's object in the scenario's text.
    pub span: Span,
    pub path: String,
    pub arn: String,
    pub trust_policy: Option<Policy>,
    pub policies: PolicyRefs,
    pub inline_policies: Vec<NamedPolicy>,
    pub permissions_boundary: Option<(String, Span)>,
    /// Seconds, 3,600 to 43,200 (default 3,600).
    pub max_session_duration: u64,
    pub tags: BTreeMap<String, String>,
    pub service_linked: bool,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub arn: String,
    /// The resource's object in the scenario's text.
    pub span: Span,
    pub tags: BTreeMap<String, String>,
    pub policy: Option<Policy>,
    /// An AWS managed KMS key (`aws/s3`, …): no customer may change it.
    pub aws_managed: bool,
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub alias: Option<String>,
    pub policies: Vec<NamedPolicy>,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub roles: Vec<Role>,
    pub resources: Vec<Resource>,
}

/// How an IAM user's request is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentials {
    /// Long-term access keys: no MFA keys, no token issue time.
    AccessKey,
    /// A console session: temporary credentials with MFA context.
    Console,
}

/// What a step should come to. Every part given must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepExpect {
    pub decision: Option<Decision>,
    /// The step is expected to fail as an error (bad duration, unknown role, …).
    pub error: bool,
    /// The error code expected, when `error` names one (`sts/invalid-external-id`).
    pub error_code: Option<String>,
    /// What decided: a layer name (`resourcePolicy`, …) or `awsRule`.
    pub layer: Option<String>,
    /// The Sids of the deciding statements, in any order.
    pub statements: Option<Vec<String>>,
    /// When the session the step creates expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<Instant>,
}

#[derive(Debug, Clone)]
pub struct AssumeRole {
    pub caller: (String, Span),
    pub role: (String, Span),
    pub session_name: Option<String>,
    pub duration_seconds: Option<(u64, Span)>,
    pub external_id: Option<String>,
    pub session_policy: Option<Policy>,
    /// Plaintext size of the inline session policy (whitespace not counted).
    pub session_policy_size: usize,
    /// Managed session policies (`PolicyArns`), up to 10, in the role's account or AWS managed.
    pub policy_arns: Vec<(String, Span)>,
    pub session_tags: BTreeMap<String, String>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
    /// MFA serial number and token code were passed with the call.
    pub mfa: bool,
}

#[derive(Debug, Clone)]
pub enum StepAction {
    Request {
        principal: (String, Span),
        action: String,
        resource: String,
        resource_account: Option<String>,
    },
    AssumeRole(AssumeRole),
    /// A service (lambda.amazonaws.com, ec2.amazonaws.com) assuming its role.
    ServiceAssumeRole {
        service: String,
        role: (String, Span),
        source_arn: Option<String>,
        session_name: Option<String>,
    },
    /// `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`.
    Federated(FederatedAssume),
    /// `sts:GetSessionToken` by an IAM user (or the root user), optionally with MFA.
    SessionToken {
        caller: (String, Span),
        duration_seconds: Option<(u64, Span)>,
        mfa: bool,
    },
    /// `sts:GetFederationToken` by an IAM user: a federated user named `name`.
    FederationToken(FederationToken),
}

/// Which federation protocol an identity provider speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// OpenID Connect: `AssumeRoleWithWebIdentity`; claims are keys `<provider host>:<claim>`.
    Oidc,
    /// SAML 2.0: `AssumeRoleWithSAML`; attributes are keys `saml:<attribute>`.
    Saml,
}

#[derive(Debug, Clone)]
pub struct FederatedAssume {
    pub protocol: Protocol,
    pub provider: (String, Span),
    pub role: (String, Span),
    /// Token claims (OIDC) or assertion attributes (SAML); arrays are multivalued keys.
    pub claims: BTreeMap<String, crate::context::ContextValue>,
    pub session_name: Option<String>,
    pub duration_seconds: Option<(u64, Span)>,
    /// SAML `SessionNotOnOrAfter`: the session ends then if that comes first.
    pub not_on_or_after: Option<Instant>,
    pub session_policy: Option<Policy>,
    pub session_policy_size: usize,
    pub policy_arns: Vec<(String, Span)>,
    /// Session tags the identity provider passes (the `https://aws.amazon.com/tags`
    /// claim, or `PrincipalTag:` SAML attributes).
    pub session_tags: BTreeMap<String, String>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FederationToken {
    pub caller: (String, Span),
    pub name: String,
    pub duration_seconds: Option<(u64, Span)>,
    pub session_policy: Option<Policy>,
    pub session_policy_size: usize,
    pub session_tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub name: String,
    /// How later steps refer to the session this step creates (`session:<id>`).
    pub id: Option<String>,
    pub span: Span,
    pub time: Option<Instant>,
    pub region: Option<String>,
    pub source_ip: Option<String>,
    pub secure_transport: Option<bool>,
    pub credentials: Credentials,
    pub context: Context,
    pub expect: Option<StepExpect>,
    pub action: StepAction,
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub title: Option<String>,
    pub description: Option<String>,
    pub start_time: Option<Instant>,
    pub organization: Option<Organization>,
    pub accounts: Vec<Account>,
    /// AWS managed policies the scenario references, parsed once.
    pub aws_managed: BTreeMap<String, Policy>,
    pub steps: Vec<Step>,
    /// Users, roles and resources by ARN (account index, item index), so that
    /// every step finds its principal and resource in O(log n).
    pub(crate) index: ArnIndex,
}

/// Where each ARN of the model is: (account index, item index). The first
/// definition wins, as the scenario's own lookups always did.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArnIndex {
    pub users: BTreeMap<String, (usize, usize)>,
    pub roles: BTreeMap<String, (usize, usize)>,
    pub resources: BTreeMap<String, (usize, usize)>,
    /// Customer managed policies by (account id, name) and by ARN.
    pub policies: BTreeMap<(String, String), (usize, usize)>,
    pub policy_arns: BTreeMap<String, (usize, usize)>,
}

impl ArnIndex {
    pub fn build(accounts: &[Account]) -> Self {
        let mut index = ArnIndex::default();
        for (a, account) in accounts.iter().enumerate() {
            for (i, u) in account.users.iter().enumerate() {
                index.users.entry(u.arn.clone()).or_insert((a, i));
            }
            for (i, r) in account.roles.iter().enumerate() {
                index.roles.entry(r.arn.clone()).or_insert((a, i));
            }
            for (i, r) in account.resources.iter().enumerate() {
                index.resources.entry(r.arn.clone()).or_insert((a, i));
            }
            for (i, p) in account.policies.iter().enumerate() {
                index.policies.entry((account.id.clone(), p.name.clone())).or_insert((a, i));
                index.policy_arns.entry(p.arn.clone()).or_insert((a, i));
            }
        }
        index
    }
}

#[derive(Debug, Clone)]
pub struct ParsedScenario {
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests;
