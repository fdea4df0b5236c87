//! ARNs: `arn:partition:service:region:account:resource`. The first five
//! colons separate segments; the resource part may contain more colons.
//! Matching is per segment and case-sensitive; a wildcard never crosses a
//! segment boundary (the ArnLike example of the operators page), except a `*`
//! that ends a pattern with fewer than six segments: it spans the colons of
//! the rest (`arn:aws:ssm:us-east-1:*`, the current Resource element page).

use crate::matching::glob::{self, PatElem, Tok};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        let mut it = text.splitn(6, ':');
        if it.next()? != "arn" {
            return None;
        }
        Some(Arn {
            partition: it.next()?,
            service: it.next()?,
            region: it.next()?,
            account: it.next()?,
            resource: it.next()?,
        })
    }
}

/// The ARN segment where a pattern and a value first differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Segment {
    Prefix,
    Partition,
    Service,
    Region,
    Account,
    Resource,
    /// The value is not an ARN and the whole-text comparison failed.
    Whole,
}

impl Segment {
    pub fn describe(self) -> &'static str {
        match self {
            Segment::Prefix => "arn prefix",
            Segment::Partition => "partition",
            Segment::Service => "service",
            Segment::Region => "region",
            Segment::Account => "account",
            Segment::Resource => "resource",
            Segment::Whole => "text",
        }
    }
}

fn is_star<P: PatElem>(pattern: &[P]) -> bool {
    matches!(pattern, [only] if matches!(only.tok(), Tok::Star))
}

fn ends_with_star<P: PatElem>(pattern: &[P]) -> bool {
    pattern.last().is_some_and(|t| matches!(t.tok(), Tok::Star))
}

const SEGMENTS: [Segment; 6] =
    [Segment::Prefix, Segment::Partition, Segment::Service, Segment::Region, Segment::Account, Segment::Resource];

/// Matches an ARN pattern against a value segment by segment (no allocation).
pub fn match_arn<P: PatElem>(pattern: &[P], value: &str) -> Result<(), Segment> {
    match_arn_with(pattern, value, true)
}

/// As [`match_arn`] when only whether it matches is wanted: a mismatch in the
/// literal start answers at once, without finding its segment.
pub fn arn_matches<P: PatElem>(pattern: &[P], value: &str) -> bool {
    match_arn_with(pattern, value, false).is_ok()
}

fn match_arn_with<P: PatElem>(pattern: &[P], value: &str, segment: bool) -> Result<(), Segment> {
    if is_star(pattern) {
        return Ok(());
    }
    // Fast reject: the literal text before the first wildcard must equal the
    // value's start in every matching mode, so most non-matching entries of a
    // long resource list are turned away after a few characters.
    // ASCII literals compare as bytes: while every earlier one matched, byte
    // and character positions agree.
    let bytes = value.as_bytes();
    let mut literal = 0;
    let mut colons = 0;
    for (i, tok) in pattern.iter().enumerate() {
        let Tok::Lit(p) = tok.tok() else { break };
        let Ok(p) = u8::try_from(p) else { break };
        if !p.is_ascii() {
            break;
        }
        if bytes.get(i) != Some(&p) {
            return Err(if segment { literal_mismatch(pattern, value, i) } else { Segment::Whole });
        }
        colons += usize::from(p == b':');
        literal = i + 1;
    }
    // The five separators are in the literal start, matched as written: the
    // segments before the resource are equal, and the rest of the pattern
    // lies in the resource segment, where a wildcard may span colons. So the
    // rest matches as one glob, without cutting either side into segments.
    if colons >= 5 {
        let rest = pattern.get(literal..).unwrap_or(&[]);
        return match value.get(literal..) {
            Some(tail) if glob::matches(rest, tail) => Ok(()),
            _ => Err(Segment::Resource),
        };
    }
    match_arn_full(pattern, value)
}

/// The segment-by-segment matcher, without the literal-prefix shortcut.
fn match_arn_full<P: PatElem>(pattern: &[P], value: &str) -> Result<(), Segment> {
    if is_star(pattern) {
        return Ok(());
    }
    // The first five literal colons of the pattern and of the value.
    let mut cuts = [0usize; 5];
    let mut found = 0;
    for (i, tok) in pattern.iter().enumerate() {
        if found == 5 {
            break;
        }
        if matches!(tok.tok(), Tok::Lit(':')) {
            if let Some(c) = cuts.get_mut(found) {
                *c = i;
            }
            found += 1;
        }
    }
    let value_colons = value.bytes().filter(|b| *b == b':').take(5).count();
    if (2..5).contains(&found) && value_colons == 5 && ends_with_star(pattern) {
        return match_truncated(pattern, &cuts, found, value);
    }
    if found < 5 || value_colons < 5 {
        return if glob::matches(pattern, value) { Ok(()) } else { Err(Segment::Whole) };
    }
    let mut start = 0;
    let mut parts = value.splitn(6, ':');
    for (k, segment) in SEGMENTS.iter().enumerate() {
        let end = cuts.get(k).copied().unwrap_or(pattern.len());
        let p = pattern.get(start..end).unwrap_or(&[]);
        start = end + 1;
        if !glob::matches(p, parts.next().unwrap_or("")) {
            return Err(*segment);
        }
    }
    Ok(())
}

/// The segment the full matcher would name for a literal mismatch at token
/// `at`: the colons before it, when the pattern is matched segment by segment.
fn literal_mismatch<P: PatElem>(pattern: &[P], value: &str, at: usize) -> Segment {
    let found = pattern.iter().filter(|t| matches!(t.tok(), Tok::Lit(':'))).take(5).count();
    let value_colons = value.bytes().filter(|b| *b == b':').take(5).count();
    let truncated = (2..5).contains(&found) && value_colons == 5 && ends_with_star(pattern);
    if !truncated && (found < 5 || value_colons < 5) {
        return Segment::Whole;
    }
    let colons = pattern.iter().take(at).filter(|t| matches!(t.tok(), Tok::Lit(':'))).count();
    SEGMENTS.get(colons).copied().unwrap_or(Segment::Resource)
}

/// A pattern with `found` (2 to 4) colons that ends in `*`: the segments it
/// has match one by one, and its last segment matches the rest of the value,
/// colons included.
fn match_truncated<P: PatElem>(pattern: &[P], cuts: &[usize; 5], found: usize, value: &str) -> Result<(), Segment> {
    let mut start = 0;
    let mut rest = value;
    for (k, segment) in SEGMENTS.iter().enumerate().take(found) {
        let end = cuts.get(k).copied().unwrap_or(pattern.len());
        let p = pattern.get(start..end).unwrap_or(&[]);
        start = end + 1;
        let (part, tail) = rest.split_once(':').unwrap_or((rest, ""));
        if !glob::matches(p, part) {
            return Err(*segment);
        }
        rest = tail;
    }
    let last = SEGMENTS.get(found).copied().unwrap_or(Segment::Resource);
    if glob::matches(pattern.get(start..).unwrap_or(&[]), rest) {
        Ok(())
    } else {
        Err(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::glob::wild;

    fn m(p: &str, v: &str) -> Result<(), Segment> {
        match_arn(&wild(p), v)
    }

    #[test]
    fn arn_star_in_resource_spans_slashes() {
        let p = "arn:aws:s3:::B/*/test/*";
        assert!(m(p, "arn:aws:s3:::B/1/2/test/object.jpg").is_ok());
        assert!(m(p, "arn:aws:s3:::B/1///test///object.jpg").is_ok());
        assert!(m(p, "arn:aws:s3:::B//test/object.jpg").is_ok());
        assert!(m(p, "arn:aws:s3:::B/1/test/").is_ok());
        assert!(m(p, "arn:aws:s3:::B/test/object.jpg").is_err());
        assert!(m(p, "arn:aws:s3:::B/1-test/object.jpg").is_err());
        assert!(m(p, "arn:aws:s3:::B/1/2/test.jpg").is_err());
    }

    #[test]
    fn arn_wildcard_does_not_cross_segments() {
        let p = "arn:aws:someservice:*:111122223333:finance/*";
        let v = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        assert_eq!(m(p, v), Err(Segment::Account));
        // the same pattern as a plain string glob does match
        assert!(glob::matches(&wild(p), v));
    }

    #[test]
    fn arn_trailing_star_spans_the_remaining_colons() {
        let p = "arn:aws:ssm:us-east-1:*";
        assert!(m(p, "arn:aws:ssm:us-east-1:111111111111:parameter/db/password").is_ok());
        assert!(m(p, "arn:aws:ssm:us-east-1:222222222222:document/run:1").is_ok());
        assert_eq!(m(p, "arn:aws:ssm:eu-west-1:111111111111:parameter/x"), Err(Segment::Region));
        assert_eq!(m(p, "arn:aws:s3:us-east-1:111111111111:x"), Err(Segment::Service));
        assert!(m("arn:aws:logs:*", "arn:aws:logs:eu-west-1:1:log-group:g:*").is_ok());
        // a star that does not end the pattern still stays in its segment
        assert_eq!(
            m("arn:aws:ssm:*:111111111111:parameter/*", "arn:aws:ssm:us-east-1:2:parameter/x"),
            Err(Segment::Account)
        );
    }

    #[test]
    fn arn_mismatch_names_the_segment() {
        assert_eq!(m("arn:aws:s3:::b/*", "arn:aws:s3:::b"), Err(Segment::Resource));
        assert_eq!(
            m("arn:aws:dynamodb:us-east-1:111111111111:table/T", "arn:aws:dynamodb:eu-west-1:111111111111:table/T"),
            Err(Segment::Region)
        );
    }

    #[test]
    fn arn_non_arn_value_compares_whole_text() {
        assert_eq!(m("arn:aws:s3:::*", "*"), Err(Segment::Whole));
        assert!(m("*", "*").is_ok());
    }

    #[test]
    fn arn_parse_keeps_colons_in_resource() {
        let a = Arn::parse("arn:aws:logs:us-east-1:1:log-group:g:*").unwrap();
        assert_eq!(a.resource, "log-group:g:*");
        assert_eq!(Arn::parse("arn:aws:s3"), None);
    }

    mod properties {
        use super::super::{arn_matches, match_arn, match_arn_full};
        use crate::matching::glob::wild;
        use proptest::prelude::*;

        fn arnish() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    Just("arn"),
                    Just(":"),
                    Just("aws"),
                    Just("s3"),
                    Just("*"),
                    Just("?"),
                    Just("b"),
                    Just("/"),
                    Just("1")
                ],
                0..14,
            )
            .prop_map(|parts| parts.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

            #[test]
            fn the_literal_prefix_shortcut_changes_no_answer(pattern in arnish(), value in arnish()) {
                let value = value.replace(['*', '?'], "x");
                let toks = wild(&pattern);
                prop_assert_eq!(match_arn(&toks, &value), match_arn_full(&toks, &value));
            }

            /// A pattern matched as written (its bytes) answers as its tokens do.
            #[test]
            fn a_text_pattern_answers_as_its_tokens(pattern in arnish(), value in arnish()) {
                let value = value.replace(['*', '?'], "x");
                prop_assert_eq!(match_arn(pattern.as_bytes(), &value), match_arn(&wild(&pattern), &value));
                prop_assert_eq!(arn_matches(pattern.as_bytes(), &value), match_arn(&wild(&pattern), &value).is_ok());
            }
        }
    }
}
