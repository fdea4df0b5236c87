//! The library dialog: the scenarios saved in this browser, with New,
//! Duplicate, Rename, Delete (undoable, and restorable from the bin for 30
//! days) and Open. It runs in the views app and sends the page
//! [`Command`]s.

use super::Command;
use crate::components::dialog::Dialog;
use crate::persist;
use crate::state::library::{Entry, BIN_DAYS};
use yew::prelude::*;

/// What "New scenario" opens: one account, one user, one step to edit.
pub const NEW_SCENARIO: &str = r#"{
  "version": 1,
  "title": "New scenario",
  "description": "Say here what this scenario shows.",
  "accounts": [
    {
      "id": "111111111111",
      "users": [{ "name": "alice" }]
    }
  ],
  "steps": [
    {
      "name": "alice lists the buckets",
      "request": {
        "principal": "arn:aws:iam::111111111111:user/alice",
        "action": "s3:ListAllMyBuckets",
        "resource": "*"
      }
    }
  ]
}
"#;

/// A local time as `2026-11-30 14:05`.
fn when(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Kilobytes, rounded up, without the float formatter.
fn size(bytes: usize) -> String {
    format!("{} KB", bytes.div_ceil(1000))
}

#[derive(Properties, PartialEq)]
pub struct LibraryProps {
    /// The id of the scenario the page shows.
    pub current: String,
    pub on_command: Callback<Command>,
}

/// A scenario just deleted, which Undo brings back.
#[derive(Clone, PartialEq)]
struct Deleted {
    id: String,
    label: String,
    was_open: bool,
}

#[function_component(LibraryDialog)]
pub fn library_dialog(props: &LibraryProps) -> Html {
    let (open, close) = crate::components::dialog::use_closable();
    // Bumped after each change, to read the library again.
    let changed = use_state(|| 0u32);
    let renaming = use_state(|| None::<String>);
    let deleted = use_state(|| None::<Deleted>);
    let problem = use_state(|| None::<String>);
    // The scenario shown in the page, as the commands sent change it.
    let current = use_state(|| props.current.clone());
    if !*open {
        return html! {};
    }
    let library = persist::library();
    let send = {
        let (on_command, open) = (props.on_command.clone(), open.clone());
        Callback::from(move |(command, close): (Command, bool)| {
            on_command.emit(command);
            if close {
                open.set(false);
            }
        })
    };
    let new = send.reform(|_: MouseEvent| (Command::Open { text: NEW_SCENARIO.to_string() }, true));
    let row = |e: &Entry| {
        let id = e.id.clone();
        let is_current = id == *current;
        let open = {
            let (send, problem, id) = (send.clone(), problem.clone(), id.clone());
            Callback::from(move |_| match persist::saved_text(&id) {
                Some(text) => send.emit((Command::Switch { id: id.clone(), text }, true)),
                None => problem.set(Some("That scenario's text is no longer in this browser.".into())),
            })
        };
        let duplicate = {
            let (problem, id, changed) = (problem.clone(), id.clone(), changed.clone());
            Callback::from(move |_| match persist::with_library(|l, shelf| l.duplicate(shelf, &id, persist::now())) {
                Some(_) => changed.set(*changed + 1),
                None => problem
                    .set(Some("This browser would not keep the copy (its storage is full or turned off).".into())),
            })
        };
        let delete = {
            let (send, deleted, current, changed) = (send.clone(), deleted.clone(), current.clone(), changed.clone());
            let (id, label) = (id.clone(), e.label().to_string());
            Callback::from(move |_| {
                if persist::with_library(|l, shelf| l.delete(shelf, &id, persist::now())) {
                    if is_current {
                        // The page shows something else: the welcome example, as a new scenario.
                        send.emit((Command::Open { text: crate::examples::WELCOME.to_string() }, false));
                        current.set(String::new());
                    }
                    deleted.set(Some(Deleted { id: id.clone(), label: label.clone(), was_open: is_current }));
                    changed.set(*changed + 1);
                }
            })
        };
        let name_field = if renaming.as_deref() == Some(id.as_str()) {
            let (renaming, changed, id) = (renaming.clone(), changed.clone(), id.clone());
            let onchange = Callback::from(move |ev: Event| {
                let name = crate::components::event_value(&ev);
                persist::with_library(|l, shelf| l.rename(shelf, &id, &name));
                renaming.set(None);
                changed.set(*changed + 1);
            });
            html! { <input class="rename" value={e.name.clone().unwrap_or_default()} placeholder={e.title.clone()}
            aria-label="New name (empty: the scenario's title)" {onchange} /> }
        } else {
            html! { <span class="entry-name">{ e.label() }</span> }
        };
        let rename = {
            let (renaming, id) = (renaming.clone(), id.clone());
            Callback::from(move |_| renaming.set(Some(id.clone())))
        };
        html! {
            <li class={classes!("library-entry", is_current.then_some("current"))} data-id={id.clone()}>
                { name_field }
                <span class="muted">{ format!("{} · {}", when(e.updated), size(e.bytes)) }{ if is_current { " · open now" } else { "" } }</span>
                <span class="entry-actions">
                    if !is_current { <button class="button" onclick={open}>{"Open"}</button> }
                    <button class="button" onclick={rename}>{"Rename"}</button>
                    <button class="button" onclick={duplicate}>{"Duplicate"}</button>
                    <button class="button" onclick={delete}>{"Delete"}</button>
                </span>
            </li>
        }
    };
    let undo_delete = (*deleted).clone().map(|d| {
        let (send, deleted, current, changed) = (send.clone(), deleted.clone(), current.clone(), changed.clone());
        let label = d.label.clone();
        let undo = Callback::from(move |_| {
            persist::with_library(|l, shelf| l.restore(shelf, &d.id));
            if let Some(text) = persist::saved_text(&d.id).filter(|_| d.was_open) {
                send.emit((Command::Switch { id: d.id.clone(), text }, false));
                current.set(d.id.clone());
            }
            deleted.set(None);
            changed.set(*changed + 1);
        });
        html! {
            <p class="notice" role="status">
                <span>{ format!("Deleted “{label}”. It stays restorable below for {BIN_DAYS} days.") }</span>
                <button class="button" id="undo-delete" onclick={undo}>{"Undo"}</button>
            </p>
        }
    });
    let binned: Vec<&Entry> = library.binned().collect();
    html! {
        <Dialog labelled_by="library-title" on_close={close.clone()} class="library-dialog">
            <div class="dialog-head">
                <h2 id="library-title">{"Your scenarios"}</h2>
                <button class="button primary" id="library-new" onclick={new}>{"New scenario"}</button>
                <button class="button" onclick={close.reform(|_: MouseEvent| ())}>{"Close"}</button>
            </div>
            <p class="muted">{"Saved in this browser only, as you work: nothing is sent anywhere. Clearing this site's data removes them; Export or Share keeps a copy elsewhere. Examples, imports and links open as new scenarios here, so nothing is opened over your work."}</p>
            { undo_delete.unwrap_or_default() }
            if let Some(p) = &*problem { <p class="error" role="alert">{ p }</p> }
            <ul class="library">{ for library.shelved().map(row) }</ul>
            if !binned.is_empty() {
                <h3>{ format!("Recently deleted (kept {BIN_DAYS} days)") }</h3>
                <ul class="library bin">
                    { for binned.into_iter().map(|e| {
                        let (id, changed) = (e.id.clone(), changed.clone());
                        let restore = Callback::from(move |_| {
                            persist::with_library(|l, shelf| l.restore(shelf, &id));
                            changed.set(*changed + 1);
                        });
                        html! {
                            <li class="library-entry">
                                <span class="entry-name">{ e.label() }</span>
                                <span class="muted">{ e.deleted.map(|d| format!("deleted {}", when(d))).unwrap_or_default() }</span>
                                <button class="button" onclick={restore}>{"Restore"}</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_new_scenario_is_valid_and_its_step_runs() {
        let a = crate::analysis::analyse(super::NEW_SCENARIO);
        assert_eq!(a.errors, 0, "{:?}", a.diagnostics);
        assert_eq!(a.results.map(|r| r.len()), Some(1));
    }
}
