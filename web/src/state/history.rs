//! Undo and redo for every change to the scenario: typing (grouped while it
//! goes on), outline and form edits, suggestions, examples, imports, Format.
//!
//! The history keeps the texts before each change, with the library id of
//! the scenario they belong to, so undoing "open an example" goes back to
//! the scenario that was open. Texts are shared (`Rc<str>`): cloning the
//! store copies pointers, not texts.

use super::text::Text;
use std::rc::Rc;

/// How many changes are kept.
pub const MAX_CHANGES: usize = 200;
/// The most text kept across all changes, in bytes (an imported account is
/// megabytes; a long session of typing in it must not fill memory).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Keystrokes closer than this (ms) join one change.
pub const TYPING_PAUSE_MS: f64 = 1000.0;

/// A run of keystrokes, from the first to the last (ms): the editor hands
/// its typing over at a pause, as one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keys {
    pub first: f64,
    pub last: f64,
}

impl Keys {
    /// One keystroke at `at` (ms).
    pub fn at(at: f64) -> Self {
        Keys { first: at, last: at }
    }
}

/// A state to go back (or forward) to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The library id of the scenario (`None` before it is first saved).
    pub scenario: Option<Rc<str>>,
    pub text: Text,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// When the last keystroke of the open typing change came (ms), if the
    /// last change was typing.
    typing_at: Option<f64>,
}

impl History {
    /// Records `before` as the state a new change undoes to. Typing joins
    /// the previous change when that was typing whose last key came less
    /// than [`TYPING_PAUSE_MS`] before this typing's first.
    pub fn record(&mut self, before: Snapshot, typing: Option<Keys>) {
        self.record_with(|| before, typing);
    }

    /// As [`History::record`], making the state to go back to only when a
    /// new change starts: a keystroke that joins the typing copies nothing
    /// (a copy of a megabyte's text on every keystroke made typing wait).
    pub fn record_with(&mut self, before: impl FnOnce() -> Snapshot, typing: Option<Keys>) {
        let joins = matches!((self.typing_at, typing), (Some(last), Some(now)) if now.first - last < TYPING_PAUSE_MS && now.first >= last);
        self.typing_at = typing.map(|k| k.last);
        self.redo.clear();
        if joins {
            return;
        }
        let before = before();
        if self.undo.last() != Some(&before) {
            self.undo.push(before);
        }
        self.trim();
    }

    /// The state to go back to from `current`, which becomes redoable.
    pub fn undo(&mut self, current: Snapshot) -> Option<Snapshot> {
        let back = self.undo.pop()?;
        self.redo.push(current);
        self.typing_at = None;
        Some(back)
    }

    /// The state undone last, from `current`, which becomes undoable again.
    pub fn redo(&mut self, current: Snapshot) -> Option<Snapshot> {
        let forward = self.redo.pop()?;
        self.undo.push(current);
        self.typing_at = None;
        Some(forward)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Drops the oldest changes past the count and the byte budget.
    fn trim(&mut self) {
        let mut bytes: usize = self.undo.iter().chain(&self.redo).map(|s| s.text.len()).sum();
        while (self.undo.len() > MAX_CHANGES || bytes > MAX_BYTES) && !self.undo.is_empty() {
            let dropped = self.undo.remove(0);
            bytes = bytes.saturating_sub(dropped.text.len());
        }
    }
}

/// The byte range of `after` that differs from `before` (after the common
/// start and before the common end), to select what an undo brought back.
pub fn changed_range(before: &str, after: &str) -> (usize, usize) {
    let prefix = before.bytes().zip(after.bytes()).take_while(|(a, b)| a == b).count();
    let max_suffix = before.len().min(after.len()) - prefix;
    let suffix = before.bytes().rev().zip(after.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    let (mut start, mut end) = (prefix, after.len() - suffix);
    while !after.is_char_boundary(start) {
        start -= 1;
    }
    while !after.is_char_boundary(end) {
        end += 1;
    }
    (start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Snapshot {
        Snapshot { scenario: Some(Rc::from("a")), text: Text::from(text) }
    }

    #[test]
    fn typing_within_a_pause_is_one_change_and_a_pause_starts_another() {
        let mut h = History::default();
        h.record(at(""), Some(Keys::at(0.0)));
        h.record(at("a"), Some(Keys::at(300.0)));
        h.record(at("ab"), Some(Keys::at(900.0)));
        h.record(at("abc"), Some(Keys::at(2500.0)));
        assert_eq!(h.undo(at("abcd")), Some(at("abc")));
        assert_eq!(h.undo(at("abc")), Some(at("")));
        assert_eq!(h.undo(at("")), None);
    }

    #[test]
    fn runs_of_keys_join_by_the_gap_between_the_last_key_of_one_and_the_first_of_the_next() {
        let mut h = History::default();
        // A run of three seconds, then one starting 0.8 s after its last key.
        h.record(at(""), Some(Keys { first: 0.0, last: 3000.0 }));
        h.record(at("abc"), Some(Keys { first: 3800.0, last: 4000.0 }));
        // 1.2 s after that run's last key: a change of its own.
        h.record(at("abcde"), Some(Keys { first: 5200.0, last: 5200.0 }));
        assert_eq!(h.undo(at("abcdef")), Some(at("abcde")));
        assert_eq!(h.undo(at("abcde")), Some(at("")));
        assert_eq!(h.undo(at("")), None);
    }

    #[test]
    fn an_edit_after_typing_is_its_own_change_and_clears_redo() {
        let mut h = History::default();
        h.record(at("x"), Some(Keys::at(0.0)));
        h.record(at("xy"), None);
        assert_eq!(h.undo(at("formatted")), Some(at("xy")));
        assert!(h.can_redo());
        h.record(at("xy"), None);
        assert!(!h.can_redo(), "a new change forgets what was undone");
    }

    #[test]
    fn redo_goes_forward_again_across_scenarios() {
        let mut h = History::default();
        let example = Snapshot { scenario: None, text: Text::from("example") };
        h.record(at("mine"), None);
        assert_eq!(h.undo(example.clone()), Some(at("mine")));
        assert_eq!(h.redo(at("mine")), Some(example.clone()));
        assert_eq!(h.undo(example), Some(at("mine")), "and back again");
    }

    #[test]
    fn the_oldest_changes_go_past_the_count() {
        let mut h = History::default();
        for i in 0..MAX_CHANGES + 5 {
            h.record(at(&i.to_string()), None);
        }
        let mut n = 0;
        let mut last = at("now");
        while let Some(s) = h.undo(last.clone()) {
            last = s;
            n += 1;
        }
        assert_eq!(n, MAX_CHANGES);
        assert_eq!(last, at("5"), "the first five were dropped");
    }

    #[test]
    fn the_changed_range_covers_what_differs() {
        let (s, e) = changed_range("{\"a\": 1}", "{\"a\": 22}");
        assert_eq!(&"{\"a\": 22}"[s..e], "22");
        assert_eq!(changed_range("same", "same"), (4, 4));
        let after = "é😀b";
        let (s, e) = changed_range("éab", after);
        assert_eq!(&after[s..e], "😀");
        let (s, e) = changed_range("abc", "abxbc");
        assert_eq!(&"abxbc"[s..e], "xb");
    }
}
