//! Evaluation off the main thread. The page sends the scenario text to a
//! dedicated worker (the `scenario-worker` bin, which runs [`serve`]) and
//! waits at most [`BUDGET_MS`]. Past the budget the worker is terminated and
//! replaced, and the page says how far the evaluation got; the editor never
//! waits for it.
//!
//! Messages cross the thread boundary as JSON text: one string per message
//! is cheap to clone, keeps 64-bit numbers exact, and round-trips natively
//! in tests. The state the page derives from them is [`Evaluation`], changed
//! only through [`EvalAction`].

mod client;
mod serve;

pub use client::{use_asker, use_evaluation, Asker, PageEvaluator};
pub use serve::{serve, serve_with, AccountAnswers};

use crate::analysis::{Analysis, Progress};
use crate::state::text::Text;
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use yew::Reducible;

/// How long one evaluation may run before the worker is stopped, in ms.
pub const BUDGET_MS: u32 = 1000;

/// Page to worker: evaluate `text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: u32,
    pub text: String,
}

/// Every message the page sends the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    Evaluate(Job),
    /// A question for the editor's AWS help; answered outside the budget,
    /// after the service it needs has loaded.
    Ask {
        id: u32,
        question: Question,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Question {
    /// What could complete `typed` in a string that is for `place`.
    Complete { place: crate::editor_context::Place, typed: String },
    /// What an `Action` entry covers.
    Expand { entry: String },
    /// The document of an AWS managed policy, to show it.
    Document { arn: String },
    /// What would change the answer of step `step` of the scenario `text`.
    Suggest { text: String, step: usize },
    /// The text of an example (`examples/<file>`), to open it.
    Example { file: String },
    /// A scenario from `aws iam get-account-authorization-details` output,
    /// or the `current` scenario with the organization of an Organizations
    /// export.
    Import { text: String, current: String },
    /// A question of the account views about the scenario `text`: JSON of
    /// [`crate::account::wire::Request`].
    Account { text: String, request: String },
    /// A lesson, and the scenario at the start of its step `step` (from 0).
    Lesson { id: String, step: usize },
    /// The checks of step `step` of a lesson against the scenario `text`.
    LessonCheck { id: String, step: usize, text: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Completions(Vec<iam_core::catalogue::Completion>),
    /// `None` when the entry names nothing the catalogue knows.
    Expansion(Option<iam_core::catalogue::Expansion>),
    /// The policy's version and document text (as evaluated: statement
    /// spans point into it), or why it cannot be shown.
    Document(Result<(String, String), String>),
    /// Edits that flip the step's decision, each proven, or why there are
    /// none to give; and how long finding and proving them took in the
    /// worker, in µs (0 without a clock).
    Suggestions(Result<Vec<iam_core::scenario::suggest::Suggestion>, String>, u32),
    /// An example's text; `None` when no example has that file name.
    Example(Option<String>),
    /// The imported scenario and what was said about it, or why there is none.
    Imported(Result<Imported, String>),
    /// JSON of [`crate::account::wire::Reply`].
    Account(String),
    /// A lesson and the scenario at the start of the step asked, or why not.
    Lesson(Result<(crate::lessons::LessonView, String), String>),
    /// Each check's sentence and whether it holds; or why they cannot be
    /// checked (the scenario does not evaluate as written).
    LessonChecks(Result<Vec<(String, bool)>, String>),
}

/// An account export read into a scenario, for the page to open and say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub scenario: String,
    /// "1 account: 3 users, 1 group, …".
    pub summary: String,
    /// "what: why", each.
    pub left_out: Vec<String>,
    /// Problems of the file, each with its line.
    pub problems: Vec<String>,
}

/// Worker to page. Externally tagged: an internally tagged enum buffers its
/// content, and that buffer cannot hold the 128-bit instants of a session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    /// The worker has installed its handler and takes jobs.
    Ready,
    Progress {
        id: u32,
        progress: Progress,
    },
    Done {
        id: u32,
        analysis: Analysis,
        millis: f64,
    },
    /// The share link of job `id`'s text, sent after its analysis.
    Linked {
        id: u32,
        link: Option<String>,
    },
    /// The job could not be run (a message that could not be read, or a
    /// panic inside the worker, when `id` is unknown).
    Failed {
        id: Option<u32>,
        message: String,
    },
    /// Something the page should say, outside any job.
    Notice {
        message: String,
    },
    /// The AWS data the worker loaded.
    Data {
        version: String,
        date: String,
    },
    /// AWS data a text named has arrived (or failed): evaluate the latest
    /// text again.
    Refresh,
    Answer {
        id: u32,
        answer: Answer,
    },
}

pub fn encode<T: Serialize>(message: &T) -> Result<String, String> {
    serde_json::to_string(message).map_err(|e| format!("a message could not be written: {e}"))
}

pub fn decode<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("a message could not be read: {e}"))
}

/// Where evaluations run: in the worker, or on the page in component tests
/// (see [`PageEvaluator`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Runner {
    #[default]
    Worker,
    Page,
}

impl Runner {
    pub fn name(self) -> &'static str {
        match self {
            Runner::Worker => "worker",
            Runner::Page => "page",
        }
    }
}

/// What became of the latest text sent for evaluation.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Status {
    /// Nothing sent yet.
    #[default]
    Idle,
    Running,
    /// `analysis` belongs to the latest text.
    Done,
    /// Stopped at the budget; how far it got.
    TooSlow {
        progress: Option<Progress>,
    },
    /// The worker failed on this text.
    Failed {
        message: String,
    },
}

impl Status {
    /// A word for the page's `data-eval-status` attribute.
    pub fn name(&self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Running => "running",
            Status::Done => "done",
            Status::TooSlow { .. } => "too-slow",
            Status::Failed { .. } => "failed",
        }
    }
}

/// The state the page derives from the worker's replies.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// The latest finished analysis, and the text it was made from.
    pub analysis: Option<Rc<Analysis>>,
    pub analysed_text: Option<Text>,
    /// How long the finished analysis took in the worker, in ms.
    pub millis: f64,
    /// The share link of `analysed_text`, once the worker has made it.
    pub link: Option<Rc<str>>,
    /// The text of the latest job, and what became of it.
    pub text: Option<Text>,
    pub status: Status,
    pub runner: Runner,
    /// Something the worker said outside any job (the catalogue did not load).
    pub notice: Option<String>,
    /// The AWS data's version and date, once the worker loaded it.
    pub data: Option<(String, String)>,
}

impl PartialEq for Evaluation {
    fn eq(&self, other: &Self) -> bool {
        let same_analysis = match (&self.analysis, &other.analysis) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_analysis
            && self.text == other.text
            && self.status == other.status
            && self.runner == other.runner
            && self.link == other.link
            && self.notice == other.notice
            && self.data == other.data
    }
}

#[derive(Debug, Clone)]
pub enum EvalAction {
    Started {
        text: Text,
    },
    Finished {
        text: Text,
        analysis: Rc<Analysis>,
        millis: f64,
    },
    /// The share link of a finished text.
    Linked {
        text: Text,
        link: Option<Rc<str>>,
    },
    /// Stopped at the budget, after the last progress heard.
    TimedOut {
        progress: Option<Progress>,
    },
    Failed {
        message: String,
    },
    Noticed {
        message: String,
    },
    DataLoaded {
        version: String,
        date: String,
    },
}

impl Reducible for Evaluation {
    type Action = EvalAction;

    fn reduce(self: Rc<Self>, action: EvalAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            EvalAction::Started { text } => {
                next.text = Some(text);
                next.status = Status::Running;
            }
            EvalAction::Finished { text, analysis, millis } => {
                // A finished job is the latest one unless a newer one started since.
                if next.text.as_ref().is_none_or(|latest| *latest == text) {
                    next.status = Status::Done;
                }
                next.link = analysis.link.clone();
                next.analysis = Some(analysis);
                next.analysed_text = Some(text);
                next.millis = millis;
            }
            EvalAction::Linked { text, link } => {
                if next.analysed_text.as_ref() == Some(&text) {
                    next.link = link;
                }
            }
            EvalAction::TimedOut { progress } => next.status = Status::TooSlow { progress },
            EvalAction::Failed { message } => next.status = Status::Failed { message },
            EvalAction::Noticed { message } => next.notice = Some(message),
            EvalAction::DataLoaded { version, date } => next.data = Some((version, date)),
        }
        Rc::new(next)
    }
}

impl Evaluation {
    /// Whether the shown analysis is not the one of the latest text.
    pub fn is_behind(&self) -> bool {
        self.text.is_some() && self.text != self.analysed_text
    }

    /// The sentence for a text that did not finish, if any.
    pub fn problem(&self) -> Option<String> {
        match &self.status {
            Status::TooSlow { progress } => Some(too_slow_sentence(*progress)),
            Status::Failed { message } => Some(format!(
                "This scenario could not be evaluated: {message}. The results shown are from the last version that evaluated."
            )),
            _ => None,
        }
    }
}

/// "This scenario takes too long to evaluate", with what was done.
pub fn too_slow_sentence(progress: Option<Progress>) -> String {
    // Whole seconds: the float formatter would add kilobytes to the download.
    let seconds = BUDGET_MS / 1000;
    let done = match progress {
        None => "it could not even be read in that time".to_string(),
        Some(Progress::Parsed { steps }) => {
            format!("it was read, but none of its {steps} step{} finished", plural(steps))
        }
        Some(Progress::Steps { done, total }) => {
            format!("it was read, and {done} of its {total} step{} finished", plural(total))
        }
    };
    format!(
        "This scenario takes too long to evaluate: it was stopped after {seconds} s, and {done}. \
         The results shown are from the last version that evaluated. Keep editing; this version is not saved in this browser."
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests;
