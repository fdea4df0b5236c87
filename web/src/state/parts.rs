//! Parts of the scenario text to edit on their own: a policy document
//! ("Trust policy of BreakGlass") or an entity (a user, group, role,
//! resource or step). A part is found by its path in the JSON, so it can be
//! found again after an undo; while it is edited, its text is spliced back
//! into the scenario's at its place.
//!
//! The part is shown without the indentation of its place in the file and
//! written back with it ([`display`], [`reindent`]); offsets are mapped
//! between the two ([`to_display`]).

use iam_core::document::{self as json, Kind, Node};
use iam_core::DocId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A part of the text being edited on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub path: Vec<Seg>,
    /// What it is, to head its editor: "Trust policy of BreakGlass".
    pub label: String,
    /// Its byte range in the scenario's text.
    pub start: usize,
    pub end: usize,
    /// Spaces taken off every line after its first, to show it.
    pub indent: usize,
}

fn child<'n>(node: &'n Node<'n>, seg: &Seg) -> Option<&'n Node<'n>> {
    match seg {
        Seg::Key(k) => node.get(k),
        Seg::Index(i) => node.items().get(*i),
    }
}

/// The path from `root` to the deepest node holding byte `at`, with the nodes.
fn descend<'n>(root: &'n Node<'n>, at: usize) -> Vec<(Seg, &'n Node<'n>)> {
    let mut out = Vec::new();
    let mut node = root;
    loop {
        let next = match &node.kind {
            Kind::Object(members) => members
                .iter()
                .find(|m| m.value.span.lo() <= at && at < m.value.span.hi().max(m.value.span.lo() + 1))
                .map(|m| (Seg::Key(m.key.to_string()), &m.value)),
            Kind::Array(items) => items
                .iter()
                .enumerate()
                .find(|(_, n)| n.span.lo() <= at && at < n.span.hi())
                .map(|(i, n)| (Seg::Index(i), n)),
            _ => None,
        };
        match next {
            Some((seg, n)) => {
                out.push((seg, n));
                node = n;
            }
            None => return out,
        }
    }
}

fn name_of(node: Option<&Node>) -> String {
    let name = node.and_then(|n| n.get("name").or_else(|| n.get("arn")).or_else(|| n.get("id")));
    name.and_then(Node::as_str).unwrap_or("?").to_string()
}

/// What a part at `path` is called, read from the tree.
fn label(root: &Node, path: &[Seg]) -> String {
    let key = |i: usize| match path.get(i) {
        Some(Seg::Key(k)) => k.as_str(),
        _ => "",
    };
    let node_at = |len: usize| {
        let mut n = Some(root);
        for seg in path.iter().take(len) {
            n = n.and_then(|n| child(n, seg));
        }
        n
    };
    let n = path.len();
    let entity = |kind: &str| match kind {
        "users" => "user",
        "groups" => "group",
        "roles" => "role",
        "resources" => "resource",
        _ => "",
    };
    match n {
        0 => "Scenario".into(),
        _ if key(n - 1) == "trust_policy" => format!("Trust policy of {}", name_of(node_at(n - 1))),
        _ if key(n - 1) == "policy" && n >= 2 => format!("Resource policy of {}", name_of(node_at(n - 1))),
        _ if key(n - 1) == "session_policy" => "Session policy".into(),
        _ if n >= 2 && key(n - 2) == "inline_policies" => {
            let holder = node_at(n - 2);
            let kind = path.get(n.saturating_sub(4)).and_then(|s| match s {
                Seg::Key(k) => Some(entity(k)),
                Seg::Index(_) => None,
            });
            format!("Inline policy {} of {} {}", key(n - 1), kind.unwrap_or(""), name_of(holder)).replace("  ", " ")
        }
        _ if n >= 2 && key(n - 2) == "policies" => format!("Managed policy {}", key(n - 1)),
        _ if n >= 2 && key(n - 2) == "service_control_policies" => format!("SCP {}", key(n - 1)),
        _ if n >= 2 && key(n - 2) == "resource_control_policies" => format!("RCP {}", key(n - 1)),
        _ => match (path.get(n.saturating_sub(2)), path.last()) {
            (Some(Seg::Key(k)), Some(Seg::Index(i))) if k == "steps" => {
                format!("Step {}: {}", i + 1, name_of(node_at(n)))
            }
            (Some(Seg::Key(k)), Some(Seg::Index(_))) if !entity(k).is_empty() => {
                format!("{} {}", capital(entity(k)), name_of(node_at(n)))
            }
            _ => "Part of the scenario".into(),
        },
    }
}

/// An ASCII word with a capital first letter (`char::to_uppercase` would
/// bring Unicode's case tables, 7 KB gzip, into the page).
fn capital(word: &str) -> String {
    let mut out = word.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// Whether the node at `path` is a part of its own: a policy document, or
/// an entity or a step.
fn is_part(node: &Node, path: &[Seg]) -> (bool, bool) {
    let document = node.get("Statement").is_some();
    let entity = matches!(
        (path.len().checked_sub(2).and_then(|i| path.get(i)), path.last()),
        (Some(Seg::Key(k)), Some(Seg::Index(_))) if ["users", "groups", "roles", "resources", "steps"].contains(&k.as_str())
    );
    (document, entity)
}

fn part(text: &str, root: &Node, path: Vec<Seg>, node: &Node) -> Part {
    let (start, end) = (node.span.lo(), node.span.hi());
    let line_start = text.get(..start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let own = text.get(line_start..start).map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
    // Never more than any line after the first has, so that it comes back whole.
    let indent = text
        .get(start..end)
        .unwrap_or("")
        .split('\n')
        .skip(1)
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .fold(own, usize::min);
    Part { label: label(root, &path), path, start, end, indent }
}

/// The part holding byte `at`: the policy document around it, else the
/// entity or step around it; `None` elsewhere.
pub fn part_at(text: &str, at: usize) -> Option<Part> {
    let root = json::parse(text, DocId(0)).0?;
    let chain = descend(&root, at);
    let paths: Vec<Vec<Seg>> =
        (1..=chain.len()).map(|n| chain.iter().take(n).map(|(s, _)| s.clone()).collect()).collect();
    let document = chain.iter().zip(&paths).rev().find(|((_, node), path)| is_part(node, path).0);
    let entity = chain.iter().zip(&paths).rev().find(|((_, node), path)| is_part(node, path).1);
    let ((_, node), path) = document.or(entity)?;
    Some(part(text, &root, path.clone(), node))
}

/// The part at `path` in `text`, found again after the text changed.
pub fn locate(text: &str, path: &[Seg]) -> Option<Part> {
    let root = json::parse(text, DocId(0)).0?;
    let mut node = &root;
    for seg in path {
        node = child(node, seg)?;
    }
    let (document, entity) = is_part(node, path);
    (document || entity).then(|| part(text, &root, path.to_vec(), node))
}

/// The part's text as shown: without its indentation.
pub fn display(text: &str, part: &Part) -> String {
    let body = text.get(part.start..part.end).unwrap_or("");
    let mut out = String::with_capacity(body.len());
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(if i > 0 { line.get(part.indent.min(line.len())..).unwrap_or(line) } else { line });
    }
    out
}

/// A shown text put back at the part's indentation.
pub fn reindent(shown: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    shown.replace('\n', &format!("\n{pad}"))
}

/// A byte of the scenario's text as a byte of the shown part (clamped to it).
pub fn to_display(text: &str, part: &Part, at: usize) -> usize {
    let at = at.clamp(part.start, part.end);
    let before = text.get(part.start..at).unwrap_or("");
    let mut shown = 0;
    for (i, line) in before.split('\n').enumerate() {
        if i > 0 {
            shown += 1;
            shown += line.len().saturating_sub(part.indent);
        } else {
            shown += line.len();
        }
    }
    shown
}

/// A byte of the shown part as a byte of the scenario's text.
pub fn from_display(text: &str, part: &Part, shown: usize) -> usize {
    let body = text.get(part.start..part.end).unwrap_or("");
    let (mut doc, mut left) = (part.start, shown);
    for (i, line) in body.split('\n').enumerate() {
        let cut = if i > 0 { part.indent.min(line.len()) } else { 0 };
        let visible = line.len() - cut;
        if i > 0 {
            doc += 1 + cut;
        }
        if left <= visible {
            return doc + left;
        }
        left -= visible + 1;
        doc += visible;
    }
    part.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn welcome() -> &'static str {
        crate::examples::WELCOME
    }

    #[test]
    fn a_statement_is_inside_its_policy_document_labelled_for_what_it_is() {
        let text = welcome();
        let trust = text.find("\"trust_policy\"").unwrap();
        let p = part_at(text, text[trust..].find('{').unwrap() + trust + 5).unwrap();
        assert_eq!(p.label, "Trust policy of BreakGlass");
        let inline = text.find("\"Sid\": \"IncidentLogsWithMfa\"").unwrap();
        assert_eq!(part_at(text, inline).unwrap().label, "Inline policy MayBreakGlass of user bob");
        let keep = text.find("NoTrailChangesWithoutMfa").unwrap();
        assert_eq!(part_at(text, keep).unwrap().label, "Inline policy KeepTrail of role BreakGlass");
        let step = text.find("\"session_name\": \"bob-incident-42\"").unwrap();
        assert_eq!(part_at(text, step).unwrap().label, "Step 1: bob assumes BreakGlass with MFA for one hour");
        let user = text.find("\"name\": \"bob\"").unwrap();
        assert_eq!(part_at(text, user).unwrap().label, "User bob");
        assert_eq!(part_at(text, 0), None, "the scenario's own fields have no part");
    }

    #[test]
    fn a_part_shows_without_its_indentation_and_goes_back_whole() {
        let text = welcome();
        let at = text.find("NoTrailChangesWithoutMfa").unwrap();
        let p = part_at(text, at).unwrap();
        let shown = display(text, &p);
        assert!(shown.starts_with("{\n  \"Version\": \"2012-10-17\""), "{shown}");
        assert!(shown.ends_with("\n}"));
        assert_eq!(reindent(&shown, p.indent), &text[p.start..p.end]);
        let d = to_display(text, &p, at);
        assert_eq!(&shown[d..d + 24], "NoTrailChangesWithoutMfa");
        assert_eq!(from_display(text, &p, d), at, "and back");
        assert_eq!(from_display(text, &p, 0), p.start);
        assert_eq!(from_display(text, &p, shown.len()), p.end);
        assert_eq!(locate(text, &p.path), Some(p.clone()), "found again by its path");
    }

    #[test]
    fn a_part_is_found_again_after_an_edit_before_it() {
        let text = welcome();
        let p = part_at(text, text.find("NoTrailChangesWithoutMfa").unwrap()).unwrap();
        let edited = text.replacen("\"title\": \"", "\"title\": \"Longer: ", 1);
        let again = locate(&edited, &p.path).unwrap();
        assert_eq!((again.start - p.start, again.label), (8, p.label));
        assert_eq!(locate("{", &p.path), None);
    }
}
