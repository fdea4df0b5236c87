//! The app's state that is plain data, tested natively: the undo history and
//! the local library of scenarios. The store (`crate::store`) holds them.

pub mod history;
pub mod library;
pub mod parts;
pub mod text;
pub mod typing;
