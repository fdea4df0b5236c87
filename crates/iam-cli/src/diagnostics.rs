//! Rendering diagnostics for terminals (annotated snippets) and as JSON with
//! line/column positions. Byte spans become positions only here.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use iam_core::{Diagnostic, LineIndex, Severity};
use serde_json::{json, Value};

pub fn render_text(diagnostics: &[Diagnostic], text: &str, path: &str) -> String {
    let renderer = Renderer::plain();
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut snippet = Snippet::source(text).line_start(1).path(path);
        for label in &d.labels {
            let kind = if label.primary { AnnotationKind::Primary } else { AnnotationKind::Context };
            let range = label.span.lo().min(text.len())..label.span.hi().min(text.len());
            snippet = snippet.annotation(kind.span(range).label(label.message.as_deref().unwrap_or("")));
        }
        let mut report = vec![level.primary_title(&d.message).id(d.code).element(snippet)];
        if let Some(stance) = d.aws {
            report.push(Group::with_title(Level::NOTE.secondary_title(stance.describe())));
        }
        if let Some(help) = &d.help {
            report.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
        }
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out
}

pub fn to_json(d: &Diagnostic, text: &str) -> Value {
    let index = LineIndex::new(text);
    let span = d.span();
    let start = index.line_col(span.lo());
    let end = index.line_col(span.hi());
    json!({
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        "help": d.help,
        "aws": d.aws,
        "line": start.line,
        "column": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "span": { "start": span.start, "end": span.end },
        "text": span.text(text),
    })
}

/// `N errors, M warnings`, for the end of a text report.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}
