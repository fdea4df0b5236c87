use super::*;
use crate::analysis::explore;
use crate::diag::DocId;
use crate::scenario::parse_scenario;

fn graph(name: &str) -> Graph {
    let text = std::fs::read_to_string(format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let s = parse_scenario(&text, DocId(0)).scenario.unwrap();
    assumption_graph(&explore(&s), &s)
}

#[test]
fn bob_becomes_break_glass_only_with_mfa() {
    let g = graph("break-glass-admin.json");
    assert_eq!(
        g.edges,
        [Edge {
            from: "arn:aws:iam::111111111111:user/bob".into(),
            to: "arn:aws:iam::111111111111:role/BreakGlass".into(),
            with: vec!["MFA".into()],
        }]
    );
    let kinds: Vec<(NodeKind, bool)> = g.nodes.iter().map(|n| (n.kind, n.reached)).collect();
    assert_eq!(kinds, [(NodeKind::User, true), (NodeKind::Role, true)]);
}

#[test]
fn a_service_is_a_node_outside_every_account() {
    let g = graph("lambda-function-role.json");
    let service = g.nodes.iter().find(|n| n.kind == NodeKind::Service).unwrap();
    assert_eq!(service.id, "lambda.amazonaws.com");
    assert_eq!(service.account, None);
    assert!(g.edges.iter().any(|e| e.from == "lambda.amazonaws.com" && e.to.contains(":role/")));
}

#[test]
fn cross_account_assumption_crosses_accounts_and_an_unreached_role_is_marked() {
    let g = graph("cross-account-devops.json");
    let edge = g.edges.iter().find(|e| e.to.ends_with("role/OrganizationAccountAccessRole")).unwrap();
    assert!(edge.from.starts_with("arn:aws:iam::999999999999:user/"), "{edge:?}");
    let alice = graph("user-vs-role-bucket-policy.json");
    assert!(alice
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Role)
        .all(|n| n.reached == alice.edges.iter().any(|e| e.to == n.id)));
}
