//! Full explanations, snapshotted: the layers with their verdicts and notes,
//! the deciding statements, and every statement's element-by-element trace.
//! A change to any of them shows up here, not only a changed decision.
#![expect(clippy::unwrap_used, reason = "fixtures are part of the repository and must parse")]

use iam_core::{evaluate, parse_request_file, DocId};
use std::path::Path;

/// Evaluates a corpus case and renders its whole evaluation as JSON.
fn trace_of(case: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases").join(case);
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = parse_request_file(&text, DocId(0));
    let file = parsed.evaluable().unwrap();
    let evaluation = evaluate(&file.policies, &file.request);
    serde_json::to_string_pretty(&evaluation).unwrap()
}

macro_rules! trace_snapshot {
    ($name:ident, $case:literal) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(trace_of($case));
        }
    };
}

trace_snapshot!(cross_account_allow_needs_both_sides, "cross-account/both-sides-allow.json");
trace_snapshot!(scp_detached_full_access_blocks_the_level, "scp/edge-42-full-access-detached.json");
trace_snapshot!(boundary_implicit_deny, "evaluation/boundary-does-not-allow.json");
trace_snapshot!(
    session_arn_named_bypasses_session_policy,
    "principals/edge-37-session-arn-bypasses-session-policy.json"
);
trace_snapshot!(role_arn_named_is_limited_by_boundary, "principals/edge-36-role-arn-limited-by-boundary.json");
trace_snapshot!(account_named_is_a_delegation, "principals/edge-33-account-id-is-delegation.json");
trace_snapshot!(kms_key_policy_must_allow, "aws-rules/kms-key-still-needs-key-policy.json");
trace_snapshot!(
    get_caller_identity_rule_over_explicit_deny,
    "aws-rules/get-caller-identity-despite-explicit-deny.json"
);
trace_snapshot!(lowercase_effect_is_inert, "grammar/edge-65-lowercase-effect.json");
trace_snapshot!(principal_in_identity_policy_is_ignored, "grammar/edge-68-principal-in-identity-policy.json");
trace_snapshot!(federated_user_without_session_policy, "evaluation/edge-56-federated-no-session-policy.json");
