use super::*;
use crate::diag::DocId;
use crate::scenario::{parse_scenario, run_scenario};

fn results(example: &str) -> Vec<StepResult> {
    let text = std::fs::read_to_string(format!("{}/../../examples/{example}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    run_scenario(parse_scenario(&text, DocId(0)).scenario.as_ref().unwrap())
}

/// A bug fixed: the caller's side was marked ✗ whenever the step was
/// denied, though the caller's own policy allowed and the trust policy was
/// what refused.
#[test]
fn each_side_of_an_assumption_is_checked_by_its_own_layers() {
    let sides_of = |file: &str, i: usize| sides(&results(file)[i].evaluations[0].evaluation);
    // No MFA: the trust policy refuses; bob's own policy allows.
    assert_eq!(sides_of("break-glass-admin.json", 4), (Check::Refuses, Check::Allows));
    assert_eq!(sides_of("break-glass-admin.json", 0), (Check::Allows, Check::Allows));
    // eve has no policy allowing it.
    assert_eq!(sides_of("cross-account-devops.json", 3), (Check::Allows, Check::Refuses));
    // A service needs no policy of its own.
    assert_eq!(sides_of("lambda-function-role.json", 0), (Check::Allows, Check::NotNeeded));
}

#[test]
fn a_cross_account_chain_crosses_from_the_callers_account_into_the_roles() {
    let all = results("cross-account-devops.json");
    let c = chain(&all, 1);
    assert_eq!(c.hops.len(), 2);
    let (assume, act) = (&c.hops[0], &c.hops[1]);
    assert_eq!(assume.action, "sts:AssumeRole");
    assert_eq!((assume.trust, assume.caller), (Some(Check::Allows), Some(Check::Allows)));
    assert_ne!(assume.from.account, assume.to.account, "{assume:?}");
    assert_eq!(assume.from.account.as_deref(), Some("999999999999"));
    assert_eq!(assume.to.account.as_deref(), Some("222222222222"));
    // The session acts in its own account, on a resource there.
    assert_eq!(act.from, assume.to);
    assert_eq!(act.to.account.as_deref(), Some("222222222222"));
    assert_eq!((act.trust, act.caller), (None, None));
    assert_eq!(act.decision, Some(Decision::Allowed));
}

#[test]
fn an_scp_that_refuses_an_allowed_request_is_named_as_the_guardrail() {
    // Step 3: even admin cannot take prod out of the organization.
    let c = chain(&results("cross-account-devops.json"), 2);
    let last = c.hops.last().unwrap();
    assert_eq!(last.decision, Some(Decision::ExplicitDeny));
    assert_eq!(last.guardrail, Some(Layer::Scp));
}

#[test]
fn the_time_line_shows_the_session_and_marks_a_step_after_its_expiry() {
    // break-glass step 4: the session is used after it expired.
    let all = results("break-glass-admin.json");
    let c = chain(&all, 3);
    assert_eq!(c.sessions.len(), 1);
    let s = &c.sessions[0];
    assert_eq!(s.expires_at.unwrap() - s.issued_at, 3600 * 1_000_000_000);
    assert_eq!(c.ticks.iter().map(|t| (t.step, t.expired)).collect::<Vec<_>>(), vec![(0, false), (3, true)]);
    let expired = c.hops.last().unwrap();
    assert_eq!(expired.failure.as_deref(), Some("sts/expired-token"));
    // Nothing was reached: the hop stays in the session's account.
    assert_eq!(expired.to, Party { name: String::new(), account: expired.from.account.clone() });
    // Within the hour, the same session is valid.
    let ok = chain(&all, 1);
    assert_eq!(ok.ticks.iter().map(|t| t.expired).collect::<Vec<_>>(), vec![false, false]);
}

#[test]
fn services_and_identity_providers_are_outside_every_account() {
    let c = chain(&results("lambda-function-role.json"), 1);
    assert_eq!(c.hops[0].from, Party { name: "lambda.amazonaws.com".into(), account: None });
    assert!(c.hops[0].to.account.is_some());
    assert_eq!(account_of("arn:aws:s3:::bucket"), None);
    assert_eq!(account_of("arn:aws:iam::123456789012:role/x").as_deref(), Some("123456789012"));
}
