use super::*;
use crate::diag::DocId;
use crate::scenario::{parse_scenario, run_scenario};

fn step(example: &str, index: usize) -> Evaluation {
    let text = std::fs::read_to_string(format!("{}/../../examples/{example}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let parsed = parse_scenario(&text, DocId(0));
    let results = run_scenario(parsed.scenario.as_ref().unwrap());
    results[index].evaluations[0].evaluation.clone()
}

/// Each gate as `title: verdict state [statement]`, for compact assertions.
fn lines(f: &Flow) -> Vec<String> {
    f.gates
        .iter()
        .map(|g| {
            let at = g.statement.as_ref().map(|s| format!(" [{}]", s.label())).unwrap_or_default();
            format!("{}: {} {}{at}", g.title, g.verdict.describe(), g.state.as_str())
        })
        .collect()
}

#[test]
fn an_implicit_deny_is_decided_at_the_first_layer_that_does_not_allow_and_later_gates_are_not_reached() {
    // alice starts a prod instance: no identity policy allows it.
    let f = flow(&step("alice-developer.json", 3));
    assert_eq!(f.outcome, Decision::ImplicitDeny);
    let lines = lines(&f);
    assert_eq!(lines[0], "Explicit deny?: no statement applies (not required) passed");
    let identity = lines.iter().position(|l| l.starts_with("Identity policies")).unwrap();
    assert_eq!(lines[identity], "Identity policies: implicit deny decided");
    assert!(
        lines[identity + 1..].iter().all(|l| l.ends_with("not-reached") || l.ends_with("not-applicable")),
        "{lines:?}"
    );
    assert!(lines[1..identity].iter().all(|l| !l.contains("decided") && !l.contains("not-reached")), "{lines:?}");
    // No statement decided, so the gate opens the policy that did not allow.
    let gate = &f.gates[identity];
    assert!(gate.statement.is_none());
    assert!(gate.policy.is_some());
}

#[test]
fn an_explicit_deny_is_decided_by_the_first_gate_with_its_statement_and_no_layer_is_reached() {
    // The region guardrail SCP denies us-east-1.
    let f = flow(&step("scp-region-guardrail.json", 1));
    assert_eq!(f.outcome, Decision::ExplicitDeny);
    let first = &f.gates[0];
    assert_eq!(first.state, GateState::Decided);
    assert_eq!(first.statement.as_ref().unwrap().label(), "DenyOutsideApprovedRegions");
    assert!(f.gates[1..].iter().all(|g| matches!(g.state, GateState::NotReached | GateState::NotApplicable)));
    // The SCP layer holding the deny links to the same statement, and is named by where it is attached.
    let scp = f.gates.iter().find(|g| g.verdict == Verdict::ExplicitDeny && g.kind != GateKind::ExplicitDeny).unwrap();
    assert!(scp.title.starts_with("SCPs · "), "{}", scp.title);
    assert_eq!(scp.statement, first.statement);
}

#[test]
fn an_allowed_request_passes_every_applicable_gate_and_the_granting_layer_decides_with_its_statement() {
    let f = flow(&step("alice-developer.json", 2));
    assert_eq!(f.outcome, Decision::Allowed);
    let lines = lines(&f);
    assert!(lines.iter().all(|l| !l.contains("not-reached")), "{lines:?}");
    let decided: Vec<&String> = lines.iter().filter(|l| l.contains(" decided")).collect();
    assert_eq!(decided.len(), 1, "{lines:?}");
    assert!(decided[0].starts_with("Identity policies: allows decided ["), "{lines:?}");
}

#[test]
fn a_trust_policy_gate_is_called_a_trust_policy() {
    // dave assumes Analyst.
    let f = flow(&step("user-vs-role-bucket-policy.json", 1));
    let trust = f.gates.iter().find(|g| g.title == "Trust policy").unwrap();
    assert_eq!(trust.verdict, Verdict::Allows);
    assert!(trust.statement.is_some());
}
