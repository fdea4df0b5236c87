//! `iam-playground check FILE --type TYPE`.

use crate::diagnostics::{render_text, summary, to_json};
use crate::files::read_text;
use crate::Format;
use iam_core::{has_errors, parse_policy, DocId, PolicyId, PolicyKind};
use serde_json::json;
use std::path::Path;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    Identity,
    Resource,
    Trust,
    Scp,
    Rcp,
    Boundary,
    Session,
}

impl KindArg {
    fn kind(self) -> PolicyKind {
        match self {
            KindArg::Identity => PolicyKind::Identity,
            KindArg::Resource => PolicyKind::Resource,
            KindArg::Trust => PolicyKind::Trust,
            KindArg::Scp => PolicyKind::Scp,
            KindArg::Rcp => PolicyKind::Rcp,
            KindArg::Boundary => PolicyKind::Boundary,
            KindArg::Session => PolicyKind::Session,
        }
    }
}

/// Exit code: 0 without errors (warnings allowed), 1 with errors.
pub fn run(path: &Path, kind: KindArg, format: Format) -> u8 {
    let shown = path.display().to_string();
    let text = match read_text(path) {
        Ok(t) => t,
        Err((code, message)) => {
            match format {
                Format::Json => outln!("{}", json!({ "file": shown, "error": { "code": code, "message": message } })),
                Format::Text => eprintln!("error[{code}]: {message}"),
            }
            return 1;
        }
    };
    let parsed = parse_policy(&text, PolicyId::new(shown.as_str()), kind.kind(), DocId(0));
    match format {
        Format::Json => {
            let diagnostics: Vec<_> = parsed.diagnostics.iter().map(|d| to_json(d, &text)).collect();
            outln!("{}", json!({ "file": shown, "type": kind.kind(), "diagnostics": diagnostics }));
        }
        Format::Text => {
            outp!("{}", render_text(&parsed.diagnostics, &text, &shown));
            outln!("{shown}: {}", summary(&parsed.diagnostics));
        }
    }
    u8::from(has_errors(&parsed.diagnostics))
}
