//! The shape of decisions and traces.

use super::*;
use crate::condition::ConditionWhy;
use crate::explain::{Decision, ElementMatch, Reason, Verdict};
use crate::matching::arn::Segment;
use crate::policy::{parse_policy, PolicyId, PolicyKind};
use crate::{ContextValue, DocId, Span};

fn policy(text: &str, id: &str, kind: PolicyKind) -> Policy {
    let parsed = parse_policy(text, PolicyId::new(id), kind, DocId(0));
    assert!(!crate::has_errors(&parsed.diagnostics), "{:?}", parsed.diagnostics);
    parsed.policy.unwrap()
}

fn request(principal: &str, action: &str, resource: &str, context: &[(&str, &str)]) -> Request {
    let mut ctx = Context::default();
    for (k, v) in context {
        ctx.insert(k, ContextValue::string(v));
    }
    Request {
        caller: Caller::parse(principal, action).unwrap(),
        action: action.into(),
        resource: resource.into(),
        resource_account: None,
        context: ctx,
    }
}

const ALICE: &str = "arn:aws:iam::111111111111:user/alice";

#[test]
fn elements_after_a_failed_one_are_skipped() {
    let p = policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#,
        "id",
        PolicyKind::Identity,
    );
    let set = PolicySet { identity: vec![p], ..PolicySet::default() };
    let ev = evaluate(&set, &request(ALICE, "s3:GetObject", "arn:aws:s3:::b/k", &[]));
    let s = &ev.policies[0].statements[0];
    assert_eq!(s.principal, ElementMatch::Absent);
    // The reason points at the element's value, `"ec2:*"`.
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","#;
    let at = text.find("\"ec2:*\"").unwrap();
    assert_eq!(s.action, ElementMatch::NotMatched { why: Reason::ActionNotMatched { element: Span::new(at, at + 7) } });
    assert_eq!(s.resource, ElementMatch::Skipped);
    assert_eq!(s.condition, ElementMatch::Skipped);
    assert!(s.conditions.is_empty() && !s.applies);
    assert!(ev.missing_context.is_empty(), "a skipped condition references nothing");
}

#[test]
fn condition_trace_records_values_and_reason() {
    let p = policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":["dev","ops"]},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        "id",
        PolicyKind::Identity,
    );
    let set = PolicySet { identity: vec![p], ..PolicySet::default() };
    let ev = evaluate(&set, &request(ALICE, "s3:GetObject", "arn:aws:s3:::b/k", &[("aws:PrincipalTag/team", "qa")]));
    let c = &ev.policies[0].statements[0].conditions;
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].context_values, Some(vec!["qa".into()]));
    assert_eq!(c[0].policy_values, ["dev", "ops"]);
    assert_eq!(c[0].why, ConditionWhy::ValuesNotEqual);
    assert_eq!(c[1].context_values, None);
    assert_eq!(c[1].why, ConditionWhy::KeyMissing);
    assert_eq!(ev.missing_context, ["aws:MultiFactorAuthPresent"]);
    assert_eq!(ev.decision, Decision::ImplicitDeny);
}

#[test]
fn resource_mismatch_names_the_segment() {
    let p = policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-east-1:222222222222:table/T"}]}"#,
        "id",
        PolicyKind::Identity,
    );
    let set = PolicySet { identity: vec![p], ..PolicySet::default() };
    let ev =
        evaluate(&set, &request(ALICE, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111111111111:table/T", &[]));
    // The closest entry is the only one: its span is the string in the document.
    let ElementMatch::NotMatched { why: Reason::ResourceNotMatched { segment, closest: Some(entry) } } =
        ev.policies[0].statements[0].resource.clone()
    else {
        panic!("{:?}", ev.policies[0].statements[0].resource)
    };
    assert_eq!(segment, Segment::Account);
    assert_eq!(entry.hi() - entry.lo(), "\"arn:aws:dynamodb:us-east-1:222222222222:table/T\"".len());
    assert_eq!(
        Reason::ResourceNotMatched { segment: Segment::Account, closest: None }.describe(),
        "no `Resource` entry matches the resource (the closest differs in its account)"
    );
}

#[test]
fn unresolved_resource_variable_is_reported_as_missing_context() {
    let p = policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*"}]}"#,
        "id",
        PolicyKind::Identity,
    );
    let set = PolicySet { identity: vec![p], ..PolicySet::default() };
    let ev = evaluate(&set, &request(ALICE, "s3:GetObject", "arn:aws:s3:::b/alice/k", &[]));
    assert!(matches!(
        ev.policies[0].statements[0].resource,
        ElementMatch::NotMatched { why: Reason::ResourceVariableUnresolved { .. } }
    ));
    assert_eq!(ev.missing_context, ["aws:username"]);
}

#[test]
fn layers_come_in_aws_order_with_levels() {
    let full = || {
        policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            "scp",
            PolicyKind::Scp,
        )
    };
    let set = PolicySet {
        identity: vec![policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            "id",
            PolicyKind::Identity,
        )],
        scps: Some(vec![vec![full()], vec![]]),
        rcps: Some(vec![vec![]]),
        ..PolicySet::default()
    };
    let ev = evaluate(&set, &request(ALICE, "s3:GetObject", "arn:aws:s3:::b/k", &[]));
    let layers: Vec<(Layer, Option<usize>, Verdict)> =
        ev.layers.iter().map(|l| (l.layer, l.level, l.verdict)).collect();
    assert_eq!(
        layers,
        [
            (Layer::Rcp, Some(0), Verdict::Allows),
            (Layer::Scp, Some(0), Verdict::Allows),
            (Layer::Scp, Some(1), Verdict::ImplicitDeny),
            (Layer::ResourcePolicy, None, Verdict::NotApplicable),
            (Layer::IdentityPolicies, None, Verdict::Allows),
            (Layer::PermissionsBoundary, None, Verdict::NotApplicable),
            (Layer::SessionPolicy, None, Verdict::NotApplicable),
        ]
    );
    assert_eq!((ev.decision, ev.layer, ev.level), (Decision::ImplicitDeny, Layer::Scp, Some(1)));
}

#[test]
fn explicit_deny_lists_every_applicable_deny_in_layer_order() {
    let deny = |id: &str, kind| {
        policy(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"No","Effect":"Deny","Action":"*","Resource":"*"}]}"#,
            id,
            kind,
        )
    };
    let set = PolicySet {
        identity: vec![deny("id", PolicyKind::Identity)],
        boundary: Some(deny("pb", PolicyKind::Boundary)),
        scps: Some(vec![vec![deny("scp", PolicyKind::Scp)]]),
        ..PolicySet::default()
    };
    let ev = evaluate(&set, &request(ALICE, "s3:GetObject", "arn:aws:s3:::b/k", &[]));
    let ids: Vec<&str> = ev.determining.iter().map(|d| &*d.policy.0).collect();
    assert_eq!(ids, ["scp", "id", "pb"]);
    assert_eq!(ev.layer, Layer::Scp);
}

#[test]
fn same_input_gives_the_same_evaluation() {
    let p = || {
        policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":["a*","b*"]}}}]}"#,
            "id",
            PolicyKind::Identity,
        )
    };
    let req = request(ALICE, "s3:ListBucket", "arn:aws:s3:::b", &[("s3:prefix", "bx"), ("aws:z", "1"), ("aws:a", "2")]);
    let a = evaluate(&PolicySet { identity: vec![p()], ..PolicySet::default() }, &req);
    let b = evaluate(&PolicySet { identity: vec![p()], ..PolicySet::default() }, &req);
    assert_eq!(a, b);
}
