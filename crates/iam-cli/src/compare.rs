//! `iam-playground compare SCENARIO --user U [--action A --resource R]`:
//! the user beside a role with the same permissions, each difference read
//! from the evaluation.

use crate::Format;
use iam_core::analysis::{compare_user_with_role, CompareError};
use serde_json::json;
use std::path::Path;

pub fn run(path: &Path, user: &str, request: Option<(&str, &str)>, format: Format) -> u8 {
    let Some(model) = crate::scenario::model(path) else { return 1 };
    let c = match compare_user_with_role(&model, user, request) {
        Ok(c) => c,
        Err(CompareError::UnknownUser { closest }) => {
            errln!("error[analysis/unknown-user]: no user of {} is `{user}`", path.display());
            if let Some(c) = closest {
                errln!("help: did you mean `{c}`?");
            }
            return 1;
        }
        Err(CompareError::NotRun(why)) => {
            errln!("error[analysis/not-compared]: {why}");
            return 1;
        }
    };
    match format {
        Format::Json => {
            let facts: Vec<serde_json::Value> =
                c.facts.iter().map(|f| json!({ "topic": f.topic, "user": f.user, "role": f.role })).collect();
            outln!(
                "{}",
                json!({ "user": c.user, "role": c.role, "session": c.session, "action": c.action, "resource": c.resource, "facts": facts })
            );
        }
        Format::Text => {
            outln!("{} beside {} (session {}), asking {} on {}", c.user, c.role, c.session, c.action, c.resource);
            for f in &c.facts {
                outln!("\n{}\n  user: {}\n  role: {}", f.topic, f.user, f.role);
            }
        }
    }
    0
}
