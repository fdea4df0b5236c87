//! Wildcard patterns: `*` matches any run of characters (possibly empty),
//! `?` exactly one. A pattern is a token list so that a literal `*` (from the
//! `${*}` variable) can stand beside real wildcards.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Lit(char),
    Star,
    One,
}

/// Appends the tokens of `text`, reading `*` and `?` as wildcards.
pub fn push_wild(toks: &mut Vec<Tok>, text: &str) {
    toks.reserve(text.len());
    toks.extend(text.chars().map(|c| match c {
        '*' => Tok::Star,
        '?' => Tok::One,
        c => Tok::Lit(c),
    }));
}

pub fn wild(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len());
    push_wild(&mut toks, text);
    toks
}

/// One element of a pattern: a token, or a byte of an ASCII pattern written
/// as text (where every `*` and `?` is a wildcard), so that such a pattern
/// is matched as it is written, without building tokens.
pub trait PatElem {
    fn tok(&self) -> Tok;
}

impl PatElem for Tok {
    // Always inlined, even in debug builds: these run once per pattern character.
    #[inline(always)]
    fn tok(&self) -> Tok {
        *self
    }
}

impl PatElem for u8 {
    #[inline(always)]
    fn tok(&self) -> Tok {
        match self {
            b'*' => Tok::Star,
            b'?' => Tok::One,
            b => Tok::Lit(char::from(*b)),
        }
    }
}

/// A pattern ready to match: text whose `*` and `?` are all wildcards (the
/// common case, kept as written), or tokens (when a `${*}` escape made a
/// literal star, or a substitution built the pattern).
#[derive(Debug, Clone, PartialEq)]
pub enum Glob<'a> {
    Text(std::borrow::Cow<'a, str>),
    Toks(std::borrow::Cow<'a, [Tok]>),
}

impl Glob<'_> {
    /// Whether the whole of `text` matches the whole pattern.
    pub fn matches(&self, text: &str) -> bool {
        match self {
            Glob::Text(p) => matches_text(p, text),
            Glob::Toks(t) => matches(t, text),
        }
    }

    /// Matches an ARN pattern against a value (see [`crate::matching::arn::match_arn`]).
    pub fn match_arn(&self, value: &str) -> Result<(), crate::matching::arn::Segment> {
        match self {
            Glob::Text(p) if p.is_ascii() => crate::matching::arn::match_arn(p.as_bytes(), value),
            Glob::Text(p) => crate::matching::arn::match_arn(&wild(p), value),
            Glob::Toks(t) => crate::matching::arn::match_arn(t, value),
        }
    }

    /// Whether an ARN pattern matches a value (the mismatch's segment not wanted).
    pub fn arn_matches(&self, value: &str) -> bool {
        match self {
            Glob::Text(p) if p.is_ascii() => crate::matching::arn::arn_matches(p.as_bytes(), value),
            Glob::Text(p) => crate::matching::arn::arn_matches(&wild(p), value),
            Glob::Toks(t) => crate::matching::arn::arn_matches(t, value),
        }
    }

    /// The pattern as tokens (built when it is text).
    pub fn toks(&self) -> std::borrow::Cow<'_, [Tok]> {
        match self {
            Glob::Text(p) => std::borrow::Cow::Owned(wild(p)),
            Glob::Toks(t) => std::borrow::Cow::Borrowed(t),
        }
    }
}

/// Whether the whole of `text` matches the whole of `toks` (case-sensitive).
pub fn matches<P: PatElem>(toks: &[P], text: &str) -> bool {
    if text.is_ascii() {
        // One byte is one character: compare bytes directly. A non-ASCII
        // literal in the pattern can never equal an ASCII byte.
        matches_by(toks, text.as_bytes(), |b| char::from(*b))
    } else {
        let chars: Vec<char> = text.chars().collect();
        matches_by(toks, &chars, |c| *c)
    }
}

/// As [`matches`] for a pattern written as text, every `*` and `?` in it a
/// wildcard: no tokens are built when the pattern is ASCII.
pub fn matches_text(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() {
        matches(pattern.as_bytes(), text)
    } else {
        matches(&wild(pattern), text)
    }
}

/// Whether a star-free segment equals `text` (same length; `?` matches any one).
fn segment_eq<P: PatElem, T>(segment: &[P], text: &[T], ch: &impl Fn(&T) -> char) -> bool {
    segment.len() == text.len()
        && segment.iter().zip(text).all(|(p, c)| match p.tok() {
            Tok::Lit(p) => p == ch(c),
            Tok::One => true,
            Tok::Star => false,
        })
}

/// Segment matching: the parts before the first `*` and after the last `*`
/// anchor the ends; the parts between are found leftmost-first, which is
/// exact for `*`/`?` patterns and needs no backtracking.
fn matches_by<P: PatElem, T>(toks: &[P], text: &[T], ch: impl Fn(&T) -> char) -> bool {
    let star = |t: &P| matches!(t.tok(), Tok::Star);
    let (Some(first_star), Some(last_star)) = (toks.iter().position(star), toks.iter().rposition(star)) else {
        return segment_eq(toks, text, &ch);
    };
    let head = toks.get(..first_star).unwrap_or(&[]);
    let tail = toks.get(last_star + 1..).unwrap_or(&[]);
    if text.len() < head.len() + tail.len() {
        return false;
    }
    let tail_start = text.len() - tail.len();
    if !segment_eq(head, text.get(..head.len()).unwrap_or(&[]), &ch)
        || !segment_eq(tail, text.get(tail_start..).unwrap_or(&[]), &ch)
    {
        return false;
    }
    let mut pos = head.len();
    let middle = toks.get(first_star + 1..last_star).unwrap_or(&[]);
    for segment in middle.split(star).filter(|s| !s.is_empty()) {
        let found = (pos..=tail_start.saturating_sub(segment.len()))
            .take_while(|i| i + segment.len() <= tail_start)
            .find(|&i| segment_eq(segment, text.get(i..i + segment.len()).unwrap_or(&[]), &ch));
        match found {
            Some(i) => pos = i + segment.len(),
            None => return false,
        }
    }
    true
}

/// A pattern compiled once (for actions): its literal prefix and suffix
/// decide most comparisons with a byte compare before any wildcard work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: smol_str::SmolStr,
    /// Bytes of literal text before the first wildcard (all of it when there is none).
    prefix_len: usize,
    /// Bytes of literal text after the last wildcard.
    suffix_len: usize,
    /// Whether the text has a wildcard (without one it compares as bytes).
    wild: bool,
}

impl Pattern {
    /// Compiles `text`, reading `*` and `?` as wildcards.
    pub fn new(text: smol_str::SmolStr) -> Self {
        let first = text.find(['*', '?']);
        let prefix_len = first.unwrap_or(text.len());
        let suffix_len = match text.rfind(['*', '?']) {
            Some(last) => text.len() - last - 1,
            None => 0,
        };
        Pattern { prefix_len, suffix_len, wild: first.is_some(), text }
    }

    pub fn matches(&self, text: &str) -> bool {
        let pattern = self.text.as_bytes();
        let prefix = pattern.get(..self.prefix_len).unwrap_or(&[]);
        // An inline byte loop: prefixes are short, and a library memcmp call costs more.
        if text.len() < prefix.len() || !text.bytes().zip(prefix).all(|(a, b)| a == *b) {
            return false;
        }
        if !self.wild {
            return text.len() == self.text.len();
        }
        let suffix = pattern.get(pattern.len() - self.suffix_len..).unwrap_or(&[]);
        text.len() >= prefix.len() + suffix.len() && text.as_bytes().ends_with(suffix) && matches_text(&self.text, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        matches(&wild(p), s)
    }

    #[test]
    fn glob_star_matches_empty_and_runs() {
        assert!(m("*", ""));
        assert!(m("a*", "a"));
        assert!(m("a*c", "abbbc"));
        assert!(!m("a*c", "abbb"));
        assert!(m("*AccessKey*", "CreateAccessKeys"));
    }

    #[test]
    fn glob_question_matches_exactly_one_char() {
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(m("?", "é"));
    }

    #[test]
    fn glob_literal_star_token_only_matches_star() {
        let toks: Vec<Tok> = "a*b".chars().map(Tok::Lit).collect();
        assert!(matches(&toks, "a*b"));
        assert!(!matches(&toks, "axb"));
    }

    #[test]
    fn glob_is_case_sensitive() {
        assert!(!m("Bob", "bob"));
    }

    #[test]
    fn pattern_prefix_and_suffix_shortcuts_agree_with_glob() {
        for (p, t) in [
            ("s3:get*9", "s3:getobject49"),
            ("s3:get*12", "s3:getobject49"),
            ("a*a", "a"),
            ("*", ""),
            ("ab", "ab"),
            ("a?c*", "abcd"),
        ] {
            assert_eq!(Pattern::new(p.into()).matches(t), matches(&wild(p), t), "{p} vs {t}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::{matches, wild};
    use proptest::prelude::*;

    fn pattern_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(prop_oneof![Just('a'), Just('b'), Just('*'), Just('?'), Just('/')], 0..8)
            .prop_map(|c| c.into_iter().collect())
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(prop_oneof![Just('a'), Just('b'), Just('/'), Just('é')], 0..10)
            .prop_map(|c| c.into_iter().collect())
    }

    fn oracle(pattern: &str, text: &str) -> bool {
        let mut re = String::from("(?s)^");
        for c in pattern.chars() {
            match c {
                '*' => re.push_str(".*"),
                '?' => re.push('.'),
                c => re.push_str(&regex::escape(&c.to_string())),
            }
        }
        re.push('$');
        regex::Regex::new(&re).map(|r| r.is_match(text)).unwrap_or(false)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
    fn glob_agrees_with_regex_oracle(pattern in pattern_strategy(), text in text_strategy()) {
        prop_assert_eq!(matches(&wild(&pattern), &text), oracle(&pattern, &text));
    }
    }
}
