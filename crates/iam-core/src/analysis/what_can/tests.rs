use super::*;
use crate::analysis::testing::{bundled, model};

fn summary(access: &[ServiceAccess]) -> Vec<String> {
    access
        .iter()
        .map(|s| {
            let levels: Vec<String> = s.levels.iter().map(|(l, a)| format!("{} {}", a.len(), l.describe())).collect();
            format!("{}: {}", s.prefix, levels.join(", "))
        })
        .collect()
}

#[test]
fn alice_can_do_what_her_group_grants_grouped_by_service_and_level() {
    let catalogue = bundled();
    let s = model("alice-developer.json");
    let access = what_can(&s, &catalogue, "arn:aws:iam::111111111111:user/alice").unwrap();
    let s3 = access.iter().find(|a| a.prefix == "s3").unwrap();
    let actions: Vec<&str> = s3.levels.iter().flat_map(|(_, a)| a.iter().map(|(n, _)| n.as_str())).collect();
    assert_eq!(actions, ["s3:ListBucket", "s3:GetObject", "s3:PutObject"], "list, then read, then write");
    let put = s3.levels.iter().flat_map(|(_, a)| a.iter()).find(|(n, _)| n == "s3:PutObject").unwrap();
    assert_eq!(put.1, ["arn:aws:s3:::team-artifacts/*"]);
    // EC2: the read-only managed policy's list and read actions, and start/stop (write) only on dev instances, which the condition leaves to the resource; asked on `*` tags are absent.
    let ec2 = summary(&access).into_iter().find(|l| l.starts_with("ec2:")).unwrap();
    assert!(ec2.contains(" list") && ec2.contains(" read"), "{ec2}");
    // Nothing of IAM.
    assert!(access.iter().all(|a| a.prefix != "iam"), "{:?}", summary(&access));
}

#[test]
fn a_role_reached_by_assumption_is_asked_as_its_session_and_an_unknown_principal_gets_did_you_mean() {
    let catalogue = bundled();
    let s = model("break-glass-admin.json");
    let admin = what_can(&s, &catalogue, "arn:aws:iam::111111111111:role/BreakGlass").unwrap();
    let iam = admin.iter().find(|a| a.prefix == "iam").unwrap();
    assert!(iam.levels.iter().any(|(l, _)| *l == AccessLevel::PermissionsManagement), "{:?}", summary(&admin));
    assert!(admin.len() > 100, "an administrator may do something in every service: {}", admin.len());
    let unknown = what_can(&s, &catalogue, "arn:aws:iam::111111111111:user/bbo").unwrap_err();
    assert_eq!(unknown, WhatCanError::UnknownPrincipal { closest: Some("arn:aws:iam::111111111111:user/bob".into()) });
}
