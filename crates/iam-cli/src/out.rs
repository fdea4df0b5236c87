//! Writing to stdout without panicking when the reader has gone away
//! (e.g. `iam-playground eval-request … | head`), and never passing a
//! control character from the input to the terminal: a scenario could
//! otherwise set the window title or erase a "✗ FAIL" line.

use std::io::Write;

/// The text with every control character except line feed and tab shown as
/// an escape (`\u{1b}`), so the terminal prints it instead of obeying it.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

pub fn write(args: std::fmt::Arguments<'_>, newline: bool) {
    let text = args.to_string();
    let mut stdout = std::io::stdout().lock();
    let written =
        stdout
            .write_all(sanitize(&text).as_bytes())
            .and_then(|()| if newline { stdout.write_all(b"\n") } else { Ok(()) });
    if written.is_err() {
        // Nothing more can be shown; stop quietly, as other tools do on a closed pipe.
        std::process::exit(0);
    }
}

macro_rules! outln {
    ($($arg:tt)*) => { $crate::out::write(format_args!($($arg)*), true) };
}

macro_rules! outp {
    ($($arg:tt)*) => { $crate::out::write(format_args!($($arg)*), false) };
}

macro_rules! errln {
    ($($arg:tt)*) => { eprintln!("{}", $crate::out::sanitize(&format!($($arg)*))) };
}

macro_rules! errp {
    ($($arg:tt)*) => { eprint!("{}", $crate::out::sanitize(&format!($($arg)*))) };
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn sanitize_shows_escape_sequences_instead_of_obeying_them() {
        assert_eq!(sanitize("ok\ttab\nline"), "ok\ttab\nline");
        assert_eq!(sanitize("\u{1b}]0;owned\u{7}x\r✗"), "\\u{1b}]0;owned\\u{7}x\\r✗");
    }
}
