//! The conformance corpus: every `tests/cases/**/*.json` request file is
//! evaluated and compared with its expected outcome. Every failing file is
//! reported, not just the first.

use iam_core::{evaluate, parse_request_file, DocId};
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Checks one case file; `Err` says what went wrong.
fn check(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("unreadable: {e}"))?;
    let parsed = parse_request_file(&text, DocId(0));
    let expected = parsed.expected.clone().ok_or_else(|| {
        format!("no `expected` (diagnostics: {:?})", parsed.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>())
    })?;
    let errors = parsed.error_codes();
    match parsed.evaluable() {
        Some(file) => {
            let ev = evaluate(&file.policies, &file.request);
            if expected.met(Some(&ev), &errors) {
                Ok(())
            } else {
                let sids: Vec<_> = ev.determining.iter().map(|d| d.sid.as_deref().unwrap_or("-")).collect();
                Err(format!(
                    "expected {:?}/{:?}/{:?}/{:?}, got {} at {} by {sids:?} with errors {errors:?}",
                    expected.decision.map(|d| d.as_str()),
                    expected.layer,
                    expected.statements,
                    expected.error,
                    ev.decision.as_str(),
                    ev.layer.as_str()
                ))
            }
        }
        None => {
            if expected.met(None, &errors) {
                Ok(())
            } else {
                let message = parsed.blocking_error().map_or(String::new(), |d| d.message.clone());
                Err(format!(
                    "expected {:?}, got no decision, errors {errors:?}: {message}",
                    expected.decision.map(|d| d.as_str()).or(expected.error.as_deref())
                ))
            }
        }
    }
}

#[test]
fn corpus_every_case_meets_its_expectation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| check(f).err().map(|e| format!("{}: {e}", f.strip_prefix(&root).unwrap_or(f).display())))
        .collect();
    println!("corpus: {} passed, {} failed", files.len() - failures.len(), failures.len());
    assert!(failures.is_empty(), "{} of {} corpus cases failed:\n{}", failures.len(), files.len(), failures.join("\n"));
    assert!(files.len() >= 300, "the corpus should hold at least 300 cases, found {}", files.len());
}
