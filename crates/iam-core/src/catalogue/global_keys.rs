//! The global condition keys (`aws:…`), which the service catalogue does not
//! list, with their types: from the IAM global condition context keys
//! reference (reference §7). A `${TagKey}` part stands for any tag key.

use super::KeyType;

pub const GLOBAL_KEYS: &[(&str, KeyType)] = &[
    // Properties of the principal
    ("aws:PrincipalArn", KeyType::Arn),
    ("aws:PrincipalAccount", KeyType::String),
    ("aws:PrincipalOrgPaths", KeyType::ArrayOfString),
    ("aws:PrincipalOrgID", KeyType::String),
    ("aws:PrincipalTag/${TagKey}", KeyType::String),
    ("aws:PrincipalIsAWSService", KeyType::Bool),
    ("aws:PrincipalServiceName", KeyType::String),
    ("aws:PrincipalServiceNamesList", KeyType::ArrayOfString),
    ("aws:PrincipalType", KeyType::String),
    ("aws:userid", KeyType::String),
    ("aws:username", KeyType::String),
    // Properties of a role session
    ("aws:AssumedRoot", KeyType::Bool),
    ("aws:FederatedProvider", KeyType::String),
    ("aws:TokenIssueTime", KeyType::Date),
    ("aws:MultiFactorAuthAge", KeyType::Numeric),
    ("aws:MultiFactorAuthPresent", KeyType::Bool),
    ("aws:ChatbotSourceArn", KeyType::Arn),
    ("aws:Ec2InstanceSourceVpc", KeyType::String),
    ("aws:Ec2InstanceSourcePrivateIPv4", KeyType::IpAddress),
    ("aws:SourceIdentity", KeyType::String),
    // Properties of the network
    ("aws:SourceIp", KeyType::IpAddress),
    ("aws:SourceVpc", KeyType::String),
    ("aws:SourceVpcArn", KeyType::Arn),
    ("aws:SourceVpce", KeyType::String),
    ("aws:VpceAccount", KeyType::String),
    ("aws:VpceOrgID", KeyType::String),
    ("aws:VpceOrgPaths", KeyType::ArrayOfString),
    ("aws:VpcSourceIp", KeyType::IpAddress),
    // Properties of the resource
    ("aws:ResourceAccount", KeyType::String),
    ("aws:ResourceOrgID", KeyType::String),
    ("aws:ResourceOrgPaths", KeyType::ArrayOfString),
    ("aws:ResourceTag/${TagKey}", KeyType::String),
    // Properties of the request
    ("aws:CalledVia", KeyType::ArrayOfString),
    ("aws:CalledViaFirst", KeyType::String),
    ("aws:CalledViaLast", KeyType::String),
    ("aws:ViaAWSService", KeyType::Bool),
    ("aws:CurrentTime", KeyType::Date),
    ("aws:EpochTime", KeyType::Date),
    ("aws:referer", KeyType::String),
    ("aws:RequestedRegion", KeyType::String),
    ("aws:RequestTag/${TagKey}", KeyType::String),
    ("aws:TagKeys", KeyType::ArrayOfString),
    ("aws:SecureTransport", KeyType::Bool),
    ("aws:SourceAccount", KeyType::String),
    ("aws:SourceArn", KeyType::Arn),
    ("aws:SourceOrgID", KeyType::String),
    ("aws:SourceOrgPaths", KeyType::ArrayOfString),
    ("aws:UserAgent", KeyType::String),
];

/// The global key `key` names (case-insensitive; a tag key after `/` matches
/// `${TagKey}`), with its name as documented and its type.
pub fn global_key(key: &str) -> Option<(&'static str, KeyType)> {
    GLOBAL_KEYS.iter().copied().find(|(name, _)| match name.strip_suffix("${TagKey}") {
        Some(prefix) => {
            key.len() > prefix.len() && key.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        }
        None => key.eq_ignore_ascii_case(name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_keys_match_case_insensitively_and_tag_keys_by_prefix() {
        assert_eq!(global_key("AWS:sourceip"), Some(("aws:SourceIp", KeyType::IpAddress)));
        assert_eq!(global_key("aws:PrincipalTag/team").map(|k| k.1), Some(KeyType::String));
        assert_eq!(global_key("aws:PrincipalTag/"), None, "a tag key cannot be empty");
        assert_eq!(global_key("aws:SourceIpp"), None);
    }
}
