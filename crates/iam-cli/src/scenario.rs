//! `iam-playground eval SCENARIO...`, `link SCENARIO` and `unlink LINK`.

use crate::diagnostics::render_text;
use crate::explain::explain_evaluation;
use crate::files::read_text;
use crate::Format;
use iam_core::scenario::suggest::{suggestions, Suggestion, TextEdit};
use iam_core::scenario::{run_scenario, run_scenario_through, StepOutcome, StepResult};
use iam_core::values::format_instant;
use iam_core::{blocks_evaluation, document_error_codes};
use iam_core::{has_errors, share, DocId, LineIndex};
use serde_json::json;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Exit code: 0 when every scenario is valid and every expectation holds, 1
/// otherwise. Scenarios whose policy documents have errors are still run (the
/// results say so) and exit 1.
pub fn eval(paths: &[PathBuf], explain: bool, format: Format) -> u8 {
    let mut ok = true;
    for path in crate::files::expand(paths) {
        ok &= eval_one(&path, explain, format);
    }
    u8::from(!ok)
}

/// `eval --format cloudtrail`: for each file, the records AWS would write
/// for its steps, as `{"Records": [...]}`. A file that cannot be evaluated
/// is said on standard error, and the exit code is 1.
pub fn cloudtrail(paths: &[PathBuf]) -> u8 {
    let mut ok = true;
    for path in crate::files::expand(paths) {
        let shown = path.display().to_string();
        let text = match read_text(&path) {
            Ok(t) => t,
            Err((code, message)) => {
                errln!("error[{code}]: {message}");
                ok = false;
                continue;
            }
        };
        let parsed = crate::catalogue::parse_scenario(&text);
        match (&parsed.scenario, blocks_evaluation(&parsed.diagnostics)) {
            (Some(s), false) => {
                let results = run_scenario(s);
                outln!(
                    "{}",
                    iam_core::scenario::cloudtrail::to_json(&iam_core::scenario::cloudtrail::records(s, &results))
                );
            }
            _ => {
                errp!("{}", render_text(&parsed.diagnostics, &text, &shown));
                ok = false;
            }
        }
    }
    u8::from(!ok)
}

fn eval_one(path: &Path, explain: bool, format: Format) -> bool {
    let shown = path.display().to_string();
    let text = match read_text(path) {
        Ok(t) => t,
        Err((code, message)) => {
            match format {
                Format::Json => outln!("{}", json!({ "file": shown, "error": { "code": code, "message": message } })),
                Format::Text => outln!("== {shown}\nerror[{code}]: {message}\n"),
            }
            return false;
        }
    };
    let parsed = crate::catalogue::parse_scenario(&text);
    let scenario = match (&parsed.scenario, blocks_evaluation(&parsed.diagnostics)) {
        (Some(s), false) => s,
        _ => {
            match format {
                Format::Json => {
                    let first = parsed.diagnostics.iter().find(|d| d.blocks_evaluation());
                    let error = first.map(|d| json!({ "code": d.code, "message": d.message }));
                    outln!("{}", json!({ "file": shown, "error": error }));
                }
                Format::Text => outp!("== {shown}\n{}", render_text(&parsed.diagnostics, &text, &shown)),
            }
            return false;
        }
    };
    let results = run_scenario(scenario);
    let errors = document_error_codes(&parsed.diagnostics);
    // What would change each step's answer: only with --explain (each
    // suggestion is proven by running the edited scenario again).
    // Proofs are bounded: past PROOF_BUDGET steps re-run, no more are
    // checked, and the output says so.
    let budget = std::cell::Cell::new(PROOF_BUDGET);
    let spent = std::cell::Cell::new(false);
    let rerun = |text: &str, count: usize| {
        let Some(left) = budget.get().checked_sub(count) else {
            spent.set(true);
            return None;
        };
        budget.set(left);
        rerun(text, count)
    };
    let suggested: Vec<Vec<Suggestion>> = if explain {
        // Once the budget is spent no proof can run: later steps are not
        // even given candidates (each would copy the whole text for nothing).
        (0..results.len())
            .map(|i| if spent.get() { Vec::new() } else { suggestions(&text, DocId(0), &results, i, &rerun) })
            .collect()
    } else {
        Vec::new()
    };
    let budget_spent = spent.get();
    let index = LineIndex::new(&text);
    let all_pass = results.iter().all(|r| r.pass != Some(false)) && errors.is_empty();
    match format {
        Format::Json => {
            let steps: Vec<_> = results
                .iter()
                .map(|r| step_json(r, explain, suggested.get(r.index).map(Vec::as_slice), &shown, &index))
                .collect();
            let mut out = json!({ "file": shown, "title": scenario.title, "pass": all_pass, "steps": steps });
            if let (false, Some(obj)) = (errors.is_empty(), out.as_object_mut()) {
                obj.insert("errors".into(), json!(errors));
            }
            outln!("{out}");
        }
        Format::Text => {
            let title = scenario.title.as_deref().map(|t| format!(" — {t}")).unwrap_or_default();
            outln!("== {shown}{title}");
            if !errors.is_empty() {
                outln!("note: computed over documents AWS would refuse ({})", errors.join(", "));
            }
            outp!("{}", table(&results));
            if explain {
                for r in &results {
                    let suggested = suggested.get(r.index).map(Vec::as_slice).unwrap_or(&[]);
                    outp!("{}", explain_step(r, &index, suggested, &text));
                }
                if budget_spent {
                    outln!("\nnote: suggestions were checked until {PROOF_BUDGET} steps had been re-run; later steps may have none listed");
                }
            }
            if !parsed.diagnostics.is_empty() {
                outp!("{}", render_text(&parsed.diagnostics, &text, &shown));
            }
            outln!("");
        }
    }
    all_pass
}

fn decision_text(r: &StepResult) -> String {
    match &r.outcome {
        StepOutcome::Failed { code, .. } if code == "sts/expired-token" => "implicitDeny (expired)".into(),
        StepOutcome::Failed { code, .. } => format!("error ({code})"),
        StepOutcome::Decided { decision } => decision.as_str().into(),
    }
}

fn table(results: &[StepResult]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:>3}  {:<44} {:<26} {:<15} pass", "#", "step", "decision", "expected");
    for r in results {
        let pass = match r.pass {
            Some(true) => "✓",
            Some(false) => "✗ FAIL",
            None => "-",
        };
        let name: String = r.name.chars().take(44).collect();
        let _ =
            writeln!(out, "{:>3}  {name:<44} {:<26} {:<15} {pass}", r.index + 1, decision_text(r), expected_text(r));
    }
    out
}

fn expected_text(r: &StepResult) -> String {
    r.expected.as_ref().map_or_else(
        || "-".into(),
        |e| if e.error { "error".into() } else { e.decision.map_or("-", |d| d.as_str()).into() },
    )
}

/// Where an edit goes, as a reader finds it: the file, line and column (from 1).
fn edit_json(edit: &TextEdit, file: &str, index: &LineIndex<'_>) -> serde_json::Value {
    let (start, end) = (index.line_col(edit.span.lo()), index.line_col(edit.span.hi()));
    json!({
        "file": file,
        "line": start.line,
        "column": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "text": edit.text,
    })
}

fn step_json(
    r: &StepResult,
    explain: bool,
    suggested: Option<&[Suggestion]>,
    file: &str,
    index: &LineIndex<'_>,
) -> serde_json::Value {
    let mut v = json!({
        "index": r.index,
        "name": r.name,
        "time": format_instant(r.time),
        "principal": r.principal,
        "decision": r.decision.map(|d| d.as_str()),
        "outcome": r.outcome,
        "expected": expected_text(r),
        "pass": r.pass,
        "summary": r.summary(),
    });
    if let (Some(s), Some(obj)) = (&r.session, v.as_object_mut()) {
        let expires = s.expires_at.map(format_instant);
        obj.insert("session".into(), json!({ "arn": s.arn, "kind": s.kind, "expires": expires, "notes": s.notes }));
    }
    if let (true, Some(obj)) = (explain, v.as_object_mut()) {
        obj.insert("evaluations".into(), serde_json::to_value(&r.evaluations).unwrap_or_default());
        obj.insert("context".into(), serde_json::to_value(&r.context).unwrap_or_default());
        let suggestions: Vec<_> = suggested
            .unwrap_or(&[])
            .iter()
            .map(|s| {
                json!({
                    "description": s.description,
                    "edits": s.edits.iter().map(|e| edit_json(e, file, index)).collect::<Vec<_>>(),
                    "grantsBroadly": s.grants_broadly,
                    "decision": s.decision.as_str(),
                })
            })
            .collect();
        obj.insert("suggestions".into(), json!(suggestions));
    }
    v
}

fn explain_step(r: &StepResult, index: &LineIndex<'_>, suggested: &[Suggestion], text: &str) -> String {
    let mut out = String::new();
    let line_of = |offset: usize| index.line_col(offset).line;
    let _ = writeln!(out, "\n--- step {}: {} ({}, by {})", r.index + 1, r.name, format_instant(r.time), r.principal);
    if let StepOutcome::Failed { code, message } = &r.outcome {
        let _ = writeln!(out, "{code}: {message}");
    }
    for sentence in r.summary() {
        let _ = writeln!(out, "why: {sentence}");
    }
    if !suggested.is_empty() {
        let wanted = if r.decision == Some(iam_core::Decision::Allowed) { "deny" } else { "allow" };
        let _ = writeln!(out, "what would {wanted} it (each checked by running the edited scenario):");
        for s in suggested {
            let broad = if s.grants_broadly { " [grants broadly]" } else { "" };
            let _ = writeln!(out, "  - {}{broad}", s.description);
            for e in &s.edits {
                let at = index.line_col(e.span.lo());
                let old = e.span.text(text);
                let change = match (old.is_empty(), e.text.is_empty()) {
                    (true, _) => format!("insert {}", e.text),
                    (false, true) => format!("delete {}", one_line(old)),
                    (false, false) => format!("replace {} with {}", one_line(old), e.text),
                };
                let _ = writeln!(out, "      line {}, column {}: {change}", at.line, at.column);
            }
        }
    }
    for e in &r.evaluations {
        let _ = writeln!(out, "\n{} on {}: {}", e.action, e.resource, e.evaluation.decision.as_str());
        explain_evaluation(&mut out, &e.evaluation, (&e.action, &e.resource), text, &line_of);
    }
    if !r.context.is_empty() {
        let _ = writeln!(out, "\ncontext keys and where they came from:");
        for k in &r.context {
            let value = serde_json::to_string(&k.value).unwrap_or_default();
            let origin =
                serde_json::to_value(k.origin).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let _ = writeln!(out, "  {:<40} {value:<40} {origin}", k.key);
        }
    }
    if let Some(s) = &r.session {
        let _ = writeln!(out, "\nsession: {} ({})", s.arn, s.expiry_text());
        for note in &s.notes {
            let _ = writeln!(out, "  note: {}", note.describe());
        }
    }
    out
}

/// Text shown on one line, shortened when long.
fn one_line(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", flat.get(..cut).unwrap_or("")),
        None => flat,
    }
}

/// How many steps `--explain` may re-run to prove its suggestions (each
/// candidate edit re-runs the steps up to its own).
const PROOF_BUDGET: usize = 500;

/// Reads an edited scenario as `eval` does and runs its first `count` steps
/// (for proving suggestions).
fn rerun(text: &str, count: usize) -> Option<Vec<StepResult>> {
    let parsed = crate::catalogue::parse_scenario(text);
    match (&parsed.scenario, blocks_evaluation(&parsed.diagnostics)) {
        (Some(s), false) => Some(run_scenario_through(s, count)),
        _ => None,
    }
}

/// `link SCENARIO [--base URL]`: prints the share link; its length goes to stderr.
pub fn link(path: &Path, base: &str, allow_errors: bool) -> u8 {
    let shown = path.display().to_string();
    let text = match read_text(path) {
        Ok(t) => t,
        Err((code, message)) => {
            errln!("error[{code}]: {message}");
            return 1;
        }
    };
    let parsed = crate::catalogue::parse_scenario(&text);
    if has_errors(&parsed.diagnostics) {
        errp!("{}", render_text(&parsed.diagnostics, &text, &shown));
        if !allow_errors {
            errln!("no link made: the scenario has errors (--allow-errors makes one anyway)");
            return 1;
        }
    }
    match share::encode_fragment(&text) {
        Ok(fragment) => {
            let url = share::link(base, &fragment);
            outln!("{url}");
            errln!("{} characters", url.chars().count());
            0
        }
        Err(d) => {
            errln!("error[{}]: {}", d.code, d.message);
            1
        }
    }
}

/// The scenario of a file, for the commands that ask questions of a whole
/// model (`who-can`, `what-can`, `findings`); `None` when it cannot be
/// read or does not evaluate, with the reason printed.
pub fn model(path: &Path) -> Option<iam_core::scenario::Scenario> {
    let shown = path.display().to_string();
    let text = match read_text(path) {
        Ok(t) => t,
        Err((code, message)) => {
            errln!("error[{code}]: {message}");
            return None;
        }
    };
    let parsed = crate::catalogue::parse_scenario(&text);
    if blocks_evaluation(&parsed.diagnostics) || parsed.scenario.is_none() {
        errp!("{}", render_text(&parsed.diagnostics, &text, &shown));
        return None;
    }
    parsed.scenario
}

/// Where `unlink` finds the link: the argument itself, a file, or stdin (`-`).
fn link_text(arg: &str) -> Result<String, (&'static str, String)> {
    if arg == "-" {
        let mut text = String::new();
        let read = std::io::Read::read_to_string(
            &mut std::io::Read::take(std::io::stdin(), crate::files::MAX_FILE_BYTES),
            &mut text,
        );
        return read
            .map(|_| text.trim().to_string())
            .map_err(|e| ("io/read", format!("cannot read standard input: {e}")));
    }
    let path = Path::new(arg);
    if !arg.contains('#') && !arg.starts_with("s1.") && path.is_file() {
        return read_text(path).map(|t| t.trim().to_string());
    }
    Ok(arg.to_string())
}

/// `unlink LINK`: prints the scenario JSON a link holds.
pub fn unlink(arg: &str) -> u8 {
    let link = match link_text(arg) {
        Ok(l) => l,
        Err((code, message)) => {
            errln!("error[{code}]: {message}");
            return 1;
        }
    };
    match share::decode(&link) {
        Ok(text) => {
            let (node, _) = iam_core::document::parse(&text, DocId(0));
            let pretty = node.map(|n| n.to_pretty());
            outln!("{}", pretty.unwrap_or(text));
            0
        }
        Err(d) => {
            errln!("error[{}]: {}", d.code, d.message);
            if let Some(help) = &d.help {
                errln!("help: {help}");
            }
            1
        }
    }
}
