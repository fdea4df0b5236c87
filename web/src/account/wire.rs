//! What the account views ask the worker, and what it answers. Both cross
//! as JSON text inside the worker's own messages (`Question::Account`,
//! `Answer::Account`), so the page that relays nothing of it carries no
//! reader for these types.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    Findings,
    WhoCan {
        action: String,
        resource: String,
    },
    /// Principals against every action of the service `prefix`, on `resource`.
    MatrixActions {
        prefix: String,
        resource: String,
    },
    /// Principals against the model's resources (and `extra`), for `action`.
    MatrixResources {
        action: String,
        extra: Vec<String>,
    },
    Graph,
    /// The CloudTrail-shaped records of the scenario's steps.
    Records,
    /// `user` (its ARN; empty for the model's first user) beside a role with
    /// the same permissions, on `action` and `resource` (empty for the
    /// user's first request).
    Compare {
        user: String,
        action: String,
        resource: String,
    },
}

/// One role assumption of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkView {
    pub from: String,
    pub role: String,
    /// `MFA`, `ExternalId "…"`.
    pub with: Vec<String>,
    pub mfa: bool,
    pub external_id: Option<String>,
}

impl From<&iam_core::analysis::Link> for LinkView {
    fn from(l: &iam_core::analysis::Link) -> Self {
        LinkView {
            from: l.from.clone(),
            role: l.role.clone(),
            with: l.with.clone(),
            mfa: l.mfa,
            external_id: l.external_id.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingView {
    pub code: String,
    /// "security warning", "warning", "suggestion" or "error".
    pub kind: String,
    pub message: String,
    pub subject: String,
    pub path: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachView {
    pub principal: String,
    pub chain: Vec<LinkView>,
    /// The statements that allowed it, as labels (`DevAccess statement 2 "Sid"`).
    pub deciding: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowView {
    pub principal: String,
    pub chain: Vec<LinkView>,
    /// `allowed`, `explicitDeny`, `implicitDeny`, or `None` where the step could not run.
    pub cells: Vec<Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixView {
    /// Each column's action and resource.
    pub columns: Vec<(String, String)>,
    pub rows: Vec<RowView>,
    pub other_principals: usize,
    pub other_columns: usize,
    pub evaluated: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeView {
    pub id: String,
    /// `user`, `role` or `service`.
    pub kind: String,
    pub account: Option<String>,
    pub reached: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeView {
    pub from: String,
    pub to: String,
    pub with: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphView {
    pub nodes: Vec<NodeView>,
    pub edges: Vec<EdgeView>,
}

/// One modelled CloudTrail record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordView {
    /// The step (from 0) and its name.
    pub step: usize,
    pub step_name: String,
    /// `IAMUser`, `AssumedRole`, `AWSService`, …
    pub identity_type: String,
    /// Who: the ARN, or the service or identity provider.
    pub who: String,
    pub access_key: Option<String>,
    /// For a session: the role (or user) that issued it, and whether MFA was used.
    pub issuer: Option<String>,
    pub mfa: Option<bool>,
    pub source_identity: Option<String>,
    pub time: String,
    /// `sts.amazonaws.com AssumeRole`.
    pub event: String,
    pub error: Option<String>,
    pub recipient_account: Option<String>,
    pub shared_event_id: Option<String>,
    /// The record, as indented JSON.
    pub json: String,
}

/// A user beside a role with the same permissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareView {
    /// Every user of the model, to choose from.
    pub users: Vec<String>,
    pub user: String,
    pub role: String,
    pub session: String,
    pub action: String,
    pub resource: String,
    /// (topic, the user's side, the role's side).
    pub facts: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    Findings(Vec<FindingView>),
    WhoCan(Vec<ReachView>),
    Matrix(MatrixView),
    Graph(GraphView),
    Records(Vec<RecordView>),
    Compare(CompareView),
    /// Why there is no answer: the scenario has errors, an unknown service…
    Refused(String),
}

/// An answer, with how long the worker took for it (ms) and how many
/// principals the model has (its users and the roles they reach).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub body: Body,
    pub millis: f64,
    pub principals: usize,
}
