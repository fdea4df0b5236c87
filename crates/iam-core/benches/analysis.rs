//! Whole-model questions on a large account: 500 users, 2,000 roles,
//! 3,000 customer managed policies, 50 groups. Some users may assume some
//! roles, some roles trust services, and a few roles are administrators.
//! Run: `cargo bench -p iam-core --bench analysis`.
#![expect(clippy::expect_used, reason = "the benchmark fixture is generated and known to be valid")]

use iam_core::analysis::{explore, findings, matrix, who_can, who_can_in, Columns};
use iam_core::scenario::{parse_scenario, Scenario};
use iam_core::{has_errors, DocId};
use std::hint::black_box;

fn main() {
    divan::main();
}

const ACCOUNT: &str = "111122223333";

fn scenario() -> Scenario {
    let policies: Vec<String> = (0..3000)
        .map(|p| {
            let extra = if p % 100 == 0 {
                format!(r#", {{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::{ACCOUNT}:role/r{}*"}}"#, p / 100)
            } else {
                String::new()
            };
            format!(
                r#""P{p}": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": ["s3:GetObject", "dynamodb:Query"], "Resource": ["arn:aws:s3:::bucket-{p}/*", "arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/t{p}"]}}{extra}]}}"#
            )
        })
        .collect();
    let groups: Vec<String> =
        (0..50).map(|g| format!(r#"{{"name": "g{g}", "policies": ["P{}", "P{}"]}}"#, g * 60, g * 60 + 1)).collect();
    let users: Vec<String> = (0..500)
        .map(|u| format!(r#"{{"name": "u{u}", "groups": ["g{}"], "policies": ["P{}"]}}"#, u % 50, (u * 6) % 3000))
        .collect();
    let roles: Vec<String> = (0..2000)
        .map(|r| {
            let trust = if r % 4 == 0 {
                r#"{"Service": "lambda.amazonaws.com"}"#.to_string()
            } else {
                format!(r#"{{"AWS": "arn:aws:iam::{ACCOUNT}:root"}}"#)
            };
            let policy = if r % 500 == 0 { "arn:aws:iam::aws:policy/AdministratorAccess".to_string() } else { format!("P{}", (r * 3) % 3000) };
            format!(
                r#"{{"name": "r{r}", "trust_policy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {trust}, "Action": "sts:AssumeRole"}}]}}, "policies": ["{policy}"]}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"version": 1, "accounts": [{{"id": "{ACCOUNT}", "policies": {{{}}}, "groups": [{}], "users": [{}], "roles": [{}]}}], "steps": []}}"#,
        policies.join(","),
        groups.join(","),
        users.join(","),
        roles.join(",")
    );
    let parsed = parse_scenario(&text, DocId(0));
    assert!(!has_errors(&parsed.diagnostics), "{:?}", parsed.diagnostics.first());
    parsed.scenario.expect("the generated scenario reads")
}

#[divan::bench(sample_count = 5)]
fn who_can_read_one_object(bencher: divan::Bencher) {
    let s = scenario();
    let found = who_can(&s, "s3:GetObject", "arn:aws:s3:::bucket-60/report.csv");
    assert!(!found.is_empty());
    bencher.bench(|| who_can(black_box(&s), "s3:GetObject", "arn:aws:s3:::bucket-60/report.csv"));
}

/// Finding every principal once (users, and the roles they can reach).
#[divan::bench(sample_count = 5)]
fn explore_the_model(bencher: divan::Bencher) {
    let s = scenario();
    bencher.bench(|| explore(black_box(&s)));
}

/// One who-can question of a model already explored.
#[divan::bench(sample_count = 10)]
fn who_can_query(bencher: divan::Bencher) {
    let s = scenario();
    let explored = explore(&s);
    bencher.bench(|| who_can_in(&explored, black_box(&s), "s3:GetObject", "arn:aws:s3:::bucket-60/report.csv"));
}

#[divan::bench(sample_count = 3)]
fn every_finding(bencher: divan::Bencher) {
    let s = scenario();
    bencher.bench(|| findings(black_box(&s)));
}

/// A full principals × actions grid for one service (every S3 action, on
/// one object) of a model already explored.
#[divan::bench(sample_count = 5)]
fn matrix_of_one_service(bencher: divan::Bencher) {
    let s = scenario();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/aws-catalogue/catalogue.json"))
        .expect("the bundled catalogue is in the repository");
    let catalogue = iam_core::catalogue::Catalogue::parse(&text).expect("the bundled catalogue reads");
    let explored = explore(&s);
    let columns = Columns::Actions { prefix: "s3".into(), resource: "arn:aws:s3:::bucket-60/report.csv".into() };
    let m = matrix(&explored, &s, &catalogue, &columns).expect("s3 is in the catalogue");
    assert!(!m.rows.is_empty());
    eprintln!(
        "matrix: {} principals shown ({} others), {} actions shown ({} others), {} steps run",
        m.rows.len(),
        m.other_principals,
        m.columns.len(),
        m.other_columns,
        m.evaluated
    );
    bencher.bench(|| matrix(&explored, black_box(&s), &catalogue, &columns));
}
