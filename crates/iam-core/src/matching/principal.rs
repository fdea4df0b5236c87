//! Who is calling ([`Caller`]), the values of a Principal element
//! ([`PrincipalEntry`]), and how one names the other ([`Grant`]).

use crate::matching::arn::Arn;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

mod wire;

/// The principal that makes a request. In JSON, a list of strings: its kind
/// and its fields (see `wire`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    Root {
        partition: SmolStr,
        account: SmolStr,
    },
    User {
        partition: SmolStr,
        account: SmolStr,
        path: SmolStr,
        name: SmolStr,
    },
    /// A role ARN used as the caller: a session of the role whose name is not given.
    Role {
        partition: SmolStr,
        account: SmolStr,
        path: SmolStr,
        name: SmolStr,
    },
    AssumedRole {
        partition: SmolStr,
        account: SmolStr,
        role: SmolStr,
        session: SmolStr,
    },
    FederatedUser {
        partition: SmolStr,
        account: SmolStr,
        name: SmolStr,
    },
    Service {
        name: SmolStr,
    },
    /// An identity provider calling `AssumeRoleWithWebIdentity` / `AssumeRoleWithSAML`.
    WebIdentity {
        provider: SmolStr,
    },
    Anonymous,
}

impl Caller {
    /// Reads a caller from the request's `principal` string. Web-identity and
    /// SAML assume calls name the identity provider instead of an IAM principal.
    pub fn parse(text: &str, action: &str) -> Result<Caller, String> {
        let action = action.to_ascii_lowercase();
        if action == "sts:assumerolewithwebidentity" || action == "sts:assumerolewithsaml" {
            return Ok(Caller::WebIdentity { provider: text.into() });
        }
        if text == "*" {
            return Ok(Caller::Anonymous);
        }
        if let Some(arn) = Arn::parse(text) {
            return caller_from_arn(&arn)
                .ok_or_else(|| format!("`{text}` is not an IAM user, role, role session, federated user or root ARN"));
        }
        if is_service_name(text) {
            return Ok(Caller::Service { name: text.into() });
        }
        Err(format!("`{text}` is not a principal ARN, a service principal or `*`"))
    }

    pub fn account(&self) -> Option<&str> {
        match self {
            Caller::Root { account, .. }
            | Caller::User { account, .. }
            | Caller::Role { account, .. }
            | Caller::AssumedRole { account, .. }
            | Caller::FederatedUser { account, .. } => Some(account),
            Caller::Service { .. } | Caller::WebIdentity { .. } | Caller::Anonymous => None,
        }
    }

    /// IAM principals of an account: the ones identity policies, boundaries and SCPs govern.
    pub fn is_iam_principal(&self) -> bool {
        self.account().is_some()
    }

    /// A role session or federated-user session: temporary credentials.
    pub fn is_session(&self) -> bool {
        matches!(self, Caller::Role { .. } | Caller::AssumedRole { .. } | Caller::FederatedUser { .. })
    }

    /// Service-linked roles: the `/aws-service-role/` path, or (for a session ARN,
    /// which carries no path) AWS's reserved `AWSServiceRoleFor` name prefix.
    pub fn is_service_linked_role(&self) -> bool {
        match self {
            Caller::Role { path, .. } => path.starts_with("/aws-service-role/"),
            Caller::AssumedRole { role, .. } => role.starts_with("AWSServiceRoleFor"),
            _ => false,
        }
    }

    /// A word for the kind of caller, for explanations.
    pub fn describe(&self) -> &'static str {
        match self {
            Caller::Root { .. } => "root user",
            Caller::User { .. } => "IAM user",
            Caller::Role { .. } => "role",
            Caller::AssumedRole { .. } => "role session",
            Caller::FederatedUser { .. } => "federated user",
            Caller::Service { .. } => "service principal",
            Caller::WebIdentity { .. } => "identity provider",
            Caller::Anonymous => "anonymous caller",
        }
    }
}

fn is_service_name(text: &str) -> bool {
    text.contains('.')
        && !text.starts_with('.')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// Splits `path/.../name` of an IAM resource into (`/path/`, `name`).
fn split_path(rest: &str) -> Option<(SmolStr, SmolStr)> {
    let (path, name) = match rest.rsplit_once('/') {
        Some((path, name)) => (smol_str::format_smolstr!("/{path}/"), name),
        None => (SmolStr::new_static("/"), rest),
    };
    (!name.is_empty()).then(|| (path, SmolStr::new(name)))
}

fn caller_from_arn(arn: &Arn<'_>) -> Option<Caller> {
    let partition = SmolStr::new(arn.partition);
    let account = SmolStr::new(arn.account);
    if !is_account_id(arn.account) {
        return None;
    }
    match arn.service {
        "iam" => {
            if arn.resource == "root" {
                return Some(Caller::Root { partition, account });
            }
            if let Some(rest) = arn.resource.strip_prefix("user/") {
                let (path, name) = split_path(rest)?;
                return Some(Caller::User { partition, account, path, name });
            }
            let rest = arn.resource.strip_prefix("role/")?;
            let (path, name) = split_path(rest)?;
            Some(Caller::Role { partition, account, path, name })
        }
        "sts" => {
            if let Some(rest) = arn.resource.strip_prefix("assumed-role/") {
                let (role, session) = rest.split_once('/')?;
                if role.is_empty() || session.is_empty() || session.contains('/') {
                    return None;
                }
                return Some(Caller::AssumedRole { partition, account, role: role.into(), session: session.into() });
            }
            let name = arn.resource.strip_prefix("federated-user/")?;
            (!name.is_empty()).then(|| Caller::FederatedUser { partition, account, name: name.into() })
        }
        _ => None,
    }
}

pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// One value of a Principal / NotPrincipal element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PrincipalEntry {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included.
    Everyone,
    /// `"123456789012"` or `arn:aws:iam::123456789012:root`: delegation to the account.
    Account {
        account: String,
    },
    User {
        arn: String,
    },
    Role {
        partition: String,
        account: String,
        name: String,
    },
    AssumedRole {
        arn: String,
    },
    FederatedUser {
        arn: String,
    },
    Service {
        name: String,
    },
    Federated {
        provider: String,
    },
    CanonicalUser {
        id: String,
    },
    /// A unique id such as `AIDA…`/`AROA…`: what IAM shows once the entity is deleted.
    UniqueId {
        id: String,
    },
}

/// How a matched Principal entry names the caller. The order is strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Grant {
    /// The caller's account: a delegation that still needs an identity Allow.
    Account,
    /// The role of a role session: counts like an identity-policy Allow.
    Role,
    /// The caller itself (user, role session, federated user, service, provider) or `*`.
    Direct,
}

impl Caller {
    /// The ARN of a user, role session or federated user (the identities a
    /// Principal element names by ARN).
    pub fn arn_string(&self) -> Option<String> {
        // Joined without the formatting machinery: this runs on every evaluation.
        let join = |parts: &[&str]| {
            let mut arn = String::with_capacity(parts.iter().map(|p| p.len()).sum());
            parts.iter().for_each(|p| arn.push_str(p));
            arn
        };
        match self {
            Caller::User { partition, account, path, name } => {
                Some(join(&["arn:", partition, ":iam::", account, ":user", path, name]))
            }
            Caller::AssumedRole { partition, account, role, session } => {
                Some(join(&["arn:", partition, ":sts::", account, ":assumed-role/", role, "/", session]))
            }
            Caller::FederatedUser { partition, account, name } => {
                Some(join(&["arn:", partition, ":sts::", account, ":federated-user/", name]))
            }
            _ => None,
        }
    }

    fn role_identity(&self) -> Option<(&str, &str, &str)> {
        match self {
            Caller::Role { partition, account, name, .. } => Some((partition, account, name)),
            Caller::AssumedRole { partition, account, role, .. } => Some((partition, account, role)),
            _ => None,
        }
    }
}

/// How `entry` names `caller`, or `None` when it does not.
pub fn grant(entry: &PrincipalEntry, caller: &Caller) -> Option<Grant> {
    grant_with_arn(entry, caller, caller.arn_string().as_deref())
}

/// As [`grant`], with the caller's ARN computed once by the caller of this function.
pub fn grant_with_arn(entry: &PrincipalEntry, caller: &Caller, caller_arn: Option<&str>) -> Option<Grant> {
    match entry {
        PrincipalEntry::Everyone => Some(Grant::Direct),
        PrincipalEntry::Account { account } => (caller.account() == Some(account)).then_some(Grant::Account),
        PrincipalEntry::User { arn } | PrincipalEntry::AssumedRole { arn } | PrincipalEntry::FederatedUser { arn } => {
            (caller_arn == Some(arn.as_str())).then_some(Grant::Direct)
        }
        PrincipalEntry::Role { partition, account, name } => {
            let (p, a, n) = caller.role_identity()?;
            (p == partition && a == account && n == name).then_some(Grant::Role)
        }
        PrincipalEntry::Service { name } => match caller {
            Caller::Service { name: called } if called == name => Some(Grant::Direct),
            _ => None,
        },
        PrincipalEntry::Federated { provider } => match caller {
            Caller::WebIdentity { provider: p } if p == provider => Some(Grant::Direct),
            _ => None,
        },
        PrincipalEntry::CanonicalUser { .. } | PrincipalEntry::UniqueId { .. } => None,
    }
}

/// Whether a `NotPrincipal` list exempts the caller. For the exemption to hold,
/// every identity AWS may check must be listed: the account, and the user, or
/// the role and the session, or the federated user.
pub fn not_principal_exempts(entries: &[&PrincipalEntry], caller: &Caller) -> bool {
    if entries.iter().any(|e| **e == PrincipalEntry::Everyone) {
        return true;
    }
    let named = |wanted: Grant| entries.iter().any(|e| grant(e, caller) == Some(wanted));
    match caller {
        Caller::Root { .. } => named(Grant::Account),
        Caller::User { .. } | Caller::FederatedUser { .. } => named(Grant::Account) && named(Grant::Direct),
        Caller::Role { .. } => named(Grant::Account) && named(Grant::Role),
        Caller::AssumedRole { .. } => named(Grant::Account) && named(Grant::Role) && named(Grant::Direct),
        Caller::Service { .. } | Caller::WebIdentity { .. } => named(Grant::Direct),
        Caller::Anonymous => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(s: &str) -> Caller {
        Caller::parse(s, "s3:GetObject").unwrap()
    }

    #[test]
    fn caller_parse_reads_every_form() {
        assert!(matches!(caller("arn:aws:iam::111111111111:root"), Caller::Root { .. }));
        assert_eq!(
            caller("arn:aws:iam::111111111111:user/dev/alice"),
            Caller::User {
                partition: "aws".into(),
                account: "111111111111".into(),
                path: "/dev/".into(),
                name: "alice".into()
            }
        );
        assert!(matches!(caller("arn:aws:sts::111111111111:assumed-role/R/s1"), Caller::AssumedRole { .. }));
        assert!(matches!(caller("arn:aws:sts::111111111111:federated-user/bob"), Caller::FederatedUser { .. }));
        assert!(matches!(caller("lambda.amazonaws.com"), Caller::Service { .. }));
        assert_eq!(caller("*"), Caller::Anonymous);
        assert!(Caller::parse("arn:aws:s3:::bucket", "s3:GetObject").is_err());
        assert!(Caller::parse("alice", "s3:GetObject").is_err());
    }

    #[test]
    fn caller_service_linked_role_is_detected_by_path() {
        assert!(caller("arn:aws:iam::111111111111:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX")
            .is_service_linked_role());
        assert!(!caller("arn:aws:iam::111111111111:role/App").is_service_linked_role());
    }

    #[test]
    fn grant_role_entry_names_sessions_of_that_role() {
        let entry =
            PrincipalEntry::Role { partition: "aws".into(), account: "111111111111".into(), name: "App".into() };
        assert_eq!(grant(&entry, &caller("arn:aws:sts::111111111111:assumed-role/App/s1")), Some(Grant::Role));
        assert_eq!(grant(&entry, &caller("arn:aws:sts::111111111111:assumed-role/Other/s1")), None);
    }

    #[test]
    fn not_principal_session_needs_account_role_and_session_listed() {
        let c = caller("arn:aws:sts::111111111111:assumed-role/App/s1");
        let account = PrincipalEntry::Account { account: "111111111111".into() };
        let role = PrincipalEntry::Role { partition: "aws".into(), account: "111111111111".into(), name: "App".into() };
        let session = PrincipalEntry::AssumedRole { arn: "arn:aws:sts::111111111111:assumed-role/App/s1".into() };
        assert!(!not_principal_exempts(&[&account, &role], &c));
        assert!(not_principal_exempts(&[&account, &role, &session], &c));
    }
}
