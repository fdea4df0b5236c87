//! The inverse view: what the actions of a statement come to, by service
//! and access level ("41 read and 3 write actions of Amazon S3").

use super::{AccessLevel, Action, ActionLookup, Catalogue, Service, LEVELS};

/// The actions a statement names in one service, counted by access level
/// (the inverse view: "41 read and 3 write actions of Amazon S3").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ServiceGrant {
    pub prefix: String,
    pub service: String,
    /// In the order list, read, write, permissions management, tagging; no zeros.
    pub levels: Vec<(AccessLevel, usize)>,
}

impl Catalogue {
    /// The actions `entries` name together, by service and access level;
    /// `None` when an entry is `*` or names nothing the catalogue knows.
    pub fn grants<'e>(&self, entries: impl IntoIterator<Item = &'e str>) -> Option<Vec<ServiceGrant>> {
        // Every action named, once, by the addresses of its service and of
        // itself (one object each in the catalogue: no text compared).
        let address = |service: &Service, action: &Action| {
            (std::ptr::from_ref(service) as usize, std::ptr::from_ref(action) as usize)
        };
        let mut named: Vec<((usize, usize), &Service, AccessLevel)> = Vec::new();
        for entry in entries {
            let ActionLookup::Known(found) = self.lookup(entry) else { return None };
            named.extend(found.into_iter().map(|(service, action)| (address(service, action), service, action.access)));
        }
        named.sort_unstable_by_key(|n| n.0);
        named.dedup_by_key(|n| n.0);
        let mut grants: Vec<ServiceGrant> = Vec::new();
        for chunk in named.chunk_by(|a, b| a.0 .0 == b.0 .0) {
            let Some((_, service, _)) = chunk.first() else { continue };
            let count = |level: AccessLevel| chunk.iter().filter(|(_, _, l)| *l == level).count();
            grants.push(ServiceGrant {
                prefix: service.prefix.clone(),
                service: service.name.clone(),
                levels: LEVELS.iter().map(|l| (*l, count(*l))).filter(|(_, n)| *n > 0).collect(),
            });
        }
        grants.sort_unstable_by(|a, b| a.prefix.cmp(&b.prefix));
        Some(grants)
    }

    /// For each Allow statement of `policy` whose actions the catalogue
    /// knows: the statement's span and what its actions come to.
    pub fn statement_grants(&self, policy: &crate::Policy) -> Vec<(crate::Span, Vec<ServiceGrant>)> {
        policy
            .statements
            .iter()
            .filter(|s| s.effect == crate::Effect::Allow && s.inert.is_none())
            .filter_map(|s| {
                let action = s.action.as_ref().filter(|a| !a.negated)?;
                let grants = self.grants(action.items.iter().map(|i| i.text.as_str()))?;
                (!grants.is_empty()).then_some((s.span, grants))
            })
            .collect()
    }
}
