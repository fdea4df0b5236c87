//! Edits to the scenario text that keep the user's own formatting: small
//! splices at positions found through the parsed tree's spans.

use iam_core::document::Node;

/// A string as a JSON literal.
pub(crate) fn quote(text: &str) -> String {
    Node::string(text).to_compact()
}

/// Adds `"key": ""` to the `context` of step `step` (creating the object when
/// needed). Returns the new text and the byte range of the empty value, so the
/// editor can select it for typing.
pub fn add_context_key(text: &str, step: usize, key: &str) -> Option<(String, (usize, usize))> {
    let edit = iam_core::scenario::suggest::context_entry(text, step, key, "\"\"")?;
    let value_end = edit.span.lo() + edit.text.rfind("\"\"")? + 2;
    let text = iam_core::scenario::suggest::apply(text, &[edit])?;
    Some((text, (value_end - 2, value_end)))
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
