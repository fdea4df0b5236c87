//! `iam-playground lesson FILES…`: checks lesson files for CI. Each file is
//! read, and each task is proven: not done at its start, done by its
//! solution. `--step N` prints the scenario at the start of step N, to copy
//! a solution's `find` from while writing a lesson.

use crate::diagnostics::{render_text, summary};
use crate::files::read_text;
use iam_core::blocks_evaluation;
use iam_core::lesson::{parse_lesson, verify, Lesson};
use iam_core::scenario::{run_scenario, StepResult};
use iam_core::{Diagnostic, DocId};
use std::path::{Path, PathBuf};

/// Runs a scenario text as the playground would; any error (a typo in an
/// action included) makes it unfit for a lesson.
fn run(text: &str) -> Result<Vec<StepResult>, String> {
    let parsed = crate::catalogue::parse_scenario(text);
    let mut diagnostics = parsed.diagnostics;
    if let (Some(s), Ok(catalogue)) = (&parsed.scenario, crate::catalogue::bundled()) {
        diagnostics.extend(iam_core::lint::lint_scenario(s, catalogue));
    }
    if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!("{} ({})", d.message, d.code));
    }
    match (&parsed.scenario, blocks_evaluation(&diagnostics)) {
        (Some(s), false) => Ok(run_scenario(s)),
        _ => Err("the scenario cannot be read".into()),
    }
}

fn read(path: &Path) -> Option<(String, Option<Lesson>, Vec<Diagnostic>)> {
    match read_text(path) {
        Ok(text) => {
            let parsed = parse_lesson(&text, DocId(0));
            Some((text, parsed.lesson, parsed.diagnostics))
        }
        Err((code, message)) => {
            errln!("error[{code}]: {message}");
            None
        }
    }
}

pub fn run_files(paths: &[PathBuf], step: Option<usize>) -> u8 {
    if let Some(n) = step {
        return print_start(paths, n);
    }
    let mut ok = true;
    let files = crate::files::expand(paths);
    if files.is_empty() {
        errln!("error[io/no-files]: no lesson files were found");
        return 1;
    }
    for path in files {
        let shown = path.display().to_string();
        let Some((text, lesson, mut diagnostics)) = read(&path) else {
            ok = false;
            continue;
        };
        if let Some(l) = &lesson {
            diagnostics.extend(verify(l, DocId(0), &run));
        }
        let errors = diagnostics.iter().any(Diagnostic::is_error);
        if !diagnostics.is_empty() {
            errp!("{}", render_text(&diagnostics, &text, &shown));
        }
        match (&lesson, errors) {
            (Some(l), false) => {
                let tasks = l.steps.iter().filter(|s| s.task.is_some()).count();
                outln!(
                    "ok   {shown}: lesson {} “{}”, {} steps, {tasks} task{} proven",
                    l.order,
                    l.title,
                    l.steps.len(),
                    if tasks == 1 { "" } else { "s" }
                );
            }
            _ => {
                outln!("FAIL {shown}: {}", summary(&diagnostics));
                ok = false;
            }
        }
    }
    u8::from(!ok)
}

/// Prints the scenario at the start of step `n` (from 1) of one lesson.
fn print_start(paths: &[PathBuf], n: usize) -> u8 {
    let [path] = paths else {
        errln!("error[cli/one-file]: --step prints the scenario of one lesson file; {} were given", paths.len());
        return 1;
    };
    let Some((text, lesson, diagnostics)) = read(path) else { return 1 };
    let Some(lesson) = lesson else {
        errp!("{}", render_text(&diagnostics, &text, &path.display().to_string()));
        return 1;
    };
    if n == 0 || n > lesson.steps.len() {
        errln!("error[cli/no-such-step]: the lesson has steps 1 to {}; {n} is not one", lesson.steps.len());
        return 1;
    }
    match lesson.start_of(n - 1) {
        Ok(scenario) => {
            outp!("{scenario}");
            0
        }
        Err(p) => {
            errln!(
                "error[lesson/solution-not-found]: the solution of step {} cannot be applied ({} matches)",
                p.step + 1,
                p.found
            );
            1
        }
    }
}
