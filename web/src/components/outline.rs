//! The scenario as a model: the organization (SCPs, RCPs, OUs), accounts with
//! their users, groups, roles, resources and policies, and the steps. Items
//! jump to their place in the editor and can be added, renamed (validated),
//! duplicated and deleted.

use super::app::use_store;
use super::more::{more_button, use_page_limit};
use crate::model_edits::{self, outline_of, Edit, Entity};
use crate::named_edits::{self, org_outline_of, NamedEdit, PolicySet};
use crate::store::{Action, ManagedView, Notice};
use iam_core::Span;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OutlineProps {
    /// Shared, so that a render copies no text (a large one is the
    /// evaluated text, unchanged while typing).
    pub text: crate::state::text::Text,
}

/// What an outline row stands for, and so how it is edited.
#[derive(Debug, Clone, PartialEq)]
enum Row {
    Account(usize),
    Entity(usize, Entity, usize),
    Policy(PolicySet, String),
    Unit(usize),
    Step(usize),
}

impl Row {
    fn rename(&self, text: &str, name: String) -> Result<String, String> {
        match self {
            Row::Account(account) => model_edits::apply(text, &Edit::RenameAccount { account: *account, id: name }),
            Row::Entity(account, entity, index) => {
                model_edits::apply(text, &Edit::Rename { account: *account, entity: *entity, index: *index, name })
            }
            Row::Policy(set, old) => named_edits::apply(text, &NamedEdit::Rename(*set, old.clone(), name)),
            Row::Unit(i) => named_edits::apply(text, &NamedEdit::RenameUnit(*i, name)),
            Row::Step(_) => Err("Rename steps in the step form.".into()),
        }
    }

    fn duplicate(&self, text: &str) -> Option<Result<String, String>> {
        match self {
            Row::Account(account) => Some(model_edits::apply(text, &Edit::DuplicateAccount { account: *account })),
            Row::Entity(account, entity, index) => {
                Some(model_edits::apply(text, &Edit::Duplicate { account: *account, entity: *entity, index: *index }))
            }
            Row::Policy(set, name) => Some(named_edits::apply(text, &NamedEdit::Duplicate(*set, name.clone()))),
            Row::Unit(i) => Some(named_edits::apply(text, &NamedEdit::DuplicateUnit(*i))),
            Row::Step(_) => None,
        }
    }

    fn delete(&self, text: &str) -> Result<String, String> {
        match self {
            Row::Account(account) => model_edits::apply(text, &Edit::DeleteAccount { account: *account }),
            Row::Entity(account, entity, index) => {
                model_edits::apply(text, &Edit::Delete { account: *account, entity: *entity, index: *index })
            }
            Row::Policy(set, name) => named_edits::apply(text, &NamedEdit::Delete(*set, name.clone())),
            Row::Unit(i) => named_edits::apply(text, &NamedEdit::DeleteUnit(*i)),
            Row::Step(i) => model_edits::apply(text, &Edit::DeleteStep { index: *i }),
        }
    }

    fn renamable(&self) -> bool {
        !matches!(self, Row::Step(_))
    }
}

/// An edit of the scenario text, or why it cannot be made.
type TextEdit = Box<dyn Fn(&str) -> Result<String, String>>;

/// The row being renamed, its draft and the last validation error.
type Renaming = Option<(Row, String, Option<String>)>;

#[function_component(OutlinePanel)]
pub fn outline_panel(props: &OutlineProps) -> Html {
    let Some(store) = use_store() else { return html! {} };
    let renaming = use_state(|| None as Renaming);
    let limit = use_page_limit();
    // One reading of the text for both outlines, again only when it changes.
    let outlines = use_memo(props.text.clone(), |text| {
        iam_core::document::parse(text, iam_core::DocId(0))
            .0
            .and_then(|root| Some((outline_of(&root)?, org_outline_of(&root), aws_managed_named(&root))))
    });
    let Some((model, org, aws_managed)) = &*outlines else {
        return html! { <p class="muted outline-empty">{"The outline appears when the scenario is a JSON object."}</p> };
    };
    let run = |f: TextEdit| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| match f(&store.text) {
            Ok(text) => store.dispatch(Action::SetText(text)),
            Err(message) => store.dispatch(Action::Notify(Some(Notice::Error(message)))),
        })
    };
    let jump = |span: Span| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::Focus(span.lo(), span.hi())))
    };
    let compare = |user: &str| {
        let (store, user) = (store.clone(), user.to_string());
        Callback::from(move |_: MouseEvent| crate::on_demand::launch::open(&store, "compare", &user))
    };
    let row = |row: Row, label: &str, span: Span| -> Html {
        if let Some((editing, draft, error)) = &*renaming {
            if *editing == row {
                let (store, state) = (store.clone(), renaming.clone());
                let on_input = {
                    let (state, row) = (state.clone(), row.clone());
                    Callback::from(move |e: InputEvent| {
                        let value = super::event_value(&e);
                        state.set(Some((row.clone(), value, None)));
                    })
                };
                let save = {
                    let (state, row, draft) = (state.clone(), row.clone(), draft.clone());
                    Callback::from(move |e: SubmitEvent| {
                        e.prevent_default();
                        match row.rename(&store.text, draft.clone()) {
                            Ok(text) => {
                                store.dispatch(Action::SetText(text));
                                state.set(None);
                            }
                            Err(message) => state.set(Some((row.clone(), draft.clone(), Some(message)))),
                        }
                    })
                };
                let cancel = Callback::from(move |_: MouseEvent| state.set(None));
                return html! {
                    <form class="rename" onsubmit={save}>
                        <input value={draft.clone()} oninput={on_input} aria-label="New name" aria-invalid={error.is_some().to_string()} />
                        <button class="button small primary" type="submit">{"Save"}</button>
                        <button class="button small" type="button" onclick={cancel}>{"Cancel"}</button>
                        if let Some(error) = error { <span class="form-error" role="alert">{ error.clone() }</span> }
                    </form>
                };
            }
        }
        let start = {
            let (state, row, label) = (renaming.clone(), row.clone(), label.to_string());
            Callback::from(move |_: MouseEvent| state.set(Some((row.clone(), label.clone(), None))))
        };
        let dup = {
            let row = row.clone();
            row.duplicate("")
                .is_some()
                .then(|| run(Box::new(move |t| row.duplicate(t).unwrap_or_else(|| Err("Cannot duplicate.".into())))))
        };
        let delete = {
            let row = row.clone();
            run(Box::new(move |t| row.delete(t)))
        };
        html! {
            <span class="outline-item">
                <button class="link" onclick={jump(span)}>{ label.to_string() }</button>
                if row.renamable() { <button class="icon" onclick={start} aria-label={format!("Rename {label}")} title="Rename">{"✎"}</button> }
                if let Some(dup) = dup { <button class="icon" onclick={dup} aria-label={format!("Duplicate {label}")} title="Duplicate">{"❏"}</button> }
                <button class="icon" onclick={delete} aria-label={format!("Delete {label}")} title="Delete">{"✕"}</button>
                if let Row::Entity(_, Entity::User, _) = row {
                    <button class="icon" onclick={compare(label)} aria-label={format!("Compare {label} with a role")} title="Compare with a role">{"⇄"}</button>
                }
            </span>
        }
    };
    let add = |label: &'static str, aria: String, edit: TextEdit| {
        html! {
            <button class="button small" onclick={run(edit)} aria-label={aria}>{ label }</button>
        }
    };
    let organization = if org.present {
        html! {
            <div class="outline-account">
                <span class="outline-title">{"Organization"}</span>
                <div class="outline-group">
                    <span class="outline-kind">{"SCPs"}</span>
                    { for org.scps.iter().take(*limit).map(|p| row(Row::Policy(PolicySet::Scps, p.name.clone()), &p.name, p.span)) }
                    { more_button(&limit, org.scps.len(), "SCPs") }
                    { add("+ SCP", "Add a service control policy".into(), Box::new(|t| named_edits::apply(t, &NamedEdit::Add(PolicySet::Scps)))) }
                </div>
                <div class="outline-group">
                    <span class="outline-kind">{"RCPs"}</span>
                    { for org.rcps.iter().take(*limit).map(|p| row(Row::Policy(PolicySet::Rcps, p.name.clone()), &p.name, p.span)) }
                    { more_button(&limit, org.rcps.len(), "RCPs") }
                    { add("+ RCP", "Add a resource control policy".into(), Box::new(|t| named_edits::apply(t, &NamedEdit::Add(PolicySet::Rcps)))) }
                </div>
                <div class="outline-group">
                    <span class="outline-kind">{"OUs"}</span>
                    { for org.units.iter().enumerate().take(*limit).map(|(i, u)| row(Row::Unit(i), &u.name, u.span)) }
                    { more_button(&limit, org.units.len(), "OUs") }
                    { add("+ OU", "Add an organizational unit".into(), Box::new(|t| named_edits::apply(t, &NamedEdit::AddUnit))) }
                </div>
            </div>
        }
    } else {
        add(
            "+ organization",
            "Add an organization".into(),
            Box::new(|t| named_edits::apply(t, &NamedEdit::AddOrganization)),
        )
    };
    html! {
        <details class="outline" open=true>
            <summary>{"Model"}</summary>
            <div class="outline-actions">
                { add("+ account", "Add an account".into(), Box::new(|t| model_edits::apply(t, &Edit::AddAccount))) }
                <button class="button small" id="add-step" aria-label="Add a step acting as the selected one" onclick={{
                    let store = store.clone();
                    Callback::from(move |_: MouseEvent| {
                        let from = Some(store.selected_step);
                        match model_edits::apply(&store.text, &Edit::AddStep { from }) {
                            Ok(text) => {
                                let count = model_edits::outline(&text).map_or(0, |o| o.steps.len());
                                store.dispatch(Action::SetText(text));
                                store.dispatch(Action::SelectStep(count.saturating_sub(1)));
                            }
                            Err(message) => store.dispatch(Action::Notify(Some(Notice::Error(message)))),
                        }
                    })
                }}>{"+ step"}</button>
            </div>
            { organization }
            { for model.accounts.iter().enumerate().take(*limit).map(|(a, account)| html! {
                <div class="outline-account">
                    <div class="outline-title">{"Account "}{ row(Row::Account(a), &account.id, account.span) }</div>
                    { for account.entities.iter().map(|(entity, items)| {
                        let entity = *entity;
                        html! {
                            <div class="outline-group">
                                <span class="outline-kind">{ format!("{}s", entity.label()) }</span>
                                { for items.iter().enumerate().take(*limit).map(|(i, item)| row(Row::Entity(a, entity, i), &item.name, item.span)) }
                                { more_button(&limit, items.len(), &format!("{}s", entity.label())) }
                                { add(match entity { Entity::User => "+ user", Entity::Group => "+ group", Entity::Role => "+ role", Entity::Resource => "+ resource" },
                                    format!("Add a {} to account {}", entity.label(), account.id),
                                    Box::new(move |t| model_edits::apply(t, &Edit::Add { account: a, entity }))) }
                            </div>
                        }
                    }) }
                    <div class="outline-group">
                        <span class="outline-kind">{"policies"}</span>
                        { for account.policies.iter().take(*limit).map(|p| row(Row::Policy(PolicySet::Account(a), p.name.clone()), &p.name, p.span)) }
                        { more_button(&limit, account.policies.len(), "policies") }
                        { add("+ policy", format!("Add a policy to account {}", account.id), Box::new(move |t| named_edits::apply(t, &NamedEdit::Add(PolicySet::Account(a))))) }
                    </div>
                </div>
            }) }
            { more_button(&limit, model.accounts.len(), "accounts") }
            if !aws_managed.is_empty() {
                <div class="outline-group aws-managed">
                    <span class="outline-kind">{"AWS managed"}</span>
                    { for aws_managed.iter().take(*limit).map(|arn| {
                        let store = store.clone();
                        let view = ManagedView { arn: arn.clone(), statement: None };
                        let open = Callback::from(move |_: MouseEvent| store.dispatch(Action::ShowManaged(Some(view.clone()))));
                        let name = super::managed_policy::policy_name(arn).to_string();
                        html! {
                            <span class="outline-item">
                                <button class="link" onclick={open} title={format!("Show {arn}, read-only")}>{ name }</button>
                            </span>
                        }
                    }) }
                    { more_button(&limit, aws_managed.len(), "AWS managed policies") }
                </div>
            }
            <div class="outline-group">
                <span class="outline-kind">{"steps"}</span>
                { for model.steps.iter().enumerate().take(*limit).map(|(i, step)| row(Row::Step(i), &format!("{}. {}", i + 1, step.name), step.span)) }
                { more_button(&limit, model.steps.len(), "steps") }
            </div>
        </details>
    }
}

/// The AWS managed policies a scenario names anywhere, once each, in the
/// order they first appear.
fn aws_managed_named(root: &iam_core::document::Node) -> Vec<String> {
    use iam_core::document::Kind;
    let mut found: Vec<String> = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            Kind::String(s)
                if iam_core::scenario::managed::is_aws_managed_arn(s) && !found.iter().any(|f| f == s.as_ref()) =>
            {
                found.push(s.to_string());
            }
            Kind::Array(items) => stack.extend(items.iter().rev()),
            Kind::Object(members) => stack.extend(members.iter().rev().map(|m| &m.value)),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    #[test]
    fn aws_managed_policies_are_listed_once_in_order() {
        let text = r#"{"a": ["arn:aws:iam::aws:policy/ReadOnlyAccess", {"b": "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"}],
            "c": "arn:aws:iam::aws:policy/ReadOnlyAccess", "d": "arn:aws:iam::111111111111:policy/Mine"}"#;
        let root = iam_core::document::parse(text, iam_core::DocId(0)).0.unwrap();
        assert_eq!(
            super::aws_managed_named(&root),
            ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]
        );
    }
}
