//! What the app derives from the scenario text: diagnostics and step results.

use iam_core::scenario::{parse_scenario, run_scenario, StepResult};
use iam_core::{has_errors, Diagnostic, DocId, LineIndex};

#[derive(Debug, Clone, PartialEq)]
pub struct DiagnosticView {
    pub code: &'static str,
    pub error: bool,
    pub message: String,
    pub help: Option<String>,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
pub struct Analysis {
    pub diagnostics: Vec<DiagnosticView>,
    /// `None` when errors block evaluation.
    pub results: Option<Vec<StepResult>>,
    pub title: Option<String>,
}

impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        self.diagnostics == other.diagnostics
            && self.title == other.title
            && self.results.as_ref().map(|r| r.iter().map(|s| (s.decision, s.pass)).collect::<Vec<_>>())
                == other.results.as_ref().map(|r| r.iter().map(|s| (s.decision, s.pass)).collect::<Vec<_>>())
    }
}

fn view(d: &Diagnostic, index: &LineIndex<'_>) -> DiagnosticView {
    let span = d.span();
    let at = index.line_col(span.lo());
    DiagnosticView {
        code: d.code,
        error: d.is_error(),
        message: d.message.clone(),
        help: d.help.clone(),
        start: span.lo(),
        end: span.hi().max(span.lo() + 1),
        line: at.line,
        column: at.column,
    }
}

pub fn analyse(text: &str) -> Analysis {
    let parsed = parse_scenario(text, DocId(0));
    let index = LineIndex::new(text);
    let diagnostics = parsed.diagnostics.iter().map(|d| view(d, &index)).collect();
    let title = parsed.scenario.as_ref().and_then(|s| s.title.clone());
    let results = match (&parsed.scenario, has_errors(&parsed.diagnostics)) {
        (Some(s), false) => Some(run_scenario(s)),
        _ => None,
    };
    Analysis { diagnostics, results, title }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::EXAMPLES;

    #[test]
    fn every_bundled_example_runs_and_passes() {
        for e in EXAMPLES {
            let a = analyse(e.text);
            let results = a.results.unwrap_or_else(|| panic!("{}: {:?}", e.file, a.diagnostics));
            assert!(results.iter().all(|r| r.pass == Some(true)), "{}", e.file);
        }
    }

    #[test]
    fn errors_block_results_and_carry_line_and_column() {
        let a = analyse("{\n  \"version\": 1,\n  \"acounts\": []\n}");
        assert!(a.results.is_none());
        let d = &a.diagnostics[0];
        assert_eq!((d.code, d.line, d.column), ("scenario/unknown-field", 3, 3));
    }
}
