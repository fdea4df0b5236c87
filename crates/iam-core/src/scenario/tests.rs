//! Parsing errors and derived facts of scenarios.

use super::*;
use crate::DocId;

fn codes(text: &str) -> Vec<&'static str> {
    parse_scenario(text, DocId(0)).diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code).collect()
}

fn underlined(text: &str, code: &str) -> String {
    let parsed = parse_scenario(text, DocId(0));
    let d = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code}: {:?}", parsed.diagnostics));
    d.span().text(text).to_string()
}

#[test]
fn unknown_aws_managed_policy_is_an_error_not_an_empty_policy() {
    let t = r#"{"version":1,"accounts":[{"id":"111111111111","users":[{"name":"u","policies":["arn:aws:iam::aws:policy/NoSuchThing"]}]}]}"#;
    assert_eq!(underlined(t, "scenario/unknown-aws-managed-policy"), "\"arn:aws:iam::aws:policy/NoSuchThing\"");
}

#[test]
fn unknown_field_is_rejected_with_a_case_hint() {
    let t = r#"{"version":1,"accounts":[{"id":"111111111111","Users":[]}]}"#;
    assert_eq!(codes(t), ["scenario/unknown-field"]);
    let parsed = parse_scenario(t, DocId(0));
    assert!(parsed.diagnostics[0].help.as_deref().is_some_and(|h| h.contains("`users`")));
}

#[test]
fn dangling_references_are_reported_where_written() {
    let t = r#"{"version":1,"accounts":[{"id":"111111111111","users":[{"name":"u","groups":["nope"],"policies":["Missing"]}]}],
      "steps":[{"name":"s","request":{"principal":"session:later","action":"s3:GetObject","resource":"*"}}]}"#;
    assert_eq!(underlined(t, "scenario/unknown-group"), "\"nope\"");
    assert_eq!(underlined(t, "scenario/unknown-policy"), "\"Missing\"");
    assert_eq!(underlined(t, "scenario/unknown-session"), "\"session:later\"");
}

#[test]
fn version_and_step_shape_are_checked() {
    assert_eq!(codes(r#"{"version":2}"#), ["scenario/unsupported-version"]);
    assert_eq!(codes(r#"{}"#), ["scenario/missing-field"]);
    let two = r#"{"version":1,"steps":[{"name":"x","request":{"principal":"*","action":"s3:GetObject","resource":"*"},"assume_role":{"caller":"*","role":"r"}}]}"#;
    assert_eq!(codes(two), ["scenario/step-kind"]);
}

#[test]
fn org_paths_and_scp_levels_follow_the_tree() {
    let t = r#"{"version":1,"organization":{"id":"o-x","root":{"id":"r-x","units":[{"id":"ou-x-1","name":"A","scps":[],"units":[{"id":"ou-x-2","name":"B","accounts":["111111111111"]}]}]}},
      "accounts":[{"id":"111111111111"}]}"#;
    let s = parse_scenario(t, DocId(0)).scenario.unwrap();
    let org = s.organization.as_ref().unwrap();
    assert_eq!(org::org_path(org, "111111111111").as_deref(), Some("o-x/r-x/ou-x-1/ou-x-2/"));
    let full = crate::policy::parse_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        crate::PolicyId::new("f"),
        crate::PolicyKind::Scp,
        DocId(0),
    )
    .policy
    .unwrap();
    let levels = org::scp_levels(Some(org), "111111111111", &full).unwrap();
    // root (default FullAWSAccess), A (none attached), B (default), the account (default)
    assert_eq!(levels.iter().map(Vec::len).collect::<Vec<_>>(), [1, 0, 1, 1]);
}

#[test]
fn request_file_is_recognised() {
    let t = r#"{"request":{"principal":"*","action":"s3:GetObject","resource":"*"}}"#;
    assert_eq!(codes(t), ["scenario/request-file"]);
}
