//! The example gallery: every scenario of `examples/`, with its story.

use super::app::use_store;
use crate::examples::EXAMPLES;
use crate::store::Action;
use yew::prelude::*;

#[function_component(Gallery)]
pub fn gallery() -> Html {
    let Some(store) = use_store() else { return html! {} };
    let close = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::ToggleGallery(false)))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="gallery-title">
            <div class="dialog">
                <div class="dialog-head">
                    <h2 id="gallery-title">{"Examples"}</h2>
                    <button class="button" onclick={close} aria-label="Close examples">{"Close"}</button>
                </div>
                <ul class="gallery">
                    { for EXAMPLES.iter().enumerate().map(|(i, e)| {
                        let store = store.clone();
                        let open = Callback::from(move |_| {
                            store.dispatch(Action::LoadExample(i));
                            store.dispatch(Action::ToggleGallery(false));
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
                </ul>
            </div>
        </div>
    }
}
