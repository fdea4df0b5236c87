//! Long lists (steps, trace statements, outline entries) draw a page of
//! items at a time, so a scenario with thousands of them never costs
//! thousands of elements; "Show more" draws the next page.

use yew::prelude::*;

/// Items drawn per page.
pub const PAGE: usize = 100;

/// How many items a list draws: a page more each time the button is used.
#[hook]
pub fn use_page_limit() -> UseStateHandle<usize> {
    use_state(|| PAGE)
}

/// The button under a list of `total` items of which `limit` are drawn
/// (nothing when all are).
pub fn more_button(limit: &UseStateHandle<usize>, total: usize, what: &str) -> Html {
    let shown = (**limit).min(total);
    if shown >= total {
        return html! {};
    }
    let next = PAGE.min(total - shown);
    let onclick = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE))
    };
    html! {
        <button class="button small more" {onclick}>
            { format!("Show {next} more {what} ({shown} of {total} shown)") }
        </button>
    }
}
