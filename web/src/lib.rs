//! The IAM Policy Playground web app (Yew, client-side rendering only).

pub mod account;
pub mod analysis;
pub mod components;
pub mod data_version;
pub mod editor_context;
pub mod edits;
pub mod embed;
pub mod entity_draft;
pub mod examples;
pub mod highlight;
pub mod kept_parse;
pub mod lessons;
pub mod model_edits;
pub mod named_edits;
pub mod on_demand;
pub mod panic_notice;
pub mod persist;
pub mod shared;
pub mod state;
pub mod step_draft;
pub mod store;
pub mod worker;

pub use components::app::App;
