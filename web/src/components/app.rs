//! The app shell: the store, debounced evaluation, persistence and layout.

use super::editor::Editor;
use super::embed_dialog::EmbedDialog;
use super::explanation::Explanation;
use super::header::Header;
use super::host::{post, use_host_messages, use_undo_keys};
use super::managed_policy::ManagedPolicyDialog;
use super::notice::NoticeBar;
use super::outline::OutlinePanel;
use super::start::{decode_link, has_link, initial_store, open_lesson};
use super::steps::Steps;
use crate::embed;
use crate::persist;
use crate::shared::Results;
use crate::state::text::Text;
use crate::store::{Action, MobileTab, Notice, Store};
use crate::worker::{use_evaluation, Asker, Status};
use iam_core::scenario::StepResult;
use std::rc::Rc;
use yew::prelude::*;

pub type StoreHandle = UseReducerHandle<Store>;

/// The store, from context (`None` outside the app).
#[hook]
pub fn use_store() -> Option<StoreHandle> {
    use_context::<StoreHandle>()
}

#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(initial_store);
    // The store's text changes at a pause in the typing (the editor holds
    // the keystrokes until then), or by one change: it is evaluated at once.
    let evaluated = use_state(|| store.text.clone());
    {
        let evaluated = evaluated.clone();
        use_effect_with(store.text.clone(), move |text| evaluated.set(text.clone()));
    }
    // Evaluation runs in a worker with a time budget; the page keeps the last
    // finished analysis meanwhile.
    let (evaluation, asker) = use_evaluation((*evaluated).clone());
    let analysis = evaluation.analysis.clone().unwrap_or_default();
    // When the latest text was sent (performance clock), for the end-to-end report.
    let eval_started = use_mut_ref(|| None::<f64>);
    {
        let eval_started = eval_started.clone();
        use_effect_with((*evaluated).clone(), move |_| {
            *eval_started.borrow_mut() = gloo::utils::window().performance().map(|c| c.now());
        });
    }
    use_effect_with(((*evaluation).clone(), evaluation.millis.to_bits()), |(evaluation, _)| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("data-evaluator", evaluation.runner.name());
            let _ = root.set_attribute("data-eval-status", evaluation.status.name());
            let _ = root.set_attribute("data-eval-ms", &millis(evaluation.millis));
            if let Some(a) = &evaluation.analysis {
                let _ = root.set_attribute("data-lint-ms", &millis(a.lint_millis));
                let _ = root.set_attribute("data-read-ms", &millis(a.read_millis));
                let _ = root.set_attribute("data-read", if a.read_in_part { "part" } else { "whole" });
            }
        }
    });
    // The last results that evaluated, shown greyed while the text cannot be
    // read, or while the latest text did not finish in time.
    let last_good = use_mut_ref(|| None::<(Rc<Vec<StepResult>>, Rc<Vec<Vec<String>>>)>);
    let unfinished = evaluation.problem().is_some();
    let (results, why, stale) = match &analysis.results {
        Some(r) => {
            *last_good.borrow_mut() = Some((r.clone(), analysis.why.clone()));
            (Some(r.clone()), analysis.why.clone(), unfinished)
        }
        None => {
            let (results, why) = last_good.borrow().clone().unzip();
            (results, why.unwrap_or_default(), true)
        }
    };
    let embedded = store.embed;
    {
        let dispatch = store.dispatcher();
        let done = (evaluation.status == Status::Done).then(|| evaluation.analysed_text.clone()).flatten();
        let took = evaluation.millis;
        let shown = (!pending_text(&store, &evaluated)).then(|| store.scenario.clone());
        let title = analysis.title.clone().unwrap_or_default();
        // What was saved last: typing that comes back to the saved text
        // (a letter, then its deletion) does not write it again.
        let saved = use_mut_ref(|| None::<(Rc<str>, Text)>);
        use_effect_with((done, shown, embedded.is_some()), move |(done, shown, embedded)| {
            let (Some(text), Some(id)) = (done, shown) else { return };
            let again = saved.borrow().as_ref().is_some_and(|(i, t)| Rc::ptr_eq(i, id) && t.same(text));
            if again {
                return;
            }
            *saved.borrow_mut() = Some((id.clone(), text.clone()));
            match persist_decision(*embedded, took) {
                Persist::Save => {
                    if !persist::save(id, text, &title) {
                        dispatch.dispatch(Action::Notify(Some(Notice::Error(
                            "This browser would not keep the scenario (its storage is full or turned off). Export it to keep it.".into(),
                        ))));
                    }
                }
                // An embedded copy never overwrites the visitor's own saved work.
                Persist::Embedded => {}
                // A scenario this slow is not saved, so a plain visit never freezes on it again.
                Persist::TooSlow => dispatch.dispatch(Action::Notify(Some(Notice::Info(format!(
                    "This scenario took {} s to evaluate, so it is not saved in this browser. Export it to keep it.",
                    millis(took / 1000.0)
                ))))),
            }
        });
    }
    // The address keeps the scenario's link, the selected step and panel.
    {
        let link = (!pending_text(&store, &evaluated)).then(|| evaluation.link.clone()).flatten();
        let data_version = evaluation.data.as_ref().map(|(v, _)| v.clone());
        let selection = embed::selection(store.selected_step, store.panel);
        let lesson = store.lesson.as_ref().map(|l| embed::lesson_fragment(&l.view.id, l.step));
        // The address set last: typing back to it does not set it again.
        let set = use_mut_ref(|| None::<(Rc<str>, String, Option<String>)>);
        use_effect_with(
            (link, selection, data_version, embedded.is_some(), lesson),
            move |(link, selection, version, embedded, lesson)| match (lesson, link, embedded) {
                (_, _, true) => {}
                (Some(lesson), _, false) => {
                    *set.borrow_mut() = None;
                    persist::set_lesson_fragment(lesson);
                }
                (None, Some(link), false) => {
                    let again = set
                        .borrow()
                        .as_ref()
                        .is_some_and(|(l, s, v)| Rc::ptr_eq(l, link) && s == selection && v == version);
                    if !again {
                        *set.borrow_mut() = Some((link.clone(), selection.clone(), version.clone()));
                        persist::set_fragment(link, selection, version.as_deref());
                    }
                }
                (None, None, false) => {}
            },
        );
    }
    // A link pasted into the address bar of this tab opens, after asking
    // (the page's own updates replace the address without this event).
    {
        let (dispatch, asker) = (store.dispatcher(), asker.clone());
        // A lesson link opens the lesson once the worker has sent it.
        {
            let (dispatch, asker) = (dispatch.clone(), asker.clone());
            use_effect_with((), move |_| {
                if let Some((id, step)) = embed::parse_lesson(&persist::fragment()) {
                    open_lesson(&asker, &dispatch, id, step);
                }
            });
        }
        use_effect_with(embedded.is_some(), move |embedded| {
            let listener = (!embedded).then(|| {
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    let fragment = persist::fragment();
                    if let Some((id, step)) = embed::parse_lesson(&fragment) {
                        return open_lesson(&asker, &dispatch, id, step);
                    }
                    if !has_link(&fragment) {
                        return;
                    }
                    let (step, panel) = embed::parse_selection(&fragment);
                    dispatch.dispatch(Action::Notify(Some(match decode_link(&fragment) {
                        Ok(link_text) => Notice::LinkConflict { link_text, step, panel },
                        Err(d) => {
                            Notice::Error(format!("This link cannot be opened: {}. Nothing was changed.", d.message))
                        }
                    })));
                })
            });
            move || drop(listener)
        });
    }
    // A link made with other AWS data opens as written, and the page says so once.
    let link_data = use_state(|| crate::data_version::of_fragment(&persist::fragment()).map(str::to_string));
    {
        let dispatch = store.dispatcher();
        use_effect_with(evaluation.data.clone(), move |data| {
            let said = (*link_data)
                .as_deref()
                .zip(data.as_ref())
                .and_then(|(l, (v, d))| crate::data_version::mismatch(l, v, d));
            if let Some(said) = said {
                dispatch.dispatch(Action::Notify(Some(Notice::Info(said))));
                link_data.set(None);
            }
        });
    }
    use_host_messages(store.dispatcher(), embedded.is_some());
    use_undo_keys(store.dispatcher(), embedded.is_some_and(|e| e.readonly));
    // Effects run after the DOM is updated: evaluation plus render, for the end-to-end report.
    use_effect_with(analysis.clone(), move |_| {
        let (Some(clock), Some(root)) =
            (gloo::utils::window().performance(), gloo::utils::document().document_element())
        else {
            return;
        };
        if let Some(started) = *eval_started.borrow() {
            let _ = root.set_attribute("data-cycle-ms", &millis(clock.now() - started));
        }
    });
    use_effect_with((analysis.clone(), embedded.is_some()), |(analysis, embedded)| {
        if *embedded {
            post(&embed::decisions(
                analysis.title.clone(),
                analysis.results.as_deref().map(Vec::as_slice),
                &analysis.why,
                &analysis.refused,
            ));
        }
    });
    // The outline follows the store's text, which changes at a pause in the
    // typing: reading a megabyte on every keystroke made typing wait.
    let outline_text = store.text.clone();
    // The link of the text shown, once the worker has made it.
    let share_link = (!pending_text(&store, &evaluated)).then(|| evaluation.link.clone()).flatten();
    let pending = pending_text(&store, &evaluated) || evaluation.status == Status::Running;
    let tab = store.tab;
    let tab_button = |t: MobileTab, label: &'static str| {
        let store = store.clone();
        let active = tab == t;
        html! {
            <button role="tab" aria-selected={active.to_string()} class={classes!("tab", active.then_some("active"))}
                onclick={Callback::from(move |_| store.dispatch(Action::SetTab(t)))}>{label}</button>
        }
    };
    let column = |t: MobileTab| classes!("column", (tab == t).then_some("shown"));
    let readonly = embedded.is_some_and(|e| e.readonly);
    // A file dropped anywhere on the page is imported as if chosen.
    let dropped = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let ondragover = Callback::from(move |e: DragEvent| {
        if !readonly {
            e.prevent_default();
        }
    });
    let ondrop = {
        let (store, asker) = (store.clone(), asker.clone());
        Callback::from(move |e: DragEvent| {
            if readonly {
                return;
            }
            e.prevent_default();
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                super::header::open_file(&store, Some(asker.clone()), file, &dropped);
            }
        })
    };
    html! {
        <ContextProvider<StoreHandle> context={store.clone()}>
        <ContextProvider<Asker> context={asker}>
        <div class={classes!("app", embedded.is_some().then_some("embed"))} {ondragover} {ondrop}>
            if !readonly {
                <a class="skip-link" href="#scenario-editor" onclick={Callback::from(|e: MouseEvent| {
                    // Focus without touching the address, which holds the scenario.
                    e.prevent_default();
                    if let Some(el) = gloo::utils::document().get_element_by_id("scenario-editor") {
                        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                            let _ = el.focus();
                        }
                    }
                })}>{"Skip to the editor"}</a>
            }
            <Header title={analysis.title.clone()} data={evaluation.data.clone()} link={share_link.clone()} />
            <NoticeBar />
            if store.welcome { <super::welcome::Welcome /> }
            if let Some(lesson) = store.lesson.clone() {
                <super::lesson_bar::LessonBar {lesson} evaluated={(*evaluated).clone()} />
            }
            if let Some(problem) = evaluation.problem() {
                <p class="eval-problem" role="status">{ problem }</p>
            }
            if let Some(notice) = &evaluation.notice {
                <p class="eval-notice" role="status">{ notice.clone() }</p>
            }
            if store.embed_dialog_open { <EmbedDialog steps={results.as_ref().map_or(0, |r| r.len())} link={share_link} /> }
            if let Some(view) = store.managed_view.clone() { <ManagedPolicyDialog {view} /> }
            <nav class="tabs" role="tablist" aria-label="Views">
                                if !readonly { { tab_button(MobileTab::Edit, "Edit") } }
                { tab_button(MobileTab::Steps, "Steps") }
                { tab_button(MobileTab::Explain, "Explain") }
            </nav>
            <main class="workspace">
                                <section class={column(MobileTab::Edit)} aria-label="Scenario editor">
                    if !readonly { <OutlinePanel text={outline_text} /> }
                    { editor(&store, &analysis, readonly) }
                </section>
                <section class={column(MobileTab::Steps)} aria-label="Steps">
                    <Steps results={results.clone().map(Results)} why={why.clone()} stale={stale || pending} selected={store.selected_step}
                        refused={analysis.refused.clone()} story={(analysis.title.clone(), analysis.description.clone())} />
                </section>
                <section class={column(MobileTab::Explain)} aria-label="Explanation">
                    <Explanation results={results.map(Results)} {why} selected={store.selected_step} panel={store.panel} {stale}
                        grants={crate::components::trace::Grants(analysis.grants.clone())} aliases={analysis.aliases.clone()} />
                </section>
                        </main>
        </div>
        </ContextProvider<Asker>>
        </ContextProvider<StoreHandle>>
    }
}

/// The editor: of the whole text, or of the part opened on its own, with
/// the diagnostics and the selection that fall in it.
fn editor(store: &Store, analysis: &crate::analysis::Analysis, readonly: bool) -> Html {
    let Some(part) = &store.part else {
        return html! {
            <Editor text={store.text.clone()} diagnostics={analysis.diagnostics.clone()} problems={analysis.problems}
                errors={analysis.errors} jump={store.jump} {readonly} />
        };
    };
    let text = Text::from(crate::state::parts::display(&store.text, part));
    let index = iam_core::LineIndex::new(&text);
    let shown = |at: usize| crate::state::parts::to_display(&store.text, part, at);
    let diagnostics: Vec<crate::analysis::DiagnosticView> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.start >= part.start && d.end <= part.end)
        .map(|d| {
            let (start, end) = (shown(d.start), shown(d.end));
            let at = index.line_col(start);
            crate::analysis::DiagnosticView { start, end, line: at.line, column: at.column, ..d.clone() }
        })
        .collect();
    let errors = diagnostics.iter().filter(|d| d.error).count();
    let jump = store.jump.filter(|(a, b)| *a >= part.start && *b <= part.end).map(|(a, b)| (shown(a), shown(b)));
    html! {
        <Editor {text} problems={diagnostics.len()} diagnostics={Rc::new(diagnostics)} {errors} {jump} {readonly}
            part={AttrValue::from(part.label.clone())} entity={crate::entity_draft::subject_of(&part.path).map(AttrValue::from)} />
    }
}

/// Whether the text shown is not yet the one evaluated (typing, or the pause after it).
fn pending_text(store: &Store, evaluated: &Text) -> bool {
    *evaluated != store.text
}

/// The longest evaluation whose text is saved to local storage, in ms.
const SAVE_BUDGET_MS: f64 = 1000.0;

#[derive(Debug, PartialEq, Eq)]
enum Persist {
    Save,
    Embedded,
    TooSlow,
}

/// Whether the text just evaluated is saved: not from an embed, and only
/// when it evaluated within the budget.
fn persist_decision(embedded: bool, took_ms: f64) -> Persist {
    if embedded {
        Persist::Embedded
    } else if took_ms > SAVE_BUDGET_MS {
        Persist::TooSlow
    } else {
        Persist::Save
    }
}

/// Milliseconds with two decimals, formatted without the float formatter
/// (which would add kilobytes to the download for two attributes).
fn millis(ms: f64) -> String {
    let hundredths = (ms.max(0.0) * 100.0).round() as u64;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_texts_that_evaluate_within_budget_are_saved() {
        use super::{persist_decision, Persist};
        assert_eq!(persist_decision(false, 12.0), Persist::Save);
        assert_eq!(persist_decision(false, 4000.0), Persist::TooSlow);
        assert_eq!(persist_decision(true, 12.0), Persist::Embedded);
    }

    #[test]
    fn millis_has_two_decimals() {
        assert_eq!(super::millis(4.567), "4.57");
        assert_eq!(super::millis(12.0), "12.00");
        assert_eq!(super::millis(0.005), "0.01");
        assert_eq!(super::millis(-1.0), "0.00");
    }
}
