//! What the editor offers from the catalogue: completions for what is being
//! typed (service prefixes, actions, condition keys) and the expansion of an
//! action entry (what `s3:Get*` covers), as data for the edge to draw.

use super::{global_keys::GLOBAL_KEYS, AccessLevel, ActionLookup, Catalogue, KeyType};
use serde::{Deserialize, Serialize};

/// At most this many completions are offered at once.
pub const MAX_COMPLETIONS: usize = 30;

/// One thing the editor can insert, with what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// The text that replaces what was typed.
    pub text: String,
    /// A few words on it: the service's name, an access level, a key's type.
    pub detail: String,
}

/// The answer to a completion request; `NotLoaded` names the service whose
/// chunk must arrive first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completions {
    Ready(Vec<Completion>),
    NotLoaded(String),
}

/// What an `Action` entry covers: every action with its access level, and
/// the counts per level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expansion {
    pub entry: String,
    /// `service:Action` and its level, sorted by name.
    pub actions: Vec<(String, AccessLevel)>,
    /// In the order list, read, write, permissions management, tagging; no zeros.
    pub levels: Vec<(AccessLevel, usize)>,
}

impl KeyType {
    pub fn describe(self) -> &'static str {
        match self {
            KeyType::String => "string",
            KeyType::Numeric => "number",
            KeyType::Date => "date",
            KeyType::Bool => "Boolean",
            KeyType::Arn => "ARN",
            KeyType::IpAddress => "IP address",
            KeyType::ArrayOfString => "list of strings",
            KeyType::ArrayOfArn => "list of ARNs",
            KeyType::ArrayOfBool => "list of Booleans",
        }
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

impl Catalogue {
    /// Completions for an `Action` entry typed so far: service prefixes
    /// (`s3:`) before the colon, the service's actions after it.
    pub fn complete_action(&self, typed: &str) -> Completions {
        let Some((prefix, name)) = typed.split_once(':') else {
            let found = self
                .services
                .values()
                .filter(|s| starts_with_ignore_case(&s.prefix, typed))
                .take(MAX_COMPLETIONS)
                .map(|s| Completion { text: format!("{}:", s.prefix), detail: s.name.clone() });
            return Completions::Ready(found.collect());
        };
        let Some(service) = self.service(prefix) else { return Completions::Ready(Vec::new()) };
        if !service.loaded {
            return Completions::NotLoaded(service.prefix.clone());
        }
        let lower = name.to_ascii_lowercase();
        let from = service.actions.partition_point(|a| a.lower.as_str() < lower.as_str());
        let found = service.actions.get(from..).unwrap_or(&[]).iter().take_while(|a| a.lower.starts_with(&lower));
        Completions::Ready(
            found
                .take(MAX_COMPLETIONS)
                .map(|a| Completion {
                    text: format!("{}:{}", service.prefix, a.name),
                    detail: a.access.describe().into(),
                })
                .collect(),
        )
    }

    /// Completions for a condition key typed so far: the global `aws:` keys
    /// and every service's own keys, by name (case-insensitive).
    pub fn complete_key(&self, typed: &str) -> Vec<Completion> {
        let global = GLOBAL_KEYS.iter().map(|(name, kind)| (*name, *kind));
        let service = self.services.values().flat_map(|s| s.keys());
        let mut found: Vec<Completion> = global
            .chain(service)
            .filter(|(name, _)| starts_with_ignore_case(name, typed))
            .take(MAX_COMPLETIONS)
            .map(|(name, kind)| Completion { text: name.to_string(), detail: kind.describe().into() })
            .collect();
        found.dedup_by(|a, b| a.text == b.text);
        found
    }

    /// What an `Action` entry covers; `Err` names the service to load first,
    /// `Ok(None)` when the entry names nothing the catalogue knows (or `*`).
    pub fn expand(&self, entry: &str) -> Result<Option<Expansion>, String> {
        let found = match self.lookup(entry) {
            ActionLookup::Known(found) => found,
            ActionLookup::NotLoaded { prefix } => return Err(prefix),
            ActionLookup::Everything | ActionLookup::UnknownService { .. } | ActionLookup::NoMatch { .. } => {
                return Ok(None)
            }
        };
        let mut actions: Vec<(String, AccessLevel)> =
            found.iter().map(|(s, a)| (format!("{}:{}", s.prefix, a.name), a.access)).collect();
        actions.sort();
        actions.dedup();
        let levels = super::LEVELS
            .iter()
            .map(|level| (*level, actions.iter().filter(|(_, l)| l == level).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        Ok(Some(Expansion { entry: entry.to_string(), actions, levels }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::tests::{bundled, split};

    #[test]
    fn actions_complete_by_service_then_by_name() {
        let c = bundled();
        let Completions::Ready(found) = c.complete_action("dynamo") else { panic!("prefixes need no chunk") };
        assert_eq!(found.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(), ["dynamodb:"]);
        assert_eq!(found[0].detail, "Amazon DynamoDB");
        let Completions::Ready(found) = c.complete_action("s3:GetObjectT") else { panic!("loaded") };
        assert_eq!(
            found.iter().map(|f| (f.text.as_str(), f.detail.as_str())).collect::<Vec<_>>(),
            [("s3:GetObjectTagging", "read"), ("s3:GetObjectTorrent", "read")]
        );
        let Completions::Ready(found) = c.complete_action("s3:") else { panic!("loaded") };
        assert_eq!(found.len(), MAX_COMPLETIONS, "capped");
        assert_eq!(c.complete_action("madeup:Do"), Completions::Ready(Vec::new()));
        let (index, _) = split();
        let partial = Catalogue::parse_index(&index).unwrap();
        assert_eq!(partial.complete_action("s3:Get"), Completions::NotLoaded("s3".into()));
    }

    #[test]
    fn keys_complete_from_global_and_service_keys() {
        let c = bundled();
        let found = c.complete_key("aws:MultiFactor");
        assert_eq!(
            found.iter().map(|f| (f.text.as_str(), f.detail.as_str())).collect::<Vec<_>>(),
            [("aws:MultiFactorAuthAge", "number"), ("aws:MultiFactorAuthPresent", "Boolean")]
        );
        assert!(c.complete_key("s3:x-amz-acl").iter().any(|f| f.text == "s3:x-amz-acl"));
        assert!(c.complete_key("nothing:").is_empty());
    }

    #[test]
    fn an_entry_expands_to_its_actions_with_levels() {
        let c = bundled();
        let e = c.expand("s3:GetObject*").unwrap().unwrap();
        assert!(e.actions.iter().all(|(name, _)| name.starts_with("s3:GetObject")));
        assert!(e.actions.contains(&("s3:GetObjectTagging".into(), AccessLevel::Read)));
        assert_eq!(e.levels.iter().map(|(_, n)| n).sum::<usize>(), e.actions.len());
        assert_eq!(c.expand("iam:PassRole").unwrap().unwrap().levels, [(AccessLevel::Write, 1)]);
        assert_eq!(c.expand("*").unwrap(), None);
        assert_eq!(c.expand("s3:Nothing").unwrap(), None);
        let (index, _) = split();
        assert_eq!(Catalogue::parse_index(&index).unwrap().expand("s3:Get*"), Err("s3".into()));
    }
}
