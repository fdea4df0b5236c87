//! A modal dialog: it takes focus when it opens, keeps Tab inside, closes on
//! Esc, and gives focus back to where it was when it closes. Every dialog of
//! the page and of the account views is one.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The elements a Tab or Shift+Tab may reach inside a dialog.
const FOCUSABLE: &str = "button, input, select, textarea, a[href], [tabindex]:not([tabindex='-1'])";

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    /// The id of the element that names the dialog (its heading).
    pub labelled_by: AttrValue,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Dialog)]
pub fn dialog(props: &DialogProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            let before = gloo::utils::document().active_element();
            if let Some(d) = node.cast::<web_sys::HtmlElement>() {
                let _ = d.focus();
            }
            move || {
                if let Some(el) = before.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            }
        });
    }
    // Esc closes wherever focus is (a button that removed itself leaves it on the page).
    use_effect_with(props.on_close.clone(), |close| {
        let close = close.clone();
        let listener = gloo::events::EventListener::new(&gloo::utils::document(), "keydown", move |event| {
            if event.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|e| e.key() == "Escape") {
                close.emit(());
            }
        });
        move || drop(listener)
    });
    let onkeydown = {
        let node = node.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Tab" {
                trap_focus(&node, &e);
            }
        })
    };
    html! {
        <div class="overlay">
            <div class={classes!("dialog", props.class.clone())} role="dialog" aria-modal="true"
                aria-labelledby={props.labelled_by.clone()} tabindex="-1" ref={node} {onkeydown}>
                { props.children.clone() }
            </div>
        </div>
    }
}

/// A dialog that closes itself: whether it is open, and the callback that
/// closes it (for its Close button, and for Esc).
#[hook]
pub fn use_closable() -> (UseStateHandle<bool>, Callback<()>) {
    let open = use_state(|| true);
    let close = {
        let open = open.clone();
        Callback::from(move |_: ()| open.set(false))
    };
    (open, close)
}

/// Keeps Tab inside the dialog: from the last element to the first, and back.
pub fn trap_focus(dialog: &NodeRef, e: &KeyboardEvent) {
    let Some(d) = dialog.cast::<web_sys::Element>() else { return };
    let Ok(list) = d.query_selector_all(FOCUSABLE) else { return };
    let (Some(first), Some(last)) = (list.get(0), list.get(list.length().saturating_sub(1))) else { return };
    let active = gloo::utils::document().active_element();
    let at = |n: &web_sys::Node| active.as_ref().is_some_and(|a| a.is_same_node(Some(n)));
    let target = if e.shift_key() && (at(&first) || active.as_ref().is_some_and(|a| a.is_same_node(Some(&d)))) {
        Some(last)
    } else if !e.shift_key() && at(&last) {
        Some(first)
    } else {
        None
    };
    if let Some(el) = target.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
        e.prevent_default();
        let _ = el.focus();
    }
}
