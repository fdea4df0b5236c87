//! IAM Policy Playground core: a pure AWS IAM policy evaluator that explains
//! itself. No I/O, no clock, no randomness: time and input come in as data.

pub mod condition;
pub mod context;
pub mod diag;
pub mod json;
pub mod matching;
pub mod policy;
mod read;
pub mod request_file;
pub mod scenario;
pub mod share;

pub use context::{Context, ContextValue, Scalar};
pub use diag::{has_errors, Diagnostic, DocId, LineCol, LineIndex, Severity, Span};
pub use policy::{parse_policy, ParsedPolicy, Policy, PolicyId, PolicyKind};
pub mod evaluate;
pub mod explain;

pub use evaluate::{evaluate, PolicySet, Request};
pub use explain::{Decision, Evaluation, Layer};
pub use matching::principal::Caller;
pub use request_file::{parse_request_file, Expected, ParsedRequestFile, RequestFile};
