//! The evaluation drawn as AWS's flow of gates, in SVG: the path the request
//! took, the gate that decided, and a link from each gate to its statement.

use super::statements::open_action;
use crate::store::Action;
use iam_core::explain::flow::{flow, Flow, Gate, GateKind, GateState};
use iam_core::explain::{Decision, Evaluation, Verdict};
use yew::prelude::*;

const WIDTH: u32 = 360;
const BOX_W: u32 = 268;
const BOX_H: u32 = 44;
const GAP: u32 = 16;
const MID: u32 = BOX_W / 2;
const END_X: u32 = BOX_W + 22;
/// About how many characters fit on a gate's two lines.
const TITLE_FIT: usize = 34;
const LINE_FIT: usize = 42;

/// `text` cut to `fit` characters with an ellipsis, backticks dropped (SVG text shows no code).
pub fn fit(text: &str, fit: usize) -> String {
    let plain: String = text.chars().filter(|c| *c != '`').collect();
    if plain.chars().count() <= fit {
        return plain;
    }
    let cut: String = plain.chars().take(fit.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// The gate's second line: what it said, and the statement behind it.
pub fn gate_line(g: &Gate) -> String {
    let verdict = match (&g.kind, g.verdict) {
        (GateKind::ExplicitDeny, Verdict::ExplicitDeny) => "yes: a Deny applies",
        (GateKind::ExplicitDeny, _) => "no Deny applies",
        (_, v) => v.describe(),
    };
    match &g.statement {
        Some(s) => {
            let name = iam_core::explain::summary::policy_name(&s.policy);
            match &s.sid {
                Some(sid) => format!("{verdict} · {name} › {sid}"),
                None => format!("{verdict} · {name} › statement {}", s.statement + 1),
            }
        }
        // Where the policies alone do not say, the note does ("no organization").
        None => match g.note {
            Some(note) => format!("{verdict} · {}", note.describe()),
            None => verdict.to_string(),
        },
    }
}

fn icon(g: &Gate) -> &'static str {
    match (&g.kind, g.verdict) {
        (GateKind::ExplicitDeny, Verdict::ExplicitDeny) | (_, Verdict::ExplicitDeny) => "⊘",
        (GateKind::ExplicitDeny, _) | (_, Verdict::Allows) => "✓",
        (_, Verdict::ImplicitDeny) => "✗",
        _ => "–",
    }
}

/// The gate in words, for screen readers and the tooltip.
pub fn gate_label(g: &Gate) -> String {
    let state = match g.state {
        GateState::Decided => " — decided here",
        GateState::NotReached => " — not reached",
        GateState::NotApplicable | GateState::Passed => "",
    };
    // The note is in the line already when no statement took its place.
    let note = g.note.filter(|_| g.statement.is_some()).map(|n| format!(" ({})", n.describe())).unwrap_or_default();
    format!("{}: {}{note}{state}", g.title.replace('`', ""), gate_line(g).replace('`', ""))
}

/// Whether the request goes on past each gate: until a gate decides a deny.
fn continues(f: &Flow) -> Vec<bool> {
    let mut on = true;
    f.gates
        .iter()
        .map(|g| {
            let here = on;
            if g.state == GateState::Decided && f.outcome != Decision::Allowed {
                on = false;
            }
            here && on
        })
        .collect()
}

fn gate_view(g: &Gate, on_path: bool, open: Option<Callback<()>>) -> Html {
    let class = classes!(
        "gate",
        g.state.as_str(),
        on_path.then_some("on-path"),
        match g.verdict {
            Verdict::Allows => Some("allow"),
            Verdict::ExplicitDeny | Verdict::ImplicitDeny => Some("deny"),
            _ => None,
        },
        open.is_some().then_some("link")
    );
    let label = gate_label(g);
    let (onclick, onkeydown) = match open {
        Some(open) => {
            let click = open.clone();
            (
                Some(Callback::from(move |_: MouseEvent| click.emit(()))),
                Some(Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Enter" || e.key() == " " {
                        e.prevent_default();
                        open.emit(());
                    }
                })),
            )
        }
        None => (None, None),
    };
    let focusable = onclick.is_some();
    html! {
        <g {class} aria-label={label.clone()}
            role={focusable.then_some("button")} tabindex={focusable.then_some("0")} {onclick} {onkeydown}>
            <title>{ label }</title>
            <rect class="gate-box" x="1" y="1" width="266" height="42" rx="7" />
            // A space ends each text, so that read together they stay words
            // of the label (the drawing collapses it).
            <text class="gate-title" x="12" y="18">{ format!("{} ", fit(&g.title, TITLE_FIT)) }</text>
            <text class="gate-line" x="12" y="35">{ format!("{} ", fit(&gate_line(g), LINE_FIT)) }</text>
            <text class="gate-icon" x="248" y="18">{ icon(g) }</text>
        </g>
    }
}

/// A rounded end of the flow, 70 wide, at `x`, `y`.
fn terminal(x: u32, y: u32, text: &'static str, class: &'static str, reached: bool) -> Html {
    html! {
        <g class={classes!("terminal", class, reached.then_some("on-path"))} transform={format!("translate({x} {y})")}>
            <rect x="1" y="1" width="68" height="42" rx="21" />
            <text x="35" y="27" text-anchor="middle">{ text }</text>
        </g>
    }
}

/// The drawing of one evaluation.
pub fn layer_flow(ev: &Evaluation, index: usize, dispatch: &Callback<Action>) -> Html {
    let marker = format!("flow-arrow-{index}");
    let arrow = format!("url(#{marker})");
    let f = flow(ev);
    let on = continues(&f);
    let rows = f.gates.len() as u32;
    let step = BOX_H + GAP;
    let height = (rows + 1) * step;
    let decided_deny =
        f.gates.iter().position(|g| g.state == GateState::Decided).filter(|_| f.outcome != Decision::Allowed);
    let deny_text = if f.outcome == Decision::ExplicitDeny { "Explicit deny" } else { "Implicit deny" };
    let allowed = f.outcome == Decision::Allowed;
    let summary = match decided_deny.and_then(|i| f.gates.get(i)) {
        Some(g) => format!("Evaluation flow: {} at {}", deny_text.to_ascii_lowercase(), g.title.replace('`', "")),
        None => "Evaluation flow: every gate passed, allowed".to_string(),
    };
    html! {
        <svg class="layer-flow" viewBox={format!("0 0 {WIDTH} {height}")} role="group" aria-label={summary}
            xmlns="http://www.w3.org/2000/svg">
            <defs>
                <marker id={marker} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0 0 L8 4 L0 8 z" class="arrow-head" />
                </marker>
            </defs>
            { for f.gates.iter().enumerate().map(|(i, g)| {
                let y = i as u32 * step;
                let open = g.statement.as_ref().and_then(open_action)
                    .or_else(|| g.policy.map(|(_, span)| Action::Focus(span.lo(), span.hi())))
                    .map(|action| { let d = dispatch.clone(); Callback::from(move |()| d.emit(action.clone())) });
                let edge_on = on.get(i).copied().unwrap_or(false);
                let is_last = i + 1 == f.gates.len();
                // Coordinates inside the row are fixed: BOX_W 268, BOX_H 44, GAP 16, END_X 290.
                html! { <g transform={format!("translate(0 {y})")}>
                    { gate_view(g, g.state == GateState::Passed || g.state == GateState::Decided, open) }
                    <line class={classes!("edge", edge_on.then_some("on-path"))} x1="134" y1="44" x2="134" y2="58" marker-end={arrow.clone()} />
                    if decided_deny == Some(i) {
                        <line class="edge on-path deny" x1="268" y1="22" x2="288" y2="22" marker-end={arrow.clone()} />
                        { terminal(END_X, 0, "Deny", "deny", true) }
                    }
                    if is_last {
                        { terminal(MID - 35, step, "Allow", "allow", allowed) }
                    }
                </g> }
            }) }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_are_cut_with_an_ellipsis_and_code_marks_dropped() {
        assert_eq!(fit("SCPs · OU `Workloads`", 34), "SCPs · OU Workloads");
        assert_eq!(fit("RCPs · account `222222222222` and more text here", 20), "RCPs · account 2222…");
    }

    fn gates(file: &str, index: usize) -> Vec<Gate> {
        let example = crate::examples::EXAMPLES.iter().find(|e| e.file == file).unwrap();
        let results = crate::analysis::analyse(example.text()).results.unwrap();
        flow(&results[index].evaluations[0].evaluation).gates
    }

    #[test]
    fn a_gate_says_its_verdict_and_names_its_statement_by_policy_and_sid_or_position() {
        let denied = gates("scp-region-guardrail.json", 1);
        assert_eq!(gate_line(&denied[0]), "yes: a Deny applies · `DenyOutsideEU` › DenyOutsideApprovedRegions");
        assert_eq!(
            gate_label(&denied[0]),
            "Explicit deny?: yes: a Deny applies · DenyOutsideEU › DenyOutsideApprovedRegions — decided here"
        );
        let bob = gates("break-glass-admin.json", 4);
        let identity = bob.iter().find(|g| g.title == "Identity policies").unwrap();
        assert_eq!(gate_label(identity), "Identity policies: allows · MayBreakGlass › statement 1 — not reached");
        let trust = bob.iter().find(|g| g.title == "Trust policy").unwrap();
        assert_eq!(
            gate_label(trust),
            "Trust policy: implicit deny · trust policies and KMS key policies must allow explicitly, even within one account — decided here"
        );
        // A layer with a note says it.
        let rcp = denied.iter().find(|g| g.title.starts_with("RCPs")).unwrap();
        assert_eq!(gate_line(rcp), "allows · RCPFullAWSAccess is attached at every level");
    }

    #[test]
    fn the_request_goes_on_until_a_gate_decides_a_deny_and_through_every_gate_when_allowed() {
        let f = |file: &str, i: usize| {
            let example = crate::examples::EXAMPLES.iter().find(|e| e.file == file).unwrap();
            let results = crate::analysis::analyse(example.text()).results.unwrap();
            flow(&results[i].evaluations[0].evaluation)
        };
        let denied = f("break-glass-admin.json", 4);
        let trust = denied.gates.iter().position(|g| g.title == "Trust policy").unwrap();
        let on = continues(&denied);
        assert!(on[..trust].iter().all(|c| *c) && on[trust..].iter().all(|c| !*c), "{on:?}");
        let allowed = f("break-glass-admin.json", 0);
        assert!(continues(&allowed).iter().all(|c| *c));
    }
}
