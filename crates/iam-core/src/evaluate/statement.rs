//! Whether one statement applies to a request, element by element.
//! Elements are checked in the order Principal, Action, Resource, Condition;
//! once one fails the rest are marked skipped.

use super::Request;
use crate::condition::evaluate_entry;
use crate::diag::Span;
use crate::explain::{ElementMatch, Reason, StatementTrace};
use crate::matching::arn::Segment;
use crate::matching::principal::{grant_with_arn, not_principal_exempts, Grant};
use crate::policy::{ActionElement, Effect, PolicyKind, PrincipalElement, ResourceElement, Statement};
use std::collections::BTreeSet;

/// What statement tracing needs to know about the request beyond the statement.
pub(super) struct Probe<'a> {
    pub request: &'a Request,
    /// The action, lower-cased once.
    pub action: String,
    /// The caller has a permissions boundary (matters for Deny + NotPrincipal).
    pub has_boundary: bool,
    /// The caller's ARN, computed once per evaluation.
    pub caller_arn: Option<String>,
    pub missing: &'a mut BTreeSet<String>,
}

pub(super) fn trace(statement: &Statement, kind: PolicyKind, probe: &mut Probe<'_>) -> StatementTrace {
    if let Some(why) = statement.inert {
        return StatementTrace {
            index: statement.index,
            sid: statement.sid.clone(),
            span: statement.span,
            effect: statement.effect,
            principal: ElementMatch::Skipped,
            action: ElementMatch::Skipped,
            resource: ElementMatch::Skipped,
            condition: ElementMatch::Skipped,
            conditions: Vec::new(),
            applies: false,
            grant: None,
            inert: Some(why),
        };
    }
    let mut grant_kind = None;
    let principal = match &statement.principal {
        // A resource-based statement without a (readable) Principal names no one.
        None if kind.has_principal() => ElementMatch::NotMatched { why: Reason::PrincipalMissing },
        None => ElementMatch::Absent,
        // `NotPrincipal` with `Allow` is not supported: the statement matches no one.
        Some(el) if el.negated && statement.effect == Effect::Allow => {
            ElementMatch::NotMatched { why: Reason::NotPrincipalWithAllow }
        }
        Some(el) => {
            let (m, g) = principal_match(el, statement.effect, probe);
            grant_kind = g;
            m
        }
    };
    let action =
        if principal.holds() { action_match(statement.action.as_ref(), &probe.action) } else { ElementMatch::Skipped };
    let resource =
        if action.holds() { resource_match(statement.resource.as_ref(), kind, probe) } else { ElementMatch::Skipped };
    let mut conditions = Vec::new();
    let condition = if !resource.holds() {
        ElementMatch::Skipped
    } else if statement.conditions.is_empty() {
        ElementMatch::Absent
    } else {
        conditions = statement.conditions.iter().map(|c| evaluate_entry(c, &probe.request.context)).collect();
        for c in &conditions {
            if c.context_values.is_none() {
                probe.missing.insert(c.key.to_string());
            }
            probe.missing.extend(c.unresolved.iter().cloned());
        }
        if conditions.iter().all(|c| c.matched) {
            ElementMatch::Matched { entry: None }
        } else {
            ElementMatch::NotMatched { why: Reason::ConditionNotMet }
        }
    };
    let applies = condition.holds();
    StatementTrace {
        index: statement.index,
        sid: statement.sid.clone(),
        span: statement.span,
        effect: statement.effect,
        principal,
        action,
        resource,
        condition,
        conditions,
        applies,
        grant: grant_kind,
        inert: None,
    }
}

/// Every element of a statement checked against a request, none skipped
/// (for the explanation's "closest statement", which counts what held).
pub(crate) struct Assessment {
    pub principal: ElementMatch,
    pub action: ElementMatch,
    pub resource: ElementMatch,
    pub conditions: Vec<crate::condition::ConditionTrace>,
}

impl Assessment {
    /// How many of the four elements hold (an absent one holds).
    pub fn held(&self) -> usize {
        [&self.principal, &self.action, &self.resource].iter().filter(|m| m.holds()).count()
            + usize::from(self.conditions.iter().all(|c| c.matched))
    }
}

/// As [`assess`], taking every element the trace already checked from the
/// trace, so that only the elements it skipped are checked now.
pub(crate) fn assess_from(
    statement: &Statement,
    kind: PolicyKind,
    request: &Request,
    trace: &StatementTrace,
) -> Assessment {
    let skipped = |m: &ElementMatch| matches!(m, ElementMatch::Skipped);
    if trace.inert.is_some() || skipped(&trace.principal) {
        return assess(statement, kind, request);
    }
    let mut missing = BTreeSet::new();
    let mut probe = Probe {
        request,
        action: request.action.to_lowercase(),
        has_boundary: false,
        caller_arn: None,
        missing: &mut missing,
    };
    let action = if skipped(&trace.action) {
        action_match(statement.action.as_ref(), &probe.action)
    } else {
        trace.action.clone()
    };
    let resource = if skipped(&trace.resource) {
        resource_match(statement.resource.as_ref(), kind, &mut probe)
    } else {
        trace.resource.clone()
    };
    let conditions = if skipped(&trace.condition) {
        statement.conditions.iter().map(|c| evaluate_entry(c, &request.context)).collect()
    } else {
        trace.conditions.clone()
    };
    Assessment { principal: trace.principal.clone(), action, resource, conditions }
}

pub(crate) fn assess(statement: &Statement, kind: PolicyKind, request: &Request) -> Assessment {
    let mut missing = BTreeSet::new();
    let mut probe = Probe {
        request,
        action: request.action.to_lowercase(),
        has_boundary: false,
        caller_arn: request.caller.arn_string(),
        missing: &mut missing,
    };
    let principal = match &statement.principal {
        None if kind.has_principal() => ElementMatch::NotMatched { why: Reason::PrincipalMissing },
        None => ElementMatch::Absent,
        Some(el) if el.negated && statement.effect == Effect::Allow => {
            ElementMatch::NotMatched { why: Reason::NotPrincipalWithAllow }
        }
        Some(el) => principal_match(el, statement.effect, &probe).0,
    };
    let action = action_match(statement.action.as_ref(), &probe.action);
    let resource = resource_match(statement.resource.as_ref(), kind, &mut probe);
    let conditions = statement.conditions.iter().map(|c| evaluate_entry(c, &request.context)).collect();
    Assessment { principal, action, resource, conditions }
}

fn principal_match(el: &PrincipalElement, effect: Effect, probe: &Probe<'_>) -> (ElementMatch, Option<Grant>) {
    let caller = &probe.request.caller;
    if el.negated {
        // A caller with a permissions boundary is always denied by Deny + NotPrincipal.
        if effect == Effect::Deny && probe.has_boundary {
            return (ElementMatch::Matched { entry: None }, Some(Grant::Direct));
        }
        let entries: Vec<_> = el.items.iter().map(|i| &i.value).collect();
        return if not_principal_exempts(&entries, caller) {
            (ElementMatch::NotMatched { why: Reason::PrincipalExcluded }, None)
        } else {
            (ElementMatch::Matched { entry: None }, Some(Grant::Direct))
        };
    }
    let best = el
        .items
        .iter()
        .filter_map(|i| grant_with_arn(&i.value, caller, probe.caller_arn.as_deref()).map(|g| (g, i.span)))
        .max_by_key(|(g, _)| *g);
    match best {
        Some((g, span)) => (ElementMatch::Matched { entry: Some(span) }, Some(g)),
        None => (ElementMatch::NotMatched { why: Reason::PrincipalNotMatched { element: el.span } }, None),
    }
}

fn action_match(el: Option<&ActionElement>, action: &str) -> ElementMatch {
    let Some(el) = el else {
        return ElementMatch::NotMatched { why: Reason::ActionMissing };
    };
    let hit = el.items.iter().find(|i| i.value.matches(action));
    match (hit, el.negated) {
        (Some(i), false) => ElementMatch::Matched { entry: Some(i.span) },
        (Some(i), true) => ElementMatch::NotMatched { why: Reason::ActionExcluded { entry: i.span } },
        (None, false) => ElementMatch::NotMatched { why: Reason::ActionNotMatched { element: el.span } },
        (None, true) => ElementMatch::Matched { entry: None },
    }
}

fn resource_match(el: Option<&ResourceElement>, kind: PolicyKind, probe: &mut Probe<'_>) -> ElementMatch {
    let Some(el) = el else {
        // Trust policies have no Resource: the role is the resource.
        return if kind == PolicyKind::Trust {
            ElementMatch::Absent
        } else {
            ElementMatch::NotMatched { why: Reason::ResourceMissing }
        };
    };
    let resource = &probe.request.resource;
    let mut closest: Option<(Segment, Span)> = None;
    let mut unresolved: Option<Span> = None;
    let mut hit = None;
    for item in &el.items {
        match item.value.resolve_glob(&probe.request.context) {
            // A substitution too long for any ARN matches nothing; it is not a missing key.
            Err(u) if u.too_long => {}
            Err(u) => {
                probe.missing.insert(u.key);
                unresolved.get_or_insert(item.span);
            }
            // Once an entry differed only in the resource part (the closest a
            // mismatch gets), the others need only a yes or no.
            Ok(glob) if closest.is_some_and(|(c, _)| c == Segment::Resource) => {
                if glob.arn_matches(resource) {
                    hit = Some(item.span);
                    break;
                }
            }
            Ok(glob) => match glob.match_arn(resource) {
                Ok(()) => {
                    hit = Some(item.span);
                    break;
                }
                Err(seg) => {
                    if closest.is_none_or(|(c, _)| rank(seg) > rank(c)) {
                        closest = Some((seg, item.span));
                    }
                }
            },
        }
    }
    match (hit, el.negated) {
        (Some(span), false) => ElementMatch::Matched { entry: Some(span) },
        (Some(span), true) => ElementMatch::NotMatched { why: Reason::ResourceExcluded { entry: span } },
        (None, true) => ElementMatch::Matched { entry: None },
        (None, false) => {
            let why = match (closest, unresolved) {
                (None, Some(entry)) => Reason::ResourceVariableUnresolved { entry },
                (Some((Segment::Whole, _)) | None, _) => {
                    Reason::ResourceNotMatched { segment: Segment::Whole, closest: None }
                }
                (Some((segment, entry)), _) => Reason::ResourceNotMatched { segment, closest: Some(entry) },
            };
            ElementMatch::NotMatched { why }
        }
    }
}

/// How far into an ARN a mismatch happened; a whole-text mismatch ranks lowest.
fn rank(segment: Segment) -> u8 {
    match segment {
        Segment::Whole => 0,
        Segment::Prefix => 1,
        Segment::Partition => 2,
        Segment::Service => 3,
        Segment::Region => 4,
        Segment::Account => 5,
        Segment::Resource => 6,
    }
}
