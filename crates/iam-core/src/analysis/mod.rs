//! Questions about a whole model rather than one request: who can do an
//! action on a resource ([`who_can`]), what a principal can do
//! ([`what_can`]), a grid of decisions ([`matrix`]), who can become whom
//! ([`graph`]), and what is risky in it ([`findings`]).

pub mod compare;
mod escalation;
pub mod findings;
pub mod graph;
pub mod matrix;
#[cfg(test)]
mod testing;
pub mod what_can;
pub mod who_can;

pub use compare::{compare_user_with_role, CompareError, Comparison, Fact};
pub use findings::{findings, findings_with, Finding};
pub use graph::{assumption_graph, Edge, Graph, Node, NodeKind};
pub use matrix::{matrix, Columns, Matrix, MatrixError, Row};
pub use what_can::{what_can, ServiceAccess, WhatCanError};
pub use who_can::{explore, who_can, who_can_in, Explored, Link, Reach};
