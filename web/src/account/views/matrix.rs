//! Principals against the actions of a service, or against resources for
//! one action. Each cell is a decision of the model; a click opens the
//! steps it amounts to.

use super::{measured, pending, short, use_reply, Asked};
use crate::account::steps::with_steps;
use crate::account::wire::{Body, Request, RowView};
use crate::worker::Asker;
use std::rc::Rc;
use yew::prelude::*;

/// Rows drawn at most (a cell each for every column): the rest are counted.
const MAX_ROWS: usize = 300;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub asker: Asker,
    pub text: Rc<str>,
    pub on_step: Callback<(String, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Actions,
    Resources,
}

fn mark(cell: Option<&str>) -> (&'static str, &'static str, &'static str) {
    match cell {
        Some("allowed") => ("✓", "allowed", "allowed"),
        Some("explicitDeny") => ("⛔", "explicit-deny", "denied by an explicit Deny"),
        Some(_) => ("·", "implicit-deny", "not allowed (no statement allows it)"),
        None => ("?", "unknown", "could not be evaluated"),
    }
}

#[function_component(MatrixView)]
pub fn matrix_view(props: &Props) -> Html {
    let (asked, ask) = use_reply(props.asker.clone(), props.text.clone());
    let mode = use_state(|| Mode::Actions);
    let first = use_state(|| "s3".to_string());
    let second = use_state(|| "*".to_string());
    let problem = use_state(|| None::<String>);
    let onsubmit = {
        let (mode, first, second) = (mode.clone(), first.clone(), second.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            ask.emit(match *mode {
                Mode::Actions => Request::MatrixActions { prefix: (*first).clone(), resource: (*second).clone() },
                Mode::Resources => Request::MatrixResources {
                    action: (*first).clone(),
                    extra: second
                        .split([',', '\n', ' '])
                        .map(str::to_string)
                        .filter(|r| !r.is_empty() && r != "*")
                        .collect(),
                },
            });
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
    let on_mode = {
        let (mode, first, second) = (mode.clone(), first.clone(), second.clone());
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            if select.value() == "resources" {
                mode.set(Mode::Resources);
                first.set("s3:GetObject".into());
                second.set(String::new());
            } else {
                mode.set(Mode::Actions);
                first.set("s3".into());
                second.set("*".into());
            }
        })
    };
    let (first_label, second_label) = match *mode {
        Mode::Actions => ("Service prefix ", "On resource "),
        Mode::Resources => ("Action ", "More resources "),
    };
    let cell = |row: &RowView, (action, resource): &(String, String), value: Option<&str>| {
        let (symbol, class, said) = mark(value);
        let label = format!("{} {action} on {resource}: {said}. Open as steps.", short(&row.principal));
        let open = {
            let (text, on_step, problem) = (props.text.clone(), props.on_step.clone(), problem.clone());
            let (principal, chain, action, resource) =
                (row.principal.clone(), row.chain.clone(), action.clone(), resource.clone());
            Callback::from(move |_| match with_steps(&text, &principal, &chain, &action, &resource) {
                Ok(change) => on_step.emit(change),
                Err(why) => problem.set(Some(why)),
            })
        };
        html! {
            <td class={classes!("cell", class)}>
                <button aria-label={label.clone()} title={label} data-decision={value.unwrap_or("none").to_string()}
                    onclick={open}>{ symbol }</button>
            </td>
        }
    };
    let grid = pending(&asked).unwrap_or_else(|| {
        let Asked::Answered(reply) = &*asked else { return html! {} };
        let Body::Matrix(m) = &reply.body else { return html! {} };
        if m.rows.is_empty() {
            return html! { <p role="status">{"No principal of this model is allowed any of these."}</p> };
        }
        let header = |(action, resource): &(String, String)| match *mode {
            Mode::Actions => action.split_once(':').map_or(action.clone(), |(_, a)| a.to_string()),
            Mode::Resources => resource.clone(),
        };
        let mut notes = vec![format!("{} principal{} shown", m.rows.len(), if m.rows.len() == 1 { "" } else { "s" })];
        if m.other_principals > 0 {
            notes.push(format!("{} others are allowed none of these", m.other_principals));
        }
        if m.other_columns > 0 {
            notes.push(format!("{} columns nobody is allowed are hidden", m.other_columns));
        }
        notes.push(format!("{} requests evaluated as steps", m.evaluated));
        html! {
            <>
            <p role="status" data-matrix-rows={m.rows.len().to_string()} data-matrix-columns={m.columns.len().to_string()}>
                { format!("{}.", notes.join("; ")) }
            </p>
            <p class="muted">{ measured(reply) }</p>
            <div class="matrix-scroll" tabindex="0" aria-label="Decisions, principals by row">
                <table class="matrix">
                    <thead><tr>
                        <th scope="col">{"Principal"}</th>
                        { for m.columns.iter().map(|c| html! { <th scope="col" title={format!("{} on {}", c.0, c.1)}><span>{ header(c) }</span></th> }) }
                    </tr></thead>
                    <tbody>
                        { for m.rows.iter().take(MAX_ROWS).map(|row| html! {
                            <tr>
                                <th scope="row" title={row.principal.clone()}>{ short(&row.principal) }</th>
                                { for m.columns.iter().zip(row.cells.iter()).map(|(c, v)| cell(row, c, v.as_deref())) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if m.rows.len() > MAX_ROWS {
                <p class="muted">{ format!("The first {MAX_ROWS} rows are drawn; {} more are not.", m.rows.len() - MAX_ROWS) }</p>
            }
            <p class="muted">{"✓ allowed · ⛔ denied by an explicit Deny · · not allowed. A cell opens as steps of the scenario, with the role assumptions that reach the principal."}</p>
            </>
        }
    });
    html! {
        <div class="matrix-view">
            <form class="account-form" {onsubmit}>
                <label>{"Columns "}
                    <select onchange={on_mode}>
                        <option value="actions" selected={*mode == Mode::Actions}>{"the actions of a service"}</option>
                        <option value="resources" selected={*mode == Mode::Resources}>{"resources, for one action"}</option>
                    </select>
                </label>
                <label>{ first_label }<input value={(*first).clone()} oninput={set(&first)} spellcheck="false" /></label>
                <label>{ second_label }<input value={(*second).clone()} oninput={set(&second)} spellcheck="false"
                    placeholder={if *mode == Mode::Resources { "ARNs, besides the model's resources" } else { "*" }} /></label>
                <button class="button primary" type="submit">{"Show"}</button>
            </form>
            if let Some(why) = &*problem { <p class="error" role="alert">{ why.clone() }</p> }
            { grid }
        </div>
    }
}
