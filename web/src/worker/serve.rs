//! The worker side: reads jobs, analyses, and replies with progress and the
//! result. Runs inside a dedicated worker (no `window`, no DOM).

use super::{decode, encode, Answer, Job, Question, Reply, ToWorker};
use crate::analysis::{analyse_parsed, suggest, Analysis, AwsData, Needs};
use crate::editor_context::Place;
use crate::kept_parse::KeptParse;
use iam_core::catalogue::Catalogue;
use iam_core::catalogue::Completions;
use iam_core::scenario::{ManagedPolicySource, OnDemandPolicies};
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
            Reply::Progress { id, .. }
            | Reply::Done { id, .. }
            | Reply::Linked { id, .. }
            | Reply::Answer { id, .. } => Some(*id),
            Reply::Ready | Reply::Failed { .. } | Reply::Notice { .. } | Reply::Data { .. } | Reply::Refresh => None,
        };
        encode(&Reply::Failed { id, message })
    });
    // An empty message is one the page cannot read, which it reports as a failure.
    let _ = scope().post_message(&JsValue::from_str(&text.unwrap_or_default()));
}

/// Where the page's own origin serves the AWS data, in chunks
/// (`scripts/split-aws-data.mjs` writes them into the build).
const DATA_URL: &str = "aws-data/";

thread_local! {
    /// The AWS data loaded so far: the index when the worker starts, then
    /// each service and managed policy a scenario names, once.
    static DATA: std::cell::RefCell<AwsData> = std::cell::RefCell::new(AwsData::default());
    /// Data being fetched, so that a text typed meanwhile does not fetch it twice.
    static PENDING: std::cell::RefCell<Needs> = std::cell::RefCell::new(Needs::default());
    /// The last text evaluated and what was read of it.
    static KEPT: std::cell::RefCell<KeptParse> = std::cell::RefCell::new(KeptParse::default());
    /// Services whose chunk failed, not fetched again by this worker.
    static FAILED: std::cell::RefCell<std::collections::BTreeSet<String>> = const { std::cell::RefCell::new(std::collections::BTreeSet::new()) };
}

async fn fetch_text(path: &str) -> Result<String, String> {
    let failed = |what: &str, e: JsValue| format!("{what}: {}", e.as_string().unwrap_or_else(|| format!("{e:?}")));
    let url = format!("{DATA_URL}{path}");
    let response: Response =
        JsFuture::from(scope().fetch_with_str(&url)).await.map_err(|e| failed("fetch", e))?.unchecked_into();
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| failed("read", e))?).await.map_err(|e| failed("read", e))?;
    Ok(text.as_string().unwrap_or_default())
}

/// The chunk of an AWS managed policy: its name after `policy/`, each path
/// segment encoded for the URL.
fn policy_path(arn: &str) -> String {
    let name = arn.strip_prefix("arn:aws:iam::aws:policy/").unwrap_or(arn);
    let segments: Vec<String> =
        name.split('/').map(|s| js_sys::encode_uri_component(s).as_string().unwrap_or_default()).collect();
    format!("managed/{}.json", segments.join("/"))
}

async fn load_index() -> Result<AwsData, String> {
    let text = fetch_text("index.json").await?;
    Ok(AwsData { catalogue: Some(Catalogue::parse_index(&text)?), managed: OnDemandPolicies::parse_index(&text)? })
}

/// Fetches `paths` at the same time; each result in order.
async fn fetch_all(paths: Vec<String>) -> Vec<Result<String, String>> {
    let promises = js_sys::Array::new();
    for path in &paths {
        let path = path.clone();
        promises.push(&wasm_bindgen_futures::future_to_promise(async move {
            fetch_text(&path).await.map(|t| JsValue::from_str(&t)).map_err(|e| JsValue::from_str(&e))
        }));
    }
    let settled = JsFuture::from(js_sys::Promise::all_settled(&promises)).await;
    let settled: js_sys::Array = settled.map(JsCast::unchecked_into).unwrap_or_default();
    let field = |entry: &JsValue, name: &str| js_sys::Reflect::get(entry, &JsValue::from_str(name)).ok();
    (0..paths.len())
        .map(|i| {
            let entry = settled.get(u32::try_from(i).unwrap_or(u32::MAX));
            let fulfilled = field(&entry, "status").and_then(|s| s.as_string()).is_some_and(|s| s == "fulfilled");
            let text = |name| field(&entry, name).and_then(|v| v.as_string());
            match (fulfilled, text("value"), text("reason")) {
                (true, Some(value), _) => Ok(value),
                (_, _, Some(reason)) => Err(reason),
                _ => Err("the fetch gave no answer".to_string()),
            }
        })
        .collect()
}

/// Fetches what a text needs (claimed with [`claim`]), all at once, then
/// releases the claim and asks the page to evaluate again. A service that
/// fails leaves its actions unchecked (and is said); a policy that fails is
/// an error in the scenario that names it.
async fn load(needs: &Needs) {
    let paths = needs
        .services
        .iter()
        .map(|prefix| format!("services/{prefix}.json"))
        .chain(needs.policies.iter().map(|arn| policy_path(arn)))
        .collect();
    let mut results = fetch_all(paths).await.into_iter();
    for prefix in &needs.services {
        let added = match results.next().unwrap_or_else(|| Err("not fetched".into())) {
            Ok(text) => DATA.with_borrow_mut(|data| match data.catalogue.as_mut() {
                Some(c) => c.add_service(prefix, &text),
                None => Ok(()),
            }),
            Err(reason) => Err(reason),
        };
        if let Err(reason) = added {
            FAILED.with_borrow_mut(|failed| failed.insert(prefix.clone()));
            let message =
                format!("The AWS data for `{prefix}` could not be loaded ({reason}), so its actions are not checked.");
            post(&Reply::Notice { message });
        }
    }
    for arn in &needs.policies {
        let text = results.next().unwrap_or_else(|| Err("not fetched".into()));
        DATA.with_borrow_mut(|data| {
            if let Err(reason) = text.and_then(|t| data.managed.add(arn, &t)) {
                data.managed.fail(arn, reason);
            }
        });
    }
    // A scenario read with the managed policies missing said so; read it again.
    if !needs.policies.is_empty() {
        KEPT.with_borrow_mut(KeptParse::forget);
    }
    PENDING.with_borrow_mut(|pending| {
        pending.services.retain(|s| !needs.services.contains(s));
        pending.policies.retain(|p| !needs.policies.contains(p));
    });
    post(&Reply::Refresh);
}

/// The part of `needs` not already being fetched, now marked as being fetched.
fn claim(needs: &Needs) -> Needs {
    PENDING.with_borrow_mut(|pending| {
        let mut new = needs.clone();
        new.services.retain(|s| !pending.services.contains(s) && !FAILED.with_borrow(|f| f.contains(s)));
        new.policies.retain(|p| !pending.policies.contains(p));
        pending.services.extend(new.services.iter().cloned());
        pending.policies.extend(new.policies.iter().cloned());
        new
    })
}

fn receive(data: &JsValue) {
    let message: ToWorker =
        match data.as_string().ok_or_else(|| "a message must be text".to_string()).and_then(|t| decode(&t)) {
            Ok(message) => message,
            Err(message) => return post(&Reply::Failed { id: None, message }),
        };
    match message {
        ToWorker::Evaluate(job) => run(job),
        ToWorker::Ask { id, question } => wasm_bindgen_futures::spawn_local(async move {
            let answer = answer(&question).await;
            post(&Reply::Answer { id, answer });
        }),
    }
}

/// Answers a question of the editor, or says which data must load first.
fn try_answer(question: &Question) -> Result<Answer, Needs> {
    let service = |prefix: String| Needs { services: vec![prefix], policies: Vec::new() };
    DATA.with_borrow(|data| {
        let catalogue = data.catalogue.as_ref();
        match question {
            Question::Complete { place: Place::ManagedPolicy, typed } => {
                Ok(Answer::Completions(data.managed.complete_arn(typed)))
            }
            Question::Complete { place: Place::ConditionKey, typed } => {
                Ok(Answer::Completions(catalogue.map(|c| c.complete_key(typed)).unwrap_or_default()))
            }
            Question::Complete { place: Place::Action, typed } => match catalogue.map(|c| c.complete_action(typed)) {
                Some(Completions::NotLoaded(prefix)) => Err(service(prefix)),
                Some(Completions::Ready(found)) => Ok(Answer::Completions(found)),
                None => Ok(Answer::Completions(Vec::new())),
            },
            Question::Expand { entry } => match catalogue.map(|c| c.expand(entry)) {
                Some(Err(prefix)) => Err(service(prefix)),
                Some(Ok(found)) => Ok(Answer::Expansion(found)),
                None => Ok(Answer::Expansion(None)),
            },
            Question::Suggest { text, step } => {
                let started = clock();
                let found = suggest(text, *step, &data.managed);
                let micros = ((clock() - started) * 1000.0).round();
                Ok(Answer::Suggestions(
                    found,
                    if micros > 0.0 && micros < f64::from(u32::MAX) { micros as u32 } else { 0 },
                ))
            }
            Question::Example { file } => Ok(Answer::Example(crate::examples::text(file).map(str::to_string))),
            Question::Import { text, current } => Ok(Answer::Imported(import(text, current))),
            Question::Account { text, request } => match ACCOUNT.get() {
                Some(account) => account(text, request, data, &clock).map(Answer::Account),
                // Not this worker's job: the account views have their own.
                None => Ok(Answer::Account(String::new())),
            },
            Question::Lesson { id, step } => Ok(Answer::Lesson(crate::lessons::open(id, *step))),
            Question::LessonCheck { id, step, text } => lesson_checks(id, *step, text, &data.managed),
            Question::Document { arn } => match data.managed.get(arn) {
                Some((version, text)) => Ok(Answer::Document(Ok((version.to_string(), text.to_string())))),
                None if data.managed.pending(arn) => Err(Needs { services: Vec::new(), policies: vec![arn.clone()] }),
                None => match data.managed.unavailable(arn) {
                    Some(why) => Ok(Answer::Document(Err(why))),
                    None => Ok(Answer::Document(Err(format!("`{arn}` is not an AWS managed policy")))),
                },
            },
        }
    })
}

/// Answers a question of the editor, loading the data it needs first.
async fn answer(question: &Question) -> Answer {
    let needs = match try_answer(question) {
        Ok(answer) => return answer,
        Err(needs) => needs,
    };
    let claimed = claim(&needs);
    if !claimed.is_empty() {
        load(&claimed).await;
    }
    // Still not there (it failed, or another request is fetching it): an empty answer.
    try_answer(question).unwrap_or(match question {
        Question::Complete { .. } => Answer::Completions(Vec::new()),
        Question::Expand { .. } => Answer::Expansion(None),
        Question::Document { .. } => Answer::Document(Err("its document is still loading; try again".into())),
        Question::Suggest { .. } => Answer::Suggestions(Err("the AWS data it needs is still loading".into()), 0),
        Question::Example { .. } => Answer::Example(None),
        Question::Import { .. } => Answer::Imported(Err("the import could not run".into())),
        Question::Account { .. } => Answer::Account(String::new()),
        Question::Lesson { .. } => Answer::Lesson(Err("the lesson could not be read".into())),
        Question::LessonCheck { .. } => Answer::LessonChecks(Err("the AWS data it needs is still loading".into())),
    })
}

/// The checks of a lesson's step against `text`, once the AWS managed
/// policies it names have loaded.
fn lesson_checks(
    id: &str,
    step: usize,
    text: &str,
    managed: &iam_core::scenario::OnDemandPolicies,
) -> Result<Answer, Needs> {
    let Some(lesson) = crate::lessons::find(id) else {
        return Ok(Answer::LessonChecks(Err(format!("there is no lesson `{id}`"))));
    };
    // The text just evaluated (the usual case): its results are kept.
    if let Some(results) = KEPT.with_borrow(|kept| kept.results_of(text)) {
        return Ok(Answer::LessonChecks(Ok(crate::lessons::check(&lesson, step, &results))));
    }
    let parsed = iam_core::scenario::parse_scenario_with(text, iam_core::DocId(0), managed);
    let scenario = match (&parsed.scenario, iam_core::blocks_evaluation(&parsed.diagnostics)) {
        (Some(s), false) => s,
        _ => {
            return Ok(Answer::LessonChecks(Err(
                "the scenario does not evaluate as written: fix its errors first".into()
            )))
        }
    };
    let missing: Vec<String> = managed.missing(scenario).into_iter().map(str::to_string).collect();
    if !missing.is_empty() {
        return Err(Needs { services: Vec::new(), policies: missing });
    }
    let results = iam_core::scenario::run_scenario(scenario);
    Ok(Answer::LessonChecks(Ok(crate::lessons::check(&lesson, step, &results))))
}

/// An account export read into a scenario (in the worker: a large account
/// takes a while, and the page keeps responding).
/// Each problem of an imported file, with its line.
fn problems(text: &str, diagnostics: &[iam_core::Diagnostic]) -> Vec<String> {
    let index = iam_core::LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| format!("line {}: {} ({})", index.line_col(d.span().lo()).line, d.message, d.code))
        .collect()
}

/// The organization of an Organizations export, added to `current`.
fn import_organization(text: &str, current: &str) -> Result<super::Imported, String> {
    let imported = iam_core::import::organization(text, iam_core::DocId(0));
    let problems = problems(text, &imported.diagnostics);
    let Some(org) = imported.organization else {
        return Err(problems.join("; "));
    };
    let scenario = iam_core::import::with_organization(current, &org)
        .map_err(|why| format!("the organization cannot be added to this scenario: {why}; fix its JSON first"))?;
    Ok(super::Imported {
        scenario,
        summary: format!("an organization into this scenario: {}", imported.counts.describe()),
        left_out: imported.left_out.iter().map(|l| format!("{}: {}", l.what, l.why)).collect(),
        problems,
    })
}

/// The users of `current` completed from a credential report.
fn import_report(text: &str, current: &str) -> Result<super::Imported, String> {
    let report = iam_core::import::credential_report(text, iam_core::DocId(0));
    if report.diagnostics.iter().any(iam_core::Diagnostic::is_error) {
        return Err(problems(text, &report.diagnostics).join("; "));
    }
    let completed = iam_core::import::with_credential_report(current, &report)
        .map_err(|why| format!("the report cannot be added to this scenario: {why}; fix its JSON first"))?;
    let n = completed.users;
    Ok(super::Imported {
        scenario: completed.scenario,
        summary: format!(
            "a credential report into this scenario: {n} user{} given their password, MFA and access keys",
            if n == 1 { "" } else { "s" }
        ),
        left_out: completed.left_out.iter().map(|l| format!("{}: {}", l.what, l.why)).collect(),
        problems: problems(text, &report.diagnostics),
    })
}

fn import(text: &str, current: &str) -> Result<super::Imported, String> {
    if iam_core::import::is_organization(text) {
        return import_organization(text, current);
    }
    if iam_core::import::is_credential_report(text) {
        return import_report(text, current);
    }
    if iam_core::import::is_policy_document(text) {
        let scenario = iam_core::import::policy_document(text, iam_core::DocId(0))
            .map_err(|d| format!("{} ({})", d.message, d.code))?;
        return Ok(super::Imported {
            scenario,
            summary: "a policy document, as the inline policy Imported of the user me".into(),
            left_out: Vec::new(),
            problems: Vec::new(),
        });
    }
    let imported = iam_core::import::authorization_details(text, iam_core::DocId(0));
    let problems = problems(text, &imported.diagnostics);
    let Some(scenario) = imported.scenario else {
        return Err(problems.join("; "));
    };
    let c = imported.counts;
    Ok(super::Imported {
        scenario,
        summary: format!("{} account{}: {}", c.accounts, if c.accounts == 1 { "" } else { "s" }, c.describe()),
        left_out: imported.left_out.iter().map(|l| format!("{}: {}", l.what, l.why)).collect(),
        problems,
    })
}

/// The worker's clock in ms, finer than `Date`.
fn clock() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

fn run(job: Job) {
    let started = js_sys::Date::now();
    let (analysis, parsed) = DATA.with_borrow(|data| {
        let reading = clock();
        let (parsed, read_in_part) = KEPT.with_borrow_mut(|kept| kept.read(&job.text, &data.managed));
        let read_millis = clock() - reading;
        let progress = |progress| post(&Reply::Progress { id: job.id, progress });
        let analysis = analyse_parsed(&job.text, &parsed, data, &clock, progress);
        (Analysis { read_millis, read_in_part, ..analysis }, parsed)
    });
    let needs = claim(&analysis.needs);
    let results = analysis.results.clone().filter(|_| analysis.needs.policies.is_empty());
    post(&Reply::Done { id: job.id, analysis, millis: js_sys::Date::now() - started });
    // The decision is shown first; the link (the compressor, slower than the
    // whole analysis at 1 MB) follows.
    post(&Reply::Linked { id: job.id, link: crate::analysis::link_of(&job.text).map(|l| l.to_string()) });
    // Kept for the next reading, and for a lesson's checks of this text.
    KEPT.with_borrow_mut(|kept| kept.keep(job.text, parsed, results));
    if !needs.is_empty() {
        wasm_bindgen_futures::spawn_local(async move { load(&needs).await });
    }
}

/// Installs the job handler and a panic hook, then says it is ready.
/// How a worker answers the account views' questions (see [`serve_with`]).
pub type AccountAnswers = fn(&str, &str, &AwsData, &dyn Fn() -> f64) -> Result<String, Needs>;

thread_local! {
    static ACCOUNT: std::cell::Cell<Option<AccountAnswers>> = const { std::cell::Cell::new(None) };
}

/// The page's evaluation worker: it answers no account-view question, so
/// the whole-model analyses stay out of its download.
pub fn serve() {
    serve_with(None);
}

/// A worker that also answers the account views with `account`.
pub fn serve_with(account: Option<AccountAnswers>) {
    ACCOUNT.set(account);
    std::panic::set_hook(Box::new(|info| {
        let message = crate::panic_notice::message(info);
        post(&Reply::Failed { id: None, message: format!("the evaluator stopped ({message})") });
    }));
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| receive(&event.data()));
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    // Ready once the data index is loaded (or could not be), so that no job's
    // budget pays for the download.
    wasm_bindgen_futures::spawn_local(async {
        let loaded = load_index().await;
        let note = loaded.as_ref().err().cloned();
        if let Some(c) = loaded.as_ref().ok().and_then(|d| d.catalogue.as_ref()) {
            post(&Reply::Data { version: c.version.clone(), date: c.date.clone() });
        }
        // Set before Ready: no job can have read it yet.
        if let Ok(data) = loaded {
            DATA.set(data);
        }
        post(&Reply::Ready);
        if let Some(reason) = note {
            post(&Reply::Notice {
                message: format!(
                    "The AWS data could not be loaded ({reason}), so unknown actions and keys are not checked, and only the 23 starter AWS managed policies can be used."
                ),
            });
        }
    });
}
