//! `iam-playground import FILE`: the output of `aws iam
//! get-account-authorization-details` as a scenario, on standard output,
//! optionally with a credential report and an Organizations export; or one
//! bare policy document, as the inline policy of a user. What was left out,
//! and any problem of the files, go to standard error.

use crate::diagnostics::render_text;
use iam_core::import::{
    authorization_details_with, credential_report, is_policy_document, organization, policy_document, with_organization,
};
use iam_core::DocId;
use std::path::Path;

/// Reads a second input file, or says why it cannot be read.
fn read(path: &Path) -> Option<String> {
    match crate::files::read_text_up_to(path, crate::files::MAX_IMPORT_BYTES) {
        Ok(t) => Some(t),
        Err((code, message)) => {
            errln!("error[{code}]: {message}");
            None
        }
    }
}

/// The scenario `scenario` with the organization of the export at `path`.
fn add_organization(scenario: String, path: &Path) -> Option<String> {
    let text = read(path)?;
    let imported = organization(&text, DocId(2));
    if !imported.diagnostics.is_empty() {
        errp!("{}", render_text(&imported.diagnostics, &text, &path.display().to_string()));
    }
    let org = imported.organization?;
    errln!("imported an organization: {}", imported.counts.describe());
    if !imported.left_out.is_empty() {
        errln!("left out of the organization ({}):", imported.left_out.len());
        for l in &imported.left_out {
            errln!("  - {}: {}", l.what, l.why);
        }
    }
    match with_organization(&scenario, &org) {
        Ok(merged) => Some(merged),
        Err(why) => {
            errln!("error[import/organization]: the organization could not be added: {why}");
            None
        }
    }
}

pub fn run(path: &Path, report_path: Option<&Path>, organization_path: Option<&Path>) -> u8 {
    let shown = path.display().to_string();
    let text = match crate::files::read_text_up_to(path, crate::files::MAX_IMPORT_BYTES) {
        Ok(t) => t,
        Err((code, message)) => {
            errln!("error[{code}]: {message}");
            return 1;
        }
    };
    if is_policy_document(&text) && report_path.is_none() && organization_path.is_none() {
        return match policy_document(&text, DocId(0)) {
            Ok(scenario) => {
                outp!("{scenario}");
                errln!("imported a policy document, as the inline policy Imported of the user me");
                0
            }
            Err(d) => {
                errp!("{}", render_text(&[d], &text, &shown));
                1
            }
        };
    }
    let report = match report_path {
        None => None,
        Some(p) => {
            let Some(report_text) = read(p) else { return 1 };
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
    let scenario = match organization_path {
        None => scenario,
        Some(p) => match add_organization(scenario, p) {
            Some(merged) => merged,
            None => return 1,
        },
    };
    outln!("{}", scenario.trim_end());
    u8::from(iam_core::has_errors(&imported.diagnostics))
}
