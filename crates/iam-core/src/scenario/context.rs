//! Deriving the request context from the model, with the origin of every key.
//! Later sources override earlier ones (keys compare case-insensitively);
//! explicit step context comes last.

use crate::condition::values::{format_instant, Instant};
use crate::context::{Context, ContextValue, Scalar};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a context key's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ContextOrigin {
    /// The calling principal (ARN, account, type, ids).
    Principal,
    /// A tag on the IAM user or role.
    PrincipalTag,
    /// A session tag passed when the role was assumed (overrides the role's tag).
    SessionTag,
    /// The session itself (issue time, MFA, source identity, provider).
    Session,
    /// The organization the account belongs to.
    Organization,
    /// The resource (its account, tags and organization).
    Resource,
    /// The step's time, region, source IP and transport.
    Request,
    /// The role-assumption call (session name, external id, tags, claims).
    AssumeRoleCall,
    /// The service acting on behalf of a resource.
    Service,
    /// Given explicitly in the step's `context`.
    Step,
}

impl ContextOrigin {
    /// A short word for tables.
    pub fn describe(self) -> &'static str {
        match self {
            ContextOrigin::Principal => "principal",
            ContextOrigin::PrincipalTag => "principal tag",
            ContextOrigin::SessionTag => "session tag",
            ContextOrigin::Session => "session",
            ContextOrigin::Organization => "organization",
            ContextOrigin::Resource => "resource",
            ContextOrigin::Request => "request",
            ContextOrigin::AssumeRoleCall => "role-assumption call",
            ContextOrigin::Service => "service",
            ContextOrigin::Step => "step context",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedKey {
    pub key: String,
    pub value: ContextValue,
    pub origin: ContextOrigin,
}

/// Collects keys in order; a key set again (in any letter case) replaces the earlier value.
#[derive(Debug, Default)]
pub(super) struct ContextBuilder {
    keys: BTreeMap<String, DerivedKey>,
}

impl ContextBuilder {
    pub fn set(&mut self, key: &str, value: ContextValue, origin: ContextOrigin) {
        self.keys.insert(key.to_lowercase(), DerivedKey { key: key.to_string(), value, origin });
    }

    pub fn text(&mut self, key: &str, value: &str, origin: ContextOrigin) {
        self.set(key, ContextValue::string(value), origin);
    }

    pub fn flag(&mut self, key: &str, value: bool, origin: ContextOrigin) {
        self.set(key, ContextValue::bool(value), origin);
    }

    pub fn number(&mut self, key: &str, value: i128, origin: ContextOrigin) {
        self.set(key, ContextValue::Single(Scalar::Number(value.to_string())), origin);
    }

    pub fn time(&mut self, key: &str, value: Instant, origin: ContextOrigin) {
        self.text(key, &format_instant(value), origin);
    }

    pub fn tags(&mut self, prefix: &str, tags: &BTreeMap<String, String>, origin: ContextOrigin) {
        for (k, v) in tags {
            self.text(&format!("{prefix}{k}"), v, origin);
        }
    }

    /// Adds the step's explicit context, which overrides anything derived.
    pub fn explicit(&mut self, context: &Context) {
        for entry in context.entries() {
            self.set(&entry.key, entry.value.clone(), ContextOrigin::Step);
        }
    }

    pub fn finish(self) -> (Context, Vec<DerivedKey>) {
        let mut context = Context::default();
        let keys: Vec<DerivedKey> = self.keys.into_values().collect();
        for k in &keys {
            context.insert(&k.key, k.value.clone());
        }
        (context, keys)
    }
}
