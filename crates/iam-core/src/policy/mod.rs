//! The policy model, lowered from JSON with spans kept for every element.

mod condition_lower;
mod elements;
mod lower;
mod validate;

pub use validate::{check_resource_policy_size, plaintext_size, plaintext_span_size};

use crate::condition::variables::Template;
use crate::condition::ConditionEntry;
use crate::diag::{Diagnostic, DocId, Span};
use crate::json;
use crate::matching::glob::Pattern;
use crate::matching::principal::PrincipalEntry;
use serde::{Deserialize, Serialize};

/// A caller-chosen, stable name for a policy (`identity_policies[0]`, `scps[1][0]`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyId(pub std::sync::Arc<str>);

impl PolicyId {
    pub fn new(id: impl Into<std::sync::Arc<str>>) -> Self {
        PolicyId(id.into())
    }
}

impl std::fmt::Display for PolicyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a policy document is for; it decides which elements are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyKind {
    Identity,
    Resource,
    Trust,
    Scp,
    Rcp,
    Boundary,
    Session,
}

impl PolicyKind {
    pub fn parse(name: &str) -> Option<PolicyKind> {
        Some(match name {
            "identity" => PolicyKind::Identity,
            "resource" => PolicyKind::Resource,
            "trust" => PolicyKind::Trust,
            "scp" => PolicyKind::Scp,
            "rcp" => PolicyKind::Rcp,
            "boundary" => PolicyKind::Boundary,
            "session" => PolicyKind::Session,
            _ => return None,
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity policy",
            PolicyKind::Resource => "resource policy",
            PolicyKind::Trust => "role trust policy",
            PolicyKind::Scp => "service control policy",
            PolicyKind::Rcp => "resource control policy",
            PolicyKind::Boundary => "permissions boundary",
            PolicyKind::Session => "session policy",
        }
    }

    /// The description with its article: "an identity policy", "a trust policy".
    pub fn with_article(self) -> String {
        let d = self.describe();
        let article = if d.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        format!("{article} {d}")
    }

    /// Policies that name principals (and so need `Principal`).
    pub fn has_principal(self) -> bool {
        matches!(self, PolicyKind::Resource | PolicyKind::Trust | PolicyKind::Rcp)
    }

    /// Policy types that IAM itself stores (strict Sid rules apply).
    fn is_iam_stored(self) -> bool {
        matches!(self, PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session | PolicyKind::Trust)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Version {
    #[serde(rename = "2012-10-17")]
    V2012,
    /// The legacy language, also used when `Version` is absent: no policy variables.
    #[serde(rename = "2008-10-17")]
    V2008,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub id: PolicyId,
    pub doc: DocId,
    pub kind: PolicyKind,
    pub span: Span,
    pub version: Version,
    /// Shared, so that a policy is cheap to clone: a scenario hands the same
    /// policy to every step's evaluation without copying its statements.
    pub statements: std::sync::Arc<[Statement]>,
    /// Elements this policy type forbids, with the index of their statement;
    /// AWS would refuse the document, and the evaluation ignores them.
    pub ignored: Vec<IgnoredElement>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub index: usize,
    pub sid: Option<smol_str::SmolStr>,
    /// The span of the Sid's value, when there is one.
    pub sid_span: Option<Span>,
    pub span: Span,
    pub effect: Effect,
    pub principal: Option<PrincipalElement>,
    pub action: Option<ActionElement>,
    pub resource: Option<ResourceElement>,
    pub conditions: Vec<ConditionEntry>,
    /// Set when the statement has no meaning AWS could give it: it never applies.
    pub inert: Option<Inert>,
}

/// Why a statement can never apply, whatever the request (a closed set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Inert {
    /// `Effect` is missing or is neither `Allow` nor `Deny`.
    NoValidEffect,
    /// The statement has an element the policy language does not know.
    UnknownElement,
    /// Both `Action` and `NotAction` (or `Resource`/`NotResource`, `Principal`/`NotPrincipal`).
    ConflictingElements,
    /// An element's value has the wrong JSON type, so what it covers is unknown.
    UnreadableElement,
    /// The `Condition` block has an unknown operator or a value of the wrong type.
    UnreadableCondition,
}

impl Inert {
    pub fn describe(self) -> &'static str {
        match self {
            Inert::NoValidEffect => "the statement has no valid `Effect`, so it never applies",
            Inert::UnknownElement => "the statement has an unknown element, so it never applies",
            Inert::ConflictingElements => "the statement has both an element and its `Not` form, so it never applies",
            Inert::UnreadableElement => "an element has a value of the wrong type, so the statement never applies",
            Inert::UnreadableCondition => "the `Condition` block cannot be read, so the statement never applies",
        }
    }
}

/// An element the policy type forbids, kept in the model only to be reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IgnoredElement {
    /// The statement's position in the policy (from 0).
    pub statement: usize,
    /// `Principal`, `NotPrincipal`, `Resource` or `NotResource`.
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item<T> {
    pub span: Span,
    pub text: smol_str::SmolStr,
    pub value: T,
}

/// `Action` / `NotAction`, or `Resource` / `NotResource`, or `Principal` / `NotPrincipal`.
#[derive(Debug, Clone, PartialEq)]
pub struct Element<T> {
    pub negated: bool,
    pub span: Span,
    pub items: Vec<Item<T>>,
}

/// Action patterns are stored lower-cased (actions compare case-insensitively).
pub type ActionElement = Element<Pattern>;
pub type ResourceElement = Element<Template>;
pub type PrincipalElement = Element<PrincipalEntry>;

/// A policy and everything found wrong with it.
#[derive(Debug, Clone)]
pub struct ParsedPolicy {
    /// The best model that could be built; `None` only when the text is not a JSON object.
    pub policy: Option<Policy>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and validates one policy document from text.
pub fn parse_policy(text: &str, id: PolicyId, kind: PolicyKind, doc: DocId) -> ParsedPolicy {
    let (node, mut diagnostics) = json::parse(text, doc);
    let policy = node.map(|node| lower_policy(&node, text, id, kind, doc, &mut diagnostics));
    crate::diag::sort_by_position(&mut diagnostics);
    ParsedPolicy { policy, diagnostics }
}

/// Lowers a policy from an already parsed JSON node (e.g. embedded in a request
/// or scenario file); `text` is the whole document the node's spans point into.
pub fn lower_policy(
    node: &json::Node,
    text: &str,
    id: PolicyId,
    kind: PolicyKind,
    doc: DocId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Policy {
    let start = diagnostics.len();
    let policy = lower::lower(node, id, kind, doc, diagnostics);
    validate::check_document(node, text, &policy, diagnostics);
    // Every error found in a readable policy document is one AWS would refuse,
    // unless the lowerer said AWS stores it. A value that is not a policy at all
    // (`policy/not-object`) leaves nothing to evaluate.
    for d in diagnostics.iter_mut().skip(start) {
        if d.is_error() && d.aws.is_none() && d.code != "policy/not-object" {
            d.aws = Some(crate::diag::AwsStance::Refuses);
        }
    }
    policy
}

#[cfg(test)]
mod tests;
