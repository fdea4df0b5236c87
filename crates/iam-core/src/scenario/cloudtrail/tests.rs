use super::*;
use crate::diag::DocId;
use crate::scenario::{parse_scenario, run_scenario};

fn records_of(name: &str) -> Vec<Record> {
    let text = std::fs::read_to_string(format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let s = parse_scenario(&text, DocId(0)).scenario.unwrap();
    let results = run_scenario(&s);
    records(&s, &results)
}

#[test]
fn bobs_user_and_his_break_glass_session_are_told_apart_by_type_key_and_session_context() {
    let r = records_of("break-glass-admin.json");
    // Step 5 (a two-hour session) could not be made: it has no record.
    let steps: Vec<usize> = r.iter().map(|r| r.step).collect();
    assert_eq!(steps, [0, 1, 2, 3, 4, 6, 7, 8]);
    let assume = &r[0];
    assert_eq!((assume.event_source.as_str(), assume.event_name.as_str()), ("sts.amazonaws.com", "AssumeRole"));
    assert_eq!(assume.identity.kind, IdentityType::IamUser);
    assert_eq!(assume.identity.arn.as_deref(), Some("arn:aws:iam::111111111111:user/bob"));
    assert_eq!(assume.identity.user_name.as_deref(), Some("bob"));
    let long_term = assume.identity.access_key_id.clone().unwrap();
    assert!(long_term.starts_with("AKIA") && long_term.len() == 20, "{long_term}");
    assert!(assume.identity.principal_id.as_deref().is_some_and(|p| p.starts_with("AIDA")));
    assert!(assume.request_parameters.contains(&("serialNumber", "arn:aws:iam::111111111111:mfa/bob".to_string())));
    assert!(assume.request_parameters.contains(&("roleSessionName", "bob-incident-42".to_string())));
    let (session_arn, temporary) = assume.assumed.clone().unwrap();
    assert_eq!(session_arn, "arn:aws:sts::111111111111:assumed-role/BreakGlass/bob-incident-42");
    assert!(temporary.starts_with("ASIA") && temporary.len() == 20);

    // The session's call: who did it is the session, issued by the role, with MFA.
    let create = &r[1];
    assert_eq!(create.event_name, "CreateUser");
    assert_eq!(create.event_source, "iam.amazonaws.com");
    assert_eq!(create.identity.kind, IdentityType::AssumedRole);
    assert_eq!(create.identity.arn.as_deref(), Some(session_arn.as_str()));
    assert_eq!(create.identity.access_key_id.as_deref(), Some(temporary.as_str()), "the key AssumeRole returned");
    let context = create.identity.session.clone().unwrap();
    assert_eq!(context.issuer_type, "Role");
    assert_eq!(context.issuer_arn, "arn:aws:iam::111111111111:role/BreakGlass");
    assert!(context.mfa_authenticated);
    assert!(create
        .identity
        .principal_id
        .as_deref()
        .is_some_and(|p| p.starts_with("AROA") && p.ends_with(":bob-incident-42")));
    assert_eq!(create.error_code, None);

    let denied = &r[2];
    assert_eq!(denied.error_code, Some("AccessDenied"));
    assert!(denied.error_message.as_deref().is_some_and(|m| m.ends_with(
        "cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:111111111111:trail/org with an explicit deny"
    )));
    let expired = &r[3];
    assert_eq!(expired.error_code, Some("ExpiredToken"));
    assert_eq!(expired.identity.kind, IdentityType::AssumedRole);
    // Without MFA the assumption is refused; no credentials come back.
    assert_eq!(r[4].error_code, Some("AccessDenied"));
    assert_eq!(r[4].assumed, None);
    // GetSessionToken: a session of bob's own.
    let token = r.iter().find(|r| r.event_name == "GetSessionToken").unwrap();
    assert_eq!(token.identity.kind, IdentityType::IamUser);
    let with_token = r.iter().find(|r| r.step == 7).unwrap();
    assert_eq!(with_token.identity.kind, IdentityType::IamUser);
    assert!(with_token.identity.access_key_id.as_deref().is_some_and(|k| k.starts_with("ASIA")));
    assert_eq!(with_token.identity.session.as_ref().map(|c| c.issuer_type), Some("IAMUser"));
}

#[test]
fn a_cross_account_assumption_is_recorded_in_both_accounts_with_one_shared_id() {
    let r = records_of("cross-account-devops.json");
    let both: Vec<&Record> = r.iter().filter(|r| r.step == 0).collect();
    assert_eq!(both.len(), 2);
    let accounts: Vec<Option<&str>> = both.iter().map(|r| r.recipient_account.as_deref()).collect();
    assert_eq!(accounts, [Some("999999999999"), Some("222222222222")]);
    let shared = both[0].shared_event_id.clone().unwrap();
    assert_eq!(both[1].shared_event_id.as_deref(), Some(shared.as_str()));
    let groups: Vec<usize> = shared.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{shared}");
    assert!(shared.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    // Only cross-account assumptions are shared, each in exactly two records.
    assert!(r.iter().filter(|r| r.event_name != "AssumeRole").all(|r| r.shared_event_id.is_none()));
    for id in r.iter().filter_map(|r| r.shared_event_id.as_deref()) {
        assert_eq!(r.iter().filter(|x| x.shared_event_id.as_deref() == Some(id)).count(), 2);
    }
}

#[test]
fn a_service_assuming_its_role_is_an_aws_service_identity_and_the_json_has_cloudtrails_shape() {
    let r = records_of("lambda-function-role.json");
    let service = r.iter().find(|r| r.identity.kind == IdentityType::AwsService).unwrap();
    assert_eq!(service.identity.invoked_by.as_deref(), Some("lambda.amazonaws.com"));
    assert_eq!(service.event_name, "AssumeRole");
    let text = to_json(&r);
    let (json, diagnostics) = crate::json::parse(&text, DocId(0));
    assert!(diagnostics.is_empty());
    let records = json.unwrap();
    let first = &records.get("Records").unwrap().items()[0];
    for field in [
        "eventVersion",
        "userIdentity",
        "eventTime",
        "eventSource",
        "eventName",
        "awsRegion",
        "sourceIPAddress",
        "userAgent",
        "requestParameters",
        "responseElements",
        "eventType",
        "recipientAccountId",
    ] {
        assert!(first.get(field).is_some(), "{field} in {text}");
    }
    assert_eq!(first.get("userIdentity").and_then(|u| u.get("type")).and_then(Node::as_str), Some("AWSService"));
}
