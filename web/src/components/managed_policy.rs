//! An AWS managed policy, shown read-only: its document indented and
//! highlighted, with its version, and the statement that decided brought
//! into view. The document comes from the worker, which holds (or fetches)
//! the very text it evaluated.

use super::app::use_store;
use crate::highlight::segments;
use crate::store::{Action, ManagedView};
use crate::worker::{Answer, Asker, Question};
use iam_core::document::{parse, Kind};
use iam_core::DocId;
use web_sys::HtmlElement;
use yew::prelude::*;

/// The document indented for reading, and the byte range of statement
/// `statement` (from 0) in that text.
pub fn readable(text: &str, statement: Option<usize>) -> (String, Option<(usize, usize)>) {
    let Some(node) = parse(text, DocId(0)).0 else { return (text.to_string(), None) };
    let pretty = node.to_pretty();
    let span = statement.and_then(|n| {
        let root = parse(&pretty, DocId(0)).0?;
        let statements = root.get("Statement")?;
        let found = match &statements.kind {
            Kind::Array(items) => items.get(n)?.span,
            Kind::Object(_) if n == 0 => statements.span,
            _ => return None,
        };
        Some((found.lo(), found.hi()))
    });
    (pretty, span)
}

/// "Version v3 · read-only", with the highlighted statement (counted from 1)
/// when there is one: `statement` only when it was found in the document.
pub fn about_line(version: &str, statement: Option<usize>) -> String {
    match statement {
        Some(n) => format!("Version {version} · read-only · statement {} is highlighted", n + 1),
        None => format!("Version {version} · read-only"),
    }
}

/// The policy's name: its ARN after `policy/`.
pub fn policy_name(arn: &str) -> &str {
    arn.strip_prefix("arn:aws:iam::aws:policy/").unwrap_or(arn)
}

/// A managed policy ready to show.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    version: String,
    text: String,
    /// The byte range of the statement to mark, in `text`.
    span: Option<(usize, usize)>,
}

#[derive(Properties, PartialEq)]
pub struct ManagedPolicyProps {
    pub view: ManagedView,
}

#[function_component(ManagedPolicyDialog)]
pub fn managed_policy_dialog(props: &ManagedPolicyProps) -> Html {
    let store = use_store();
    let asker = use_context::<Asker>();
    // The version, the document indented for reading and the statement's span
    // in it, computed once when the worker answers; or why it cannot be shown.
    let document = use_state(|| None::<Result<Shown, String>>);
    let dialog = use_node_ref();
    {
        let (document, asker) = (document.clone(), asker.clone());
        use_effect_with(props.view.clone(), move |view| {
            document.set(None);
            match asker {
                Some(asker) => {
                    let (reply, statement) = (document.clone(), view.statement);
                    let asked = asker.ask(
                        Question::Document { arn: view.arn.clone() },
                        Callback::from(move |answer: Answer| {
                            if let Answer::Document(found) = answer {
                                let shown = found.map(|(version, text)| {
                                    let (text, span) = readable(&text, statement);
                                    Shown { version, text, span }
                                });
                                reply.set(Some(shown));
                            }
                        }),
                    );
                    if !asked {
                        document.set(Some(Err("the evaluator cannot run in this browser".into())));
                    }
                }
                None => document.set(Some(Err("the AWS data is not available here".into()))),
            }
        });
    }
    let statement = props.view.statement;
    let shown = &*document;
    {
        // Focus goes to the dialog; the statement, once drawn, into view.
        let dialog = dialog.clone();
        let ready = shown.as_ref().is_some_and(Result::is_ok);
        use_effect_with(ready, move |_| {
            if let Some(el) = dialog.cast::<HtmlElement>() {
                let _ = el.focus();
                if let Ok(Some(mark)) = el.query_selector(".jump") {
                    mark.scroll_into_view();
                }
            }
        });
    }
    let Some(store) = store else { return html! {} };
    let close = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::ShowManaged(None)))
    };
    let onkeydown = {
        let store = store.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                store.dispatch(Action::ShowManaged(None));
            }
        })
    };
    let name = policy_name(&props.view.arn).to_string();
    let body = match shown {
        None => html! { <p class="muted">{"Loading the policy…"}</p> },
        Some(Err(why)) => html! { <p class="error">{ format!("This policy cannot be shown: {why}.") }</p> },
        Some(Ok(Shown { version, text, span })) => {
            let segs = segments(text, &[], *span);
            let about = about_line(version, statement.filter(|_| span.is_some()));
            html! {
                <>
                <p class="muted managed-about">{ about }</p>
                <pre class="managed-document" tabindex="0" aria-label={format!("Document of {name}")}>
                    { for segs.iter().map(|s| {
                        let class = classes!(s.token.class(), s.highlighted.then_some("jump"));
                        html! { <span {class}>{ text.get(s.start..s.end).unwrap_or("") }</span> }
                    }) }
                </pre>
                </>
            }
        }
    };
    html! {
        <div class="overlay" onclick={close.clone()}>
            <div class="dialog managed-dialog" role="dialog" aria-modal="true" aria-labelledby="managed-title"
                tabindex="-1" ref={dialog} {onkeydown} onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <div class="dialog-head">
                    <h2 id="managed-title">{ format!("AWS managed policy {name}") }</h2>
                    <button class="button" onclick={close}>{"Close"}</button>
                </div>
                <p class="muted">{"AWS writes and updates this policy; a scenario attaches it by ARN and cannot change it."}</p>
                { body }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minified_document_is_indented_and_the_statement_found() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:Get*","Resource":"*"},{"Sid":"B","Effect":"Deny","Action":"s3:Delete*","Resource":"*"}]}"#;
        let (pretty, span) = readable(text, Some(1));
        assert!(pretty.lines().count() > 10, "{pretty}");
        let (start, end) = span.unwrap();
        let picked = &pretty[start..end];
        assert!(picked.starts_with('{') && picked.contains("\"Sid\": \"B\"") && !picked.contains("\"A\""), "{picked}");
        assert_eq!(readable(text, Some(2)).1, None, "no third statement");
        assert_eq!(about_line("v3", Some(1)), "Version v3 · read-only · statement 2 is highlighted");
        assert_eq!(about_line("v3", None), "Version v3 · read-only", "a statement not found is not claimed");
        assert_eq!(readable(text, None).1, None);
        let single = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
        assert!(readable(single, Some(0)).1.is_some(), "a lone statement object");
        assert_eq!(readable("not json", Some(0)), ("not json".to_string(), None));
        assert_eq!(
            policy_name("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
            "service-role/AWSLambdaBasicExecutionRole"
        );
    }
}
