//! The request context: condition keys and their values. Key names compare
//! case-insensitively (including the tag-key part of `aws:ResourceTag/…`).

use crate::diag::{Diagnostic, DocId, Severity, Span};
use crate::json::{Kind, Node};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One value as the request carries it. Numbers keep their written text.
/// Written as the bare value; read back by [`ScalarVisitor`] (a derived
/// untagged reader buffers every value first, and costs the browser's page
/// far more code). A number's text reads back as a string, as before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Scalar {
    String(String),
    Bool(bool),
    Number(String),
}

impl Scalar {
    /// The value as text, the way string operators see it.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Scalar::String(s) | Scalar::Number(s) => std::borrow::Cow::Borrowed(s),
            Scalar::Bool(b) => std::borrow::Cow::Borrowed(if *b { "true" } else { "false" }),
        }
    }
}

/// Written as a bare value or a list of values; read back by
/// [`ContextValueVisitor`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ContextValue {
    Single(Scalar),
    /// A multivalued key; `[]` is the empty set.
    Multi(Vec<Scalar>),
}

struct ScalarVisitor;

impl<'de> serde::de::Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string or a boolean")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::String(v.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::String(v))
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ContextValueVisitor;

impl<'de> serde::de::Visitor<'de> for ContextValueVisitor {
    type Value = ContextValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string, a boolean or a list of them")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<ContextValue, E> {
        Ok(ContextValue::Single(Scalar::Bool(v)))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ContextValue, E> {
        Ok(ContextValue::Single(Scalar::String(v.to_string())))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<ContextValue, E> {
        Ok(ContextValue::Single(Scalar::String(v)))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<ContextValue, A::Error> {
        let mut values = Vec::new();
        while let Some(v) = seq.next_element::<Scalar>()? {
            values.push(v);
        }
        Ok(ContextValue::Multi(values))
    }
}

impl<'de> Deserialize<'de> for ContextValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ContextValueVisitor)
    }
}

impl ContextValue {
    pub fn string(s: &str) -> Self {
        ContextValue::Single(Scalar::String(s.to_string()))
    }

    pub fn bool(b: bool) -> Self {
        ContextValue::Single(Scalar::Bool(b))
    }

    pub fn strings<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Self {
        ContextValue::Multi(values.into_iter().map(|s| Scalar::String(s.into())).collect())
    }

    /// The values as a list: a single value is a one-element set.
    pub fn values(&self) -> &[Scalar] {
        match self {
            ContextValue::Single(s) => std::slice::from_ref(s),
            ContextValue::Multi(v) => v,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextEntry {
    /// The key as it was written.
    pub key: String,
    pub value: ContextValue,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// Keyed by the lower-cased key name.
    entries: BTreeMap<String, ContextEntry>,
}

impl Context {
    /// Sets a key, replacing any value whose name differs only in case.
    pub fn insert(&mut self, key: &str, value: ContextValue) {
        self.entries.insert(key.to_lowercase(), ContextEntry { key: key.to_string(), value });
    }

    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.get_lower(&key.to_lowercase())
    }

    /// Lookup by a key that is already lower-cased (the evaluator's hot path).
    pub fn get_lower(&self, key_lower: &str) -> Option<&ContextValue> {
        self.entries.get(key_lower).map(|e| &e.value)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(&key.to_lowercase())
    }

    /// The text of a single-valued key; `None` when absent or multivalued
    /// (multivalued keys cannot be policy variables).
    pub fn single_text(&self, key: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.single_text_lower(&key.to_lowercase())
    }

    /// As [`Context::single_text`], for a key that is already lower-cased.
    pub fn single_text_lower(&self, key_lower: &str) -> Option<std::borrow::Cow<'_, str>> {
        match self.get_lower(key_lower)? {
            ContextValue::Single(s) => Some(s.text()),
            ContextValue::Multi(_) => None,
        }
    }

    pub fn entries(&self) -> impl Iterator<Item = &ContextEntry> {
        self.entries.values()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn report(
    diags: &mut Vec<Diagnostic>,
    severity: Severity,
    doc: DocId,
    code: &'static str,
    span: Span,
    message: String,
    help: &str,
) {
    diags.push(Diagnostic::build(severity, code, doc, span, message, help));
}

fn scalar(node: &Node) -> Option<Scalar> {
    match &node.kind {
        Kind::String(s) => Some(Scalar::String(s.to_string())),
        Kind::Number(n) => Some(Scalar::Number(n.to_string())),
        Kind::Bool(b) => Some(Scalar::Bool(*b)),
        _ => None,
    }
}

/// Ceilings on request context, far above any real request: a key of at most
/// 256 characters, values of at most 4,096 characters, at most 1,000 values
/// for a multivalued key. Past them a request is refused with a clear error
/// instead of costing time and memory in every condition and variable.
pub const MAX_CONTEXT_KEY: usize = 256;
pub const MAX_CONTEXT_VALUE: usize = 4096;
pub const MAX_CONTEXT_VALUES: usize = 1000;

fn check_limits(m: &crate::json::Member, doc: DocId, diags: &mut Vec<Diagnostic>) {
    let too_long = |n: &Node| n.as_str().is_some_and(|s| s.chars().count() > MAX_CONTEXT_VALUE);
    let problem = if m.key.chars().count() > MAX_CONTEXT_KEY {
        Some((m.key_span, format!("the context key is longer than {MAX_CONTEXT_KEY} characters")))
    } else if m.value.items().len() > MAX_CONTEXT_VALUES {
        Some((m.value.span, format!("`{}` has more than {MAX_CONTEXT_VALUES} values", m.key)))
    } else if too_long(&m.value) || m.value.items().iter().any(too_long) {
        Some((m.value.span, format!("a value of `{}` is longer than {MAX_CONTEXT_VALUE} characters", m.key)))
    } else {
        None
    };
    if let Some((span, message)) = problem {
        report(
            diags,
            Severity::Error,
            doc,
            "request/context-too-large",
            span,
            message,
            "real requests carry far less; shorten the value",
        );
    }
}

/// Reads a `context` object: keys to strings, numbers, booleans or arrays of these.
pub(crate) fn from_json(node: &Node, doc: DocId, diags: &mut Vec<Diagnostic>) -> Context {
    let mut context = Context::default();
    let Some(members) = node.as_object() else {
        report(
            diags,
            Severity::Error,
            doc,
            "request/invalid-type",
            node.span,
            format!("`context` must be an object of condition keys, found {}", node.type_name()),
            "",
        );
        return context;
    };
    // Keys seen, lower-cased, for the case-insensitive duplicate check in O(n log n).
    let mut seen: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    for m in members {
        if let Some(earlier) = seen.get(&m.key.to_lowercase()).filter(|earlier| **earlier != m.key.as_ref()) {
            report(
                diags,
                Severity::Error,
                doc,
                "request/duplicate-context-key",
                m.key_span,
                format!("`{}` repeats the key `{}`: key names are case-insensitive", m.key, earlier),
                "",
            );
        }
        seen.entry(m.key.to_lowercase()).or_insert(m.key.as_ref());
        check_limits(m, doc, diags);
        let value = match &m.value.kind {
            Kind::Null => {
                report(
                    diags,
                    Severity::Warning,
                    doc,
                    "request/null-context-value",
                    m.value.span,
                    format!("`{}` is null and is treated as absent", m.key),
                    "leave the key out to make it absent",
                );
                continue;
            }
            Kind::Array(items) => {
                let values: Option<Vec<Scalar>> = items.iter().map(scalar).collect();
                values.map(ContextValue::Multi)
            }
            _ => scalar(&m.value).map(ContextValue::Single),
        };
        match value {
            Some(v) => context.insert(&m.key, v),
            None => report(
                diags,
                Severity::Error,
                doc,
                "request/invalid-context-value",
                m.value.span,
                format!("the value of `{}` must be a string, number, boolean or an array of these", m.key),
                "",
            ),
        }
    }
    context
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written readers read back what the derived writer writes.
    #[test]
    fn context_values_round_trip_through_json() {
        for value in [
            ContextValue::string("prod"),
            ContextValue::bool(true),
            ContextValue::strings(["a", "b"]),
            ContextValue::Multi(vec![Scalar::Bool(false), Scalar::String("x".into())]),
            ContextValue::Multi(Vec::new()),
        ] {
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(serde_json::from_str::<ContextValue>(&json).unwrap(), value, "{json}");
        }
        assert_eq!(serde_json::to_string(&ContextValue::strings(["a"])).unwrap(), r#"["a"]"#);
        // A number's text reads back as a string, as the derived reader did; a JSON number is refused.
        let number = serde_json::to_string(&ContextValue::Single(Scalar::Number("10".into()))).unwrap();
        assert_eq!(serde_json::from_str::<ContextValue>(&number).unwrap(), ContextValue::string("10"));
        let refused = serde_json::from_str::<ContextValue>("10").unwrap_err().to_string();
        assert!(refused.contains("a string, a boolean or a list of them"), "{refused}");
    }

    #[test]
    fn context_key_lookup_ignores_case() {
        let mut c = Context::default();
        c.insert("aws:SourceIp", ContextValue::string("203.0.113.5"));
        assert!(c.contains("AWS:SOURCEIP"));
        assert_eq!(c.single_text("aws:sourceip").as_deref(), Some("203.0.113.5"));
    }

    #[test]
    fn context_multivalued_key_is_not_a_variable_value() {
        let mut c = Context::default();
        c.insert("aws:TagKeys", ContextValue::strings(["a"]));
        assert_eq!(c.single_text("aws:TagKeys"), None);
        assert_eq!(c.get("aws:tagkeys").map(|v| v.values().len()), Some(1));
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    fn codes(json: &str) -> Vec<&'static str> {
        let (node, _) = crate::json::parse(json, DocId(0));
        let mut diags = Vec::new();
        let _ = from_json(&node.unwrap_or_else(|| Node::string("")), DocId(0), &mut diags);
        diags.iter().map(|d| d.code).collect()
    }

    #[test]
    fn context_over_the_ceilings_is_refused() {
        let long = "x".repeat(MAX_CONTEXT_VALUE + 1);
        assert_eq!(codes(&format!(r#"{{"aws:username": "{long}"}}"#)), ["request/context-too-large"]);
        let many: Vec<String> = (0..=MAX_CONTEXT_VALUES).map(|i| format!("\"v{i}\"")).collect();
        assert_eq!(codes(&format!(r#"{{"aws:TagKeys": [{}]}}"#, many.join(","))), ["request/context-too-large"]);
        assert!(codes(r#"{"aws:username": "alice"}"#).is_empty());
    }

    #[test]
    fn case_duplicates_are_found_among_many_keys() {
        let keys: Vec<String> = (0..5000).map(|i| format!("\"aws:PrincipalTag/k{i}\": \"v\"")).collect();
        let text = format!("{{{}, \"AWS:PrincipalTag/K7\": \"v\"}}", keys.join(","));
        assert_eq!(codes(&text), ["request/duplicate-context-key"]);
    }
}
