use super::*;
use crate::analysis::testing::model;

fn facts(c: &Comparison) -> Vec<(String, String, String)> {
    c.facts.iter().map(|f| (f.topic.clone(), f.user.clone(), f.role.clone())).collect()
}

fn fact<'c>(c: &'c Comparison, topic: &str) -> &'c Fact {
    c.facts.iter().find(|f| f.topic == topic).unwrap_or_else(|| panic!("no fact {topic}: {:#?}", facts(c)))
}

#[test]
fn carols_bucket_grant_escapes_her_boundary_but_her_roles_does_not_and_the_session_expires() {
    let s = model("user-vs-role-bucket-policy.json");
    let c = compare_user_with_role(&s, "arn:aws:iam::111111111111:user/carol", None).unwrap();
    // Her first request of the scenario is the one compared.
    assert_eq!((c.action.as_str(), c.resource.as_str()), ("s3:GetObject", "arn:aws:s3:::shared-data/report.csv"));
    assert_eq!(c.role, "arn:aws:iam::111111111111:role/carol-as-role");
    assert_eq!(c.session, "arn:aws:sts::111111111111:assumed-role/carol-as-role/carol");
    let now = fact(&c, "s3:GetObject on arn:aws:s3:::shared-data/report.csv, now");
    assert_eq!((now.user.as_str(), now.role.as_str()), ("allowed", "denied: nothing allows it"));
    let later = fact(&c, "The same request two hours later (s3:GetObject on arn:aws:s3:::shared-data/report.csv)");
    assert_eq!(later.user, "allowed");
    assert_eq!(later.role, "refused: credentials expired at 2026-01-01T10:00:00Z");
    let credentials = fact(&c, "Credentials");
    assert!(credentials.user.starts_with("long-term access key `AKIA"), "{}", credentials.user);
    assert!(
        credentials.role.starts_with("temporary key `ASIA")
            && credentials.role.ends_with("expiring at 2026-01-01T10:00:00Z")
    );
    let username = fact(&c, "`aws:username`");
    assert_eq!((username.user.as_str(), username.role.as_str()), ("`carol`", "absent"));
    let arn = fact(&c, "`aws:PrincipalArn`");
    assert_eq!(arn.role, "`arn:aws:iam::111111111111:role/carol-as-role`", "the role's ARN, not the session's");
    let kind = fact(&c, "`aws:PrincipalType`");
    assert_eq!((kind.user.as_str(), kind.role.as_str()), ("`User`", "`AssumedRole`"));
    assert!(fact(&c, "`aws:userid`").role.ends_with(":carol`"));
    // Who a Principal entry matches, and how: the boundary rule in one line each.
    let by_user = fact(&c, "A Principal entry `arn:aws:iam::111111111111:user/carol`");
    assert!(by_user.user.starts_with("matches the caller itself") && by_user.role == "does not match");
    let by_role = fact(&c, "A Principal entry `arn:aws:iam::111111111111:role/carol-as-role`");
    assert!(by_role.role.contains("a permissions boundary still limits it") && by_role.user == "does not match");
    let by_session = fact(&c, "A Principal entry `arn:aws:sts::111111111111:assumed-role/carol-as-role/carol`");
    assert!(by_session.role.starts_with("matches the caller itself"));
    let by_account = fact(&c, "A Principal entry `arn:aws:iam::111111111111:root`");
    assert_eq!(by_account.user, by_account.role);
    // Her boundary does not allow sts:TagSession: the tagged assumption is refused, and why is said.
    let tags = fact(&c, "A session tag `compare=yes` passed when the role is assumed (`aws:PrincipalTag/compare`)");
    assert!(tags.role.contains("does not allow `sts:TagSession`"), "{}", tags.role);
    let trail = fact(&c, "Who the audit trail names");
    assert_eq!(trail.user, "IAMUser `carol`");
    assert!(trail.role.starts_with("AssumedRole `arn:aws:sts::111111111111:assumed-role/carol-as-role/carol`"));
}

#[test]
fn group_permissions_come_along_and_session_tags_reach_the_session() {
    let s = model("alice-developer.json");
    let c = compare_user_with_role(
        &s,
        "arn:aws:iam::111111111111:user/alice",
        Some(("s3:PutObject", "arn:aws:s3:::team-artifacts/build.zip")),
    )
    .unwrap();
    let now = fact(&c, "s3:PutObject on arn:aws:s3:::team-artifacts/build.zip, now");
    assert_eq!((now.user.as_str(), now.role.as_str()), ("allowed", "allowed"), "her group's policy is on the role too");
    let tags = fact(&c, "A session tag `compare=yes` passed when the role is assumed (`aws:PrincipalTag/compare`)");
    assert_eq!(tags.role, "`yes`");
    assert!(tags.user.starts_with("absent"));
}

#[test]
fn an_unknown_user_is_said_with_the_closest() {
    let s = model("alice-developer.json");
    let e = compare_user_with_role(&s, "arn:aws:iam::111111111111:user/alicia", None).unwrap_err();
    assert_eq!(e, CompareError::UnknownUser { closest: Some("arn:aws:iam::111111111111:user/alice".into()) });
}
