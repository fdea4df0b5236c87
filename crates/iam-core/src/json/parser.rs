//! A strict JSON reader (RFC 8259) straight into the span-keeping tree: one
//! pass, no intermediate syntax tree, a string allocated only when it is
//! kept. Every error names what was expected and points at the byte where
//! reading stopped. Nesting is bounded so that hostile input cannot exhaust
//! the stack. A lenient mode (comments and trailing commas) exists only to
//! salvage metadata after a syntax error; its tree is never evaluated.

use super::{Kind, Member, Node};
use crate::diag::{Diagnostic, DocId, Span};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The deepest nesting of arrays and objects read; scenarios and policies
/// need fewer than 20 levels.
pub const MAX_DEPTH: usize = 128;

/// Why reading stopped: where, and what was wrong.
pub(super) struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// Reading stopped; the reason is in [`Parser::error`]. Kept out of the
/// results so that they stay small enough to be returned in registers.
struct Stop;

type Step<T> = std::result::Result<T, Stop>;

pub(super) struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    depth: usize,
    lenient: bool,
    doc: DocId,
    pub diagnostics: Vec<Diagnostic>,
    /// The first syntax error, once reading has stopped.
    error: Option<SyntaxError>,
    /// The decoded text of the last string read, when it had escapes.
    decoded: Option<String>,
    /// Values read and not yet taken by their container, nested ones above
    /// their parents': every value is pushed here, and each container takes
    /// its own off the top into a vector of exactly its size, so reading
    /// allocates once per container and never grows a vector.
    items: Vec<Node<'t>>,
    members: Vec<Member<'t>>,
}

impl<'t> Parser<'t> {
    pub fn new(text: &'t str, doc: DocId, lenient: bool) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            lenient,
            doc,
            diagnostics: Vec::new(),
            error: None,
            decoded: None,
            // Room for a small document's open values, so that the stacks
            // rarely grow while reading.
            items: Vec::with_capacity(8),
            members: Vec::with_capacity(8),
        }
    }

    /// Reads from byte `start`, as though already `depth` levels deep: the
    /// value of a part of a larger document, re-read on its own (see
    /// [`super::parse_part`]).
    pub fn start_at(mut self, start: usize, depth: usize) -> Self {
        self.pos = start;
        self.depth = depth;
        self
    }

    /// The whole text as one value; `Ok(None)` when it holds nothing but whitespace.
    pub fn document(&mut self) -> std::result::Result<Option<Node<'t>>, SyntaxError> {
        match self.read_document() {
            Ok(node) => Ok(node),
            Err(Stop) => Err(self.error.take().unwrap_or_else(|| SyntaxError {
                span: Span::new(self.pos, self.pos),
                message: "reading stopped".into(),
            })),
        }
    }

    fn read_document(&mut self) -> Step<Option<Node<'t>>> {
        self.skip_space()?;
        if self.pos >= self.bytes.len() {
            return Ok(None);
        }
        self.value()?;
        let node = self.items.pop();
        self.skip_space()?;
        if self.pos < self.bytes.len() {
            return Err(self.error_here("unexpected text after the JSON value"));
        }
        Ok(node)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn fail(&mut self, span: Span, message: String) -> Stop {
        self.error.get_or_insert(SyntaxError { span, message });
        Stop
    }

    /// Stops with an error at the current position, one character wide.
    fn error_here(&mut self, message: &str) -> Stop {
        let width = self.text.get(self.pos..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
        self.fail(Span::new(self.pos, self.pos + width), message.to_string())
    }

    fn found(&self) -> String {
        match self.text.get(self.pos..).and_then(|rest| rest.chars().next()) {
            None => "the end of the text".into(),
            Some(c) if c.is_control() => format!("U+{:04X}", u32::from(c)),
            Some(c) => format!("`{c}`"),
        }
    }

    #[inline]
    fn skip_space(&mut self) -> Step<()> {
        loop {
            // Most gaps are empty or one space: a plain loop beats a search.
            while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
                self.pos += 1;
            }
            match self.peek() {
                Some(b'/') if self.lenient => self.skip_comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn skip_comment(&mut self) -> Step<()> {
        let rest = self.text.get(self.pos..).unwrap_or("");
        let len = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if rest.starts_with("/*") {
            match rest.get(2..).and_then(|r| r.find("*/")) {
                Some(end) => end + 4,
                None => return Err(self.error_here("unclosed comment")),
            }
        } else {
            return Err(self.error_here("unexpected `/`"));
        };
        self.pos += len;
        Ok(())
    }

    /// Reads one value and pushes it onto the item stack.
    fn value(&mut self) -> Step<()> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'{') => return self.nested(Self::object),
            Some(b'[') => return self.nested(Self::array),
            Some(b'"') => {
                let range = self.string_range()?;
                Kind::String(self.string_text(range))
            }
            Some(b'-' | b'0'..=b'9') => Kind::Number(Cow::Borrowed(self.number()?)),
            Some(b't') => self.word("true", Kind::Bool(true))?,
            Some(b'f') => self.word("false", Kind::Bool(false))?,
            Some(b'n') => self.word("null", Kind::Null)?,
            _ => {
                let message = format!("expected a value, found {}", self.found());
                return Err(self.error_here(&message));
            }
        };
        self.items.push(Node { span: Span::new(start, self.pos), kind });
        Ok(())
    }

    fn nested(&mut self, read: fn(&mut Self) -> Step<()>) -> Step<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error_here(&format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.depth += 1;
        let read = read(self);
        self.depth -= 1;
        read
    }

    fn word(&mut self, word: &str, kind: Kind<'t>) -> Step<Kind<'t>> {
        let start = self.pos;
        if self.text.get(self.pos..).is_some_and(|rest| rest.starts_with(word)) {
            self.pos += word.len();
            if !self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Ok(kind);
            }
        }
        self.pos = start;
        let message = format!("expected a value, found {}", self.found());
        Err(self.error_here(&message))
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as written.
    fn number(&mut self) -> Step<&'t str> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.digits() {
            0 => return Err(self.error_here("expected a digit")),
            n if n > 1 && self.bytes.get(int_start) == Some(&b'0') => {
                self.pos = int_start;
                return Err(self.error_here("a number cannot start with 0"));
            }
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error_here("expected a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error_here("expected a digit in the exponent"));
            }
        }
        Ok(self.text.get(start..self.pos).unwrap_or(""))
    }

    /// The text of the string just read by [`Parser::string_range`]: borrowed,
    /// or decoded when it had escapes. (Kept apart so that reading returns
    /// only a range, in registers.)
    #[inline(always)]
    fn string_text(&mut self, (start, end): (u32, u32)) -> Cow<'t, str> {
        match self.decoded.take() {
            Some(decoded) => Cow::Owned(decoded),
            None => Cow::Borrowed(self.text.get(start as usize..end as usize).unwrap_or("")),
        }
    }

    /// Reads a string literal at `"` and returns the byte range of its
    /// content; when it has escapes, its decoded text is left in `decoded`.
    fn string_range(&mut self) -> Step<(u32, u32)> {
        self.pos += 1;
        let start = self.pos;
        // Fast path: no escape before the closing quote means a borrowed slice.
        self.pos += string_end(self.bytes.get(start..).unwrap_or(&[]));
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                return Ok((to_u32(start), to_u32(self.pos - 1)));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.control_error()),
            None => return Err(self.unclosed(start)),
        }
        let mut out = self.text.get(start..self.pos).unwrap_or("").to_string();
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    self.decoded = Some(out);
                    return Ok((to_u32(start), to_u32(self.pos - 1)));
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(b) if b < 0x20 => return Err(self.control_error()),
                Some(_) => {
                    let run = self.pos;
                    while self.peek().is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20) {
                        self.pos += 1;
                    }
                    out.push_str(self.text.get(run..self.pos).unwrap_or(""));
                }
                None => return Err(self.unclosed(start)),
            }
        }
    }

    fn unclosed(&mut self, start: usize) -> Stop {
        self.fail(
            Span::new(start.saturating_sub(1), start),
            "a string is not closed: it needs a `\"` before the end of the text".into(),
        )
    }

    fn control_error(&mut self) -> Stop {
        let c = self.peek().unwrap_or(0);
        self.fail(Span::new(self.pos, self.pos + 1), format!("a raw control character (U+{c:04X}) inside a string"))
    }

    fn escape(&mut self, out: &mut String) -> Step<()> {
        let at = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let c = self.unicode_escape(at)?;
                out.push(c);
                return Ok(());
            }
            _ => {
                let span = Span::new(at, (self.pos + 1).min(self.bytes.len()));
                return Err(self.fail(span, "invalid escape: use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX".into()));
            }
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self, at: usize) -> Step<u32> {
        let digits = self.text.get(self.pos..self.pos + 4).filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
            Some(value) => {
                self.pos += 4;
                Ok(value)
            }
            None => {
                let span = Span::new(at, (self.pos + 4).min(self.bytes.len()));
                Err(self.fail(span, "`\\u` needs four hexadecimal digits".into()))
            }
        }
    }

    /// `\uXXXX` (after the `u`), joining a surrogate pair into one character.
    fn unicode_escape(&mut self, at: usize) -> Step<char> {
        let first = self.hex4(at)?;
        let code = if (0xD800..0xDC00).contains(&first) {
            let low = if self.text.get(self.pos..).is_some_and(|r| r.starts_with("\\u")) {
                self.pos += 2;
                self.hex4(at)?
            } else {
                0
            };
            if !(0xDC00..0xE000).contains(&low) {
                let span = Span::new(at, self.pos);
                return Err(self.fail(
                    span,
                    "a lone surrogate: `\\uD800`–`\\uDBFF` must be followed by `\\uDC00`–`\\uDFFF`".into(),
                ));
            }
            0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
        } else {
            first
        };
        match char::from_u32(code) {
            Some(c) => Ok(c),
            None => {
                let span = Span::new(at, self.pos);
                Err(self.fail(span, "a lone surrogate is not a character".into()))
            }
        }
    }

    fn array(&mut self) -> Step<()> {
        let start = self.pos;
        let base = self.items.len();
        self.array_items()?;
        let items = self.items.split_off(base.min(self.items.len()));
        self.items.push(Node { span: Span::new(start, self.pos), kind: Kind::Array(items) });
        Ok(())
    }

    /// Reads an array's items onto the item stack (on an error the whole
    /// reading stops, so the stack's rest is dropped with it).
    fn array_items(&mut self) -> Step<()> {
        self.pos += 1;
        self.skip_space()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.value()?;
            self.skip_space()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space()?;
                    if self.peek() == Some(b']') && self.lenient {
                        self.pos += 1;
                        return Ok(());
                    }
                    if self.peek() == Some(b']') {
                        return Err(self.error_here("trailing commas are not allowed"));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => {
                    let message = format!("expected `,` or `]`, found {}", self.found());
                    return Err(self.error_here(&message));
                }
            }
        }
    }

    fn object(&mut self) -> Step<()> {
        let start = self.pos;
        let base = self.members.len();
        self.object_members(base)?;
        let members = self.members.split_off(base.min(self.members.len()));
        self.items.push(Node { span: Span::new(start, self.pos), kind: Kind::Object(members) });
        Ok(())
    }

    /// Reads an object's members onto the member stack (its own start at `base`).
    fn object_members(&mut self, base: usize) -> Step<()> {
        self.pos += 1;
        // Keys seen so far, for the duplicate check in O(n log n).
        let mut seen: BTreeMap<Cow<'t, str>, Span> = BTreeMap::new();
        self.skip_space()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                let message = format!("expected a key in double quotes, found {}", self.found());
                return Err(self.error_here(&message));
            }
            let key_start = self.pos;
            let range = self.string_range()?;
            let key = self.string_text(range);
            let key_span = Span::new(key_start, self.pos);
            self.skip_space()?;
            if self.peek() != Some(b':') {
                let message = format!("expected `:` after the key, found {}", self.found());
                return Err(self.error_here(&message));
            }
            self.pos += 1;
            self.skip_space()?;
            self.value()?;
            let Some(value) = self.items.pop() else {
                return Err(self.error_here("a value was read but not kept"));
            };
            let members = self.members.get(base..).unwrap_or(&[]);
            // Small objects are scanned; from 16 members on, a map keeps it O(n log n).
            let first = if members.len() < 16 {
                members.iter().find(|m| m.key == key).map(|m| m.key_span)
            } else {
                if seen.is_empty() {
                    for m in members {
                        seen.entry(m.key.clone()).or_insert(m.key_span);
                    }
                }
                seen.get(key.as_ref()).copied()
            };
            let many = members.len() >= 16;
            match first {
                Some(first) => self.diagnostics.push(
                    Diagnostic::error("json/duplicate-key", self.doc, key_span, format!("duplicate key `{key}`"))
                        .with_label(self.doc, first, "first defined here")
                        .with_help("JSON parsers disagree on duplicate keys; keep exactly one"),
                ),
                None if many => {
                    seen.insert(key.clone(), key_span);
                }
                None => {}
            }
            self.members.push(Member { key, key_span, value });
            self.skip_space()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space()?;
                    if self.peek() == Some(b'}') && self.lenient {
                        self.pos += 1;
                        return Ok(());
                    }
                    if self.peek() == Some(b'}') {
                        return Err(self.error_here("trailing commas are not allowed"));
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => {
                    let message = format!("expected `,` or `}}`, found {}", self.found());
                    return Err(self.error_here(&message));
                }
            }
        }
    }
}

/// The length of the plain run at the start of `bytes`: up to the first `"`,
/// `\\` or control character (the end when there is none). Eight bytes are
/// tested at a time (the classic "has a zero byte" test, whose lowest flag is
/// exact); string contents are most of a policy's text.
fn string_end(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
        let word = u64::from_le_bytes(chunk);
        let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
        let found = zero_in(word ^ (ONES * u64::from(b'"')))
            | zero_in(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGHS);
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or(&[]);
    at + rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(rest.len())
}

/// A byte offset as the 32 bits spans keep (texts are far below 4 GiB).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use crate::json::{parse, parse_lenient, Kind};
    use crate::DocId;

    /// The message and the text under the span of a syntax error.
    fn syntax(text: &str) -> (String, String) {
        let (node, diags) = parse(text, DocId(0));
        assert!(node.is_none(), "{text} parsed");
        let d = diags.iter().find(|d| d.code == "json/syntax").unwrap_or_else(|| panic!("{text}: {diags:?}"));
        (d.message.clone(), d.span().text(text).to_string())
    }

    #[test]
    fn errors_say_what_was_expected_and_point_at_it() {
        assert_eq!(syntax(r#"{"a": 1,}"#), ("invalid JSON: trailing commas are not allowed".into(), "}".into()));
        assert_eq!(syntax(r#"{"a" 1}"#), ("invalid JSON: expected `:` after the key, found `1`".into(), "1".into()));
        assert_eq!(
            syntax(r#"{a: 1}"#),
            ("invalid JSON: expected a key in double quotes, found `a`".into(), "a".into())
        );
        assert_eq!(syntax(r#"[1 2]"#), ("invalid JSON: expected `,` or `]`, found `2`".into(), "2".into()));
        assert_eq!(syntax(r#"{"a": tru}"#).0, "invalid JSON: expected a value, found `t`");
        assert_eq!(syntax(r#"{"a": "x}"#).1, "\"");
        assert_eq!(syntax("[1] x").0, "invalid JSON: unexpected text after the JSON value");
        assert_eq!(syntax("01").0, "invalid JSON: a number cannot start with 0");
        assert_eq!(syntax("1.").0, "invalid JSON: expected a digit after the decimal point");
        assert_eq!(syntax("-").0, "invalid JSON: expected a digit");
        assert_eq!(syntax(r#""\q""#).1, "\\q");
        assert_eq!(syntax(r#""\u12""#).0, "invalid JSON: `\\u` needs four hexadecimal digits");
        assert!(syntax(r#""\ud800""#).0.contains("lone surrogate"));
    }

    #[test]
    fn escapes_and_numbers_read_as_written() {
        let (node, diags) = parse(r#"["\ud83d\ude00 \u00e9\n\/", -0.5e+10, 0, true, null]"#, DocId(0));
        assert!(diags.is_empty());
        let items: Vec<Kind> = node.unwrap().items().iter().map(|n| n.kind.clone()).collect();
        assert_eq!(items[0], Kind::String("😀 é\n/".into()));
        assert_eq!(items[1], Kind::Number("-0.5e+10".into()));
        assert_eq!(items[2], Kind::Number("0".into()));
    }

    #[test]
    fn a_string_ends_at_its_first_quote_backslash_or_control_character() {
        use super::string_end;
        for (text, end) in [
            ("", 0),
            ("abc", 3),
            ("abcdefgh\"", 8),
            ("abcdefghijklmnop\"x", 16),
            ("a\"bcdefghijk\"", 1),
            ("abcdefghi\\jk", 9),
            ("abcdefg\u{1}hijk", 7),
            ("abcdefgh\u{1f}", 8),
            ("é ü ñ and more text\"", "é ü ñ and more text".len()),
            ("\u{7f}\u{80}\u{ff}xxxxx\"", "\u{7f}\u{80}\u{ff}xxxxx".len()),
        ] {
            let naive = text.bytes().position(|b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(text.len());
            assert_eq!(string_end(text.as_bytes()), end, "{text:?}");
            assert_eq!(naive, end, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The word-at-a-time scan finds what a byte-by-byte scan finds.
        #[test]
        fn the_word_scan_agrees_with_a_byte_scan(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            let naive = bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(bytes.len());
            proptest::prop_assert_eq!(super::string_end(&bytes), naive);
        }
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(syntax(&deep).0.contains("nesting deeper than 128 levels"));
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&fine, DocId(0)).0.is_some());
    }

    #[test]
    fn lenient_reading_accepts_comments_and_trailing_commas_only() {
        let node = parse_lenient("// c\n{\"a\": [1,], /* x */ \"b\": 2,}", DocId(0)).unwrap();
        assert_eq!(node.get("b").map(|b| b.kind.clone()), Some(Kind::Number("2".into())));
        assert!(parse_lenient("{a: 1}", DocId(0)).is_none());
    }

    #[test]
    fn duplicate_keys_in_large_objects_are_found_too() {
        let members: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"k3\": 0, \"k30\": 0}}", members.join(", "));
        let (_, diags) = parse(&text, DocId(0));
        let dups: Vec<_> =
            diags.iter().filter(|d| d.code == "json/duplicate-key").map(|d| d.message.as_str()).collect();
        assert_eq!(dups, ["duplicate key `k3`", "duplicate key `k30`"]);
    }
}
