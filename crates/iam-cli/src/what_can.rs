//! `iam-playground what-can SCENARIO --principal P`: the actions a
//! principal may do, by service and access level, from the catalogue.

use crate::Format;
use iam_core::analysis::{what_can, WhatCanError};
use serde_json::json;
use std::path::Path;

pub fn run(path: &Path, principal: &str, format: Format) -> u8 {
    let Some(model) = crate::scenario::model(path) else { return 1 };
    let catalogue = match crate::catalogue::bundled() {
        Ok(c) => c,
        Err(e) => {
            errln!("error[catalogue/unreadable]: {e}");
            return 1;
        }
    };
    let access = match what_can(&model, catalogue, principal) {
        Ok(a) => a,
        Err(WhatCanError::UnknownPrincipal { closest }) => {
            errln!(
                "error[analysis/unknown-principal]: no user of {}, and no role its principals can reach, is `{principal}`",
                path.display()
            );
            if let Some(c) = closest {
                errln!("help: did you mean `{c}`?");
            }
            return 1;
        }
    };
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = access
                .iter()
                .map(|a| {
                    json!({
                        "service": a.service,
                        "prefix": a.prefix,
                        "levels": a.levels.iter().map(|(level, actions)| json!({
                            "level": level,
                            "actions": actions.iter().map(|(action, resources)| json!({ "action": action, "resources": resources })).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            outln!("{}", serde_json::Value::Array(list));
        }
        Format::Text => {
            if access.is_empty() {
                errln!("`{principal}` may do nothing in {}", path.display());
            }
            for a in &access {
                let counts: Vec<String> =
                    a.levels.iter().map(|(l, actions)| format!("{} {}", actions.len(), l.describe())).collect();
                outln!("{} ({}): {}", a.service, a.prefix, counts.join(", "));
                for (level, actions) in &a.levels {
                    let names: Vec<&str> =
                        actions.iter().map(|(n, _)| n.split_once(':').map_or(n.as_str(), |(_, x)| x)).collect();
                    outln!("  {}: {}", level.describe(), names.join(", "));
                }
            }
        }
    }
    0
}
