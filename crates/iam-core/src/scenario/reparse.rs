//! Reading again only the policy document or the step that changed.
//!
//! Typing in a large scenario (an imported account is megabytes) changes one
//! policy document (or step) at a time. [`reparse_scenario`] takes the
//! previous text and its [`ParsedScenario`], finds the one policy document
//! or step the edit lies inside, reads that part alone from the new text,
//! and moves every position after it by the length the edit added or
//! removed. The result is
//! exactly what [`super::parse_scenario_with`] gives for the new text (a
//! property test compares the two over random edits). When that cannot be
//! shown cheaply the answer is `None`, and the caller reads the whole text:
//! - the edit touches anything outside one policy document or step (a name,
//!   an account, a brace of the part itself, two parts at once);
//! - the part, read alone, is not one JSON value (the whole text then has a
//!   syntax error, reported where it is), or is a step that cannot be read
//!   at all (the whole read leaves it out of the steps);
//! - the step names managed session policies (they are loaded with the
//!   scenario's AWS managed policies);
//! - an identity's inline documents total more than IAM's quota before or
//!   after the edit (that error sits on the identity, not the document);
//! - a diagnostic made outside the document points into it.

mod shift;
#[cfg(test)]
mod tests;

use super::parse_refs::{check_steps, STEP_CHECKS};
use super::{NamedPolicy, ParsedScenario, Scenario, Step, StepAction};
use crate::diag::{sort_by_position, Diagnostic, DocId, Span};
use crate::json;
use crate::policy::{check_resource_policy_size, lower_policy, plaintext_span_size, Policy};
use crate::read::Reader;

/// How deep a policy document may sit in a scenario: a document read alone
/// is read as though this deep already, so that it never passes a nesting
/// limit the whole text would fail (scenario documents sit 6 levels deep at
/// most).
const DOCUMENT_DEPTH: usize = 16;

/// Where a policy document sits in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    OrgScp(usize),
    OrgRcp(usize),
    Managed(usize, usize),
    UserInline(usize, usize, usize),
    GroupInline(usize, usize, usize),
    RoleInline(usize, usize, usize),
    Trust(usize, usize),
    Resource(usize, usize),
}

/// The bytes an edit replaced: `old_text[start..start + removed]` became
/// `new_text[start..start + added]`, the rest being the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    start: usize,
    removed: usize,
    added: usize,
}

impl Edit {
    /// The smallest edit that turns `old` into `new`: what is left between
    /// their common beginning and their common end.
    fn between(old: &str, new: &str) -> Edit {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let room = a.len().min(b.len()) - start;
        let end = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
        Edit { start, removed: a.len() - start - end, added: b.len() - start - end }
    }

    /// Where a part at `span` of the old text ends in the new text.
    fn new_end(&self, span: Span) -> Option<usize> {
        (span.end as usize + self.added).checked_sub(self.removed)
    }
}

/// The previous parse of `old_text`, brought up to `new_text` by reading
/// again only the policy document or the step the edit lies in; `None`
/// when the whole text must be read (see the module's documentation).
/// `doc` is the document id both texts are parsed as.
pub fn reparse_scenario(old_text: &str, old: ParsedScenario, new_text: &str, doc: DocId) -> Option<ParsedScenario> {
    if old_text == new_text {
        return Some(old);
    }
    let edit = Edit::between(old_text, new_text);
    let scenario = old.scenario.as_ref()?;
    if let Some((place, span)) = find(scenario, doc, &edit) {
        return policy(old, old_text, new_text, doc, &edit, place, span);
    }
    let (start, end) = (edit.start, edit.start + edit.removed);
    let i = scenario.steps.iter().position(|s| (s.span.start as usize) < start && end < s.span.end as usize)?;
    step(old, new_text, doc, &edit, i)
}

/// The edit lies in the policy document at `place`, whose span is `span`.
fn policy(
    old: ParsedScenario,
    old_text: &str,
    new_text: &str,
    doc: DocId,
    edit: &Edit,
    place: Place,
    span: Span,
) -> Option<ParsedScenario> {
    let scenario = old.scenario.as_ref()?;
    let old_policy = policy_at(scenario, place)?;
    let (node, mut found) = json::parse_part(new_text, span.start as usize, edit.new_end(span)?, DOCUMENT_DEPTH, doc)?;
    let policy = lower_policy(&node, new_text, old_policy.id.clone(), old_policy.kind, doc, &mut found);
    if let Place::Resource(a, i) = place {
        let arn = &scenario.accounts.get(a)?.resources.get(i)?.arn;
        if let Some(parsed) = crate::matching::arn::Arn::parse(arn) {
            check_resource_policy_size(&policy, new_text, parsed.service, &mut found);
        }
    }
    if let Some((inline, limit)) = inline_of(scenario, place) {
        let before: usize = inline.iter().map(|p| plaintext_span_size(p.policy.span, old_text)).sum();
        let after =
            before.saturating_sub(plaintext_span_size(span, old_text)) + plaintext_span_size(policy.span, new_text);
        if before > limit || after > limit {
            return None;
        }
    }
    let (mut scenario, mut kept) = splice(old, doc, edit, span, |_| false)?;
    *policy_at_mut(&mut scenario, place)? = policy;
    kept.extend(found);
    sort_by_position(&mut kept);
    Some(ParsedScenario { scenario: Some(scenario), diagnostics: kept })
}

/// The edit lies in step `i` (and in no policy document of an account):
/// the step is read again, and the checks between steps (sessions named
/// before they are made, ids used twice) are made again for all of them.
fn step(old: ParsedScenario, new_text: &str, doc: DocId, edit: &Edit, i: usize) -> Option<ParsedScenario> {
    // Managed session policies are loaded with the scenario's AWS managed ones.
    let names_managed = |s: &Step| match &s.action {
        StepAction::AssumeRole(a) => !a.policy_arns.is_empty(),
        StepAction::Federated(f) => !f.policy_arns.is_empty(),
        _ => false,
    };
    let span = old.scenario.as_ref()?.steps.get(i).filter(|s| !names_managed(s))?.span;
    let (node, found) = json::parse_part(new_text, span.start as usize, edit.new_end(span)?, DOCUMENT_DEPTH, doc)?;
    let mut r = Reader { text: new_text, doc, diags: found, area: crate::read::SCENARIO };
    // A step that cannot be read at all is left out of the steps.
    let step = super::parse::lower_step(&node, &mut r).filter(|s| !names_managed(s))?;
    let (mut scenario, mut kept) = splice(old, doc, edit, span, |d| STEP_CHECKS.contains(&d.code))?;
    *scenario.steps.get_mut(i)? = step;
    let lowered = std::mem::take(&mut r.diags);
    check_steps(&scenario, &mut r);
    kept.extend(lowered);
    kept.extend(r.diags);
    sort_by_position(&mut kept);
    Some(ParsedScenario { scenario: Some(scenario), diagnostics: kept })
}

/// The old parse with the part at `span` about to be replaced: every
/// position after it moved, and the diagnostics made again (those inside it,
/// and those `remade` says) taken out. `None` when a diagnostic made
/// elsewhere points into the part.
fn splice(
    old: ParsedScenario,
    doc: DocId,
    edit: &Edit,
    span: Span,
    remade: impl Fn(&Diagnostic) -> bool,
) -> Option<(Scenario, Vec<Diagnostic>)> {
    let mut scenario = old.scenario?;
    let inside = |s: Span| s.start >= span.start && s.end <= span.end;
    let (_, mut kept): (Vec<Diagnostic>, Vec<Diagnostic>) = old
        .diagnostics
        .into_iter()
        .partition(|d| remade(d) || d.labels.iter().any(|l| l.primary && l.doc == doc && inside(l.span)));
    if kept.iter().flat_map(|d| &d.labels).any(|l| l.doc == doc && inside(l.span)) {
        return None;
    }
    let delta = i64::try_from(edit.added).ok()? - i64::try_from(edit.removed).ok()?;
    shift::scenario(&mut scenario, doc, span.end, delta);
    for d in &mut kept {
        shift::diagnostic(d, doc, span.end, delta);
    }
    Some((scenario, kept))
}

/// The policy document of the scenario's text that holds the whole edit
/// strictly inside its braces, and where it is.
fn find(s: &Scenario, doc: DocId, edit: &Edit) -> Option<(Place, Span)> {
    let (start, end) = (edit.start, edit.start + edit.removed);
    let holds = |p: &Policy| p.doc == doc && (p.span.start as usize) < start && end < p.span.end as usize;
    let named =
        |list: &[NamedPolicy], place: &dyn Fn(usize) -> Place| list.iter().position(|p| holds(&p.policy)).map(place);
    let mut found = None;
    if let Some(org) = &s.organization {
        found = found.or_else(|| named(&org.scps, &Place::OrgScp)).or_else(|| named(&org.rcps, &Place::OrgRcp));
    }
    for (a, account) in s.accounts.iter().enumerate() {
        if found.is_some() {
            break;
        }
        found = named(&account.policies, &|i| Place::Managed(a, i))
            .or_else(|| {
                account
                    .users
                    .iter()
                    .enumerate()
                    .find_map(|(u, user)| named(&user.inline_policies, &|i| Place::UserInline(a, u, i)))
            })
            .or_else(|| {
                account
                    .groups
                    .iter()
                    .enumerate()
                    .find_map(|(g, group)| named(&group.inline_policies, &|i| Place::GroupInline(a, g, i)))
            })
            .or_else(|| {
                account.roles.iter().enumerate().find_map(|(r, role)| {
                    role.trust_policy
                        .as_ref()
                        .filter(|p| holds(p))
                        .map(|_| Place::Trust(a, r))
                        .or_else(|| named(&role.inline_policies, &|i| Place::RoleInline(a, r, i)))
                })
            })
            .or_else(|| {
                account
                    .resources
                    .iter()
                    .position(|res| res.policy.as_ref().is_some_and(holds))
                    .map(|i| Place::Resource(a, i))
            });
    }
    let place = found?;
    Some((place, policy_at(s, place)?.span))
}

fn policy_at(s: &Scenario, place: Place) -> Option<&Policy> {
    let account = |a: usize| s.accounts.get(a);
    let org = || s.organization.as_ref();
    match place {
        Place::OrgScp(i) => org()?.scps.get(i).map(|p| &p.policy),
        Place::OrgRcp(i) => org()?.rcps.get(i).map(|p| &p.policy),
        Place::Managed(a, i) => account(a)?.policies.get(i).map(|p| &p.policy),
        Place::UserInline(a, u, i) => account(a)?.users.get(u)?.inline_policies.get(i).map(|p| &p.policy),
        Place::GroupInline(a, g, i) => account(a)?.groups.get(g)?.inline_policies.get(i).map(|p| &p.policy),
        Place::RoleInline(a, r, i) => account(a)?.roles.get(r)?.inline_policies.get(i).map(|p| &p.policy),
        Place::Trust(a, r) => account(a)?.roles.get(r)?.trust_policy.as_ref(),
        Place::Resource(a, i) => account(a)?.resources.get(i)?.policy.as_ref(),
    }
}

fn named(list: &mut [NamedPolicy], i: usize) -> Option<&mut Policy> {
    list.get_mut(i).map(|p| &mut p.policy)
}

fn policy_at_mut(s: &mut Scenario, place: Place) -> Option<&mut Policy> {
    match place {
        Place::OrgScp(i) => named(&mut s.organization.as_mut()?.scps, i),
        Place::OrgRcp(i) => named(&mut s.organization.as_mut()?.rcps, i),
        Place::Managed(a, i) => named(&mut s.accounts.get_mut(a)?.policies, i),
        Place::UserInline(a, u, i) => named(&mut s.accounts.get_mut(a)?.users.get_mut(u)?.inline_policies, i),
        Place::GroupInline(a, g, i) => named(&mut s.accounts.get_mut(a)?.groups.get_mut(g)?.inline_policies, i),
        Place::RoleInline(a, r, i) => named(&mut s.accounts.get_mut(a)?.roles.get_mut(r)?.inline_policies, i),
        Place::Trust(a, r) => s.accounts.get_mut(a)?.roles.get_mut(r)?.trust_policy.as_mut(),
        Place::Resource(a, i) => s.accounts.get_mut(a)?.resources.get_mut(i)?.policy.as_mut(),
    }
}

/// For an inline document: its identity's inline documents, and IAM's quota
/// on their total (the same figures as the whole parse checks).
fn inline_of(s: &Scenario, place: Place) -> Option<(&[NamedPolicy], usize)> {
    let account = |a: usize| s.accounts.get(a);
    match place {
        Place::UserInline(a, u, _) => {
            Some((&account(a)?.users.get(u)?.inline_policies, super::parse::USER_INLINE_QUOTA))
        }
        Place::GroupInline(a, g, _) => {
            Some((&account(a)?.groups.get(g)?.inline_policies, super::parse::GROUP_INLINE_QUOTA))
        }
        Place::RoleInline(a, r, _) => {
            Some((&account(a)?.roles.get(r)?.inline_policies, super::parse::ROLE_INLINE_QUOTA))
        }
        _ => None,
    }
}
