//! A form for the selected step: who acts (picked from the model, including
//! sessions of earlier steps), what, when and where, extra context as a
//! key/value table, and the expected outcome.

use super::app::use_store;
use super::event_value;
use crate::step_draft::{principal_choices, problems, read, role_choices, write, StepDraft};
use crate::store::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StepFormProps {
    pub index: usize,
}

#[function_component(StepForm)]
pub fn step_form(props: &StepFormProps) -> Html {
    let Some(store) = use_store() else { return html! {} };
    let draft = use_state(|| read(&store.text, props.index));
    let errors = use_state(Vec::<(&'static str, String)>::new);
    {
        let (draft, errors, text) = (draft.clone(), errors.clone(), store.text.clone());
        use_effect_with(props.index, move |index| {
            draft.set(read(&text, *index));
            errors.set(Vec::new());
        });
    }
    let Some(d) = (*draft).clone() else {
        return html! { <p class="muted">{"Service and web-identity steps are edited in the JSON editor."}</p> };
    };
    let set = |apply: fn(&mut StepDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            if let Some(mut next) = (*draft).clone() {
                apply(&mut next, event_value(&e));
                draft.set(Some(next));
            }
        })
    };
    let error_for = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| html! { <span class="form-error" role="alert">{ m.clone() }</span> })
    };
    let field = |label: &'static str, name: &'static str, value: &str, apply: fn(&mut StepDraft, String)| {
        html! {
            <label class="field">
                <span>{ label }</span>
                <input value={value.to_string()} onchange={set(apply)} aria-invalid={errors.iter().any(|(f, _)| *f == name).to_string()} />
                { error_for(name).unwrap_or_default() }
            </label>
        }
    };
    let principals = principal_choices(&store.text, props.index);
    let roles = role_choices(&store.text);
    let apply = {
        let (store, draft, errors, index) = (store.clone(), draft.clone(), errors.clone(), props.index);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(d) = (*draft).clone() else { return };
            let found = problems(&d);
            if found.is_empty() {
                if let Some(text) = write(&store.text, index, &d) {
                    store.dispatch(Action::SetText(text));
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
        <details class="step-form">
            <summary>{ format!("Edit step {}", props.index + 1) }</summary>
            <form onsubmit={apply}>
                { field("Name", "name", &d.name, |d, v| d.name = v) }
                <label class="field">
                    <span>{"Kind"}</span>
                    <select onchange={set(|d, v| d.assume = v == "assume")} aria-label="Kind of step">
                        <option value="request" selected={!d.assume}>{"request"}</option>
                        <option value="assume" selected={d.assume}>{"sts:AssumeRole"}</option>
                    </select>
                </label>
                <label class="field">
                    <span>{ if d.assume { "Caller" } else { "Principal" } }</span>
                    <select onchange={set(|d, v| d.principal = v)} aria-label="Principal">
                        { for principals.iter().chain(std::iter::once(&d.principal).filter(|p| !principals.contains(p))).map(|p| html! {
                            <option value={p.clone()} selected={*p == d.principal}>{ p }</option>
                        }) }
                    </select>
                    { error_for("principal").unwrap_or_default() }
                </label>
                if d.assume {
                    <label class="field">
                        <span>{"Role"}</span>
                        <select onchange={set(|d, v| d.role = v)} aria-label="Role">
                            <option value="" selected={d.role.is_empty()}>{"choose a role"}</option>
                            { for roles.iter().map(|r| html! { <option value={r.clone()} selected={*r == d.role}>{ r }</option> }) }
                        </select>
                        { error_for("role").unwrap_or_default() }
                    </label>
                    { field("Session name", "session_name", &d.session_name, |d, v| d.session_name = v) }
                    { field("Duration (seconds)", "duration", &d.duration, |d, v| d.duration = v) }
                    { field("Id (for session:<id>)", "id", &d.id, |d, v| d.id = v) }
                    <label class="field check"><input type="checkbox" checked={d.mfa} onchange={set(|d, v| d.mfa = v == "true")} />{" MFA passed"}</label>
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
                { error_for("context").unwrap_or_default() }
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
        </details>
    }
}
