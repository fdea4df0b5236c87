//! Who can become whom: users and services on the left, then the roles
//! they reach, one column per assumption; an edge says what the caller had
//! to supply. Drawn in SVG, and listed as sentences for screen readers.

use super::{measured, pending, short, use_reply, Asked};
use crate::account::wire::{Body, GraphView, NodeView, Request};
use crate::worker::Asker;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// Nodes drawn at most; the rest are counted.
const MAX_NODES: usize = 200;
const WIDTH: f64 = 210.0;
const HEIGHT: f64 = 44.0;
const COLUMN: f64 = 330.0;
const ROW: f64 = 60.0;
const MARGIN: f64 = 16.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub asker: Asker,
    pub text: Rc<str>,
}

/// Each drawn node's column (assumptions from a user or service) and row.
pub fn layout(g: &GraphView) -> BTreeMap<&str, (usize, usize)> {
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    for n in g.nodes.iter().filter(|n| n.kind != "role") {
        if g.edges.iter().any(|e| e.from == n.id) {
            depth.insert(n.id.as_str(), 0);
        }
    }
    // Shortest number of assumptions from a user or a service.
    for _ in 0..g.nodes.len() {
        let mut changed = false;
        for e in &g.edges {
            if let Some(&d) = depth.get(e.from.as_str()) {
                let known = depth.get(e.to.as_str()).copied();
                if known.is_none_or(|k| k > d + 1) {
                    depth.insert(e.to.as_str(), d + 1);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut order: Vec<(&str, usize)> =
        g.nodes.iter().filter_map(|n| depth.get(n.id.as_str()).map(|&d| (n.id.as_str(), d))).collect();
    order.sort_by_key(|&(_, d)| d);
    let mut rows: BTreeMap<usize, usize> = BTreeMap::new();
    order
        .into_iter()
        .take(MAX_NODES)
        .map(|(id, d)| {
            let row = rows.entry(d).or_insert(0);
            *row += 1;
            (id, (d, *row - 1))
        })
        .collect()
}

fn position((column, row): (usize, usize)) -> (f64, f64) {
    (MARGIN + column as f64 * COLUMN, MARGIN + row as f64 * ROW)
}

fn node(n: &NodeView, at: (usize, usize)) -> Html {
    let (x, y) = position(at);
    let sub = n.account.as_ref().map_or_else(|| "AWS service".to_string(), |a| format!("account {a}"));
    html! {
        <g class={classes!("graph-node", n.kind.clone())}>
            <title>{ n.id.clone() }</title>
            <rect x={x.to_string()} y={y.to_string()} width={WIDTH.to_string()} height={HEIGHT.to_string()} rx="6" />
            <text x={(x + 8.0).to_string()} y={(y + 18.0).to_string()}>{ short(&n.id) }</text>
            <text class="graph-sub" x={(x + 8.0).to_string()} y={(y + 35.0).to_string()}>{ sub }</text>
        </g>
    }
}

fn draw(g: &GraphView) -> Html {
    let at = layout(g);
    let columns = at.values().map(|(c, _)| c + 1).max().unwrap_or(1);
    let rows = at.values().map(|(_, r)| r + 1).max().unwrap_or(1);
    let width = MARGIN * 2.0 + (columns as f64 - 1.0) * COLUMN + WIDTH;
    let height = MARGIN * 2.0 + (rows as f64 - 1.0) * ROW + HEIGHT;
    let edges = g.edges.iter().filter_map(|e| {
        let (from, to) = (at.get(e.from.as_str())?, at.get(e.to.as_str())?);
        let ((x1, y1), (x2, y2)) = (position(*from), position(*to));
        let (x1, y1, x2, y2) = (x1 + WIDTH, y1 + HEIGHT / 2.0, x2, y2 + HEIGHT / 2.0);
        let bend = ((x2 - x1).abs() / 2.0).max(40.0);
        let d = format!("M{x1} {y1} C{} {y1} {} {y2} {x2} {y2}", x1 + bend, x2 - bend);
        let label = (!e.with.is_empty()).then(|| {
            html! { <text class="graph-with" x={((x1 + x2) / 2.0).to_string()} y={((y1 + y2) / 2.0 - 4.0).to_string()}>{ format!("with {}", e.with.join(", ")) }</text> }
        });
        Some(html! { <g class="graph-edge"><path d={d} marker-end="url(#graph-arrow)" />{ for label }</g> })
    });
    let nodes = g.nodes.iter().filter_map(|n| at.get(n.id.as_str()).map(|p| node(n, *p)));
    html! {
        <div class="graph-scroll" tabindex="0" aria-label="Who can become whom, drawn">
            <svg class="graph" width={width.to_string()} height={height.to_string()}
                viewBox={format!("0 0 {width} {height}")} role="img" aria-labelledby="graph-caption">
                <title id="graph-caption">{"Who can become whom: an arrow is a role assumption the model allows"}</title>
                <defs>
                    <marker id="graph-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                        <path d="M0 0 L10 5 L0 10 z" />
                    </marker>
                </defs>
                { for edges }
                { for nodes }
            </svg>
        </div>
    }
}

#[function_component(Graph)]
pub fn graph(props: &Props) -> Html {
    let (asked, ask) = use_reply(props.asker.clone(), props.text.clone());
    {
        let ask = ask.clone();
        use_effect_with(props.text.clone(), move |_| ask.emit(Request::Graph));
    }
    if let Some(status) = pending(&asked) {
        return status;
    }
    let Asked::Answered(reply) = &*asked else { return html! {} };
    let Body::Graph(g) = &reply.body else { return html! {} };
    let unreached = g.nodes.iter().filter(|n| n.kind == "role" && !n.reached).count();
    let drawn = layout(g).len();
    let connected = g.nodes.iter().filter(|n| g.edges.iter().any(|e| e.from == n.id || e.to == n.id)).count();
    let mut notes = vec![format!(
        "{} assumption{} between {connected} principals",
        g.edges.len(),
        if g.edges.len() == 1 { "" } else { "s" }
    )];
    if unreached > 0 {
        notes.push(format!(
            "{unreached} role{} that no principal of the model can assume",
            if unreached == 1 { "" } else { "s" }
        ));
    }
    if drawn < connected {
        notes.push(format!("the first {drawn} are drawn"));
    }
    html! {
        <div class="graph-view" data-edges={g.edges.len().to_string()}>
            <p role="status">{ format!("{}.", notes.join("; ")) }</p>
            <p class="muted">{ measured(reply) }</p>
            if g.edges.is_empty() {
                <p>{"No principal of this model can assume a role."}</p>
            } else {
                { draw(g) }
                <details>
                    <summary>{"As a list"}</summary>
                    <ul class="edge-list">
                        { for g.edges.iter().map(|e| {
                            let with = if e.with.is_empty() { String::new() } else { format!(" with {}", e.with.join(", ")) };
                            html! { <li>{ format!("{} can become {}{with}", e.from, e.to) }</li> }
                        }) }
                    </ul>
                </details>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::wire::EdgeView;

    fn n(id: &str, kind: &str) -> NodeView {
        NodeView { id: id.into(), kind: kind.into(), account: None, reached: true }
    }

    fn e(from: &str, to: &str) -> EdgeView {
        EdgeView { from: from.into(), to: to.into(), with: Vec::new() }
    }

    #[test]
    fn columns_count_assumptions_from_a_user_or_service_and_lonely_nodes_are_not_drawn() {
        let g = GraphView {
            nodes: vec![n("u", "user"), n("lonely", "user"), n("a", "role"), n("b", "role"), n("svc", "service")],
            edges: vec![e("u", "a"), e("a", "b"), e("svc", "b")],
        };
        let at = layout(&g);
        assert_eq!(at.get("u"), Some(&(0, 0)));
        assert_eq!(at.get("svc"), Some(&(0, 1)));
        assert_eq!(at.get("a"), Some(&(1, 0)));
        assert_eq!(at.get("b").map(|p| p.0), Some(1), "the shortest way: from the service");
        assert!(!at.contains_key("lonely"));
    }
}
