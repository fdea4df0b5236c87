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
//! - an implicit deny of the caller's own policies with no statement to
//!   fix (a user or role with no policy that comes close): a new inline
//!   policy allowing exactly the request, on that user or role;
//! - the statement of an explicit deny, narrowed (the entry that matched the
//!   request taken out of its list) or removed;
//! - for an allowed step, the allowing statement, removed.

use super::StepResult;
use crate::diag::{DocId, Span};
use crate::explain::summary::Asked;
use crate::explain::summary::{Cite, Miss, Summary};
use crate::explain::{Decision, ElementMatch, Layer};
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
            Summary::ImplicitDeny { layer: Layer::IdentityPolicies, closest: None, .. } if !allowed => {
                candidates.extend(grant_inline(text, summary.asked()));
            }
            Summary::ExplicitDeny { by, .. } if !allowed => {
                let evaluations = &result.evaluations;
                let ours = by.iter().filter(|c| c.doc == doc);
                candidates.extend(ours.clone().filter_map(|c| narrow(text, c, evaluations)));
                candidates.extend(ours.filter_map(|c| remove(text, c, "deny")));
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

/// A statement's matched entry taken out of its list: the deny no longer
/// covers this request, and still covers every other entry. Only for an
/// entry of a list of several (removing the only one changes what the
/// element means).
fn narrow(text: &str, cite: &Cite, evaluations: &[super::StepEvaluation]) -> Option<Candidate> {
    let statement = evaluations
        .iter()
        .flat_map(|e| e.evaluation.policies.iter())
        .filter(|p| p.id == cite.policy)
        .flat_map(|p| p.statements.iter())
        .find(|s| s.index == cite.statement && s.span == cite.span)?;
    // The Action entry if it is one of several, else the Resource entry.
    let (element, entry, span) = [("Action", &statement.action), ("Resource", &statement.resource)]
        .into_iter()
        .find_map(|(element, m)| match m {
            ElementMatch::Matched { entry: Some(entry) } => Some((element, *entry, list_item(text, *entry)?)),
            _ => None,
        })?;
    let written = entry.text(text);
    Some(Candidate {
        description: format!(
            "In {}, take `{}` out of its `{element}`: the deny no longer covers this request, and still covers the rest.",
            crate::explain::summary::cite_label(cite),
            written.trim_matches('"')
        ),
        edits: vec![TextEdit { span, text: String::new() }],
        grants_broadly: false,
        size: 1,
    })
}

/// The span that removes the item at `item` from the JSON array around it,
/// with one comma and the spacing after it; `None` when it is not in an
/// array of at least two items.
fn list_item(text: &str, item: Span) -> Option<Span> {
    let before = text.get(..item.lo())?.trim_end();
    let after = text.get(item.hi()..)?;
    let gap = after.len() - after.trim_start().len();
    if after.trim_start().starts_with(',') {
        // `a, b`: `a` and `, ` go.
        let rest = text.get(item.hi() + gap + 1..)?;
        let space = rest.len() - rest.trim_start().len();
        return (before.ends_with('[') || before.ends_with(','))
            .then(|| Span::new(item.lo(), item.hi() + gap + 1 + space));
    }
    // The last item: the comma before it goes too.
    before.ends_with(',').then(|| Span::new(before.len() - 1, item.hi()))
}

/// Where a user's or role's object is in the scenario, from the ARN that
/// names the caller: (account, `users` or `roles`, name).
fn entity_of(arn: &str) -> Option<(&str, &'static str, &str)> {
    let mut parts = arn.strip_prefix("arn:")?.splitn(5, ':');
    let (_, service, _, account, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    match service {
        "iam" => match rest.split_once('/')? {
            ("user", path_name) => Some((account, "users", path_name.rsplit('/').next()?)),
            ("role", path_name) => Some((account, "roles", path_name.rsplit('/').next()?)),
            _ => None,
        },
        "sts" => {
            let role = rest.strip_prefix("assumed-role/")?.split('/').next()?;
            Some((account, "roles", role))
        }
        _ => None,
    }
}

/// For a caller none of whose statements comes close: a new inline policy on
/// its user or role (the role of a session) allowing exactly this request.
fn grant_inline(text: &str, asked: &Asked) -> Option<Candidate> {
    let (_, arn) = asked.principal.as_ref()?;
    let (account, kind, name) = entity_of(arn)?;
    let (root, _) = crate::json::parse(text, DocId(0));
    let root = root?;
    let account_node =
        root.get("accounts")?.items().iter().find(|a| a.get("id").and_then(|i| i.as_str()) == Some(account))?;
    let entity =
        account_node.get(kind)?.items().iter().find(|e| e.get("name").and_then(|n| n.as_str()) == Some(name))?;
    let members = entity.as_object()?;
    let verb = asked.action.split_once(':').map_or(asked.action.as_str(), |(_, v)| v);
    let base: String = format!("Allow{verb}").chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let existing = entity.get("inline_policies").and_then(|i| i.as_object()).unwrap_or_default();
    let policy_name = (0..100)
        .map(|n| if n == 0 { base.clone() } else { format!("{base}{}", n + 1) })
        .find(|candidate| !existing.iter().any(|m| m.key == candidate.as_str()))?;
    let document = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Action\": {}, \"Resource\": {}}}]}}",
        quote(&asked.action),
        quote(&asked.resource)
    );
    let entry = format!("{}: {document}", quote(&policy_name));
    let edit = match members.iter().find(|m| m.key == "inline_policies") {
        Some(inline) => {
            let close = inline.value.span.hi().checked_sub(1)?;
            let at = text.get(..close)?.trim_end().len();
            let sep = if existing.is_empty() { "" } else { ", " };
            TextEdit { span: Span::new(at, at), text: format!("{sep}{entry}") }
        }
        None => {
            let close = entity.span.hi().checked_sub(1)?;
            let at = text.get(..close)?.trim_end().len();
            let sep = if members.is_empty() { "" } else { ", " };
            TextEdit { span: Span::new(at, at), text: format!("{sep}\"inline_policies\": {{ {entry} }}") }
        }
    };
    let who = if kind == "roles" { format!("the role `{name}`") } else { format!("`{name}`") };
    Some(Candidate {
        description: format!(
            "Give {who} an inline policy `{policy_name}` allowing `{}` on `{}`, and nothing else.",
            asked.action, asked.resource
        ),
        edits: vec![edit],
        grants_broadly: asked.resource.contains('*') || asked.action.contains('*'),
        size: 2,
    })
}

#[cfg(test)]
mod tests;
