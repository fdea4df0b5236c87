//! Reading the compact catalogue: the whole of it (the CLI), or the index
//! of names and keys and then one service at a time (the browser).

use super::{AccessLevel, Action, Catalogue, KeyType, ResourceRef, ResourceType, Service};
use crate::json::{self, Kind, Node};
use crate::DocId;
use std::collections::BTreeMap;

impl Catalogue {
    /// Reads the compact catalogue; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        Catalogue::read(text, true)
    }

    /// Reads the browser's index: every service's name and condition keys,
    /// without actions or resource types (see [`Catalogue::add_service`]).
    pub fn parse_index(text: &str) -> Result<Catalogue, String> {
        Catalogue::read(text, false)
    }

    /// Adds a service's actions and resource types from its chunk (the
    /// service's object as the whole catalogue writes it).
    pub fn add_service(&mut self, prefix: &str, text: &str) -> Result<(), String> {
        let (root, diagnostics) = json::parse(text, DocId(0));
        let root = root
            .ok_or_else(|| format!("service `{prefix}` is not JSON: {:?}", diagnostics.first().map(|d| &d.message)))?;
        let service = read_service(prefix, &root, true).map_err(|e| format!("service `{prefix}`: {e}"))?;
        self.services.insert(prefix.to_ascii_lowercase(), service);
        Ok(())
    }

    fn read(text: &str, whole: bool) -> Result<Catalogue, String> {
        let (root, diagnostics) = json::parse(text, DocId(0));
        let root =
            root.ok_or_else(|| format!("the catalogue is not JSON: {:?}", diagnostics.first().map(|d| &d.message)))?;
        let field = |name: &str| -> Result<String, String> {
            root.get(name)
                .and_then(Node::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("the catalogue has no `{name}`"))
        };
        let mut services = BTreeMap::new();
        let members = root.get("services").and_then(Node::as_object).ok_or("the catalogue has no `services` object")?;
        for m in members {
            let service = read_service(&m.key, &m.value, whole).map_err(|e| format!("service `{}`: {e}", m.key))?;
            services.insert(m.key.to_ascii_lowercase(), service);
        }
        Ok(Catalogue {
            package: field("package")?,
            version: field("version")?,
            licence: field("licence")?,
            date: field("date")?,
            services,
        })
    }
}

fn strings(node: &Node<'_>) -> Vec<(String, String)> {
    match &node.kind {
        Kind::Object(members) => {
            members.iter().filter_map(|m| m.value.as_str().map(|v| (m.key.to_string(), v.to_string()))).collect()
        }
        _ => Vec::new(),
    }
}

fn list(text: &str) -> Vec<String> {
    text.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Reads a service; without `whole`, only its name and keys (the index).
fn read_service(prefix: &str, node: &Node<'_>, whole: bool) -> Result<Service, String> {
    let name = node.get("name").and_then(Node::as_str).ok_or("no `name`")?.to_string();
    let mut keys = BTreeMap::new();
    for (key, kind) in strings(node.get("keys").ok_or("no `keys`")?) {
        let kind = KeyType::parse(&kind).ok_or_else(|| format!("key `{key}`: type `{kind}`"))?;
        keys.insert(key.to_ascii_lowercase(), (key, kind));
    }
    let mut service = Service {
        prefix: prefix.to_string(),
        name,
        actions: Vec::new(),
        resources: BTreeMap::new(),
        keys,
        loaded: whole,
    };
    if !whole {
        return Ok(service);
    }
    let mut actions = Vec::new();
    for (action, spec) in strings(node.get("actions").ok_or("no `actions`")?) {
        let mut parts = spec.split('|');
        let (Some(level), Some(resources), Some(keys)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("action `{action}` is not `access|resources|keys`"));
        };
        let access =
            AccessLevel::from_code(level).ok_or_else(|| format!("action `{action}`: access level `{level}`"))?;
        let resources = list(resources)
            .into_iter()
            .map(|r| match r.strip_suffix('*') {
                Some(name) => ResourceRef { name: name.to_string(), required: true },
                None => ResourceRef { name: r, required: false },
            })
            .collect();
        actions.push(Action { lower: action.to_ascii_lowercase(), name: action, access, resources, keys: list(keys) });
    }
    actions.sort_by(|a, b| a.lower.cmp(&b.lower));
    let mut resources = BTreeMap::new();
    for (resource, spec) in strings(node.get("resources").ok_or("no `resources`")?) {
        let (arn, keys) = spec.split_once('|').unwrap_or((spec.as_str(), ""));
        resources.insert(resource.clone(), ResourceType::new(resource, arn.to_string(), list(keys)));
    }
    service.actions = actions;
    service.resources = resources;
    Ok(service)
}
