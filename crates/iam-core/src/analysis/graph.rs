//! Who can become whom: the role assumptions the model allows, as a graph.
//! Nodes are the model's users and roles, and the services and outside
//! principals that assume its roles; an edge is an assumption that ran and
//! was allowed, with what the caller had to supply (MFA, an ExternalId).

use super::who_can::Explored;
use crate::scenario::Scenario;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    User,
    Role,
    /// A service principal (`lambda.amazonaws.com`).
    Service,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The ARN, or the service's name.
    pub id: String,
    pub kind: NodeKind,
    /// The account it is in (none for a service).
    pub account: Option<String>,
    /// Whether a principal of the model can reach it (users always can).
    pub reached: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// What the caller supplied: `MFA`, `ExternalId "…"`.
    pub with: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Graph {
    /// Users, then roles, then services, each in model order.
    pub nodes: Vec<Node>,
    /// Sorted, each once.
    pub edges: Vec<Edge>,
}

/// The assumption graph of `s`, from its exploration.
pub fn assumption_graph(explored: &Explored, s: &Scenario) -> Graph {
    let reached: BTreeSet<&str> = explored.roles().map(|(role, _)| role).collect();
    let mut nodes: Vec<Node> = Vec::new();
    for account in &s.accounts {
        nodes.extend(account.users.iter().map(|u| Node {
            id: u.arn.clone(),
            kind: NodeKind::User,
            account: Some(account.id.clone()),
            reached: true,
        }));
    }
    for account in &s.accounts {
        nodes.extend(account.roles.iter().map(|r| Node {
            id: r.arn.clone(),
            kind: NodeKind::Role,
            account: Some(account.id.clone()),
            reached: reached.contains(r.arn.as_str()),
        }));
    }
    let edges: BTreeSet<Edge> = explored
        .roles()
        .flat_map(|(_, chain)| chain.iter())
        .map(|l| Edge { from: l.from.clone(), to: l.role.clone(), with: l.with.clone() })
        .collect();
    let known: BTreeSet<String> = nodes.iter().map(|n| n.id.clone()).collect();
    let mut services: BTreeSet<&str> = BTreeSet::new();
    for edge in &edges {
        if !known.contains(&edge.from) {
            services.insert(edge.from.as_str());
        }
    }
    nodes.extend(services.into_iter().map(|name| Node {
        id: name.to_string(),
        kind: NodeKind::Service,
        account: None,
        reached: true,
    }));
    Graph { nodes, edges: edges.into_iter().collect() }
}

#[cfg(test)]
mod tests;
