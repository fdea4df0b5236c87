//! Evaluating one condition entry against the request context.
//!
//! Rules (IAM user guide, condition operators and multivalued keys):
//! positive operators OR over policy values; negated ones are true only when
//! no policy value matches (NOR). An absent key makes positive operators false
//! and negated ones true; `IfExists` makes it true. `ForAllValues` is true for
//! an absent or empty set, `ForAnyValue` false.

use super::ops::{Family, SetOp, StrMode};
use super::values::{decode_base64, parse_bool, parse_date, Decimal};
use super::{ConditionEntry, Parsed};
use crate::context::{Context, Scalar};
use crate::diag::Span;
use crate::matching::glob::Glob;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;
use std::borrow::Cow;

/// Why a condition entry came out the way it did (a closed set). Externally
/// tagged in JSON, like [`crate::Caller`], to keep the page's reader small.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ConditionWhy {
    /// Positive operator: this context value matched this policy value.
    ValueMatched { context: String, policy: String },
    /// Positive operator: no policy value matched the context value(s).
    ValuesNotEqual,
    /// Negated operator: a policy value matched, so the condition is false.
    NegatedValueMatched { context: String, policy: String },
    /// Negated operator: no policy value matched, so the condition is true.
    NegatedNoValueMatched,
    /// The key is absent: false for positive operators.
    KeyMissing,
    /// The key is absent: true for negated operators.
    KeyMissingNegated,
    /// The key is absent: true because of `IfExists`.
    KeyMissingIfExists,
    /// `ForAllValues` over an absent or empty set: true.
    ForAllValuesEmpty,
    /// `ForAnyValue` over an absent or empty set: false.
    ForAnyValueEmpty,
    /// `ForAllValues`: every context value satisfied the operator.
    ForAllValuesHeld,
    /// `ForAllValues`: this context value did not satisfy the operator.
    ForAllValuesFailed { context: String },
    /// `ForAnyValue`: this context value satisfied the operator.
    ForAnyValueHeld { context: String },
    /// `ForAnyValue`: no context value satisfied the operator.
    ForAnyValueNoneHeld,
    /// `Null`: the key's presence is as the policy expects.
    NullMatched { present: bool },
    /// `Null`: the key's presence is not as the policy expects.
    NullMismatch { present: bool },
    /// `ForAllValues:Null` is always true, `ForAnyValue:Null` always false.
    NullWithSetOperator,
    /// A policy variable had no value and no default, so its value matches nothing.
    VariableUnresolved { key: String },
    /// The context value cannot be read as this operator's type.
    ContextValueInvalid { value: String },
}

impl ConditionWhy {
    /// A short plain-language account of the outcome.
    pub fn describe(&self) -> String {
        match self {
            ConditionWhy::ValueMatched { context, policy } => format!("`{context}` matches `{policy}`"),
            ConditionWhy::ValuesNotEqual => "no policy value matches the request's value".into(),
            ConditionWhy::NegatedValueMatched { context, policy } => {
                format!("`{context}` matches `{policy}`, and the operator is negated")
            }
            ConditionWhy::NegatedNoValueMatched => "no policy value matches, and the operator is negated".into(),
            ConditionWhy::KeyMissing => "the request has no value for this key".into(),
            ConditionWhy::KeyMissingNegated => "the key is absent, which a negated operator counts as a match".into(),
            ConditionWhy::KeyMissingIfExists => "the key is absent, and IfExists counts that as a match".into(),
            ConditionWhy::ForAllValuesEmpty => {
                "the request has no values for this key, and ForAllValues is then true".into()
            }
            ConditionWhy::ForAnyValueEmpty => {
                "the request has no values for this key, and ForAnyValue is then false".into()
            }
            ConditionWhy::ForAllValuesHeld => "every value in the request matches".into(),
            ConditionWhy::ForAllValuesFailed { context } => format!("the request value `{context}` does not match"),
            ConditionWhy::ForAnyValueHeld { context } => format!("the request value `{context}` matches"),
            ConditionWhy::ForAnyValueNoneHeld => "no value in the request matches".into(),
            ConditionWhy::NullMatched { present } => {
                format!("the key is {}, as the policy requires", if *present { "present" } else { "absent" })
            }
            ConditionWhy::NullMismatch { present } => {
                format!("the key is {}, which the policy does not accept", if *present { "present" } else { "absent" })
            }
            ConditionWhy::NullWithSetOperator => "Null with a set operator does not test the key".into(),
            ConditionWhy::VariableUnresolved { key } => {
                format!("the variable `${{{key}}}` has no value in the request")
            }
            ConditionWhy::ContextValueInvalid { value } => {
                format!("the request value `{value}` is not of this operator's type")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionTrace {
    pub operator: SmolStr,
    pub key: SmolStr,
    pub operator_span: Span,
    pub key_span: Span,
    /// `None` when the request lacks the key.
    pub context_values: Option<Vec<SmolStr>>,
    /// Policy values after variable substitution (an unresolved one shows as written).
    pub policy_values: Vec<SmolStr>,
    pub matched: bool,
    pub why: ConditionWhy,
    /// Variables in the values that the request could not supply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
    /// Values left out of `context_values` and `policy_values` by the trace budget.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted_values: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The trace budget for one condition: at most this many request values and
/// this many policy values are copied into the trace, each cut to
/// [`MAX_TRACED_CHARS`] characters. The decision always uses every value; the
/// trace counts what it left out. Without a budget, a multivalued key read by
/// thousands of statements would copy gigabytes into the explanation.
pub const MAX_TRACED_VALUES: usize = 20;
pub const MAX_TRACED_CHARS: usize = 256;

/// A value as the trace shows it: cut at [`MAX_TRACED_CHARS`] characters.
fn traced(text: &str) -> SmolStr {
    match text.char_indices().nth(MAX_TRACED_CHARS) {
        Some((cut, _)) => smol_str::format_smolstr!("{}…", text.get(..cut).unwrap_or("")),
        None => SmolStr::new(text),
    }
}

enum Resolved<'a> {
    Text(Cow<'a, str>),
    Glob(Glob<'a>),
    Unresolved,
    Typed,
}

/// Evaluates one entry. The trace lists the values compared and the reason.
pub fn evaluate_entry(entry: &ConditionEntry, ctx: &Context) -> ConditionTrace {
    let op = entry.operator;
    let present = ctx.get_lower(&entry.key_lower);
    let mut unresolved = Vec::new();
    let mut shown = Vec::with_capacity(entry.values.len());
    let resolved: Vec<Resolved> = entry
        .values
        .iter()
        .map(|v| {
            let budget_left = shown.len() < MAX_TRACED_VALUES;
            let Parsed::Text(t) = &v.parsed else {
                if budget_left {
                    shown.push(traced(&v.text));
                }
                return Resolved::Typed;
            };
            match t.resolve_text(ctx) {
                Err(u) => {
                    if !u.too_long {
                        unresolved.push(u.key);
                    }
                    if budget_left {
                        shown.push(traced(&v.text));
                    }
                    Resolved::Unresolved
                }
                Ok(text) => {
                    let like = matches!(op.family, Family::String(StrMode::Like) | Family::Arn);
                    let glob = if like { t.resolve_glob(ctx).ok() } else { None };
                    let r = match glob {
                        Some(g) => Resolved::Glob(g),
                        None => Resolved::Text(text.clone()),
                    };
                    if budget_left {
                        shown.push(traced(&text));
                    }
                    r
                }
            }
        })
        .collect();
    let context_values =
        present.map(|v| v.values().iter().take(MAX_TRACED_VALUES).map(|s| traced(&s.text())).collect::<Vec<_>>());
    let omitted_values = entry.values.len().saturating_sub(MAX_TRACED_VALUES)
        + present.map_or(0, |v| v.values().len().saturating_sub(MAX_TRACED_VALUES));
    let (matched, why) = decide(entry, present.map(|v| v.values()), &resolved, &unresolved);
    ConditionTrace {
        operator: entry.operator_name.clone(),
        key: entry.key.clone(),
        operator_span: entry.operator_span,
        key_span: entry.key_span,
        context_values,
        policy_values: shown,
        matched,
        why,
        unresolved,
        omitted_values,
    }
}

fn decide(
    entry: &ConditionEntry,
    present: Option<&[Scalar]>,
    resolved: &[Resolved],
    unresolved: &[String],
) -> (bool, ConditionWhy) {
    let op = entry.operator;
    if op.family == Family::Null {
        return decide_null(entry, present.is_some());
    }
    let Some(values) = present else {
        return match (op.set, op.if_exists, op.negated) {
            (Some(SetOp::ForAllValues), _, _) => (true, ConditionWhy::ForAllValuesEmpty),
            (_, true, _) => (true, ConditionWhy::KeyMissingIfExists),
            (Some(SetOp::ForAnyValue), _, _) => (false, ConditionWhy::ForAnyValueEmpty),
            (None, _, true) => (true, ConditionWhy::KeyMissingNegated),
            (None, _, false) => (false, ConditionWhy::KeyMissing),
        };
    };
    let test = |c: &Scalar| element(entry, c, resolved);
    match op.set {
        Some(SetOp::ForAllValues) => {
            let empty = values.is_empty() || matches!(values, [Scalar::String(s)] if s.is_empty());
            if empty {
                return (true, ConditionWhy::ForAllValuesEmpty);
            }
            for c in values {
                if test(c).holds(op.negated).is_none() {
                    return (false, ConditionWhy::ForAllValuesFailed { context: c.text().into_owned() });
                }
            }
            (true, ConditionWhy::ForAllValuesHeld)
        }
        Some(SetOp::ForAnyValue) => {
            if values.is_empty() {
                return (false, ConditionWhy::ForAnyValueEmpty);
            }
            match values.iter().find(|c| test(c).holds(op.negated).is_some()) {
                Some(c) => (true, ConditionWhy::ForAnyValueHeld { context: c.text().into_owned() }),
                None => (false, ConditionWhy::ForAnyValueNoneHeld),
            }
        }
        None => {
            let results: Vec<(&Scalar, Element)> = values.iter().map(|c| (c, test(c))).collect();
            let hit = results.iter().find_map(|(c, e)| e.matched.map(|i| (*c, i)));
            let shown = |i: usize| entry.values.get(i).map(|v| v.text.to_string()).unwrap_or_default();
            match (hit, op.negated) {
                (Some((c, i)), false) => {
                    (true, ConditionWhy::ValueMatched { context: c.text().into_owned(), policy: shown(i) })
                }
                (Some((c, i)), true) => {
                    (false, ConditionWhy::NegatedValueMatched { context: c.text().into_owned(), policy: shown(i) })
                }
                (None, negated) => {
                    let why = if let Some((c, _)) = results.iter().find(|(_, e)| e.invalid_context) {
                        ConditionWhy::ContextValueInvalid { value: c.text().into_owned() }
                    } else if let (Some(key), false) = (unresolved.first(), negated) {
                        ConditionWhy::VariableUnresolved { key: key.clone() }
                    } else if negated {
                        ConditionWhy::NegatedNoValueMatched
                    } else {
                        ConditionWhy::ValuesNotEqual
                    };
                    (negated, why)
                }
            }
        }
    }
}

fn decide_null(entry: &ConditionEntry, present: bool) -> (bool, ConditionWhy) {
    match entry.operator.set {
        Some(SetOp::ForAllValues) => return (true, ConditionWhy::NullWithSetOperator),
        Some(SetOp::ForAnyValue) => return (false, ConditionWhy::NullWithSetOperator),
        None => {}
    }
    let expects_absent = |v: &super::CondValue| matches!(v.parsed, Parsed::Null(Some(b)) if b != present);
    if entry.values.iter().any(expects_absent) {
        (true, ConditionWhy::NullMatched { present })
    } else {
        (false, ConditionWhy::NullMismatch { present })
    }
}

/// The outcome of comparing one context value with every policy value.
struct Element {
    /// Index of the first policy value that matched.
    matched: Option<usize>,
    invalid_context: bool,
}

impl Element {
    /// For set operators: `Some` when this element satisfies the (possibly negated) operator.
    fn holds(&self, negated: bool) -> Option<()> {
        (self.matched.is_some() != negated).then_some(())
    }
}

fn element(entry: &ConditionEntry, c: &Scalar, resolved: &[Resolved]) -> Element {
    let text = c.text();
    let family = entry.operator.family;
    let mut invalid_context = false;
    let typed_context = TypedContext::read(family, &text);
    if typed_context.is_none() && !matches!(family, Family::String(_) | Family::Arn | Family::Binary) {
        invalid_context = true;
    }
    let matched = entry.values.iter().zip(resolved).position(|(v, r)| match (family, r, &v.parsed, &typed_context) {
        (_, Resolved::Unresolved, _, _) => false,
        (Family::String(StrMode::Equals), Resolved::Text(p), _, _) => *p == *text,
        (Family::String(StrMode::EqualsIgnoreCase), Resolved::Text(p), _, _) => p.to_lowercase() == text.to_lowercase(),
        (Family::String(StrMode::Like), Resolved::Glob(p), _, _) => p.matches(&text),
        (Family::Arn, Resolved::Glob(p), _, _) => p.match_arn(&text).is_ok(),
        (Family::Bool, Resolved::Text(p), _, Some(TypedContext::Bool(b))) => parse_bool(p) == Some(*b),
        (Family::Numeric(cmp), Resolved::Typed, Parsed::Number(Some(p)), Some(TypedContext::Number(n))) => {
            cmp.holds(n.cmp(p))
        }
        (Family::Date(cmp), Resolved::Typed, Parsed::Date(Some(p)), Some(TypedContext::Date(d))) => cmp.holds(d.cmp(p)),
        (Family::Ip, Resolved::Typed, Parsed::Ip(Some(p)), Some(TypedContext::Ip(ip))) => p.contains(*ip),
        (Family::Binary, Resolved::Typed, Parsed::Binary(Some(p)), _) => {
            decode_base64(&text).as_deref().unwrap_or(text.as_bytes()) == p.as_slice()
        }
        _ => false,
    });
    Element { matched, invalid_context }
}

enum TypedContext {
    Bool(bool),
    Number(Decimal),
    Date(i128),
    Ip(std::net::IpAddr),
}

impl TypedContext {
    fn read(family: Family, text: &str) -> Option<TypedContext> {
        match family {
            Family::Bool => parse_bool(text).map(TypedContext::Bool),
            Family::Numeric(_) => Decimal::parse(text).map(TypedContext::Number),
            Family::Date(_) => parse_date(text).map(TypedContext::Date),
            Family::Ip => text.parse().ok().map(TypedContext::Ip),
            _ => None,
        }
    }
}
