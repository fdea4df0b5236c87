//! The account views: findings, who can, a matrix of decisions and the
//! assumption graph for the whole scenario. They are part of the views
//! loaded on demand (`crate::on_demand`), so that the page's own download
//! stays small; the page hands them the scenario text and takes back a text
//! with steps added.
//!
//! - [`wire`]: the questions and answers, as the worker and the views share them;
//! - [`answer`]: the worker's side, with the explored model cached by text;
//! - [`steps`]: the steps a principal's chain and request amount to;
//! - [`views`]: the Yew components.

pub mod answer;
pub mod steps;
pub mod views;
pub mod wire;
