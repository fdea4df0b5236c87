//! Messages above the workspace, including "open the link, or keep mine?".

use super::app::use_store;
use crate::store::{Action, Notice};
use yew::prelude::*;

#[function_component(NoticeBar)]
pub fn notice_bar() -> Html {
    let Some(store) = use_store() else { return html! {} };
    let Some(notice) = store.notice.clone() else { return html! {} };
    let dispatch = |action: Action| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(action.clone()))
    };
    match notice {
        Notice::LinkConflict { .. } => html! {
            <div class="notice warn" role="alertdialog" aria-label="Open shared scenario">
                <span>{"This link holds a scenario that differs from your unsaved work."}</span>
                <button class="button primary" id="open-link" onclick={dispatch(Action::ResolveLink(true))}>{"Open the link"}</button>
                <button class="button" id="keep-mine" onclick={dispatch(Action::ResolveLink(false))}>{"Keep mine"}</button>
            </div>
        },
        Notice::Error(message) => html! {
            <div class="notice error" role="alert">
                <span>{ message }</span>
                <button class="button" onclick={dispatch(Action::Notify(None))} aria-label="Dismiss">{"Dismiss"}</button>
            </div>
        },
        Notice::Applied { what } => html! {
            <div class="notice" role="status">
                <span>{"Applied: "}{ super::why::sentence(&what) }</span>
                <button class="button" id="undo-suggestion" onclick={{
                    let store = store.clone();
                    Callback::from(move |_: MouseEvent| {
                        store.dispatch(Action::Undo);
                        store.dispatch(Action::Notify(None));
                    })
                }}>{"Undo"}</button>
                <button class="button" onclick={dispatch(Action::Notify(None))} aria-label="Dismiss">{"Dismiss"}</button>
            </div>
        },
        Notice::Info(message) => html! {
            <div class="notice" role="status">
                <span>{ super::why::sentence(&message) }</span>
                <button class="button" onclick={dispatch(Action::Notify(None))} aria-label="Dismiss">{"Dismiss"}</button>
            </div>
        },
    }
}
