//! Writing to stdout without panicking when the reader has gone away
//! (e.g. `iam-playground eval-request … | head`).

use std::io::Write;

pub fn write(args: std::fmt::Arguments<'_>, newline: bool) {
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_fmt(args).and_then(|()| if newline { stdout.write_all(b"\n") } else { Ok(()) });
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
