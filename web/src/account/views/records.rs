//! What the audit trail would show: the CloudTrail-shaped record of each
//! step, filterable by identity, so that "who did this?" has its answer.

use super::{pending, use_reply, Asked};
use crate::account::wire::{Body, RecordView, Request};
use crate::worker::Asker;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub asker: Asker,
    pub text: Rc<str>,
}

fn record(r: &RecordView) -> Html {
    let session = r.issuer.as_ref().map(|issuer| {
        let mfa = if r.mfa == Some(true) { "with MFA" } else { "without MFA" };
        let source = r.source_identity.as_ref().map(|s| format!(", source identity `{s}`")).unwrap_or_default();
        format!("A session issued by {issuer}, {mfa}{source}.")
    });
    html! {
        <li class={classes!("record", r.error.is_some().then_some("denied"))} data-identity-type={r.identity_type.clone()}>
            <div class="finding-head">
                <span class="badge">{ r.identity_type.clone() }</span>
                <code class="finding-subject">{ r.who.clone() }</code>
            </div>
            <p>
                { format!("Step {} ({}) at {}: {}", r.step + 1, r.step_name, r.time, r.event) }
                if let Some(key) = &r.access_key { { format!(", key {key}") } }
                if let Some(account) = &r.recipient_account { { format!(", recorded in account {account}") } }
                {"."}
            </p>
            if let Some(s) = session { <p class="muted">{ s }</p> }
            if let Some(e) = &r.error { <p class="error">{ e.clone() }</p> }
            if let Some(id) = &r.shared_event_id {
                <p class="muted">{ format!("Recorded in both accounts with shared event id {id}.") }</p>
            }
            <details>
                <summary>{"The record"}</summary>
                <pre class="record-json">{ r.json.clone() }</pre>
            </details>
        </li>
    }
}

#[function_component(Records)]
pub fn records(props: &Props) -> Html {
    let (asked, ask) = use_reply(props.asker.clone(), props.text.clone());
    let who = use_state(String::new);
    {
        let ask = ask.clone();
        use_effect_with(props.text.clone(), move |_| ask.emit(Request::Records));
    }
    if let Some(status) = pending(&asked) {
        return status;
    }
    let Asked::Answered(reply) = &*asked else { return html! {} };
    let Body::Records(list) = &reply.body else { return html! {} };
    let mut identities: Vec<&str> = list.iter().map(|r| r.who.as_str()).collect();
    identities.sort_unstable();
    identities.dedup();
    let on_who = {
        let who = who.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                who.set(select.value());
            }
        })
    };
    let steps = list.iter().map(|r| r.step).collect::<std::collections::BTreeSet<_>>().len();
    let shown: Vec<&RecordView> = list.iter().filter(|r| who.is_empty() || r.who == *who).collect();
    html! {
        <div class="records" data-records={list.len().to_string()}>
            <p class="muted">{"These are modelled records, not real logs: ids and access keys are derived from the model, the source IP is the step's (none when it gives none), and the user agent says so."}</p>
            <p role="status">{ format!("{} record{} for {steps} step{}.", list.len(), if list.len() == 1 { "" } else { "s" },
                if steps == 1 { "" } else { "s" }) }</p>
            <div class="account-form">
                <label>{"Identity "}
                    <select onchange={on_who}>
                        <option value="" selected={who.is_empty()}>{"everyone"}</option>
                        { for identities.iter().map(|i| html! { <option value={i.to_string()} selected={*who == *i}>{ *i }</option> }) }
                    </select>
                </label>
            </div>
            <ul class="finding-list">{ for shown.iter().map(|r| record(r)) }</ul>
        </div>
    }
}
