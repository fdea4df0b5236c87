//! The editing keys of the editor: Tab indents, Shift+Tab outdents, Enter
//! keeps the indentation, all through the browser's own text insertion.

use iam_core::LineIndex;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Inserts text at the selection the way typing does (undoable).
pub(crate) fn insert_text(text: &str) -> bool {
    gloo::utils::document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.exec_command_with_show_ui_and_value("insertText", false, text).ok())
        .unwrap_or(false)
}

/// The indentation of the line holding UTF-16 offset `at`.
fn line_indent(value: &str, at: u32) -> String {
    let index = LineIndex::new(value);
    let byte = index.byte_offset_of_utf16(usize::try_from(at).unwrap_or(0));
    let line_start = value.get(..byte).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1);
    value.get(line_start..).unwrap_or("").chars().take_while(|c| *c == ' ').collect()
}

/// Handles editing keys. After Escape, Tab moves focus as usual, so the
/// editor never traps keyboard users.
pub(super) fn on_keydown(e: KeyboardEvent, escaped: &UseStateHandle<bool>) {
    if e.key() == "Escape" {
        escaped.set(true);
        return;
    }
    if **escaped {
        escaped.set(false);
        if e.key() == "Tab" {
            return;
        }
    }
    let Some(area) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) else { return };
    let value = area.value();
    let start = area.selection_start().ok().flatten().unwrap_or(0);
    match (e.key().as_str(), e.shift_key()) {
        ("Tab", false) => {
            e.prevent_default();
            insert_text("  ");
        }
        ("Tab", true) => {
            e.prevent_default();
            let indent = line_indent(&value, start).len();
            if indent > 0 {
                let index = LineIndex::new(&value);
                let byte = index.byte_offset_of_utf16(usize::try_from(start).unwrap_or(0));
                let line_start = value.get(..byte).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1);
                let from = u32::try_from(index.utf16_offset(line_start)).unwrap_or(0);
                let _ = area.set_selection_range(from, from + u32::try_from(indent.min(2)).unwrap_or(0));
                insert_text("");
            }
        }
        ("Enter", false) => {
            let indent = line_indent(&value, start);
            let before = value.encode_utf16().take(usize::try_from(start).unwrap_or(0)).collect::<Vec<u16>>();
            let opens = String::from_utf16_lossy(&before).trim_end().ends_with(['{', '[']);
            let extra = if opens { "  " } else { "" };
            e.prevent_default();
            insert_text(&format!("\n{indent}{extra}"));
        }
        _ => {}
    }
}
