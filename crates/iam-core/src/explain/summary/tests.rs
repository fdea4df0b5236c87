use super::*;
use crate::context::{Context, ContextValue};
use crate::diag::DocId;
use crate::evaluate::evaluate;
use crate::policy::parse_policy;

fn policy(id: &str, kind: PolicyKind, text: &str) -> Policy {
    parse_policy(text, PolicyId::new(id), kind, DocId(0)).policy.unwrap()
}

fn request(action: &str, resource: &str, context: &[(&str, &str)]) -> Request {
    let mut ctx = Context::default();
    for (k, v) in context {
        ctx.insert(k, ContextValue::string(v));
    }
    Request {
        caller: Caller::parse("arn:aws:iam::111111111111:user/alice", action).unwrap(),
        action: action.into(),
        resource: resource.into(),
        resource_account: None,
        context: ctx,
    }
}

fn summary(set: &PolicySet, req: &Request) -> Summary {
    summarize(&evaluate(set, req), set, req)
}

const DEV: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::team"},
  {"Sid": "StartDev", "Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*",
   "Condition": {"StringEquals": {"aws:ResourceTag/env": "dev"}}}]}"#;

#[test]
fn the_closest_statement_is_the_one_with_most_elements_holding_and_its_miss_quotes_both_values() {
    let set = PolicySet {
        identity: vec![policy("111111111111/Dev", PolicyKind::Identity, DEV)],
        via_group: vec![(PolicyId::new("111111111111/Dev"), "developers".into())],
        ..PolicySet::default()
    };
    let req = request(
        "ec2:StartInstances",
        "arn:aws:ec2:eu-west-1:111111111111:instance/i-0prod1",
        &[("aws:ResourceTag/env", "prod")],
    );
    let s = summary(&set, &req);
    let Summary::ImplicitDeny { layer, closest: Some(closest), trust: None, .. } = &s else { panic!("{s:?}") };
    assert_eq!(*layer, Layer::IdentityPolicies);
    // StartDev holds principal, action and resource (3); List holds only the principal (1).
    assert_eq!(closest.cite.sid.as_deref(), Some("StartDev"));
    assert_eq!(closest.held, 3);
    let [Miss::Condition { operator, key, policy, request, at }] = closest.misses.as_slice() else {
        panic!("{:?}", closest.misses)
    };
    assert_eq!((operator.as_str(), key.as_str()), ("StringEquals", "aws:ResourceTag/env"));
    assert_eq!((policy.as_slice(), request.as_deref()), (&["dev".into()][..], Some(&["prod".into()][..])));
    assert_eq!(at.text(DEV), "\"dev\"", "the condition's value, where an edit goes");
    assert_eq!(closest.cite.span.text(DEV).get(..14), Some("{\"Sid\": \"Start"), "the statement's text");
    assert_eq!(
        s.sentences(),
        [
            "Denied: none of alice's policies allows `ec2:StartInstances` on `arn:aws:ec2:eu-west-1:111111111111:instance/i-0prod1`.",
            "The closest statement, `Dev` › `StartDev` (from group `developers`), requires `aws:ResourceTag/env` StringEquals `dev` (the request has `prod`).",
        ]
    );
}

#[test]
fn a_tie_goes_to_the_statement_written_first_and_an_absent_key_is_said() {
    let set =
        PolicySet { identity: vec![policy("111111111111/Dev", PolicyKind::Identity, DEV)], ..PolicySet::default() };
    // StartDev holds principal, action and resource; List only the principal. With the
    // key absent, the sentence says so.
    let req = request("ec2:StartInstances", "arn:aws:ec2:eu-west-1:111111111111:instance/i-1", &[]);
    let s = summary(&set, &req);
    assert!(s.sentences()[1].ends_with("(the request has no `aws:ResourceTag/env`)."), "{:?}", s.sentences());
    let one = r#"{"Version": "2012-10-17", "Statement": [
      {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
      {"Sid": "B", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}"#;
    let set = PolicySet { identity: vec![policy("111111111111/P", PolicyKind::Identity, one)], ..PolicySet::default() };
    let s = summary(&set, &request("s3:DeleteObject", "arn:aws:s3:::b/k", &[]));
    let Summary::ImplicitDeny { closest: Some(c), .. } = &s else { panic!("{s:?}") };
    assert_eq!((c.cite.sid.as_deref(), c.held), (Some("A"), 3));
    let [Miss::Action { listed, negated: false, at }] = c.misses.as_slice() else { panic!("{:?}", c.misses) };
    assert_eq!((listed.as_slice(), at.text(one)), (&["s3:GetObject".to_string()][..], "\"s3:GetObject\""));
}

#[test]
fn an_explicit_deny_names_its_statement_and_the_condition_that_held() {
    let deny = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "*", "Resource": "*"},
      {"Sid": "Office", "Effect": "Deny", "Action": "*", "Resource": "*",
       "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#;
    let set =
        PolicySet { identity: vec![policy("111111111111/Guard", PolicyKind::Identity, deny)], ..PolicySet::default() };
    let s = summary(&set, &request("s3:GetObject", "arn:aws:s3:::b/k", &[("aws:SourceIp", "198.51.100.7")]));
    let Summary::ExplicitDeny { by, held, .. } = &s else { panic!("{s:?}") };
    assert_eq!(by.iter().map(|c| (c.statement, c.sid.as_deref())).collect::<Vec<_>>(), [(1, Some("Office"))]);
    assert_eq!(held.len(), 1);
    assert_eq!(
        s.sentences(),
        [
            "Denied: `Guard` › `Office` explicitly denies `s3:GetObject` on `arn:aws:s3:::b/k`; an explicit deny overrides every allow.",
            "Its condition held: `aws:SourceIp` NotIpAddress `203.0.113.0/24` (the request has `198.51.100.7`).",
        ]
    );
}

#[test]
fn statements_are_counted_from_one_and_several_deciders_take_a_plural_verb() {
    let a = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
    let set = PolicySet {
        identity: vec![
            policy("111111111111/A", PolicyKind::Identity, a),
            policy("user/alice/B", PolicyKind::Identity, a),
        ],
        ..PolicySet::default()
    };
    let s = summary(&set, &request("s3:GetObject", "arn:aws:s3:::b/k", &[]));
    assert_eq!(
        s.sentences(),
        ["Allowed: `A` › statement 1 and `B` › statement 1 allow `s3:GetObject` on `arn:aws:s3:::b/k`."]
    );
}

#[test]
fn a_rule_of_aws_is_said_as_the_reason() {
    let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#;
    let set =
        PolicySet { identity: vec![policy("111111111111/D", PolicyKind::Identity, deny)], ..PolicySet::default() };
    let s = summary(&set, &request("sts:GetCallerIdentity", "*", &[]));
    assert!(matches!(
        s,
        Summary::AwsRule { rule: AwsRule::GetCallerIdentityAlwaysAllowed, decision: Decision::Allowed, .. }
    ));
    assert!(s.sentences()[0].starts_with("Allowed: sts:GetCallerIdentity needs no permission"));
}

#[test]
fn policy_names_are_the_names_people_gave() {
    let name = |id: &str| policy_name(&PolicyId::new(id));
    assert_eq!(name("arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"), "`AmazonEC2ReadOnlyAccess`");
    assert_eq!(name("111111111111/DeveloperAccess"), "`DeveloperAccess`");
    assert_eq!(name("role/BreakGlass/trust"), "the trust policy of `BreakGlass`");
    assert_eq!(name("user/bob/MayBreakGlass"), "`MayBreakGlass`");
    assert_eq!(name("resource/arn:aws:s3:::b"), "the policy of `arn:aws:s3:::b`");
    assert_eq!(name("session_policy"), "the session policy");
}
