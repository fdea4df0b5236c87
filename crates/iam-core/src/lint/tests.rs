use super::*;
use crate::{parse_policy, DocId, PolicyId, PolicyKind};

fn lint(text: &str) -> Vec<Diagnostic> {
    let catalogue = crate::catalogue::tests::bundled();
    let policy = parse_policy(text, PolicyId::new("p"), PolicyKind::Identity, DocId(0)).policy.unwrap();
    lint_policy(&policy, &catalogue)
}

fn statement(actions: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": {actions}, "Resource": "*"}}]}}"#
    )
}

#[test]
fn a_typo_in_an_action_is_found_with_the_right_name() {
    let text = statement(r#"["s3:GetObject", "s3:PutObjekt"]"#);
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(d.code, "lint/unknown-action");
    assert_eq!(d.span().text(&text), "\"s3:PutObjekt\"");
    assert_eq!(d.message, "Amazon S3 has no action `PutObjekt`, so this entry never matches");
    assert_eq!(d.help.as_deref(), Some("did you mean `s3:PutObject`?"));
    assert_eq!(d.aws, Some(AwsStance::Stores), "IAM stores it; it just never matches");
    assert!(d.is_error());
}

#[test]
fn an_unknown_service_and_an_empty_pattern_are_found() {
    let found = lint(&statement(r#"["madeup:DoThing", "s4:GetObject", "s3:Put*Objekt"]"#));
    let codes: Vec<_> = found.iter().map(|d| (d.code, d.help.clone().unwrap_or_default())).collect();
    assert_eq!(codes[0].0, "lint/unknown-service");
    assert_eq!(
        found[0].message,
        "`madeup` is not the prefix of any AWS service, so `madeup:DoThing` matches no action"
    );
    assert_eq!(codes[1], ("lint/unknown-service", "did you mean `s3:GetObject`?".to_string()));
    assert_eq!(codes[2].0, "lint/unknown-action");
    assert!(found[2].message.starts_with("`s3:Put*Objekt` matches none of the "), "{}", found[2].message);
}

#[test]
fn correct_actions_wildcards_and_malformed_entries_are_left_alone() {
    assert!(lint(&statement(r#"["s3:GetObject", "S3:getobject", "s3:Get*", "ec2:Describe*", "*", "iam:PassRole"]"#))
        .is_empty());
    // No prefix or a space: the grammar reports those, not the catalogue.
    assert!(lint(&statement(r#"["GetObject", "s3:Get Object"]"#)).is_empty());
}

#[test]
fn not_action_entries_are_checked_too() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:CreatUser", "Resource": "*"}]}"#;
    let found = lint(text);
    assert_eq!(found.iter().map(|d| d.help.as_deref()).collect::<Vec<_>>(), [Some("did you mean `iam:CreateUser`?")]);
}
