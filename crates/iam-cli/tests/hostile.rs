//! Hostile input: generated (never checked in), each run through the binary
//! under a memory ceiling, and held to a time budget that is a ratio of a
//! baseline run of a small input in the same test (not an absolute time).
//! Every input must end in a decision or a clear error, never a crash.
#![cfg(unix)]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly when the binary or a temp file is unusable")]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// Virtual memory the binary may use, in KiB (ulimit -v): 1 GiB.
const MEMORY_CEILING_KIB: u64 = 1024 * 1024;
/// How many baseline runs a hostile input may take (test binaries are debug
/// builds, about ten times slower than release; a blow-up is a thousandfold).
const RATIO: u32 = 1000;

fn write_temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iam-playground-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs the binary under the memory ceiling: (stdout, exit code, elapsed).
fn run(args: &[&str]) -> (String, Option<i32>, Duration) {
    let bin = env!("CARGO_BIN_EXE_iam-playground");
    let script = format!("ulimit -v {MEMORY_CEILING_KIB}; exec \"$0\" \"$@\"");
    let started = Instant::now();
    let out = Command::new("sh").arg("-c").arg(script).arg(bin).args(args).output().unwrap();
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code(), started.elapsed())
}

fn baseline() -> Duration {
    let small = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/cases/evaluation/identity-allow.json");
    (0..3).map(|_| run(&["eval-request", small]).2).min().unwrap()
}

/// Runs a hostile input and checks it ends cleanly within the budget.
fn check(name: &str, args: &[&str], budget: Duration) -> String {
    let (stdout, code, elapsed) = run(args);
    assert!(matches!(code, Some(0 | 1)), "{name}: exit {code:?} (a crash or a signal)");
    assert!(elapsed <= budget, "{name}: {elapsed:?}, over the budget of {budget:?}");
    stdout
}

fn policy(statements: &[String]) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, statements.join(","))
}

#[test]
fn hostile_inputs_end_in_a_decision_or_a_clear_error_within_budget() {
    let budget = baseline() * RATIO;

    // 20,000 errors: rendering is linear, and text output draws 200 of them.
    let errors: Vec<String> =
        (0..20_000).map(|_| r#"{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}"#.to_string()).collect();
    let path = write_temp("errors.json", &policy(&errors));
    let text = check("many errors, text", &["check", path.to_str().unwrap(), "--type", "identity"], budget);
    assert!(text.contains("… and 19801 more diagnostics"), "{}", &text[text.len().saturating_sub(300)..]);
    let json = check(
        "many errors, json",
        &["check", path.to_str().unwrap(), "--type", "identity", "--format", "json"],
        budget,
    );
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["diagnostics"].as_array().map(Vec::len), Some(20_001), "every error and the size quota");

    // 30,000 statements with Sids: the duplicate-Sid check is O(n log n).
    let sids: Vec<String> = (0..30_000)
        .map(|i| format!(r#"{{"Sid": "S{i}", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/{i}"}}"#))
        .collect();
    let path = write_temp("sids.json", &policy(&sids));
    let out = check("many Sids", &["check", path.to_str().unwrap(), "--type", "resource"], budget);
    assert!(out.contains("0 errors, 0 warnings"), "{out}");

    // Variables that would multiply: 400 per resource, a 4,096-character value.
    let resource = format!("arn:aws:s3:::b/{}", "${aws:username}".repeat(400));
    let statements: Vec<String> = (0..50)
        .map(|_| {
            format!(
                r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [{}]}}"#,
                vec![format!("\"{resource}\""); 10].join(",")
            )
        })
        .collect();
    let file = format!(
        r#"{{"request": {{"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k",
           "context": {{"aws:username": "{}"}}}}, "resource_policy": null, "identity_policies": [{}]}}"#,
        "x".repeat(4096),
        policy(&statements)
    );
    let out =
        check("multiplying variables", &["eval-request", write_temp("vars.json", &file).to_str().unwrap()], budget);
    assert!(out.contains("\"decision\":\"implicitDeny\""), "{out}");

    // Statements times resources: 40 statements of 2,000 resources, 20 steps.
    let resources: Vec<String> = (0..2000).map(|j| format!("\"arn:aws:s3:::b/{j}\"")).collect();
    let statement =
        format!(r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [{}]}}"#, resources.join(","));
    let steps: Vec<String> = (0..20)
        .map(|k| format!(r#"{{"name": "s{k}", "request": {{"principal": "arn:aws:iam::111111111111:user/u", "action": "s3:GetObject", "resource": "arn:aws:s3:::c/x"}}, "expect": "implicitDeny"}}"#))
        .collect();
    let scenario = format!(
        r#"{{"version": 1, "accounts": [{{"id": "111111111111", "users": [{{"name": "u", "inline_policies": {{"P": {}}}}}]}}], "steps": [{}]}}"#,
        policy(&vec![statement; 40]),
        steps.join(",")
    );
    let out = check("amplification", &["eval", write_temp("amplify.json", &scenario).to_str().unwrap()], budget);
    assert!(out.contains("implicitDeny"), "{out}");

    // A thousand steps over 400 statements: past the run's trace budget,
    // later steps keep only the statements that apply, so memory stays flat.
    let statements: Vec<String> = (0..400)
        .map(|i| {
            format!(
                r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b{i}/*"}}"#
            )
        })
        .collect();
    let steps: Vec<String> = (0..1000)
        .map(|k| format!(r#"{{"name": "s{k}", "request": {{"principal": "arn:aws:iam::111111111111:user/u", "action": "s3:GetObject", "resource": "arn:aws:s3:::b0/x"}}, "expect": "allowed"}}"#))
        .collect();
    let scenario = format!(
        r#"{{"version": 1, "accounts": [{{"id": "111111111111", "policies": {{"P": {}}}, "users": [{{"name": "u", "policies": ["P"]}}]}}], "steps": [{}]}}"#,
        policy(&statements),
        steps.join(",")
    );
    let path = write_temp("thousand-steps.json", &scenario);
    let out = check("a thousand steps", &["eval", "--explain", path.to_str().unwrap()], budget);
    assert!(out.contains("… and 399 more statements that did not apply"), "the explanation says what it left out");
    assert!(!out.contains("FAIL"), "every step meets its expectation");

    // One step more than the ceiling: a clear error.
    let steps = vec![steps.first().cloned().unwrap_or_default(); 1001];
    let scenario = format!(r#"{{"version": 1, "steps": [{}]}}"#, steps.join(","));
    let out =
        check("too many steps", &["eval", write_temp("too-many-steps.json", &scenario).to_str().unwrap()], budget);
    assert!(out.contains("scenario/too-many-steps") && out.contains("at most 1000"), "{out}");

    // Nesting 100,000 levels deep: an error, not a stack overflow.
    let out = check(
        "deep nesting",
        &["eval-request", write_temp("deep.json", &"[".repeat(100_000)).to_str().unwrap()],
        budget,
    );
    assert!(out.contains("nesting deeper than 128 levels"), "{out}");

    // 20,000 unknown fields in a scenario.
    let fields: Vec<String> = (0..20_000).map(|i| format!("\"oops{i}\": {i}")).collect();
    let out = check(
        "unknown fields",
        &["eval", write_temp("fields.json", &format!("{{\"version\": 1, {}}}", fields.join(","))).to_str().unwrap()],
        budget,
    );
    assert!(out.contains("scenario/unknown-field"), "{}", &out[..out.len().min(300)]);

    // A pathological wildcard pattern against the longest ARN.
    let pattern = format!("arn:aws:s3:::b/{}b", "*a".repeat(500));
    let file = format!(
        r#"{{"request": {{"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/{}"}},
           "identity_policies": [{}]}}"#,
        "a".repeat(2000),
        policy(&[format!(r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "{pattern}"}}"#)])
    );
    let out = check("pathological glob", &["eval-request", write_temp("glob.json", &file).to_str().unwrap()], budget);
    assert!(out.contains("\"decision\":\"implicitDeny\""), "{out}");
}
