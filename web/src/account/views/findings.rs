//! The findings of the whole model, by kind, filterable.

use super::{measured, pending, use_reply, Asked};
use crate::account::wire::{Body, FindingView, Request};
use crate::worker::Asker;
use std::rc::Rc;
use yew::prelude::*;

/// Shown at first; the rest one click away (a large account has thousands).
const FIRST: usize = 200;

const KINDS: [&str; 4] = ["error", "security warning", "warning", "suggestion"];

#[derive(Properties, PartialEq)]
pub struct Props {
    pub asker: Asker,
    pub text: Rc<str>,
}

fn item(f: &FindingView) -> Html {
    html! {
        <li class={classes!("finding", f.kind.replace(' ', "-"))} data-code={f.code.clone()}>
            <div class="finding-head">
                <span class="badge">{ f.kind.clone() }</span>
                <code>{ f.code.clone() }</code>
                <span class="finding-subject" title={f.subject.clone()}>{ f.subject.clone() }</span>
            </div>
            <p>{ f.message.clone() }</p>
            if let Some(path) = &f.path {
                <ol class="finding-path" aria-label="The path, step by step">
                    { for path.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
                </ol>
            }
        </li>
    }
}

#[function_component(Findings)]
pub fn findings(props: &Props) -> Html {
    let (asked, ask) = use_reply(props.asker.clone(), props.text.clone());
    let kind = use_state(String::new);
    let filter = use_state(String::new);
    let all = use_state(|| false);
    {
        let ask = ask.clone();
        use_effect_with(props.text.clone(), move |_| ask.emit(Request::Findings));
    }
    if let Some(status) = pending(&asked) {
        return status;
    }
    let Asked::Answered(reply) = &*asked else { return html! {} };
    let Body::Findings(list) = &reply.body else { return html! {} };
    let needle = filter.to_ascii_lowercase();
    // The most serious first; the model's order within a kind.
    let rank = |f: &FindingView| match f.kind.as_str() {
        "error" => 0,
        "security warning" => 1,
        "warning" => 2,
        _ => 3,
    };
    let mut shown: Vec<&FindingView> = list
        .iter()
        .filter(|f| kind.is_empty() || f.kind == *kind)
        .filter(|f| {
            needle.is_empty()
                || f.subject.to_ascii_lowercase().contains(&needle)
                || f.code.contains(&needle)
                || f.message.to_ascii_lowercase().contains(&needle)
        })
        .collect();
    shown.sort_by_key(|f| rank(f));
    let counts: Vec<String> = KINDS
        .iter()
        .filter_map(|k| {
            let n = list.iter().filter(|f| f.kind == *k).count();
            (n > 0).then(|| format!("{n} {k}{}", if n == 1 { "" } else { "s" }))
        })
        .collect();
    let summary = if list.is_empty() {
        "No findings: nothing risky was found in this model.".to_string()
    } else {
        format!("{} finding{}: {}.", list.len(), if list.len() == 1 { "" } else { "s" }, counts.join(", "))
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                kind.set(select.value());
            }
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                filter.set(input.value());
            }
        })
    };
    let limit = if *all { shown.len() } else { FIRST };
    html! {
        <div class="findings" data-findings={list.len().to_string()} data-millis={reply.millis.to_string()}>
            <p role="status">{ summary }</p>
            <p class="muted">{ measured(reply) }</p>
            if !list.is_empty() {
                <div class="account-form">
                    <label>{"Kind "}
                        <select onchange={on_kind}>
                            <option value="" selected={kind.is_empty()}>{"every kind"}</option>
                            { for KINDS.iter().map(|k| html! { <option value={*k} selected={*kind == *k}>{ *k }</option> }) }
                        </select>
                    </label>
                    <label>{"Filter "}
                        <input type="search" value={(*filter).clone()} oninput={on_filter}
                            placeholder="an ARN, a code or a word" />
                    </label>
                </div>
                <ul class="finding-list">
                    { for shown.iter().take(limit).map(|f| item(f)) }
                </ul>
                if shown.len() > limit {
                    <button class="button" onclick={Callback::from(move |_| all.set(true))}>
                        { format!("Show the other {}", shown.len() - limit) }
                    </button>
                }
            }
        </div>
    }
}
