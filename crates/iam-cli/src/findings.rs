//! `iam-playground findings SCENARIO`: what is risky in a whole model.

use crate::diagnostics::render_text;
use crate::files::read_text;
use crate::Format;
use iam_core::analysis::findings;
use iam_core::blocks_evaluation;
use serde_json::json;
use std::path::Path;

pub fn run(path: &Path, format: Format) -> u8 {
    let shown = path.display().to_string();
    let text = match read_text(path) {
        Ok(t) => t,
        Err((code, message)) => {
            errln!("error[{code}]: {message}");
            return 1;
        }
    };
    let parsed = crate::catalogue::parse_scenario(&text);
    let scenario = match (&parsed.scenario, blocks_evaluation(&parsed.diagnostics)) {
        (Some(s), false) => s,
        _ => {
            errp!("{}", render_text(&parsed.diagnostics, &text, &shown));
            return 1;
        }
    };
    let found = findings(scenario);
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = found
                .iter()
                .map(|f| {
                    let mut v = json!({ "code": f.code, "kind": f.kind, "message": f.message, "subject": f.subject });
                    if let (Some(path), Some(object)) = (&f.path, v.as_object_mut()) {
                        object.insert("path".into(), json!(path));
                    }
                    v
                })
                .collect();
            outln!("{}", serde_json::Value::Array(list));
        }
        Format::Text => {
            for f in &found {
                outln!("{}[{}] {}: {}", f.kind.describe(), f.code, f.subject, f.message);
                for (i, step) in f.path.iter().flatten().enumerate() {
                    outln!("  {}. {step}", i + 1);
                }
            }
            errln!("{} finding{} in {shown}", found.len(), if found.len() == 1 { "" } else { "s" });
        }
    }
    0
}
