//! The IAM credential report: `aws iam get-credential-report` prints
//! `{"Content": "<base64 CSV>", "ReportFormat": "text/csv", …}`; the CSV
//! itself (decoded) is accepted too. It says, per user, whether they have a
//! console password and MFA, and how old their access keys are.

use crate::diag::{Diagnostic, DocId, Span};
use crate::values::{parse_date, Instant};
use base64::Engine;

/// One user's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub user: String,
    pub arn: String,
    pub password: bool,
    pub mfa: bool,
    /// The active access keys (1 and 2) with when each was last rotated.
    pub keys: Vec<(u8, Option<Instant>)>,
}

/// The rows of the report, and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub rows: Vec<Row>,
    /// When AWS made the report (`GeneratedTime`, in the JSON form only).
    pub generated: Option<Instant>,
    pub diagnostics: Vec<Diagnostic>,
}

const COLUMNS: [&str; 4] = ["user", "arn", "password_enabled", "mfa_active"];

/// The CSV of `text` and the report's time: the report's JSON envelope
/// decoded, or `text` itself.
fn csv_of(text: &str, doc: DocId) -> Result<(String, Option<Instant>), Diagnostic> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') {
        return Ok((text.to_string(), None));
    }
    let refuse = |message: &str| {
        Diagnostic::error("import/not-credential-report", doc, Span::new(0, text.len().min(1)), message.to_string())
            .with_help("run `aws iam generate-credential-report`, then `aws iam get-credential-report > report.json`")
    };
    let (root, _) = crate::json::parse(text, doc);
    let content = root.as_ref().and_then(|r| r.get("Content")).and_then(|c| c.as_str()).map(str::to_string);
    let generated = root.as_ref().and_then(|r| r.get("GeneratedTime")).and_then(|t| t.as_str()).and_then(parse_date);
    let Some(content) = content else {
        return Err(refuse("this JSON is not a credential report: it has no `Content`"));
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .map_err(|_| refuse("the report's `Content` is not base64"))?;
    let csv = String::from_utf8(bytes).map_err(|_| refuse("the report's `Content` is not UTF-8 text"))?;
    Ok((csv, generated))
}

/// Reads a credential report (document `doc`).
pub fn credential_report(text: &str, doc: DocId) -> Report {
    let (csv, generated) = match csv_of(text, doc) {
        Ok(found) => found,
        Err(d) => return Report { rows: Vec::new(), generated: None, diagnostics: vec![d] },
    };
    let mut lines = csv.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().map(|h| h.split(',').map(str::trim).collect()).unwrap_or_default();
    let column = |name: &str| header.iter().position(|h| *h == name);
    if COLUMNS.iter().any(|c| column(c).is_none()) {
        let d = Diagnostic::error(
            "import/not-credential-report",
            doc,
            Span::new(0, text.len().min(1)),
            format!("this is not a credential report: its first line must name the columns {}", COLUMNS.join(", ")),
        );
        return Report { rows: Vec::new(), generated, diagnostics: vec![d] };
    }
    let mut rows = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let cell = |name: &str| column(name).and_then(|i| cells.get(i)).copied().unwrap_or("");
        let key = |n: u8| {
            let active = cell(&format!("access_key_{n}_active")) == "true";
            active.then(|| (n, parse_date(cell(&format!("access_key_{n}_last_rotated")))))
        };
        rows.push(Row {
            user: cell("user").to_string(),
            arn: cell("arn").to_string(),
            password: cell("password_enabled") == "true",
            mfa: cell("mfa_active") == "true",
            keys: [key(1), key(2)].into_iter().flatten().collect(),
        });
    }
    Report { rows, generated, diagnostics: Vec::new() }
}
