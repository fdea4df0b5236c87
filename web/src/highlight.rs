//! Syntax highlighting for the editor overlay: a tolerant JSON scanner (it
//! must color half-typed text), merged with diagnostic ranges into segments.

/// The kind of text a segment holds, used as its CSS class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Key,
    String,
    Number,
    Literal,
    Punct,
    Plain,
}

impl Token {
    pub fn class(self) -> &'static str {
        match self {
            Token::Key => "tok-key",
            Token::String => "tok-str",
            Token::Number => "tok-num",
            Token::Literal => "tok-lit",
            Token::Punct => "tok-punct",
            Token::Plain => "tok-plain",
        }
    }
}

/// A run of text with one token kind and, possibly, a diagnostic under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub token: Token,
    /// `Some(true)` for an error underline, `Some(false)` for a warning.
    pub diagnostic: Option<bool>,
    /// Part of the span the user jumped to.
    pub highlighted: bool,
}

/// Token ranges covering all of `text`.
pub fn tokens(text: &str) -> Vec<(usize, usize, Token)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let b = bytes.get(i).copied().unwrap_or(b' ');
        let token = match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    match c {
                        b'\\' => i += 1,
                        b'"' | b'\n' => break,
                        _ => {}
                    }
                }
                i = i.min(bytes.len());
                let rest = text.get(i..).unwrap_or("").trim_start();
                if rest.starts_with(':') {
                    Token::Key
                } else {
                    Token::String
                }
            }
            b'-' | b'0'..=b'9' => {
                while bytes.get(i).is_some_and(|c| c.is_ascii_digit() || b".eE+-".contains(c)) {
                    i += 1;
                }
                Token::Number
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                i += 1;
                Token::Punct
            }
            c if c.is_ascii_alphabetic() => {
                while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                    i += 1;
                }
                Token::Literal
            }
            _ => {
                i += 1;
                while bytes.get(i).is_some_and(|c| !b"\"{}[]:,-0123456789".contains(c) && !c.is_ascii_alphabetic()) {
                    i += 1;
                }
                Token::Plain
            }
        };
        while !text.is_char_boundary(i) {
            i += 1;
        }
        out.push((start, i, token));
    }
    out
}

/// Splits the token ranges at diagnostic and highlight boundaries.
/// Past this size the editor shows text without syntax colours (problems and
/// the jump highlight still show), so a huge document stays a few elements.
pub const COLOUR_LIMIT: usize = 100_000;

pub fn segments(text: &str, diagnostics: &[(usize, usize, bool)], highlight: Option<(usize, usize)>) -> Vec<Segment> {
    let mut cuts: Vec<usize> =
        diagnostics.iter().flat_map(|d| [d.0, d.1]).chain(highlight.into_iter().flat_map(|h| [h.0, h.1])).collect();
    cuts.retain(|c| *c <= text.len() && text.is_char_boundary(*c));
    cuts.sort_unstable();
    cuts.dedup();
    let tokens = if text.len() > COLOUR_LIMIT { vec![(0, text.len(), Token::Plain)] } else { tokens(text) };
    let mut cover = Coverage::new(diagnostics);
    let mut out = Vec::new();
    for (start, end, token) in tokens {
        let mut pos = start;
        // The cuts inside this token, found by binary search: linear overall.
        let first = cuts.partition_point(|c| *c <= start);
        for &cut in cuts.get(first..).unwrap_or(&[]).iter().take_while(|c| **c < end) {
            push(&mut out, (pos, cut), token, &mut cover, highlight);
            pos = cut;
        }
        push(&mut out, (pos, end), token, &mut cover, highlight);
    }
    out
}

/// Which diagnostics cover a position, swept left to right: segments come in
/// order, so each diagnostic enters and leaves the active set once.
struct Coverage {
    /// (start, end, error), by start.
    pending: Vec<(usize, usize, bool)>,
    next: usize,
    /// Ends of the active errors and warnings (min-heaps).
    errors: std::collections::BinaryHeap<std::cmp::Reverse<usize>>,
    warnings: std::collections::BinaryHeap<std::cmp::Reverse<usize>>,
}

impl Coverage {
    fn new(diagnostics: &[(usize, usize, bool)]) -> Self {
        let mut pending: Vec<_> = diagnostics.iter().map(|&(s, e, err)| (s, e.max(s + 1), err)).collect();
        pending.sort_unstable();
        Coverage { pending, next: 0, errors: Default::default(), warnings: Default::default() }
    }

    /// The strongest diagnostic covering `[start, end)` (`Some(true)` for an error).
    fn at(&mut self, start: usize, end: usize) -> Option<bool> {
        while let Some(&(s, e, err)) = self.pending.get(self.next) {
            if s > start {
                break;
            }
            self.next += 1;
            if err {
                self.errors.push(std::cmp::Reverse(e));
            } else {
                self.warnings.push(std::cmp::Reverse(e));
            }
        }
        for heap in [&mut self.errors, &mut self.warnings] {
            while heap.peek().is_some_and(|std::cmp::Reverse(e)| *e < end) {
                heap.pop();
            }
        }
        if !self.errors.is_empty() {
            Some(true)
        } else if !self.warnings.is_empty() {
            Some(false)
        } else {
            None
        }
    }
}

fn push(
    out: &mut Vec<Segment>,
    (start, end): (usize, usize),
    token: Token,
    cover: &mut Coverage,
    highlight: Option<(usize, usize)>,
) {
    if start >= end {
        return;
    }
    let diagnostic = cover.at(start, end);
    let highlighted = highlight.is_some_and(|h| h.0 <= start && end <= h.1.max(h.0 + 1));
    out.push(Segment { start, end, token, diagnostic, highlighted });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, Token)> {
        tokens(text).into_iter().filter(|t| t.2 != Token::Plain).map(|(s, e, t)| (&text[s..e], t)).collect()
    }

    #[test]
    fn tokens_tell_keys_from_strings() {
        assert_eq!(
            kinds(r#"{"a": "b", "n": -1.5e3, "t": true}"#),
            vec![
                ("{", Token::Punct),
                ("\"a\"", Token::Key),
                (":", Token::Punct),
                ("\"b\"", Token::String),
                (",", Token::Punct),
                ("\"n\"", Token::Key),
                (":", Token::Punct),
                ("-1.5e3", Token::Number),
                (",", Token::Punct),
                ("\"t\"", Token::Key),
                (":", Token::Punct),
                ("true", Token::Literal),
                ("}", Token::Punct),
            ]
        );
    }

    #[test]
    fn tokens_cover_unterminated_and_multibyte_text() {
        let text = "{\"é\\\"x: [1, 😀";
        let toks = tokens(text);
        assert_eq!(toks.first().map(|t| t.0), Some(0));
        assert_eq!(toks.last().map(|t| t.1), Some(text.len()));
        assert!(toks.windows(2).all(|w| w[0].1 == w[1].0));
    }

    #[test]
    fn segments_split_at_diagnostics_and_mark_them() {
        let text = r#"{"Effect": "allow"}"#;
        let segs = segments(text, &[(11, 18, true)], None);
        let marked: Vec<&str> =
            segs.iter().filter(|s| s.diagnostic == Some(true)).map(|s| &text[s.start..s.end]).collect();
        assert_eq!(marked, ["\"allow\""]);
        let joined: String = segs.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn segments_mark_the_jump_highlight() {
        let text = r#"{"a": "bcd"}"#;
        let segs = segments(text, &[], Some((7, 9)));
        let lit: Vec<&str> = segs.iter().filter(|s| s.highlighted).map(|s| &text[s.start..s.end]).collect();
        assert_eq!(lit, ["bc"]);
    }

    #[test]
    fn nested_and_overlapping_diagnostics_mark_the_strongest() {
        let text = "abcdefghij";
        let segs = segments(text, &[(0, 6, false), (2, 4, true), (5, 9, false)], None);
        let marks: Vec<(&str, Option<bool>)> = segs.iter().map(|s| (&text[s.start..s.end], s.diagnostic)).collect();
        assert_eq!(
            marks,
            [
                ("ab", Some(false)),
                ("cd", Some(true)),
                ("e", Some(false)),
                ("f", Some(false)),
                ("ghi", Some(false)),
                ("j", None)
            ]
        );
    }

    #[test]
    fn many_diagnostics_highlight_in_linear_time() {
        let text: String = (0..20_000).map(|i| format!("\"k{i}\": {i},")).collect();
        let diags: Vec<(usize, usize, bool)> = (0..20_000).map(|i| (i * 10, i * 10 + 4, i % 2 == 0)).collect();
        let segs = segments(&text, &diags, None);
        assert!(segs.iter().any(|s| s.diagnostic == Some(true)));
        let joined: String = segs.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(joined, text);
    }
}
