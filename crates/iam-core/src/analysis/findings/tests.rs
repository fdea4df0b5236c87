use super::*;
use crate::diag::DocId;
use crate::scenario::parse_scenario;

/// A one-account model with `roles`, `users` and `resources` (JSON lists).
fn model(roles: &str, users: &str, resources: &str) -> Scenario {
    let text = format!(
        r#"{{"version": 1, "start_time": "2026-11-01T00:00:00Z", "accounts": [{{"id": "111111111111", "roles": {roles}, "users": {users}, "resources": {resources}}}], "steps": []}}"#
    );
    let parsed = parse_scenario(&text, DocId(0));
    assert!(!crate::has_errors(&parsed.diagnostics), "{:#?}", parsed.diagnostics);
    parsed.scenario.unwrap()
}

fn role(name: &str, statement: &str) -> String {
    format!(r#"{{"name": "{name}", "trust_policy": {{"Version": "2012-10-17", "Statement": [{statement}]}}}}"#)
}

/// The codes of the findings about the entity whose ARN ends with `subject_end`.
fn codes(s: &Scenario, subject_end: &str) -> Vec<&'static str> {
    findings(s).into_iter().filter(|f| f.subject.ends_with(subject_end)).map(|f| f.code).collect()
}

const CALLER: &str = r#"{"name": "dev", "groups": []}"#;

#[test]
fn a_trust_open_to_everyone_is_found_unless_a_condition_limits_the_caller() {
    let open = role("Open", r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#);
    let limited = role(
        "Limited",
        r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}"#,
    );
    let s = model(&format!("[{open}, {limited}]"), "[]", "[]");
    assert_eq!(codes(&s, "role/Open"), ["trust/everyone", "access/external"]);
    assert!(codes(&s, "role/Limited").is_empty(), "{:?}", codes(&s, "role/Limited"));
}

#[test]
fn a_foreign_account_without_external_id_is_the_confused_deputy() {
    let bare = role(
        "Vendor",
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole"}"#,
    );
    let guarded = role(
        "VendorX",
        r#"{"Effect": "Allow", "Principal": {"AWS": "999988887777"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "k-123"}}}"#,
    );
    let own = role(
        "Own",
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}"#,
    );
    let s = model(&format!("[{bare}, {guarded}, {own}]"), "[]", "[]");
    assert_eq!(codes(&s, "role/Vendor"), ["trust/foreign-account-without-external-id", "access/external"]);
    // With an ExternalId the access is still external, but no longer a deputy's risk.
    assert_eq!(codes(&s, "role/VendorX"), ["access/external"]);
    // The model's own account is neither; nobody of the model can assume it though.
    assert_eq!(codes(&s, "role/Own"), ["practice/unused-role"]);
}

#[test]
fn a_web_identity_trust_without_sub_is_found_and_one_with_sub_is_not() {
    let any = role(
        "Deploy",
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}"#,
    );
    let pinned = role(
        "DeployMain",
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/web:ref:refs/heads/main"}}}"#,
    );
    let s = model(&format!("[{any}, {pinned}]"), "[]", "[]");
    assert_eq!(codes(&s, "role/Deploy"), ["trust/oidc-without-sub"]);
    assert!(codes(&s, "role/DeployMain").is_empty());
}

#[test]
fn mfa_through_bool_if_exists_is_found_and_bool_is_not() {
    let weak = role(
        "Weak",
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/dev"}, "Action": "sts:AssumeRole", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}"#,
    );
    let strong = role(
        "Strong",
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/dev"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#,
    );
    let s = model(&format!("[{weak}, {strong}]"), &format!("[{CALLER}]"), "[]");
    assert!(codes(&s, "role/Weak").contains(&"trust/mfa-if-exists"));
    assert!(!codes(&s, "role/Strong").contains(&"trust/mfa-if-exists"));
    // NotPrincipal with Allow is an error of the document itself, found by every reader.
    let not = role(
        "Not",
        r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:user/dev"}, "Action": "sts:AssumeRole"}"#,
    );
    let text = format!(r#"{{"version": 1, "accounts": [{{"id": "111111111111", "roles": [{not}]}}], "steps": []}}"#);
    let codes: Vec<&str> = parse_scenario(&text, DocId(0)).diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"policy/notprincipal-not-allowed"), "{codes:?}");
}

#[test]
fn a_service_trust_without_source_is_a_suggestion_and_with_source_nothing() {
    let bare = role(
        "Fn",
        r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
    );
    let scoped = role(
        "Fn2",
        r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}}}"#,
    );
    let s = model(&format!("[{bare}, {scoped}]"), "[]", "[]");
    let found = findings(&s);
    let fn_role: Vec<&Finding> = found.iter().filter(|f| f.subject.ends_with("role/Fn")).collect();
    assert_eq!(fn_role.len(), 1);
    assert_eq!((fn_role[0].code, fn_role[0].kind), ("trust/service-without-source", Severity::Suggestion));
    // The service reaches both roles: neither is unused.
    assert!(codes(&s, "role/Fn2").is_empty(), "{:?}", codes(&s, "role/Fn2"));
}

#[test]
fn a_bucket_open_to_another_account_is_external_access() {
    let bucket = r#"[{"arn": "arn:aws:s3:::shared", "policy": {"Version": "2012-10-17", "Statement": [{"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/Reader"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/*"}]}}]"#;
    let own = r#"[{"arn": "arn:aws:s3:::own", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/dev"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::own/*"}]}}]"#;
    let s = model("[]", "[]", bucket);
    let found = findings(&s);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "access/external");
    assert_eq!(
        found[0].message,
        "account 444455556666, outside this model's accounts, can reach it through `Partner` of its policy"
    );
    assert!(findings(&model("[]", "[]", own)).is_empty());
}

#[test]
fn administrators_are_found_by_asking_the_model() {
    let users = r#"[
        {"name": "root-like", "policies": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
        {"name": "reader", "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}]"#;
    let s = model("[]", users, "[]");
    let admins: Vec<String> =
        findings(&s).into_iter().filter(|f| f.code == "access/admin").map(|f| f.subject).collect();
    assert_eq!(admins, ["arn:aws:iam::111111111111:user/root-like"]);
}

#[test]
fn policies_on_users_and_old_keys_are_found_and_group_members_with_new_keys_are_not() {
    let users = r#"[
        {"name": "solo", "inline_policies": {"Mine": {"Version": "2012-10-17", "Statement": []}}, "access_keys": [{"id": "AKIAOLD", "created": "2026-06-01T00:00:00Z"}]},
        {"name": "member", "groups": [], "password": true, "mfa": true, "access_keys": [{"id": "AKIANEW", "created": "2026-10-01T00:00:00Z"}]}]"#;
    let s = model("[]", users, "[]");
    assert_eq!(
        codes(&s, "user/solo"),
        ["practice/policy-on-user", "practice/application-user-keys", "practice/old-access-key"]
    );
    let old = findings(&s).into_iter().find(|f| f.code == "practice/old-access-key").unwrap();
    assert_eq!(
        old.message,
        "access key `AKIAOLD` is 153 days old at the scenario's start: rotate keys at least every 90 days"
    );
    assert!(codes(&s, "user/member").is_empty());
}

#[test]
fn every_example_draws_only_findings_of_known_codes_and_the_break_glass_admin_is_found() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/break-glass-admin.json")).unwrap();
    let s = parse_scenario(&text, DocId(0)).scenario.unwrap();
    let found = findings(&s);
    assert!(found.iter().any(|f| f.code == "access/admin" && f.subject.ends_with(":role/BreakGlass")), "{found:#?}");
}

/// A model of one account with `policies` (JSON object), `users` and `roles`.
fn model_with(policies: &str, users: &str, roles: &str) -> Scenario {
    let text = format!(
        r#"{{"version": 1, "accounts": [{{"id": "111111111111", "policies": {policies}, "users": {users}, "roles": {roles}}}], "steps": []}}"#
    );
    let parsed = parse_scenario(&text, DocId(0));
    assert!(!crate::has_errors(&parsed.diagnostics), "{:#?}", parsed.diagnostics);
    parsed.scenario.unwrap()
}

fn escalations_of(s: &Scenario) -> Vec<(String, String, Vec<String>)> {
    findings(s)
        .into_iter()
        .filter(|f| f.code.starts_with("escalation/"))
        .map(|f| (f.subject, f.message, f.path.unwrap_or_default()))
        .collect()
}

fn allow(action: &str, resource: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": {action}, "Resource": {resource}}}]}}"#
    )
}

#[test]
fn a_new_default_version_of_its_own_policy_is_an_escalation() {
    let policies = format!(r#"{{"Ops": {}}}"#, allow(r#"["iam:CreatePolicyVersion", "s3:GetObject"]"#, r#""*""#));
    let s = model_with(&policies, r#"[{"name": "op", "policies": ["Ops"]}]"#, "[]");
    let found = escalations_of(&s);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "arn:aws:iam::111111111111:user/op");
    assert_eq!(found[0].1, "can publish a new default version of its own policy `Ops` (iam:CreatePolicyVersion)");
    assert_eq!(found[0].2, ["iam:CreatePolicyVersion on arn:aws:iam::111111111111:policy/Ops"]);
}

#[test]
fn passing_a_role_to_an_instance_it_launches_is_an_escalation_and_pass_role_alone_is_not() {
    let admin_role = r#"[{"name": "Admin", "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}, "policies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}]"#;
    let both = format!(r#"{{"Launch": {}}}"#, allow(r#"["iam:PassRole", "ec2:RunInstances"]"#, r#""*""#));
    let s = model_with(&both, r#"[{"name": "dev", "policies": ["Launch"]}]"#, admin_role);
    let found = escalations_of(&s);
    assert!(
        found.iter().any(|(who, what, path)| who.ends_with("user/dev")
            && what.starts_with("can pass role `Admin` to an EC2 instance it creates")
            && path.len() == 2),
        "{found:#?}"
    );
    let pass_only = format!(r#"{{"Launch": {}}}"#, allow(r#""iam:PassRole""#, r#""*""#));
    let s = model_with(&pass_only, r#"[{"name": "dev", "policies": ["Launch"]}]"#, admin_role);
    assert!(escalations_of(&s).iter().all(|(who, _, _)| !who.ends_with("user/dev")), "{:#?}", escalations_of(&s));
}

#[test]
fn keys_for_other_users_and_rewriting_a_trust_policy_are_escalations() {
    let policies =
        format!(r#"{{"Helpdesk": {}}}"#, allow(r#"["iam:CreateAccessKey", "iam:UpdateAssumeRolePolicy"]"#, r#""*""#));
    let roles = r#"[{"name": "Ops", "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}]"#;
    let s = model_with(&policies, r#"[{"name": "help", "policies": ["Helpdesk"]}, {"name": "cfo"}]"#, roles);
    let messages: Vec<String> =
        escalations_of(&s).into_iter().filter(|(w, _, _)| w.ends_with("user/help")).map(|e| e.1).collect();
    assert_eq!(
        messages,
        [
            "can create access keys for user `cfo` and act as them (iam:CreateAccessKey)",
            "can rewrite the trust policy of role `Ops` to let itself in (iam:UpdateAssumeRolePolicy)"
        ]
    );
}

/// Evaluated, not matched by name: the boundary stops the self-grant.
#[test]
fn a_boundary_that_does_not_allow_the_method_means_no_escalation() {
    let policies = format!(
        r#"{{"SelfServe": {}, "Boundary": {}}}"#,
        allow(r#""iam:PutUserPolicy""#, r#""*""#),
        allow(r#""s3:*""#, r#""*""#)
    );
    let bounded = model_with(
        &policies,
        r#"[{"name": "dev", "policies": ["SelfServe"], "permissions_boundary": "Boundary"}]"#,
        "[]",
    );
    assert!(escalations_of(&bounded).is_empty(), "{:#?}", escalations_of(&bounded));
    let free = model_with(&policies, r#"[{"name": "dev", "policies": ["SelfServe"]}]"#, "[]");
    assert_eq!(
        escalations_of(&free).into_iter().map(|e| e.1).collect::<Vec<_>>(),
        ["can write itself an inline policy granting anything (iam:PutUserPolicy on itself)"]
    );
    // Read-only access raises nothing.
    let reader = model_with("{}", r#"[{"name": "r", "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}]"#, "[]");
    assert!(escalations_of(&reader).is_empty());
}

#[test]
fn reaching_an_administrator_role_is_an_escalation_unless_the_caller_already_is_one() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}"#;
    let roles = format!(
        r#"[{{"name": "Admin", "trust_policy": {trust}, "policies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}}]"#
    );
    let may_assume =
        format!(r#"{{"MayAssume": {}}}"#, allow(r#""sts:AssumeRole""#, r#""arn:aws:iam::111111111111:role/Admin""#));
    let s = model_with(
        &may_assume,
        r#"[{"name": "dev", "policies": ["MayAssume"]}, {"name": "boss", "policies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}]"#,
        &roles,
    );
    let found = escalations_of(&s);
    assert_eq!(
        found,
        [(
            "arn:aws:iam::111111111111:user/dev".to_string(),
            "can become an administrator by assuming `arn:aws:iam::111111111111:role/Admin`".to_string(),
            vec!["sts:AssumeRole on arn:aws:iam::111111111111:role/Admin".to_string()]
        )],
        "boss is an administrator already, so reaching the role raises nothing"
    );
}

#[test]
fn a_user_with_keys_and_no_password_is_an_application_that_should_use_a_role_and_a_person_is_not() {
    let users = r#"[
        {"name": "ci-bot", "groups": [], "access_keys": [{"id": "AKIABOT1"}, {"id": "AKIABOT2"}]},
        {"name": "alice", "groups": [], "password": true, "mfa": true, "access_keys": [{"id": "AKIAALICE"}]},
        {"name": "nokeys", "groups": []}]"#;
    let s = model("[]", users, "[]");
    let bot: Vec<Finding> = findings(&s).into_iter().filter(|f| f.subject.ends_with("user/ci-bot")).collect();
    assert_eq!(bot.len(), 1, "{bot:#?}");
    assert_eq!(bot[0].code, "practice/application-user-keys");
    assert_eq!(bot[0].kind, Severity::Warning);
    assert!(bot[0].message.starts_with("the user has 2 access keys and no console password"), "{}", bot[0].message);
    assert!(bot[0].message.contains("Lambda execution role"));
    assert!(codes(&s, "user/alice").is_empty());
    assert!(codes(&s, "user/nokeys").is_empty());
}

#[test]
fn a_statement_granting_a_whole_service_is_found_and_a_deny_or_a_narrower_grant_is_not() {
    let policies = r#"{
        "Storage": {"Version": "2012-10-17", "Statement": [
            {"Sid": "AllOfS3", "Effect": "Allow", "Action": ["s3:*", "ec2:Describe*"], "Resource": "*"},
            {"Effect": "Deny", "Action": "dynamodb:*", "Resource": "*"}]},
        "Narrow": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}}"#;
    let users = r#"[{"name": "dev", "groups": [], "password": true, "mfa": true,
        "inline_policies": {"Mine": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}}}]"#;
    let s = model_with(policies, users, "[]");
    let found: Vec<(String, String)> =
        findings(&s).into_iter().filter(|f| f.code == "access/whole-service").map(|f| (f.subject, f.message)).collect();
    assert_eq!(
        found,
        [
            (
                "arn:aws:iam::111111111111:policy/Storage".to_string(),
                "statement `AllOfS3` of policy `Storage` allows every action of `s3` (`s3:*`): list the actions the job needs".to_string()
            ),
            (
                "arn:aws:iam::111111111111:user/dev".to_string(),
                "statement 1 of inline policy `Mine` allows every action of `sqs` (`sqs:*`): list the actions the job needs".to_string()
            ),
        ]
    );
}
