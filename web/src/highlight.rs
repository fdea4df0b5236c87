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
pub fn segments(text: &str, diagnostics: &[(usize, usize, bool)], highlight: Option<(usize, usize)>) -> Vec<Segment> {
    let mut cuts: Vec<usize> =
        diagnostics.iter().flat_map(|d| [d.0, d.1]).chain(highlight.into_iter().flat_map(|h| [h.0, h.1])).collect();
    cuts.retain(|c| *c <= text.len() && text.is_char_boundary(*c));
    cuts.sort_unstable();
    let mut out = Vec::new();
    for (start, end, token) in tokens(text) {
        let mut pos = start;
        for &cut in cuts.iter().filter(|c| **c > start && **c < end) {
            push(&mut out, pos, cut, token, diagnostics, highlight);
            pos = cut;
        }
        push(&mut out, pos, end, token, diagnostics, highlight);
    }
    out
}

fn push(
    out: &mut Vec<Segment>,
    start: usize,
    end: usize,
    token: Token,
    diags: &[(usize, usize, bool)],
    highlight: Option<(usize, usize)>,
) {
    if start >= end {
        return;
    }
    let covers = |s: usize, e: usize| s <= start && end <= e.max(s + 1);
    let diagnostic = diags.iter().filter(|d| covers(d.0, d.1)).map(|d| d.2).max();
    let highlighted = highlight.is_some_and(|h| covers(h.0, h.1));
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
}
