//! The role-assumption chain that led to a step, drawn in SVG: accounts as
//! boundaries, each hop with the trust check and the caller's check apart,
//! and the sessions on a time line.

use super::layer_flow::fit;
use crate::shared::Results;
use iam_core::scenario::chain::{chain, Chain as ChainData, Hop, Party, Tick};
use iam_core::Decision;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChainProps {
    pub results: Results,
    pub selected: usize,
    /// `(id, alias)` of each account the scenario names.
    #[prop_or_default]
    pub aliases: Rc<Vec<(String, String)>>,
}

const WIDTH: i64 = 360;
const NODE_X: i64 = 24;
const NODE_H: i64 = 40;
const EDGE_H: i64 = 70;
const BAND_TOP: i64 = 22;
const AXIS_LEFT: i64 = 24;
const AXIS_RIGHT: i64 = 336;

/// A long ARN cut in its middle, so both its kind and its name show.
pub fn fit_middle(text: &str, fit: usize) -> String {
    let count = text.chars().count();
    if count <= fit {
        return text.to_string();
    }
    let head = fit / 3;
    let tail = fit.saturating_sub(head + 1);
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

/// What a boundary is called: the account's alias and id, or that a
/// service or identity provider is outside every account.
pub fn account_label(party: &Party, aliases: &[(String, String)]) -> String {
    match &party.account {
        Some(id) => match aliases.iter().find(|(a, _)| a == id) {
            Some((_, alias)) => format!("account {alias} ({id})"),
            None => format!("account {id}"),
        },
        None => "outside every account (an AWS service or identity provider)".into(),
    }
}

/// The hop's label beside its arrow: the action, then how each side answered.
pub fn hop_lines(hop: &Hop) -> (String, String) {
    let result = match (&hop.failure, hop.decision) {
        (Some(code), _) => format!("could not be made: {code}"),
        (None, Some(Decision::Allowed)) => "allowed".into(),
        (None, Some(d)) => format!("denied ({})", if d == Decision::ExplicitDeny { "explicit" } else { "implicit" }),
        (None, None) => "not decided".into(),
    };
    let second = match (hop.trust, hop.caller) {
        (Some(t), Some(c)) => {
            let guard = hop.guardrail.map(|l| format!(" · {} ✗", l.short())).unwrap_or_default();
            format!("trust policy {} · caller's policy {}{guard}", t.symbol(), c.symbol())
        }
        _ => match hop.guardrail {
            Some(l) => format!("{result} by the {}", l.short()),
            None => result,
        },
    };
    (hop.action.clone(), second)
}

/// The time of day of an instant, `13:05` (UTC, as scenarios write times).
pub fn clock(t: i128) -> String {
    let seconds = t.div_euclid(1_000_000_000).rem_euclid(86_400);
    format!("{:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}

fn node(party: &Party, y: i64, class: &'static str) -> Html {
    html! {
        <g class={classes!("chain-node", class)} transform={format!("translate({NODE_X} {y})")}>
            <title>{ party.name.clone() }</title>
            <rect width="312" height="40" rx="7" />
            if party.name.is_empty() {
                <text class="none" x="10" y="25">{"nothing: the request was not made"}</text>
            } else {
                <text x="10" y="25">{ fit_middle(&party.name, 46) }</text>
            }
        </g>
    }
}

/// The accounts as boxes behind the nodes: consecutive nodes of one account share one.
fn bands(parties: &[&Party], aliases: &[(String, String)], step: i64) -> Html {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, p) in parties.iter().enumerate() {
        match runs.last_mut() {
            Some((start, end)) if parties.get(*start).is_some_and(|s| s.account == p.account) => *end = i,
            _ => runs.push((i, i)),
        }
    }
    html! { <>{ for runs.into_iter().map(|(start, end)| {
        let Some(first) = parties.get(start) else { return html! {} };
        let top = start as i64 * step;
        let bottom = end as i64 * step + BAND_TOP + NODE_H + 8;
        let outside = first.account.is_none();
        html! {
            <g class={classes!("account-band", outside.then_some("outside"))} transform={format!("translate(4 {})", top + 2)}>
                <rect width="352" height={(bottom - top - 2).to_string()} rx="10" />
                <text x="344" y="14" text-anchor="end">{ fit(&account_label(first, aliases), 50) }</text>
            </g>
        }
    }) }</> }
}

/// The number under each tick; ticks closer than a label's width share the
/// first one's label (`1, 2`), and the others have none.
pub fn tick_labels(ticks: &[Tick], x: impl Fn(i128) -> i64) -> Vec<String> {
    let mut labels: Vec<String> = Vec::with_capacity(ticks.len());
    let mut first: Option<(usize, i64)> = None;
    for (i, t) in ticks.iter().enumerate() {
        let tx = x(t.time);
        let number = if t.expired { format!("{} expired", t.step + 1) } else { (t.step + 1).to_string() };
        match first {
            Some((at, fx)) if tx - fx < 18 => {
                if let Some(label) = labels.get_mut(at) {
                    label.push_str(", ");
                    label.push_str(&number);
                }
                labels.push(String::new());
            }
            _ => {
                first = Some((i, tx));
                labels.push(number);
            }
        }
    }
    labels
}

fn time_line(c: &ChainData, selected: usize, top: i64) -> Html {
    let times = c
        .sessions
        .iter()
        .flat_map(|s| [Some(s.issued_at), s.expires_at])
        .flatten()
        .chain(c.ticks.iter().map(|t| t.time));
    let (Some(start), Some(end)) = (times.clone().min(), times.max()) else { return html! {} };
    let span = (end - start).max(1);
    let x = |t: i128| AXIS_LEFT + ((t - start) * i128::from(AXIS_RIGHT - AXIS_LEFT) / span) as i64;
    let rows = c.sessions.len() as i64;
    let axis_y = top + 26 + rows * 30;
    html! {
        <g class="time-line" aria-label="Time line of the sessions">
            <text class="heading" x="24" y={(top + 12).to_string()}>{"Time line"}</text>
            { for c.sessions.iter().enumerate().map(|(i, s)| {
                let y = top + 24 + i as i64 * 30;
                let from = x(s.issued_at);
                let (to, ends) = match s.expires_at {
                    Some(e) => (x(e), format!("expires {}", clock(e))),
                    None => (AXIS_RIGHT, "rotated by the service".to_string()),
                };
                html! {
                    <g class={classes!("session-bar", s.expires_at.is_none().then_some("rotating"))} transform={format!("translate({from} {y})")}>
                        <title>{ format!("session {} of step {}: issued at {} UTC, {ends}", s.name, s.step + 1, clock(s.issued_at)) }</title>
                        <rect y="6" width={(to - from).max(2).to_string()} height="10" rx="3" />
                        <text y="2">{ fit(&format!("session {} · {ends}", s.name), 44) }</text>
                    </g>
                }
            }) }
            <g transform={format!("translate(0 {axis_y})")}>
                <line class="axis" x1="24" x2="336" />
                <text class="axis-time" x="24" y="28">{ clock(start) }</text>
                <text class="axis-time" x="336" y="28" text-anchor="end">{ clock(end) }</text>
            </g>
            { for c.ticks.iter().zip(tick_labels(&c.ticks, x)).map(|(t, number)| {
                let tx = x(t.time);
                let label = format!("step {} at {} UTC{}", t.step + 1, clock(t.time), if t.expired { ", after its session expired" } else { "" });
                html! {
                    <g class={classes!("tick", t.expired.then_some("expired"), (t.step == selected).then_some("selected"))} aria-label={label.clone()}
                        transform={format!("translate({tx} {axis_y})")}>
                        <title>{ label }</title>
                        <line y1="-6" y2="6" />
                        <text y="17" text-anchor={if tx > AXIS_RIGHT - 36 { "end" } else if tx < AXIS_LEFT + 36 { "start" } else { "middle" }}>
                            { number }
                        </text>
                    </g>
                }
            }) }
        </g>
    }
}

#[function_component(Chain)]
pub fn chain_view(props: &ChainProps) -> Html {
    let c = chain(&props.results, props.selected);
    let Some(first) = c.hops.first() else { return html! {} };
    let parties: Vec<&Party> = std::iter::once(&first.from).chain(c.hops.iter().map(|h| &h.to)).collect();
    let step = NODE_H + EDGE_H;
    let chain_height = parties.len() as i64 * step - EDGE_H + BAND_TOP + 12;
    let timeline_height = if c.sessions.is_empty() { 0 } else { 70 + c.sessions.len() as i64 * 30 };
    let height = chain_height + timeline_height;
    let notes: Vec<&iam_core::scenario::SessionNote> = props
        .results
        .iter()
        .filter(|r| c.hops.iter().any(|h| h.step == r.index))
        .filter_map(|r| r.session.as_ref())
        .flat_map(|s| s.notes.iter())
        .collect();
    html! {
        <>
        <svg class="chain-graph" viewBox={format!("0 0 {WIDTH} {height}")} role="group" aria-label="Role assumption chain"
            xmlns="http://www.w3.org/2000/svg">
            <defs>
                <marker id="chain-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0 0 L8 4 L0 8 z" class="arrow-head" />
                </marker>
            </defs>
            { bands(&parties, &props.aliases, step) }
            { node(&first.from, BAND_TOP, "who") }
            { for c.hops.iter().enumerate().map(|(i, hop)| {
                let y = BAND_TOP + i as i64 * step + NODE_H;
                let allowed = hop.decision == Some(Decision::Allowed) && hop.failure.is_none();
                let (action, result) = hop_lines(hop);
                let label = format!("step {}: {action}: {result}", hop.step + 1);
                html! { <>
                    <g class={classes!("hop", if allowed { "allow" } else { "deny" })} aria-label={label.clone()} transform={format!("translate(44 {y})")}>
                        <title>{ label }</title>
                        <line y2="68" marker-end="url(#chain-arrow)" />
                        <text class="hop-action" x="12" y="30">{ fit(&format!("{}. {action}", hop.step + 1), 40) }</text>
                        <text class="hop-result" x="12" y="46">{ fit(&result, 48) }</text>
                    </g>
                    { node(&hop.to, y + EDGE_H, if allowed { "allow" } else { "deny" }) }
                </> }
            }) }
            if !c.sessions.is_empty() { { time_line(&c, props.selected, chain_height) } }
        </svg>
        if !notes.is_empty() {
            <ul class="session-notes">{ for notes.iter().map(|n| html! { <li>{ n.describe() }</li> }) }</ul>
        }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::examples::EXAMPLES;

    fn chain_of(file: &str, index: usize) -> ChainData {
        let example = EXAMPLES.iter().find(|e| e.file == file).unwrap();
        chain(&analyse(example.text()).results.unwrap(), index)
    }

    /// A bug fixed: the caller's side was marked ✗ whenever the step was
    /// denied, though the caller's own policy allowed and the trust policy
    /// was what refused.
    #[test]
    fn each_side_of_an_assumption_is_said_apart() {
        assert_eq!(hop_lines(&chain_of("break-glass-admin.json", 4).hops[0]).1, "trust policy ✗ · caller's policy ✓");
        assert_eq!(
            hop_lines(&chain_of("cross-account-devops.json", 3).hops[0]).1,
            "trust policy ✓ · caller's policy ✗"
        );
        assert_eq!(
            hop_lines(&chain_of("lambda-function-role.json", 0).hops[0]).1,
            "trust policy ✓ · caller's policy not needed"
        );
    }

    #[test]
    fn a_hop_after_the_assumption_says_its_result_and_the_guardrail_that_refused() {
        let c = chain_of("cross-account-devops.json", 2);
        assert_eq!(
            hop_lines(&c.hops[1]),
            ("organizations:LeaveOrganization".into(), "denied (explicit) by the SCPs".into())
        );
        let expired = chain_of("break-glass-admin.json", 3);
        assert_eq!(hop_lines(&expired.hops[1]).1, "could not be made: sts/expired-token");
    }

    #[test]
    fn accounts_are_named_by_alias_and_id_and_services_are_outside_every_account() {
        let aliases = vec![("222222222222".to_string(), "prod".to_string())];
        let c = chain_of("cross-account-devops.json", 1);
        assert_eq!(account_label(&c.hops[0].to, &aliases), "account prod (222222222222)");
        assert_eq!(account_label(&c.hops[0].from, &aliases), "account 999999999999");
        let lambda = chain_of("lambda-function-role.json", 1);
        assert!(account_label(&lambda.hops[0].from, &aliases).starts_with("outside every account"));
    }

    #[test]
    fn the_time_line_reads_times_of_day_and_marks_the_step_after_expiry() {
        let c = chain_of("break-glass-admin.json", 3);
        let s = &c.sessions[0];
        assert_eq!((clock(s.issued_at), clock(s.expires_at.unwrap())), ("13:05".to_string(), "14:05".to_string()));
        assert_eq!(c.ticks.iter().map(|t| (t.step, t.expired)).collect::<Vec<_>>(), vec![(0, false), (3, true)]);
        assert_eq!(clock(-1), "23:59");
    }

    #[test]
    fn ticks_too_close_to_label_apart_share_one_label() {
        let tick = |step, time, expired| Tick { step, time, expired };
        let ticks = [tick(0, 0, false), tick(1, 5, false), tick(2, 100, false), tick(3, 200, true)];
        assert_eq!(tick_labels(&ticks, |t| t as i64), vec!["1, 2", "", "3", "4 expired"]);
    }

    #[test]
    fn a_long_arn_keeps_its_start_and_its_name() {
        let arn = "arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/dana";
        let cut = fit_middle(arn, 46);
        assert_eq!(cut.chars().count(), 46);
        assert!(cut.starts_with("arn:aws:sts::2") && cut.ends_with("AccessRole/dana"), "{cut}");
        assert_eq!(fit_middle("user/bob", 46), "user/bob");
    }
}
