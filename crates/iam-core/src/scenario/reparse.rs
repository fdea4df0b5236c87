//! Reading again only the part of a scenario that changed: a policy
//! document, a user, group, role or resource, or a step.
//!
//! Typing in a large scenario (an imported account is megabytes) changes one
//! part at a time. [`reparse_scenario`] takes the previous text and its
//! [`ParsedScenario`], finds the innermost part the edit lies inside (a
//! policy document; else a user, group, role or resource; else a step),
//! reads that part alone from the new text, and moves every position after
//! it by the length the edit added or removed. The result is
//! exactly what [`super::parse_scenario_with`] gives for the new text (a
//! property test compares the two over random edits). When that cannot be
//! shown cheaply the answer is `None`, and the caller reads the whole text:
//! - the edit touches anything outside one part (an account's fields, the
//!   organization's tree, a brace of the part itself, two parts at once);
//! - a user, group, role or resource changes what ties it to the rest: its
//!   name, path or ARN, or the names it refers to (groups, managed policies,
//!   its boundary), or its name has a problem (checked with the account);
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
/// again only the part the edit lies in; `None` when the whole text must be
/// read (see the module's documentation).
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
    let holds = |s: Span| (s.start as usize) < start && end < s.end as usize;
    if let Some((which, span)) = find_entity(scenario, holds) {
        return entity(old, new_text, doc, &edit, which, span);
    }
    let i = scenario.steps.iter().position(|s| holds(s.span))?;
    step(old, new_text, doc, &edit, i)
}

/// A user, group, role or resource: (account index, index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entity {
    User(usize, usize),
    Group(usize, usize),
    Role(usize, usize),
    Resource(usize, usize),
}

/// The user, group, role or resource whose object holds the edit.
fn find_entity(s: &Scenario, holds: impl Fn(Span) -> bool) -> Option<(Entity, Span)> {
    for (a, account) in s.accounts.iter().enumerate() {
        let spans = [
            account.users.iter().map(|x| x.span).position(&holds).map(|i| Entity::User(a, i)),
            account.groups.iter().map(|x| x.span).position(&holds).map(|i| Entity::Group(a, i)),
            account.roles.iter().map(|x| x.span).position(&holds).map(|i| Entity::Role(a, i)),
            account.resources.iter().map(|x| x.span).position(&holds).map(|i| Entity::Resource(a, i)),
        ];
        if let Some(which) = spans.into_iter().flatten().next() {
            let span = match which {
                Entity::User(_, i) => account.users.get(i)?.span,
                Entity::Group(_, i) => account.groups.get(i)?.span,
                Entity::Role(_, i) => account.roles.get(i)?.span,
                Entity::Resource(_, i) => account.resources.get(i)?.span,
            };
            return Some((which, span));
        }
    }
    None
}

/// An entity read again, or as it was.
enum Lowered {
    User(super::User),
    Group(super::Group),
    Role(super::Role),
    Resource(super::Resource),
}

impl Lowered {
    /// What ties the entity to the rest of the model: its ARN (from its
    /// name and path), and the names it refers to, in order.
    fn ties(&self) -> (&str, Vec<&(String, Span)>) {
        match self {
            Lowered::User(u) => (&u.arn, u.groups.iter().chain(&u.policies).chain(&u.permissions_boundary).collect()),
            Lowered::Group(g) => (&g.arn, g.policies.iter().collect()),
            Lowered::Role(r) => (&r.arn, r.policies.iter().chain(&r.permissions_boundary).collect()),
            Lowered::Resource(r) => (&r.arn, Vec::new()),
        }
    }
}

/// The diagnostics of the names of an account's users, groups and roles:
/// they are made with the whole account, so a read in part cannot place
/// them again.
const NAME_CHECKS: [&str; 2] = ["scenario/invalid-name", "scenario/duplicate-name"];

/// The edit lies in a user, group, role or resource (and in none of its
/// policy documents). It is read again when its ARN and the names it refers
/// to stay as they were: then the index of ARNs, the AWS managed policies
/// loaded and the checks of references are the same, and the diagnostics
/// of its references move with them.
fn entity(
    old: ParsedScenario,
    new_text: &str,
    doc: DocId,
    edit: &Edit,
    which: Entity,
    span: Span,
) -> Option<ParsedScenario> {
    let scenario = old.scenario.as_ref()?;
    let (a, i) = match which {
        Entity::User(a, i) | Entity::Group(a, i) | Entity::Role(a, i) | Entity::Resource(a, i) => (a, i),
    };
    let account = scenario.accounts.get(a)?;
    let (node, found) = json::parse_part(new_text, span.start as usize, edit.new_end(span)?, DOCUMENT_DEPTH, doc)?;
    let mut r = Reader { text: new_text, doc, diags: found, area: crate::read::SCENARIO };
    let (was, now) = match which {
        Entity::User(..) => (
            Lowered::User(account.users.get(i)?.clone()),
            Lowered::User(super::parse::lower_user(&node, &mut r, &account.id)?),
        ),
        Entity::Group(..) => (
            Lowered::Group(account.groups.get(i)?.clone()),
            Lowered::Group(super::parse::lower_group(&node, &mut r, &account.id)?),
        ),
        Entity::Role(..) => (
            Lowered::Role(account.roles.get(i)?.clone()),
            Lowered::Role(super::parse::lower_role(&node, &mut r, &account.id)?),
        ),
        Entity::Resource(..) => (
            Lowered::Resource(account.resources.get(i)?.clone()),
            Lowered::Resource(super::parse::lower_resource(&node, &mut r)?),
        ),
    };
    let ((was_arn, was_refs), (now_arn, now_refs)) = (was.ties(), now.ties());
    let same_names = was_refs.len() == now_refs.len() && was_refs.iter().zip(&now_refs).all(|(x, y)| x.0 == y.0);
    if was_arn != now_arn || !same_names {
        return None;
    }
    let inside = |s: Span| s.start >= span.start && s.end <= span.end;
    let on_names =
        |d: &Diagnostic| NAME_CHECKS.contains(&d.code) && d.labels.iter().any(|l| l.doc == doc && inside(l.span));
    if old.diagnostics.iter().any(on_names) {
        return None;
    }
    // Where each reference was, and where it is now.
    let moves: Vec<(Span, Span)> = was_refs.iter().zip(&now_refs).map(|(x, y)| (x.1, y.1)).collect();
    let on_reference = |d: &Diagnostic| {
        d.labels.iter().any(|l| l.primary && l.doc == doc && inside(l.span) && moves.iter().any(|m| m.0 == l.span))
    };
    let (mut moved, rest): (Vec<Diagnostic>, Vec<Diagnostic>) = old.diagnostics.into_iter().partition(on_reference);
    for d in &mut moved {
        for l in d.labels.iter_mut().filter(|l| l.doc == doc && inside(l.span)) {
            l.span = moves.iter().find(|m| m.0 == l.span)?.1;
        }
    }
    let old = ParsedScenario { scenario: old.scenario, diagnostics: rest };
    let (mut scenario, mut kept) = splice(old, doc, edit, span, |_| false)?;
    let account = scenario.accounts.get_mut(a)?;
    match now {
        Lowered::User(x) => *account.users.get_mut(i)? = x,
        Lowered::Group(x) => *account.groups.get_mut(i)? = x,
        Lowered::Role(x) => *account.roles.get_mut(i)? = x,
        Lowered::Resource(x) => *account.resources.get_mut(i)? = x,
    }
    // In the whole read, the entity's own diagnostics come first and those
    // of references after every entity is read.
    kept.extend(r.diags);
    kept.extend(moved);
    sort_by_position(&mut kept);
    Some(ParsedScenario { scenario: Some(scenario), diagnostics: kept })
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
