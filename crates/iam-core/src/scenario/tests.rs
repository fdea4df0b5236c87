//! Parsing errors and derived facts of scenarios.

use super::parse::MAX_STEPS;
use super::*;
use crate::DocId;

fn codes(text: &str) -> Vec<&'static str> {
    parse_scenario(text, DocId(0)).diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code).collect()
}

fn underlined(text: &str, code: &str) -> String {
    let parsed = parse_scenario(text, DocId(0));
    let d = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code}: {:?}", parsed.diagnostics));
    d.span().text(text).to_string()
}

#[test]
fn unknown_aws_managed_policy_is_an_error_not_an_empty_policy() {
    let t = r#"{"version":1,"accounts":[{"id":"111111111111","users":[{"name":"u","policies":["arn:aws:iam::aws:policy/NoSuchThing"]}]}]}"#;
    assert_eq!(underlined(t, "scenario/unknown-aws-managed-policy"), "\"arn:aws:iam::aws:policy/NoSuchThing\"");
}

#[test]
fn unknown_field_is_rejected_with_a_case_hint() {
    let t = r#"{"version":1,"accounts":[{"id":"111111111111","Users":[]}]}"#;
    assert_eq!(codes(t), ["scenario/unknown-field"]);
    let parsed = parse_scenario(t, DocId(0));
    assert!(parsed.diagnostics[0].help.as_deref().is_some_and(|h| h.contains("`users`")));
}

#[test]
fn dangling_references_are_reported_where_written() {
    let t = r#"{"version":1,"accounts":[{"id":"111111111111","users":[{"name":"u","groups":["nope"],"policies":["Missing"]}]}],
      "steps":[{"name":"s","request":{"principal":"session:later","action":"s3:GetObject","resource":"*"}}]}"#;
    assert_eq!(underlined(t, "scenario/unknown-group"), "\"nope\"");
    assert_eq!(underlined(t, "scenario/unknown-policy"), "\"Missing\"");
    assert_eq!(underlined(t, "scenario/unknown-session"), "\"session:later\"");
}

#[test]
fn version_and_step_shape_are_checked() {
    assert_eq!(codes(r#"{"version":2}"#), ["scenario/unsupported-version"]);
    assert_eq!(codes(r#"{}"#), ["scenario/missing-field"]);
    let two = r#"{"version":1,"steps":[{"name":"x","request":{"principal":"*","action":"s3:GetObject","resource":"*"},"assume_role":{"caller":"*","role":"r"}}]}"#;
    assert_eq!(codes(two), ["scenario/step-kind"]);
}

#[test]
fn org_paths_and_scp_levels_follow_the_tree() {
    let t = r#"{"version":1,"organization":{"id":"o-x","root":{"id":"r-x","units":[{"id":"ou-x-1","name":"A","scps":[],"units":[{"id":"ou-x-2","name":"B","accounts":["111111111111"]}]}]}},
      "accounts":[{"id":"111111111111"}]}"#;
    let s = parse_scenario(t, DocId(0)).scenario.unwrap();
    let org = s.organization.as_ref().unwrap();
    assert_eq!(org::org_path(org, "111111111111").as_deref(), Some("o-x/r-x/ou-x-1/ou-x-2/"));
    let full = crate::policy::parse_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        crate::PolicyId::new("f"),
        crate::PolicyKind::Scp,
        DocId(0),
    )
    .policy
    .unwrap();
    let levels = org::scp_levels(Some(org), "111111111111", &full).unwrap();
    // root (default FullAWSAccess), A (none attached), B (default), the account (default)
    assert_eq!(levels.iter().map(Vec::len).collect::<Vec<_>>(), [1, 0, 1, 1]);
}

#[test]
fn request_file_is_recognised() {
    let t = r#"{"request":{"principal":"*","action":"s3:GetObject","resource":"*"}}"#;
    assert_eq!(codes(t), ["scenario/request-file"]);
}

#[test]
fn duplicate_user_names_are_an_error_whatever_the_case() {
    // The second alice used to be ignored silently, so her `Deny *` never applied.
    let t = r#"{"version":1,"accounts":[{"id":"111111111111","users":[{"name":"alice"},
      {"name":"Alice","inline_policies":{"D":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}}}]}]}"#;
    assert_eq!(codes(t), ["scenario/duplicate-name"]);
    assert_eq!(underlined(t, "scenario/duplicate-name"), "\"Alice\"");
    assert!(crate::diag::blocks_evaluation(&parse_scenario(t, DocId(0)).diagnostics));
}

#[test]
fn names_and_paths_iam_would_refuse_are_errors() {
    let t = r#"{"version":1,"accounts":[{"id":"111111111111","users":[{"name":"alice smith/../*"}],
      "roles":[{"name":"ok","path":"/has space/","trust_policy":{"Version":"2012-10-17","Statement":[]}}]}]}"#;
    assert_eq!(underlined(t, "scenario/invalid-name"), "\"alice smith/../*\"");
    assert_eq!(underlined(t, "scenario/invalid-path"), "\"/has space/\"");
}

#[test]
fn the_same_name_for_a_user_and_a_role_is_allowed() {
    let t = r#"{"version":1,"accounts":[{"id":"111111111111","users":[{"name":"deploy"}],
      "roles":[{"name":"deploy","trust_policy":{"Version":"2012-10-17","Statement":[]}}]}]}"#;
    assert!(codes(t).is_empty(), "{:?}", codes(t));
}

#[test]
fn inline_policies_over_the_users_aggregate_quota_are_refused() {
    let statement = r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a-fairly-long-bucket-name-for-padding/*"}"#;
    let many = [statement; 12].join(",");
    let policy = format!(r#"{{"Version":"2012-10-17","Statement":[{many}]}}"#);
    let t = format!(
        r#"{{"version":1,"accounts":[{{"id":"111111111111","users":[{{"name":"u","inline_policies":{{"A":{policy},"B":{policy}}}}}]}}]}}"#
    );
    let parsed = parse_scenario(&t, DocId(0));
    let d = parsed.diagnostics.iter().find(|d| d.code == "policy/inline-size-quota").unwrap();
    assert!(d.message.contains("IAM allows 2048 per user"), "{}", d.message);
    assert_eq!(d.aws, Some(crate::diag::AwsStance::Refuses));
    // a policy-document error: the scenario is still evaluated
    assert!(!crate::diag::blocks_evaluation(&parsed.diagnostics));
}

#[test]
fn a_bucket_policy_over_20_kb_is_refused() {
    let statement = r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/some/long/prefix/for/padding/*"}"#;
    let many = [statement; 200].join(",");
    let t = format!(
        r#"{{"version":1,"accounts":[{{"id":"111111111111","resources":[{{"arn":"arn:aws:s3:::b","policy":{{"Version":"2012-10-17","Statement":[{many}]}}}}]}}]}}"#
    );
    let parsed = parse_scenario(&t, DocId(0));
    let d = parsed.diagnostics.iter().find(|d| d.code == "policy/size-quota").unwrap();
    assert!(d.message.contains("an S3 bucket policy may have at most 20480"), "{}", d.message);
}

#[test]
fn step_ids_and_session_references_are_checked_in_order() {
    let step = |name: &str, id: &str, kind: &str| {
        let action = match kind {
            "assume" => r#""assume_role": {"caller": "arn:aws:iam::111111111111:user/u", "role": "arn:aws:iam::111111111111:role/R"}"#.to_string(),
            "use" => format!(r#""request": {{"principal": "session:{id}", "action": "s3:GetObject", "resource": "*"}}"#),
            _ => r#""request": {"principal": "arn:aws:iam::111111111111:user/u", "action": "s3:GetObject", "resource": "*"}"#.to_string(),
        };
        let id_field = if kind == "use" { String::new() } else { format!(r#""id": "{id}", "#) };
        format!(r#"{{"name": "{name}", {id_field}{action}}}"#)
    };
    let steps = [
        step("too early", "a", "use"),
        step("assume", "a", "assume"),
        step("fine", "a", "use"),
        step("again", "a", "assume"),
        step("a request makes no session", "r", "plain"),
        step("not a session", "r", "use"),
    ];
    let t = format!(
        r#"{{"version":1,"accounts":[{{"id":"111111111111","users":[{{"name":"u"}}],"roles":[{{"name":"R","trust_policy":{{"Version":"2012-10-17","Statement":[]}}}}]}},{{"id":"111111111111"}}],"steps":[{}]}}"#,
        steps.join(",")
    );
    let mut found = codes(&t);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "scenario/duplicate-account",
            "scenario/duplicate-step-id",
            "scenario/unknown-session",
            "scenario/unknown-session"
        ]
    );
}

fn many_steps(statements: usize, steps: usize) -> String {
    // Statement 0 allows the request; the others name other buckets.
    let stmts: Vec<String> = (0..statements)
        .map(|i| {
            let bucket = if i == 0 { "b".to_string() } else { format!("other-{i}") };
            format!(r#"{{"Sid":"S{i}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::{bucket}/*"}}"#)
        })
        .collect();
    let step = r#"{"name":"read","request":{"principal":"arn:aws:iam::111111111111:user/u","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"},"expect":"allowed"}"#;
    format!(
        r#"{{"version":1,"accounts":[{{"id":"111111111111","policies":{{"P":{{"Version":"2012-10-17","Statement":[{}]}}}},"users":[{{"name":"u","policies":["P"]}}]}}],"steps":[{}]}}"#,
        stmts.join(","),
        vec![step; steps].join(",")
    )
}

#[test]
fn more_steps_than_the_ceiling_is_an_error_that_names_it() {
    let parsed = parse_scenario(&many_steps(1, MAX_STEPS + 1), DocId(0));
    assert!(parsed.scenario.is_none());
    let d = parsed.diagnostics.iter().find(|d| d.code == "scenario/too-many-steps").unwrap();
    assert_eq!(d.message, "the scenario has 1001 steps; the playground runs at most 1000");
    assert!(d.is_error());
    assert!(parse_scenario(&many_steps(1, MAX_STEPS), DocId(0)).scenario.is_some());
}

#[test]
fn past_the_trace_budget_later_steps_keep_only_what_applies_and_count_the_rest() {
    // 1,000 statements per evaluation: the budget of 100,000 is spent after 100 steps.
    let text = many_steps(1000, 120);
    let parsed = parse_scenario(&text, DocId(0));
    let scenario = parsed.scenario.unwrap();
    let results = run_scenario(&scenario);
    assert_eq!(results.len(), 120);
    assert!(results.iter().all(|r| r.decision == Some(crate::Decision::Allowed) && r.pass == Some(true)));
    let identity = |r: &StepResult| {
        r.evaluations[0].evaluation.policies.iter().find(|p| p.id.0.ends_with("P")).cloned().unwrap_or_else(|| {
            panic!("{:?}", r.evaluations[0].evaluation.policies.iter().map(|p| &p.id).collect::<Vec<_>>())
        })
    };
    let first = identity(&results[0]);
    assert_eq!((first.statements.len(), first.omitted), (1000, 0));
    let last = identity(&results[119]);
    assert_eq!((last.statements.len(), last.omitted), (1, 999), "only the statement that applies is kept");
    assert_eq!(last.statements[0].sid.as_deref(), Some("S0"));
    // The explanation still names the deciding statement.
    let determining = &results[119].evaluations[0].evaluation.determining;
    assert_eq!(determining.iter().map(|d| d.sid.as_deref()).collect::<Vec<_>>(), [Some("S0")]);
    let kept: usize = results.iter().flat_map(|r| &r.evaluations).map(|e| e.evaluation.traced_statements()).sum();
    assert!(kept <= MAX_TRACED_STATEMENTS + 1000, "{kept}");
}

#[test]
fn statements_of_policies_aws_provides_are_not_placed_in_the_scenario_text() {
    let text = r#"{"version": 1, "accounts": [{"id": "111111111111", "users": [{"name": "admin", "policies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}]}],
      "steps": [{"name": "s", "request": {"principal": "arn:aws:iam::111111111111:user/admin", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}, "expect": "allowed"}]}"#;
    let scenario = parse_scenario(text, DocId(0)).scenario.unwrap();
    let results = run_scenario(&scenario);
    let evaluation = &results[0].evaluations[0].evaluation;
    let deciding = &evaluation.determining;
    assert_eq!(deciding.len(), 1);
    assert_eq!(deciding[0].policy.0.as_ref(), "arn:aws:iam::aws:policy/AdministratorAccess");
    assert_eq!(deciding[0].doc, AWS_DOC, "its span points into AWS's document, so no editor may highlight it");
    assert!(evaluation
        .policies
        .iter()
        .filter(|p| p.id.0.as_ref() != "arn:aws:iam::aws:policy/AdministratorAccess")
        .all(|p| p.doc != AWS_DOC || p.id.0.as_ref() == "FullAWSAccess"));
}
