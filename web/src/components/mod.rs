//! Function components, one per file.

pub mod app;
pub mod chain;
pub mod context_panel;
pub mod editor;
pub mod embed_dialog;
pub mod explanation;
pub mod gallery;
pub mod header;
pub mod layers;
pub mod notice;
pub mod outline;
pub mod statements;
pub mod step_form;
pub mod steps;
pub mod trace;
