//! Questions about a whole model rather than one request: who can do an
//! action on a resource ([`who_can`]), and what is risky in it ([`findings`]).

mod escalation;
pub mod findings;
pub mod what_can;
pub mod who_can;

pub use findings::{findings, Finding};
pub use what_can::{what_can, ServiceAccess, WhatCanError};
pub use who_can::{explore, who_can, who_can_in, Explored, Link, Reach};
