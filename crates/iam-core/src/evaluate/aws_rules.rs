//! Rules AWS applies whatever the policies say (reference §6.6): calls that
//! are always allowed, calls that some credentials can never make, and
//! resources that AWS owns or protects.

use super::Request;
use crate::explain::{AwsRule, Decision};
use crate::matching::arn::Arn;
use crate::matching::principal::Caller;

/// The rule that decides this request regardless of the policies, if any.
/// It runs on every evaluation, so it compares without allocating.
pub(super) fn rule_for(request: &Request) -> Option<AwsRule> {
    let (service, name) = request.action.split_once(':')?;
    let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if is(service, "sts") {
        let authenticated = matches!(
            request.caller,
            Caller::Root { .. }
                | Caller::User { .. }
                | Caller::Role { .. }
                | Caller::AssumedRole { .. }
                | Caller::FederatedUser { .. }
        );
        if is(name, "GetCallerIdentity") && authenticated {
            return Some(AwsRule::GetCallerIdentityAlwaysAllowed);
        }
        let role_session = matches!(request.caller, Caller::Role { .. } | Caller::AssumedRole { .. });
        if role_session && (is(name, "GetSessionToken") || is(name, "GetFederationToken")) {
            return Some(AwsRule::TokenApiFromRoleSession);
        }
        return None;
    }
    if !is(service, "iam") && !is(service, "kms") {
        return None;
    }
    protected_resource(service, name, &request.resource)
}

/// Action names that change a resource rather than read or use it.
const CHANGING: &[&str] = &[
    "create",
    "delete",
    "put",
    "update",
    "set",
    "tag",
    "untag",
    "attach",
    "detach",
    "add",
    "remove",
    "upload",
    "enable",
    "disable",
    "schedule",
    "cancel",
    "import",
    "replicate",
    "rotate",
    "reset",
    "change",
];

/// Whether an action name starts with one of the changing verbs, in any case.
fn changes(name: &str) -> bool {
    CHANGING.iter().any(|verb| name.get(..verb.len()).is_some_and(|head| head.eq_ignore_ascii_case(verb)))
}

/// Whether `action` changes a resource of its service (create, delete, put, tag, …).
pub(crate) fn changes_resource(action: &str) -> bool {
    action.split_once(':').is_some_and(|(_, name)| changes(name))
}

/// Makes `rule` decide the evaluation; the layers keep what the policies said.
pub(crate) fn apply(evaluation: &mut crate::explain::Evaluation, rule: AwsRule) {
    evaluation.aws_rule = Some(rule);
    evaluation.decision = rule.decision();
    evaluation.determining.clear();
}

fn protected_resource(service: &str, name: &str, resource: &str) -> Option<AwsRule> {
    let arn = Arn::parse(resource)?;
    if !changes(name) || !arn.service.eq_ignore_ascii_case(service) {
        return None;
    }
    match arn.service {
        "iam" if arn.account == "aws" && arn.resource.starts_with("policy/") => Some(AwsRule::AwsManagedPolicy),
        // Deleting a service-linked role is done with its own action, which customers may be granted.
        "iam"
            if arn.resource.starts_with("role/aws-service-role/")
                && !name.eq_ignore_ascii_case("DeleteServiceLinkedRole") =>
        {
            Some(AwsRule::ServiceLinkedRole)
        }
        "iam" if arn.resource.starts_with("role/aws-reserved/") => Some(AwsRule::IdentityCenterRole),
        "kms" if arn.resource.starts_with("alias/aws/") => Some(AwsRule::AwsManagedKmsAlias),
        _ => None,
    }
}

impl AwsRule {
    /// The decision the rule imposes.
    pub fn decision(self) -> Decision {
        match self {
            AwsRule::GetCallerIdentityAlwaysAllowed => Decision::Allowed,
            AwsRule::TokenApiFromRoleSession
            | AwsRule::AwsManagedPolicy
            | AwsRule::ServiceLinkedRole
            | AwsRule::IdentityCenterRole
            | AwsRule::AwsManagedKmsAlias
            | AwsRule::AwsManagedKmsKey => Decision::ImplicitDeny,
        }
    }
}
