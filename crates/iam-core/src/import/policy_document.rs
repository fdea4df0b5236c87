//! A bare policy document opened as a scenario: one user holds it as an
//! inline policy, and one step asks about the first action it allows.

use crate::diag::{Diagnostic, DocId, Span};
use crate::json::{self, Node};

/// Whether `text` looks like one policy document (a `Statement`, and none
/// of a scenario's or an export's keys).
pub fn is_policy_document(text: &str) -> bool {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    text.trim_start().starts_with('{')
        && head.contains("\"Statement\"")
        && !["\"accounts\"", "\"steps\"", "\"UserDetailList\"", "\"RoleDetailList\"", "\"Policies\""]
            .iter()
            .any(|k| head.contains(k))
}

/// The first action and resource an Allow statement names without a
/// wildcard in the action, to ask about.
fn first_request(policy: &Node) -> (String, String) {
    let statements = match policy.get("Statement") {
        Some(s) if s.as_object().is_some() => std::slice::from_ref(s),
        Some(s) => s.items(),
        None => &[],
    };
    let first = |n: Option<&Node>| -> Option<String> {
        let n = n?;
        n.as_str().map(str::to_string).or_else(|| n.items().first().and_then(Node::as_str).map(str::to_string))
    };
    statements
        .iter()
        .filter(|s| s.get("Effect").and_then(Node::as_str) == Some("Allow"))
        .find_map(|s| {
            let action = first(s.get("Action")).filter(|a| !a.contains(['*', '?']))?;
            // A pattern becomes a resource it matches: `reports/*` asks about `reports/example`.
            let resource = first(s.get("Resource"))
                .map(|r| if r == "*" { r } else { r.replace('*', "example").replace('?', "x") })
                .unwrap_or_else(|| "*".into());
            Some((action, resource))
        })
        .unwrap_or_else(|| ("s3:ListAllMyBuckets".into(), "*".into()))
}

/// A scenario in which user `me` of account 111111111111 holds the policy
/// as the inline policy `Imported`, with one step to change.
pub fn policy_document(text: &str, doc: DocId) -> Result<String, Diagnostic> {
    let (root, diagnostics) = json::parse(text, doc);
    if let Some(d) = diagnostics.into_iter().find(Diagnostic::is_error) {
        return Err(d);
    }
    let policy = root.filter(|r| r.get("Statement").is_some()).ok_or_else(|| {
        Diagnostic::error("import/not-policy", doc, Span::default(), "the file is not a policy document")
            .with_help("a policy document is an object with a `Statement`")
    })?;
    let (action, resource) = first_request(&policy);
    let q = |s: &str| Node::string(s).to_compact();
    let scenario = format!(
        r#"{{"version": 1, "title": "An imported policy", "description": "The policy you imported is the inline policy Imported of the user me. Change the step to the request you want to ask about.",
        "accounts": [{{"id": "111111111111", "users": [{{"name": "me", "inline_policies": {{"Imported": {}}}}}]}}],
        "steps": [{{"name": {}, "request": {{"principal": "arn:aws:iam::111111111111:user/me", "action": {}, "resource": {}}}}}]}}"#,
        policy.to_compact(),
        q(&format!("me calls {action}")),
        q(&action),
        q(&resource)
    );
    let (built, _) = json::parse(&scenario, doc);
    built.map(|b| format!("{}\n", b.to_pretty())).ok_or_else(|| {
        Diagnostic::error("import/not-policy", doc, Span::default(), "the policy could not be placed in a scenario")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_document_opens_as_a_users_inline_policy_with_a_step_on_its_first_action() {
        let text = r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": "arn:aws:dynamodb:eu-west-1:111111111111:table/orders"}]}"#;
        assert!(is_policy_document(text));
        let scenario = policy_document(text, DocId(0)).unwrap();
        let parsed = crate::scenario::parse_scenario(&scenario, DocId(0));
        assert!(!crate::has_errors(&parsed.diagnostics), "{:?}", parsed.diagnostics);
        let s = parsed.scenario.unwrap();
        let results = crate::scenario::run_scenario(&s);
        assert_eq!(results[0].name, "me calls dynamodb:GetItem");
        assert_eq!(results[0].decision, Some(crate::Decision::Allowed));
    }

    #[test]
    fn a_resource_pattern_becomes_a_resource_it_matches() {
        let text = r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/2026-??/*"}}"#;
        let scenario = policy_document(text, DocId(0)).unwrap();
        assert!(scenario.contains("\"resource\": \"arn:aws:s3:::reports/2026-xx/example\""), "{scenario}");
        let s = crate::scenario::parse_scenario(&scenario, DocId(0)).scenario.unwrap();
        assert_eq!(crate::scenario::run_scenario(&s)[0].decision, Some(crate::Decision::Allowed));
    }

    #[test]
    fn other_files_are_not_policy_documents() {
        assert!(!is_policy_document(r#"{"version": 1, "accounts": [], "steps": []}"#));
        assert!(!is_policy_document(r#"{"UserDetailList": [], "Policies": [{"Statement": []}]}"#));
        assert_eq!(policy_document("{\"Version\": 1}", DocId(0)).unwrap_err().code, "import/not-policy");
        assert!(policy_document("{", DocId(0)).is_err());
    }
}
