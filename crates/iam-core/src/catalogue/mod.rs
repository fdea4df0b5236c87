//! The AWS service catalogue: every service prefix, its actions (with access
//! level, resource types and condition keys), its resource types (with ARN
//! patterns) and its condition keys (with types). Read from the compact form
//! `scripts/convert-aws-data.mjs` writes (see `data/aws-catalogue/SOURCE.md`).
//! The global `aws:` keys are in [`global_keys`].

mod complete;
pub mod global_keys;
mod grants;
mod read;
mod suggest;

pub use complete::{Completion, Completions, Expansion, MAX_COMPLETIONS};
pub use grants::ServiceGrant;
pub use suggest::closest;

use crate::matching::glob::{matches, wild};
use std::collections::{BTreeMap, BTreeSet};

/// The catalogue as bundled with the CLI (the browser loads it on demand).
#[cfg(feature = "bundled-catalogue")]
pub const BUNDLED: &str = include_str!("../../data/aws-catalogue/catalogue.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

/// The levels in the order they are listed: list, read, write, permissions
/// management, tagging.
pub const LEVELS: [AccessLevel; 5] = [
    AccessLevel::List,
    AccessLevel::Read,
    AccessLevel::Write,
    AccessLevel::PermissionsManagement,
    AccessLevel::Tagging,
];

impl AccessLevel {
    fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "L" => AccessLevel::List,
            "R" => AccessLevel::Read,
            "W" => AccessLevel::Write,
            "P" => AccessLevel::PermissionsManagement,
            "T" => AccessLevel::Tagging,
            _ => return None,
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            AccessLevel::List => "list",
            AccessLevel::Read => "read",
            AccessLevel::Write => "write",
            AccessLevel::PermissionsManagement => "permissions management",
            AccessLevel::Tagging => "tagging",
        }
    }
}

/// A condition key's type, as the Service Authorization Reference gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyType {
    String,
    Numeric,
    Date,
    Bool,
    Arn,
    IpAddress,
    ArrayOfString,
    ArrayOfArn,
    ArrayOfBool,
}

impl KeyType {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "String" => KeyType::String,
            "Numeric" => KeyType::Numeric,
            "Date" => KeyType::Date,
            "Bool" => KeyType::Bool,
            "ARN" => KeyType::Arn,
            "IPAddress" => KeyType::IpAddress,
            "ArrayOfString" => KeyType::ArrayOfString,
            "ArrayOfARN" => KeyType::ArrayOfArn,
            "ArrayOfBool" => KeyType::ArrayOfBool,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRef {
    pub name: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub name: String,
    lower: String,
    pub access: AccessLevel,
    pub resources: Vec<ResourceRef>,
    pub keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceType {
    pub name: String,
    pub arn: String,
    pub keys: Vec<String>,
    /// `arn` as a pattern, its placeholders (`${BucketName}`) as wildcards:
    /// compiled once, when the service is read.
    pattern: Vec<crate::matching::glob::Tok>,
}

impl ResourceType {
    fn new(name: String, arn: String, keys: Vec<String>) -> Self {
        let pattern = wild(&placeholders_as_stars(&arn));
        ResourceType { name, arn, keys, pattern }
    }

    /// Whether the literal ARN `arn` names a resource of this type: the ARN
    /// pattern's placeholders (`${BucketName}`) stand for any text within
    /// their segment.
    pub fn names(&self, arn: &str) -> bool {
        crate::matching::arn::match_arn(&self.pattern, arn).is_ok()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub prefix: String,
    pub name: String,
    /// Sorted by lower-cased name.
    actions: Vec<Action>,
    pub resources: BTreeMap<String, ResourceType>,
    /// Condition keys by lower-cased name: (name as written, type).
    keys: BTreeMap<String, (String, KeyType)>,
    /// Whether the actions and resource types are here: a catalogue read
    /// from the browser's index holds only names and keys until a service's
    /// chunk is added ([`Catalogue::add_service`]).
    loaded: bool,
}

impl Service {
    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The action named `name` (case-insensitive, as AWS reads actions).
    pub fn action(&self, name: &str) -> Option<&Action> {
        let lower = name.to_ascii_lowercase();
        self.actions.binary_search_by(|a| a.lower.as_str().cmp(&lower)).ok().and_then(|i| self.actions.get(i))
    }

    /// The service's own condition key `key`, if listed (case-insensitive).
    pub fn key(&self, key: &str) -> Option<(&str, KeyType)> {
        self.keys.get(&key.to_ascii_lowercase()).map(|(name, kind)| (name.as_str(), *kind))
    }

    pub fn keys(&self) -> impl Iterator<Item = (&str, KeyType)> {
        self.keys.values().map(|(name, kind)| (name.as_str(), *kind))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    pub package: String,
    pub version: String,
    pub licence: String,
    pub date: String,
    /// By lower-cased prefix.
    services: BTreeMap<String, Service>,
}

/// What a condition key in a policy is, against the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyLookup {
    /// Listed (as written, or through a `${…}` part such as a tag key).
    Known {
        name: String,
        kind: KeyType,
    },
    /// An identity provider's claim (`token.actions.githubusercontent.com:sub`):
    /// providers define their own, so nothing can be said.
    ProviderClaim,
    Unknown {
        suggestion: Option<String>,
    },
}

/// Whether `key` is the documented key `name`, where a placeholder of
/// `name` (`${TagKey}` or `<key>`, as the reference writes them) stands for
/// any text (case-insensitive).
pub fn key_matches(name: &str, key: &str) -> bool {
    if !name.contains(['$', '<']) {
        return name.eq_ignore_ascii_case(key);
    }
    matches(&wild(&placeholders_as_stars(name).to_ascii_lowercase()), &key.to_ascii_lowercase())
}

/// `name` with each placeholder (`${…}`, `<…>`) written as `*`; a lone `$`
/// or `<` stays literal.
fn placeholders_as_stars(name: &str) -> String {
    let mut pattern = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find(['$', '<']) {
        let close = if rest.get(at..).is_some_and(|r| r.starts_with("${")) { '}' } else { '>' };
        pattern.push_str(rest.get(..at).unwrap_or(""));
        match rest.get(at..).and_then(|r| r.find(close).and_then(|end| r.get(end + 1..))) {
            Some(after) => {
                pattern.push('*');
                rest = after;
            }
            None => {
                pattern.push_str(rest.get(at..=at).unwrap_or(""));
                rest = rest.get(at + 1..).unwrap_or("");
            }
        }
    }
    pattern.push_str(rest);
    pattern
}

/// What the text of an `Action` entry means against the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionLookup<'c> {
    /// `*`, or a pattern over every service: nothing to check.
    Everything,
    Known(Vec<(&'c Service, &'c Action)>),
    UnknownService {
        prefix: String,
    },
    /// The service exists but no action matches.
    NoMatch {
        service: &'c Service,
    },
    /// The service exists but its actions are not loaded yet (the browser
    /// loads them on demand): nothing can be said.
    NotLoaded {
        prefix: String,
    },
}

/// Above this many services, a wildcard prefix (`*:Get*`) does not make the
/// browser load their actions; the entry is then not checked.
pub const MAX_WILDCARD_SERVICES: usize = 8;

impl Catalogue {
    /// The services whose actions the `Action` entries need and that are not
    /// loaded: each named prefix, and for a wildcard prefix the services it
    /// matches (unless more than [`MAX_WILDCARD_SERVICES`]).
    pub fn missing_services<'e>(&self, entries: impl IntoIterator<Item = &'e str>) -> BTreeSet<String> {
        let mut missing = BTreeSet::new();
        for entry in entries {
            let Some((prefix, _)) = entry.split_once(':') else { continue };
            let prefix = prefix.to_ascii_lowercase();
            if prefix.contains(['*', '?']) {
                let glob = wild(&prefix);
                let unloaded: Vec<&String> =
                    self.services.iter().filter(|(p, s)| !s.loaded && matches(&glob, p)).map(|(p, _)| p).collect();
                if unloaded.len() <= MAX_WILDCARD_SERVICES {
                    missing.extend(unloaded.into_iter().cloned());
                }
            } else if self.services.get(&prefix).is_some_and(|s| !s.loaded) {
                missing.insert(prefix);
            }
        }
        missing
    }

    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.values()
    }

    pub fn service(&self, prefix: &str) -> Option<&Service> {
        self.services.get(&prefix.to_ascii_lowercase())
    }

    pub fn action_count(&self) -> usize {
        self.services.values().map(|s| s.actions.len()).sum()
    }

    /// Every action an `Action` entry names: `s3:GetObject`, `s3:Get*`,
    /// `s3:*`, or `*:Get*` (a wildcard in the service prefix).
    pub fn lookup(&self, entry: &str) -> ActionLookup<'_> {
        let Some((prefix, name)) = entry.split_once(':') else {
            return if entry == "*" {
                ActionLookup::Everything
            } else {
                ActionLookup::UnknownService { prefix: entry.into() }
            };
        };
        let name = name.to_ascii_lowercase();
        let name_glob = wild(&name);
        let pick = |s| pick(s, &name, &name_glob);
        if prefix.contains(['*', '?']) {
            let prefix_glob = wild(&prefix.to_ascii_lowercase());
            if self.services.iter().any(|(p, s)| !s.loaded && matches(&prefix_glob, p)) {
                return ActionLookup::NotLoaded { prefix: prefix.into() };
            }
            let found: Vec<_> = self
                .services
                .iter()
                .filter(|(p, _)| matches(&prefix_glob, p))
                .flat_map(|(_, s)| pick(s).into_iter().map(move |a| (s, a)))
                .collect();
            return if found.is_empty() {
                ActionLookup::UnknownService { prefix: prefix.into() }
            } else {
                ActionLookup::Known(found)
            };
        }
        let Some(service) = self.service(prefix) else {
            return ActionLookup::UnknownService { prefix: prefix.into() };
        };
        if !service.loaded {
            return ActionLookup::NotLoaded { prefix: prefix.into() };
        }
        let found: Vec<_> = pick(service).into_iter().map(|a| (service, a)).collect();
        if found.is_empty() {
            ActionLookup::NoMatch { service }
        } else {
            ActionLookup::Known(found)
        }
    }

    /// What the condition key `key` is: a global `aws:` key, a service's key,
    /// an identity provider's claim, or unknown (with the closest name).
    pub fn condition_key(&self, key: &str) -> KeyLookup {
        let Some((prefix, _)) = key.split_once(':') else { return KeyLookup::Unknown { suggestion: None } };
        if prefix.eq_ignore_ascii_case("aws") {
            return match global_keys::global_key(key) {
                Some((name, kind)) => KeyLookup::Known { name: name.to_string(), kind },
                None => KeyLookup::Unknown {
                    suggestion: closest(key, global_keys::GLOBAL_KEYS.iter().map(|(n, _)| *n)).map(str::to_string),
                },
            };
        }
        let find = |s: &Service| s.keys().find(|(name, _)| key_matches(name, key)).map(|(n, k)| (n.to_string(), k));
        if let Some(service) = self.service(prefix) {
            return match find(service) {
                Some((name, kind)) => KeyLookup::Known { name, kind },
                None => {
                    KeyLookup::Unknown { suggestion: closest(key, service.keys().map(|(n, _)| n)).map(str::to_string) }
                }
            };
        }
        // Keys of identity providers are listed under the service that reads them (STS).
        if let Some((name, kind)) = self.services.values().find_map(find) {
            return KeyLookup::Known { name, kind };
        }
        if prefix.contains(['.', '/']) {
            return KeyLookup::ProviderClaim;
        }
        // Keys with this prefix that some service lists (`saml:aud` under STS).
        let same_prefix = self
            .services
            .values()
            .flat_map(|s| s.keys().map(|(n, _)| n))
            .filter(|n| n.split_once(':').is_some_and(|(p, _)| p.eq_ignore_ascii_case(prefix)));
        KeyLookup::Unknown { suggestion: closest(key, same_prefix).map(str::to_string) }
    }

    /// The closest service prefix to `prefix`, for "did you mean".
    pub fn closest_service(&self, prefix: &str) -> Option<&str> {
        closest(prefix, self.services.values().map(|s| s.prefix.as_str()))
    }
}

/// The actions of `service` whose lower-cased name matches `name` (already
/// lower-cased, with `glob` its pattern): a binary search for a plain name,
/// and for a pattern only the actions that share its literal start.
fn pick<'s>(service: &'s Service, name: &str, glob: &[crate::matching::glob::Tok]) -> Vec<&'s Action> {
    let literal = name.find(['*', '?']).map_or(name, |at| name.get(..at).unwrap_or(""));
    if literal.len() == name.len() {
        return service.action(name).into_iter().collect();
    }
    let from = service.actions.partition_point(|a| a.lower.as_str() < literal);
    service
        .actions
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(|a| a.lower.starts_with(literal))
        .filter(|a| matches(glob, &a.lower))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;
