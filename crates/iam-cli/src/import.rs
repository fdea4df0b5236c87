//! `iam-playground import FILE`: the output of `aws iam
//! get-account-authorization-details` as a scenario, on standard output.
//! What was left out, and any problem of the file, go to standard error.

use crate::diagnostics::render_text;
use iam_core::import::{authorization_details_with, credential_report};
use iam_core::DocId;
use std::path::Path;

pub fn run(path: &Path, report_path: Option<&Path>) -> u8 {
    let shown = path.display().to_string();
    let text = match crate::files::read_text_up_to(path, crate::files::MAX_IMPORT_BYTES) {
        Ok(t) => t,
        Err((code, message)) => {
            errln!("error[{code}]: {message}");
            return 1;
        }
    };
    let report = match report_path {
        None => None,
        Some(p) => {
            let report_text = match crate::files::read_text(p) {
                Ok(t) => t,
                Err((code, message)) => {
                    errln!("error[{code}]: {message}");
                    return 1;
                }
            };
            let report = credential_report(&report_text, DocId(1));
            if !report.diagnostics.is_empty() {
                errp!("{}", render_text(&report.diagnostics, &report_text, &p.display().to_string()));
                return 1;
            }
            Some(report)
        }
    };
    let imported = authorization_details_with(&text, DocId(0), report.as_ref());
    if !imported.diagnostics.is_empty() {
        errp!("{}", render_text(&imported.diagnostics, &text, &shown));
    }
    let Some(scenario) = imported.scenario else { return 1 };
    let c = imported.counts;
    errln!("imported {} account{}: {}", c.accounts, if c.accounts == 1 { "" } else { "s" }, c.describe());
    if !imported.left_out.is_empty() {
        errln!("left out ({}):", imported.left_out.len());
        for l in &imported.left_out {
            errln!("  - {}: {}", l.what, l.why);
        }
    }
    outln!("{scenario}");
    u8::from(iam_core::has_errors(&imported.diagnostics))
}
