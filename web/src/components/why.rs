//! The answer to "why?" as the learner reads it: the sentences the core
//! makes from a step's evaluations, with their `quoted` names set as code.

use yew::prelude::*;

/// A sentence with its backtick-quoted parts as `<code>`.
pub fn sentence(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| {
            if i % 2 == 1 { html! { <code>{ part.to_string() }</code> } } else { html! { { part.to_string() } } }
        }) }
    }
}

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    pub sentences: Vec<String>,
}

/// The sentences of a step, at the top of its explanation.
#[function_component(Why)]
pub fn why(props: &WhyProps) -> Html {
    if props.sentences.is_empty() {
        return html! {};
    }
    html! {
        <div class="why" data-why="">
            { for props.sentences.iter().map(|s| html! { <p>{ sentence(s) }</p> }) }
        </div>
    }
}
