//! Local storage (the library of scenarios) and the URL fragment: the
//! platform side of `crate::state::library`.

use crate::state::library::{self, Library, Shelf};
use gloo::storage::{LocalStorage, Storage};

/// The id of the scenario shown last.
const CURRENT_KEY: &str = "iam-playground.current";

/// The current `#…` fragment, without the `#`.
pub fn fragment() -> String {
    gloo::utils::window().location().hash().unwrap_or_default().trim_start_matches('#').to_string()
}

/// Puts the scenario's share fragment (made by the worker) in the URL, with
/// the selected step and panel, so that a reload or a copied address keeps
/// them, with the AWS data version when it is known.
pub fn set_fragment(link: &str, selection: &str, data_version: Option<&str>) {
    let mut parts: Vec<String> = fragment_flags();
    parts.push(format!("{selection}&{link}"));
    let url = format!("#{}", crate::data_version::with_version(&parts.join("&"), data_version));
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Puts a lesson and its step in the URL, in place of the scenario.
pub fn set_lesson_fragment(fragment: &str) {
    let flags: Vec<String> = fragment_flags().into_iter().filter(|p| !p.starts_with("lesson=")).collect();
    let url = format!("#{}", flags.into_iter().chain([fragment.to_string()]).collect::<Vec<_>>().join("&"));
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Fragment parts other than the scenario and the selection, kept as they are.
fn fragment_flags() -> Vec<String> {
    fragment()
        .split('&')
        .filter(|p| {
            !p.is_empty()
                && !p.starts_with("s1.")
                && !p.starts_with("step=")
                && !p.starts_with("panel=")
                && !p.starts_with("lesson=")
        })
        .map(str::to_string)
        .collect()
}

/// The page address without its fragment, for share links.
pub fn base_url() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or("").to_string()
}

/// `localStorage` as the library's shelf.
struct Local;

impl Shelf for Local {
    fn get(&self, key: &str) -> Option<String> {
        LocalStorage::raw().get_item(key).ok().flatten()
    }
    fn set(&mut self, key: &str, value: &str) -> bool {
        LocalStorage::raw().set_item(key, value).is_ok()
    }
    fn remove(&mut self, key: &str) {
        let _ = LocalStorage::raw().remove_item(key);
    }
    fn keys(&self) -> Vec<String> {
        let storage = LocalStorage::raw();
        let count = storage.length().unwrap_or(0);
        (0..count).filter_map(|i| storage.key(i).ok().flatten()).collect()
    }
}

/// Milliseconds since 1970, from the browser's clock.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// The library as it is saved in this browser.
pub fn library() -> Library {
    Library::load(&mut Local, now())
}

/// Changes the library and keeps the change; what `change` returned.
pub fn with_library<T>(change: impl FnOnce(&mut Library, &mut dyn Shelf) -> T) -> T {
    let mut library = library();
    change(&mut library, &mut Local)
}

/// The text of a saved scenario.
pub fn saved_text(id: &str) -> Option<String> {
    library::text(&Local, id)
}

/// Saves the scenario shown, and remembers it as the one to open next time.
/// `false` when the browser would not keep it.
pub fn save(id: &str, text: &str, title: &str) -> bool {
    let kept = library::save(&mut Local, id, text, title, now()) && Local.set(CURRENT_KEY, id);
    if kept {
        // The scenario kept before the library came is in it now.
        Local.remove(library::OLD_KEY);
    }
    kept
}

/// The scenario last shown and its text; the id is `None` for the scenario
/// kept before the library came, which is saved into it as a new one.
pub fn load_current() -> Option<(Option<String>, String)> {
    match Local.get(CURRENT_KEY) {
        Some(id) => Some((Some(id.clone()), saved_text(&id)?)),
        None => Some((None, Local.get(library::OLD_KEY)?)),
    }
}
