//! Evaluations per second: (a) a small request with 3 policies, (b) a large one
//! with 20 policies of 50 statements with conditions; each with policy parsing
//! included and with pre-parsed policies. Run: `cargo bench -p iam-core`.
#![expect(clippy::expect_used, reason = "benchmark fixtures are fixed and known to be valid")]

use iam_core::{
    evaluate, parse_policy, Caller, Context, ContextValue, DocId, PolicyId, PolicyKind, PolicySet, Request,
};
use std::hint::black_box;

fn main() {
    divan::main();
}

const SMALL_IDENTITY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::team-docs", "arn:aws:s3:::team-docs/home/${aws:username}/*"]},
  {"Sid": "DenyOutsideOffice", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#;
const SMALL_BOUNDARY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:Describe*"], "Resource": "*"}]}"#;
const SMALL_BUCKET: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::team-docs/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#;

fn large_policy(p: usize) -> String {
    let statements: Vec<String> = (0..50)
        .map(|s| {
            let effect = if s % 10 == 9 { "Deny" } else { "Allow" };
            format!(
                r#"{{"Sid": "S{p}x{s}", "Effect": "{effect}", "Action": ["svc{p}:Action{s}", "s3:Get*{s}"], "Resource": "arn:aws:s3:::bucket-{p}-{s}/*", "Condition": {{"StringEquals": {{"aws:PrincipalTag/team": ["dev", "ops{s}"]}}, "IpAddress": {{"aws:SourceIp": ["203.0.113.0/24", "198.51.{s}.0/24"]}}, "DateLessThan": {{"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}}}}"#
            )
        })
        .collect();
    format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, statements.join(","))
}

fn parse(text: &str, id: &str, kind: PolicyKind) -> iam_core::Policy {
    parse_policy(text, PolicyId(id.into()), kind, DocId(0)).policy.expect("fixture parses")
}

fn request(action: &str, resource: &str) -> Request {
    let mut context = Context::default();
    context.insert("aws:username", ContextValue::string("alice"));
    context.insert("aws:SourceIp", ContextValue::string("203.0.113.5"));
    context.insert("aws:SecureTransport", ContextValue::bool(true));
    context.insert("aws:PrincipalTag/team", ContextValue::string("dev"));
    context.insert("aws:CurrentTime", ContextValue::string("2026-11-22T10:00:00Z"));
    Request {
        caller: Caller::parse("arn:aws:iam::111111111111:user/alice", action).expect("fixture caller"),
        action: action.into(),
        resource: resource.into(),
        resource_account: None,
        context,
    }
}

fn small_set() -> PolicySet {
    PolicySet {
        identity: vec![parse(SMALL_IDENTITY, "identity", PolicyKind::Identity)],
        boundary: Some(parse(SMALL_BOUNDARY, "boundary", PolicyKind::Boundary)),
        resource: Some(parse(SMALL_BUCKET, "bucket", PolicyKind::Resource)),
        ..PolicySet::default()
    }
}

const SMALL_RESOURCE: &str = "arn:aws:s3:::team-docs/home/alice/notes.txt";
// Matches statements in the last policy only, so every statement is visited.
const LARGE_ACTION: &str = "s3:GetObject49";
const LARGE_RESOURCE: &str = "arn:aws:s3:::bucket-19-48/key";

#[divan::bench(sample_count = 1000, sample_size = 10)]
fn a_small_parse_and_evaluate(bencher: divan::Bencher) {
    let req = request("s3:GetObject", SMALL_RESOURCE);
    bencher.bench(|| {
        let set = small_set();
        black_box(evaluate(&set, black_box(&req)).decision)
    });
}

#[divan::bench(sample_count = 1000, sample_size = 10)]
fn a_small_evaluate_only(bencher: divan::Bencher) {
    let req = request("s3:GetObject", SMALL_RESOURCE);
    let set = small_set();
    bencher.bench(|| black_box(evaluate(black_box(&set), black_box(&req)).decision));
}

#[divan::bench(sample_count = 100, sample_size = 1)]
fn b_large_parse_and_evaluate(bencher: divan::Bencher) {
    let texts: Vec<String> = (0..20).map(large_policy).collect();
    let req = request(LARGE_ACTION, LARGE_RESOURCE);
    bencher.bench(|| {
        let set = PolicySet {
            identity: texts.iter().enumerate().map(|(i, t)| parse(t, &format!("p{i}"), PolicyKind::Identity)).collect(),
            ..PolicySet::default()
        };
        black_box(evaluate(&set, black_box(&req)).decision)
    });
}

#[divan::bench(sample_count = 1000, sample_size = 10)]
fn b_large_evaluate_only(bencher: divan::Bencher) {
    let texts: Vec<String> = (0..20).map(large_policy).collect();
    let set = PolicySet {
        identity: texts.iter().enumerate().map(|(i, t)| parse(t, &format!("p{i}"), PolicyKind::Identity)).collect(),
        ..PolicySet::default()
    };
    let req = request(LARGE_ACTION, LARGE_RESOURCE);
    let traced: usize = evaluate(&set, &req).policies.iter().map(|p| p.statements.len()).sum();
    assert_eq!(traced, 20 * 50, "the fixture is 20 policies of 50 statements, all traced");
    bencher.bench(|| black_box(evaluate(black_box(&set), black_box(&req)).decision));
}

/// Where parsing time goes: reading the JSON text into the document tree
/// alone, for the large fixture (the rest of `b_large_parse_and_evaluate`
/// is lowering to the policy model and evaluating).
#[divan::bench(sample_count = 100, sample_size = 1)]
fn b_large_json_only(bencher: divan::Bencher) {
    let texts: Vec<String> = (0..20).map(large_policy).collect();
    bencher.bench(|| {
        for t in &texts {
            black_box(iam_core::document::parse(black_box(t), DocId(0)).0.is_some());
        }
    });
}

/// Where the small case's time goes: its three policies parsed, nothing evaluated.
#[divan::bench(sample_count = 1000, sample_size = 10)]
fn a_small_parse_only(bencher: divan::Bencher) {
    bencher.bench(|| black_box(small_set()));
}

/// Where the small case's time goes: its three documents read as JSON trees only.
#[divan::bench(sample_count = 1000, sample_size = 10)]
fn a_small_json_only(bencher: divan::Bencher) {
    bencher.bench(|| {
        for t in [SMALL_IDENTITY, SMALL_BOUNDARY, SMALL_BUCKET] {
            black_box(iam_core::document::parse(black_box(t), DocId(0)).0.is_some());
        }
    });
}

/// A yardstick for the reader above: serde_json's own tree of the same texts
/// (which keeps no spans and finds no duplicate keys).
#[divan::bench(sample_count = 1000, sample_size = 10)]
fn a_small_serde_json(bencher: divan::Bencher) {
    bencher.bench(|| {
        for t in [SMALL_IDENTITY, SMALL_BOUNDARY, SMALL_BUCKET] {
            black_box(serde_json::from_str::<serde_json::Value>(black_box(t)).is_ok());
        }
    });
}
