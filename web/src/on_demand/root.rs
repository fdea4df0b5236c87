//! The views' side: the root component of the views app, which shows the
//! view the page asked for.

use super::library::LibraryDialog;
use super::Command;
use crate::account::views::AccountViews;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The scenario shown in the page.
    pub text: Rc<str>,
    /// `gallery`, `library`, `learn`, `help`, `step` (whose subject is the
    /// step's index), or an account tab (empty for the first).
    pub view: String,
    /// What the view is about (a user's name or ARN for `compare`).
    pub subject: String,
    /// The library id of the scenario shown.
    pub scenario: String,
    /// Sends the page what to do.
    pub on_command: Callback<Command>,
}

#[function_component(Views)]
pub fn views(props: &Props) -> Html {
    // A view may open another (the gallery opens the comparison).
    let view = use_state(|| props.view.clone());
    let on_view = {
        let view = view.clone();
        Callback::from(move |next: String| view.set(next))
    };
    match view.as_str() {
        "gallery" => {
            return html! { <super::gallery::Gallery on_command={props.on_command.clone()} {on_view} /> };
        }
        "library" => {
            return html! { <LibraryDialog current={props.scenario.clone()} on_command={props.on_command.clone()} /> };
        }
        "learn" => return html! { <super::learn::LearnDialog /> },
        "help" => return html! { <super::help::HelpDialog /> },
        "find" => {
            let (text, query, on_command) = (props.text.clone(), props.subject.clone(), props.on_command.clone());
            return html! { <super::find::FindBar {text} {query} {on_command} /> };
        }
        "entity" => {
            let (text, subject, on_command) = (props.text.clone(), props.subject.clone(), props.on_command.clone());
            return html! { <super::entity_form::EntityForm {text} {subject} {on_command} /> };
        }
        "step" => {
            let index = props.subject.parse().unwrap_or(0);
            let (text, on_command) = (props.text.clone(), props.on_command.clone());
            return html! { <super::step_form::StepForm {text} {index} {on_command} /> };
        }
        _ => {}
    }
    let on_step = props.on_command.reform(|(text, step): (String, usize)| Command::Steps { text, step });
    html! {
        <AccountViews text={props.text.clone()} {on_step} view={(*view).clone()} subject={props.subject.clone()} />
    }
}
