use super::*;
use crate::scenario::{parse_scenario, run_scenario};

fn fixture() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/import/account-authorization-details.json"
    ))
    .unwrap()
}

fn left_out(imported: &Imported) -> Vec<String> {
    imported.left_out.iter().map(|l| format!("{}: {}", l.what, l.why)).collect()
}

#[test]
fn an_account_becomes_a_scenario_that_reads_without_errors() {
    let text = fixture();
    let imported = authorization_details(&text, DocId(0));
    assert_eq!(imported.counts, Counts { accounts: 1, users: 3, groups: 1, roles: 3, policies: 2 });
    let scenario = imported.scenario.clone().unwrap();
    let parsed = parse_scenario(&scenario, DocId(0));
    assert!(!crate::has_errors(&parsed.diagnostics), "{:#?}", parsed.diagnostics);
    insta::assert_snapshot!("imported_scenario", scenario);
}

#[test]
fn what_a_scenario_cannot_hold_is_listed_with_the_reason() {
    let imported = authorization_details(&fixture(), DocId(0));
    insta::assert_snapshot!("left_out", left_out(&imported).join("\n"));
    let codes: Vec<&str> = imported.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["import/unreadable-document"], "the damaged inline policy of WebServer");
}

/// The imported account answers questions as the account would: the
/// default version is in force (not v1's `s3:*`), the group's policy reaches
/// alice, bob's boundary holds, and the URL-encoded documents were read.
#[test]
fn the_imported_account_decides_as_the_account_would() {
    let imported = authorization_details(&fixture(), DocId(0));
    let scenario = imported.scenario.unwrap();
    let step = |principal: &str, action: &str, resource: &str| {
        format!(
            r#"{{"name": "{action}", "request": {{"principal": "{principal}", "action": "{action}", "resource": "{resource}"}}}}"#
        )
    };
    let steps = [
        step("arn:aws:iam::111122223333:user/alice", "s3:PutObject", "arn:aws:s3:::team-artifacts/a.zip"),
        step("arn:aws:iam::111122223333:user/alice", "s3:DeleteBucket", "arn:aws:s3:::team-artifacts"),
        step("arn:aws:iam::111122223333:user/admins/bob", "s3:GetObject", "arn:aws:s3:::team-artifacts/a.zip"),
        step("arn:aws:iam::111122223333:user/admins/bob", "iam:CreateUser", "arn:aws:iam::111122223333:user/x"),
    ];
    let with_steps = scenario.replace("\"steps\": []", &format!("\"steps\": [{}]", steps.join(",")));
    let parsed = parse_scenario(&with_steps, DocId(0));
    assert!(!crate::has_errors(&parsed.diagnostics), "{:#?}", parsed.diagnostics);
    let decisions: Vec<_> =
        run_scenario(parsed.scenario.as_ref().unwrap()).iter().map(|r| r.decision.map(|d| d.as_str())).collect();
    assert_eq!(
        decisions,
        [Some("allowed"), Some("implicitDeny"), Some("allowed"), Some("implicitDeny")],
        "bob may not create users: TeamBoundary does not allow iam"
    );
}

#[test]
fn anything_else_is_refused_with_a_clear_error() {
    for text in ["[]", r#"{"version": 1, "accounts": []}"#, "{"] {
        let imported = authorization_details(text, DocId(0));
        assert!(imported.scenario.is_none(), "{text}");
        assert!(crate::has_errors(&imported.diagnostics), "{text}");
    }
    let imported = authorization_details(r#"{"version": 1}"#, DocId(0));
    assert_eq!(imported.diagnostics.first().map(|d| d.code), Some("import/not-authorization-details"));
    assert!(is_authorization_details(&fixture()));
    assert!(!is_authorization_details(r#"{"version": 1, "accounts": []}"#));
}

#[test]
fn one_page_of_several_is_said() {
    let imported = authorization_details(r#"{"UserDetailList": [], "IsTruncated": true, "Marker": "x"}"#, DocId(0));
    assert_eq!(imported.diagnostics.first().map(|d| d.code), Some("import/truncated"));
    assert!(imported.scenario.is_some());
}

#[test]
fn url_encoded_documents_are_decoded_and_damaged_ones_refused() {
    assert_eq!(decode::percent_decode("%7B%22a%22%3A1%7D").as_deref(), Some(r#"{"a":1}"#));
    assert_eq!(decode::percent_decode("a+b%20c").as_deref(), Some("a+b c"));
    assert_eq!(decode::percent_decode("%7"), None);
    assert_eq!(decode::percent_decode("%zz"), None);
    assert_eq!(decode::percent_decode("%C3%A9").as_deref(), Some("é"));
    assert_eq!(decode::percent_decode("%C3"), None, "not UTF-8");
}

fn report(name: &str) -> Report {
    let text = std::fs::read_to_string(format!("{}/../../tests/import/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    credential_report(&text, DocId(1))
}

#[test]
fn the_credential_report_reads_the_same_from_its_json_and_its_csv() {
    let (json, csv) = (report("credential-report.json"), report("credential-report.csv"));
    assert!(json.diagnostics.is_empty() && csv.diagnostics.is_empty());
    assert_eq!(json.rows, csv.rows);
    let bob = json.rows.iter().find(|r| r.user == "bob").unwrap();
    assert!(bob.password && !bob.mfa);
    assert_eq!(bob.keys.len(), 1);
    let ci = json.rows.iter().find(|r| r.user == "ci").unwrap();
    assert_eq!(ci.keys.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 2]);
    for bad in ["{\"Content\": \"%%%\"}", "{\"x\": 1}", "name,age\nbob,3"] {
        let r = credential_report(bad, DocId(1));
        assert_eq!(r.diagnostics.first().map(|d| d.code), Some("import/not-credential-report"), "{bad}");
    }
}

/// With the report, the imported users carry their password, MFA and keys,
/// and the findings see what the report shows.
#[test]
fn the_report_completes_the_users_and_feeds_the_findings() {
    let r = report("credential-report.json");
    let imported = authorization_details_with(&fixture(), DocId(0), Some(&r));
    let scenario = imported.scenario.clone().unwrap();
    assert!(scenario.contains("\"password\": true"), "{scenario}");
    let left = left_out(&imported);
    assert!(left.iter().any(|l| l.starts_with("the root user's row (password no, MFA yes)")), "{left:#?}");
    assert!(
        left.iter().any(|l| l == "the credential report's row of `departed`: no such user is in the file"),
        "{left:#?}"
    );
    // The report's time is the scenario's clock: key ages are measured from it.
    assert!(scenario.contains("\"start_time\": \"2026-11-30T09:00:00Z\""), "{scenario}");
    let parsed = parse_scenario(&scenario, DocId(0));
    assert!(!crate::has_errors(&parsed.diagnostics), "{:#?}", parsed.diagnostics);
    let found: Vec<(String, &str)> = crate::analysis::findings(parsed.scenario.as_ref().unwrap())
        .into_iter()
        .filter(|f| f.code.starts_with("practice/"))
        .map(|f| (f.subject.rsplit('/').next().unwrap_or_default().to_string(), f.code))
        .collect();
    assert!(found.contains(&("bob".to_string(), "practice/console-without-mfa")), "{found:#?}");
    assert!(!found.contains(&("alice".to_string(), "practice/console-without-mfa")), "alice has MFA: {found:#?}");
    // bob's key was rotated 2025-02-01, ci's key 2 in 2023: both old; ci's key 1 is new.
    let old: Vec<&String> = found.iter().filter(|(_, c)| *c == "practice/old-access-key").map(|(u, _)| u).collect();
    assert_eq!(old, ["bob", "ci"]);
}

/// A report added to a scenario already imported gives the same users as
/// importing both at once, and says which rows found nobody.
#[test]
fn a_report_added_later_completes_the_same_users_and_replaces_what_they_said() {
    let r = report("credential-report.csv");
    let alone = authorization_details(&fixture(), DocId(0)).scenario.unwrap();
    // What the scenario said before is replaced by the report.
    let alone = alone.replacen("\"name\": \"alice\"", "\"name\": \"alice\", \"mfa\": false, \"password\": false", 1);
    let completed = with_credential_report(&alone, &r).unwrap();
    assert_eq!(completed.users, 3);
    let left: Vec<String> = completed.left_out.iter().map(|l| format!("{}: {}", l.what, l.why)).collect();
    assert!(
        left.contains(&"the credential report's row of `departed`: no such user is in the scenario".to_string()),
        "{left:#?}"
    );
    assert!(left.iter().any(|l| l.starts_with("the root user's row")), "{left:#?}");
    let both = authorization_details_with(&fixture(), DocId(0), Some(&r)).scenario.unwrap();
    let users = |text: &str| {
        let s = parse_scenario(text, DocId(0)).scenario.unwrap();
        s.accounts[0]
            .users
            .iter()
            .map(|u| (u.name.clone(), u.password, u.mfa, u.access_keys.iter().map(|k| k.created).collect::<Vec<_>>()))
            .collect::<Vec<_>>()
    };
    assert_eq!(users(&completed.scenario), users(&both));
    // The CSV has no time: the scenario keeps its own clock.
    assert!(!completed.scenario.contains("start_time"));
    let with_time = with_credential_report(&alone, &report("credential-report.json")).unwrap();
    assert!(with_time.scenario.contains("\"start_time\": \"2026-11-30T09:00:00Z\""), "{}", with_time.scenario);
    assert!(is_credential_report(
        &std::fs::read_to_string(format!("{}/../../tests/import/credential-report.csv", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
    ));
    assert!(is_credential_report(
        &std::fs::read_to_string(format!("{}/../../tests/import/credential-report.json", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
    ));
    assert!(!is_credential_report(&fixture()));
    assert_eq!(with_credential_report("[]", &r).unwrap_err(), "the scenario is not a JSON object");
}
