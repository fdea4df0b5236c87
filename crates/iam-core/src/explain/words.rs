//! The trace in words: each element of a statement as a sentence with the
//! values compared ("resource `arn:…/i-0prod1` does not match
//! `"arn:…/*-dev*"`"). The policy's side is quoted from its document when
//! the reader has it (spans point into it); without it the sentence still
//! names the request's side.

use super::{ElementMatch, Reason};
use crate::diag::Span;
use crate::matching::arn::Segment;
use crate::matching::principal::Caller;

/// The four elements of a statement, as the trace lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    Principal,
    Action,
    Resource,
    Condition,
}

impl Element {
    pub fn name(self) -> &'static str {
        match self {
            Element::Principal => "principal",
            Element::Action => "action",
            Element::Resource => "resource",
            Element::Condition => "condition",
        }
    }
}

/// What the statement was checked against.
#[derive(Debug, Clone, Copy)]
pub struct Checked<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    pub caller: &'a Caller,
}

/// The longest quote of the policy, in characters.
const QUOTE: usize = 120;

/// The policy's text at `span`, whitespace runs made one space and long
/// quotes cut, when the reader has the document and the span lies in it.
pub fn quote(text: Option<&str>, span: Span) -> Option<String> {
    let raw = text?.get(span.lo()..span.hi())?;
    let mut out = String::with_capacity(raw.len().min(QUOTE + 3));
    let mut count = 0;
    let mut space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        space = false;
        if count >= QUOTE {
            out.push('…');
            break;
        }
        out.push(c);
        count += 1;
    }
    (!out.is_empty()).then_some(out)
}

/// The caller as a Principal element would name it.
pub fn caller_text(caller: &Caller) -> String {
    match caller {
        Caller::Service { name } => name.to_string(),
        Caller::WebIdentity { provider } => provider.to_string(),
        Caller::Anonymous => "an anonymous caller".into(),
        Caller::Root { partition, account } => format!("arn:{partition}:iam::{account}:root"),
        Caller::Role { partition, account, path, name } => format!("arn:{partition}:iam::{account}:role{path}{name}"),
        other => other.arn_string().unwrap_or_default(),
    }
}

/// `element` of a statement, checked against `checked`, in one sentence.
/// `text` is the document the statement's spans point into, when known.
pub fn element_sentence(element: Element, m: &ElementMatch, checked: &Checked<'_>, text: Option<&str>) -> String {
    let q = |span: Span| quote(text, span).map(|t| format!("`{t}`"));
    let action = format!("action `{}`", checked.action);
    let resource = format!("resource `{}`", checked.resource);
    let caller = format!("the caller `{}`", caller_text(checked.caller));
    match (element, m) {
        (_, ElementMatch::Skipped) => "not checked: an earlier element does not match".into(),
        (Element::Principal, ElementMatch::Absent) => "no `Principal`: the policy applies to whoever holds it".into(),
        (Element::Action, ElementMatch::Absent) => "no `Action`".into(),
        (Element::Resource, ElementMatch::Absent) => "no `Resource`: the role itself is the resource".into(),
        (Element::Condition, ElementMatch::Absent) => "no `Condition`".into(),
        (Element::Principal, ElementMatch::Matched { entry: Some(e) }) => match q(*e) {
            Some(v) => format!("{v} names {caller}"),
            None => format!("`Principal` names {caller}"),
        },
        (Element::Principal, ElementMatch::Matched { entry: None }) => {
            format!("`NotPrincipal` does not list {caller}")
        }
        (Element::Action, ElementMatch::Matched { entry: Some(e) }) => match q(*e) {
            Some(v) => format!("{action} matches {v}"),
            None => format!("{action} is covered by `Action`"),
        },
        (Element::Action, ElementMatch::Matched { entry: None }) => format!("`NotAction` does not list {action}"),
        (Element::Resource, ElementMatch::Matched { entry: Some(e) }) => match q(*e) {
            Some(v) => format!("{resource} matches {v}"),
            None => format!("{resource} is covered by `Resource`"),
        },
        (Element::Resource, ElementMatch::Matched { entry: None }) => {
            format!("`NotResource` does not list {resource}")
        }
        (Element::Condition, ElementMatch::Matched { .. }) => "every condition holds".into(),
        (_, ElementMatch::NotMatched { why }) => not_matched(why, &q, &action, &resource, &caller),
    }
}

fn not_matched(why: &Reason, q: &dyn Fn(Span) -> Option<String>, action: &str, resource: &str, caller: &str) -> String {
    match why {
        Reason::PrincipalNotMatched { element } => match q(*element) {
            Some(v) => format!("`Principal` {v} does not name {caller}"),
            None => format!("`Principal` does not name {caller}"),
        },
        Reason::PrincipalExcluded => format!("`NotPrincipal` lists {caller}, so it is excluded"),
        Reason::ActionNotMatched { element } => match q(*element) {
            Some(v) => format!("{action} is not covered by `Action` {v}"),
            None => format!("{action} is not covered by `Action`"),
        },
        Reason::ActionExcluded { entry } => match q(*entry) {
            Some(v) => format!("`NotAction` lists {v}, which excludes {action}"),
            None => format!("`NotAction` excludes {action}"),
        },
        Reason::ResourceNotMatched { segment, closest } => {
            let differs = match segment {
                Segment::Whole => String::new(),
                s => format!(" (they differ in the {} part)", s.describe()),
            };
            match closest.and_then(q) {
                Some(v) => format!("{resource} does not match {v}, the closest entry{differs}"),
                None if *segment == Segment::Whole => format!("{resource} matches no `Resource` entry"),
                None => format!(
                    "{resource} matches no `Resource` entry (the closest differs in its {})",
                    segment.describe()
                ),
            }
        }
        Reason::ResourceExcluded { entry } => match q(*entry) {
            Some(v) => format!("`NotResource` lists {v}, which excludes {resource}"),
            None => format!("`NotResource` excludes {resource}"),
        },
        Reason::ResourceVariableUnresolved { entry } => match q(*entry) {
            Some(v) => format!("{v} uses a policy variable the request has no value for, so it matches nothing"),
            None => "a policy variable in `Resource` has no value in the request, so it matches nothing".into(),
        },
        Reason::ConditionNotMet => "a condition is false (each is listed below)".into(),
        other => other.describe(),
    }
}

#[cfg(test)]
mod tests;
