//! Users versus roles, side by side: a user of the model beside a role with
//! the same permissions, each difference a fact of the evaluation.

use super::{pending, short, use_reply, Asked};
use crate::account::wire::{Body, Request};
use crate::worker::Asker;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub asker: Asker,
    pub text: Rc<str>,
    /// The user to compare first (a name or an ARN); empty for the first user.
    #[prop_or_default]
    pub user: String,
}

#[function_component(Compare)]
pub fn compare(props: &Props) -> Html {
    let (asked, ask) = use_reply(props.asker.clone(), props.text.clone());
    let action = use_state(String::new);
    let resource = use_state(String::new);
    {
        let (ask, user) = (ask.clone(), props.user.clone());
        use_effect_with(props.text.clone(), move |_| {
            ask.emit(Request::Compare { user, action: String::new(), resource: String::new() })
        });
    }
    let current = match &*asked {
        Asked::Answered(reply) => match &reply.body {
            Body::Compare(c) => Some(c.clone()),
            _ => None,
        },
        _ => None,
    };
    let on_user = {
        let (ask, action, resource) = (ask.clone(), action.clone(), resource.clone());
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                ask.emit(Request::Compare {
                    user: select.value(),
                    action: (*action).clone(),
                    resource: (*resource).clone(),
                });
            }
        })
    };
    let onsubmit = {
        let (ask, action, resource) = (ask.clone(), action.clone(), resource.clone());
        let user = current.as_ref().map(|c| c.user.clone()).unwrap_or_default();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            ask.emit(Request::Compare { user: user.clone(), action: (*action).clone(), resource: (*resource).clone() });
        })
    };
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                state.set(input.value());
            }
        })
    };
    let body = pending(&asked).unwrap_or_else(|| match &current {
        None => html! {},
        Some(c) => html! {
            <>
            <p role="status">{ format!("{} beside {}, a role given the same policies, which the user assumed as {}. Both asked {} on {}.",
                short(&c.user), short(&c.role), short(&c.session), c.action, c.resource) }</p>
            <table class="compare">
                <thead><tr><th scope="col">{"What"}</th><th scope="col">{ short(&c.user) }</th><th scope="col">{ short(&c.role) }</th></tr></thead>
                <tbody>
                    { for c.facts.iter().map(|(topic, user, role)| html! {
                        <tr class={classes!((user != role).then_some("differs"))}>
                            <th scope="row">{ topic.clone() }</th><td>{ user.clone() }</td><td>{ role.clone() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </>
        },
    });
    html! {
        <div class="compare-view">
            <p class="muted">{"The same permissions on a user and on a role: every row is read from evaluating the same request as each."}</p>
            <form class="account-form" {onsubmit}>
                if let Some(c) = &current {
                    <label>{"User "}
                        <select onchange={on_user}>
                            { for c.users.iter().map(|u| html! { <option value={u.clone()} selected={*u == c.user}>{ short(u) }</option> }) }
                        </select>
                    </label>
                }
                <label>{"Action "}<input value={(*action).clone()} oninput={set(&action)} placeholder="the user's first request" spellcheck="false" /></label>
                <label>{"Resource "}<input value={(*resource).clone()} oninput={set(&resource)} spellcheck="false" /></label>
                <button class="button primary" type="submit">{"Compare"}</button>
            </form>
            { body }
        </div>
    }
}
