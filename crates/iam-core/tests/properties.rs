//! Property tests: an added Deny never turns a decision into `allowed`; the
//! decision is what the layer verdicts imply; parsers never panic. (Wildcard
//! matching against a regex oracle is a property test in `matching/glob.rs`.)
#![expect(
    clippy::indexing_slicing,
    clippy::expect_used,
    reason = "test helpers index fixed tables with generated in-range indexes and fail loudly on broken fixtures"
)]

use iam_core::{
    document as json, evaluate, parse_policy, parse_request_file, Caller, Context, ContextValue, Decision, DocId,
    PolicyId, PolicyKind, PolicySet, Request,
};
use proptest::prelude::*;

const ACTIONS: &[&str] = &["s3:GetObject", "s3:PutObject", "ec2:RunInstances", "iam:GetUser"];
const RESOURCES: &[&str] = &["arn:aws:s3:::b/k", "arn:aws:s3:::c/k", "*"];
const ACTION_PATTERNS: &[&str] = &["*", "s3:*", "s3:Get*", "ec2:*", "iam:GetUser", "s3:?utObject"];
const RESOURCE_PATTERNS: &[&str] = &["*", "arn:aws:s3:::b/*", "arn:aws:s3:::*", "arn:aws:s3:::c/k"];
const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111111111111:user/alice",
    "arn:aws:sts::111111111111:assumed-role/App/s1",
    "arn:aws:iam::222222222222:user/bob",
    "arn:aws:iam::111111111111:root",
    "*",
];
const RP_PRINCIPALS: &[&str] =
    &["\"*\"", "{\"AWS\": \"111111111111\"}", "{\"AWS\": \"arn:aws:iam::111111111111:user/alice\"}"];
const CONDITIONS: &[&str] = &[
    "",
    r#", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "dev"}}"#,
    r#", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#,
    r#", "Condition": {"StringNotEqualsIfExists": {"aws:RequestedRegion": "eu-west-1"}}"#,
];

#[derive(Debug, Clone)]
struct Stmt {
    deny: bool,
    action: usize,
    resource: usize,
    condition: usize,
    principal: usize,
}

fn stmt_strategy() -> impl Strategy<Value = Stmt> {
    (any::<bool>(), 0..ACTION_PATTERNS.len(), 0..RESOURCE_PATTERNS.len(), 0..CONDITIONS.len(), 0..RP_PRINCIPALS.len())
        .prop_map(|(deny, action, resource, condition, principal)| Stmt {
            deny,
            action,
            resource,
            condition,
            principal,
        })
}

fn stmt_json(s: &Stmt, with_principal: bool) -> String {
    let principal =
        if with_principal { format!(r#""Principal": {}, "#, RP_PRINCIPALS[s.principal]) } else { String::new() };
    format!(
        r#"{{"Effect": "{}", {principal}"Action": "{}", "Resource": "{}"{}}}"#,
        if s.deny { "Deny" } else { "Allow" },
        ACTION_PATTERNS[s.action],
        RESOURCE_PATTERNS[s.resource],
        CONDITIONS[s.condition]
    )
}

fn policy(stmts: &[Stmt], kind: PolicyKind, id: &str) -> iam_core::Policy {
    let with_principal = kind == PolicyKind::Resource;
    let body = stmts.iter().map(|s| stmt_json(s, with_principal)).collect::<Vec<_>>().join(",");
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{body}]}}"#);
    let parsed = parse_policy(&text, PolicyId(id.into()), kind, DocId(0));
    assert!(!iam_core::has_errors(&parsed.diagnostics), "{text}: {:?}", parsed.diagnostics);
    parsed.policy.expect("a policy object always lowers")
}

#[derive(Debug, Clone)]
struct World {
    identity: Vec<Vec<Stmt>>,
    resource: Option<Vec<Stmt>>,
    boundary: Option<Vec<Stmt>>,
    scp: Option<Vec<Stmt>>,
    principal: usize,
    action: usize,
    resource_arn: usize,
    team_dev: bool,
    mfa: Option<bool>,
}

fn world_strategy() -> impl Strategy<Value = World> {
    let stmts = || proptest::collection::vec(stmt_strategy(), 0..4);
    (
        proptest::collection::vec(stmts(), 0..3),
        proptest::option::of(stmts()),
        proptest::option::of(stmts()),
        proptest::option::of(stmts()),
        (0..PRINCIPALS.len(), 0..ACTIONS.len(), 0..RESOURCES.len(), any::<bool>(), proptest::option::of(any::<bool>())),
    )
        .prop_map(|(identity, resource, boundary, scp, (principal, action, resource_arn, team_dev, mfa))| World {
            identity,
            resource,
            boundary,
            scp,
            principal,
            action,
            resource_arn,
            team_dev,
            mfa,
        })
}

fn decide(world: &World) -> Decision {
    evaluate_world(world).decision
}

/// The decision the layer verdicts imply: any explicit deny, else any implicit
/// deny, else allowed.
fn implied(ev: &iam_core::Evaluation) -> Decision {
    use iam_core::explain::Verdict;
    if ev.layers.iter().any(|l| l.verdict == Verdict::ExplicitDeny) {
        Decision::ExplicitDeny
    } else if ev.layers.iter().any(|l| l.verdict == Verdict::ImplicitDeny) {
        Decision::ImplicitDeny
    } else {
        Decision::Allowed
    }
}

fn evaluate_world(world: &World) -> iam_core::Evaluation {
    let set = PolicySet {
        identity: world
            .identity
            .iter()
            .enumerate()
            .map(|(i, s)| policy(s, PolicyKind::Identity, &format!("id{i}")))
            .collect(),
        resource: world.resource.as_ref().map(|s| policy(s, PolicyKind::Resource, "rp")),
        boundary: world.boundary.as_ref().map(|s| policy(s, PolicyKind::Boundary, "pb")),
        session: Vec::new(),
        scps: world.scp.as_ref().map(|s| vec![vec![policy(s, PolicyKind::Scp, "scp")]]),
        rcps: None,
        via_group: Vec::new(),
        scp_level_names: Vec::new(),
        rcp_level_names: Vec::new(),
    };
    let action = ACTIONS[world.action];
    let mut context = Context::default();
    if world.team_dev {
        context.insert("aws:PrincipalTag/team", ContextValue::string("dev"));
    }
    if let Some(mfa) = world.mfa {
        context.insert("aws:MultiFactorAuthPresent", ContextValue::bool(mfa));
    }
    let request = Request {
        caller: Caller::parse(PRINCIPALS[world.principal], action).expect("fixed principals parse"),
        action: action.into(),
        resource: RESOURCES[world.resource_arn].into(),
        resource_account: None,
        context,
    };
    evaluate(&set, &request)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn added_deny_never_turns_a_decision_into_allowed(world in world_strategy(), extra in stmt_strategy(), target in 0usize..4) {
        let before = decide(&world);
        let mut after = world.clone();
        let deny = Stmt { deny: true, ..extra };
        match target {
            0 => after.identity.push(vec![deny]),
            1 => after.resource.get_or_insert_with(Vec::new).push(deny),
            2 => after.boundary.get_or_insert_with(Vec::new).push(deny),
            _ => after.scp.get_or_insert_with(Vec::new).push(deny),
        }
        let after_decision = decide(&after);
        if after_decision == Decision::Allowed {
            prop_assert_eq!(before, Decision::Allowed);
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after_decision, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn decision_is_what_the_layer_verdicts_imply(world in world_strategy()) {
        let ev = evaluate_world(&world);
        prop_assert_eq!(ev.decision, implied(&ev));
        // and the deciding layer's own verdict says the same
        if ev.decision != Decision::Allowed {
            let deciding = ev.layers.iter().find(|l| l.layer == ev.layer && l.level == ev.level);
            let verdict = deciding.map(|l| l.verdict);
            let want = if ev.decision == Decision::ExplicitDeny {
                iam_core::explain::Verdict::ExplicitDeny
            } else {
                iam_core::explain::Verdict::ImplicitDeny
            };
            prop_assert_eq!(verdict, Some(want), "layer {:?} level {:?}", ev.layer, ev.level);
        }
    }

    #[test]
    fn parse_policy_never_panics_on_arbitrary_text(text in ".{0,300}") {
        for kind in [PolicyKind::Identity, PolicyKind::Resource, PolicyKind::Trust, PolicyKind::Scp, PolicyKind::Rcp] {
            let _ = parse_policy(&text, PolicyId("p".into()), kind, DocId(0));
        }
        let _ = parse_request_file(&text, DocId(0));
    }

    #[test]
    fn parse_never_panics_on_json_shaped_text(parts in proptest::collection::vec(prop_oneof![
        Just("{"), Just("}"), Just("["), Just("]"), Just(","), Just(":"), Just("\"Statement\""), Just("\"Effect\""),
        Just("\"Allow\""), Just("\"Deny\""), Just("\"Action\""), Just("\"Resource\""), Just("\"Condition\""),
        Just("\"Principal\""), Just("\"NotPrincipal\""), Just("\"StringLike\""), Just("\"ForAllValues:NumericLessThanIfExists\""),
        Just("\"*\""), Just("\"${aws:username\""), Just("\"${}\""), Just("\"arn:aws:s3:::b/*\""), Just("1e400"), Just("null"),
        Just("true"), Just("\"Version\""), Just("\"2012-10-17\""), Just("\"request\""), Just("\"principal\""), Just("\"\\u00e9\""),
    ], 0..60)) {
        let text = parts.concat();
        let _ = json::parse(&text, DocId(0));
        for kind in [PolicyKind::Identity, PolicyKind::Resource, PolicyKind::Trust, PolicyKind::Rcp] {
            let _ = parse_policy(&text, PolicyId("p".into()), kind, DocId(0));
        }
        let _ = parse_request_file(&text, DocId(0));
    }
}

/// Arbitrary JSON text, built from scenario vocabulary so it looks like scenarios.
fn json_text() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("version"),
        Just("accounts"),
        Just("users"),
        Just("roles"),
        Just("name"),
        Just("Statement"),
        Just("Effect"),
        Just("Action"),
        Just("steps"),
        Just("request"),
        Just("é ключ"),
        Just("quo\"te"),
    ];
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        ".{0,12}".prop_map(|s| format!("{s:?}").replace("\\u{", "u{")),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(", "))),
            proptest::collection::vec((key.clone(), inner), 0..5).prop_map(|members| {
                let mut seen = std::collections::BTreeSet::new();
                let body: Vec<String> = members
                    .into_iter()
                    .filter(|(k, _)| seen.insert(*k))
                    .map(|(k, v)| format!("{:?}: {v}", k))
                    .collect();
                format!("{{\n  {}\n}}", body.join(",\n  "))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn share_link_round_trips_arbitrary_json(text in json_text()) {
        let (node, diags) = json::parse(&text, DocId(0));
        // the generator writes Rust string escapes; skip the rare ones JSON does not accept
        prop_assume!(diags.is_empty());
        let expected = node.expect("parsed").to_compact();
        let fragment = iam_core::share::encode_fragment(&text).expect("valid JSON encodes");
        let link = iam_core::share::link("https://example.test/play", &fragment);
        prop_assert_eq!(iam_core::share::decode(&link).expect("own link decodes"), expected);
    }

    #[test]
    fn share_decode_never_panics(text in ".{0,200}", payload in "[A-Za-z0-9_-]{0,300}") {
        let _ = iam_core::share::decode(&text);
        let _ = iam_core::share::decode(&format!("#s1.{payload}"));
        let _ = iam_core::scenario::parse_scenario(&text, DocId(0));
    }
}
