//! The worker side: reads jobs, analyses, and replies with progress and the
//! result. Runs inside a dedicated worker (no `window`, no DOM).

use super::{decode, encode, Job, Reply};
use crate::analysis::analyse_observed;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(reply: &Reply) {
    let text = encode(reply).or_else(|message| {
        // A reply that cannot be written still ends the job, with the reason.
        let id = match reply {
            Reply::Progress { id, .. } | Reply::Done { id, .. } => Some(*id),
            Reply::Ready | Reply::Failed { .. } => None,
        };
        encode(&Reply::Failed { id, message })
    });
    // An empty message is one the page cannot read, which it reports as a failure.
    let _ = scope().post_message(&JsValue::from_str(&text.unwrap_or_default()));
}

fn run(data: &JsValue) {
    let job: Job = match data.as_string().ok_or_else(|| "a job must be text".to_string()).and_then(|t| decode(&t)) {
        Ok(job) => job,
        Err(message) => return post(&Reply::Failed { id: None, message }),
    };
    let started = js_sys::Date::now();
    let analysis = analyse_observed(&job.text, |progress| post(&Reply::Progress { id: job.id, progress }));
    post(&Reply::Done { id: job.id, analysis, millis: js_sys::Date::now() - started });
}

/// Installs the job handler and a panic hook, then says it is ready.
pub fn serve() {
    std::panic::set_hook(Box::new(|info| {
        let message = crate::panic_notice::message(info);
        post(&Reply::Failed { id: None, message: format!("the evaluator stopped ({message})") });
    }));
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| run(&event.data()));
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    post(&Reply::Ready);
}
