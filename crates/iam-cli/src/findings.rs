//! `iam-playground findings SCENARIO`: what is risky in a whole model.

use crate::Format;
use iam_core::analysis::findings;
use serde_json::json;
use std::path::Path;

pub fn run(path: &Path, format: Format) -> u8 {
    let shown = path.display().to_string();
    let Some(model) = crate::scenario::model(path) else { return 1 };
    let scenario = &model;
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
