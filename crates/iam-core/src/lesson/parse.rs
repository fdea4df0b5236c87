//! Reading a lesson file, with a diagnostic for every problem.

use super::{Check, Edit, Lesson, LessonStep, Outcome, ParsedLesson};
use crate::diag::{DocId, Span};
use crate::json::{self, Node};
use crate::read::{Area, Obj, Reader};

const AREA: Area = Area {
    invalid_type: "lesson/invalid-type",
    unknown_field: "lesson/unknown-field",
    missing_field: "lesson/missing-field",
    invalid_number: "lesson/invalid-number",
};

const LESSON_FIELDS: &[&str] = &["lesson", "id", "order", "title", "summary", "concepts", "scenario", "steps"];
const STEP_FIELDS: &[&str] = &["title", "text", "task", "hint", "checks", "solution"];
const CHECK_FIELDS: &[&str] = &["step", "outcome", "layer"];
const EDIT_FIELDS: &[&str] = &["find", "replace"];

/// Reads a lesson file (format version 1).
pub fn parse_lesson(text: &str, doc: DocId) -> ParsedLesson {
    let (root, mut diagnostics) = json::parse(text, doc);
    let mut r = Reader { text, doc, diags: Vec::new(), area: AREA };
    let lesson = root.as_ref().and_then(|root| read_lesson(&mut r, root));
    diagnostics.append(&mut r.diags);
    ParsedLesson { lesson, diagnostics }
}

fn read_lesson(r: &mut Reader<'_>, root: &Node<'_>) -> Option<Lesson> {
    let obj = r.object(root, "the lesson", LESSON_FIELDS)?;
    match r.integer(&obj, "lesson", 1, 1) {
        Some(_) => {}
        None if obj.get("lesson").is_none() => {
            r.error(
                AREA.missing_field,
                obj.span(),
                "the lesson has no `lesson` (the format's version)".into(),
                "start the file with `\"lesson\": 1`",
            );
        }
        None => {}
    }
    let id = r.required_string(&obj, "id", "the lesson");
    if let Some((id, span)) = &id {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            r.error(
                "lesson/invalid-id",
                *span,
                format!("the lesson id `{id}` is not a link name"),
                "use lowercase letters, digits and `-`, as in `assume-role`",
            );
        }
    }
    let order = r.integer(&obj, "order", 1, 1000).map_or(1000, |(n, _)| u32::try_from(n).unwrap_or(1000));
    let title = r.required_string(&obj, "title", "the lesson");
    let summary = r.required_string(&obj, "summary", "the lesson");
    let concepts = r.strings(&obj, "concepts").into_iter().map(|(c, _)| c).collect();
    let scenario = match obj.get("scenario") {
        Some(node) if node.as_object().is_some() => Some(scenario_text(r.text, node.span)),
        Some(node) => {
            r.error(
                AREA.invalid_type,
                node.span,
                format!("`scenario` must be an object, found {}", node.type_name()),
                "",
            );
            None
        }
        None => {
            r.error(
                AREA.missing_field,
                obj.span(),
                "the lesson has no `scenario`".into(),
                "give the scenario the lesson starts from",
            );
            None
        }
    };
    let nodes = r.array(&obj, "steps");
    if nodes.is_empty() {
        r.error(
            AREA.missing_field,
            obj.span(),
            "the lesson has no steps".into(),
            "give `steps`, each with a `title` and a `text`",
        );
    }
    let steps: Vec<LessonStep> = nodes.into_iter().filter_map(|n| read_step(r, n)).collect();
    Some(Lesson { id: id?.0, order, title: title?.0, summary: summary?.0, concepts, scenario: scenario?, steps })
}

fn read_step(r: &mut Reader<'_>, node: &Node<'_>) -> Option<LessonStep> {
    let obj = r.object(node, "a lesson step", STEP_FIELDS)?;
    let title = r.required_string(&obj, "title", "a lesson step");
    let text = r.required_string(&obj, "text", "a lesson step");
    let task = r.string(&obj, "task").map(|(t, _)| t);
    let hint = r.string(&obj, "hint").map(|(t, _)| t);
    let checks: Vec<Check> = r.array(&obj, "checks").into_iter().filter_map(|n| read_check(r, n)).collect();
    let solution: Vec<Edit> = r.array(&obj, "solution").into_iter().filter_map(|n| read_edit(r, n)).collect();
    match (task.is_some(), checks.is_empty(), solution.is_empty()) {
        (true, true, _) => r.error(
            "lesson/task-without-checks",
            obj.span(),
            "this step has a task but no `checks`".into(),
            "a task is checked live: name the scenario steps whose outcome shows it is done",
        ),
        (false, false, _) => r.error(
            "lesson/checks-without-task",
            obj.span(),
            "this step has `checks` but no `task`".into(),
            "say in `task` what the learner is to do",
        ),
        (true, false, true) => r.error(
            "lesson/missing-solution",
            obj.span(),
            "this task has no `solution`".into(),
            "give the replacements that do it, so that links into later steps and CI can use them",
        ),
        _ => {}
    }
    Some(LessonStep { title: title?.0, text: text?.0, task, hint, checks, solution, span: obj.span() })
}

fn read_check(r: &mut Reader<'_>, node: &Node<'_>) -> Option<Check> {
    let obj = r.object(node, "a check", CHECK_FIELDS)?;
    let step = r.required_string(&obj, "step", "a check");
    let outcome = r.required_string(&obj, "outcome", "a check").and_then(|(name, span)| {
        let outcome = Outcome::from_name(&name);
        if outcome.is_none() {
            let known = Outcome::NAMES.map(|n| format!("`{n}`")).join(", ");
            r.error(
                "lesson/unknown-outcome",
                span,
                format!("unknown outcome `{name}`"),
                &format!("an outcome is one of {known}"),
            );
        }
        outcome
    });
    let layer = r.string(&obj, "layer").map(|(l, _)| l);
    Some(Check { step: step?.0, outcome: outcome?, layer, span: obj.span() })
}

fn read_edit(r: &mut Reader<'_>, node: &Node<'_>) -> Option<Edit> {
    let obj: Obj<'_> = r.object(node, "a solution edit", EDIT_FIELDS)?;
    let find = r.required_string(&obj, "find", "a solution edit");
    let replace = r.required_string(&obj, "replace", "a solution edit");
    Some(Edit { find: find?.0, replace: replace?.0, span: obj.span() })
}

/// The scenario's text as written in the lesson file, with the indentation
/// of its place in the file taken off every line after the first.
fn scenario_text(text: &str, span: Span) -> String {
    let start = span.lo();
    let body = text.get(start..span.hi()).unwrap_or("");
    let line_start = text.get(..start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let indent = text.get(line_start..start).map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
    let mut out = String::with_capacity(body.len());
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let spaces = line.len() - line.trim_start_matches(' ').len();
            out.push_str(line.get(spaces.min(indent)..).unwrap_or(line));
        } else {
            out.push_str(line);
        }
    }
    out.push('\n');
    out
}
