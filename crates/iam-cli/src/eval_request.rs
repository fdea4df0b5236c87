//! `iam-playground eval-request PATH...`: one JSON line per request file, in
//! path order, or a readable explanation with `--explain`.
//! Exit code: 0 when every file evaluated, 1 when any file had an error.

use crate::diagnostics::render_text;
use crate::explain::explain;
use crate::files::{expand, read_text};
use iam_core::{evaluate, parse_request_file, DocId, Evaluation, Expected};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
struct Determining<'a> {
    policy: &'a str,
    statement: usize,
    sid: Option<&'a str>,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    code: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct ExpectedOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    layer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statements: Option<&'a [String]>,
}

#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    layer: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    determining: Option<Vec<Determining<'a>>>,
    #[serde(rename = "awsRule", skip_serializing_if = "Option::is_none")]
    aws_rule: Option<&'static str>,
    /// Error codes of the policy documents the decision was computed over.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<ExpectedOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pass: Option<bool>,
}

impl<'a> Line<'a> {
    fn new(file: &'a str) -> Self {
        Line {
            file,
            decision: None,
            layer: None,
            determining: None,
            aws_rule: None,
            errors: Vec::new(),
            error: None,
            expected: None,
            pass: None,
        }
    }

    fn expect(mut self, expected: Option<&'a Expected>, pass: impl FnOnce(&Expected) -> bool) -> Self {
        if let Some(e) = expected {
            self.expected = Some(ExpectedOut {
                decision: e.decision.map(|d| d.as_str()),
                layer: e.layer.as_deref(),
                error: e.error.as_deref(),
                statements: e.statements.as_deref(),
            });
            self.pass = Some(pass(e));
        }
        self
    }

    fn print(&self) {
        match serde_json::to_string(self) {
            Ok(s) => outln!("{s}"),
            Err(e) => outln!(
                "{{\"file\":{:?},\"error\":{{\"code\":\"internal/serialize\",\"message\":{:?}}}}}",
                self.file,
                e.to_string()
            ),
        }
    }
}

fn evaluated_line<'a>(
    file: &'a str,
    evaluation: &'a Evaluation,
    errors: Vec<&'static str>,
    expected: Option<&'a Expected>,
) -> Line<'a> {
    let mut line = Line::new(file);
    line.decision = Some(evaluation.decision.as_str());
    line.layer = Some(evaluation.decided_by());
    line.aws_rule = evaluation.aws_rule.map(|r| r.as_str());
    line.determining = Some(
        evaluation
            .determining
            .iter()
            .map(|d| Determining { policy: &d.policy.0, statement: d.statement, sid: d.sid.as_deref() })
            .collect(),
    );
    let pass = |e: &Expected| e.met(Some(evaluation), &errors);
    line = line.expect(expected, pass);
    line.errors = errors;
    line
}

pub fn run(paths: &[PathBuf], explain_mode: bool) -> u8 {
    let mut any_error = false;
    for path in expand(paths) {
        let shown = path.display().to_string();
        let text = match read_text(&path) {
            Ok(t) => t,
            Err((code, message)) => {
                any_error = true;
                if explain_mode {
                    outln!("== {shown}\nerror[{code}]: {message}\n");
                } else {
                    let mut line = Line::new(&shown);
                    line.error = Some(ErrorOut { code, message: &message });
                    line.print();
                }
                continue;
            }
        };
        let parsed = parse_request_file(&text, DocId(0));
        let expected = parsed.expected.as_ref();
        match (parsed.evaluable(), parsed.blocking_error()) {
            (Some(file), _) => {
                let evaluation = evaluate(&file.policies, &file.request);
                let errors = parsed.document_errors();
                any_error |= !errors.is_empty();
                if explain_mode {
                    outp!("{}", explain(&shown, &text, file, expected, &evaluation, &parsed.diagnostics));
                } else {
                    evaluated_line(&shown, &evaluation, errors, expected).print();
                }
            }
            (None, first) => {
                any_error = true;
                let codes = parsed.error_codes();
                let (code, message) =
                    first.map_or(("request/invalid", "the file is invalid"), |d| (d.code, d.message.as_str()));
                if explain_mode {
                    outln!("== {shown}");
                    outp!("{}", render_text(&parsed.diagnostics, &text, &shown));
                } else {
                    let mut line = Line::new(&shown);
                    line.error = Some(ErrorOut { code, message });
                    line.expect(expected, |e| e.met(None, &codes)).print();
                }
            }
        }
    }
    u8::from(any_error)
}
