//! Checking a task against the scenario being edited, and checking a whole
//! lesson file for CI: every task can be done by its solution, and none is
//! done before the learner starts.

use super::{Check, Lesson, LessonStep};
use crate::diag::{Diagnostic, DocId};
use crate::explain::Decision;
use crate::scenario::{StepOutcome, StepResult};

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub passed: bool,
    pub found: Found,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The scenario has no step of that name.
    Missing,
    /// The step's decision, or the error code it failed with, and the layer
    /// that decided.
    Outcome { decision: Option<Decision>, error: Option<String>, layer: Option<String> },
}

/// Checks each of the step's checks against the results of the scenario
/// as it is now.
pub fn check_step(step: &LessonStep, results: &[StepResult]) -> Vec<CheckResult> {
    step.checks.iter().map(|c| check_one(c, results)).collect()
}

fn check_one(check: &Check, results: &[StepResult]) -> CheckResult {
    let Some(result) = results.iter().find(|r| r.name == check.step) else {
        return CheckResult { passed: false, found: Found::Missing };
    };
    let error = match &result.outcome {
        StepOutcome::Failed { code, .. } => Some(code.clone()),
        _ => None,
    };
    let layer = result.deciding_evaluation().map(|e| e.evaluation.decided_by().to_string());
    let passed = check.outcome.holds(result.decision, error.is_some())
        && check.layer.as_ref().is_none_or(|want| layer.as_ref() == Some(want));
    CheckResult { passed, found: Found::Outcome { decision: result.decision, error, layer } }
}

/// What a decision is called in a sentence.
fn said(decision: Option<Decision>, error: Option<&str>) -> String {
    match (decision, error) {
        (Some(Decision::Allowed), _) => "allowed".into(),
        (Some(Decision::ExplicitDeny), _) => "denied by an explicit Deny".into(),
        (Some(Decision::ImplicitDeny), _) => "denied (nothing allows it)".into(),
        (None, Some(code)) => format!("refused before evaluation ({code})"),
        (None, None) => "not decided".into(),
    }
}

/// The check and what was found, in one sentence.
pub fn sentence(check: &Check, result: &CheckResult) -> String {
    let want = match check.outcome {
        super::Outcome::Allowed => "allowed",
        super::Outcome::Denied => "denied",
        super::Outcome::ExplicitDeny => "denied by an explicit Deny",
        super::Outcome::ImplicitDeny => "denied because nothing allows it",
        super::Outcome::Error => "refused before evaluation",
    };
    let by = check.layer.as_ref().map(|l| format!(", decided by {l}")).unwrap_or_default();
    match (&result.found, result.passed) {
        (Found::Missing, _) => format!(
            "The step “{}” is needed, and the scenario has no step of that name (was it renamed or deleted?)",
            check.step
        ),
        (Found::Outcome { .. }, true) => format!("“{}” is {want}{by}, as the task asks", check.step),
        (Found::Outcome { decision, error, layer }, false) => {
            let now = said(*decision, error.as_deref());
            let decided = match (&check.layer, layer) {
                (Some(_), Some(l)) => format!(", decided by {l}"),
                _ => String::new(),
            };
            format!("“{}” should be {want}{by}; it is {now}{decided} now", check.step)
        }
    }
}

/// Checks a lesson for CI: each start can be reached, each task is not done
/// at its start and is done by its solution. `run` evaluates a scenario
/// text, or says why it cannot.
pub fn verify(lesson: &Lesson, doc: DocId, run: &dyn Fn(&str) -> Result<Vec<StepResult>, String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, step) in lesson.steps.iter().enumerate() {
        let n = i + 1;
        let start = match lesson.start_of(i) {
            Ok(text) => text,
            Err(p) => {
                out.push(
                    Diagnostic::error("lesson/solution-not-found", doc, p.span, format!("this edit's `find` occurs {} times in the scenario at the start of step {}, not once", p.found, p.step + 1))
                        .with_help("copy `find` from the scenario as it stands after the earlier steps' solutions (`iam-playground lesson FILE --step N` prints it)"),
                );
                return out;
            }
        };
        let results = match run(&start) {
            Ok(r) => r,
            Err(why) => {
                out.push(Diagnostic::error(
                    "lesson/scenario-invalid",
                    doc,
                    step.span,
                    format!("the scenario at the start of step {n} does not evaluate: {why}"),
                ));
                return out;
            }
        };
        if step.checks.is_empty() {
            continue;
        }
        let before = check_step(step, &results);
        for (c, r) in step.checks.iter().zip(&before) {
            if r.found == Found::Missing {
                out.push(
                    Diagnostic::error(
                        "lesson/unknown-step",
                        doc,
                        c.span,
                        format!("the scenario has no step named `{}` at the start of step {n}", c.step),
                    )
                    .with_help("a check names a step of the scenario exactly, by its `name`"),
                );
            }
        }
        if before.iter().all(|r| r.passed) {
            out.push(
                Diagnostic::error(
                    "lesson/task-done-already",
                    doc,
                    step.span,
                    format!("the task of step {n} is done before the learner starts"),
                )
                .with_help("a check must fail at the step's start, or the task teaches nothing"),
            );
        }
        let solved = match lesson.solved(i) {
            Ok(text) => text,
            Err(p) => {
                out.push(Diagnostic::error(
                    "lesson/solution-not-found",
                    doc,
                    p.span,
                    format!(
                        "this edit's `find` occurs {} times in the scenario at the start of step {n}, not once",
                        p.found
                    ),
                ));
                return out;
            }
        };
        match run(&solved) {
            Ok(results) => {
                for (c, r) in step.checks.iter().zip(check_step(step, &results)) {
                    if !r.passed {
                        out.push(
                            Diagnostic::error(
                                "lesson/solution-fails",
                                doc,
                                c.span,
                                format!("with the solution of step {n}: {}", sentence(c, &r)),
                            )
                            .with_help("the solution must make every check of the step hold"),
                        );
                    }
                }
            }
            Err(why) => out.push(Diagnostic::error(
                "lesson/solution-invalid",
                doc,
                step.span,
                format!("the solution of step {n} leaves a scenario that does not evaluate: {why}"),
            )),
        }
    }
    out
}
