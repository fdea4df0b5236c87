//! Reading input files: directories are searched recursively for `*.json`.

use std::path::{Path, PathBuf};

/// A file's text, or a stable code and message for why it could not be read.
pub fn read_text(path: &Path) -> Result<String, (&'static str, String)> {
    let bytes = std::fs::read(path).map_err(|e| {
        let code = if e.kind() == std::io::ErrorKind::NotFound { "io/not-found" } else { "io/read" };
        (code, format!("cannot read `{}`: {}", path.display(), e.to_string().to_lowercase()))
    })?;
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
        if path.is_dir() {
            walk(&path, found);
        } else if path.extension().is_some_and(|e| e == "json") {
            found.push(path);
        }
    }
}
