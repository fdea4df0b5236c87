//! Condition operator names: `[ForAllValues:|ForAnyValue:]Base[IfExists]`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StrMode {
    Equals,
    EqualsIgnoreCase,
    Like,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Cmp::Eq => ordering == Equal,
            Cmp::Lt => ordering == Less,
            Cmp::Le => ordering != Greater,
            Cmp::Gt => ordering == Greater,
            Cmp::Ge => ordering != Less,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "family", content = "mode", rename_all = "camelCase")]
pub enum Family {
    String(StrMode),
    Numeric(Cmp),
    Date(Cmp),
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

impl Family {
    /// Families whose values may contain policy variables.
    pub fn allows_variables(self) -> bool {
        matches!(self, Family::String(_) | Family::Arn | Family::Bool)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SetOp {
    ForAllValues,
    ForAnyValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operator {
    pub family: Family,
    /// `StringNotEquals`, `NotIpAddress`, …: true only when no policy value matches.
    pub negated: bool,
    pub if_exists: bool,
    pub set: Option<SetOp>,
}

const BASES: &[(&str, Family, bool)] = &[
    ("StringEquals", Family::String(StrMode::Equals), false),
    ("StringNotEquals", Family::String(StrMode::Equals), true),
    ("StringEqualsIgnoreCase", Family::String(StrMode::EqualsIgnoreCase), false),
    ("StringNotEqualsIgnoreCase", Family::String(StrMode::EqualsIgnoreCase), true),
    ("StringLike", Family::String(StrMode::Like), false),
    ("StringNotLike", Family::String(StrMode::Like), true),
    ("NumericEquals", Family::Numeric(Cmp::Eq), false),
    ("NumericNotEquals", Family::Numeric(Cmp::Eq), true),
    ("NumericLessThan", Family::Numeric(Cmp::Lt), false),
    ("NumericLessThanEquals", Family::Numeric(Cmp::Le), false),
    ("NumericGreaterThan", Family::Numeric(Cmp::Gt), false),
    ("NumericGreaterThanEquals", Family::Numeric(Cmp::Ge), false),
    ("DateEquals", Family::Date(Cmp::Eq), false),
    ("DateNotEquals", Family::Date(Cmp::Eq), true),
    ("DateLessThan", Family::Date(Cmp::Lt), false),
    ("DateLessThanEquals", Family::Date(Cmp::Le), false),
    ("DateGreaterThan", Family::Date(Cmp::Gt), false),
    ("DateGreaterThanEquals", Family::Date(Cmp::Ge), false),
    ("Bool", Family::Bool, false),
    ("BinaryEquals", Family::Binary, false),
    ("IpAddress", Family::Ip, false),
    ("NotIpAddress", Family::Ip, true),
    ("ArnEquals", Family::Arn, false),
    ("ArnLike", Family::Arn, false),
    ("ArnNotEquals", Family::Arn, true),
    ("ArnNotLike", Family::Arn, true),
    ("Null", Family::Null, false),
];

/// Why an operator name was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorError {
    Unknown { suggestion: Option<String> },
    NullIfExists,
}

/// Parses an operator name. Names are case-sensitive; a case-only mistake
/// comes back with the right spelling as a suggestion.
pub fn parse_operator(name: &str) -> Result<Operator, OperatorError> {
    let (set, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
        (Some(SetOp::ForAllValues), rest)
    } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
        (Some(SetOp::ForAnyValue), rest)
    } else {
        (None, name)
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    match BASES.iter().find(|(n, _, _)| *n == base) {
        Some((_, Family::Null, _)) if if_exists => Err(OperatorError::NullIfExists),
        Some((_, family, negated)) => Ok(Operator { family: *family, negated: *negated, if_exists, set }),
        None => Err(OperatorError::Unknown { suggestion: suggest(name) }),
    }
}

fn suggest(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let (prefix, rest) = ["forallvalues:", "foranyvalue:"]
        .iter()
        .zip(["ForAllValues:", "ForAnyValue:"])
        .find_map(|(p, proper)| lower.strip_prefix(p).map(|r| (proper, r)))
        .unwrap_or(("", lower.as_str()));
    let (base, suffix) = match rest.strip_suffix("ifexists") {
        Some(b) => (b, "IfExists"),
        None => (rest, ""),
    };
    BASES.iter().find(|(n, _, _)| n.to_ascii_lowercase() == base).map(|(n, _, _)| format!("{prefix}{n}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_operator_reads_prefix_and_suffix() {
        let op = parse_operator("ForAnyValue:StringNotLikeIfExists").unwrap();
        assert_eq!(op.set, Some(SetOp::ForAnyValue));
        assert!(op.negated && op.if_exists);
        assert_eq!(op.family, Family::String(StrMode::Like));
    }

    #[test]
    fn parse_operator_null_if_exists_is_refused() {
        assert_eq!(parse_operator("NullIfExists"), Err(OperatorError::NullIfExists));
    }

    #[test]
    fn parse_operator_wrong_case_suggests_spelling() {
        assert_eq!(
            parse_operator("stringequalsifexists"),
            Err(OperatorError::Unknown { suggestion: Some("StringEqualsIfExists".into()) })
        );
        assert_eq!(parse_operator("StringIs"), Err(OperatorError::Unknown { suggestion: None }));
    }
}
