//! Edits to the scenario text that keep the user's own formatting: small
//! splices at positions found through the parsed tree's spans.

use iam_core::document::{self as json, Node};
use iam_core::DocId;

fn step_object<'n>(root: &'n Node<'n>, step: usize) -> Option<&'n Node<'n>> {
    root.get("steps")?.items().get(step).filter(|n| n.as_object().is_some())
}

/// A string as a JSON literal.
pub(crate) fn quote(text: &str) -> String {
    Node::string(text).to_compact()
}

/// Adds `"key": ""` to the `context` of step `step` (creating the object when
/// needed). Returns the new text and the byte range of the empty value, so the
/// editor can select it for typing.
pub fn add_context_key(text: &str, step: usize, key: &str) -> Option<(String, (usize, usize))> {
    let (root, _) = json::parse(text, DocId(0));
    let root = root?;
    let step_node = step_object(&root, step)?;
    let members = step_node.as_object()?;
    let entry = format!("{}: \"\"", quote(key));
    let (at, insert) = match members.iter().find(|m| m.key == "context") {
        Some(context) => {
            let object = context.value.as_object()?;
            if object.iter().any(|m| m.key.eq_ignore_ascii_case(key)) {
                return None;
            }
            let close = context.value.span.hi().checked_sub(1)?;
            let before = text.get(..close)?.trim_end();
            let at = before.len();
            let sep = if object.is_empty() { "" } else { ", " };
            (at, format!("{sep}{entry}"))
        }
        None => {
            let open = step_node.span.lo() + 1;
            (open, format!("\"context\": {{ {entry} }}, "))
        }
    };
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(text.get(..at)?);
    out.push_str(&insert);
    out.push_str(text.get(at..)?);
    let value_end = at + insert.rfind("\"\"")? + 2;
    Some((out, (value_end - 2, value_end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = "{\n  \"version\": 1,\n  \"steps\": [\n    { \"name\": \"a\", \"request\": {} },\n    { \"name\": \"b\", \"context\": { \"aws:SourceIp\": \"1.2.3.4\" } },\n    { \"name\": \"c\", \"context\": {} }\n  ]\n}";

    fn context_of(text: &str, step: usize) -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        v["steps"][step]["context"].clone()
    }

    #[test]
    fn adds_a_context_object_when_there_is_none() {
        let (text, (start, end)) = add_context_key(SCENARIO, 0, "aws:MultiFactorAuthPresent").unwrap();
        assert_eq!(context_of(&text, 0), serde_json::json!({ "aws:MultiFactorAuthPresent": "" }));
        assert_eq!(&text[start..end], "\"\"");
        assert!(
            text.contains("{ \"name\": \"b\", \"context\": { \"aws:SourceIp\": \"1.2.3.4\" } }"),
            "other steps keep their text"
        );
    }

    #[test]
    fn appends_to_an_existing_context() {
        let (text, _) = add_context_key(SCENARIO, 1, "aws:PrincipalTag/team").unwrap();
        assert_eq!(context_of(&text, 1), serde_json::json!({ "aws:SourceIp": "1.2.3.4", "aws:PrincipalTag/team": "" }));
        let (text, _) = add_context_key(SCENARIO, 2, "k").unwrap();
        assert_eq!(context_of(&text, 2), serde_json::json!({ "k": "" }));
    }

    #[test]
    fn refuses_existing_keys_missing_steps_and_broken_json() {
        assert!(add_context_key(SCENARIO, 1, "AWS:SOURCEIP").is_none());
        assert!(add_context_key(SCENARIO, 9, "k").is_none());
        assert!(add_context_key("{\"steps\": [", 0, "k").is_none());
    }
}
