//! A panic is never silent: it shows a notice in the page with the message
//! and a way to reload, instead of a frozen tab with an error in the console.

/// The notice's text for a panic message.
pub fn notice_text(message: &str) -> String {
    format!(
        "Something went wrong inside the playground ({message}). Your last saved work is kept in this browser: reload the page to continue."
    )
}

/// Installs the hook; call once, before the app renders.
pub fn install() {
    std::panic::set_hook(Box::new(|info| show(&notice_text(&message(info)))));
}

/// The message a panic was raised with.
pub fn message(info: &std::panic::PanicHookInfo<'_>) -> String {
    info.payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an internal error".into())
}

fn show(text: &str) {
    let document = gloo::utils::document();
    let Some(body) = document.body() else { return };
    let Ok(notice) = document.create_element("div") else { return };
    notice.set_class_name("panic-notice");
    let _ = notice.set_attribute("role", "alert");
    notice.set_text_content(Some(text));
    if let Ok(button) = document.create_element("button") {
        button.set_text_content(Some("Reload"));
        // A listener, not an inline handler: the Content-Security-Policy forbids those.
        gloo::events::EventListener::new(&button, "click", |_| {
            let _ = gloo::utils::window().location().reload();
        })
        .forget();
        let _ = notice.append_child(&button);
    }
    let _ = body.prepend_with_node_1(&notice);
}

#[cfg(test)]
mod tests {
    #[test]
    fn notice_names_the_problem_and_the_way_out() {
        let text = super::notice_text("index out of bounds");
        assert!(text.contains("(index out of bounds)") && text.contains("reload the page"), "{text}");
    }
}
