//! Moving the positions of a parsed scenario after an edit: every span of
//! the scenario's text that starts at or after `at` moves by `delta` bytes,
//! and one that starts before and reaches `at` (it holds the edited
//! document) grows or shrinks by `delta`. Spans of other documents (AWS
//! managed policies) stay. Every span the model keeps is listed here; the
//! property test in `tests.rs` fails when one is missed.

use crate::diag::{Diagnostic, DocId, Span};
use crate::policy::{Element, Policy, Statement};
use crate::scenario::{NamedPolicy, OrgNode, Scenario, StepAction};

#[derive(Clone, Copy)]
struct Move {
    at: u32,
    delta: i64,
}

impl Move {
    fn offset(self, x: u32) -> u32 {
        u32::try_from(i64::from(x) + self.delta).unwrap_or(x)
    }

    fn span(self, s: &mut Span) {
        if s.start >= self.at {
            s.start = self.offset(s.start);
            s.end = self.offset(s.end);
        } else if s.end >= self.at {
            s.end = self.offset(s.end);
        }
    }

    fn refs(self, list: &mut [(String, Span)]) {
        list.iter_mut().for_each(|(_, s)| self.span(s));
    }

    fn element<T>(self, e: &mut Element<T>) {
        self.span(&mut e.span);
        e.items.iter_mut().for_each(|i| self.span(&mut i.span));
    }

    fn statement(self, st: &mut Statement) {
        self.span(&mut st.span);
        if let Some(s) = &mut st.sid_span {
            self.span(s);
        }
        if let Some(e) = &mut st.principal {
            self.element(e);
        }
        if let Some(e) = &mut st.action {
            self.element(e);
        }
        if let Some(e) = &mut st.resource {
            self.element(e);
        }
        for c in &mut st.conditions {
            self.span(&mut c.operator_span);
            self.span(&mut c.key_span);
            self.span(&mut c.values_span);
            c.values.iter_mut().for_each(|v| self.span(&mut v.span));
        }
    }

    /// A policy of the scenario's text; one wholly before `at` has nothing to move.
    fn policy(self, p: &mut Policy, doc: DocId) {
        if p.doc != doc || p.span.end < self.at {
            return;
        }
        self.span(&mut p.span);
        p.ignored.iter_mut().for_each(|i| self.span(&mut i.span));
        // The statements are shared with earlier evaluations only while they
        // live; the copy is made only then.
        match std::sync::Arc::get_mut(&mut p.statements) {
            Some(statements) => statements.iter_mut().for_each(|s| self.statement(s)),
            None => {
                let mut statements = p.statements.to_vec();
                statements.iter_mut().for_each(|s| self.statement(s));
                p.statements = statements.into();
            }
        }
    }

    fn named(self, list: &mut [NamedPolicy], doc: DocId) {
        list.iter_mut().for_each(|p| self.policy(&mut p.policy, doc));
    }

    fn org_node(self, node: &mut OrgNode) {
        self.refs(&mut node.scps);
        self.refs(&mut node.rcps);
        for a in &mut node.accounts {
            self.span(&mut a.span);
            self.refs(&mut a.scps);
            self.refs(&mut a.rcps);
        }
        node.units.iter_mut().for_each(|u| self.org_node(u));
    }

    fn step_action(self, action: &mut StepAction, doc: DocId) {
        let option = |s: &mut Option<(u64, Span)>| {
            if let Some((_, s)) = s {
                self.span(s);
            }
        };
        let session = |p: &mut Option<Policy>| {
            if let Some(p) = p {
                self.policy(p, doc);
            }
        };
        match action {
            StepAction::Request { principal, .. } => self.span(&mut principal.1),
            StepAction::AssumeRole(a) => {
                self.span(&mut a.caller.1);
                self.span(&mut a.role.1);
                option(&mut a.duration_seconds);
                session(&mut a.session_policy);
                self.refs(&mut a.policy_arns);
            }
            StepAction::ServiceAssumeRole { role, .. } => self.span(&mut role.1),
            StepAction::Federated(f) => {
                self.span(&mut f.provider.1);
                self.span(&mut f.role.1);
                option(&mut f.duration_seconds);
                session(&mut f.session_policy);
                self.refs(&mut f.policy_arns);
            }
            StepAction::SessionToken { caller, duration_seconds, .. } => {
                self.span(&mut caller.1);
                option(duration_seconds);
            }
            StepAction::FederationToken(f) => {
                self.span(&mut f.caller.1);
                option(&mut f.duration_seconds);
                session(&mut f.session_policy);
            }
        }
    }
}

/// Moves every span of `s` in document `doc` (see the module's documentation).
pub(super) fn scenario(s: &mut Scenario, doc: DocId, at: u32, delta: i64) {
    let m = Move { at, delta };
    if let Some(org) = &mut s.organization {
        m.named(&mut org.scps, doc);
        m.named(&mut org.rcps, doc);
        m.org_node(&mut org.root);
    }
    for account in &mut s.accounts {
        m.named(&mut account.policies, doc);
        for u in &mut account.users {
            m.span(&mut u.span);
            m.refs(&mut u.groups);
            m.refs(&mut u.policies);
            m.named(&mut u.inline_policies, doc);
            if let Some((_, span)) = &mut u.permissions_boundary {
                m.span(span);
            }
        }
        for g in &mut account.groups {
            m.span(&mut g.span);
            m.refs(&mut g.policies);
            m.named(&mut g.inline_policies, doc);
        }
        for r in &mut account.roles {
            m.span(&mut r.span);
            if let Some(p) = &mut r.trust_policy {
                m.policy(p, doc);
            }
            m.refs(&mut r.policies);
            m.named(&mut r.inline_policies, doc);
            if let Some((_, span)) = &mut r.permissions_boundary {
                m.span(span);
            }
        }
        for res in &mut account.resources {
            m.span(&mut res.span);
            if let Some(p) = &mut res.policy {
                m.policy(p, doc);
            }
        }
    }
    s.aws_managed.values_mut().for_each(|p| m.policy(p, doc));
    for step in &mut s.steps {
        m.span(&mut step.span);
        m.step_action(&mut step.action, doc);
    }
}

/// Moves a diagnostic's labels in document `doc`.
pub(super) fn diagnostic(d: &mut Diagnostic, doc: DocId, at: u32, delta: i64) {
    let m = Move { at, delta };
    d.labels.iter_mut().filter(|l| l.doc == doc).for_each(|l| m.span(&mut l.span));
}
