//! A grid of decisions: the principals of a model (its users, and the roles
//! they can reach) against the actions of one service on one resource, or
//! against resources for one action. Every cell shown is a decision of the
//! model, proven by running it as a step; a pair that no policy of the
//! principal could allow (and no resource policy could grant) is counted
//! without running, because nothing could make it allowed.

use super::who_can::{holds_action, Explored, Link};
use crate::catalogue::Catalogue;
use crate::explain::Decision;
use crate::scenario::Scenario;
use std::collections::BTreeSet;

/// What the columns are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Columns {
    /// Every action of the service with this prefix, on `resource`.
    Actions { prefix: String, resource: String },
    /// `action` on each resource of the model that has an ARN, and on `extra`.
    Resources { action: String, extra: Vec<String> },
}

/// A principal of a row: its ARN, how steps name it (a user's ARN, or
/// `session:<id>` for a role reached by assumption) and the chain that
/// reaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub principal: String,
    pub chain: Vec<Link>,
    /// `None` where the step could not be run.
    pub cells: Vec<Option<Decision>>,
}

/// The rows and columns where something is allowed, and what was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// Each column's action and resource.
    pub columns: Vec<(String, String)>,
    pub rows: Vec<Row>,
    /// Principals with nothing allowed in any column, not shown as rows.
    pub other_principals: usize,
    /// Columns nobody is allowed, not shown.
    pub other_columns: usize,
    /// Requests run as steps (the rest could not be allowed by any policy).
    pub evaluated: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixError {
    /// The catalogue has no service with this prefix (with the closest one).
    UnknownService { closest: Option<String> },
    /// The service is known but its actions are not loaded yet.
    NotLoaded,
    /// No action was given, or no resource to put in the columns.
    Empty,
}

/// The columns as (action, resource) pairs.
fn pairs(s: &Scenario, catalogue: &Catalogue, columns: &Columns) -> Result<Vec<(String, String)>, MatrixError> {
    let out: Vec<(String, String)> = match columns {
        Columns::Actions { prefix, resource } => {
            let Some(service) = catalogue.service(prefix) else {
                let closest = crate::catalogue::closest(prefix, catalogue.services().map(|s| s.prefix.as_str()));
                return Err(MatrixError::UnknownService { closest: closest.map(str::to_string) });
            };
            if !service.is_loaded() {
                return Err(MatrixError::NotLoaded);
            }
            service.actions().iter().map(|a| (format!("{}:{}", service.prefix, a.name), resource.clone())).collect()
        }
        Columns::Resources { action, extra } => {
            if action.trim().is_empty() {
                return Err(MatrixError::Empty);
            }
            let mut seen = BTreeSet::new();
            s.accounts
                .iter()
                .flat_map(|a| a.resources.iter().map(|r| r.arn.clone()))
                .chain(extra.iter().cloned())
                .filter(|r| seen.insert(r.clone()))
                .map(|r| (action.clone(), r))
                .collect()
        }
    };
    if out.is_empty() {
        return Err(MatrixError::Empty);
    }
    Ok(out)
}

/// The decisions of every principal of `explored` for `columns`.
pub fn matrix(
    explored: &Explored,
    s: &Scenario,
    catalogue: &Catalogue,
    columns: &Columns,
) -> Result<Matrix, MatrixError> {
    let columns = pairs(s, catalogue, columns)?;
    // A resource policy can allow what the principal's own policies do not.
    let with_policy: Vec<bool> =
        columns.iter().map(|(_, resource)| crate::scenario::has_resource_policy(s, resource)).collect();
    let principals: Vec<(&str, &str, &[crate::policy::Policy])> = explored.principals_held().collect();
    let lower: Vec<String> = columns.iter().map(|(a, _)| a.to_ascii_lowercase()).collect();
    // Which pairs some policy could allow: only those are run first.
    let could = |held: &[crate::policy::Policy], c: usize| {
        with_policy.get(c).copied().unwrap_or(true) || lower.get(c).is_some_and(|action| holds_action(held, action))
    };
    let mut decided: Vec<Vec<Option<Decision>>> = vec![vec![None; columns.len()]; principals.len()];
    let mut evaluated = 0;
    let mut wanted: Vec<(usize, usize)> = Vec::new();
    for (p, (_, _, held)) in principals.iter().enumerate() {
        wanted.extend((0..columns.len()).filter(|&c| could(held, c)).map(|c| (p, c)));
    }
    evaluated += run_cells(explored, s, &principals, &columns, &wanted, &mut decided);
    let allowed =
        |p: usize, c: usize| decided.get(p).and_then(|row| row.get(c)).copied().flatten() == Some(Decision::Allowed);
    let rows: Vec<usize> = (0..principals.len()).filter(|&p| (0..columns.len()).any(|c| allowed(p, c))).collect();
    let shown: Vec<usize> = (0..columns.len()).filter(|&c| rows.iter().any(|&p| allowed(p, c))).collect();
    // The cells of the grid shown that were not run: run them too, so every
    // cell shown says how it is decided (an explicit deny, or no allow).
    let rest: Vec<(usize, usize)> = rows
        .iter()
        .flat_map(|&p| shown.iter().map(move |&c| (p, c)))
        .filter(|&(p, c)| decided.get(p).and_then(|row| row.get(c)).copied().flatten().is_none())
        .collect();
    evaluated += run_cells(explored, s, &principals, &columns, &rest, &mut decided);
    let chains: std::collections::BTreeMap<&str, &[Link]> = explored.roles().collect();
    Ok(Matrix {
        other_principals: principals.len() - rows.len(),
        other_columns: columns.len() - shown.len(),
        rows: rows
            .iter()
            .filter_map(|&p| {
                let (reference, arn, _) = principals.get(p)?;
                let chain = if reference.starts_with("session:") {
                    chains.get(arn).map(|c| c.to_vec()).unwrap_or_default()
                } else {
                    Vec::new()
                };
                let cells =
                    shown.iter().map(|&c| decided.get(p).and_then(|row| row.get(c)).copied().flatten()).collect();
                Some(Row { principal: arn.to_string(), chain, cells })
            })
            .collect(),
        columns: shown.iter().filter_map(|&c| columns.get(c).cloned()).collect(),
        evaluated,
    })
}

/// Runs the `(principal, column)` cells and records their decisions; how many ran.
fn run_cells(
    explored: &Explored,
    s: &Scenario,
    principals: &[(&str, &str, &[crate::policy::Policy])],
    columns: &[(String, String)],
    cells: &[(usize, usize)],
    decided: &mut [Vec<Option<Decision>>],
) -> usize {
    let requests: Vec<(String, String, String)> = cells
        .iter()
        .filter_map(|&(p, c)| {
            let (reference, _, _) = principals.get(p)?;
            let (action, resource) = columns.get(c)?;
            Some((reference.to_string(), action.clone(), resource.clone()))
        })
        .collect();
    let results = explored.ask(s, &requests);
    for (&(p, c), result) in cells.iter().zip(results.iter()) {
        if let Some(cell) = decided.get_mut(p).and_then(|row| row.get_mut(c)) {
            *cell = result.decision;
        }
    }
    requests.len()
}

#[cfg(test)]
mod tests;
