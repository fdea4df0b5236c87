//! What the first render shows, and the links that open something later:
//! a shared scenario, a lesson at a step, saved work or the welcome.

use crate::embed::{self, EmbedOptions};
use crate::persist;
use crate::store::{Action, MobileTab, Notice, Store};
use crate::worker::{Answer, Asker, Question};
use std::rc::Rc;
use yew::prelude::*;

/// A link carries compact JSON; the editor shows it indented.
pub(super) fn decode_link(fragment: &str) -> Result<String, iam_core::Diagnostic> {
    let text = iam_core::share::decode(fragment)?;
    Ok(match iam_core::document::parse(&text, iam_core::DocId(0)).0 {
        Some(node) => format!("{}\n", node.to_pretty()),
        None => text,
    })
}

/// An embedded page opens its link as it is: no saved work, no prompt.
fn embedded_store(fragment: &str, options: EmbedOptions) -> Store {
    let lesson = embed::parse_lesson(fragment).is_some();
    let mut store = match decode_link(fragment) {
        Ok(text) => Store::new(text),
        // A lesson opens once the worker has sent it.
        Err(_) if lesson => Store::welcome(),
        Err(d) => {
            let mut store = Store::welcome();
            store.notice = Some(Notice::Error(format!("This link cannot be opened: {}.", d.message)));
            store
        }
    };
    store.embed = Some(options);
    store.select(options.step, options.panel);
    if options.step.is_none() && options.panel.is_none() {
        store.tab = MobileTab::Steps;
    }
    store
}

/// Whether a fragment carries a scenario (`s1.…`).
pub(super) fn has_link(fragment: &str) -> bool {
    fragment.split('&').any(|p| p.starts_with('s') && p.contains('.'))
}

/// Opens the link in `fragment` over `current` work: at once when there is
/// no other work, else after asking.
fn open_link(fragment: &str, current: Option<String>) -> Store {
    let (step, panel) = embed::parse_selection(fragment);
    match decode_link(fragment) {
        Ok(text) => match current {
            Some(mine) if mine != text => {
                let mut store = Store::new(mine);
                store.notice = Some(Notice::LinkConflict { link_text: text, step, panel });
                store
            }
            _ => {
                let mut store = Store::new(text);
                store.select(step, panel);
                store
            }
        },
        Err(d) => {
            let mut store = current.map_or_else(Store::welcome, Store::new);
            store.notice =
                Some(Notice::Error(format!("This link cannot be opened: {}. Nothing was changed.", d.message)));
            store
        }
    }
}

/// Decides what the first render shows: a shared link, the scenario shown
/// last (from the library), or the welcome example.
pub(super) fn initial_store() -> Store {
    let fragment = persist::fragment();
    if let Some(options) = embed::parse_flags(&fragment) {
        return embedded_store(&fragment, options);
    }
    let saved = persist::load_current().filter(|(_, text)| !text.trim().is_empty());
    let mut store = if has_link(&fragment) {
        open_link(&fragment, saved.as_ref().map(|(_, text)| text.clone()))
    } else {
        saved.as_ref().map_or_else(Store::welcome, |(_, text)| Store::new(text.clone()))
    };
    store.welcome = saved.is_none() && !has_link(&fragment) && embed::parse_lesson(&fragment).is_none();
    // Ids of new scenarios count from the clock, so they never meet earlier ones.
    store.next_id = persist::now().max(1.0) as u64;
    store.scenario = match saved {
        Some((Some(id), text)) if *text == *store.text => id.into(),
        _ => format!("s{:x}", store.next_id).into(),
    };
    store.next_id += 1;
    store
}

/// Asks the worker for a lesson at a step and opens it.
pub(super) fn open_lesson(asker: &Asker, dispatch: &UseReducerDispatcher<Store>, id: String, step: usize) {
    let opened = dispatch.clone();
    let reply = Callback::from(move |answer: Answer| match answer {
        Answer::Lesson(Ok((view, text))) => opened.dispatch(Action::StartLesson { view: Rc::new(view), step, text }),
        Answer::Lesson(Err(why)) => {
            opened.dispatch(Action::Notify(Some(Notice::Error(format!("This lesson cannot be opened: {why}.")))))
        }
        _ => {}
    });
    if !asker.ask(Question::Lesson { id, step }, reply) {
        dispatch
            .dispatch(Action::Notify(Some(Notice::Error("Lessons need the evaluator, which cannot run here.".into()))));
    }
}
