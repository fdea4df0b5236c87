use super::*;
use crate::context::Context;
use crate::diag::DocId;
use crate::evaluate::{evaluate, PolicySet, Request};
use crate::explain::StatementTrace;
use crate::policy::{parse_policy, PolicyId, PolicyKind};

const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Dev", "Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"],
   "Resource": ["arn:aws:s3:::logs/*", "arn:aws:ec2:eu-west-1:111111111111:instance/*-dev*"]},
  {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
  {"Sid": "NotIam", "Effect": "Allow", "NotAction": "ec2:*", "Resource": "*"}]}"#;

fn traces(action: &str, resource: &str) -> (Vec<StatementTrace>, Request) {
    let policy =
        parse_policy(POLICY, PolicyId::new("111111111111/Dev"), PolicyKind::Identity, DocId(0)).policy.unwrap();
    let set = PolicySet { identity: vec![policy], ..PolicySet::default() };
    let request = Request {
        caller: Caller::parse("arn:aws:iam::111111111111:user/alice", action).unwrap(),
        action: action.into(),
        resource: resource.into(),
        resource_account: None,
        context: Context::default(),
    };
    (evaluate(&set, &request).policies[0].statements.clone(), request)
}

fn say(s: &StatementTrace, request: &Request, element: Element, text: Option<&str>) -> String {
    let m = match element {
        Element::Principal => &s.principal,
        Element::Action => &s.action,
        Element::Resource => &s.resource,
        Element::Condition => &s.condition,
    };
    let checked = Checked { action: &request.action, resource: &request.resource, caller: &request.caller };
    element_sentence(element, m, &checked, text)
}

#[test]
fn a_resource_that_does_not_match_is_compared_with_the_closest_entry_by_value() {
    let (s, r) = traces("ec2:StartInstances", "arn:aws:ec2:eu-west-1:111111111111:instance/i-0prod1");
    assert_eq!(
        say(&s[0], &r, Element::Action, Some(POLICY)),
        "action `ec2:StartInstances` matches `\"ec2:StartInstances\"`"
    );
    assert_eq!(
        say(&s[0], &r, Element::Resource, Some(POLICY)),
        "resource `arn:aws:ec2:eu-west-1:111111111111:instance/i-0prod1` does not match \
         `\"arn:aws:ec2:eu-west-1:111111111111:instance/*-dev*\"`, the closest entry (they differ in the resource part)"
    );
    // Without the document, the request's side is still named.
    assert_eq!(
        say(&s[0], &r, Element::Resource, None),
        "resource `arn:aws:ec2:eu-west-1:111111111111:instance/i-0prod1` matches no `Resource` entry (the closest differs in its resource)"
    );
    assert_eq!(
        say(&s[0], &r, Element::Principal, Some(POLICY)),
        "no `Principal`: the policy applies to whoever holds it"
    );
    assert_eq!(say(&s[0], &r, Element::Condition, Some(POLICY)), "not checked: an earlier element does not match");
}

#[test]
fn an_action_not_covered_quotes_the_whole_element_and_not_action_says_what_it_lists() {
    let (s, r) = traces("ec2:TerminateInstances", "arn:aws:ec2:eu-west-1:111111111111:instance/i-1");
    assert_eq!(
        say(&s[0], &r, Element::Action, Some(POLICY)),
        "action `ec2:TerminateInstances` is not covered by `Action` `[\"ec2:StartInstances\", \"ec2:StopInstances\"]`"
    );
    assert_eq!(
        say(&s[2], &r, Element::Action, Some(POLICY)),
        "`NotAction` lists `\"ec2:*\"`, which excludes action `ec2:TerminateInstances`"
    );
    let (s, r) = traces("s3:GetObject", "arn:aws:s3:::logs/a");
    assert_eq!(say(&s[2], &r, Element::Action, Some(POLICY)), "`NotAction` does not list action `s3:GetObject`");
    assert_eq!(say(&s[1], &r, Element::Action, Some(POLICY)), "action `s3:GetObject` matches `\"s3:Get*\"`");
    assert_eq!(say(&s[1], &r, Element::Condition, Some(POLICY)), "no `Condition`");
}

#[test]
fn quotes_collapse_whitespace_stay_inside_the_text_and_are_cut_when_long() {
    assert_eq!(quote(Some("[\n   \"a\",\n   \"b\"\n ]"), Span::new(0, 19)).as_deref(), Some("[ \"a\", \"b\" ]"));
    assert_eq!(quote(Some("abc"), Span::new(1, 9)), None);
    assert_eq!(quote(None, Span::new(0, 1)), None);
    let long = "x".repeat(300);
    let q = quote(Some(&long), Span::new(0, 300)).unwrap();
    assert_eq!(q.chars().count(), QUOTE + 1);
    assert!(q.ends_with('…'));
    // A span that cuts a character in two quotes nothing.
    assert_eq!(quote(Some("é"), Span::new(0, 1)), None);
}

#[test]
fn a_principal_that_does_not_name_the_caller_says_who_the_caller_is() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111111111111:user/bob"}, "Action": "sts:AssumeRole"}]}"#;
    let policy = parse_policy(trust, PolicyId::new("role/R/trust"), PolicyKind::Trust, DocId(0)).policy.unwrap();
    let request = Request {
        caller: Caller::parse("arn:aws:iam::111111111111:user/eve", "sts:AssumeRole").unwrap(),
        action: "sts:AssumeRole".into(),
        resource: "arn:aws:iam::111111111111:role/R".into(),
        resource_account: None,
        context: Context::default(),
    };
    let set = PolicySet { resource: Some(policy), ..PolicySet::default() };
    let s = evaluate(&set, &request).policies[0].statements[0].clone();
    assert_eq!(
        say(&s, &request, Element::Principal, Some(trust)),
        "`Principal` `{\"AWS\": \"arn:aws:iam::111111111111:user/bob\"}` does not name the caller `arn:aws:iam::111111111111:user/eve`"
    );
    assert_eq!(say(&s, &request, Element::Resource, Some(trust)), "not checked: an earlier element does not match");
}
