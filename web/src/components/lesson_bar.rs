//! The lesson being followed: the step's text, its task checked live
//! against the scenario as it is edited, a hint one click away, and the
//! learner's progress. The editor, explanation and suggestions are the
//! page's own.

use super::app::use_store;
use crate::store::{Action, LessonState};
use crate::worker::{Answer, Asker, Question};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonBarProps {
    pub lesson: LessonState,
    /// The scenario text last evaluated (the checks follow it).
    pub evaluated: crate::state::text::Text,
}

type Checks = Option<Result<Vec<(String, bool)>, String>>;

#[function_component(LessonBar)]
pub fn lesson_bar(props: &LessonBarProps) -> Html {
    let Some(store) = use_store() else { return html! {} };
    let asker = use_context::<Asker>();
    let checks = use_state(|| None::<Result<Vec<(String, bool)>, String>>);
    let hint = use_state(|| false);
    let (view, step) = (props.lesson.view.clone(), props.lesson.step);
    let Some(shown) = view.steps.get(step).cloned() else { return html! {} };
    {
        let (checks, hint, dispatch) = (checks.clone(), hint.clone(), store.dispatcher());
        let has_task = shown.task.is_some();
        // Only the text shown is checked: while a newer one waits to be
        // evaluated (just after the lesson opened, or while typing), the
        // checks say so rather than speak of an older text.
        let current = *props.evaluated == *store.text;
        use_effect_with((view.id.clone(), step, props.evaluated.clone(), current), move |(id, step, text, current)| {
            if !has_task || !current {
                checks.set(None);
                return;
            }
            let (step, answered) = (*step, checks.clone());
            let reply = Callback::from(move |answer: Answer| {
                if let Answer::LessonChecks(found) = answer {
                    if found.as_ref().is_ok_and(|c| !c.is_empty() && c.iter().all(|(_, ok)| *ok)) {
                        dispatch.dispatch(Action::LessonDone(step));
                    }
                    answered.set(Some(found));
                }
            });
            let question = Question::LessonCheck { id: id.clone(), step, text: text.to_string() };
            if !asker.is_some_and(|a| a.ask(question, reply)) {
                checks.set(Some(Err("checking needs the evaluator, which cannot run here".into())));
            }
        });
        use_effect_with(step, move |_| hint.set(false));
    }
    let go = |to: usize| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::LessonStep(to)))
    };
    let next = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            store.dispatch(Action::LessonDone(step));
            store.dispatch(Action::LessonStep(step + 1));
        })
    };
    let leave = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::LeaveLesson))
    };
    let passed = matches!(&*checks, Some(Ok(c)) if !c.is_empty() && c.iter().all(|(_, ok)| *ok));
    let last = step + 1 == view.steps.len();
    let done_count = props.lesson.done.iter().filter(|d| **d).count();
    html! {
        <section class="lesson" aria-labelledby="lesson-title" data-lesson={view.id.clone()} data-step={(step + 1).to_string()}>
            <div class="lesson-head">
                <p class="muted">{ format!("Lesson {} of {} · step {} of {} · {} done", view.number, view.of, step + 1, view.steps.len(), done_count) }</p>
                <h2 id="lesson-title">{ &view.title }</h2>
                <button class="button" onclick={leave}>{"Leave the lesson"}</button>
            </div>
            <ol class="lesson-progress" aria-label="Steps of the lesson">
                { for view.steps.iter().enumerate().map(|(i, s)| {
                    let done = props.lesson.done.get(i).copied().unwrap_or(false);
                    let label = format!("Step {}: {}{}", i + 1, s.title, if done { " (done)" } else { "" });
                    html! {
                        <li><button class={classes!("lesson-dot", done.then_some("done"), (i == step).then_some("current"))}
                            aria-current={(i == step).then_some("step")} aria-label={label} title={s.title.clone()}
                            onclick={go(i)}>{ if done { "✓".to_string() } else { (i + 1).to_string() } }</button></li>
                    }
                }) }
            </ol>
            // Folds away on a small screen, to leave room for the editor.
            <details class="lesson-body" open=true>
                <summary><h3>{ &shown.title }</h3></summary>
                <p>{ &shown.text }</p>
                if let Some(task) = &shown.task {
                    <p class="lesson-task"><strong>{"Your task: "}</strong>{ task }</p>
                    { checks_list(&checks) }
                    if passed { <p class="lesson-passed" role="status">{"✓ Done: every check holds."}</p> }
                    if let Some(h) = &shown.hint {
                        if *hint { <p class="lesson-hint">{ h }</p> }
                        else { <button class="button" onclick={{ let hint = hint.clone(); Callback::from(move |_| hint.set(true)) }}>{"Show a hint"}</button> }
                    }
                }
            </details>
            <div class="lesson-nav">
                if step > 0 { <button class="button" onclick={go(step - 1)}>{"← Back"}</button> }
                if !last {
                    <button class={classes!("button", (passed || shown.task.is_none()).then_some("primary"))} id="lesson-next" onclick={next}>
                        { if shown.task.is_some() && !passed { "Skip this task →" } else { "Next →" } }
                    </button>
                } else if let Some(following) = &view.next {
                    <a class="button primary" href={format!("#lesson={following}&step=1")}>{"Next lesson →"}</a>
                } else {
                    <span class="muted">{"That was the last lesson of the course."}</span>
                }
            </div>
        </section>
    }
}

fn checks_list(checks: &Checks) -> Html {
    match checks {
        None => html! { <p class="muted">{"Checking…"}</p> },
        Some(Err(why)) => html! { <p class="muted lesson-unchecked">{ format!("Not checked: {why}.") }</p> },
        Some(Ok(list)) => html! {
            <ul class="lesson-checks" aria-live="polite">
                { for list.iter().map(|(sentence, ok)| html! {
                    <li class={if *ok { "ok" } else { "not-yet" }}>
                        <span aria-hidden="true">{ if *ok { "✓ " } else { "✗ " } }</span>{ super::why::sentence(sentence) }
                    </li>
                }) }
            </ul>
        },
    }
}
