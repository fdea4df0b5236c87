//! The suggestions corpus (tests/suggestions): cases where the best edit is
//! known. Each file holds a scenario, the step asked about, and the first
//! suggestion it must get: its sentence, whether it grants broadly, and the
//! decision it leads to. The edit is also applied and run again here.

use iam_core::scenario::suggest::{apply, suggestions};
use iam_core::scenario::{parse_scenario, run_scenario_through, StepResult};
use iam_core::{blocks_evaluation, DocId};
use std::path::Path;

fn run(text: &str, count: usize) -> Option<Vec<StepResult>> {
    let parsed = parse_scenario(text, DocId(0));
    if blocks_evaluation(&parsed.diagnostics) {
        return None;
    }
    parsed.scenario.as_ref().map(|s| run_scenario_through(s, count))
}

#[test]
fn the_best_suggestion_of_each_corpus_case_is_the_known_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/suggestions");
    let mut paths: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().map(|e| e.path()).collect();
    paths.sort();
    assert!(paths.len() >= 10, "{} cases", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let text = serde_json::to_string_pretty(&case["scenario"]).unwrap();
        let step = usize::try_from(case["step"].as_u64().unwrap()).unwrap() - 1;
        let results = run(&text, usize::MAX).unwrap_or_else(|| panic!("{}: the scenario does not run", path.display()));
        let found = suggestions(&text, DocId(0), &results, step, &run);
        let want = &case["best"];
        let Some(best) = found.first() else {
            failures.push(format!("{}: no suggestion", path.display()));
            continue;
        };
        let got = serde_json::json!({
            "description": best.description,
            "grantsBroadly": best.grants_broadly,
            "decision": best.decision.as_str(),
        });
        if &got != want {
            failures.push(format!("{}:\n  want {want}\n  got  {got}", path.display()));
            continue;
        }
        // Applied, it flips the step as it says.
        let edited = apply(&text, &best.edits).unwrap();
        let after = run(&edited, step + 1).unwrap()[step].decision;
        assert_eq!(after, Some(best.decision), "{}", path.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
