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
    /// `library`, `learn`, `step` (whose subject is the step's index), or an
    /// account tab (empty for the first).
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
    match props.view.as_str() {
        "library" => {
            return html! { <LibraryDialog current={props.scenario.clone()} on_command={props.on_command.clone()} /> };
        }
        "learn" => return html! { <super::learn::LearnDialog /> },
        "step" => {
            let index = props.subject.parse().unwrap_or(0);
            let (text, on_command) = (props.text.clone(), props.on_command.clone());
            return html! { <super::step_form::StepForm {text} {index} {on_command} /> };
        }
        _ => {}
    }
    let on_step = props.on_command.reform(|(text, step): (String, usize)| Command::Steps { text, step });
    html! {
        <AccountViews text={props.text.clone()} {on_step} view={props.view.clone()} subject={props.subject.clone()} />
    }
}
