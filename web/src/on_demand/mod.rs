//! Views loaded on demand: a second Yew app in its own wasm (the `views`
//! bin, loaded by `views-loader.js` the first time one is opened), so that
//! the page's own download stays small. It holds the account views
//! (`crate::account::views`), the library of saved scenarios and the list
//! of lessons.
//!
//! - [`launch`]: the page's side, which opens a view over the current text
//!   and carries out what the view sends back;
//! - [`Command`]: what a view sends back, as three strings;
//! - [`root`]: the views' side, which picks the view to show;
//! - [`library`]: the library dialog;
//! - [`learn`]: the lessons of the course;
//! - [`gallery`]: the examples;
//! - [`help`]: the help page;
//! - [`step_form`]: the form that edits a step;
//! - [`entity_form`]: the form for a user's, group's or role's fields;
//! - [`find`]: find in the whole scenario (Ctrl+F in the editor).

pub mod entity_form;
pub mod find;
pub mod gallery;
pub mod help;
pub mod launch;
pub mod learn;
pub mod library;
pub mod root;
pub mod step_form;

/// What an open view asks the page to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Steps were added to the scenario by the account views: the new text
    /// and the step to select.
    Steps { text: String, step: usize },
    /// The scenario with one step edited, and that step, to select.
    Edit { text: String, step: usize },
    /// The scenario rewritten (an entity's fields).
    Replace { text: String },
    /// Open a text as a new scenario (the one shown stays in the library).
    Open { text: String },
    /// Open a scenario of the library.
    Switch { id: String, text: String },
    /// Show and select `start..end` of the scenario, where `found` was
    /// found (the page goes there only while the text there is the same).
    Jump { start: usize, end: usize, found: String },
    /// The view could not load or open.
    Failed { why: String },
}

impl Command {
    /// The command as the loader passes it on: a kind, a text and a detail.
    /// Plain strings, so the page reads them without a JSON reader's code.
    pub fn to_parts(&self) -> [String; 3] {
        let (kind, text, detail) = match self {
            Command::Steps { text, step } => ("steps", text, step.to_string()),
            Command::Edit { text, step } => ("edit", text, step.to_string()),
            Command::Replace { text } => ("replace", text, String::new()),
            Command::Open { text } => ("open", text, String::new()),
            Command::Switch { id, text } => ("switch", text, id.clone()),
            Command::Jump { start, end, found } => ("jump", found, format!("{start} {end}")),
            Command::Failed { why } => ("failed", why, String::new()),
        };
        [kind.to_string(), text.clone(), detail]
    }

    /// Reads a command; one that cannot be read is a failure to say.
    pub fn from_parts(kind: &str, text: String, detail: String) -> Command {
        match (kind, detail.parse::<usize>()) {
            ("steps", Ok(step)) => Command::Steps { text, step },
            ("edit", Ok(step)) => Command::Edit { text, step },
            ("replace", _) => Command::Replace { text },
            ("open", _) => Command::Open { text },
            ("switch", _) if !detail.is_empty() => Command::Switch { id: detail, text },
            ("failed", _) => Command::Failed { why: text },
            ("jump", _) => match detail.split_once(' ').map(|(a, b)| (a.parse(), b.parse())) {
                Some((Ok(start), Ok(end))) => Command::Jump { start, end, found: text },
                _ => Command::Failed { why: format!("the view sent a place the page cannot read (`{detail}`)") },
            },
            _ => Command::Failed { why: format!("the view sent `{kind}`, which the page does not know") },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Command;

    #[test]
    fn commands_cross_as_three_strings_and_the_loaders_failure_is_read() {
        for c in [
            Command::Steps { text: "{}".into(), step: 2 },
            Command::Edit { text: "{}".into(), step: 1 },
            Command::Open { text: "t".into() },
            Command::Replace { text: "r".into() },
            Command::Switch { id: "s1".into(), text: "t".into() },
            Command::Failed { why: "w".into() },
            Command::Jump { start: 10, end: 16, found: "Action".into() },
        ] {
            let [kind, text, detail] = c.to_parts();
            assert_eq!(Command::from_parts(&kind, text, detail), c);
        }
        // What `views-loader.js` sends when the views cannot load.
        assert_eq!(
            Command::from_parts("failed", "views.js did not load".into(), String::new()),
            Command::Failed { why: "views.js did not load".into() }
        );
        assert!(matches!(Command::from_parts("steps", "t".into(), "x".into()), Command::Failed { .. }));
        assert!(matches!(Command::from_parts("other", "t".into(), String::new()), Command::Failed { .. }));
        assert!(matches!(Command::from_parts("jump", "t".into(), "3".into()), Command::Failed { .. }));
    }
}
