//! IAM Policy Playground core: a pure AWS IAM policy evaluator that explains
//! itself. No I/O, no clock, no randomness: time and input come in as data.
//!
//! The public surface is this file: the entry points (`parse_policy`,
//! `parse_request_file`, `evaluate`, `scenario::parse_scenario`,
//! `scenario::run_scenario`, the `share` link codec), the explanation types in
//! `explain`, the document tree editors work on in `document`, and the types
//! they take and return. Everything else is private to the crate.

mod condition;
mod context;
mod diag;
mod evaluate;
mod json;
mod matching;
mod policy;
mod read;
mod request_file;

/// The AWS service catalogue: services, actions, resource types, condition keys.
pub mod analysis;
pub mod catalogue;
/// The explanation of a decision, as data: layers, statements, elements, reasons.
pub mod explain;
pub mod import;
/// Checks of policies against the catalogue ("did you mean").
pub mod lesson;
pub mod lint;
/// Scenarios: accounts, identities, resources and the steps run over them.
pub mod scenario;
/// Share links: a scenario in a URL fragment, and back, with bounded decoding.
pub mod share;

/// The JSON document tree with byte spans, as editors read and rewrite a
/// scenario's text: parse it, walk it, print it back compact or indented.
pub mod document {
    pub use crate::json::{parse, Kind, Member, Node};
}

/// Dates and numbers as the condition operators read them.
pub mod values {
    pub use crate::condition::values::{format_instant, parse_date, Decimal, Instant};
}

pub use condition::{ConditionTrace, ConditionWhy, MAX_TRACED_CHARS, MAX_TRACED_VALUES};
pub use context::{Context, ContextValue, Scalar};
pub use diag::{
    blocks_evaluation, document_error_codes, has_errors, sort_by_position, AwsStance, Diagnostic, DocId, Label,
    LineCol, LineIndex, Severity, Span,
};
pub use evaluate::{evaluate, PolicySet, Request};
pub use explain::{AwsRule, Decision, Evaluation, Layer};
pub use matching::arn::{Arn, Segment};
pub use matching::principal::{Caller, Grant};
pub use policy::{parse_policy, Effect, IgnoredElement, Inert, ParsedPolicy, Policy, PolicyId, PolicyKind, Version};
pub use request_file::{parse_request_file, Expected, ParsedRequestFile, RequestFile};
