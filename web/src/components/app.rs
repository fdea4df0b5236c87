//! The app shell: the store, debounced evaluation, persistence and layout.

use super::editor::Editor;
use super::explanation::Explanation;
use super::gallery::Gallery;
use super::header::Header;
use super::notice::NoticeBar;
use super::steps::Steps;
use crate::analysis::{analyse, Analysis};
use crate::persist;
use crate::store::{Action, MobileTab, Notice, Store};
use gloo::timers::callback::Timeout;
use iam_core::scenario::StepResult;
use iam_core::share;
use std::rc::Rc;
use yew::prelude::*;

pub type StoreHandle = UseReducerHandle<Store>;

/// The store, from context (`None` outside the app).
#[hook]
pub fn use_store() -> Option<StoreHandle> {
    use_context::<StoreHandle>()
}

/// Decides what the first render shows: a shared link, saved work, or the welcome example.
fn initial_store() -> Store {
    let saved = persist::load_saved().filter(|s| !s.trim().is_empty());
    let fragment = persist::fragment();
    let has_link = fragment.split('&').any(|p| p.starts_with('s') && p.contains('.'));
    if has_link {
        match share::decode(&fragment) {
            Ok(text) => match saved {
                Some(mine) if mine != text => {
                    let mut store = Store::new(mine);
                    store.notice = Some(Notice::LinkConflict { link_text: text });
                    store
                }
                _ => Store::new(text),
            },
            Err(d) => {
                let mut store = saved.map_or_else(Store::welcome, Store::new);
                store.notice =
                    Some(Notice::Error(format!("This link cannot be opened: {}. Nothing was changed.", d.message)));
                store
            }
        }
    } else {
        saved.map_or_else(Store::welcome, Store::new)
    }
}

const DEBOUNCE_MS: u32 = 150;

#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(initial_store);
    let evaluated = use_state(|| store.text.clone());
    {
        let evaluated = evaluated.clone();
        use_effect_with(store.text.clone(), move |text| {
            let text = text.clone();
            let timeout = Timeout::new(DEBOUNCE_MS, move || evaluated.set(text));
            move || drop(timeout)
        });
    }
    let analysis: Rc<Analysis> = use_memo((*evaluated).clone(), |text| analyse(text));
    // The last results that evaluated, shown greyed while the document has errors.
    let last_good = use_mut_ref(|| None::<Rc<Vec<StepResult>>>);
    let (results, stale) = match &analysis.results {
        Some(r) => {
            let r = Rc::new(r.clone());
            *last_good.borrow_mut() = Some(r.clone());
            (Some(r), false)
        }
        None => (last_good.borrow().clone(), true),
    };
    use_effect_with((*evaluated).clone(), |text| {
        persist::save(text);
        persist::set_fragment(text);
    });
    let pending = *evaluated != store.text;
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
    html! {
        <ContextProvider<StoreHandle> context={store.clone()}>
            <Header title={analysis.title.clone()} />
            <NoticeBar />
            if store.gallery_open { <Gallery /> }
            <nav class="tabs" role="tablist" aria-label="Views">
                { tab_button(MobileTab::Edit, "Edit") }
                { tab_button(MobileTab::Steps, "Steps") }
                { tab_button(MobileTab::Explain, "Explain") }
            </nav>
            <main class="workspace">
                <section class={column(MobileTab::Edit)} aria-label="Scenario editor">
                    <Editor text={store.text.clone()} diagnostics={Rc::new(analysis.diagnostics.clone())} jump={store.jump} />
                </section>
                <section class={column(MobileTab::Steps)} aria-label="Steps">
                    <Steps results={results.clone()} stale={stale || pending} selected={store.selected_step} />
                </section>
                <section class={column(MobileTab::Explain)} aria-label="Explanation">
                    <Explanation results={results} selected={store.selected_step} panel={store.panel} />
                </section>
            </main>
        </ContextProvider<StoreHandle>>
    }
}
