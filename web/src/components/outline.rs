//! The scenario as a model: accounts with their users, groups, roles and
//! resources, and the steps. Items jump to their place in the editor and can
//! be added, renamed (with validation), duplicated and deleted.

use super::app::use_store;
use crate::model_edits::{apply, outline, Edit, Entity};
use crate::store::{Action, Notice};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OutlineProps {
    pub text: String,
}

/// The item being renamed: (account, entity, index, draft, error).
type Renaming = Option<(usize, Entity, usize, String, Option<String>)>;

#[function_component(OutlinePanel)]
pub fn outline_panel(props: &OutlineProps) -> Html {
    let Some(store) = use_store() else { return html! {} };
    let renaming = use_state(|| None as Renaming);
    let Some(model) = outline(&props.text) else {
        return html! { <p class="muted outline-empty">{"The outline appears when the scenario is a JSON object."}</p> };
    };
    let edit = |edit: Edit| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| match apply(&store.text, &edit) {
            Ok(text) => store.dispatch(Action::SetText(text)),
            Err(message) => store.dispatch(Action::Notify(Some(Notice::Error(message)))),
        })
    };
    let jump = |span: iam_core::Span| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::Jump(span.lo(), span.hi())))
    };
    let rename_form = |account: usize, entity: Entity, index: usize, draft: &str, error: &Option<String>| {
        let (store, state) = (store.clone(), renaming.clone());
        let draft_now = draft.to_string();
        let on_input = {
            let state = state.clone();
            Callback::from(move |e: InputEvent| {
                let value = e
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                    .map(|i| i.value())
                    .unwrap_or_default();
                state.set(Some((account, entity, index, value, None)));
            })
        };
        let save = {
            let state = state.clone();
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                match apply(&store.text, &Edit::Rename { account, entity, index, name: draft_now.clone() }) {
                    Ok(text) => {
                        store.dispatch(Action::SetText(text));
                        state.set(None);
                    }
                    Err(message) => state.set(Some((account, entity, index, draft_now.clone(), Some(message)))),
                }
            })
        };
        let cancel = Callback::from(move |_: MouseEvent| state.set(None));
        html! {
            <form class="rename" onsubmit={save}>
                <input value={draft.to_string()} oninput={on_input} aria-label={format!("New {} name", entity.label())}
                    aria-invalid={error.is_some().to_string()} />
                <button class="button small primary" type="submit">{"Save"}</button>
                <button class="button small" type="button" onclick={cancel}>{"Cancel"}</button>
                if let Some(error) = error { <span class="form-error" role="alert">{ error }</span> }
            </form>
        }
    };
    html! {
        <details class="outline" open=true>
            <summary>{"Model"}</summary>
            <div class="outline-actions">
                <button class="button small" onclick={edit(Edit::AddAccount)}>{"+ account"}</button>
                <button class="button small" onclick={edit(Edit::AddStep)}>{"+ step"}</button>
            </div>
            { for model.accounts.iter().enumerate().map(|(a, account)| html! {
                <div class="outline-account">
                    <button class="link" onclick={jump(account.span)}>{ format!("Account {}", account.id) }</button>
                    { for account.entities.iter().map(|(entity, items)| {
                        let entity = *entity;
                        html! {
                            <div class="outline-group">
                                <span class="outline-kind">{ format!("{}s", entity.label()) }</span>
                                { for items.iter().enumerate().map(|(i, item)| {
                                    match &*renaming {
                                        Some((ra, re, ri, draft, error)) if *ra == a && *re == entity && *ri == i => rename_form(a, entity, i, draft, error),
                                        _ => {
                                            let state = renaming.clone();
                                            let name = item.name.clone();
                                            let start_rename = Callback::from(move |_: MouseEvent| state.set(Some((a, entity, i, name.clone(), None))));
                                            html! {
                                                <span class="outline-item">
                                                    <button class="link" onclick={jump(item.span)}>{ &item.name }</button>
                                                    <button class="icon" onclick={start_rename} aria-label={format!("Rename {}", item.name)} title="Rename">{"✎"}</button>
                                                    <button class="icon" onclick={edit(Edit::Duplicate { account: a, entity, index: i })} aria-label={format!("Duplicate {}", item.name)} title="Duplicate">{"❏"}</button>
                                                    <button class="icon" onclick={edit(Edit::Delete { account: a, entity, index: i })} aria-label={format!("Delete {}", item.name)} title="Delete">{"✕"}</button>
                                                </span>
                                            }
                                        }
                                    }
                                }) }
                                <button class="button small" onclick={edit(Edit::Add { account: a, entity })} aria-label={format!("Add a {} to account {}", entity.label(), account.id)}>{ format!("+ {}", entity.label()) }</button>
                            </div>
                        }
                    }) }
                </div>
            }) }
            <div class="outline-group">
                <span class="outline-kind">{"steps"}</span>
                { for model.steps.iter().enumerate().map(|(i, step)| html! {
                    <span class="outline-item">
                        <button class="link" onclick={jump(step.span)}>{ format!("{}. {}", i + 1, step.name) }</button>
                        <button class="icon" onclick={edit(Edit::DeleteStep { index: i })} aria-label={format!("Delete step {}", i + 1)} title="Delete">{"✕"}</button>
                    </span>
                }) }
            </div>
        </details>
    }
}
