//! Typing the editor has not handed to the store yet.
//!
//! A keystroke puts the editor's new text here and draws the editor alone:
//! a change of the store draws the whole page, which cost several ms a key.
//! The store takes what waits here before any change of its own (the
//! editor asks at a pause in the typing, on leaving the box, and before a
//! shortcut), so no change ever lands on a text older than what was typed,
//! and nothing typed is lost.

use super::history::Keys;
use super::text::Text;
use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

/// What was typed since the store last took it.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    /// The editor's whole text: the scenario's, or the part's as shown.
    pub text: Text,
    /// Typed in a part shown on its own.
    pub part: bool,
    pub keys: Keys,
}

/// Shared by every copy of the store, and by the editor.
#[derive(Clone, Default)]
pub struct Typing(Rc<Cell<Option<Typed>>>);

impl Typing {
    /// The editor's text after a keystroke at `at` (ms).
    pub fn put(&self, text: Text, part: bool, at: f64) {
        let before = self.0.take();
        let first = before.filter(|t| t.part == part).map_or(at, |t| t.keys.first);
        self.0.set(Some(Typed { text, part, keys: Keys { first, last: at } }));
    }

    /// What waits, taken.
    pub fn take(&self) -> Option<Typed> {
        self.0.take()
    }

    /// What waits, left waiting.
    pub fn peek(&self) -> Option<Typed> {
        let typed = self.0.take();
        self.0.set(typed.clone());
        typed
    }

    /// The text waiting for the editor of the whole text (`part` false) or
    /// of a part, left waiting.
    pub fn text(&self, part: bool) -> Option<Text> {
        self.peek().filter(|t| t.part == part).map(|t| t.text)
    }

    /// Whether anything waits.
    pub fn waiting(&self) -> bool {
        self.peek().is_some()
    }
}

/// One channel: the copies of a store compare equal whatever waits in it.
impl PartialEq for Typing {
    fn eq(&self, other: &Typing) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Typing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.waiting() { "Typing(waiting)" } else { "Typing" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_run_from_the_first_put_to_the_last_until_taken() {
        let typing = Typing::default();
        typing.put(Text::from("a"), false, 10.0);
        typing.put(Text::from("ab"), false, 40.0);
        assert_eq!(typing.text(false).as_deref(), Some("ab"));
        assert_eq!(typing.text(true), None, "the part's editor has nothing waiting");
        assert!(typing.waiting(), "reading leaves it waiting");
        let typed = typing.take();
        assert_eq!(typed.map(|t| (t.keys, t.part)), Some((Keys { first: 10.0, last: 40.0 }, false)));
        assert!(!typing.waiting());
        typing.put(Text::from("abc"), false, 90.0);
        assert_eq!(typing.take().map(|t| t.keys), Some(Keys::at(90.0)), "a new run starts after a take");
    }

    #[test]
    fn copies_share_one_channel() {
        let typing = Typing::default();
        let copy = typing.clone();
        copy.put(Text::from("x"), true, 1.0);
        assert_eq!(typing.text(true).as_deref(), Some("x"));
        assert_eq!(typing, copy);
        assert_ne!(typing, Typing::default());
    }
}
