//! The answer to "why?" for every step of every example and scenario test,
//! snapshotted: the sentences a learner reads on the step card, in the CLI
//! and in the JSON output. A change of wording, of the closest statement or
//! of the values quoted shows up here.
#![expect(clippy::unwrap_used, reason = "fixtures are part of the repository and must parse")]

use iam_core::scenario::{parse_scenario, run_scenario};
use iam_core::DocId;
use std::fmt::Write;
use std::path::Path;

fn summaries(dir: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(dir);
    let mut paths: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut out = String::new();
    for path in paths {
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
