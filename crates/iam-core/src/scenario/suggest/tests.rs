use super::*;
use crate::scenario::{parse_scenario, run_scenario_through};

fn run_through(text: &str, count: usize) -> Option<Vec<StepResult>> {
    let parsed = parse_scenario(text, DocId(0));
    if crate::blocks_evaluation(&parsed.diagnostics) {
        return None;
    }
    parsed.scenario.as_ref().map(|s| run_scenario_through(s, count))
}

fn run(text: &str) -> Option<Vec<StepResult>> {
    run_through(text, usize::MAX)
}

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn a_list_grows_in_place_and_keeps_its_formatting() {
    let text = r#"{"A": "s3:GetObject", "B": ["x",
    "y"  ], "C": [ ]}"#;
    let at = |key: &str| {
        let start = text.find(&format!("\"{key}\": ")).unwrap() + key.len() + 4;
        let end = match key {
            "A" => start + 14,
            "B" => text.find("  ]").unwrap() + 3,
            _ => text.rfind(']').unwrap() + 1,
        };
        Span::new(start, end)
    };
    let grow = |key: &str| apply(text, &[add_to_list(text, at(key), "s3:Put\"Object").unwrap()]).unwrap();
    assert!(grow("A").starts_with(r#"{"A": ["s3:GetObject", "s3:Put\"Object"], "B""#), "{}", grow("A"));
    assert!(grow("B").contains("[\"x\",\n    \"y\", \"s3:Put\\\"Object\"  ]"), "{}", grow("B"));
    assert!(
        grow("C").ends_with(r#""C": [ "s3:Put\"Object"]}"#) || grow("C").ends_with(r#""C": ["s3:Put\"Object" ]}"#),
        "{}",
        grow("C")
    );
}

#[test]
fn a_statement_is_removed_with_its_comma_wherever_it_stands() {
    let cite = |text: &str, needle: &str| {
        let lo = text.find(needle).unwrap();
        let hi = lo + text[lo..].find('}').unwrap() + 1;
        Cite {
            policy: crate::PolicyId::new("p"),
            kind: crate::PolicyKind::Identity,
            statement: 0,
            sid: None,
            group: None,
            attached: None,
            doc: DocId(0),
            span: Span::new(lo, hi),
        }
    };
    let cut =
        |text: &str, needle: &str| apply(text, &remove(text, &cite(text, needle), "allow").unwrap().edits).unwrap();
    let three = r#"[{"Sid": "A"}, {"Sid": "B"}, {"Sid": "C"}]"#;
    assert_eq!(cut(three, r#"{"Sid": "A""#), r#"[{"Sid": "B"}, {"Sid": "C"}]"#);
    assert_eq!(cut(three, r#"{"Sid": "B""#), r#"[{"Sid": "A"}, {"Sid": "C"}]"#);
    assert_eq!(cut(three, r#"{"Sid": "C""#), r#"[{"Sid": "A"}, {"Sid": "B"}]"#);
    assert_eq!(cut(r#"[ {"Sid": "A"} ]"#, "{"), "[  ]");
    assert_eq!(cut(r#""Statement": {"Sid": "A"}"#, "{"), r#""Statement": []"#);
}

#[test]
fn alice_is_told_what_would_let_her_start_the_prod_instance_and_it_does() {
    let text = example("alice-developer.json");
    let results = run(&text).unwrap();
    // Step 4: the closest statement's condition wants `dev`; the instance is `prod`.
    let found = suggestions(&text, DocId(0), &results, 3, &run_through);
    let first = found.first().unwrap();
    assert_eq!(
        first.description,
        "In `DeveloperAccess` › `StartStopDevInstances` (from group `developers`), let its condition `aws:ResourceTag/env` StringEquals also accept `prod`."
    );
    assert_eq!((first.decision, first.grants_broadly, first.size), (Decision::Allowed, false, 1));
    let edited = apply(&text, &first.edits).unwrap();
    assert!(edited.contains(r#"{ "aws:ResourceTag/env": ["dev", "prod"] }"#), "the value is added, not replaced");
    assert_eq!(run(&edited).unwrap()[3].decision, Some(Decision::Allowed));
    // Step 5: the action is added to the closest statement.
    let found = suggestions(&text, DocId(0), &results, 4, &run_through);
    assert!(found.iter().any(|s| s.description.contains("add `s3:DeleteBucket` to its `Action`")), "{found:?}");
    // An allowed step: what guards the door.
    let found = suggestions(&text, DocId(0), &results, 1, &run_through);
    assert_eq!(
        found.first().map(|s| s.description.as_str()),
        Some("Remove `DeveloperAccess` › `TeamBucketObjects` (from group `developers`): without it, this request is denied.")
    );
}

#[test]
fn a_condition_on_an_absent_key_is_met_from_the_request_side() {
    let text = example("break-glass-admin.json");
    let results = run(&text).unwrap();
    // Step 5: without MFA bob cannot assume BreakGlass.
    let found = suggestions(&text, DocId(0), &results, 4, &run_through);
    let [only] = found.as_slice() else { panic!("{found:?}") };
    assert_eq!(
        only.description,
        "Make the request carry `aws:MultiFactorAuthPresent` = `true` (in the step's `context`)."
    );
    let edited = apply(&text, &only.edits).unwrap();
    assert!(edited.contains(r#""context": { "aws:MultiFactorAuthPresent": true }"#), "a boolean is written as one");
    assert_eq!(run(&edited).unwrap()[4].decision, Some(Decision::Allowed));
}

/// Every suggestion for every step of every example flips that step's
/// decision when its edits are applied (checked again here, independently).
#[test]
fn every_suggestion_for_every_example_flips_its_step() {
    let dir = format!("{}/../../examples", env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten().filter(|e| e.path().extension().is_some_and(|x| x == "json"))
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let results = run(&text).unwrap();
        for step in 0..results.len() {
            let before = results[step].decision;
            for s in suggestions(&text, DocId(0), &results, step, &run_through) {
                let after = run(&apply(&text, &s.edits).unwrap()).unwrap()[step].decision;
                assert_ne!(
                    after == Some(Decision::Allowed),
                    before == Some(Decision::Allowed),
                    "{:?} step {}: {}",
                    entry.path(),
                    step + 1,
                    s.description
                );
                assert_eq!(after, Some(s.decision));
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "only {checked} suggestions were checked");
}

#[test]
fn a_principal_is_named_under_its_key_or_beside_the_others() {
    let text = r#"{"Principal": {"Service": "lambda.amazonaws.com"}}"#;
    let at = Span::new(14, text.len() - 1);
    let named = |key: &str, value: &str| apply(text, &[name_principal(text, at, key, value).unwrap()]).unwrap();
    assert_eq!(
        named("Service", "ec2.amazonaws.com"),
        r#"{"Principal": {"Service": ["lambda.amazonaws.com", "ec2.amazonaws.com"]}}"#
    );
    assert_eq!(
        named("AWS", "arn:aws:iam::111111111111:user/bob"),
        r#"{"Principal": {"Service": "lambda.amazonaws.com", "AWS": "arn:aws:iam::111111111111:user/bob"}}"#
    );
    assert!(name_principal(r#""*""#, Span::new(0, 3), "AWS", "x").is_none(), "`*` names everyone already");
    // EC2 cannot assume the Lambda function's role, unless its trust policy names it: proven.
    let text = example("lambda-function-role.json");
    let results = run(&text).unwrap();
    let found = suggestions(&text, DocId(0), &results, 4, &run_through);
    assert_eq!(
        found.first().map(|s| s.description.as_str()),
        Some("In the trust policy of `orders-fn` › statement 1, name `ec2.amazonaws.com` in its `Principal`.")
    );
}

/// A bug fixed: a step with several evaluations naming the same statements
/// (AssumeRole and SetSourceIdentity) listed each removal twice.
#[test]
fn a_step_of_several_evaluations_lists_each_edit_once() {
    let text =
        std::fs::read_to_string(format!("{}/../../tests/scenarios/sts-fidelity.json", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let results = run(&text).unwrap();
    let step = results.iter().position(|r| r.name == "tina assumes First and sets her source identity").unwrap();
    assert!(results[step].evaluations.len() > 1, "the fixture has several evaluations");
    let found = suggestions(&text, DocId(0), &results, step, &run_through);
    let described: Vec<&str> = found.iter().map(|s| s.description.as_str()).collect();
    assert_eq!(
        described,
        [
            "Remove the trust policy of `First` › `TrustAccount`: without it, this request is denied.",
            "Remove `Tina` › `AssumeAny`: without it, this request is denied.",
        ]
    );
}

#[test]
fn an_item_is_taken_out_of_its_list_with_one_comma_and_never_out_of_a_lone_value() {
    let text = r#"{"A": ["x", "y", "z"], "B": "w", "C": ["v"]}"#;
    let at = |value: &str| {
        let start = text.find(value).unwrap();
        Span::new(start, start + value.len())
    };
    let cut = |value: &str| {
        list_item(text, at(value)).map(|span| apply(text, &[TextEdit { span, text: String::new() }]).unwrap())
    };
    assert_eq!(cut("\"x\"").as_deref(), Some(r#"{"A": ["y", "z"], "B": "w", "C": ["v"]}"#));
    assert_eq!(cut("\"y\"").as_deref(), Some(r#"{"A": ["x", "z"], "B": "w", "C": ["v"]}"#));
    assert_eq!(cut("\"z\"").as_deref(), Some(r#"{"A": ["x", "y"], "B": "w", "C": ["v"]}"#));
    assert_eq!(cut("\"w\""), None, "a lone string is not a list");
    assert_eq!(cut("\"v\""), None, "the only item of a list stays");
}

#[test]
fn the_user_or_role_behind_a_caller_is_found_from_its_arn() {
    assert_eq!(entity_of("arn:aws:iam::111111111111:user/team/kim"), Some(("111111111111", "users", "kim")));
    assert_eq!(
        entity_of("arn:aws:sts::111111111111:assumed-role/Deploy/ci"),
        Some(("111111111111", "roles", "Deploy"))
    );
    assert_eq!(entity_of("arn:aws:iam::111111111111:role/service/Deploy"), Some(("111111111111", "roles", "Deploy")));
    assert_eq!(entity_of("arn:aws:iam::111111111111:root"), None);
    assert_eq!(entity_of("lambda.amazonaws.com"), None);
}

#[test]
fn a_caller_with_no_policy_is_given_an_inline_policy_for_exactly_the_request_beside_the_ones_it_has() {
    let text = r#"{"version": 1, "accounts": [{"id": "111111111111",
  "users": [{"name": "kim", "inline_policies": {"AllowGetObject": {"Version": "2012-10-17", "Statement": []}}}]}],
 "steps": [{"name": "read", "request": {"principal": "arn:aws:iam::111111111111:user/kim", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}]}"#;
    let results = run(text).unwrap();
    let found = suggestions(text, DocId(0), &results, 0, &|t, n| run_through(t, n));
    let best = found.first().unwrap();
    // The name it would take is used, so the next one is numbered.
    assert_eq!(
        best.description,
        "Give `kim` an inline policy `AllowGetObject2` allowing `s3:GetObject` on `arn:aws:s3:::b/k`, and nothing else."
    );
    assert!(apply(text, &best.edits).unwrap().contains(r#""Statement": []}, "AllowGetObject2": {"Version""#));
    assert_eq!(best.decision, Decision::Allowed);
}
