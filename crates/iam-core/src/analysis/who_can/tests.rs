use super::*;
use crate::analysis::testing::model;
use crate::scenario::run_scenario;

fn answers(s: &Scenario, action: &str, resource: &str) -> Vec<String> {
    who_can(s, action, resource)
        .iter()
        .map(|r| {
            let chain: Vec<String> = r
                .chain
                .iter()
                .map(|l| {
                    let with = if l.with.is_empty() { String::new() } else { format!(" with {}", l.with.join(", ")) };
                    format!("{} → {}{with}", l.from, l.role)
                })
                .collect();
            format!("{} [{}]", r.principal, chain.join("; "))
        })
        .collect()
}

#[test]
fn bob_reaches_admin_rights_only_through_break_glass_with_mfa() {
    let s = model("break-glass-admin.json");
    let found = answers(&s, "iam:CreateUser", "arn:aws:iam::111111111111:user/new");
    assert_eq!(
        found,
        ["arn:aws:iam::111111111111:role/BreakGlass [arn:aws:iam::111111111111:user/bob → arn:aws:iam::111111111111:role/BreakGlass with MFA]"],
        "bob himself may not; his session of BreakGlass, assumed with MFA, may"
    );
}

#[test]
fn a_lambda_functions_role_is_reached_through_the_service_and_the_deciding_statement_is_named() {
    let s = model("lambda-function-role.json");
    let reach = who_can(&s, "dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:111111111111:table/orders");
    let principals: Vec<&str> = reach.iter().map(|r| r.principal.as_str()).collect();
    assert_eq!(principals.len(), 1, "{principals:?}");
    let r = &reach[0];
    assert_eq!(r.principal, "arn:aws:iam::111111111111:role/orders-fn");
    assert_eq!(r.chain.first().map(|l| l.from.as_str()), Some("lambda.amazonaws.com"));
    assert!(!r.deciding.is_empty());
}

#[test]
fn a_cross_account_role_is_reached_from_the_management_account() {
    let s = model("cross-account-devops.json");
    let found = answers(&s, "ec2:RunInstances", "arn:aws:ec2:eu-west-1:222222222222:instance/*");
    assert!(
        found.iter().any(|f| f.starts_with(
            "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole [arn:aws:iam::999999999999:user/dana → "
        )),
        "{found:#?}"
    );
    // eve is not in devops: she reaches nothing.
    assert!(found.iter().all(|f| !f.contains("user/eve")), "{found:#?}");
}

/// Checked against brute force on small models: every user and every role
/// reached is asked directly, and the answers agree.
#[test]
fn who_can_agrees_with_asking_every_principal() {
    for (file, action, resource) in [
        ("alice-developer.json", "ec2:StartInstances", "arn:aws:ec2:eu-west-1:111111111111:instance/i-0dev1"),
        ("alice-developer.json", "s3:DeleteBucket", "arn:aws:s3:::team-artifacts"),
        ("user-vs-role-bucket-policy.json", "s3:GetObject", "arn:aws:s3:::analytics-data/report.csv"),
    ] {
        let s = model(file);
        let found: Vec<String> = who_can(&s, action, resource).into_iter().map(|r| r.principal).collect();
        for account in &s.accounts {
            for user in &account.users {
                let mut m = s.clone();
                m.steps = vec![step(
                    "direct".into(),
                    None,
                    StepAction::Request {
                        principal: (user.arn.clone(), Span::default()),
                        action: action.into(),
                        resource: resource.into(),
                        resource_account: None,
                    },
                )];
                let allowed = run_scenario(&m)[0].decision == Some(Decision::Allowed);
                assert_eq!(found.contains(&user.arn), allowed, "{file}: {} {action}", user.arn);
            }
        }
    }
}

/// Roles too: a role answers who-can exactly when some user can assume it
/// (asked directly, with and without MFA) and its session may do the action.
#[test]
fn who_can_agrees_with_brute_force_for_roles_on_small_models() {
    for (file, action, resource) in [
        ("break-glass-admin.json", "iam:CreateUser", "arn:aws:iam::111111111111:user/new"),
        ("cross-account-devops.json", "ec2:RunInstances", "arn:aws:ec2:eu-west-1:222222222222:instance/*"),
        ("user-vs-role-bucket-policy.json", "s3:GetObject", "arn:aws:s3:::analytics-data/report.csv"),
    ] {
        let s = model(file);
        let found: Vec<String> = who_can(&s, action, resource).into_iter().map(|r| r.principal).collect();
        let users: Vec<String> = s.accounts.iter().flat_map(|a| a.users.iter().map(|u| u.arn.clone())).collect();
        for role in s.accounts.iter().flat_map(|a| a.roles.iter()) {
            let mut any = false;
            for user in &users {
                for mfa in [false, true] {
                    let mut m = s.clone();
                    m.steps = vec![
                        assume(user, &role.arn, "brute".into(), mfa, None),
                        step(
                            "act".into(),
                            None,
                            StepAction::Request {
                                principal: ("session:brute".into(), Span::default()),
                                action: action.into(),
                                resource: resource.into(),
                                resource_account: None,
                            },
                        ),
                    ];
                    let results = run_scenario(&m);
                    any |= results.iter().all(|r| r.decision == Some(Decision::Allowed));
                }
            }
            // Roles reached only through services or chains are not in this brute force.
            if any {
                assert!(found.contains(&role.arn), "{file}: {} reachable and allowed, not found: {found:?}", role.arn);
            } else if found.contains(&role.arn) {
                let reach = who_can(&s, action, resource).into_iter().find(|r| r.principal == role.arn).unwrap();
                assert!(
                    reach.chain.first().is_some_and(|l| !l.from.starts_with("arn:aws:iam::") || reach.chain.len() > 1),
                    "{file}: {} found but no user reaches it directly: {reach:?}",
                    role.arn
                );
            }
        }
    }
}
