//! Documents AWS would refuse are still evaluated as far as they have a
//! meaning (section 6.7 of the reference): what the trace says about them.

use super::*;
use crate::diag::AwsStance;
use crate::explain::{Decision, ElementMatch, Reason};
use crate::policy::{parse_policy, Inert, PolicyId, PolicyKind};
use crate::DocId;

/// Parses a policy that has errors, returning it with its error codes.
fn refused(text: &str, kind: PolicyKind) -> (Policy, Vec<&'static str>) {
    let parsed = parse_policy(text, PolicyId::new("p"), kind, DocId(0));
    let codes = parsed.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code).collect();
    (parsed.policy.unwrap(), codes)
}

fn alice_reads() -> Request {
    Request {
        caller: Caller::parse("arn:aws:iam::111111111111:user/alice", "s3:GetObject").unwrap(),
        action: "s3:GetObject".into(),
        resource: "arn:aws:s3:::b/k".into(),
        resource_account: None,
        context: Context::default(),
    }
}

const ALLOW_READ: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;

fn allow_read() -> Policy {
    parse_policy(ALLOW_READ, PolicyId::new("allow"), PolicyKind::Identity, DocId(0)).policy.unwrap()
}

#[test]
fn deny_with_unknown_operator_never_applies_and_says_why() {
    let (deny, codes) = refused(
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"D","Effect":"Deny","Action":"s3:*","Resource":"*",
            "Condition":{"StringEqualz":{"aws:username":"alice"}}}]}"#,
        PolicyKind::Identity,
    );
    assert_eq!(codes, ["condition/unknown-operator"]);
    let set = PolicySet { identity: vec![allow_read(), deny], ..PolicySet::default() };
    let ev = evaluate(&set, &alice_reads());
    assert_eq!(ev.decision, Decision::Allowed);
    let s = &ev.policies[1].statements[0];
    assert_eq!(s.inert, Some(Inert::UnreadableCondition));
    assert!(!s.applies);
    assert_eq!(s.action, ElementMatch::Skipped);
}

#[test]
fn lowercase_effect_makes_the_statement_inert() {
    let (p, codes) = refused(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        PolicyKind::Identity,
    );
    assert_eq!(codes, ["policy/invalid-effect"]);
    let ev = evaluate(&PolicySet { identity: vec![p], ..PolicySet::default() }, &alice_reads());
    assert_eq!(ev.decision, Decision::ImplicitDeny);
    assert_eq!(ev.policies[0].statements[0].inert, Some(Inert::NoValidEffect));
}

#[test]
fn notaction_with_unreadable_item_is_inert_rather_than_wider() {
    let (deny, _) = refused(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["s3:GetObject", 7],"Resource":"*"}]}"#,
        PolicyKind::Identity,
    );
    let set = PolicySet { identity: vec![allow_read(), deny], ..PolicySet::default() };
    let ev = evaluate(&set, &alice_reads());
    assert_eq!(ev.decision, Decision::Allowed);
    assert_eq!(ev.policies[1].statements[0].inert, Some(Inert::UnreadableElement));
}

#[test]
fn principal_in_identity_policy_is_ignored_and_reported() {
    let (p, codes) = refused(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#,
        PolicyKind::Identity,
    );
    assert_eq!(codes, ["policy/principal-not-allowed"]);
    let ev = evaluate(&PolicySet { identity: vec![p], ..PolicySet::default() }, &alice_reads());
    assert_eq!(ev.decision, Decision::Allowed);
    let ignored: Vec<_> = ev.policies[0].ignored_in(0).collect();
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0].name, "Principal");
    assert_eq!(ev.policies[0].statements[0].principal, ElementMatch::Absent);
}

#[test]
fn resource_statement_without_principal_names_no_one() {
    let (bucket, codes) = refused(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        PolicyKind::Resource,
    );
    assert_eq!(codes, ["policy/missing-principal"]);
    let ev = evaluate(&PolicySet { resource: Some(bucket), ..PolicySet::default() }, &alice_reads());
    assert_eq!(ev.decision, Decision::ImplicitDeny);
    assert_eq!(ev.policies[0].statements[0].principal, ElementMatch::NotMatched { why: Reason::PrincipalMissing });
}

#[test]
fn allow_with_notprincipal_names_no_one() {
    let (bucket, codes) = refused(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::222222222222:root"},
            "Action":"s3:GetObject","Resource":"*"}]}"#,
        PolicyKind::Resource,
    );
    assert_eq!(codes, ["policy/allow-with-notprincipal"]);
    let ev = evaluate(&PolicySet { resource: Some(bucket), ..PolicySet::default() }, &alice_reads());
    assert_eq!(ev.decision, Decision::ImplicitDeny);
    let s = &ev.policies[0].statements[0];
    assert_eq!(s.principal, ElementMatch::NotMatched { why: Reason::NotPrincipalWithAllow });
}

#[test]
fn action_with_a_space_is_stored_by_aws_but_one_without_service_is_refused() {
    let parsed = parse_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get Object","GetObject"],"Resource":"*"}]}"#,
        PolicyId::new("p"),
        PolicyKind::Identity,
        DocId(0),
    );
    let stances: Vec<_> = parsed.diagnostics.iter().map(|d| (d.code, d.aws)).collect();
    assert_eq!(
        stances,
        [("policy/invalid-action", Some(AwsStance::Stores)), ("policy/invalid-action", Some(AwsStance::Refuses))]
    );
}

#[test]
fn a_value_that_is_not_a_policy_blocks_evaluation() {
    let parsed = parse_policy("[1]", PolicyId::new("p"), PolicyKind::Identity, DocId(0));
    assert!(parsed.diagnostics.iter().all(|d| d.code == "policy/not-object" && d.blocks_evaluation()));
}

#[test]
fn the_trace_budget_keeps_the_decision_and_counts_what_it_left_out() {
    let values: Vec<String> = (0..100).map(|i| format!("\"team{i}\"")).collect();
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
            "Condition":{{"ForAnyValue:StringEquals":{{"aws:PrincipalTag/teams":[{}]}}}}}}]}}"#,
        values.join(",")
    );
    let policy = parse_policy(&text, PolicyId::new("p"), PolicyKind::Identity, DocId(0)).policy.unwrap();
    let mut request = alice_reads();
    let tags: Vec<String> = (50..100).map(|i| format!("team{i}")).rev().collect();
    request.context.insert("aws:PrincipalTag/teams", crate::ContextValue::strings(tags));
    let ev = evaluate(&PolicySet { identity: vec![policy], ..PolicySet::default() }, &request);
    assert_eq!(ev.decision, Decision::Allowed, "every value is used, whatever the trace shows");
    let c = &ev.policies[0].statements[0].conditions[0];
    assert_eq!(c.policy_values.len(), crate::condition::MAX_TRACED_VALUES);
    assert_eq!(c.context_values.as_ref().map(Vec::len), Some(crate::condition::MAX_TRACED_VALUES));
    assert_eq!(c.omitted_values, 80 + 30);
}
