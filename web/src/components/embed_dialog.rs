//! The Embed dialog: options, and the iframe snippet to paste into documentation.

use super::app::use_store;
use super::event_value;
use crate::embed::{self, parse_panel, EmbedOptions};
use crate::persist;
use crate::store::{Action, Panel};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmbedDialogProps {
    pub steps: usize,
    /// The scenario's share fragment, made by the worker.
    pub link: Option<std::rc::Rc<str>>,
}

#[function_component(EmbedDialog)]
pub fn embed_dialog(props: &EmbedDialogProps) -> Html {
    let Some(store) = use_store() else { return html! {} };
    let options =
        use_state(|| EmbedOptions { readonly: true, step: Some(store.selected_step), panel: Some(Panel::Layers) });
    let Some(scenario) = props.link.clone() else {
        return html! { <div class="overlay" role="dialog" aria-modal="true"><div class="dialog"><p>{"Fix the scenario's JSON to embed it."}</p></div></div> };
    };
    let src = format!("{}#{}", persist::base_url(), embed::fragment(*options, &scenario));
    let snippet = format!(
        "<iframe src=\"{src}\" title=\"IAM Policy Playground\" width=\"100%\" height=\"520\" style=\"border:0\" loading=\"lazy\"></iframe>"
    );
    let close = {
        let store = store.clone();
        Callback::from(move |_: ()| store.dispatch(Action::ToggleEmbedDialog(false)))
    };
    let on_readonly = {
        let options = options.clone();
        Callback::from(move |e: Event| {
            options.set(EmbedOptions { readonly: event_value(&e) == "true", ..*options });
        })
    };
    let on_step = {
        let options = options.clone();
        Callback::from(move |e: Event| {
            options.set(EmbedOptions { step: event_value(&e).parse::<usize>().ok(), ..*options });
        })
    };
    let on_panel = {
        let options = options.clone();
        Callback::from(move |e: Event| {
            options.set(EmbedOptions { panel: parse_panel(&event_value(&e)), ..*options });
        })
    };
    let copy = {
        let snippet = snippet.clone();
        Callback::from(move |_| {
            let _ = gloo::utils::window().navigator().clipboard().write_text(&snippet);
        })
    };
    html! {
        <super::dialog::Dialog labelled_by="embed-title" on_close={close.clone()}>
                <div class="dialog-head">
                    <h2 id="embed-title">{"Embed in your docs"}</h2>
                    <button class="button" onclick={close.reform(|_: MouseEvent| ())}>{"Close"}</button>
                </div>
                <div class="embed-options">
                    <label><input type="checkbox" checked={options.readonly} onchange={on_readonly} />{" Read-only"}</label>
                    <label>{"Open at step "}
                        <select onchange={on_step} aria-label="Step to open">
                            { for (0..props.steps).map(|i| html! { <option value={i.to_string()} selected={options.step == Some(i)}>{ i + 1 }</option> }) }
                        </select>
                    </label>
                    <label>{"Panel "}
                        <select onchange={on_panel} aria-label="Panel to open">
                            { for ["layers", "statements", "trace", "context", "chain"].iter().map(|p| html! {
                                <option value={*p} selected={options.panel.map(embed::panel_name) == Some(*p)}>{ *p }</option>
                            }) }
                        </select>
                    </label>
                </div>
                <textarea class="snippet" readonly=true aria-label="Iframe snippet" value={snippet} />
                <p><button class="button primary" onclick={copy}>{"Copy snippet"}</button></p>
                <p class="muted">{"The page talks to its host through postMessage: send "}<code>{"{type: \"iam-playground:load\", scenario}"}</code>{" or "}<code>{"{type: \"iam-playground:select\", step, panel}"}</code>{"; it answers "}<code>{"iam-playground:ready"}</code>{" and, after every evaluation, "}<code>{"iam-playground:decisions"}</code>{"."}</p>
        </super::dialog::Dialog>
    }
}
