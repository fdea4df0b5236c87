//! Checking a policy against the AWS catalogue: the cost a keystroke pays
//! for the lints, on a 6 KB identity policy (the managed-policy quota), and
//! reading the catalogue once. Run: `cargo bench -p iam-core --bench lint`.
#![expect(clippy::expect_used, reason = "benchmark fixtures are fixed and known to be valid")]

use iam_core::catalogue::Catalogue;
use iam_core::lint::lint_policy;
use iam_core::{parse_policy, DocId, PolicyId, PolicyKind};
use std::hint::black_box;

const CATALOGUE: &str = include_str!("../data/aws-catalogue/catalogue.json");

fn main() {
    divan::main();
}

/// About 6 KB: 21 statements of real actions, ARNs and conditions, one typo.
fn policy_6kb() -> String {
    let statements: Vec<String> = (0..21)
        .map(|i| {
            let actions = match i % 4 {
                0 => r#"["s3:GetObject", "s3:PutObject", "s3:ListBucket"]"#,
                1 => r#"["ec2:StartInstances", "ec2:StopInstances", "ec2:Describe*"]"#,
                2 => r#"["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItme"]"#,
                _ => r#"["iam:PassRole", "sts:AssumeRole"]"#,
            };
            format!(
                r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": {actions}, "Resource": ["arn:aws:s3:::bucket-{i}/*", "arn:aws:ec2:eu-west-1:111111111111:instance/i-{i}"], "Condition": {{"StringEquals": {{"aws:PrincipalTag/team": "dev", "aws:RequestedRegion": "eu-west-1"}}}}}}"#
            )
        })
        .collect();
    format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, statements.join(","))
}

#[divan::bench(sample_count = 200, sample_size = 1)]
fn lint_a_6kb_policy(bencher: divan::Bencher) {
    let catalogue = Catalogue::parse(CATALOGUE).expect("the bundled catalogue reads");
    let text = policy_6kb();
    assert!((5500..7000).contains(&text.len()), "{} bytes", text.len());
    let policy = parse_policy(&text, PolicyId::new("p"), PolicyKind::Identity, DocId(0)).policy.expect("parses");
    assert_eq!(lint_policy(&policy, &catalogue).iter().filter(|d| d.code == "lint/unknown-action").count(), 5);
    bencher.bench(|| black_box(lint_policy(black_box(&policy), &catalogue).len()));
}

/// The inverse view of the same policy: what each Allow statement's actions
/// come to, by service and access level (also computed on every keystroke).
#[divan::bench(sample_count = 200, sample_size = 1)]
fn grants_of_a_6kb_policy(bencher: divan::Bencher) {
    let catalogue = Catalogue::parse(CATALOGUE).expect("the bundled catalogue reads");
    let text = policy_6kb().replace("dynamodb:PutItme", "dynamodb:PutItem");
    let policy = parse_policy(&text, PolicyId::new("p"), PolicyKind::Identity, DocId(0)).policy.expect("parses");
    assert_eq!(catalogue.statement_grants(&policy).len(), 21, "every statement's actions are known");
    bencher.bench(|| black_box(catalogue.statement_grants(black_box(&policy)).len()));
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn read_the_catalogue(bencher: divan::Bencher) {
    bencher.bench(|| black_box(Catalogue::parse(black_box(CATALOGUE)).map(|c| c.action_count())));
}
