use super::*;
use crate::analysis::explore;
use crate::analysis::testing::{bundled, model};

/// Every pair asked of the model, one step each: the matrix must show
/// exactly the principals and columns with an allowed pair, with the same
/// decision in every cell.
fn check_against_brute_force(s: &Scenario, catalogue: &Catalogue, columns: &Columns) -> Matrix {
    let explored = explore(s);
    let m = matrix(&explored, s, catalogue, columns).unwrap();
    let all = pairs(s, catalogue, columns).unwrap();
    let mut allowed_rows = Vec::new();
    let mut allowed_columns = BTreeSet::new();
    for (reference, arn) in explored.principals() {
        let requests: Vec<(String, String, String)> =
            all.iter().map(|(a, r)| (reference.to_string(), a.clone(), r.clone())).collect();
        let results = explored.ask(s, &requests);
        let mut any = false;
        for (pair, result) in all.iter().zip(results.iter()) {
            if result.decision == Some(Decision::Allowed) {
                any = true;
                allowed_columns.insert(pair.clone());
            }
        }
        if any {
            allowed_rows.push((arn.to_string(), requests, results));
        }
    }
    let shown: Vec<String> = m.rows.iter().map(|r| r.principal.clone()).collect();
    assert_eq!(shown, allowed_rows.iter().map(|(arn, _, _)| arn.clone()).collect::<Vec<_>>());
    assert_eq!(m.columns, all.iter().filter(|p| allowed_columns.contains(*p)).cloned().collect::<Vec<_>>());
    assert_eq!(m.other_columns, all.len() - m.columns.len());
    for (row, (_, requests, results)) in m.rows.iter().zip(allowed_rows.iter()) {
        for (column, cell) in m.columns.iter().zip(row.cells.iter()) {
            let at = requests.iter().position(|(_, a, r)| (a, r) == (&column.0, &column.1)).unwrap();
            assert_eq!(*cell, results[at].decision, "{} {column:?}", row.principal);
        }
    }
    m
}

#[test]
fn alice_may_start_the_dev_instance_but_not_the_prod_one_and_the_grid_matches_every_step() {
    let catalogue = bundled();
    let s = model("alice-developer.json");
    let dev = Columns::Actions {
        prefix: "ec2".into(),
        resource: "arn:aws:ec2:eu-west-1:111111111111:instance/i-0dev1".into(),
    };
    let m = check_against_brute_force(&s, &catalogue, &dev);
    assert_eq!(m.rows.len(), 1);
    assert_eq!(m.rows[0].principal, "arn:aws:iam::111111111111:user/alice");
    let start = m.columns.iter().position(|(a, _)| a == "ec2:StartInstances").unwrap();
    assert_eq!(m.rows[0].cells[start], Some(Decision::Allowed));
    // Far fewer steps than pairs: only what a policy of alice's could allow.
    let actions = catalogue.service("ec2").unwrap().actions().len();
    assert!(m.evaluated < actions, "{} of {actions}", m.evaluated);

    let prod = Columns::Actions {
        prefix: "ec2".into(),
        resource: "arn:aws:ec2:eu-west-1:111111111111:instance/i-0prod1".into(),
    };
    let m = check_against_brute_force(&s, &catalogue, &prod);
    assert!(!m.columns.iter().any(|(a, _)| a == "ec2:StartInstances"), "the tag condition keeps prod out");
}

#[test]
fn principals_against_resources_include_a_role_reached_by_assumption_with_its_chain() {
    let catalogue = bundled();
    let s = model("user-vs-role-bucket-policy.json");
    let columns = Columns::Resources {
        action: "s3:GetObject".into(),
        extra: vec!["arn:aws:s3:::shared-data/report.csv".into(), "arn:aws:s3:::elsewhere/x".into()],
    };
    let m = check_against_brute_force(&s, &catalogue, &columns);
    assert!(!m.rows.is_empty());
    assert!(m.columns.iter().all(|(a, _)| a == "s3:GetObject"));
    for row in &m.rows {
        assert_eq!(row.chain.is_empty(), row.principal.contains(":user/"), "{row:?}");
    }
}

#[test]
fn an_unknown_service_is_said_with_the_closest_and_no_action_is_an_error() {
    let catalogue = bundled();
    let s = model("alice-developer.json");
    let explored = explore(&s);
    let wrong = Columns::Actions { prefix: "ec3".into(), resource: "*".into() };
    assert!(matches!(
        matrix(&explored, &s, &catalogue, &wrong),
        Err(MatrixError::UnknownService { closest: Some(c) }) if c == "ec2"
    ));
    let empty = Columns::Resources { action: " ".into(), extra: Vec::new() };
    assert_eq!(matrix(&explored, &s, &catalogue, &empty), Err(MatrixError::Empty));
}
