//! The Learn dialog: the lessons of the course, in order, each with what it
//! teaches. Starting one sets the page's address to the lesson's link,
//! which the page opens.

use crate::components::dialog::Dialog;
use yew::prelude::*;

#[function_component(LearnDialog)]
pub fn learn_dialog() -> Html {
    let (open, close) = crate::components::dialog::use_closable();
    if !*open {
        return html! {};
    }
    let lessons = crate::lessons::all();
    html! {
        <Dialog labelled_by="learn-title" on_close={close.clone()} class="learn-dialog">
            <div class="dialog-head">
                <h2 id="learn-title">{"Learn IAM, one lesson at a time"}</h2>
                <button class="button" onclick={close.reform(|_: MouseEvent| ())}>{"Close"}</button>
            </div>
            <p class="muted">{"Each lesson is a scenario with a few steps. A step explains one idea and gives you a task, checked as you edit, with a hint when you want one. You use the real editor: what you change is evaluated the way AWS would. Every lesson opens as a new scenario in your library, so your own work stays as it is."}</p>
            <ol class="lessons">
                { for lessons.iter().map(|l| {
                    let tasks = l.steps.iter().filter(|s| s.task.is_some()).count();
                    let href = format!("#{}", crate::embed::lesson_fragment(&l.id, 0));
                    let start = {
                        let open = open.clone();
                        Callback::from(move |_: MouseEvent| open.set(false))
                    };
                    html! {
                        <li class="lesson-card" data-lesson={l.id.clone()}>
                            <a class="lesson-start" {href} onclick={start}>
                                <span class="card-title">{ format!("{}. {}", l.order, l.title) }</span>
                                <span class="card-story">{ &l.summary }</span>
                                <span class="muted">{ format!("{} steps, {tasks} task{}", l.steps.len(), if tasks == 1 { "" } else { "s" }) }</span>
                            </a>
                            <ul class="concepts" aria-label="Concepts">
                                { for l.concepts.iter().map(|c| html! { <li class="tag">{ c }</li> }) }
                            </ul>
                        </li>
                    }
                }) }
            </ol>
        </Dialog>
    }
}
