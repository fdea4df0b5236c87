//! Diagnostics: one shape for every problem the parsers and validators find.
//!
//! Core speaks UTF-8 byte offsets only. [`LineIndex`] converts them to
//! line/column or UTF-16 offsets, and is meant to be called at the edges
//! (CLI rendering, browser editor).

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's UTF-8 text.
/// Offsets are stored as `u32` (documents are far below 4 GiB) to keep traces small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span from byte offsets; offsets beyond `u32::MAX` saturate.
    pub fn new(start: usize, end: usize) -> Self {
        let clamp = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Span { start: clamp(start), end: clamp(end) }
    }

    /// The start offset as a `usize`.
    pub fn lo(self) -> usize {
        usize::try_from(self.start).unwrap_or(usize::MAX)
    }

    /// The end offset as a `usize`.
    pub fn hi(self) -> usize {
        usize::try_from(self.end).unwrap_or(usize::MAX)
    }

    /// The text under this span, or `""` when the span does not fit `text`.
    pub fn text(self, text: &str) -> &str {
        text.get(self.lo()..self.hi()).unwrap_or("")
    }
}

/// Which document a span points into. The caller that parses a text chooses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct DocId(pub u32);

/// The kind of a finding, as IAM Access Analyzer names them: an error (the
/// policy does not work as written), a security warning (it grants more
/// than meant), a warning (it does not follow the rules of good policy), a
/// suggestion (an improvement that changes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
}

impl Severity {
    pub fn describe(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }
}

/// The kind of each finding that is not a plain warning, by code (the
/// mapping of Access Analyzer's checks, reference §8.3): diagnostics keep
/// their codes and are sorted into the four kinds here, in one place.
fn warning_kind(code: &str) -> Severity {
    match code {
        // "ForAllValues with single valued key": an absent key makes it true.
        "condition/set-operator-on-single-valued-key" => Severity::SecurityWarning,
        // Empty arrays and objects, Null with a qualifier, a wildcard in a
        // service name, redundancy: no change in meaning.
        "condition/empty-values"
        | "condition/empty-object"
        | "condition/null-with-set-operator"
        | "policy/empty-array"
        | "policy/wildcard-in-service" => Severity::Suggestion,
        _ => Severity::Warning,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub doc: DocId,
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub primary: bool,
}

/// What AWS itself does with a policy document that has this error
/// (section 6.7 of the reference): refuse to store it, or store it and let the
/// offending value never match. Errors without a stance are about the file
/// around the documents (scenario or request format), not about AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AwsStance {
    /// IAM rejects the document when it is saved (MalformedPolicyDocument, LimitExceeded).
    Refuses,
    /// IAM stores the document; the value simply never matches a request.
    Stores,
}

impl AwsStance {
    /// A plain sentence for learners, shown beside the diagnostic.
    pub fn describe(self) -> &'static str {
        match self {
            AwsStance::Refuses => "AWS would refuse to store this policy (MalformedPolicyDocument)",
            AwsStance::Stores => "AWS stores this policy as written, but this value can never match a request",
        }
    }
}

/// A problem in the input, with a stable kebab-case code grouped by area
/// (`policy/missing-effect`, `condition/unknown-operator`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub labels: Vec<Label>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// For errors in policy documents: what AWS does with the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws: Option<AwsStance>,
    /// Text that could replace the primary span ("did you mean"), for a
    /// tool or an editor to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, doc: DocId, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, doc, span, message)
    }

    pub fn warning(code: &'static str, doc: DocId, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, doc, span, message)
    }

    /// A suggestion (see [`Severity`]).
    pub fn suggestion(code: &'static str, doc: DocId, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Suggestion, doc, span, message)
    }

    /// A security warning (see [`Severity`]).
    pub fn security_warning(code: &'static str, doc: DocId, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::SecurityWarning, doc, span, message)
    }

    fn new(code: &'static str, severity: Severity, doc: DocId, span: Span, message: impl Into<String>) -> Self {
        let severity = if severity == Severity::Warning { warning_kind(code) } else { severity };
        Diagnostic {
            code,
            severity,
            message: message.into(),
            labels: vec![Label { doc, span, message: None, primary: true }],
            help: None,
            aws: None,
            suggestion: None,
        }
    }

    /// A diagnostic whose help is given as text; empty `help` means none.
    pub fn build(
        severity: Severity,
        code: &'static str,
        doc: DocId,
        span: Span,
        message: impl Into<String>,
        help: &str,
    ) -> Self {
        let d = Self::new(code, severity, doc, span, message);
        if help.is_empty() {
            d
        } else {
            d.with_help(help)
        }
    }

    /// The replacement for the primary span, written as JSON text (a quoted
    /// string where the span covers one), with its help.
    pub fn with_suggestion(mut self, replacement: impl Into<String>) -> Self {
        self.suggestion = Some(replacement.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label, e.g. pointing at the first of two duplicates.
    pub fn with_label(mut self, doc: DocId, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { doc, span, message: Some(message.into()), primary: false });
        self
    }

    /// The primary label's span (every diagnostic built here has one).
    pub fn span(&self) -> Span {
        self.labels.iter().find(|l| l.primary).map(|l| l.span).unwrap_or_default()
    }

    /// Records what AWS does with the document that has this error.
    pub fn with_aws(mut self, stance: AwsStance) -> Self {
        self.aws = Some(stance);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// An error that leaves nothing to evaluate: the text is not JSON, or the
    /// file around the policies (request or scenario) cannot be read. Errors in
    /// policy documents do not block: their statements still have a meaning.
    pub fn blocks_evaluation(&self) -> bool {
        self.is_error() && self.aws.is_none()
    }
}

/// The codes of the errors in policy documents, each once, in order: the
/// documents a decision was computed over that AWS would refuse or never match.
pub fn document_error_codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    error_codes(diagnostics.iter().filter(|d| d.aws.is_some()))
}

/// The codes of the errors among `diagnostics`, each once, in order.
pub fn error_codes<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    for d in diagnostics.filter(|d| d.is_error()) {
        if !codes.contains(&d.code) {
            codes.push(d.code);
        }
    }
    codes
}

/// True when any error leaves nothing to evaluate.
pub fn blocks_evaluation(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::blocks_evaluation)
}

/// Orders diagnostics as they appear in the text (stable for equal positions).
pub fn sort_by_position(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.span().start);
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// A one-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Converts byte offsets of one text to line/column and UTF-16 offsets.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// One byte is one character and one UTF-16 unit: positions need no counting.
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts, ascii: text.is_ascii() }
    }

    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Zero-based line number containing `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// One-based line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.clamp(offset);
        let line = self.line_of(offset);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = if self.ascii {
            offset.saturating_sub(start)
        } else {
            self.text.get(start..offset).map_or(0, |s| s.chars().count())
        } + 1;
        LineCol { line: line + 1, column }
    }

    /// The byte range of the one-based lines `first..=last`, without the final terminator.
    pub fn lines_range(&self, first: usize, last: usize) -> (usize, usize) {
        let start = self.line_starts.get(first.saturating_sub(1)).copied().unwrap_or(0);
        let end = self.line_starts.get(last).map_or(self.text.len(), |next| next.saturating_sub(1));
        (start.min(self.text.len()), end.max(start).min(self.text.len()))
    }

    /// The text of the one-based line `line`, without its line terminator.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let end = self.line_starts.get(line).map_or(self.text.len(), |next| next - 1);
        let text = self.text.get(start..end).unwrap_or("");
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// The UTF-16 code-unit offset of a byte offset, as a browser textarea counts.
    pub fn utf16_offset(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        if self.ascii {
            return offset;
        }
        self.text.get(..offset).map_or(0, |s| s.encode_utf16().count())
    }

    /// The byte offset of a UTF-16 offset (rounded down to a character boundary).
    pub fn byte_offset_of_utf16(&self, utf16: usize) -> usize {
        let mut units = 0;
        for (i, c) in self.text.char_indices() {
            if units + c.len_utf16() > utf16 {
                return i;
            }
            units += c.len_utf16();
        }
        self.text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_multibyte_text_gives_char_columns() {
        let text = "{\n  \"é\": \"😀x\"\n}";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(index.line_col(x), LineCol { line: 2, column: 10 });
        assert_eq!(index.line_text(2), "  \"é\": \"😀x\"");
        // 😀 is two UTF-16 units but four bytes
        assert_eq!(index.utf16_offset(x), 12);
        assert_eq!(index.byte_offset_of_utf16(12), x);
    }

    #[test]
    fn line_index_offset_past_end_is_clamped() {
        let index = LineIndex::new("ab\ncd");
        assert_eq!(index.line_col(99), LineCol { line: 2, column: 3 });
        assert_eq!(index.line_text(1), "ab");
    }

    #[test]
    fn span_text_out_of_range_is_empty() {
        assert_eq!(Span::new(2, 9).text("abc"), "");
        assert_eq!(Span::new(1, 3).text("abc"), "bc");
    }
}
