//! Condition blocks: operators, typed values, policy variables and evaluation.

mod eval;
pub mod ops;
pub mod values;
pub mod variables;

pub use eval::{evaluate_entry, ConditionTrace, ConditionWhy, MAX_TRACED_CHARS, MAX_TRACED_VALUES};

use crate::diag::Span;
use ops::Operator;
use smol_str::SmolStr;
use values::{Cidr, Decimal, Instant};
use variables::Template;

/// A policy value read for its operator's family; `None` means it could not be
/// read (a warning was given) and it matches nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// String, ARN and Bool values, which may hold policy variables.
    Text(Template),
    Number(Option<Decimal>),
    Date(Option<Instant>),
    Ip(Option<Cidr>),
    Binary(Option<Vec<u8>>),
    Null(Option<bool>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct CondValue {
    pub span: Span,
    pub text: SmolStr,
    pub parsed: Parsed,
}

/// One `operator → key → values` triple of a Condition block.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionEntry {
    pub operator: Operator,
    pub operator_name: SmolStr,
    pub operator_span: Span,
    pub key: SmolStr,
    /// The key lower-cased once, for context lookups (key names are case-insensitive).
    pub key_lower: SmolStr,
    pub key_span: Span,
    pub values: Vec<CondValue>,
    pub values_span: Span,
}

/// Global keys that carry a set of values (`ArrayOf…` in the service reference).
pub const MULTIVALUED_KEYS: &[&str] = &[
    "aws:tagkeys",
    "aws:calledvia",
    "aws:principalorgpaths",
    "aws:resourceorgpaths",
    "aws:principalservicenameslist",
    "aws:sourceorgpaths",
    "aws:vpceorgpaths",
    "sts:transitivetagkeys",
];

pub fn is_multivalued_key(key: &str) -> bool {
    // The listed keys are ASCII, so an ASCII case-insensitive compare is exact.
    MULTIVALUED_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}
