//! A dialog with a form for a user's, group's or role's fields: path,
//! groups, attached policies, boundary, tags, MFA and password, and a
//! role's maximum session. It sends the page the scenario with the entity
//! rewritten; its policy documents are edited in the part editor.

use super::Command;
use crate::components::dialog::{use_closable, Dialog};
use crate::components::{draft_setter, event_value, field_error};
use crate::entity_draft::{apply, problems, read, EntityDraft, EntityKind};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EntityFormProps {
    pub text: Rc<str>,
    /// The entity: `accounts/0/users/1`.
    pub subject: String,
    pub on_command: Callback<Command>,
}

#[function_component(EntityForm)]
pub fn entity_form(props: &EntityFormProps) -> Html {
    let (open, close) = use_closable();
    let draft = use_state(|| read(&props.text, &props.subject));
    let errors = use_state(Vec::<(&'static str, String)>::new);
    if !*open {
        return html! {};
    }
    let head = |title: String| {
        html! {
            <div class="dialog-head">
                <h2 id="entity-form-title">{ title }</h2>
                <button class="button" onclick={close.reform(|_: MouseEvent| ())}>{"Close"}</button>
            </div>
        }
    };
    let Some(d) = (*draft).clone() else {
        return html! {
            <Dialog labelled_by="entity-form-title" on_close={close.clone()} class="entity-form">
                { head("Fields".into()) }
                <p class="muted">{"This entity is no longer in the scenario as it was; close and open it again."}</p>
            </Dialog>
        };
    };
    let set = |apply: fn(&mut EntityDraft, String)| draft_setter(&draft, apply);
    let error_for = |field: &str| field_error(&errors, field);
    let submit = {
        let (draft, errors, text, subject) = (draft.clone(), errors.clone(), props.text.clone(), props.subject.clone());
        let (on_command, open) = (props.on_command.clone(), open.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(d) = (*draft).clone() else { return };
            let found = problems(&d);
            if !found.is_empty() {
                errors.set(found);
                return;
            }
            match apply(&text, &subject, &d) {
                Ok(text) => {
                    on_command.emit(Command::Replace { text });
                    open.set(false);
                    errors.set(Vec::new());
                }
                Err(problem) => errors.set(vec![problem]),
            }
        })
    };
    let kind = match d.kind {
        EntityKind::User => "User",
        EntityKind::Group => "Group",
        EntityKind::Role => "Role",
    };
    html! {
        <Dialog labelled_by="entity-form-title" on_close={close.clone()} class="entity-form">
            { head(format!("{kind} {}", d.name)) }
            <p class="muted">{"A new name is carried to its references: principal ARNs, steps, trust policies and group memberships. Its policy documents open in the editor."}</p>
            <form onsubmit={submit}>
                <label class="field"><span>{"Name"}</span>
                    <input id="entity-name" value={d.name.clone()} onchange={set(|d, v| d.name = v)} />{ error_for("name") }</label>
                <label class="field"><span>{"Path"}</span>
                    <input value={d.path.clone()} placeholder="/" onchange={set(|d, v| d.path = v)} />{ error_for("path") }</label>
                if d.kind == EntityKind::User {
                    <fieldset class="field"><legend>{"Groups"}</legend>
                        if d.all_groups.is_empty() { <span class="muted">{"The account has no groups."}</span> }
                        { for d.all_groups.iter().map(|g| {
                            let (draft, g2) = (draft.clone(), g.clone());
                            let onchange = Callback::from(move |e: Event| {
                                if let Some(mut next) = (*draft).clone() {
                                    let on = event_value(&e) == "true";
                                    next.groups.retain(|x| *x != g2);
                                    if on { next.groups.push(g2.clone()); }
                                    draft.set(Some(next));
                                }
                            });
                            html! { <label class="check"><input type="checkbox" checked={d.groups.contains(g)} {onchange} />{ format!(" {g}") }</label> }
                        }) }
                    </fieldset>
                }
                <label class="field"><span>{"Attached policies (one a line: a name of this account, or an ARN)"}</span>
                    <textarea rows="3" value={d.policies.clone()} onchange={set(|d, v| d.policies = v)} /></label>
                if d.kind != EntityKind::Group {
                    <label class="field"><span>{"Permissions boundary"}</span>
                        <input value={d.boundary.clone()} onchange={set(|d, v| d.boundary = v)} /></label>
                    <label class="field"><span>{"Tags (key=value, one a line)"}</span>
                        <textarea rows="3" value={d.tags.clone()} onchange={set(|d, v| d.tags = v)} />{ error_for("tags") }</label>
                }
                if d.kind == EntityKind::User {
                    <label class="field check"><input type="checkbox" checked={d.password} onchange={set(|d, v| d.password = v == "true")} />{" Console password"}</label>
                    <label class="field check"><input type="checkbox" checked={d.mfa} onchange={set(|d, v| d.mfa = v == "true")} />{" MFA at sign-in"}</label>
                }
                if d.kind == EntityKind::Role {
                    <label class="field"><span>{"Maximum session (seconds, 3600 to 43200)"}</span>
                        <input value={d.max_session.clone()} placeholder="3600" onchange={set(|d, v| d.max_session = v)} />{ error_for("max_session") }</label>
                }
                <p><button type="submit" class="button primary">{"Apply to the scenario"}</button></p>
            </form>
        </Dialog>
    }
}
