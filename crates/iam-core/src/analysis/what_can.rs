//! What a principal can do: the actions (with the resources) of every Allow
//! statement of the model that could grant them, each asked of the model as
//! the principal, and the allowed ones grouped by service and access level
//! with the catalogue.

use super::who_can::explore;
use crate::catalogue::{AccessLevel, Catalogue, LEVELS};
use crate::explain::Decision;
use crate::policy::{Effect, Policy};
use crate::scenario::Scenario;
use std::collections::{BTreeMap, BTreeSet};

/// Actions (`s3:GetObject`) with the resources each was allowed on.
pub type Allowed = Vec<(String, Vec<String>)>;

/// What a principal may do in one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccess {
    pub prefix: String,
    pub service: String,
    /// In the order list, read, write, permissions management, tagging; each
    /// action (`s3:GetObject`) with the resources it was allowed on.
    pub levels: Vec<(AccessLevel, Allowed)>,
}

/// Why no answer could be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhatCanError {
    /// No user of the model, and no role it can reach, has this ARN.
    UnknownPrincipal { closest: Option<String> },
}

fn policies(s: &Scenario) -> Vec<&Policy> {
    let mut out: Vec<&Policy> = s.aws_managed.values().collect();
    for a in &s.accounts {
        out.extend(a.policies.iter().map(|p| &p.policy));
        out.extend(a.users.iter().flat_map(|u| u.inline_policies.iter().map(|p| &p.policy)));
        out.extend(a.groups.iter().flat_map(|g| g.inline_policies.iter().map(|p| &p.policy)));
        out.extend(a.roles.iter().flat_map(|r| r.inline_policies.iter().map(|p| &p.policy)));
        out.extend(a.resources.iter().filter_map(|r| r.policy.as_ref()));
    }
    out
}

/// Every action the catalogue knows that an Allow statement of the model
/// covers, with the statement's resources.
fn candidates(s: &Scenario, catalogue: &Catalogue) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for policy in policies(s) {
        for st in policy.statements.iter().filter(|st| st.effect == Effect::Allow && st.inert.is_none()) {
            let Some(actions) = &st.action else { continue };
            let resources: Vec<String> = match &st.resource {
                Some(r) if !r.negated => r.items.iter().map(|i| i.text.to_string()).collect(),
                // NotResource, or none (a trust policy): any resource.
                _ => vec!["*".to_string()],
            };
            for service in catalogue.services() {
                for action in service.actions() {
                    let name = format!("{}:{}", service.prefix, action.name);
                    let lower = name.to_ascii_lowercase();
                    let listed = actions.items.iter().any(|i| i.value.matches(&lower));
                    if listed != actions.negated {
                        for resource in &resources {
                            out.insert((name.clone(), resource.clone()));
                        }
                    }
                }
            }
        }
    }
    out
}

/// What `principal` (a user's ARN, or a role's that some principal of the
/// model can reach) may do, by service.
pub fn what_can(s: &Scenario, catalogue: &Catalogue, principal: &str) -> Result<Vec<ServiceAccess>, WhatCanError> {
    let explored = explore(s);
    let Some(reference) = explored.principals().find(|(_, arn)| *arn == principal).map(|(r, _)| r.to_string()) else {
        let closest =
            crate::catalogue::closest(principal, explored.principals().map(|(_, arn)| arn)).map(str::to_string);
        return Err(WhatCanError::UnknownPrincipal { closest });
    };
    let asked: Vec<(String, String)> = candidates(s, catalogue).into_iter().collect();
    let requests: Vec<(String, String, String)> =
        asked.iter().map(|(action, resource)| (reference.clone(), action.clone(), resource.clone())).collect();
    let results = explored.ask(s, &requests);
    // service prefix → level → action → resources
    let mut by_service: BTreeMap<String, BTreeMap<AccessLevel, BTreeMap<String, Vec<String>>>> = BTreeMap::new();
    for ((action, resource), result) in asked.iter().zip(results.iter()) {
        if result.decision != Some(Decision::Allowed) {
            continue;
        }
        let Some((prefix, name)) = action.split_once(':') else { continue };
        let Some(level) = catalogue.service(prefix).and_then(|s| s.action(name)).map(|a| a.access) else { continue };
        by_service
            .entry(prefix.to_string())
            .or_default()
            .entry(level)
            .or_default()
            .entry(action.clone())
            .or_default()
            .push(resource.clone());
    }
    Ok(by_service
        .into_iter()
        .map(|(prefix, levels)| ServiceAccess {
            service: catalogue.service(&prefix).map_or_else(|| prefix.clone(), |s| s.name.clone()),
            prefix,
            levels: LEVELS
                .iter()
                .filter_map(|level| levels.get(level).map(|actions| (*level, actions.clone().into_iter().collect())))
                .collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests;
