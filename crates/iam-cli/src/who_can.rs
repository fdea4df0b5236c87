//! `iam-playground who-can SCENARIO --action A --resource R`: every
//! principal of the scenario that can do it, each with the chain of role
//! assumptions that gets it there and the statements that allowed it.

use crate::Format;
use iam_core::analysis::who_can;
use serde_json::json;
use std::path::Path;

pub fn run(path: &Path, action: &str, resource: &str, format: Format) -> u8 {
    let shown = path.display().to_string();
    let Some(model) = crate::scenario::model(path) else { return 1 };
    let scenario = &model;
    let reach = who_can(scenario, action, resource);
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = reach
                .iter()
                .map(|r| {
                    json!({
                        "principal": r.principal,
                        "chain": r.chain.iter().map(|l| json!({ "from": l.from, "role": l.role, "with": l.with })).collect::<Vec<_>>(),
                        "deciding": r.deciding.iter().map(|d| json!({
                            "policy": d.policy.to_string(),
                            "statement": d.statement + 1,
                            "sid": d.sid.as_deref(),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            outln!("{}", serde_json::Value::Array(list));
        }
        Format::Text => {
            if reach.is_empty() {
                errln!("no principal of {shown} can do {action} on {resource}");
            }
            for r in &reach {
                outln!("{}", r.principal);
                for l in &r.chain {
                    let with = if l.with.is_empty() { String::new() } else { format!(" (with {})", l.with.join(", ")) };
                    outln!("  {} assumes {}{with}", l.from, l.role);
                }
                let deciding: Vec<String> = r.deciding.iter().map(|d| d.label()).collect();
                outln!("  allowed by {}", deciding.join(", "));
            }
        }
    }
    0
}
