//! A dialog with a form for one step: who acts (picked from the model,
//! including sessions of earlier steps), what, when and where, extra context
//! as a key/value table, and the expected outcome. It runs in the views app
//! and sends the page the edited scenario.

use super::Command;
use crate::components::dialog::Dialog;
use crate::components::{draft_setter, event_value, field_error};
use crate::step_draft::{principal_choices, problems, read, role_choices, write, StepDraft, StepKind, SERVICES};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StepFormProps {
    /// The scenario shown in the page.
    pub text: Rc<str>,
    pub index: usize,
    pub on_command: Callback<Command>,
}

#[function_component(StepForm)]
pub fn step_form(props: &StepFormProps) -> Html {
    let (open, close) = crate::components::dialog::use_closable();
    let draft = use_state(|| read(&props.text, props.index));
    let errors = use_state(Vec::<(&'static str, String)>::new);
    if !*open {
        return html! {};
    }
    let title = format!("Edit step {}", props.index + 1);
    let Some(d) = (*draft).clone() else {
        return html! {
            <Dialog labelled_by="step-form-title" on_close={close.clone()} class="step-form">
                <div class="dialog-head">
                    <h2 id="step-form-title">{ title }</h2>
                    <button class="button" onclick={close.reform(|_: MouseEvent| ())}>{"Close"}</button>
                </div>
                <p class="muted">{"Service and web-identity steps are edited in the JSON editor."}</p>
            </Dialog>
        };
    };
    let set = |apply: fn(&mut StepDraft, String)| draft_setter(&draft, apply);
    let error_for = |field: &str| field_error(&errors, field);
    let field = |label: &'static str, name: &'static str, value: &str, apply: fn(&mut StepDraft, String)| {
        html! {
            <label class="field">
                <span>{ label }</span>
                <input value={value.to_string()} onchange={set(apply)} aria-invalid={errors.iter().any(|(f, _)| *f == name).to_string()} />
                { error_for(name) }
            </label>
        }
    };
    let who: Vec<String> = match d.kind {
        StepKind::Service => SERVICES.iter().map(|s| s.to_string()).collect(),
        _ => principal_choices(&props.text, props.index),
    };
    let roles = role_choices(&props.text);
    let apply = {
        let (draft, errors, index, text) = (draft.clone(), errors.clone(), props.index, props.text.clone());
        let (on_command, open) = (props.on_command.clone(), open.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(d) = (*draft).clone() else { return };
            let found = problems(&d);
            if found.is_empty() {
                if let Some(text) = write(&text, index, &d) {
                    on_command.emit(Command::Edit { text, step: index });
                    open.set(false);
                }
            }
            errors.set(found);
        })
    };
    let context_rows = d.context.iter().enumerate().map(|(i, (key, value))| {
        let edit = |is_key: bool| {
            let draft = draft.clone();
            Callback::from(move |e: Event| {
                if let Some(mut next) = (*draft).clone() {
                    if let Some(row) = next.context.get_mut(i) {
                        if is_key { row.0 = event_value(&e) } else { row.1 = event_value(&e) }
                    }
                    draft.set(Some(next));
                }
            })
        };
        let remove = {
            let draft = draft.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(mut next) = (*draft).clone() {
                    if i < next.context.len() {
                        next.context.remove(i);
                    }
                    draft.set(Some(next));
                }
            })
        };
        html! {
            <tr>
                <td><input value={key.clone()} onchange={edit(true)} aria-label={format!("Context key {}", i + 1)} /></td>
                <td><input value={value.clone()} onchange={edit(false)} aria-label={format!("Context value {}", i + 1)} /></td>
                <td><button type="button" class="icon" onclick={remove} aria-label={format!("Remove context row {}", i + 1)}>{"✕"}</button></td>
            </tr>
        }
    });
    let add_row = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(mut next) = (*draft).clone() {
                next.context.push((String::new(), String::new()));
                draft.set(Some(next));
            }
        })
    };
    html! {
        <Dialog labelled_by="step-form-title" on_close={close.clone()} class="step-form">
            <div class="dialog-head">
                <h2 id="step-form-title">{ title }</h2>
                <button class="button" onclick={close.reform(|_: MouseEvent| ())}>{"Close"}</button>
            </div>
            <form onsubmit={apply}>
                { field("Name", "name", &d.name, |d, v| d.name = v) }
                <label class="field">
                    <span>{"Kind"}</span>
                    <select onchange={set(|d, v| {
                        let kind = StepKind::from_id(&v);
                        // A service or a provider is not a user: start from a valid one.
                        match kind {
                            StepKind::Service if !d.principal.ends_with(".amazonaws.com") => d.principal = SERVICES[0].into(),
                            StepKind::WebIdentity if !d.principal.contains(":oidc-provider/") => d.principal.clear(),
                            StepKind::Request | StepKind::Assume if d.kind == StepKind::Service || d.kind == StepKind::WebIdentity => d.principal.clear(),
                            _ => {}
                        }
                        d.kind = kind;
                    })} aria-label="Kind of step">
                        { for StepKind::ALL.iter().map(|k| html! { <option value={k.id()} selected={d.kind == *k}>{ k.label() }</option> }) }
                    </select>
                </label>
                if d.kind == StepKind::WebIdentity {
                    { field("OIDC provider (ARN)", "principal", &d.principal, |d, v| d.principal = v) }
                    <p class="muted">{"The token's claims are edited in the JSON editor; they are kept as written."}</p>
                } else {
                    <label class="field">
                        <span>{ match d.kind { StepKind::Request => "Principal", StepKind::Service => "Service", _ => "Caller" } }</span>
                        <select onchange={set(|d, v| d.principal = v)} aria-label="Principal">
                            if d.principal.is_empty() { <option value="" selected=true>{"choose who acts"}</option> }
                            { for who.iter().chain(std::iter::once(&d.principal).filter(|p| !p.is_empty() && !who.contains(p))).map(|p| html! {
                                <option value={p.clone()} selected={*p == d.principal}>{ p }</option>
                            }) }
                        </select>
                        { error_for("principal") }
                    </label>
                }
                if d.kind != StepKind::Request {
                    <label class="field">
                        <span>{"Role"}</span>
                        <select onchange={set(|d, v| d.role = v)} aria-label="Role">
                            <option value="" selected={d.role.is_empty()}>{"choose a role"}</option>
                            { for roles.iter().map(|r| html! { <option value={r.clone()} selected={*r == d.role}>{ r }</option> }) }
                        </select>
                        { error_for("role") }
                    </label>
                    { field("Session name", "session_name", &d.session_name, |d, v| d.session_name = v) }
                    if d.kind == StepKind::Service {
                        { field("Source ARN (the function or instance)", "resource", &d.resource, |d, v| d.resource = v) }
                    } else {
                        { field("Duration (seconds)", "duration", &d.duration, |d, v| d.duration = v) }
                    }
                    { field("Id (for session:<id>)", "id", &d.id, |d, v| d.id = v) }
                    if d.kind == StepKind::Assume {
                        <label class="field check"><input type="checkbox" checked={d.mfa} onchange={set(|d, v| d.mfa = v == "true")} />{" MFA passed"}</label>
                    }
                } else {
                    { field("Action", "action", &d.action, |d, v| d.action = v) }
                    { field("Resource", "resource", &d.resource, |d, v| d.resource = v) }
                }
                { field("Time", "time", &d.time, |d, v| d.time = v) }
                { field("Region", "region", &d.region, |d, v| d.region = v) }
                { field("Source IP", "source_ip", &d.source_ip, |d, v| d.source_ip = v) }
                <table class="context-edit">
                    <thead><tr><th>{"context key"}</th><th>{"value"}</th><th></th></tr></thead>
                    <tbody>{ for context_rows }</tbody>
                </table>
                { error_for("context") }
                <button type="button" class="button small" onclick={add_row}>{"+ context key"}</button>
                <label class="field">
                    <span>{"Expected"}</span>
                    <select onchange={set(|d, v| d.expect = v)} aria-label="Expected outcome">
                        { for ["", "allowed", "explicitDeny", "implicitDeny", "error"].iter().map(|o| html! {
                            <option value={*o} selected={d.expect == *o}>{ if o.is_empty() { "no expectation" } else { o } }</option>
                        }) }
                    </select>
                </label>
                <p><button type="submit" class="button primary">{"Apply to the scenario"}</button></p>
            </form>
        </Dialog>
    }
}
