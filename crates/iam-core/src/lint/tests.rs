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
    assert_eq!(d.suggestion.as_deref(), Some("\"s3:PutObject\""), "the replacement for the quoted span");
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
    assert!(lint(&statement(r#"["s3:GetObject", "S3:putobject", "ec2:Describe*", "iam:PassRole"]"#)).is_empty());
    assert!(lint(&statement(r#""*""#)).is_empty());
    // No prefix or a space: the grammar reports those, not the catalogue.
    assert!(lint(&statement(r#"["GetObject", "s3:Get Object"]"#)).is_empty());
}

#[test]
fn not_action_entries_are_checked_too() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:CreatUser", "Resource": "*"}]}"#;
    let found = lint(text);
    assert_eq!(found.iter().map(|d| d.help.as_deref()).collect::<Vec<_>>(), [Some("did you mean `iam:CreateUser`?")]);
}

fn conditions(actions: &str, condition: &str) -> (String, Vec<Diagnostic>) {
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": {actions}, "Resource": "*", "Condition": {condition}}}]}}"#
    );
    let found = lint(&text);
    (text, found)
}

#[test]
fn unknown_condition_keys_get_the_closest_name() {
    let (text, found) = conditions(
        r#""s3:ListBucket""#,
        r#"{"IpAddress": {"aws:SourceIpp": "203.0.113.0/24"}, "StringLike": {"s3:prefx": "home/"}}"#,
    );
    let got: Vec<_> =
        found.iter().map(|d| (d.code, d.span().text(&text), d.help.clone().unwrap_or_default())).collect();
    assert_eq!(
        got,
        [
            ("lint/unknown-condition-key", "\"aws:SourceIpp\"", "did you mean `aws:SourceIp`?".to_string()),
            ("lint/unknown-condition-key", "\"s3:prefx\"", "did you mean `s3:prefix`?".to_string()),
        ]
    );
    assert_eq!(found[0].message, "`aws:SourceIpp` is not a condition key AWS knows, so no request ever carries it");
    assert_eq!(found[0].aws, Some(AwsStance::Stores));
}

#[test]
fn known_keys_tag_keys_and_provider_claims_are_left_alone() {
    let (_, found) = conditions(
        r#""sts:AssumeRoleWithWebIdentity""#,
        r#"{"StringEquals": {"aws:PrincipalTag/team": "dev", "token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main", "accounts.google.com:aud": "x", "aws:SourceIdentity": "bob"}}"#,
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn an_operator_that_cannot_compare_the_key_is_a_warning() {
    let (text, found) = conditions(
        r#""s3:GetObject""#,
        r#"{"DateGreaterThan": {"aws:username": "2020-01-01T00:00:00Z"}, "Bool": {"aws:PrincipalArn": "true"}, "StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111111111111:user/a", "aws:SecureTransport": "true"}, "NumericLessThan": {"aws:EpochTime": "1"}, "Null": {"aws:SourceIp": "true"}, "DateLessThan": {"aws:PrincipalTag/expires": "2030-01-01T00:00:00Z"}}"#,
    );
    let got: Vec<_> = found.iter().map(|d| (d.code, d.severity, d.span().text(&text))).collect();
    assert_eq!(
        got,
        [
            ("lint/condition-type-mismatch", crate::Severity::Warning, "\"DateGreaterThan\""),
            ("lint/condition-type-mismatch", crate::Severity::Warning, "\"Bool\""),
        ],
        "String operators, Null, EpochTime as a number and a date in a tag all fit"
    );
    assert_eq!(
        found[1].message,
        "`Bool` compares Booleans, but `aws:PrincipalArn` is an ARN: the condition holds only for values that happen to read as Booleans"
    );
    assert_eq!(found[0].help.as_deref(), Some("use a String operator (`StringEquals`, `StringLike`, …) with this key"));
}

#[test]
fn a_service_key_no_action_supports_is_a_warning() {
    let (text, found) =
        conditions(r#"["ec2:RunInstances", "ec2:StartInstances"]"#, r#"{"StringLike": {"s3:prefix": "home/"}}"#);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].code, found[0].severity), ("lint/condition-key-not-applicable", crate::Severity::Warning));
    assert_eq!(found[0].span().text(&text), "\"s3:prefix\"");
    assert!(found[0].message.starts_with(
        "none of the statement's actions (`ec2:RunInstances`, `ec2:StartInstances`) supports `s3:prefix`"
    ));
    // Supported: directly by the action, or through its resource type's keys (a tag key).
    assert!(conditions(r#""s3:ListBucket""#, r#"{"StringLike": {"s3:prefix": "home/"}}"#).1.is_empty());
    assert!(conditions(r#""s3:GetObject""#, r#"{"StringEquals": {"s3:ExistingObjectTag/team": "dev"}}"#).1.is_empty());
    // A wildcard action over the whole catalogue, or NotAction: nothing to say.
    assert!(conditions(r#""*""#, r#"{"StringLike": {"s3:prefix": "home/"}}"#).1.is_empty());
}

#[test]
fn a_key_of_a_prefix_no_service_owns_is_matched_against_every_service() {
    // SAML keys are listed under STS.
    let (_, found) = conditions(
        r#""sts:AssumeRoleWithSAML""#,
        r#"{"StringEquals": {"saml:aud": "https://signin.aws.amazon.com/saml", "saml:subb": "x"}}"#,
    );
    let got: Vec<_> = found.iter().map(|d| (d.code, d.help.clone().unwrap_or_default())).collect();
    assert_eq!(got, [("lint/unknown-condition-key", "did you mean `saml:sub`?".to_string())]);
}

fn resources(actions: &str, resources: &str, effect: &str) -> (String, Vec<Diagnostic>) {
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "{effect}", "Action": {actions}, "Resource": {resources}}}]}}"#
    );
    let found = lint(&text);
    (text, found)
}

#[test]
fn an_arn_no_action_acts_on_is_found_and_right_ones_are_not() {
    let (text, found) =
        resources(r#""s3:GetObject""#, r#"["arn:aws:s3:::team-docs", "arn:aws:s3:::team-docs/report.pdf"]"#, "Allow");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].code, found[0].span().text(&text)),
        ("lint/resource-type-mismatch", "\"arn:aws:s3:::team-docs\"")
    );
    assert_eq!(
        found[0].message,
        "none of the statement's actions acts on `arn:aws:s3:::team-docs`, so this entry never matches"
    );
    assert!(found[0].help.as_deref().is_some_and(|h| h.contains("${BucketName}/${ObjectName}")), "{:?}", found[0].help);
    // Wildcards, variables and the right form: nothing to say.
    assert!(resources(
        r#""s3:GetObject""#,
        r#"["arn:aws:s3:::team-docs/*", "arn:aws:s3:::b/${aws:username}/k"]"#,
        "Allow"
    )
    .1
    .is_empty());
    assert!(resources(
        r#"["s3:ListBucket", "s3:GetObject"]"#,
        r#"["arn:aws:s3:::team-docs", "arn:aws:s3:::team-docs/k"]"#,
        "Allow"
    )
    .1
    .is_empty());
}

#[test]
fn an_action_without_resource_types_next_to_specific_arns_is_found() {
    let (text, found) =
        resources(r#"["s3:ListAllMyBuckets", "s3:ListBucket"]"#, r#""arn:aws:s3:::team-docs""#, "Allow");
    let got: Vec<_> = found.iter().map(|d| (d.code, d.span().text(&text))).collect();
    assert_eq!(got, [("lint/wildcard-only-action-with-resource", "\"s3:ListAllMyBuckets\"")]);
    assert!(resources(r#""s3:ListAllMyBuckets""#, r#""*""#, "Allow").1.is_empty());
}

#[test]
fn covered_entries_and_whole_service_wildcards_are_suggestions() {
    let (text, found) = resources(r#"["s3:*", "s3:GetObject", "s3:Get*"]"#, r#""*""#, "Allow");
    let got: Vec<_> = found.iter().map(|d| (d.code, d.severity, d.span().text(&text))).collect();
    assert_eq!(
        got,
        [
            ("lint/service-wildcard", crate::Severity::Suggestion, "\"s3:*\""),
            ("lint/redundant-action", crate::Severity::Suggestion, "\"s3:GetObject\""),
            ("lint/redundant-action", crate::Severity::Suggestion, "\"s3:Get*\""),
        ]
    );
    assert_eq!(found[1].message, "`s3:GetObject` is already covered by `s3:*` in the same statement");
    assert!(found[0].message.starts_with("`s3:*` allows all "), "{}", found[0].message);
    // The same action twice: the second is the redundant one. A Deny of a whole service is no over-grant.
    let (text, found) = resources(r#"["s3:GetObject", "S3:getobject"]"#, r#""*""#, "Deny");
    assert_eq!(found.iter().map(|d| d.span().text(&text)).collect::<Vec<_>>(), ["\"S3:getobject\""]);
    assert!(resources(r#""s3:*""#, r#""*""#, "Deny").1.is_empty());
}

#[test]
fn a_scenario_is_checked_where_it_writes_policies_and_not_in_aws_managed_ones() {
    let catalogue = crate::catalogue::tests::bundled();
    let text = r#"{"version": 1, "accounts": [{"id": "111111111111",
      "policies": {"Team": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObjekt", "Resource": "*"}]}},
      "users": [{"name": "alice", "policies": ["Team", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
        "inline_policies": {"Mine": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "madeup:DoThing", "Resource": "*"}]}}}],
      "roles": [{"name": "r", "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresnt": "true"}}}]}}]}]}"#;
    let parsed = crate::scenario::parse_scenario(text, DocId(0));
    let scenario = parsed.scenario.unwrap();
    let found = lint_scenario(&scenario, &catalogue);
    let got: Vec<_> = found.iter().map(|d| (d.code, d.span().text(text))).collect();
    assert_eq!(
        got,
        [
            ("lint/unknown-action", "\"s3:PutObjekt\""),
            ("lint/unknown-service", "\"madeup:DoThing\""),
            ("lint/unknown-condition-key", "\"aws:MultiFactorAuthPresnt\""),
        ],
        "ReadOnlyAccess names retired services; it is AWS's, and not checked"
    );
    assert_eq!(found[2].help.as_deref(), Some("did you mean `aws:MultiFactorAuthPresent`?"));
}
