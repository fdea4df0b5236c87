//! Lessons: guided steps over a scenario, each a short text and a task
//! checked live against the scenario being edited, like a test with an
//! expected outcome. The format is documented in `docs/lessons.md`.
//!
//! A lesson file holds the scenario it starts from, as written (its text,
//! taken from the file with its indentation, is what the learner edits),
//! and its steps. A step's task is met when every one of its checks holds:
//! a named step of the scenario comes to the outcome the check expects.
//! Each task comes with its solution, as text replacements, so that the
//! scenario at the start of any step is known (for links into the middle
//! of a lesson) and CI can prove that every task can be done and is not
//! done already ([`check`]).

mod check;
mod parse;

pub use check::{check_step, sentence, verify, CheckResult, Found};
pub use parse::parse_lesson;

use crate::diag::{Diagnostic, Span};
use crate::explain::Decision;

/// A lesson, as read from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Its name in links: `#lesson=<id>&step=<n>`.
    pub id: String,
    /// Where it comes in the course (1 first).
    pub order: u32,
    pub title: String,
    /// One sentence: what the learner will be able to do.
    pub summary: String,
    /// The ideas it teaches, as short tags.
    pub concepts: Vec<String>,
    /// The scenario text the lesson starts from.
    pub scenario: String,
    pub steps: Vec<LessonStep>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LessonStep {
    pub title: String,
    /// What the step teaches, in a few sentences.
    pub text: String,
    /// What to do; `None` for a step that is only read.
    pub task: Option<String>,
    pub hint: Option<String>,
    pub checks: Vec<Check>,
    /// Replacements that do the task, applied in order to the step's start.
    pub solution: Vec<Edit>,
    pub span: Span,
}

/// One outcome the task asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The scenario step it is about, by name.
    pub step: String,
    pub outcome: Outcome,
    /// The layer that must decide (`identityPolicies`, `scp`, …), if any.
    pub layer: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Allowed,
    /// Refused, explicitly or implicitly.
    Denied,
    ExplicitDeny,
    ImplicitDeny,
    /// The request cannot be made at all (an STS error).
    Error,
}

impl Outcome {
    pub const NAMES: [&'static str; 5] = ["allowed", "denied", "explicitDeny", "implicitDeny", "error"];

    pub fn name(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
            Outcome::ExplicitDeny => "explicitDeny",
            Outcome::ImplicitDeny => "implicitDeny",
            Outcome::Error => "error",
        }
    }

    fn from_name(name: &str) -> Option<Outcome> {
        [Outcome::Allowed, Outcome::Denied, Outcome::ExplicitDeny, Outcome::ImplicitDeny, Outcome::Error]
            .into_iter()
            .find(|o| o.name() == name)
    }

    /// Whether a step's decision (or its failure) is this outcome.
    pub fn holds(self, decision: Option<Decision>, failed: bool) -> bool {
        match self {
            Outcome::Error => failed && decision.is_none(),
            Outcome::Allowed => decision == Some(Decision::Allowed),
            Outcome::Denied => matches!(decision, Some(Decision::ExplicitDeny | Decision::ImplicitDeny)),
            Outcome::ExplicitDeny => decision == Some(Decision::ExplicitDeny),
            Outcome::ImplicitDeny => decision == Some(Decision::ImplicitDeny),
        }
    }
}

/// A text replacement: `find` must occur exactly once.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub find: String,
    pub replace: String,
    pub span: Span,
}

/// The lesson (when it could be read) and every diagnostic.
#[derive(Debug, Clone)]
pub struct ParsedLesson {
    pub lesson: Option<Lesson>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a solution cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditProblem {
    /// The step whose solution it is (from 0).
    pub step: usize,
    pub span: Span,
    /// How many times `find` occurs (not once).
    pub found: usize,
}

/// Applies replacements in order; each `find` must occur exactly once.
pub fn apply_edits(text: &str, edits: &[Edit], step: usize) -> Result<String, EditProblem> {
    let mut out = text.to_string();
    for e in edits {
        let found = out.matches(e.find.as_str()).count();
        if found != 1 || e.find.is_empty() {
            return Err(EditProblem { step, span: e.span, found });
        }
        out = out.replacen(e.find.as_str(), &e.replace, 1);
    }
    Ok(out)
}

impl Lesson {
    /// The scenario at the start of step `step` (from 0): the lesson's
    /// scenario with the solutions of the steps before it done.
    pub fn start_of(&self, step: usize) -> Result<String, EditProblem> {
        let mut text = self.scenario.clone();
        for (i, s) in self.steps.iter().enumerate().take(step) {
            text = apply_edits(&text, &s.solution, i)?;
        }
        Ok(text)
    }

    /// The scenario once step `step`'s task is done.
    pub fn solved(&self, step: usize) -> Result<String, EditProblem> {
        self.start_of(step + 1)
    }
}

#[cfg(test)]
mod tests;
