//! Lowering and validation: codes, and the exact text each diagnostic underlines.

use super::*;
use crate::diag::Severity;

fn diags(text: &str, kind: PolicyKind) -> Vec<(String, &'static str, String)> {
    let parsed = parse_policy(text, PolicyId::new("p"), kind, DocId(0));
    parsed.diagnostics.iter().map(|d| (format!("{:?}", d.severity), d.code, d.span().text(text).to_string())).collect()
}

fn one(text: &str, kind: PolicyKind) -> (&'static str, String) {
    let d = diags(text, kind);
    assert_eq!(d.len(), 1, "{d:?}");
    (d[0].1, d[0].2.clone())
}

#[test]
fn invalid_effect_underlines_the_value() {
    let t = r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(one(t, PolicyKind::Identity), ("policy/invalid-effect", "\"allow\"".into()));
}

#[test]
fn invalid_sid_underlines_the_sid() {
    let t = r#"{"Version":"2012-10-17","Statement":[{"Sid":"a-b","Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(one(t, PolicyKind::Identity), ("policy/invalid-sid", "\"a-b\"".into()));
}

#[test]
fn variable_error_underlines_the_variable_only() {
    let t = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${}/x"}]}"#;
    assert_eq!(one(t, PolicyKind::Identity), ("variable/empty", "${}".into()));
}

#[test]
fn principal_in_identity_policy_underlines_the_key() {
    let t =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(one(t, PolicyKind::Identity), ("policy/principal-not-allowed", "\"Principal\"".into()));
}

#[test]
fn unknown_operator_underlines_the_operator() {
    let t = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"aws:username":"a"}}}]}"#;
    assert_eq!(one(t, PolicyKind::Identity), ("condition/unknown-operator", "\"StringEqual\"".into()));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let t = r#"{"Version":"1","Statement":[{"Effect":"Maybe","Action":"bad","Resource":"nope"}, {"Action":"s3:*"}]}"#;
    let codes: Vec<&str> = diags(t, PolicyKind::Identity).iter().map(|d| d.1).collect();
    for code in [
        "policy/invalid-version",
        "policy/invalid-effect",
        "policy/invalid-action",
        "policy/invalid-arn",
        "policy/missing-effect",
        "policy/missing-resource",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn missing_version_is_a_warning_and_legacy() {
    let t = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
    let parsed = parse_policy(t, PolicyId::new("p"), PolicyKind::Identity, DocId(0));
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].severity, Severity::Warning);
    assert_eq!(parsed.policy.map(|p| p.version), Some(Version::V2008));
}

#[test]
fn best_model_is_kept_despite_errors() {
    let t = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Ok","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"allow","Action":"s3:*","Resource":"*"}]}"#;
    let parsed = parse_policy(t, PolicyId::new("p"), PolicyKind::Identity, DocId(0));
    let policy = parsed.policy.unwrap();
    assert_eq!(policy.statements.len(), 2);
    assert_eq!(policy.statements[0].sid.as_deref(), Some("Ok"));
}

#[test]
fn trust_policy_forbids_resource_and_bare_star() {
    let t = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]}"#;
    let codes: Vec<&str> = diags(t, PolicyKind::Trust).iter().map(|d| d.1).collect();
    assert_eq!(codes, ["trust/bare-star-principal", "trust/resource-not-allowed"], "in text order");
}

#[test]
fn scp_quota_counts_whitespace_identity_quota_does_not() {
    let padding = " ".repeat(6000);
    let t = format!(
        r#"{{"Version":"2012-10-17",{padding}"Statement":[{{"Effect":"Allow","Action":"*","Resource":"*"}}]}}"#
    );
    assert!(diags(&t, PolicyKind::Identity).is_empty());
    let scp: Vec<&str> = diags(&t, PolicyKind::Scp).iter().map(|d| d.1).collect();
    assert_eq!(scp, ["policy/size-quota"]);
}

#[test]
fn action_patterns_are_case_folded() {
    let t = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"S3:Get*","Resource":"*"}]}"#;
    let policy = parse_policy(t, PolicyId::new("p"), PolicyKind::Identity, DocId(0)).policy.unwrap();
    let action = policy.statements[0].action.as_ref().unwrap();
    assert!(action.items[0].value.matches("s3:getobject"));
    assert_eq!(action.items[0].text, "S3:Get*");
}

#[test]
fn findings_fall_into_access_analyzers_four_kinds() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:username": "a"}, "StringEquals": {}}},
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "soon"}}}]}"#;
    let parsed = parse_policy(text, PolicyId::new("p"), PolicyKind::Identity, DocId(0));
    let kinds: Vec<(&str, Severity)> = parsed.diagnostics.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        kinds,
        [
            ("condition/set-operator-on-single-valued-key", Severity::SecurityWarning),
            ("condition/empty-object", Severity::Suggestion),
            ("condition/type-mismatch", Severity::Warning),
        ]
    );
    assert_eq!(Severity::SecurityWarning.describe(), "security warning");
}

#[test]
fn null_on_a_multivalued_key_needs_no_set_operator() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:TagKeys": "false"}}}]}"#;
    let parsed = parse_policy(text, PolicyId::new("p"), PolicyKind::Identity, DocId(0));
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let text = text.replace("Null", "StringEquals");
    let parsed = parse_policy(&text, PolicyId::new("p"), PolicyKind::Identity, DocId(0));
    let codes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["condition/multivalued-key-without-set-operator"], "the guard is specific to Null");
}
