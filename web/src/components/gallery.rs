//! The example gallery: every scenario of `examples/`, with its story.

use super::app::use_store;
use crate::examples::EXAMPLES;
use crate::store::{Action, Notice};
use crate::worker::{Answer, Asker, Question};
use yew::prelude::*;

#[function_component(Gallery)]
pub fn gallery() -> Html {
    let Some(store) = use_store() else { return html! {} };
    let asker = use_context::<Asker>();
    let close = {
        let store = store.clone();
        Callback::from(move |_: ()| store.dispatch(Action::ToggleGallery(false)))
    };
    html! {
        <super::dialog::Dialog labelled_by="gallery-title" on_close={close.clone()}>
                <div class="dialog-head">
                    <h2 id="gallery-title">{"Examples"}</h2>
                    <button class="button" onclick={close.reform(|_: MouseEvent| ())} aria-label="Close examples">{"Close"}</button>
                </div>
                <ul class="gallery">
                    { for EXAMPLES.iter().map(|e| {
                        let (store, asker, file) = (store.clone(), asker.clone(), e.file);
                        // The worker serves the example's text; the page does not carry it.
                        let open = Callback::from(move |_| {
                            let opened = store.clone();
                            let reply = Callback::from(move |answer: Answer| match answer {
                                Answer::Example(Some(text)) => {
                                    opened.dispatch(Action::Open(text));
                                    opened.dispatch(Action::ToggleGallery(false));
                                }
                                _ => opened.dispatch(Action::Notify(Some(Notice::Error(format!(
                                    "The example {file} could not be opened: the evaluator did not send it. Try again."
                                ))))),
                            });
                            let asked = asker.as_ref().is_some_and(|a| a.ask(Question::Example { file: file.to_string() }, reply));
                            if !asked {
                                store.dispatch(Action::Notify(Some(Notice::Error(
                                    "Examples open through the evaluator, which cannot run here.".into(),
                                ))));
                            }
                        });
                        html! {
                            <li>
                                <button class="card" onclick={open} data-example={e.file}>
                                    <span class="card-title">{ e.file.trim_end_matches(".json").replace('-', " ") }</span>
                                    <span class="card-story">{ e.story }</span>
                                </button>
                            </li>
                        }
                    }) }
                    <li>
                        <button class="card" id="gallery-compare" onclick={Callback::from(move |_| {
                            store.dispatch(Action::ToggleGallery(false));
                            crate::on_demand::launch::open(&store, "compare", "");
                        })}>
                            <span class="card-title">{"Users versus roles"}</span>
                            <span class="card-story">{"A user of this scenario beside a role with the same permissions."}</span>
                        </button>
                    </li>
                </ul>
        </super::dialog::Dialog>
    }
}
