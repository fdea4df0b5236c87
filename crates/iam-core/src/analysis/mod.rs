//! Questions about a whole model rather than one request: who can do an
//! action on a resource ([`who_can`]).

pub mod who_can;

pub use who_can::{who_can, Link, Reach};
