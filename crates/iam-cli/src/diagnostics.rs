//! Rendering diagnostics for terminals (annotated snippets) and as JSON with
//! line/column positions. Byte spans become positions only here.
//!
//! Rendering is linear in the output: one line index per document, and each
//! diagnostic shows only the lines it points at (a window of a very long
//! line). At most [`MAX_SHOWN`] diagnostics are drawn as snippets; the rest
//! are counted, and `--format json` lists them all.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use iam_core::{Diagnostic, LineIndex, Severity};
use serde_json::{json, Value};

/// How many diagnostics a text report draws.
pub const MAX_SHOWN: usize = 200;

/// Past this many bytes, a line is shown as a window around the span.
const LONG_LINE: usize = 1000;
const WINDOW: usize = 160;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn render_one(renderer: &Renderer, d: &Diagnostic, text: &str, index: &LineIndex<'_>, path: &str) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::SecurityWarning => Level::WARNING.with_name("security warning"),
        Severity::Warning => Level::WARNING,
        Severity::Suggestion => Level::HELP.with_name("suggestion"),
    };
    let lo = d.labels.iter().map(|l| l.span.lo()).min().unwrap_or(0).min(text.len());
    let hi = d.labels.iter().map(|l| l.span.hi()).max().unwrap_or(0).clamp(lo, text.len());
    let first = index.line_col(lo);
    let (mut start, mut end) = index.lines_range(first.line, index.line_col(hi).line);
    let clipped = end - start > LONG_LINE;
    if clipped {
        start = floor_boundary(text, start.max(lo.saturating_sub(WINDOW)));
        end = ceil_boundary(text, end.min(lo + 2 * WINDOW).max(start));
    }
    let excerpt = text.get(start..end).unwrap_or("");
    let mut snippet = Snippet::source(excerpt).line_start(index.line_col(start).line);
    if !clipped {
        snippet = snippet.path(path);
    }
    for label in &d.labels {
        let kind = if label.primary { AnnotationKind::Primary } else { AnnotationKind::Context };
        let a = label.span.lo().clamp(start, end) - start;
        let b = label.span.hi().clamp(start, end) - start;
        snippet = snippet.annotation(kind.span(a..b.max(a)).label(label.message.as_deref().unwrap_or("")));
    }
    let mut report = vec![level.primary_title(&d.message).id(d.code).element(snippet)];
    if clipped {
        let at = format!("at {path}:{}:{} (a window of a long line)", first.line, first.column);
        report.push(Group::with_title(Level::NOTE.secondary_title(at)));
    }
    if let Some(stance) = d.aws {
        report.push(Group::with_title(Level::NOTE.secondary_title(stance.describe())));
    }
    if let Some(help) = &d.help {
        report.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
    }
    renderer.render(&report)
}

pub fn render_text(diagnostics: &[Diagnostic], text: &str, path: &str) -> String {
    let renderer = Renderer::plain();
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics.iter().take(MAX_SHOWN) {
        out.push_str(&render_one(&renderer, d, text, &index, path));
        out.push_str("\n\n");
    }
    if diagnostics.len() > MAX_SHOWN {
        out.push_str(&format!(
            "… and {} more diagnostics in {path} (`--format json` lists them all)\n\n",
            diagnostics.len() - MAX_SHOWN
        ));
    }
    out
}

pub fn to_json(d: &Diagnostic, text: &str, index: &LineIndex<'_>) -> Value {
    let span = d.span();
    let start = index.line_col(span.lo());
    let end = index.line_col(span.hi());
    json!({
        "code": d.code,
        "kind": d.severity,
        "severity": d.severity,
        "message": d.message,
        "help": d.help,
        "aws": d.aws,
        "line": start.line,
        "column": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "span": { "start": span.start, "end": span.end, "line": start.line, "column": start.column },
        "suggestion": d.suggestion,
        "text": span.text(text),
    })
}

/// `N errors, M warnings`, for the end of a text report, with security
/// warnings and suggestions when there are any.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let count = |kind: Severity| diagnostics.iter().filter(|d| d.severity == kind).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![plural(count(Severity::Error), "error")];
    if count(Severity::SecurityWarning) > 0 {
        parts.push(plural(count(Severity::SecurityWarning), "security warning"));
    }
    parts.push(plural(count(Severity::Warning), "warning"));
    if count(Severity::Suggestion) > 0 {
        parts.push(plural(count(Severity::Suggestion), "suggestion"));
    }
    parts.join(", ")
}
