//! A scenario's text, shared between the store, the editor, the undo
//! history and the evaluation.

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// A shared text: a clone copies a pointer, and two handles of one text
/// compare equal without reading it. (`Rc<str>` reads both texts even then:
/// the standard library's pointer shortcut is only for sized types, and a
/// megabyte compared a few times a keystroke made typing wait.)
#[derive(Clone, Default)]
pub struct Text(Rc<str>);

impl Text {
    /// Whether the two are one text in memory.
    pub fn same(&self, other: &Text) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.same(other) || *self.0 == *other.0
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(Rc::from(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(Rc::from(text))
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_of_one_text_are_equal_and_copies_compare_their_contents() {
        let a = Text::from("{\"a\":1}");
        let b = a.clone();
        assert!(a.same(&b) && a == b);
        let c = Text::from("{\"a\":1}");
        assert!(!a.same(&c) && a == c, "another copy of the same text");
        assert_ne!(a, Text::from("{\"a\":2}"));
        assert!(a == *"{\"a\":1}");
        assert_eq!(&*a, "{\"a\":1}");
    }
}
