//! The account views' components: a dialog with six tabs over the whole
//! scenario. Each tab asks the views' own worker (see [`use_reply`]).

mod compare;
mod findings;
mod graph;
mod matrix;
mod records;
mod who_can;

use super::wire::{Reply, Request};
use crate::worker::{use_asker, Answer, Asker, Question};
use std::rc::Rc;
use yew::prelude::*;

/// What a tab shows of its question.
#[derive(Debug, Clone, PartialEq)]
pub enum Asked {
    Idle,
    Waiting,
    Answered(Rc<Reply>),
    /// The worker could not answer (it stopped, or could not start).
    Failed(String),
}

/// The state of one tab's question, and a callback that asks it.
#[hook]
pub fn use_reply(asker: Asker, text: Rc<str>) -> (UseStateHandle<Asked>, Callback<Request>) {
    let asked = use_state(|| Asked::Idle);
    let ask = {
        let asked = asked.clone();
        Callback::from(move |request: Request| {
            let Ok(request) = serde_json::to_string(&request) else { return };
            asked.set(Asked::Waiting);
            let reply = {
                let asked = asked.clone();
                Callback::from(move |answer: Answer| {
                    asked.set(match answer {
                        Answer::Account(json) => match serde_json::from_str::<Reply>(&json) {
                            Ok(reply) => Asked::Answered(Rc::new(reply)),
                            Err(_) => Asked::Failed(
                                "The evaluator stopped before it answered (a very large model can run out of memory). Ask again."
                                    .into(),
                            ),
                        },
                        _ => Asked::Failed("The evaluator gave an answer to another question.".into()),
                    });
                })
            };
            let question = Question::Account { text: text.to_string(), request };
            if !asker.ask(question, reply) {
                asked.set(Asked::Failed("The evaluator cannot run in this browser (no web workers).".into()));
            }
        })
    };
    (asked, ask)
}

/// "computed in 12 ms for 40 principals".
pub fn measured(reply: &Reply) -> String {
    format!(
        "Computed in {} ms in the browser, over {} principal{} (users, and the roles they can reach).",
        reply.millis.round(),
        reply.principals,
        if reply.principals == 1 { "" } else { "s" }
    )
}

/// The last segment of an ARN (`user/alice`), or a service's name.
pub fn short(arn: &str) -> &str {
    arn.rsplit(':').next().unwrap_or(arn)
}

/// Status lines for a question that has no answer to show.
pub fn pending(asked: &Asked) -> Option<Html> {
    match asked {
        Asked::Idle => None,
        Asked::Waiting => Some(html! { <p class="muted" role="status">{"Working it out…"}</p> }),
        Asked::Failed(why) => Some(html! { <p class="error" role="alert">{ why.clone() }</p> }),
        Asked::Answered(reply) => match &reply.body {
            super::wire::Body::Refused(why) => Some(html! { <p class="error" role="alert">{ why.clone() }</p> }),
            _ => None,
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Findings,
    WhoCan,
    Matrix,
    Graph,
    Records,
    Compare,
}

impl Tab {
    const ALL: [Tab; 6] = [Tab::Findings, Tab::WhoCan, Tab::Matrix, Tab::Graph, Tab::Records, Tab::Compare];

    fn label(self) -> &'static str {
        match self {
            Tab::Findings => "Findings",
            Tab::WhoCan => "Who can",
            Tab::Matrix => "Matrix",
            Tab::Graph => "Who can become whom",
            Tab::Records => "Audit trail",
            Tab::Compare => "User vs role",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Findings => "findings",
            Tab::WhoCan => "who-can",
            Tab::Matrix => "matrix",
            Tab::Graph => "graph",
            Tab::Records => "records",
            Tab::Compare => "compare",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Rc<str>,
    /// A scenario text with steps added, and the step to select.
    pub on_step: Callback<(String, usize)>,
    /// The tab to open first, by id (`compare`); empty for the first.
    #[prop_or_default]
    pub view: String,
    /// What that tab is about: a user's name or ARN for `compare`.
    #[prop_or_default]
    pub subject: String,
}

#[function_component(AccountViews)]
pub fn account_views(props: &Props) -> Html {
    let open = use_state(|| true);
    let tab = {
        let view = props.view.clone();
        use_state(move || Tab::ALL.into_iter().find(|t| t.id() == view).unwrap_or(Tab::Findings))
    };
    let asker = use_asker();
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<web_sys::HtmlElement>() {
                let _ = d.focus();
            }
        });
    }
    if !*open {
        return html! {};
    }
    let close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    let onkeydown = {
        let close = close.clone();
        let dialog = dialog.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                close.emit(());
            } else if e.key() == "Tab" {
                crate::components::dialog::trap_focus(&dialog, &e);
            }
        })
    };
    let on_step = {
        let on_step = props.on_step.clone();
        let open = open.clone();
        Callback::from(move |change: (String, usize)| {
            open.set(false);
            on_step.emit(change);
        })
    };
    let panel = match *tab {
        Tab::Findings => html! { <findings::Findings asker={asker.clone()} text={props.text.clone()} /> },
        Tab::WhoCan => {
            html! { <who_can::WhoCan asker={asker.clone()} text={props.text.clone()} on_step={on_step.clone()} /> }
        }
        Tab::Matrix => {
            html! { <matrix::MatrixView asker={asker.clone()} text={props.text.clone()} on_step={on_step.clone()} /> }
        }
        Tab::Graph => html! { <graph::Graph asker={asker.clone()} text={props.text.clone()} /> },
        Tab::Records => html! { <records::Records asker={asker.clone()} text={props.text.clone()} /> },
        Tab::Compare => {
            html! { <compare::Compare asker={asker.clone()} text={props.text.clone()} user={props.subject.clone()} /> }
        }
    };
    html! {
        <div class="overlay">
            <div class="dialog account-dialog" role="dialog" aria-modal="true" aria-labelledby="account-title"
                tabindex="-1" ref={dialog} {onkeydown}>
                <div class="dialog-head">
                    <h2 id="account-title">{"The whole account"}</h2>
                    <button class="button" onclick={close.reform(|_| ())}>{"Close"}</button>
                </div>
                <p class="muted">{"Every answer is worked out in your browser from the scenario as it is now; nothing is sent anywhere."}</p>
                <div class="tabs" role="tablist" aria-label="Account views">
                    { for Tab::ALL.iter().map(|&t| {
                        let tab = tab.clone();
                        let selected = *tab == t;
                        html! {
                            <button role="tab" id={format!("account-tab-{}", t.id())} aria-selected={selected.to_string()}
                                aria-controls="account-panel" class={classes!("tab", selected.then_some("selected"))}
                                onclick={Callback::from(move |_| tab.set(t))}>{ t.label() }</button>
                        }
                    }) }
                </div>
                <div id="account-panel" role="tabpanel" aria-labelledby={format!("account-tab-{}", tab.id())}
                    data-account-view={tab.id()}>
                    { panel }
                </div>
            </div>
        </div>
    }
}
