//! Matching of actions, resources (ARNs) and principals.

pub mod arn;
pub mod glob;
pub mod principal;
