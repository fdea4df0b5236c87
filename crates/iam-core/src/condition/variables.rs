//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`
//! and the literal escapes `${*}`, `${?}`, `${$}`. A [`Template`] is parsed once
//! when a policy is lowered and resolved against each request.

use crate::context::Context;
use crate::matching::glob::{push_wild, Glob, Tok};
use smol_str::{SmolStr, StrExt};
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
enum Part {
    /// Text as written; `*` and `?` in it are wildcards where the operator allows them.
    Text(SmolStr),
    /// A character from `${*}`, `${?}` or `${$}`: always literal.
    Escaped(char),
    Var {
        key: SmolStr,
        key_lower: SmolStr,
        default: Option<SmolStr>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    parts: Vec<Part>,
    /// The text, computed once when there is no variable.
    fixed: Option<Fixed>,
}

#[derive(Debug, Clone, PartialEq)]
struct Fixed {
    text: SmolStr,
    /// The pattern as tokens, only when the text cannot stand for it: an
    /// escape (`${*}`) made a literal star or question mark. Otherwise the
    /// text itself is the pattern.
    glob: Option<Vec<Tok>>,
}

/// Why a `${...}` could not be read; the offset is in bytes into the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub offset: usize,
    pub len: usize,
    pub code: &'static str,
    pub message: String,
}

/// A variable the request did not supply (and that had no default), or a
/// substitution longer than [`MAX_SUBSTITUTED`] (it can match nothing AWS accepts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub key: String,
    pub too_long: bool,
}

/// The longest text a substitution may produce: four times the longest ARN
/// (2,048 characters). Without a ceiling, a policy with hundreds of variables
/// and a long context value would multiply into gigabytes.
pub const MAX_SUBSTITUTED: usize = 8192;

impl Template {
    /// A template with no variables (legacy `2008-10-17` documents, and any
    /// value without `${`): the text, which is also its own wildcard pattern.
    pub fn literal(text: SmolStr) -> Self {
        Template { parts: Vec::new(), fixed: Some(Fixed { text, glob: None }) }
    }

    fn from_parts(parts: Vec<Part>, glob: bool) -> Self {
        let mut template = Template { parts, fixed: None };
        if !template.has_variables() {
            let empty = Context::default();
            if let Ok(text) = template.substitute_text(&empty) {
                let escaped = template.parts.iter().any(|p| matches!(p, Part::Escaped(_)));
                let pattern = if glob && escaped { template.substitute_glob(&empty).ok() } else { None };
                template.fixed = Some(Fixed { text: text.into(), glob: pattern });
            }
        }
        template
    }

    /// Reads the variables of `text`. `glob`: whether it will be matched with
    /// wildcards; an escape (`${*}`) then compiles its pattern once.
    pub fn parse(text: &str, glob: bool) -> Result<Self, TemplateError> {
        Self::parse_shared(&SmolStr::new(text), glob)
    }

    /// As [`Template::parse`]; a text without variables is shared, not copied.
    pub fn parse_shared(text: &SmolStr, glob: bool) -> Result<Self, TemplateError> {
        if !has_variable(text) {
            return Ok(Self::literal(text.clone()));
        }
        let mut parts = Vec::new();
        let mut rest: &str = text;
        let mut offset = 0;
        while let Some(at) = find_variable(rest) {
            if at > 0 {
                parts.push(Part::Text(rest.get(..at).unwrap_or("").into()));
            }
            let body_start = at + 2;
            let body = rest.get(body_start..).unwrap_or("");
            let Some(close) = find_close(body) else {
                return Err(TemplateError {
                    offset: offset + at,
                    len: rest.len() - at,
                    code: "variable/missing-brace",
                    message: "policy variable is missing its closing `}`".into(),
                });
            };
            let inner = body.get(..close).unwrap_or("");
            parts.push(parse_inner(inner, offset + at, close + 3)?);
            let consumed = body_start + close + 1;
            rest = rest.get(consumed..).unwrap_or("");
            offset += consumed;
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.into()));
        }
        Ok(Self::from_parts(parts, glob))
    }

    pub fn has_variables(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Var { .. }))
    }

    /// Keys of the variables, in order of appearance.
    pub fn variable_keys(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var { key, .. } => Some(key.as_str()),
            _ => None,
        })
    }

    /// Substitutes variables and returns plain text (for operators without wildcards).
    pub fn resolve_text(&self, ctx: &Context) -> Result<Cow<'_, str>, Unresolved> {
        match &self.fixed {
            Some(fixed) => Ok(Cow::Borrowed(&fixed.text)),
            None => self.substitute_text(ctx).map(Cow::Owned),
        }
    }

    /// Substitutes variables and returns a wildcard pattern. Substituted values
    /// are read as patterns too (AWS substitutes before matching); escapes stay literal.
    pub fn resolve_glob(&self, ctx: &Context) -> Result<Glob<'_>, Unresolved> {
        match &self.fixed {
            Some(Fixed { glob: Some(glob), .. }) => Ok(Glob::Toks(Cow::Borrowed(glob))),
            // Text without escapes is its own pattern; escapes (`${*}`) are substituted again.
            Some(Fixed { text, glob: None }) if self.parts.iter().all(|p| matches!(p, Part::Text(_))) => {
                Ok(Glob::Text(Cow::Borrowed(text)))
            }
            // Without an escape, the substituted text is the pattern (a
            // substituted value is read as a pattern too).
            _ if !self.parts.iter().any(|p| matches!(p, Part::Escaped(_))) => {
                self.substitute_text(ctx).map(|t| Glob::Text(Cow::Owned(t)))
            }
            _ => self.substitute_glob(ctx).map(|t| Glob::Toks(Cow::Owned(t))),
        }
    }

    fn substitute_text(&self, ctx: &Context) -> Result<String, Unresolved> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Escaped(c) => out.push(*c),
                Part::Var { key, key_lower, default } => {
                    out.push_str(&lookup(ctx, key, key_lower, default.as_deref())?)
                }
            }
            if out.len() > MAX_SUBSTITUTED {
                return Err(Unresolved { key: self.first_key(), too_long: true });
            }
        }
        Ok(out)
    }

    fn first_key(&self) -> String {
        self.variable_keys().next().unwrap_or_default().to_string()
    }

    fn substitute_glob(&self, ctx: &Context) -> Result<Vec<Tok>, Unresolved> {
        let mut toks = Vec::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => push_wild(&mut toks, t),
                Part::Escaped(c) => toks.push(Tok::Lit(*c)),
                Part::Var { key, key_lower, default } => {
                    push_wild(&mut toks, &lookup(ctx, key, key_lower, default.as_deref())?)
                }
            }
            if toks.len() > MAX_SUBSTITUTED {
                return Err(Unresolved { key: self.first_key(), too_long: true });
            }
        }
        Ok(toks)
    }
}

fn lookup<'c>(
    ctx: &'c Context,
    key: &str,
    key_lower: &str,
    default: Option<&'c str>,
) -> Result<Cow<'c, str>, Unresolved> {
    match ctx.single_text_lower(key_lower) {
        Some(value) => Ok(value),
        None => default.map(Cow::Borrowed).ok_or_else(|| Unresolved { key: key.to_string(), too_long: false }),
    }
}

/// Where the first `${` of `text` starts. A byte scan: policy values are
/// short, and a substring searcher costs more to set up than it saves.
pub fn find_variable(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().find_map(|(i, b)| (*b == b'$' && bytes.get(i + 1) == Some(&b'{')).then_some(i))
}

/// Whether `text` holds a `${`.
pub fn has_variable(text: &str) -> bool {
    find_variable(text).is_some()
}

/// Index of the `}` closing a variable body, skipping braces inside a quoted default.
fn find_close(body: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in body.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '}' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

fn parse_inner(inner: &str, offset: usize, len: usize) -> Result<Part, TemplateError> {
    let err = |code: &'static str, message: &str| TemplateError { offset, len, code, message: message.into() };
    match inner {
        "*" => return Ok(Part::Escaped('*')),
        "?" => return Ok(Part::Escaped('?')),
        "$" => return Ok(Part::Escaped('$')),
        _ => {}
    }
    let (name, default) = match inner.split_once(',') {
        None => (inner, None),
        Some((name, rest)) => {
            let quoted = rest.strip_prefix(' ').unwrap_or(rest).trim_end();
            let value = quoted
                .strip_prefix('\'')
                .and_then(|q| q.strip_suffix('\''))
                .filter(|v| !v.contains('\''))
                .ok_or_else(|| {
                    err(
                        "variable/missing-quote",
                        "the default value of a policy variable must be in single quotes, as in `${aws:username, 'none'}`",
                    )
                })?;
            (name, Some(SmolStr::new(value)))
        }
    };
    if name.trim().is_empty() {
        return Err(err("variable/empty", "policy variable has no name"));
    }
    if name.chars().any(char::is_whitespace) {
        return Err(err("variable/space", "policy variable name contains a space"));
    }
    if name.contains('\'') || name.contains('{') || name.contains('$') {
        return Err(err("variable/invalid-name", "policy variable name contains a character that is not allowed"));
    }
    Ok(Part::Var { key: name.into(), key_lower: name.to_lowercase_smolstr(), default })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Context, ContextValue};

    fn ctx(pairs: &[(&str, &str)]) -> Context {
        let mut c = Context::default();
        for (k, v) in pairs {
            c.insert(k, ContextValue::string(v));
        }
        c
    }

    #[test]
    fn a_variable_starts_at_the_first_dollar_brace() {
        assert_eq!(find_variable("a$b${c}"), Some(3));
        assert_eq!(find_variable("${aws:username}"), Some(0));
        assert_eq!(find_variable("price $"), None);
        assert_eq!(find_variable("$ {x}"), None);
        assert!(has_variable("home/${aws:username}/*") && !has_variable("home/*"));
    }

    #[test]
    fn template_substitutes_case_insensitive_key() {
        let t = Template::parse("home/${AWS:UserName}/*", true).unwrap();
        assert_eq!(t.resolve_text(&ctx(&[("aws:username", "alice")])).unwrap(), "home/alice/*");
    }

    #[test]
    fn template_default_used_when_key_absent() {
        let t = Template::parse("b-${aws:PrincipalTag/team, 'company-wide'}", true).unwrap();
        assert_eq!(t.resolve_text(&ctx(&[])).unwrap(), "b-company-wide");
    }

    #[test]
    fn template_missing_key_without_default_is_unresolved() {
        let t = Template::parse("${aws:PrincipalTag/team}/*", true).unwrap();
        assert_eq!(t.resolve_text(&ctx(&[])), Err(Unresolved { key: "aws:PrincipalTag/team".into(), too_long: false }));
    }

    #[test]
    fn template_substitution_is_bounded() {
        let many = "${aws:username}".repeat(400);
        let t = Template::parse(&many, true).unwrap();
        let long = "x".repeat(100_000);
        let err = t.resolve_text(&ctx(&[("aws:username", &long)])).unwrap_err();
        assert!(err.too_long);
        assert!(t.resolve_glob(&ctx(&[("aws:username", &long)])).unwrap_err().too_long);
        assert!(t.resolve_text(&ctx(&[("aws:username", "al")])).is_ok());
    }

    #[test]
    fn template_escaped_star_is_literal_in_glob() {
        for glob in [true, false] {
            let t = Template::parse("a${*}b?", glob).unwrap();
            let resolved = t.resolve_glob(&ctx(&[])).unwrap();
            let toks = resolved.toks();
            assert_eq!(toks.get(1), Some(&Tok::Lit('*')), "{glob}");
            assert_eq!(toks.get(3), Some(&Tok::One));
            let plain = Template::parse("a*b", glob).unwrap();
            // Without an escape the text is the pattern, kept as written.
            assert_eq!(plain.resolve_glob(&ctx(&[])).unwrap(), Glob::Text("a*b".into()));
            assert_eq!(plain.resolve_glob(&ctx(&[])).unwrap().toks().get(1), Some(&Tok::Star));
        }
        let t = Template::parse("a${*}b", true).unwrap();
        let glob = t.resolve_glob(&ctx(&[])).unwrap();
        assert!(glob.matches("a*b"));
        assert!(!glob.matches("axb"));
        assert!(Glob::Text("a*b".into()).matches("axyb"));
        assert_eq!(Glob::Text("arn:aws:s3:::b/*".into()).match_arn("arn:aws:s3:::b/k"), Ok(()));
        // A substituted value is a pattern too: `*` in it matches any run.
        let t = Template::parse("home/${aws:username}", true).unwrap();
        let glob = t.resolve_glob(&ctx(&[("aws:username", "a*")])).unwrap();
        assert_eq!(glob, Glob::Text("home/a*".into()));
        assert!(glob.matches("home/alice"));
    }

    #[test]
    fn template_malformed_variables_report_codes() {
        assert_eq!(Template::parse("${}", true).unwrap_err().code, "variable/empty");
        assert_eq!(Template::parse("x${aws:username", true).unwrap_err().code, "variable/missing-brace");
        assert_eq!(Template::parse("${aws:user name}", true).unwrap_err().code, "variable/space");
        assert_eq!(Template::parse("${aws:username, none}", true).unwrap_err().code, "variable/missing-quote");
    }

    #[test]
    fn template_brace_inside_quoted_default_is_kept() {
        let t = Template::parse("${aws:username, 'a}b'}", true).unwrap();
        assert_eq!(t.resolve_text(&ctx(&[])).unwrap(), "a}b");
    }
}
