//! A small typed reader over the JSON tree for the scenario format: every
//! object is checked for unknown fields and every value for its type, with a
//! diagnostic for each problem.

use crate::diag::{Diagnostic, DocId, Severity, Span};
use crate::json::{Kind, Member, Node};

pub(super) struct Reader<'t> {
    pub text: &'t str,
    pub doc: DocId,
    pub diags: Vec<Diagnostic>,
}

/// An object whose fields have been checked against a list of known names.
pub(super) struct Obj<'n> {
    pub node: &'n Node,
    members: &'n [Member],
}

impl<'n> Obj<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.members.iter().find(|m| m.key == key).map(|m| &m.value).filter(|v| v.kind != Kind::Null)
    }

    pub fn span(&self) -> Span {
        self.node.span
    }
}

impl Reader<'_> {
    pub fn error(&mut self, code: &'static str, span: Span, message: String, help: &str) {
        self.diags.push(Diagnostic::build(Severity::Error, code, self.doc, span, message, help));
    }

    pub fn warn(&mut self, code: &'static str, span: Span, message: String, help: &str) {
        self.diags.push(Diagnostic::build(Severity::Warning, code, self.doc, span, message, help));
    }

    /// Reads an object, reporting unknown fields (with a hint for case mistakes).
    pub fn object<'n>(&mut self, node: &'n Node, place: &str, known: &[&str]) -> Option<Obj<'n>> {
        let Some(members) = node.as_object() else {
            self.error(
                "scenario/invalid-type",
                node.span,
                format!("{place} must be an object, found {}", node.type_name()),
                "",
            );
            return None;
        };
        for m in members {
            if !known.contains(&m.key.as_str()) {
                let hint = known.iter().find(|k| k.eq_ignore_ascii_case(&m.key));
                let help = match hint {
                    Some(k) => format!("field names are case-sensitive: write `{k}`"),
                    None => format!(
                        "the fields of {place} are {}",
                        known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                self.error(
                    "scenario/unknown-field",
                    m.key_span,
                    format!("unknown field `{}` in {place}", m.key),
                    &help,
                );
            }
        }
        Some(Obj { node, members })
    }

    pub fn string(&mut self, obj: &Obj<'_>, key: &str) -> Option<(String, Span)> {
        let node = obj.get(key)?;
        match node.as_str() {
            Some(s) => Some((s.to_string(), node.span)),
            None => {
                self.error(
                    "scenario/invalid-type",
                    node.span,
                    format!("`{key}` must be a string, found {}", node.type_name()),
                    "",
                );
                None
            }
        }
    }

    pub fn required_string(&mut self, obj: &Obj<'_>, key: &str, place: &str) -> Option<(String, Span)> {
        if obj.get(key).is_none() {
            self.error("scenario/missing-field", obj.span(), format!("{place} has no `{key}`"), "");
            return None;
        }
        self.string(obj, key)
    }

    pub fn bool(&mut self, obj: &Obj<'_>, key: &str) -> Option<bool> {
        let node = obj.get(key)?;
        match node.kind {
            Kind::Bool(b) => Some(b),
            _ => {
                self.error(
                    "scenario/invalid-type",
                    node.span,
                    format!("`{key}` must be true or false, found {}", node.type_name()),
                    "",
                );
                None
            }
        }
    }

    /// A whole number within `min..=max`.
    pub fn integer(&mut self, obj: &Obj<'_>, key: &str, min: u64, max: u64) -> Option<(u64, Span)> {
        let node = obj.get(key)?;
        let value = match &node.kind {
            Kind::Number(n) => n.parse::<u64>().ok(),
            _ => None,
        };
        match value {
            Some(v) if (min..=max).contains(&v) => Some((v, node.span)),
            _ => {
                self.error(
                    "scenario/invalid-number",
                    node.span,
                    format!("`{key}` must be a whole number from {min} to {max}"),
                    "",
                );
                None
            }
        }
    }

    /// An array; `None` (with a diagnostic) when the value is not one.
    pub fn array<'n>(&mut self, obj: &Obj<'n>, key: &str) -> Vec<&'n Node> {
        let Some(node) = obj.get(key) else { return Vec::new() };
        match &node.kind {
            Kind::Array(items) => items.iter().collect(),
            _ => {
                self.error(
                    "scenario/invalid-type",
                    node.span,
                    format!("`{key}` must be an array, found {}", node.type_name()),
                    "",
                );
                Vec::new()
            }
        }
    }

    pub fn strings(&mut self, obj: &Obj<'_>, key: &str) -> Vec<(String, Span)> {
        self.array(obj, key)
            .into_iter()
            .filter_map(|n| match n.as_str() {
                Some(s) => Some((s.to_string(), n.span)),
                None => {
                    self.error(
                        "scenario/invalid-type",
                        n.span,
                        format!("each value of `{key}` must be a string, found {}", n.type_name()),
                        "",
                    );
                    None
                }
            })
            .collect()
    }

    /// An object of string values (tags, claims).
    pub fn string_map(&mut self, obj: &Obj<'_>, key: &str) -> Vec<(String, String, Span)> {
        let Some(node) = obj.get(key) else { return Vec::new() };
        let Some(members) = node.as_object() else {
            self.error(
                "scenario/invalid-type",
                node.span,
                format!("`{key}` must be an object of strings, found {}", node.type_name()),
                "",
            );
            return Vec::new();
        };
        members
            .iter()
            .filter_map(|m| match m.value.as_str() {
                Some(v) => Some((m.key.clone(), v.to_string(), m.key_span)),
                None => {
                    self.error(
                        "scenario/invalid-type",
                        m.value.span,
                        format!("the value of `{}` must be a string", m.key),
                        "",
                    );
                    None
                }
            })
            .collect()
    }
}
