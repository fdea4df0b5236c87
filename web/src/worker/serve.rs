//! The worker side: reads jobs, analyses, and replies with progress and the
//! result. Runs inside a dedicated worker (no `window`, no DOM).

use super::{decode, encode, Job, Reply};
use crate::analysis::analyse_observed;
use iam_core::catalogue::Catalogue;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Response};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(reply: &Reply) {
    let text = encode(reply).or_else(|message| {
        // A reply that cannot be written still ends the job, with the reason.
        let id = match reply {
            Reply::Progress { id, .. } | Reply::Done { id, .. } => Some(*id),
            Reply::Ready | Reply::Failed { .. } | Reply::Notice { .. } | Reply::Data { .. } => None,
        };
        encode(&Reply::Failed { id, message })
    });
    // An empty message is one the page cannot read, which it reports as a failure.
    let _ = scope().post_message(&JsValue::from_str(&text.unwrap_or_default()));
}

/// Where the page's own origin serves the AWS catalogue (copied by Trunk).
const CATALOGUE_URL: &str = "aws-data/catalogue.json";

thread_local! {
    /// The AWS catalogue, loaded once when the worker starts; an error says
    /// why the catalogue checks are off.
    static CATALOGUE: std::cell::OnceCell<Result<Catalogue, String>> = const { std::cell::OnceCell::new() };
}

async fn fetch_catalogue() -> Result<Catalogue, String> {
    let failed = |what: &str, e: JsValue| format!("{what}: {}", e.as_string().unwrap_or_else(|| format!("{e:?}")));
    let promise = scope().fetch_with_str(CATALOGUE_URL);
    let response: Response = JsFuture::from(promise).await.map_err(|e| failed("fetch", e))?.unchecked_into();
    if !response.ok() {
        return Err(format!("{CATALOGUE_URL}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| failed("read", e))?).await.map_err(|e| failed("read", e))?;
    Catalogue::parse(&text.as_string().unwrap_or_default())
}

fn run(data: &JsValue) {
    let job: Job = match data.as_string().ok_or_else(|| "a job must be text".to_string()).and_then(|t| decode(&t)) {
        Ok(job) => job,
        Err(message) => return post(&Reply::Failed { id: None, message }),
    };
    let started = js_sys::Date::now();
    let analysis = CATALOGUE.with(|c| {
        let catalogue = c.get().and_then(|c| c.as_ref().ok());
        analyse_observed(&job.text, catalogue, |progress| post(&Reply::Progress { id: job.id, progress }))
    });
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
    // Ready once the catalogue is loaded (or could not be), so that no job's
    // budget pays for the download.
    wasm_bindgen_futures::spawn_local(async {
        let loaded = fetch_catalogue().await;
        let note = loaded.as_ref().err().cloned();
        if let Ok(c) = &loaded {
            post(&Reply::Data { version: c.version.clone(), date: c.date.clone() });
        }
        // Set once, before Ready: no job can have read it yet.
        CATALOGUE.with(|c| {
            let _ = c.set(loaded);
        });
        post(&Reply::Ready);
        if let Some(reason) = note {
            post(&Reply::Notice {
                message: format!(
                    "The AWS catalogue could not be loaded ({reason}), so unknown actions and keys are not checked."
                ),
            });
        }
    });
}
