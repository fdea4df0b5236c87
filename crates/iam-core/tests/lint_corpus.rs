//! The lint corpus (`tests/lint/*.json`): for each policy, exactly the
//! catalogue findings it must draw (code, the text under the span, and help
//! when given); cases with none guard against false positives. One run
//! reports every failing file.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test code fails loudly")]

use iam_core::catalogue::Catalogue;
use iam_core::lint::lint_policy;
use iam_core::{parse_policy, DocId, PolicyId, PolicyKind};
use std::path::PathBuf;

fn corpus() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/lint");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/lint exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_lint_case_draws_exactly_its_findings() {
    let catalogue = Catalogue::parse(include_str!("../data/aws-catalogue/catalogue.json")).unwrap();
    let files = corpus();
    assert!(files.len() >= 20, "the corpus has a case per check and its guards");
    let mut failures = Vec::new();
    for file in &files {
        let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        assert!(
            case["description"].is_string() && case["source"].is_string(),
            "{}: description and source",
            file.display()
        );
        let text = serde_json::to_string(&case["policy"]).unwrap();
        let kind = PolicyKind::parse(case["type"].as_str().unwrap()).unwrap();
        let policy = parse_policy(&text, PolicyId::new("p"), kind, DocId(0)).policy.unwrap();
        let got: Vec<serde_json::Value> = lint_policy(&policy, &catalogue)
            .iter()
            .map(|d| serde_json::json!({"code": d.code, "text": d.span().text(&text), "help": d.help}))
            .collect();
        let want = case["expect"].as_array().unwrap();
        let same = got.len() == want.len()
            && got.iter().zip(want).all(|(g, w)| {
                g["code"] == w["code"] && g["text"] == w["text"] && (w.get("help").is_none() || g["help"] == w["help"])
            });
        if !same {
            failures.push(format!("{}: expected {want:?}, got {got:?}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{} of {} lint cases failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}
