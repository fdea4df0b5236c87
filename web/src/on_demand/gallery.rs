//! The example gallery: every scenario of `examples/`, from first steps to
//! advanced, each with its real title, its story in one line, the ideas it
//! teaches and a preview of its steps.

use super::Command;
use crate::components::dialog::Dialog;
use crate::examples::{Example, EXAMPLES};
use yew::prelude::*;

/// What a card shows of an example's text: its title and first step names.
fn preview(e: &Example) -> (String, Vec<String>, usize) {
    let text = e.text();
    let root = iam_core::document::parse(text, iam_core::DocId(0)).0;
    let title = root.as_ref().and_then(|r| r.get("title")).and_then(|t| t.as_str()).unwrap_or(e.file).to_string();
    let steps = root.as_ref().and_then(|r| r.get("steps")).map(|s| s.items().to_vec()).unwrap_or_default();
    let names =
        steps.iter().take(3).filter_map(|s| s.get("name").and_then(|n| n.as_str()).map(str::to_string)).collect();
    (title, names, steps.len())
}

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub on_command: Callback<Command>,
    /// Opens another view of the views app (`compare`).
    pub on_view: Callback<String>,
}

#[function_component(Gallery)]
pub fn gallery(props: &GalleryProps) -> Html {
    let (open, close) = crate::components::dialog::use_closable();
    if !*open {
        return html! {};
    }
    let mut level = "";
    html! {
        <Dialog labelled_by="gallery-title" on_close={close.clone()} class="gallery-dialog">
            <div class="dialog-head">
                <h2 id="gallery-title">{"Examples"}</h2>
                <button class="button" onclick={close.reform(|_: MouseEvent| ())} aria-label="Close examples">{"Close"}</button>
            </div>
            <p class="muted">{"Each example opens as a new scenario in your library; what you had open stays there."}</p>
            <ul class="gallery">
                { for EXAMPLES.iter().map(|e| {
                    let (title, names, count) = preview(e);
                    let heading = (e.level != level).then(|| { level = e.level; html! { <li class="gallery-level"><h3>{ e.level }</h3></li> } });
                    let open_it = {
                        let (on_command, open) = (props.on_command.clone(), open.clone());
                        Callback::from(move |_| {
                            on_command.emit(Command::Open { text: e.text().to_string() });
                            open.set(false);
                        })
                    };
                    html! {
                        <>
                        { heading.unwrap_or_default() }
                        <li>
                            <button class="card" onclick={open_it} data-example={e.file}>
                                <span class="card-title">{ title }</span>
                                <span class="card-story">{ e.story }</span>
                                <span class="concepts">{ for e.concepts.iter().map(|c| html! { <span class="tag">{ *c }</span> }) }</span>
                                <span class="card-steps muted">
                                    { format!("{count} steps: ") }{ names.join(" · ") }{ if count > names.len() { " · …" } else { "" } }
                                </span>
                            </button>
                        </li>
                        </>
                    }
                }) }
                <li class="gallery-level"><h3>{"side by side"}</h3></li>
                <li>
                    <button class="card" id="gallery-compare" onclick={{
                        let (on_view, open) = (props.on_view.clone(), open.clone());
                        Callback::from(move |_| { open.set(false); on_view.emit("compare".into()); })
                    }}>
                        <span class="card-title">{"Users versus roles"}</span>
                        <span class="card-story">{"A user of the open scenario beside a role with the same permissions: credentials, ARNs, matching, boundaries, MFA and the audit trail."}</span>
                    </button>
                </li>
            </ul>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_card_has_the_examples_own_title_and_a_preview_of_its_steps() {
        for e in crate::examples::EXAMPLES {
            let (title, names, count) = super::preview(e);
            assert!(!title.ends_with(".json") && !title.is_empty(), "{}", e.file);
            assert!(!names.is_empty() && count >= names.len(), "{}", e.file);
        }
        let alice = crate::examples::EXAMPLES.iter().find(|e| e.file == "alice-developer.json").unwrap();
        assert_eq!(super::preview(alice).0, "Alice the developer gets EC2 and S3 access from her group");
    }
}
