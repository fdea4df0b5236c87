//! Local storage and the URL fragment. Only the app shell calls these.

use gloo::storage::{LocalStorage, Storage};

const KEY: &str = "iam-playground.scenario";

pub fn load_saved() -> Option<String> {
    LocalStorage::get::<String>(KEY).ok()
}

pub fn save(text: &str) {
    // Storage can be full or disabled (private windows); the work stays in memory then.
    let _ = LocalStorage::set(KEY, text);
}

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

/// Fragment parts other than the scenario and the selection, kept as they are.
fn fragment_flags() -> Vec<String> {
    fragment()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("s1.") && !p.starts_with("step=") && !p.starts_with("panel="))
        .map(str::to_string)
        .collect()
}

/// The page address without its fragment, for share links.
pub fn base_url() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or("").to_string()
}
