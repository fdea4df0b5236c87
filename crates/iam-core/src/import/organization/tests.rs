use super::*;
use crate::explain::Decision;
use crate::scenario::{parse_scenario, run_scenario};

fn fixture() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/import/organization.json")).unwrap()
}

const SCENARIO: &str = r#"{"version": 1, "accounts": [{"id": "111122223333", "users": [{"name": "alice", "policies": ["arn:aws:iam::aws:policy/AmazonS3FullAccess"]}]}],
  "steps": [
    {"name": "in Virginia", "region": "us-east-1", "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:ListAllMyBuckets", "resource": "*"}},
    {"name": "in Ireland", "region": "eu-west-1", "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:ListAllMyBuckets", "resource": "*"}}
  ]}"#;

#[test]
fn the_tree_the_policies_and_their_attachments_are_read() {
    let imported = organization(&fixture(), DocId(0));
    assert_eq!(imported.counts, OrgCounts { scps: 1, rcps: 1, units: 2, accounts: 3 });
    assert_eq!(imported.counts.describe(), "1 SCP, 1 RCP, 2 OUs and 3 accounts");
    let org = imported.organization.unwrap();
    let (node, _) = crate::json::parse(&org, DocId(0));
    let node = node.unwrap();
    assert_eq!(node.get("id").and_then(Node::as_str), Some("o-exampleorg1"));
    assert_eq!(node.get("management_account").and_then(Node::as_str), Some("999999999999"));
    let root = node.get("root").unwrap();
    assert_eq!(root.get("id").and_then(Node::as_str), Some("r-ex12"));
    let workloads = &root.get("units").unwrap().items()[0];
    assert_eq!(workloads.get("name").and_then(Node::as_str), Some("Workloads"));
    let prod = &workloads.get("units").unwrap().items()[0];
    let scps: Vec<&str> = prod.get("scps").unwrap().items().iter().filter_map(Node::as_str).collect();
    assert_eq!(scps, ["FullAWSAccess", "DenyOutsideEU"]);
    // The sandbox account carries the RCP attached to it directly.
    let sandbox = workloads.get("accounts").unwrap().items().iter().find(|a| a.get("id").is_some()).unwrap();
    assert_eq!(sandbox.get("rcps").unwrap().items()[0].as_str(), Some("OrgOnlyBuckets"));
    // AWS's own full-access policies are known by name, not copied.
    assert!(node.get("service_control_policies").unwrap().get("FullAWSAccess").is_none());
    assert!(node.get("resource_control_policies").unwrap().get("RCPFullAWSAccess").is_none());
}

#[test]
fn what_cannot_be_placed_or_held_is_said() {
    let imported = organization(&fixture(), DocId(0));
    let left: Vec<String> = imported.left_out.iter().map(|l| format!("{}: {}", l.what, l.why)).collect();
    assert_eq!(
        left,
        ["policy `CostCenterTags` (TAG_POLICY): only service and resource control policies decide requests"]
    );
    let codes: Vec<(&str, &str)> = imported.diagnostics.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(
        codes,
        [(
            "import/unplaced",
            "`ou-ex12-lost` is under `ou-ex12-missing`, which is not in the file (or is deeper than five levels): it is left out"
        )]
    );
}

#[test]
fn merged_into_a_scenario_the_scp_denies_outside_the_eu_by_its_statement() {
    let imported = organization(&fixture(), DocId(0));
    let text = with_organization(SCENARIO, &imported.organization.unwrap()).unwrap();
    let parsed = parse_scenario(&text, DocId(0));
    assert!(!crate::has_errors(&parsed.diagnostics), "{:#?}", parsed.diagnostics);
    let results = run_scenario(&parsed.scenario.unwrap());
    assert_eq!(results[0].decision, Some(Decision::ExplicitDeny));
    let deciding: Vec<Option<&str>> =
        results[0].evaluations.iter().flat_map(|e| e.evaluation.determining.iter()).map(|d| d.sid.as_deref()).collect();
    assert_eq!(deciding, [Some("DenyOutsideEU")]);
    assert_eq!(results[1].decision, Some(Decision::Allowed));
    // Merging again replaces the organization rather than adding a second one.
    let again = with_organization(&text, r#"{"id": "o-other", "root": {"id": "r-x"}}"#).unwrap();
    assert_eq!(again.matches("\"organization\"").count(), 1);
    assert!(again.contains("o-other") && !again.contains("DenyOutsideEU"));
}

#[test]
fn a_file_of_something_else_is_refused_and_detection_tells_the_two_exports_apart() {
    let refused = organization(r#"{"Users": []}"#, DocId(0));
    assert!(refused.organization.is_none());
    assert_eq!(refused.diagnostics[0].code, "import/not-organization");
    assert!(is_organization(&fixture()));
    assert!(!crate::import::is_authorization_details(&fixture()));
    let details = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/import/account-authorization-details.json"
    ))
    .unwrap();
    assert!(!is_organization(&details));
    assert!(crate::import::is_authorization_details(&details));
    assert_eq!(with_organization("[1]", "{}").unwrap_err(), "the scenario is not a JSON object");
}

#[test]
fn without_full_aws_access_in_the_file_every_level_keeps_the_default_and_that_is_said() {
    let text = r#"{"Roots": [{"Id": "r-1", "Name": "Root"}],
      "Accounts": [{"Id": "111122223333", "ParentId": "r-1"}],
      "Policies": [{"PolicySummary": {"Name": "NoLeaving", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false},
        "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"organizations:LeaveOrganization\",\"Resource\":\"*\"}]}"}]}"#;
    let imported = organization(text, DocId(0));
    let org = imported.organization.unwrap();
    assert!(!org.contains("\"scps\""), "{org}");
    assert!(imported.left_out.iter().any(|l| l.what == "where `FullAWSAccess` is attached"));
    assert_eq!(imported.diagnostics[0].code, "import/missing-field", "no Targets: attached nowhere");
}
