//! Scenario files with expected outcomes (tests/scenarios and examples): every
//! step of every file must state an expectation and meet it. Each step's
//! answer to "why?" is snapshotted too: the sentences a learner reads on the
//! step card, in the CLI and in the JSON output.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly on unreadable fixtures")]

use iam_core::scenario::{parse_scenario, run_scenario};
use iam_core::{has_errors, DocId};
use std::fmt::Write;
use std::path::Path;

fn files(dir: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(dir);
    let mut out: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    out.sort();
    out
}

fn check(dir: &str, minimum: usize) {
    let paths = files(dir);
    assert!(paths.len() >= minimum, "{dir}: {} files", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let parsed = parse_scenario(&text, DocId(0));
        if has_errors(&parsed.diagnostics) {
            failures.push(format!(
                "{}: {:?}",
                path.display(),
                parsed.diagnostics.iter().map(|d| (d.code, &d.message)).collect::<Vec<_>>()
            ));
            continue;
        }
        for r in run_scenario(parsed.scenario.as_ref().unwrap()) {
            if r.pass != Some(true) {
                failures.push(format!(
                    "{} step {} `{}`: {:?} (expected {:?})",
                    path.display(),
                    r.index + 1,
                    r.name,
                    r.outcome,
                    r.expected
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn scenario_tests_meet_their_expectations() {
    check("tests/scenarios", 4);
}

#[test]
fn examples_meet_their_expectations() {
    check("examples", 9);
}

/// Every step's sentences, file by file.
fn summaries(dir: &str) -> String {
    let mut out = String::new();
    for path in files(dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario = parse_scenario(&text, DocId(0)).scenario.unwrap();
        let _ = writeln!(out, "# {}", path.file_name().unwrap().to_string_lossy());
        for r in run_scenario(&scenario) {
            let _ = writeln!(out, "{}. {}", r.index + 1, r.name);
            for sentence in r.summary() {
                let _ = writeln!(out, "   {sentence}");
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn every_example_step_says_why() {
    insta::assert_snapshot!(summaries("examples"));
}

#[test]
fn every_scenario_test_step_says_why() {
    insta::assert_snapshot!(summaries("tests/scenarios"));
}
