//! What would change a step's answer: the worker proposes edits of the
//! scenario and proves each by running the edited text; the learner applies
//! one with a click, as a splice that keeps the rest of the text as written.

use super::app::use_store;
use super::why::sentence;
use crate::shared::Results;
use crate::store::{Action, Notice};
use crate::worker::{Answer, Asker, Question};
use iam_core::scenario::suggest::{apply, Suggestion};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SuggestionsProps {
    /// The run the step belongs to: a new run asks again.
    pub results: Results,
    pub step: usize,
    /// The step is allowed: the edits shown would deny it.
    pub allowed: bool,
}

#[function_component(Suggestions)]
pub fn suggestions(props: &SuggestionsProps) -> Html {
    let store = use_store();
    let asker = use_context::<Asker>();
    let found = use_state(|| None::<Result<Vec<Suggestion>, String>>);
    // How long the worker took to find and prove them, in µs (for measurement).
    let micros = use_state(|| 0_u32);
    {
        let (found, took, asker, text) =
            (found.clone(), micros.clone(), asker.clone(), store.as_ref().map(|s| s.text.clone()));
        use_effect_with((props.results.clone(), props.step), move |(_, step)| {
            found.set(None);
            let reply = found.clone();
            let asked = match (asker, text) {
                (Some(asker), Some(text)) => asker.ask(
                    Question::Suggest { text: text.to_string(), step: *step },
                    Callback::from(move |answer: Answer| {
                        if let Answer::Suggestions(list, ms) = answer {
                            took.set(ms);
                            reply.set(Some(list));
                        }
                    }),
                ),
                _ => false,
            };
            if !asked {
                found.set(Some(Err("suggestions need the evaluator, which cannot run here".into())));
            }
        });
    }
    let Some(store) = store else { return html! {} };
    let readonly = store.embed.is_some_and(|e| e.readonly);
    let heading = if props.allowed { "What would deny it" } else { "What would allow it" };
    let body = match &*found {
        None => html! { <p class="muted">{"Checking edits…"}</p> },
        Some(Err(why)) => html! { <p class="muted">{ why.clone() }</p> },
        Some(Ok(list)) if list.is_empty() => {
            html! { <p class="muted">{"No edit of a statement in this scenario flips this step on its own."}</p> }
        }
        Some(Ok(list)) => html! {
            <ol class="suggestion-list">
                { for list.iter().map(|s| {
                    let (store, edits, what) = (store.clone(), s.edits.clone(), s.description.clone());
                    let onclick = Callback::from(move |_| {
                        if let Some(text) = apply(&store.text, &edits) {
                            let jump = edits.first().map(|e| (e.span.lo(), e.span.lo() + e.text.len()));
                            store.dispatch(Action::SetText(text));
                            if let Some((start, end)) = jump {
                                store.dispatch(Action::Focus(start, end));
                            }
                            // Undone with one click, until the next notice.
                            store.dispatch(Action::Notify(Some(Notice::Applied { what: what.clone() })));
                        }
                    });
                    html! {
                        <li data-decision={s.decision.as_str()}>
                            <span>{ sentence(&s.description) }</span>
                            if s.grants_broadly { {" "}<span class="pill bad" title="it grants more than this request needs">{"grants broadly"}</span> }
                            if !readonly { {" "}<button class="button small" {onclick}>{"Apply"}</button> }
                        </li>
                    }
                }) }
            </ol>
        },
    };
    html! {
        <section class="suggestions" aria-label={heading} data-micros={micros.to_string()}>
            <h3>{ heading }</h3>
            <p class="muted small">{"Each edit was tried on a copy of the scenario, and it flips this step."}</p>
            { body }
        </section>
    }
}
