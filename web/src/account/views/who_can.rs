//! Who can do an action on a resource: each principal with its chain and
//! the statements that allowed it, and the steps it amounts to.

use super::{measured, pending, short, use_reply, Asked};
use crate::account::steps::with_steps;
use crate::account::wire::{Body, LinkView, Request};
use crate::worker::Asker;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub asker: Asker,
    pub text: Rc<str>,
    pub on_step: Callback<(String, usize)>,
}

/// "user/bob assumes role/BreakGlass (with MFA)".
pub fn link_sentence(l: &LinkView) -> String {
    let with = if l.with.is_empty() { String::new() } else { format!(" (with {})", l.with.join(", ")) };
    format!("{} assumes {}{with}", short(&l.from), short(&l.role))
}

fn value(e: &InputEvent) -> Option<String> {
    e.target_dyn_into::<web_sys::HtmlInputElement>().map(|i| i.value())
}

#[function_component(WhoCan)]
pub fn who_can(props: &Props) -> Html {
    let (asked, ask) = use_reply(props.asker.clone(), props.text.clone());
    let action = use_state(|| "s3:GetObject".to_string());
    let resource = use_state(|| "*".to_string());
    let problem = use_state(|| None::<String>);
    let onsubmit = {
        let (action, resource) = (action.clone(), resource.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            ask.emit(Request::WhoCan { action: (*action).clone(), resource: (*resource).clone() });
        })
    };
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = value(&e) {
                state.set(v);
            }
        })
    };
    let answer = pending(&asked).unwrap_or_else(|| {
        let Asked::Answered(reply) = &*asked else { return html! {} };
        let Body::WhoCan(list) = &reply.body else { return html! {} };
        let summary = match list.len() {
            0 => format!("No principal of this model can do {} on {}.", *action, *resource),
            1 => "1 principal can do it.".to_string(),
            n => format!("{n} principals can do it."),
        };
        html! {
            <>
            <p role="status" data-who-can={list.len().to_string()}>{ summary }</p>
            <p class="muted">{ measured(reply) }</p>
            <ul class="reach-list">
                { for list.iter().map(|r| {
                    let open = {
                        let (text, on_step, problem) = (props.text.clone(), props.on_step.clone(), problem.clone());
                        let (r, action, resource) = (r.clone(), (*action).clone(), (*resource).clone());
                        Callback::from(move |_| match with_steps(&text, &r.principal, &r.chain, &action, &resource) {
                            Ok(change) => on_step.emit(change),
                            Err(why) => problem.set(Some(why)),
                        })
                    };
                    html! {
                        <li class="reach">
                            <code title={r.principal.clone()}>{ r.principal.clone() }</code>
                            if !r.chain.is_empty() {
                                <ol class="chain-list">{ for r.chain.iter().map(|l| html! { <li>{ link_sentence(l) }</li> }) }</ol>
                            }
                            <p class="muted">{ format!("Allowed by {}.", r.deciding.join(", ")) }</p>
                            <button class="button" onclick={open}>{"Open as steps"}</button>
                        </li>
                    }
                }) }
            </ul>
            </>
        }
    });
    html! {
        <div class="who-can">
            <form class="account-form" {onsubmit}>
                <label>{"Action "}<input value={(*action).clone()} oninput={set(&action)} spellcheck="false" /></label>
                <label>{"Resource "}<input value={(*resource).clone()} oninput={set(&resource)} spellcheck="false" /></label>
                <button class="button primary" type="submit">{"Who can?"}</button>
            </form>
            <p class="muted">{"Users, roles they can reach by assuming roles (with MFA or an ExternalId where a trust policy asks for them), and roles that services assume."}</p>
            if let Some(why) = &*problem { <p class="error" role="alert">{ why.clone() }</p> }
            { answer }
        </div>
    }
}
