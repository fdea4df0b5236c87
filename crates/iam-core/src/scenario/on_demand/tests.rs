use super::*;
use crate::scenario::parse_scenario_with;
use crate::DocId;

/// The `managed` part of the data index, as `scripts/split-aws-data.mjs` writes it.
fn index() -> String {
    let all: serde_json::Value =
        serde_json::from_str(include_str!("../../../data/aws-managed-policies/policies.json")).unwrap();
    let policies: serde_json::Map<String, serde_json::Value> =
        all["policies"].as_object().unwrap().iter().map(|(arn, p)| (arn.clone(), p["version"].clone())).collect();
    serde_json::json!({"managed": {"version": all["version"], "policies": policies}}).to_string()
}

/// The chunk of one policy: `{"version", "document"}`.
fn chunk(arn: &str) -> String {
    let all: serde_json::Value =
        serde_json::from_str(include_str!("../../../data/aws-managed-policies/policies.json")).unwrap();
    let p = &all["policies"][arn];
    serde_json::json!({"version": p["version"], "document": p["document"]}).to_string()
}

fn scenario(arn: &str) -> String {
    format!(
        r#"{{"version": 1, "accounts": [{{"id": "111111111111", "users": [{{"name": "app",
        "policies": ["{arn}", "arn:aws:iam::aws:policy/ReadOnlyAccess"]}}]}}],
      "steps": [{{"name": "read", "request": {{"principal": "arn:aws:iam::111111111111:user/app",
        "action": "secretsmanager:GetSecretValue", "resource": "arn:aws:secretsmanager:us-east-1:111111111111:secret:x"}}}}]}}"#
    )
}

const SECRETS: &str = "arn:aws:iam::aws:policy/AWSSecretsManagerClientReadOnlyAccess";

#[test]
fn a_policy_beyond_the_starter_set_is_fetched_then_evaluated() {
    let mut source = OnDemandPolicies::parse_index(&index()).unwrap();
    assert!(source.complete() && source.arns().len() == 1594);
    let text = scenario(SECRETS);
    let parsed = parse_scenario_with(&text, DocId(0), &source);
    let s = parsed.scenario.as_ref().unwrap();
    assert_eq!(source.missing(s), [SECRETS], "the starter policy is carried, the other is to fetch");
    let d = parsed.diagnostics.iter().find(|d| d.code == "scenario/managed-policy-unavailable").unwrap();
    assert_eq!(d.message, format!("`{SECRETS}` cannot be evaluated yet: its document is still loading"));
    assert!(crate::blocks_evaluation(&parsed.diagnostics), "no decision without the policy's document");

    source.add(SECRETS, &chunk(SECRETS)).unwrap();
    let parsed = parse_scenario_with(&text, DocId(0), &source);
    assert!(parsed.diagnostics.iter().all(|d| !d.is_error()), "{:?}", parsed.diagnostics);
    let s = parsed.scenario.unwrap();
    assert!(source.missing(&s).is_empty());
    let result = &crate::scenario::run_scenario(&s)[0];
    assert_eq!(
        result.decision,
        Some(crate::Decision::Allowed),
        "AWSSecretsManagerClientReadOnlyAccess allows reading secrets"
    );
}

#[test]
fn a_failed_fetch_is_said_and_not_retried_and_unknown_arns_get_did_you_mean() {
    let mut source = OnDemandPolicies::parse_index(&index()).unwrap();
    source.fail(SECRETS, "HTTP 404".into());
    let parsed = parse_scenario_with(&scenario(SECRETS), DocId(0), &source);
    let d = parsed.diagnostics.iter().find(|d| d.code == "scenario/managed-policy-unavailable").unwrap();
    assert!(d.message.ends_with("its document could not be loaded (HTTP 404)"), "{}", d.message);
    assert!(source.missing(parsed.scenario.as_ref().unwrap()).is_empty(), "a failure is not fetched again");

    let parsed = parse_scenario_with(
        &scenario("arn:aws:iam::aws:policy/AWSSecretsManagerClientReadOnlyAcess"),
        DocId(0),
        &source,
    );
    let d = parsed.diagnostics.iter().find(|d| d.code == "lint/unknown-managed-policy").unwrap();
    assert_eq!(d.help.as_deref(), Some(format!("did you mean `{SECRETS}`?").as_str()));
    assert!(source.add(SECRETS, "{}").unwrap_err().contains("has no document"));
}

#[test]
fn without_an_index_only_the_starter_set_is_known() {
    let source = OnDemandPolicies::default();
    assert!(!source.complete());
    let parsed = parse_scenario_with(&scenario(SECRETS), DocId(0), &source);
    assert!(parsed.diagnostics.iter().any(|d| d.code == "scenario/unknown-aws-managed-policy"));
    assert!(source.missing(parsed.scenario.as_ref().unwrap()).is_empty());
    assert!(OnDemandPolicies::parse_index("{}").is_err());
}

#[test]
fn managed_policy_arns_complete_from_the_index_or_the_starter_set() {
    let source = OnDemandPolicies::parse_index(&index()).unwrap();
    let found = source.complete_arn("arn:aws:iam::aws:policy/AWSSecretsManagerClientR");
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].text.as_str(), found[0].detail.as_str()), (SECRETS, "AWS managed, v4"));
    assert_eq!(source.complete_arn("arn:aws:iam::aws:policy/").len(), crate::catalogue::MAX_COMPLETIONS);
    let starter = OnDemandPolicies::default().complete_arn("arn:aws:iam::aws:policy/ReadOnlyA");
    assert_eq!(starter.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
}
