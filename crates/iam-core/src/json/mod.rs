//! Strict JSON with byte spans: an owned tree of nodes, each with the span of
//! its text, read by [`parser`] in one pass. Duplicate keys are reported here
//! once for every document type.

mod parser;

use crate::diag::{Diagnostic, DocId, Span};
use parser::Parser;
use std::borrow::Cow;

// `repr(C)`: the span first, then the kind, so that moving a node (as the
// reader does for every value) copies aligned words; the default layout put
// the kind's tag first and made those copies unaligned and slow.
#[derive(Debug, Clone, PartialEq)]
#[repr(C)]
pub struct Node<'a> {
    pub span: Span,
    pub kind: Kind<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    /// The number exactly as written, so numeric comparison stays exact.
    Number(Cow<'a, str>),
    /// Borrowed from the text unless it had escapes.
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Span,
    pub value: Node<'a>,
}

impl<'a> Node<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// A string node with no position (for building documents).
    pub fn string(text: &str) -> Node<'static> {
        Node { span: Span::default(), kind: Kind::String(Cow::Owned(text.to_string())) }
    }

    /// The same value with every string owned, free of the text it was read from.
    pub fn into_owned(self) -> Node<'static> {
        let kind = match self.kind {
            Kind::Null => Kind::Null,
            Kind::Bool(b) => Kind::Bool(b),
            Kind::Number(n) => Kind::Number(Cow::Owned(n.into_owned())),
            Kind::String(s) => Kind::String(Cow::Owned(s.into_owned())),
            Kind::Array(items) => Kind::Array(items.into_iter().map(Node::into_owned).collect()),
            Kind::Object(members) => Kind::Object(
                members
                    .into_iter()
                    .map(|m| Member {
                        key: Cow::Owned(m.key.into_owned()),
                        key_span: m.key_span,
                        value: m.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        Node { span: self.span, kind }
    }

    /// The value of member `key`, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.as_object()?.iter().find(|m| m.key == key).map(|m| &m.value)
    }

    /// As [`Node::get`], mutable.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node<'a>> {
        match &mut self.kind {
            Kind::Object(members) => members.iter_mut().find(|m| m.key == key).map(|m| &mut m.value),
            _ => None,
        }
    }

    /// The items of an array (empty for anything else).
    pub fn items(&self) -> &[Node<'a>] {
        match &self.kind {
            Kind::Array(items) => items,
            _ => &[],
        }
    }

    /// A word for the value's JSON type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }
}

/// Parses `text` as one strict JSON value. On a syntax error the tree is
/// `None` and the diagnostic points at the offending text.
pub fn parse(text: &str, doc: DocId) -> (Option<Node<'_>>, Vec<Diagnostic>) {
    let mut parser = Parser::new(text, doc, false);
    let result = parser.document();
    let mut diagnostics = parser.diagnostics;
    match result {
        Ok(Some(node)) => (Some(node), diagnostics),
        Ok(None) => {
            diagnostics.push(
                Diagnostic::error("json/empty", doc, Span::new(0, text.len()), "the document is empty")
                    .with_help("write a JSON object such as `{\"Version\": \"2012-10-17\", \"Statement\": []}`"),
            );
            (None, diagnostics)
        }
        Err(e) => {
            // A document that cannot be read has no other problems worth showing.
            diagnostics.clear();
            diagnostics.push(
                Diagnostic::error("json/syntax", doc, e.span, format!("invalid JSON: {}", e.message))
                    .with_help("the document must be exactly one JSON value in strict JSON syntax"),
            );
            (None, diagnostics)
        }
    }
}

/// Parses `text[start..end]` alone as one strict JSON value, with spans in
/// `text`, nested as though `depth` levels deep already: re-reading one part
/// of a document that changed (see `scenario::reparse`). `None` when the
/// part is not exactly one value (a syntax error, or nesting beyond
/// [`parser::MAX_DEPTH`] counted from `depth`); the caller then reads the
/// whole document, which reports the error where it is.
pub fn parse_part(
    text: &str,
    start: usize,
    end: usize,
    depth: usize,
    doc: DocId,
) -> Option<(Node<'_>, Vec<Diagnostic>)> {
    let mut parser = Parser::new(text.get(..end)?, doc, false).start_at(start, depth);
    let node = parser.document().ok()??;
    Some((node, parser.diagnostics))
}

/// Best-effort recovery after a syntax error: comments and trailing commas
/// are accepted. Never used for a model that is evaluated, only to salvage
/// metadata such as an expected outcome.
pub fn parse_lenient(text: &str, doc: DocId) -> Option<Node<'_>> {
    Parser::new(text, doc, true).document().ok().flatten()
}

impl Node<'_> {
    /// The deepest nesting of arrays and objects (a scalar is depth 0).
    pub fn depth(&self) -> usize {
        match &self.kind {
            Kind::Array(items) => 1 + items.iter().map(Node::depth).max().unwrap_or(0),
            Kind::Object(members) => 1 + members.iter().map(|m| m.value.depth()).max().unwrap_or(0),
            _ => 0,
        }
    }

    /// The value as compact JSON text (keys in their original order).
    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        write(self, &mut out, None, 0);
        out
    }

    /// The value as JSON text indented by two spaces.
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        write(self, &mut out, Some(2), 0);
        out
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn newline(out: &mut String, indent: Option<usize>, level: usize) {
    if let Some(width) = indent {
        out.push('\n');
        out.push_str(&" ".repeat(width * level));
    }
}

fn write(node: &Node, out: &mut String, indent: Option<usize>, level: usize) {
    match &node.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Number(n) => out.push_str(n),
        Kind::String(s) => write_string(s, out),
        Kind::Array(items) if items.is_empty() => out.push_str("[]"),
        Kind::Object(members) if members.is_empty() => out.push_str("{}"),
        Kind::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write(item, out, indent, level + 1);
            }
            newline(out, indent, level);
            out.push(']');
        }
        Kind::Object(members) => {
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, level + 1);
                write_string(&m.key, out);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write(&m.value, out, indent, level + 1);
            }
            newline(out, indent, level);
            out.push('}');
        }
    }
}

/// A JSON node built in code (no span: it is written out, never pointed into).
pub(crate) fn node(kind: Kind<'static>) -> Node<'static> {
    Node { span: Span::default(), kind }
}

pub(crate) fn text_node(s: &str) -> Node<'static> {
    node(Kind::String(Cow::Owned(s.to_string())))
}

/// An object of `members`, in order.
pub(crate) fn object(members: Vec<(String, Node<'static>)>) -> Node<'static> {
    node(Kind::Object(
        members
            .into_iter()
            .map(|(key, value)| Member { key: Cow::Owned(key), key_span: Span::default(), value })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_object_keeps_spans_of_keys_and_values() {
        let text = r#"{"a": [1, "x"], "b": true}"#;
        let (node, diags) = parse(text, DocId(0));
        assert!(diags.is_empty());
        let node = node.unwrap();
        let members = node.as_object().unwrap();
        assert_eq!(members[0].key_span.text(text), "\"a\"");
        assert_eq!(members[0].value.span.text(text), "[1, \"x\"]");
        assert_eq!(members[1].value.kind, Kind::Bool(true));
    }

    #[test]
    fn parse_duplicate_key_reports_second_occurrence() {
        let text = r#"{"Effect": "Allow", "Effect": "Deny"}"#;
        let (_, diags) = parse(text, DocId(0));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "json/duplicate-key");
        assert_eq!(diags[0].span().start, 20);
        assert_eq!(diags[0].span().text(text), "\"Effect\"");
    }

    #[test]
    fn parse_trailing_comma_is_a_syntax_error() {
        let (node, diags) = parse(r#"{"a": 1,}"#, DocId(0));
        assert!(node.is_none());
        assert_eq!(diags[0].code, "json/syntax");
    }

    #[test]
    fn parse_raw_tab_in_string_is_a_syntax_error() {
        let text = "{\"a\": \"x\ty\"}";
        let (node, diags) = parse(text, DocId(0));
        assert!(node.is_none());
        assert_eq!(diags[0].code, "json/syntax");
        assert_eq!(diags[0].span().text(text), "\t");
        // an escaped tab is fine, and so is a raw tab between tokens
        assert!(parse("{\"a\":\t\"x\\ty\\\"\"}", DocId(0)).0.is_some());
    }

    #[test]
    fn parse_comment_is_a_syntax_error() {
        let (node, diags) = parse("{} // no", DocId(0));
        assert!(node.is_none());
        assert_eq!(diags[0].code, "json/syntax");
    }

    #[test]
    fn parse_empty_text_reports_empty() {
        let (_, diags) = parse("  ", DocId(0));
        assert_eq!(diags[0].code, "json/empty");
    }

    #[test]
    fn compact_and_pretty_text_parse_back_to_the_same_values() {
        let text = "{\"a\": [1, -2.5e3, \"x\\\"y\\\\z\\n\\u0001é\"], \"b\": {}, \"c\": [], \"d\": null, \"e\": false}";
        let (node, diags) = parse(text, DocId(0));
        assert!(diags.is_empty(), "{diags:?}");
        let node = node.unwrap();
        for written in [node.to_compact(), node.to_pretty()] {
            let (again, d) = parse(&written, DocId(0));
            assert!(d.is_empty(), "{written}: {d:?}");
            assert_eq!(again.unwrap().to_compact(), node.to_compact());
        }
        assert_eq!(
            node.to_compact(),
            "{\"a\":[1,-2.5e3,\"x\\\"y\\\\z\\n\\u0001é\"],\"b\":{},\"c\":[],\"d\":null,\"e\":false}"
        );
        assert_eq!(node.depth(), 2);
    }

    #[test]
    fn accessors_read_and_change_members() {
        let (node, _) = parse(r#"{"a": [1, 2], "b": "x"}"#, DocId(0));
        let mut node = node.unwrap();
        assert_eq!(node.get("a").map(|a| a.items().len()), Some(2));
        assert_eq!(node.get("b").and_then(Node::as_str), Some("x"));
        assert!(node.get("c").is_none() && node.get("b").unwrap().items().is_empty());
        *node.get_mut("b").unwrap() = Node::string("y \"q\"");
        assert_eq!(node.to_compact(), r#"{"a":[1,2],"b":"y \"q\""}"#);
    }

    #[test]
    fn parse_number_keeps_raw_text() {
        let (node, _) = parse("12.50", DocId(0));
        assert_eq!(node.unwrap().kind, Kind::Number("12.50".into()));
    }
}
