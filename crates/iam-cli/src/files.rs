//! Reading input files: directories are searched recursively for `*.json`.
//! Directory symlinks are not followed (a link loop would never end), and a
//! file larger than the ceiling is that file's error, read no further.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest input file read: 8 MiB, far above AWS's own limits (a
/// scenario of a whole account stays well below it).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The largest account export `import` reads: 64 MiB (a large account's
/// authorization details run to tens of megabytes).
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// A file's text, or a stable code and message for why it could not be read.
pub fn read_text(path: &Path) -> Result<String, (&'static str, String)> {
    read_text_up_to(path, MAX_FILE_BYTES)
}

/// [`read_text`] with another ceiling, in bytes.
pub fn read_text_up_to(path: &Path, limit: u64) -> Result<String, (&'static str, String)> {
    let io_error = |e: std::io::Error| {
        let code = if e.kind() == std::io::ErrorKind::NotFound { "io/not-found" } else { "io/read" };
        (code, format!("cannot read `{}`: {}", path.display(), e.to_string().to_lowercase()))
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let mut bytes = Vec::new();
    // Read one byte past the ceiling, never the whole of a huge file.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err((
            "io/too-large",
            format!("`{}` is larger than {} MiB, the most this tool reads", path.display(), limit >> 20),
        ));
    }
    String::from_utf8(bytes).map_err(|_| ("io/invalid-utf8", format!("`{}` is not UTF-8 text", path.display())))
}

/// Expands each path: a directory becomes its `*.json` files in sorted order;
/// anything else is kept as given (and reported when it cannot be read).
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    out
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        found.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // `file_type` does not follow symlinks: a linked directory is skipped,
        // so a link loop cannot recurse forever. Linked files are still read.
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            walk(&path, found);
        } else if path.extension().is_some_and(|e| e == "json") && (kind.is_file() || path.is_file()) {
            found.push(path);
        }
    }
}
