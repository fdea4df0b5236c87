//! Importing a large account: `get-account-authorization-details` output
//! with 2,000 users, 100 groups, 1,000 roles and 500 customer managed
//! policies (two versions each), then reading the scenario it makes.
//! Run: `cargo bench -p iam-core --bench import`.
#![expect(clippy::expect_used, reason = "the benchmark fixture is generated and known to be valid")]

use iam_core::import::authorization_details;
use iam_core::scenario::parse_scenario;
use iam_core::{has_errors, DocId};
use std::hint::black_box;

fn main() {
    divan::main();
}

const ACCOUNT: &str = "111122223333";

fn document(i: usize) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "S{i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "dynamodb:Query"], "Resource": ["arn:aws:s3:::bucket-{i}/*", "arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/t{i}"], "Condition": {{"StringEquals": {{"aws:PrincipalTag/team": "t{t}"}}}}}}]}}"#,
        t = i % 10
    )
}

fn export() -> String {
    let policies: Vec<String> = (0..500)
        .map(|p| {
            format!(
                r#"{{"PolicyName": "P{p}", "PolicyId": "ANPA{p:016}", "Arn": "arn:aws:iam::{ACCOUNT}:policy/P{p}", "Path": "/", "DefaultVersionId": "v2", "AttachmentCount": 3, "PermissionsBoundaryUsageCount": 0, "IsAttachable": true, "CreateDate": "2025-01-01T00:00:00+00:00", "UpdateDate": "2025-06-01T00:00:00+00:00", "PolicyVersionList": [{{"Document": {d}, "VersionId": "v2", "IsDefaultVersion": true, "CreateDate": "2025-06-01T00:00:00+00:00"}}, {{"Document": {d}, "VersionId": "v1", "IsDefaultVersion": false, "CreateDate": "2025-01-01T00:00:00+00:00"}}]}}"#,
                d = document(p)
            )
        })
        .collect();
    let attached = |n: usize| {
        format!(
            r#"[{{"PolicyName": "P{a}", "PolicyArn": "arn:aws:iam::{ACCOUNT}:policy/P{a}"}}, {{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}}]"#,
            a = n % 500
        )
    };
    let groups: Vec<String> = (0..100)
        .map(|g| {
            format!(
                r#"{{"Path": "/", "GroupName": "g{g}", "GroupId": "AGPA{g:016}", "Arn": "arn:aws:iam::{ACCOUNT}:group/g{g}", "CreateDate": "2025-01-01T00:00:00+00:00", "GroupPolicyList": [], "AttachedManagedPolicies": {}}}"#,
                attached(g)
            )
        })
        .collect();
    let users: Vec<String> = (0..2000)
        .map(|u| {
            format!(
                r#"{{"Path": "/", "UserName": "u{u}", "UserId": "AIDA{u:016}", "Arn": "arn:aws:iam::{ACCOUNT}:user/u{u}", "CreateDate": "2025-01-01T00:00:00+00:00", "GroupList": ["g{}", "g{}"], "AttachedManagedPolicies": {}, "UserPolicyList": [{{"PolicyName": "own", "PolicyDocument": {}}}], "Tags": [{{"Key": "team", "Value": "t{}"}}]}}"#,
                u % 100,
                (u + 1) % 100,
                attached(u + 7),
                document(u),
                u % 10
            )
        })
        .collect();
    let roles: Vec<String> = (0..1000)
        .map(|r| {
            format!(
                r#"{{"Path": "/", "RoleName": "r{r}", "RoleId": "AROA{r:016}", "Arn": "arn:aws:iam::{ACCOUNT}:role/r{r}", "CreateDate": "2025-01-01T00:00:00+00:00", "AssumeRolePolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{ACCOUNT}:root"}}, "Action": "sts:AssumeRole"}}]}}, "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": {}, "RoleLastUsed": {{}}}}"#,
                attached(r + 3)
            )
        })
        .collect();
    format!(
        r#"{{"UserDetailList": [{}], "GroupDetailList": [{}], "RoleDetailList": [{}], "Policies": [{}]}}"#,
        users.join(","),
        groups.join(","),
        roles.join(","),
        policies.join(",")
    )
}

#[divan::bench(sample_count = 20)]
fn import_a_large_account(bencher: divan::Bencher) {
    let text = export();
    let imported = authorization_details(&text, DocId(0));
    assert!(!has_errors(&imported.diagnostics));
    assert_eq!(imported.counts.users, 2000);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| authorization_details(black_box(&text), DocId(0)));
}

#[divan::bench(sample_count = 20)]
fn read_the_imported_scenario(bencher: divan::Bencher) {
    let scenario = authorization_details(&export(), DocId(0)).scenario.expect("imported");
    let parsed = parse_scenario(&scenario, DocId(0));
    assert!(!has_errors(&parsed.diagnostics), "{:?}", parsed.diagnostics.first());
    bencher
        .counter(divan::counter::BytesCount::new(scenario.len()))
        .bench(|| parse_scenario(black_box(&scenario), DocId(0)));
}
