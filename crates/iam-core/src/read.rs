//! The one reader from JSON to models, shared by the scenario and request
//! file formats (and, for its unknown-key hints, by policy documents): every
//! object is checked for unknown fields and every value for its type, with a
//! diagnostic for each problem and the same wording everywhere.

use crate::diag::{Diagnostic, DocId, Severity, Span};
use crate::json::{Kind, Member, Node};

/// The diagnostic codes of one file format (`scenario/…`, `request/…`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Area {
    pub invalid_type: &'static str,
    pub unknown_field: &'static str,
    pub missing_field: &'static str,
    pub invalid_number: &'static str,
}

pub(crate) const SCENARIO: Area = Area {
    invalid_type: "scenario/invalid-type",
    unknown_field: "scenario/unknown-field",
    missing_field: "scenario/missing-field",
    invalid_number: "scenario/invalid-number",
};

pub(crate) const REQUEST: Area = Area {
    invalid_type: "request/invalid-type",
    unknown_field: "request/unknown-field",
    missing_field: "request/missing-field",
    invalid_number: "request/invalid-type",
};

/// The help for an unknown key: the known one it differs from only in letter
/// case, or the list of known keys. `names` says what they are ("field",
/// "element").
pub(crate) fn unknown_key_help(key: &str, known: &[&str], names: &str, place: &str) -> String {
    match known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
        Some(k) => format!("{names} names are case-sensitive: write `{k}`"),
        None => format!(
            "the {names}s {place} are {}",
            known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ),
    }
}

pub(crate) struct Reader<'t> {
    pub text: &'t str,
    pub doc: DocId,
    pub diags: Vec<Diagnostic>,
    pub area: Area,
}

/// An object whose fields have been checked against a list of known names.
pub(crate) struct Obj<'n> {
    pub node: &'n Node<'n>,
    members: &'n [Member<'n>],
}

impl<'n> Obj<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node<'n>> {
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
    pub fn object<'n>(&mut self, node: &'n Node<'n>, place: &str, known: &[&str]) -> Option<Obj<'n>> {
        let Some(members) = node.as_object() else {
            self.error(
                self.area.invalid_type,
                node.span,
                format!("{place} must be an object, found {}", node.type_name()),
                "",
            );
            return None;
        };
        self.check_fields(members, known, place);
        Some(Obj { node, members })
    }

    /// Reports every member whose key is not one of `known`.
    pub fn check_fields(&mut self, members: &[Member], known: &[&str], place: &str) {
        for m in members {
            if !known.contains(&m.key.as_ref()) {
                let help = unknown_key_help(&m.key, known, "field", &format!("of {place}"));
                self.error(self.area.unknown_field, m.key_span, format!("unknown field `{}` in {place}", m.key), &help);
            }
        }
    }

    /// A string value; anything else is reported.
    pub fn node_string(&mut self, node: &Node, field: &str) -> Option<String> {
        match node.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.error(
                    self.area.invalid_type,
                    node.span,
                    format!("`{field}` must be a string, found {}", node.type_name()),
                    "",
                );
                None
            }
        }
    }

    pub fn string(&mut self, obj: &Obj<'_>, key: &str) -> Option<(String, Span)> {
        let node = obj.get(key)?;
        match node.as_str() {
            Some(s) => Some((s.to_string(), node.span)),
            None => {
                self.error(
                    self.area.invalid_type,
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
            self.error(self.area.missing_field, obj.span(), format!("{place} has no `{key}`"), "");
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
                    self.area.invalid_type,
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
                    self.area.invalid_number,
                    node.span,
                    format!("`{key}` must be a whole number from {min} to {max}"),
                    "",
                );
                None
            }
        }
    }

    /// An array; `None` (with a diagnostic) when the value is not one.
    pub fn array<'n>(&mut self, obj: &Obj<'n>, key: &str) -> Vec<&'n Node<'n>> {
        let Some(node) = obj.get(key) else { return Vec::new() };
        match &node.kind {
            Kind::Array(items) => items.iter().collect(),
            _ => {
                self.error(
                    self.area.invalid_type,
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
                        self.area.invalid_type,
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
                self.area.invalid_type,
                node.span,
                format!("`{key}` must be an object of strings, found {}", node.type_name()),
                "",
            );
            return Vec::new();
        };
        members
            .iter()
            .filter_map(|m| match m.value.as_str() {
                Some(v) => Some((m.key.to_string(), v.to_string(), m.key_span)),
                None => {
                    self.error(
                        self.area.invalid_type,
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

#[cfg(test)]
mod tests {
    use crate::policy::{parse_policy, PolicyId, PolicyKind};
    use crate::scenario::parse_scenario;
    use crate::{parse_request_file, DocId};

    fn help_of(diags: &[crate::Diagnostic], code: &str) -> String {
        diags.iter().find(|d| d.code == code).and_then(|d| d.help.clone()).unwrap_or_default()
    }

    #[test]
    fn every_format_gives_the_same_case_hint() {
        let scenario = parse_scenario(r#"{"version": 1, "Accounts": []}"#, DocId(0));
        assert_eq!(
            help_of(&scenario.diagnostics, "scenario/unknown-field"),
            "field names are case-sensitive: write `accounts`"
        );
        let request = parse_request_file(r#"{"Request": {}}"#, DocId(0));
        assert_eq!(
            help_of(&request.diagnostics, "request/unknown-field"),
            "field names are case-sensitive: write `request`"
        );
        let policy = parse_policy(
            r#"{"Version": "2012-10-17", "Statement": [{"effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
            PolicyId::new("p"),
            PolicyKind::Identity,
            DocId(0),
        );
        assert_eq!(
            help_of(&policy.diagnostics, "policy/unknown-element"),
            "element names are case-sensitive: write `Effect`"
        );
    }
}
