//! A scenario with 200 principals, 500 policies and 100 steps, run natively.
//! Run: `cargo bench -p iam-core --bench scenario`.
#![expect(clippy::expect_used, reason = "the benchmark fixture is generated and known to be valid")]

use iam_core::scenario::{parse_scenario, run_scenario};
use iam_core::{has_errors, DocId};
use std::fmt::Write;
use std::hint::black_box;

fn main() {
    divan::main();
}

/// 150 users and 50 roles (200 principals) in two accounts, 500 customer
/// managed policies, 100 steps: 40 requests by users, 30 role assumptions and
/// 30 requests by the sessions they create.
fn scenario_text() -> String {
    let mut accounts = String::new();
    for (a, account) in ["111111111111", "222222222222"].iter().enumerate() {
        let mut policies = Vec::new();
        for p in 0..250 {
            policies.push(format!(
                r#""P{p}": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": ["s3:GetObject", "dynamodb:Query"], "Resource": ["arn:aws:s3:::bucket-{p}/*", "arn:aws:dynamodb:eu-west-1:{account}:table/t{p}"], "Condition": {{"StringEquals": {{"aws:PrincipalTag/team": "t{t}"}}}}}}, {{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}]}}"#,
                t = p % 10
            ));
        }
        let users: Vec<String> = (0..75)
            .map(|u| {
                format!(
                    r#"{{"name": "u{u}", "tags": {{"team": "t{}"}}, "policies": ["P{}", "P{}", "P{}"]}}"#,
                    u % 10,
                    u % 250,
                    (u * 7) % 250,
                    (u * 13) % 250
                )
            })
            .collect();
        let roles: Vec<String> = (0..25)
            .map(|r| format!(r#"{{"name": "r{r}", "tags": {{"team": "t{}"}}, "policies": ["P{}", "P{}"], "trust_policy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{account}:root"}}, "Action": "sts:AssumeRole"}}]}}}}"#, r % 10, r * 10 % 250, (r * 3) % 250))
            .collect();
        if a > 0 {
            accounts.push(',');
        }
        let _ = write!(
            accounts,
            r#"{{"id": "{account}", "policies": {{{}}}, "users": [{}], "roles": [{}]}}"#,
            policies.join(","),
            users.join(","),
            roles.join(",")
        );
    }
    let mut steps = Vec::new();
    for i in 0..40 {
        steps.push(format!(r#"{{"name": "read {i}", "request": {{"principal": "arn:aws:iam::111111111111:user/u{i}", "action": "s3:GetObject", "resource": "arn:aws:s3:::bucket-{i}/k"}}}}"#));
    }
    for i in 0..30 {
        steps.push(format!(r#"{{"name": "assume {i}", "id": "s{i}", "assume_role": {{"caller": "arn:aws:iam::222222222222:user/u{i}", "role": "arn:aws:iam::222222222222:role/r{}", "session_name": "u{i}"}}}}"#, i % 25));
        steps.push(format!(r#"{{"name": "use {i}", "request": {{"principal": "session:s{i}", "action": "dynamodb:Query", "resource": "arn:aws:dynamodb:eu-west-1:222222222222:table/t{}"}}}}"#, i * 10 % 250));
    }
    format!(r#"{{"version": 1, "accounts": [{accounts}], "steps": [{}]}}"#, steps.join(","))
}

#[divan::bench(sample_count = 50)]
fn run_200_principals_500_policies_100_steps(bencher: divan::Bencher) {
    let text = scenario_text();
    let parsed = parse_scenario(&text, DocId(0));
    assert!(!has_errors(&parsed.diagnostics), "{:?}", parsed.diagnostics.first());
    let scenario = parsed.scenario.expect("parsed");
    assert_eq!(scenario.steps.len(), 100);
    let allowed = run_scenario(&scenario).iter().filter(|r| r.decision == Some(iam_core::Decision::Allowed)).count();
    // 40 reads and 30 role assumptions succeed; the session requests mix allows and denies
    assert!(allowed >= 70, "only {allowed} steps allowed: the fixture is not doing real work");
    bencher.bench(|| black_box(run_scenario(black_box(&scenario))).len());
}

#[divan::bench(sample_count = 20)]
fn parse_and_run_200_principals_500_policies_100_steps(bencher: divan::Bencher) {
    let text = scenario_text();
    bencher.bench(|| {
        let parsed = parse_scenario(black_box(&text), DocId(0));
        black_box(parsed.scenario.map(|s| run_scenario(&s).len()))
    });
}

/// What would change each answer, for every step of the biggest example
/// (break-glass-admin, 9 steps): every candidate edit is proven by reading
/// and running the edited scenario up to its step. The browser's budget is
/// 50 ms for one step; this is all of them.
#[divan::bench(sample_count = 20)]
fn suggestions_for_every_step_of_the_biggest_example(bencher: divan::Bencher) {
    use iam_core::scenario::{run_scenario_through, suggest::suggestions};
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/break-glass-admin.json"))
        .expect("the example is in the repository");
    let run = |text: &str, count: usize| {
        let parsed = parse_scenario(text, DocId(0));
        parsed.scenario.filter(|_| !has_errors(&parsed.diagnostics)).map(|s| run_scenario_through(&s, count))
    };
    let results = run(&text, usize::MAX).expect("the example runs");
    let found: usize = (0..results.len()).map(|i| suggestions(&text, DocId(0), &results, i, &run).len()).sum();
    // Steps 1, 3, 5, 8 and 9 have one or two each.
    assert!(found >= 5, "only {found} suggestions: the fixture is not doing real work");
    bencher.bench(|| {
        (0..results.len())
            .map(|i| black_box(suggestions(black_box(&text), DocId(0), &results, i, &run)).len())
            .sum::<usize>()
    });
}

/// About 1 MB of scenario, as the browser's typing measure builds it:
/// break-glass-admin with users added, each with an inline policy of two
/// statements (about 3,200 users).
fn megabyte_text() -> String {
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/break-glass-admin.json"))
        .expect("the example is in the repository");
    let mut users = String::new();
    let mut n = 0;
    while base.len() + users.len() < 960_000 {
        let _ = write!(
            users,
            r#"{{"name": "user{n}", "inline_policies": {{"P{n}": {{"Version": "2012-10-17", "Statement": [
  {{"Sid": "Read{n}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::bucket-{n}", "arn:aws:s3:::bucket-{n}/*"]}},
  {{"Sid": "Logs{n}", "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:eu-west-1:111111111111:log-group:/app/{n}:*"}}]}}}}}},
"#
        );
        n += 1;
    }
    let text = base.replacen("\"users\": [", &format!("\"users\": [{users}"), 1);
    assert!(text.len() > 900_000 && text.contains("\"user100\""), "the fixture did not grow");
    text
}

/// One keystroke in the middle of a 1 MB scenario, the whole text read again
/// (what the browser's worker did before reading in part).
#[divan::bench(sample_count = 20)]
fn keystroke_at_1mb_read_whole(bencher: divan::Bencher) {
    let text = megabyte_text();
    let at = text.find("\"Sid\": \"Read1600\"").expect("user 1600") + 9;
    let typed = format!("{}x{}", &text[..at], &text[at..]);
    bencher.bench(|| black_box(parse_scenario(black_box(&typed), DocId(0))).diagnostics.len());
}

/// The same keystroke, reading again only the policy document it is in and
/// moving every position after it.
#[divan::bench(sample_count = 20)]
fn keystroke_at_1mb_read_in_part(bencher: divan::Bencher) {
    use iam_core::scenario::reparse_scenario;
    let text = megabyte_text();
    let at = text.find("\"Sid\": \"Read1600\"").expect("user 1600") + 9;
    let typed = format!("{}x{}", &text[..at], &text[at..]);
    let parsed = parse_scenario(&text, DocId(0));
    assert!(reparse_scenario(&text, parsed.clone(), &typed, DocId(0)).is_some(), "the keystroke is read in part");
    bencher.with_inputs(|| parsed.clone()).bench_values(|old| {
        black_box(reparse_scenario(&text, old, black_box(&typed), DocId(0))).map(|p| p.diagnostics.len())
    });
}
