//! `iam-playground check FILE --type TYPE`.

use crate::diagnostics::{render_text, summary, to_json};
use crate::files::read_text;
use crate::Format;
use iam_core::{has_errors, parse_policy, DocId, PolicyId, PolicyKind};
use serde_json::json;
use std::path::Path;

/// Parses `--type`: the policy kinds core knows, by their lower-case names.
pub fn parse_kind(text: &str) -> Result<PolicyKind, String> {
    PolicyKind::parse(text)
        .ok_or_else(|| "expected one of identity, resource, trust, scp, rcp, boundary, session".to_string())
}

/// Exit code: 0 without errors (warnings allowed), 1 with errors.
pub fn run(path: &Path, kind: PolicyKind, format: Format) -> u8 {
    let shown = path.display().to_string();
    let text = match read_text(path) {
        Ok(t) => t,
        Err((code, message)) => {
            match format {
                Format::Json => outln!("{}", json!({ "file": shown, "error": { "code": code, "message": message } })),
                Format::Text => errln!("error[{code}]: {message}"),
            }
            return 1;
        }
    };
    let mut parsed = parse_policy(&text, PolicyId::new(shown.as_str()), kind, DocId(0));
    match (&parsed.policy, crate::catalogue::bundled()) {
        (Some(policy), Ok(catalogue)) => {
            parsed.diagnostics.extend(iam_core::lint::lint_policy(policy, catalogue));
            iam_core::sort_by_position(&mut parsed.diagnostics);
        }
        (_, Err(e)) => errln!("warning: {e}; the catalogue checks are skipped"),
        (None, Ok(_)) => {}
    }
    match format {
        Format::Json => {
            // Streamed one diagnostic at a time, so memory stays flat however many there are.
            let index = iam_core::LineIndex::new(&text);
            let head = json!({ "file": shown, "type": kind }).to_string();
            outp!("{},\"diagnostics\":[", head.trim_end_matches('}'));
            for (i, d) in parsed.diagnostics.iter().enumerate() {
                outp!("{}{}", if i > 0 { "," } else { "" }, to_json(d, &text, &index));
            }
            outln!("]}}");
        }
        Format::Text => {
            outp!("{}", render_text(&parsed.diagnostics, &text, &shown));
            outln!("{shown}: {}", summary(&parsed.diagnostics));
        }
    }
    u8::from(has_errors(&parsed.diagnostics))
}
