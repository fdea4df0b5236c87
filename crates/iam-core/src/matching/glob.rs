//! Wildcard patterns: `*` matches any run of characters (possibly empty),
//! `?` exactly one. A pattern is a token list so that a literal `*` (from the
//! `${*}` variable) can stand beside real wildcards.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Lit(char),
    Star,
    One,
}

/// Appends the tokens of `text`, reading `*` and `?` as wildcards.
pub fn push_wild(toks: &mut Vec<Tok>, text: &str) {
    toks.extend(text.chars().map(|c| match c {
        '*' => Tok::Star,
        '?' => Tok::One,
        c => Tok::Lit(c),
    }));
}

/// Appends the tokens of `text` with every character literal.
pub fn push_literal(toks: &mut Vec<Tok>, text: &str) {
    toks.extend(text.chars().map(Tok::Lit));
}

pub fn wild(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len());
    push_wild(&mut toks, text);
    toks
}

/// Whether the whole of `text` matches the whole of `toks` (case-sensitive).
pub fn matches(toks: &[Tok], text: &str) -> bool {
    if text.is_ascii() {
        // One byte is one character: compare bytes directly. A non-ASCII
        // literal in the pattern can never equal an ASCII byte.
        matches_by(toks, text.as_bytes(), |b| char::from(*b))
    } else {
        let chars: Vec<char> = text.chars().collect();
        matches_by(toks, &chars, |c| *c)
    }
}

/// Greedy matching with backtracking to the last `*` (linear in practice).
fn matches_by<T>(toks: &[Tok], text: &[T], ch: impl Fn(&T) -> char) -> bool {
    let (mut t, mut s) = (0usize, 0usize);
    // After a `*`: the token index following it and the text index it resumes from.
    let mut star: Option<(usize, usize)> = None;
    loop {
        let next = text.get(s).map(&ch);
        match (toks.get(t), next) {
            (Some(Tok::Star), _) => {
                star = Some((t + 1, s));
                t += 1;
                continue;
            }
            (Some(Tok::One), Some(_)) => {
                t += 1;
                s += 1;
                continue;
            }
            (Some(Tok::Lit(p)), Some(c)) if *p == c => {
                t += 1;
                s += 1;
                continue;
            }
            (None, None) => return true,
            _ => {}
        }
        // Mismatch: let the last `*` swallow one more character, if any is left.
        match star {
            Some((after, from)) if from < text.len() => {
                star = Some((after, from + 1));
                t = after;
                s = from + 1;
            }
            _ => return false,
        }
    }
}

/// Splits a token list at its first `n` literal colons (at most `n + 1` parts).
pub fn split_colons(toks: &[Tok], n: usize) -> Vec<&[Tok]> {
    let mut parts = Vec::with_capacity(n + 1);
    let mut start = 0;
    for (i, tok) in toks.iter().enumerate() {
        if parts.len() == n {
            break;
        }
        if *tok == Tok::Lit(':') {
            parts.push(toks.get(start..i).unwrap_or(&[]));
            start = i + 1;
        }
    }
    parts.push(toks.get(start..).unwrap_or(&[]));
    parts
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
        let mut toks = Vec::new();
        push_literal(&mut toks, "a*b");
        assert!(matches(&toks, "a*b"));
        assert!(!matches(&toks, "axb"));
    }

    #[test]
    fn glob_is_case_sensitive() {
        assert!(!m("Bob", "bob"));
    }

    #[test]
    fn split_colons_keeps_rest_whole() {
        let toks = wild("arn:aws:s3:::b/k:x");
        let parts = split_colons(&toks, 5);
        assert_eq!(parts.len(), 6);
        assert_eq!(parts[5], wild("b/k:x").as_slice());
    }
}
