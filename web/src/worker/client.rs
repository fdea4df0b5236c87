//! The page side: one worker, at most one job in flight and one waiting (the
//! latest text replaces an older waiting one), a time budget per job, and a
//! fresh worker after a stop. Nothing here waits: every step is an event.

use super::{decode, encode, Answer, EvalAction, Evaluation, Job, Question, Reply, Runner, ToWorker, BUDGET_MS};
use crate::analysis::{Analysis, Progress};
use crate::state::text::Text;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};
use yew::prelude::*;

/// The worker's loader, next to the page (copied there by Trunk).
const LOADER: &str = "scenario-worker-loader.js";
/// The account views' worker: the evaluation worker and the whole-model analyses.
const ACCOUNT_LOADER: &str = "account-worker-loader.js";

type Shared = Rc<RefCell<Controller>>;

/// An evaluator on the page itself, for component tests, where no worker
/// script is served. Provided as a context; the app never provides one, so
/// the page's own download carries no evaluator.
#[derive(Clone)]
pub struct PageEvaluator(pub Rc<dyn Fn(&str) -> Analysis>);

impl PartialEq for PageEvaluator {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

struct Spawned {
    worker: Worker,
    ready: bool,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

struct InFlight {
    id: u32,
    text: Text,
    progress: Option<Progress>,
}

pub struct Controller {
    this: Weak<RefCell<Controller>>,
    dispatch: UseReducerDispatcher<Evaluation>,
    /// The script that starts the worker.
    loader: &'static str,
    worker: Option<Spawned>,
    in_flight: Option<InFlight>,
    /// The job whose analysis came and whose share link is still to come.
    linking: Option<(u32, Text)>,
    queued: Option<Text>,
    /// The latest text submitted, evaluated again when AWS data arrives.
    latest: Option<Text>,
    next_id: u32,
    page: Option<PageEvaluator>,
    /// Why the worker cannot run at all (it could not be created or loaded).
    broken: Option<String>,
    /// Stopped workers, kept until no handler of theirs can be running.
    retired: Vec<Spawned>,
    /// Questions of the editor waiting for their answer, by id, with the
    /// answer given if the worker stops first.
    asks: std::collections::BTreeMap<u32, (Callback<Answer>, Answer)>,
    /// Answers to give once the controller is released (an answer may
    /// render, and a render may submit): the worker's, and the fallbacks of
    /// a stopped worker's questions.
    answers: Vec<(Callback<Answer>, Answer)>,
    /// Questions written while no worker was ready, posted when one is.
    unsent: Vec<String>,
}

impl Controller {
    fn new(dispatch: UseReducerDispatcher<Evaluation>, page: Option<PageEvaluator>, loader: &'static str) -> Shared {
        Rc::new_cyclic(|this| {
            RefCell::new(Controller {
                this: this.clone(),
                dispatch,
                loader,
                worker: None,
                in_flight: None,
                linking: None,
                queued: None,
                latest: None,
                next_id: 0,
                page,
                broken: None,
                retired: Vec::new(),
                asks: std::collections::BTreeMap::new(),
                answers: Vec::new(),
                unsent: Vec::new(),
            })
        })
    }

    /// Stops the worker at once; a fresh one is spawned for the next job.
    fn retire(&mut self) {
        // A stopped worker answers nothing more: waiting questions get their
        // fallback (nothing to offer; a document that must be asked for again).
        let asks = std::mem::take(&mut self.asks);
        self.answers.extend(asks.into_values());
        self.unsent.clear();
        if let Some(spawned) = self.worker.take() {
            spawned.worker.set_onmessage(None);
            spawned.worker.set_onerror(None);
            spawned.worker.terminate();
            self.retired.push(spawned);
        }
    }

    /// Starts a worker unless one runs, evaluation is on the page, or
    /// workers cannot run here.
    fn ensure_worker(&mut self) {
        if self.page.is_none() && self.broken.is_none() && self.worker.is_none() {
            match self.spawn() {
                Ok(spawned) => self.worker = Some(spawned),
                Err(e) => self.broken = Some(e.as_string().unwrap_or_else(|| "workers are not available".into())),
            }
        }
    }

    fn spawn(&self) -> Result<Spawned, JsValue> {
        let worker = Worker::new(self.loader)?;
        let this = self.this.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(shared) = this.upgrade() {
                on_reply(&shared, &event.data().as_string().unwrap_or_default());
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let this = self.this.clone();
        let on_error = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let message = event.dyn_ref::<ErrorEvent>().map(ErrorEvent::message).unwrap_or_default();
            if let Some(shared) = this.upgrade() {
                on_worker_error(&shared, message);
            }
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Spawned { worker, ready: false, _on_message: on_message, _on_error: on_error })
    }
}

/// Sends `actions`, and the answers waiting to be given, after the
/// controller is released: a dispatch may render, and a render may submit
/// the next text.
fn dispatch_all(shared: &Shared, actions: Vec<EvalAction>) {
    let (dispatch, answers) = {
        let mut c = shared.borrow_mut();
        (c.dispatch.clone(), std::mem::take(&mut c.answers))
    };
    for action in actions {
        dispatch.dispatch(action);
    }
    for (reply, answer) in answers {
        reply.emit(answer);
    }
}

fn submit(shared: &Shared, text: Text) {
    {
        let mut c = shared.borrow_mut();
        c.retired.clear();
        c.queued = Some(text.clone());
        c.latest = Some(text.clone());
    }
    dispatch_all(shared, vec![EvalAction::Started { text }]);
    pump(shared);
}

/// Starts the queued job if it can start now.
fn pump(shared: &Shared) {
    let mut actions = Vec::new();
    let mut run_here = None;
    {
        let mut c = shared.borrow_mut();
        c.ensure_worker();
        if let Some(page) = c.page.clone() {
            run_here = c.queued.take().map(|text| (page, text));
        } else if let Some(reason) = c.broken.clone() {
            if c.queued.take().is_some() {
                actions.push(EvalAction::Failed { message: format!("the evaluator could not start ({reason})") });
            }
        } else if c.in_flight.is_none() && c.worker.as_ref().is_some_and(|w| w.ready) {
            if let Some(text) = c.queued.take() {
                if let Some(action) = send(&mut c, text) {
                    actions.push(action);
                }
            }
        }
    }
    if let Some((page, text)) = run_here {
        let clock = gloo::utils::window().performance();
        let started = clock.as_ref().map_or(0.0, web_sys::Performance::now);
        let analysis = Rc::new((page.0)(&text));
        let millis = clock.as_ref().map_or(0.0, |c| c.now() - started);
        actions.push(EvalAction::Finished { text, analysis, millis });
    }
    dispatch_all(shared, actions);
}

/// Posts a job and arms its budget; a failure to post is the job's failure.
fn send(c: &mut Controller, text: Text) -> Option<EvalAction> {
    c.next_id = c.next_id.wrapping_add(1);
    let id = c.next_id;
    let posted = encode(&ToWorker::Evaluate(Job { id, text: text.to_string() })).and_then(|message| {
        let worker = c.worker.as_ref().ok_or_else(|| "no worker".to_string())?;
        worker.worker.post_message(&JsValue::from_str(&message)).map_err(|_| "the worker took no job".to_string())
    });
    if let Err(message) = posted {
        c.retire();
        return Some(EvalAction::Failed { message });
    }
    c.in_flight = Some(InFlight { id, text, progress: None });
    let this = c.this.clone();
    // Not cancelled when the reply comes first: it then finds another job (or
    // none) in flight and does nothing.
    Timeout::new(BUDGET_MS, move || {
        if let Some(shared) = this.upgrade() {
            timed_out(&shared, id);
        }
    })
    .forget();
    None
}

fn on_reply(shared: &Shared, text: &str) {
    let mut actions = Vec::new();
    {
        let mut c = shared.borrow_mut();
        match decode::<Reply>(text) {
            Ok(Reply::Ready) => {
                let unsent = std::mem::take(&mut c.unsent);
                if let Some(spawned) = c.worker.as_mut() {
                    spawned.ready = true;
                    for message in unsent {
                        // A question that cannot be posted gets its fallback when this worker stops.
                        let _ = spawned.worker.post_message(&JsValue::from_str(&message));
                    }
                }
            }
            Ok(Reply::Notice { message }) => actions.push(EvalAction::Noticed { message }),
            Ok(Reply::Data { version, date }) => actions.push(EvalAction::DataLoaded { version, date }),
            // A newer text in flight or waiting is evaluated with the new data anyway.
            Ok(Reply::Refresh) => {
                if c.in_flight.is_none() && c.queued.is_none() {
                    c.queued = c.latest.clone();
                }
            }
            Ok(Reply::Answer { id, answer }) => {
                if let Some((reply, _)) = c.asks.remove(&id) {
                    c.answers.push((reply, answer));
                }
            }
            Ok(Reply::Progress { id, progress }) => {
                if let Some(job) = c.in_flight.as_mut().filter(|job| job.id == id) {
                    job.progress = Some(progress);
                }
            }
            Ok(Reply::Done { id, analysis, millis }) => {
                if let Some(job) = c.in_flight.take_if(|job| job.id == id) {
                    c.linking = Some((id, job.text.clone()));
                    actions.push(EvalAction::Finished { text: job.text, analysis: Rc::new(analysis), millis });
                }
            }
            Ok(Reply::Linked { id, link }) => {
                if let Some((_, text)) = c.linking.take_if(|(job, _)| *job == id) {
                    actions.push(EvalAction::Linked { text, link: link.map(Rc::from) });
                }
            }
            // The worker is in an unknown state: replace it.
            Ok(Reply::Failed { message, .. }) | Err(message) => {
                c.in_flight = None;
                c.retire();
                actions.push(EvalAction::Failed { message });
            }
        }
    }
    dispatch_all(shared, actions);
    pump(shared);
}

/// Asks the worker a question of the editor's AWS help. A question waits for
/// a worker that is starting; one the worker cannot answer because it is
/// stopped gets a fallback answer that says so.
#[derive(Clone)]
pub struct Asker(Weak<RefCell<Controller>>);

impl PartialEq for Asker {
    fn eq(&self, other: &Self) -> bool {
        self.0.ptr_eq(&other.0)
    }
}

impl Asker {
    /// Returns whether the question was put: false when no worker can run
    /// (component tests evaluate on the page; a browser without workers).
    /// A question put before the worker is ready waits for it.
    pub fn ask(&self, question: Question, reply: Callback<Answer>) -> bool {
        let Some(shared) = self.0.upgrade() else { return false };
        let mut c = shared.borrow_mut();
        c.ensure_worker();
        if c.worker.is_none() {
            return false;
        }
        c.next_id = c.next_id.wrapping_add(1);
        let id = c.next_id;
        let fallback = match &question {
            Question::Complete { .. } => Answer::Completions(Vec::new()),
            Question::Expand { .. } => Answer::Expansion(None),
            Question::Document { .. } => {
                Answer::Document(Err("the evaluator was restarted before it answered; open the policy again".into()))
            }
            Question::Suggest { .. } => Answer::Suggestions(
                Err("the evaluator was restarted before it answered; select the step again".into()),
                0,
            ),
            Question::Example { .. } => Answer::Example(None),
            Question::Import { .. } => {
                Answer::Imported(Err("the evaluator was restarted before it finished; import the file again".into()))
            }
            Question::Account { .. } => Answer::Account(String::new()),
            Question::Lesson { .. } => {
                Answer::Lesson(Err("the evaluator was restarted before it answered; open the lesson again".into()))
            }
            Question::LessonCheck { .. } => {
                Answer::LessonChecks(Err("the evaluator was restarted before it answered; edit to check again".into()))
            }
        };
        let Ok(message) = encode(&ToWorker::Ask { id, question }) else { return false };
        let ready = c.worker.as_ref().filter(|w| w.ready);
        let posted = match ready {
            Some(worker) => worker.worker.post_message(&JsValue::from_str(&message)).is_ok(),
            None => {
                c.unsent.push(message);
                true
            }
        };
        if posted {
            c.asks.insert(id, (reply, fallback));
        }
        posted
    }
}

/// A worker that never became ready could not load (a blocked or missing
/// script): that is said, and no other is started. One that was ready
/// stopped inside a job, and the next job gets a fresh one.
fn on_worker_error(shared: &Shared, message: String) {
    let mut actions = Vec::new();
    {
        let mut c = shared.borrow_mut();
        let loaded = c.worker.as_ref().is_some_and(|w| w.ready);
        c.retire();
        if loaded {
            if c.in_flight.take().is_some() {
                // A trap: the memory ceiling (512 MiB) or an internal error.
                let message = if message.is_empty() {
                    "the evaluator stopped: it ran out of memory or met an internal error".to_string()
                } else {
                    format!("the evaluator stopped: it ran out of memory or met an internal error ({message})")
                };
                actions.push(EvalAction::Failed { message });
            }
        } else {
            let reason = if message.is_empty() { "its script did not load".to_string() } else { message };
            c.broken = Some(reason);
        }
    }
    dispatch_all(shared, actions);
    pump(shared);
}

fn timed_out(shared: &Shared, id: u32) {
    let mut actions = Vec::new();
    {
        let mut c = shared.borrow_mut();
        if let Some(job) = c.in_flight.take_if(|job| job.id == id) {
            c.retire();
            actions.push(EvalAction::TimedOut { progress: job.progress });
        }
    }
    dispatch_all(shared, actions);
    pump(shared);
}

/// Evaluates `text` off the main thread; the state changes as replies
/// arrive. The [`Asker`] puts the editor's questions to the same worker.
#[hook]
pub fn use_evaluation(text: Text) -> (UseReducerHandle<Evaluation>, Asker) {
    let page = use_context::<PageEvaluator>();
    let state = use_reducer(|| Evaluation {
        runner: if page.is_some() { Runner::Page } else { Runner::Worker },
        ..Evaluation::default()
    });
    let controller = {
        let dispatch = state.dispatcher();
        use_memo((), move |_| Controller::new(dispatch, page, LOADER))
    };
    {
        let controller = controller.clone();
        use_effect_with(text, move |text| submit(&controller, text.clone()));
    }
    let asker = Asker(Rc::downgrade(&controller));
    use_effect_with((), move |_| move || controller.borrow_mut().retire());
    (state, asker)
}

/// A worker for questions only (the account views' own, which also answers
/// their whole-model questions): no scenario is evaluated, and the worker
/// stops when the component goes.
#[hook]
pub fn use_asker() -> Asker {
    let state = use_reducer(Evaluation::default);
    let controller = {
        let dispatch = state.dispatcher();
        use_memo((), move |_| Controller::new(dispatch, None, ACCOUNT_LOADER))
    };
    let asker = Asker(Rc::downgrade(&controller));
    use_effect_with((), move |_| move || controller.borrow_mut().retire());
    asker
}
