use super::*;
use crate::diag::DocId;
use crate::scenario::{parse_scenario, run_scenario, StepResult};

const LESSON: &str = r#"{
  "lesson": 1,
  "id": "tiny",
  "order": 1,
  "title": "A tiny lesson",
  "summary": "Allow one action.",
  "concepts": ["identity policy"],
  "scenario": {
    "version": 1,
    "accounts": [
      {
        "id": "111111111111",
        "users": [{ "name": "alice", "inline_policies": { "P": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*" }] } } }]
      }
    ],
    "steps": [
      { "name": "alice reads", "request": { "principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k" } }
    ]
  },
  "steps": [
    { "title": "Read", "text": "Nothing allows reading yet." },
    {
      "title": "Allow it",
      "text": "An Allow is needed.",
      "task": "Let alice read objects.",
      "hint": "Add s3:GetObject.",
      "checks": [{ "step": "alice reads", "outcome": "allowed" }],
      "solution": [{ "find": "\"Action\": \"s3:ListBucket\"", "replace": "\"Action\": [\"s3:ListBucket\", \"s3:GetObject\"]" }]
    }
  ]
}"#;

fn run(text: &str) -> Result<Vec<StepResult>, String> {
    let parsed = parse_scenario(text, DocId(0));
    match (parsed.scenario, parsed.diagnostics.iter().find(|d| d.is_error())) {
        (Some(s), None) => Ok(run_scenario(&s)),
        (_, Some(d)) => Err(format!("{} ({})", d.message, d.code)),
        (None, None) => Err("no scenario".into()),
    }
}

fn lesson() -> Lesson {
    let parsed = parse_lesson(LESSON, DocId(0));
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    parsed.lesson.unwrap()
}

#[test]
fn a_lesson_reads_with_its_scenario_text_as_written_less_its_indentation() {
    let l = lesson();
    assert_eq!((l.id.as_str(), l.order, l.steps.len()), ("tiny", 1, 2));
    assert!(l.scenario.starts_with("{\n  \"version\": 1,\n  \"accounts\": [\n    {\n      \"id\""), "{}", l.scenario);
    assert!(l.scenario.ends_with("]\n}\n"));
    assert!(run(&l.scenario).is_ok());
}

#[test]
fn a_task_fails_at_its_start_and_passes_once_solved_with_sentences_saying_so() {
    let l = lesson();
    let step = &l.steps[1];
    let before = check_step(step, &run(&l.start_of(1).unwrap()).unwrap());
    assert!(!before[0].passed);
    assert_eq!(
        sentence(&step.checks[0], &before[0]),
        "“alice reads” should be allowed; it is denied (nothing allows it) now"
    );
    let after = check_step(step, &run(&l.solved(1).unwrap()).unwrap());
    assert!(after[0].passed);
    assert_eq!(sentence(&step.checks[0], &after[0]), "“alice reads” is allowed, as the task asks");
    assert!(verify(&l, DocId(0), &run).is_empty());
}

#[test]
fn a_renamed_step_is_said_missing() {
    let l = lesson();
    let renamed = l.solved(1).unwrap().replace("alice reads", "alice gets");
    let r = check_step(&l.steps[1], &run(&renamed).unwrap());
    assert_eq!(r[0].found, Found::Missing);
    assert!(sentence(&l.steps[1].checks[0], &r[0]).contains("no step of that name"));
}

#[test]
fn verify_finds_a_task_done_already_a_wrong_solution_and_a_find_that_is_not_there() {
    let done = LESSON.replace("\"s3:ListBucket\"", "\"s3:*\"");
    let l = parse_lesson(&done, DocId(0)).lesson.unwrap();
    let codes: Vec<&str> = verify(&l, DocId(0), &run).iter().map(|d| d.code).collect();
    assert!(codes.contains(&"lesson/task-done-already"), "{codes:?}");

    let wrong = LESSON.replace("[\\\"s3:ListBucket\\\", \\\"s3:GetObject\\\"]", "\\\"s3:PutObject\\\"");
    let l = parse_lesson(&wrong, DocId(0)).lesson.unwrap();
    let diags = verify(&l, DocId(0), &run);
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), ["lesson/solution-fails"]);
    assert_eq!(
        &wrong[diags[0].span().lo()..diags[0].span().hi()],
        "{ \"step\": \"alice reads\", \"outcome\": \"allowed\" }"
    );

    let missing = LESSON.replace("\"find\": \"\\\"Action\\\": \\\"s3:ListBucket\\\"\"", "\"find\": \"nowhere\"");
    let l = parse_lesson(&missing, DocId(0)).lesson.unwrap();
    assert_eq!(verify(&l, DocId(0), &run).iter().map(|d| d.code).collect::<Vec<_>>(), ["lesson/solution-not-found"]);
}

#[test]
fn bad_files_get_a_diagnostic_for_each_problem() {
    let bad = r#"{ "lesson": 1, "id": "Not A Link", "title": "t", "summary": "s", "scenario": [],
      "steps": [ { "title": "a", "text": "b", "task": "c" },
                 { "title": "a", "text": "b", "checks": [{ "step": "x", "outcome": "permitted" }, { "step": "y", "outcome": "denied" }], "colour": 1 } ] }"#;
    let codes: Vec<&str> = parse_lesson(bad, DocId(0)).diagnostics.iter().map(|d| d.code).collect();
    for want in [
        "lesson/invalid-id",
        "lesson/invalid-type",
        "lesson/task-without-checks",
        "lesson/checks-without-task",
        "lesson/unknown-outcome",
        "lesson/unknown-field",
    ] {
        assert!(codes.contains(&want), "{want} in {codes:?}");
    }
    assert!(parse_lesson("{", DocId(0)).lesson.is_none());
}

#[test]
fn outcomes_hold_as_named() {
    use crate::explain::Decision::*;
    assert!(Outcome::Denied.holds(Some(ExplicitDeny), false) && Outcome::Denied.holds(Some(ImplicitDeny), false));
    assert!(!Outcome::Denied.holds(Some(Allowed), false));
    assert!(Outcome::Error.holds(None, true) && !Outcome::Error.holds(Some(ImplicitDeny), true));
    assert!(!Outcome::ImplicitDeny.holds(Some(ExplicitDeny), false));
}
