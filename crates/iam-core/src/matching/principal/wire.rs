//! A caller in JSON: an array of strings, its kind and then its fields in
//! order (`["user", "aws", "111111111111", "/", "alice"]`). The derived form
//! (an object per kind) made the largest single reader in the browser's
//! page; this one reads through the reader of a list of strings, which the
//! page has anyway.

use super::Caller;
use serde::de::Error;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smol_str::SmolStr;

const KINDS: &[&str] = &["root", "user", "role", "assumedRole", "federatedUser", "service", "webIdentity", "anonymous"];

impl Serialize for Caller {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let parts: Vec<&str> = match self {
            Caller::Root { partition, account } => vec!["root", partition, account],
            Caller::User { partition, account, path, name } => vec!["user", partition, account, path, name],
            Caller::Role { partition, account, path, name } => vec!["role", partition, account, path, name],
            Caller::AssumedRole { partition, account, role, session } => {
                vec!["assumedRole", partition, account, role, session]
            }
            Caller::FederatedUser { partition, account, name } => vec!["federatedUser", partition, account, name],
            Caller::Service { name } => vec!["service", name],
            Caller::WebIdentity { provider } => vec!["webIdentity", provider],
            Caller::Anonymous => vec!["anonymous"],
        };
        parts.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Caller {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parts = Vec::<SmolStr>::deserialize(d)?;
        let count = parts.len();
        let mut parts = parts.into_iter();
        let kind = parts.next().unwrap_or_default();
        let mut next = || parts.next().ok_or_else(|| D::Error::invalid_length(count, &"the fields of its kind"));
        let caller = match kind.as_str() {
            "root" => Caller::Root { partition: next()?, account: next()? },
            "user" => Caller::User { partition: next()?, account: next()?, path: next()?, name: next()? },
            "role" => Caller::Role { partition: next()?, account: next()?, path: next()?, name: next()? },
            "assumedRole" => {
                Caller::AssumedRole { partition: next()?, account: next()?, role: next()?, session: next()? }
            }
            "federatedUser" => Caller::FederatedUser { partition: next()?, account: next()?, name: next()? },
            "service" => Caller::Service { name: next()? },
            "webIdentity" => Caller::WebIdentity { provider: next()? },
            "anonymous" => Caller::Anonymous,
            other => return Err(D::Error::unknown_variant(other, KINDS)),
        };
        if next().is_ok() {
            return Err(D::Error::invalid_length(count, &"the fields of its kind, and no more"));
        }
        Ok(caller)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_as_a_list_of_strings() {
        let s = SmolStr::new;
        let callers = [
            Caller::Root { partition: s("aws"), account: s("111111111111") },
            Caller::User { partition: s("aws"), account: s("111111111111"), path: s("/dev/"), name: s("alice") },
            Caller::Role { partition: s("aws-cn"), account: s("2"), path: s("/"), name: s("R") },
            Caller::AssumedRole { partition: s("aws"), account: s("3"), role: s("BreakGlass"), session: s("bob") },
            Caller::FederatedUser { partition: s("aws"), account: s("4"), name: s("fed") },
            Caller::Service { name: s("lambda.amazonaws.com") },
            Caller::WebIdentity { provider: s("token.actions.githubusercontent.com") },
            Caller::Anonymous,
        ];
        for caller in callers {
            let json = serde_json::to_string(&caller).unwrap_or_default();
            assert!(json.starts_with("[\""), "{json}");
            let back: Caller = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back, caller);
        }
        assert_eq!(
            serde_json::to_string(&Caller::AssumedRole {
                partition: s("aws"),
                account: s("3"),
                role: s("R"),
                session: s("x")
            })
            .ok()
            .as_deref(),
            Some(r#"["assumedRole","aws","3","R","x"]"#)
        );
    }

    #[test]
    fn a_list_of_the_wrong_length_or_kind_is_refused_with_a_reason() {
        let err = |json: &str| serde_json::from_str::<Caller>(json).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err(r#"["user","aws","1","/"]"#).contains("invalid length 4"), "{}", err(r#"["user","aws","1","/"]"#));
        assert!(err(r#"["root","aws","1","extra"]"#).contains("and no more"));
        assert!(err(r#"["admin"]"#).contains("unknown variant `admin`"));
        assert!(err(r#"[]"#).contains("unknown variant ``"));
        assert!(err(r#"{"user":{}}"#).contains("expected a sequence"));
    }
}
