//! What would change a step's answer: small edits to the scenario's text that
//! flip its decision. For a denied step, edits that would allow it; for an
//! allowed one, edits that would deny it (what guards the door).
//!
//! Every suggestion is proven: its edits are applied to a copy of the text,
//! the copy is read and run again, and only edits that really flip the
//! step's decision are kept. They are ranked by how little they grant, and
//! one that grants broadly (a new `*`) is flagged as such.
//!
//! The candidates come from the step's summary:
//! - the closest statement of an implicit deny, with every failing element
//!   fixed at once: the action, the resource or the request's value of a
//!   condition added to that element's list;
//! - the statement of an explicit deny, removed;
//! - for an allowed step, the allowing statement, removed.

use super::StepResult;
use crate::diag::{DocId, Span};
use crate::explain::summary::{Cite, Miss, Summary};
use crate::explain::Decision;
use crate::json::Node;
use serde::{Deserialize, Serialize};

/// A replacement of the text under `span` (bytes of the scenario's text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextEdit {
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    /// What the edit does, in a sentence.
    pub description: String,
    /// The edits, applied together; in text order, never overlapping.
    pub edits: Vec<TextEdit>,
    /// It would grant more than the request needs (a new `*`).
    pub grants_broadly: bool,
    /// The step's decision once the edits are made (from running them).
    pub decision: Decision,
    /// How many values the edit adds or removes (the ranking: fewer first).
    pub size: usize,
}

/// An edit not yet proven: what a [`Suggestion`] is before it is run.
struct Candidate {
    description: String,
    edits: Vec<TextEdit>,
    grants_broadly: bool,
    size: usize,
}

/// Suggestions for step `step` of `results`, the run of `text` (document
/// `doc`). `run` reads a text the way the caller does (with its AWS managed
/// policies) and runs its first steps, as many as asked; `None` when the
/// text does not evaluate (or the caller's budget for proofs is spent).
pub fn suggestions(
    text: &str,
    doc: DocId,
    results: &[StepResult],
    step: usize,
    run: &dyn Fn(&str, usize) -> Option<Vec<StepResult>>,
) -> Vec<Suggestion> {
    let Some(result) = results.get(step) else { return Vec::new() };
    let Some(decision) = result.decision else { return Vec::new() };
    let mut candidates: Vec<Candidate> = Vec::new();
    let allowed = decision == Decision::Allowed;
    let summaries = result.evaluations.iter().filter_map(|e| e.summary.as_ref());
    for summary in summaries {
        match summary {
            Summary::ImplicitDeny { closest: Some(closest), .. } if !allowed => {
                if closest.cite.doc == doc {
                    candidates.extend(fix_closest(text, &closest.cite, &closest.misses, summary));
                }
                candidates.extend(supply_keys(text, step, &closest.misses));
            }
            Summary::ExplicitDeny { by, .. } if !allowed => {
                candidates.extend(by.iter().filter(|c| c.doc == doc).filter_map(|c| remove(text, c, "deny")));
            }
            Summary::Allowed { by, .. } if allowed => {
                candidates.extend(by.iter().filter(|c| c.doc == doc).filter_map(|c| remove(text, c, "allow")));
            }
            _ => {}
        }
    }
    // The evaluations of one step (an AssumeRole and its TagSession) often
    // name the same statements: each edit is tried once.
    let mut seen: Vec<Vec<TextEdit>> = Vec::new();
    candidates.retain(|c| {
        let new = !seen.contains(&c.edits);
        if new {
            seen.push(c.edits.clone());
        }
        new
    });
    let mut proven: Vec<Suggestion> = candidates
        .into_iter()
        .filter_map(|c| {
            let edited = apply(text, &c.edits)?;
            let after = run(&edited, step + 1)?.get(step)?.decision?;
            let flipped = (after == Decision::Allowed) != allowed;
            flipped.then_some(Suggestion {
                description: c.description,
                edits: c.edits,
                grants_broadly: c.grants_broadly,
                decision: after,
                size: c.size,
            })
        })
        .collect();
    proven.sort_by_key(|s| (s.grants_broadly, s.size));
    proven
}

/// The text with `edits` made, or `None` when they overlap or leave the text.
pub fn apply(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for edit in edits {
        out.push_str(text.get(at..edit.span.lo())?);
        out.push_str(&edit.text);
        at = edit.span.hi();
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

fn quote(value: &str) -> String {
    Node::string(value).to_compact()
}

/// An edit adding `"key": <value>` (`value` is JSON text) to the `context`
/// of step `step` of the scenario `text`, creating the object when needed;
/// `None` when the step already has the key or the text is not readable.
pub fn context_entry(text: &str, step: usize, key: &str, value: &str) -> Option<TextEdit> {
    let (root, _) = crate::json::parse(text, DocId(0));
    let root = root?;
    let step_node = root.get("steps")?.items().get(step).filter(|n| n.as_object().is_some())?;
    let members = step_node.as_object()?;
    let entry = format!("{}: {value}", quote(key));
    let (at, insert) = match members.iter().find(|m| m.key == "context") {
        Some(context) => {
            let object = context.value.as_object()?;
            if object.iter().any(|m| m.key.eq_ignore_ascii_case(key)) {
                return None;
            }
            let close = context.value.span.hi().checked_sub(1)?;
            let at = text.get(..close)?.trim_end().len();
            let sep = if object.is_empty() { "" } else { ", " };
            (at, format!("{sep}{entry}"))
        }
        None => (step_node.span.lo() + 1, format!("\"context\": {{ {entry} }}, ")),
    };
    Some(TextEdit { span: Span::new(at, at), text: insert })
}

/// An edit adding `value` to the string or array of strings under `at`.
fn add_to_list(text: &str, at: Span, value: &str) -> Option<TextEdit> {
    let written = at.text(text);
    if !written.starts_with('[') {
        return Some(TextEdit { span: at, text: format!("[{written}, {}]", quote(value)) });
    }
    // Inserted after the last value, before the closing bracket: the
    // formatting around it is kept.
    let inner = written.get(..written.len().checked_sub(1)?)?.trim_end();
    let at_end = at.lo() + inner.len();
    let text = if inner == "[" { quote(value) } else { format!(", {}", quote(value)) };
    Some(TextEdit { span: Span::new(at_end, at_end), text })
}

/// An edit naming `value` under `key` in the `Principal` object under `at`
/// (added to that key's list, or as a new key); `None` for `"*"`, which
/// already names everyone.
fn name_principal(text: &str, at: Span, key: &str, value: &str) -> Option<TextEdit> {
    let written = at.text(text);
    let (node, _) = crate::json::parse(written, DocId(0));
    let members = node?.as_object()?.to_vec();
    match members.iter().find(|m| m.key == key) {
        Some(m) => {
            let inner = Span::new(at.lo() + m.value.span.lo(), at.lo() + m.value.span.hi());
            add_to_list(text, inner, value)
        }
        None => {
            let close = at.hi().checked_sub(1)?;
            let end = text.get(..close)?.trim_end().len();
            let sep = if members.is_empty() { "" } else { ", " };
            Some(TextEdit { span: Span::new(end, end), text: format!("{sep}{}: {}", quote(key), quote(value)) })
        }
    }
}

fn fix_closest(text: &str, cite: &Cite, misses: &[Miss], summary: &Summary) -> Option<Candidate> {
    let asked = summary.asked();
    let mut edits = Vec::new();
    let mut said = Vec::new();
    let mut broad = false;
    for miss in misses {
        match miss {
            Miss::Action { negated: false, at, .. } => {
                edits.push(add_to_list(text, *at, &asked.action)?);
                said.push(format!("add `{}` to its `Action`", asked.action));
                broad |= asked.action.contains('*');
            }
            Miss::Resource { negated: false, at, .. } => {
                edits.push(add_to_list(text, *at, &asked.resource)?);
                said.push(format!("add `{}` to its `Resource`", asked.resource));
                broad |= asked.resource.contains('*');
            }
            Miss::Principal { negated: false, at, .. } => {
                let (key, value) = asked.principal.as_ref()?;
                edits.push(name_principal(text, *at, key, value)?);
                said.push(format!("name `{value}` in its `Principal`"));
            }
            Miss::Condition { key, operator, request: Some(values), at, .. } if !values.is_empty() => {
                let value = values.first()?;
                edits.push(add_to_list(text, *at, value)?);
                said.push(format!("let its condition `{key}` {operator} also accept `{value}`"));
                broad |= value.contains('*');
            }
            // An absent key, a negated element or a missing one: no edit of
            // this statement makes it apply.
            _ => return None,
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.span.lo());
    if edits.windows(2).any(|w| w.first().map(|a| a.span.hi()) > w.get(1).map(|b| b.span.lo())) {
        return None;
    }
    let size = edits.len();
    let description =
        format!("In {}, {}.", crate::explain::summary::cite_label(cite), crate::explain::summary::join_and(&said));
    Some(Candidate { description, edits, grants_broadly: broad, size })
}

/// For conditions that failed because the request lacks their key: the key
/// added to the step's context with the value the policy wants (the request
/// side of the fix, such as calling with MFA).
fn supply_keys(text: &str, step: usize, misses: &[Miss]) -> Option<Candidate> {
    let absent: Vec<(&str, &str)> = misses
        .iter()
        .filter_map(|m| match m {
            Miss::Condition { key, policy, request: None, .. } => Some((key.as_str(), policy.first()?.as_str())),
            _ => None,
        })
        .collect();
    let [(key, value)] = absent.as_slice() else { return None };
    let written = if matches!(*value, "true" | "false") || value.parse::<f64>().is_ok() {
        (*value).to_string()
    } else {
        quote(value)
    };
    let edit = context_entry(text, step, key, &written)?;
    Some(Candidate {
        description: format!("Make the request carry `{key}` = `{value}` (in the step's `context`)."),
        edits: vec![edit],
        grants_broadly: value.contains('*'),
        size: 1,
    })
}

/// An edit removing the statement `cite` from its `Statement` list.
fn remove(text: &str, cite: &Cite, effect: &str) -> Option<Candidate> {
    let (lo, hi) = (cite.span.lo(), cite.span.hi());
    let after = text.get(hi..)?;
    let next = after.len() - after.trim_start().len();
    let span = if after.trim_start().starts_with(',') {
        // `{…}, ` : the statement, its comma and the space after it.
        let comma = hi + next + 1;
        let rest = text.get(comma..)?;
        Span::new(lo, comma + (rest.len() - rest.trim_start().len()))
    } else {
        let before = text.get(..lo)?;
        let trimmed = before.trim_end();
        if trimmed.ends_with(',') {
            // The last of several: the comma before it, and the statement.
            Span::new(trimmed.len() - 1, hi)
        } else if trimmed.ends_with('[') {
            Span::new(lo, hi)
        } else {
            // `"Statement": {…}`: a single statement becomes an empty list.
            return Some(removal(cite, effect, TextEdit { span: cite.span, text: "[]".into() }));
        }
    };
    Some(removal(cite, effect, TextEdit { span, text: String::new() }))
}

fn removal(cite: &Cite, effect: &str, edit: TextEdit) -> Candidate {
    Candidate { description: removal_sentence(cite, effect), edits: vec![edit], grants_broadly: false, size: 1 }
}

fn removal_sentence(cite: &Cite, effect: &str) -> String {
    let after = if effect == "deny" { "allowed" } else { "denied" };
    format!("Remove {}: without it, this request is {after}.", crate::explain::summary::cite_label(cite))
}

#[cfg(test)]
mod tests;
