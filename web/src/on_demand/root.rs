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
    /// `library`, or an account tab (empty for the first).
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
    if props.view == "library" {
        return html! { <LibraryDialog current={props.scenario.clone()} on_command={props.on_command.clone()} /> };
    }
    let on_step = props.on_command.reform(|(text, step): (String, usize)| Command::Steps { text, step });
    html! {
        <AccountViews text={props.text.clone()} {on_step} view={props.view.clone()} subject={props.subject.clone()} />
    }
}
