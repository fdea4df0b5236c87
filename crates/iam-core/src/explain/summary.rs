//! The answer to "why?" in a sentence or two. It is data first: what decided
//! (statements named by policy and Sid), and for a denial that no statement
//! decided, the gate that did not allow and the statement that came closest,
//! with what failed in it and the values compared. [`Summary::sentences`]
//! makes the words from that data; the CLI, the web app and the tests all
//! read the same two.
//!
//! The closest statement is the `Allow` statement of the gate's policies
//! with the most elements holding (principal, action, resource, and the
//! condition block as one), every element checked, none skipped; a tie goes
//! to the one written first.

use super::{AwsRule, Decision, Evaluation, Layer, LayerNote, Verdict};
use crate::condition::ConditionTrace;
use crate::diag::{DocId, Span};
use crate::evaluate::statement::{assess, assess_from, Assessment};
use crate::evaluate::{PolicySet, Request};
use crate::explain::{ElementMatch, PolicyTrace, StatementTrace};
use crate::matching::principal::Caller;
use crate::policy::{Effect, Policy, PolicyId, PolicyKind, Statement};
use serde::Serialize;
use smol_str::SmolStr;

/// How many values of an element or a condition a sentence quotes.
const QUOTED: usize = 3;

/// What was asked: who, which action, on what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Asked {
    /// The caller as people name it: `alice`, `BreakGlass` session `bob`.
    pub caller: String,
    pub action: String,
    pub resource: String,
    /// How a `Principal` element names the caller: the key (`AWS`,
    /// `Service`, `Federated`) and the value; `None` for an anonymous caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<(String, String)>,
}

/// A statement, named for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cite {
    pub policy: PolicyId,
    pub kind: PolicyKind,
    /// From 0, as in the trace (sentences count from 1).
    pub statement: usize,
    pub sid: Option<SmolStr>,
    /// The group an identity policy came through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Where an SCP or RCP is attached: `OU \`workloads\``, the organization root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached: Option<String>,
    /// The document the statement is written in, and the statement's text there.
    pub doc: DocId,
    pub span: Span,
}

/// What failed in the closest statement, with the values compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "element", rename_all = "camelCase")]
pub enum Miss {
    /// The statement does not name the caller (or excludes it, or names no one).
    /// `at`: the element's value in the document (where an edit goes).
    Principal {
        named: Vec<String>,
        negated: bool,
        at: Span,
    },
    Action {
        listed: Vec<String>,
        negated: bool,
        at: Span,
    },
    Resource {
        listed: Vec<String>,
        negated: bool,
        at: Span,
    },
    /// A condition that is false: the policy's values and the request's (`None`: absent).
    Condition {
        operator: SmolStr,
        key: SmolStr,
        policy: Vec<SmolStr>,
        request: Option<Vec<SmolStr>>,
        at: Span,
    },
    /// The statement has no element of this name (`Action`, `Resource` or `Principal`).
    Missing {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Closest {
    pub cite: Cite,
    /// Elements that held, of four.
    pub held: usize,
    pub misses: Vec<Miss>,
}

/// A condition of a deciding statement that held, with the request's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Held {
    pub operator: SmolStr,
    pub key: SmolStr,
    pub policy: Vec<SmolStr>,
    pub request: Option<Vec<SmolStr>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Summary {
    /// A rule of AWS decided, whatever the policies say.
    AwsRule {
        asked: Asked,
        decision: Decision,
        rule: AwsRule,
    },
    Allowed {
        asked: Asked,
        by: Vec<Cite>,
        cross_account: bool,
    },
    ExplicitDeny {
        asked: Asked,
        by: Vec<Cite>,
        held: Vec<Held>,
    },
    /// No statement decided: `layer` (at `level`) did not allow.
    ImplicitDeny {
        asked: Asked,
        layer: Layer,
        level: Option<usize>,
        /// What the level is (`OU \`workloads\``), when the scenario names it.
        level_name: Option<String>,
        note: Option<LayerNote>,
        /// When the gate is a role's trust policy: that policy.
        trust: Option<PolicyId>,
        closest: Option<Closest>,
    },
}

/// The summary of `ev`, the evaluation of `request` against `set`.
pub fn summarize(ev: &Evaluation, set: &PolicySet, request: &Request) -> Summary {
    let asked = Asked {
        caller: caller_name(&request.caller),
        action: request.action.clone(),
        resource: request.resource.clone(),
        principal: principal_of(&request.caller),
    };
    if let Some(rule) = ev.aws_rule {
        return Summary::AwsRule { asked, decision: ev.decision, rule };
    }
    let cites = || ev.determining.iter().filter_map(|d| cite_of(ev, set, &d.policy, d.statement)).collect::<Vec<_>>();
    match ev.decision {
        Decision::Allowed => Summary::Allowed { asked, by: cites(), cross_account: !ev.same_account },
        Decision::ExplicitDeny => {
            let held = ev
                .determining
                .iter()
                .filter_map(|d| statement_trace(ev, &d.policy, d.statement))
                .flat_map(|s| s.conditions.iter().filter(|c| c.matched).map(held_of))
                .collect();
            Summary::ExplicitDeny { asked, by: cites(), held }
        }
        Decision::ImplicitDeny => {
            let gate = ev.layers.iter().find(|l| l.verdict == Verdict::ImplicitDeny);
            let (layer, level, note) = gate.map_or((ev.layer, ev.level, None), |g| (g.layer, g.level, g.note));
            let policies = gate_policies(set, layer, level);
            let trust = policies.first().filter(|p| p.kind == PolicyKind::Trust).map(|p| p.id.clone());
            let closest = closest(ev, set, policies, layer, level, request);
            let level_name = match layer {
                Layer::Scp => level_name(set, PolicyKind::Scp, level),
                Layer::Rcp => level_name(set, PolicyKind::Rcp, level),
                _ => None,
            };
            Summary::ImplicitDeny { asked, layer, level, level_name, note, trust, closest }
        }
    }
}

fn principal_of(caller: &Caller) -> Option<(String, String)> {
    match caller {
        Caller::Service { name } => Some(("Service".into(), name.to_string())),
        Caller::WebIdentity { provider } => Some(("Federated".into(), provider.to_string())),
        Caller::Root { partition, account } => Some(("AWS".into(), format!("arn:{partition}:iam::{account}:root"))),
        Caller::Role { partition, account, path, name } => {
            Some(("AWS".into(), format!("arn:{partition}:iam::{account}:role{path}{name}")))
        }
        Caller::Anonymous => None,
        other => other.arn_string().map(|arn| ("AWS".into(), arn)),
    }
}

fn caller_name(caller: &Caller) -> String {
    match caller {
        Caller::User { name, .. } => name.to_string(),
        Caller::Role { name, .. } => format!("role `{name}`"),
        Caller::AssumedRole { role, session, .. } => format!("the `{role}` session `{session}`"),
        Caller::FederatedUser { name, .. } => format!("federated user `{name}`"),
        Caller::Root { account, .. } => format!("the root user of {account}"),
        Caller::Service { name } => format!("the service `{name}`"),
        Caller::WebIdentity { provider } => format!("the identity provider `{provider}`"),
        Caller::Anonymous => "an anonymous caller".into(),
    }
}

fn policy_trace<'e>(ev: &'e Evaluation, id: &PolicyId) -> Option<&'e PolicyTrace> {
    ev.policies.iter().find(|p| &p.id == id)
}

fn statement_trace<'e>(ev: &'e Evaluation, id: &PolicyId, index: usize) -> Option<&'e StatementTrace> {
    policy_trace(ev, id)?.statements.iter().find(|s| s.index == index)
}

fn cite_of(ev: &Evaluation, set: &PolicySet, id: &PolicyId, index: usize) -> Option<Cite> {
    let p = policy_trace(ev, id)?;
    let statement = p.statements.iter().find(|s| s.index == index);
    let sid = statement.and_then(|s| s.sid.clone());
    let span = statement.map_or(p.span, |s| s.span);
    let attached = level_name(set, p.kind, p.level);
    let group = group_of(set, id);
    Some(Cite {
        policy: id.clone(),
        kind: kind_in(p.kind, p.layer),
        statement: index,
        sid,
        group,
        attached,
        doc: p.doc,
        span,
    })
}

/// A policy's kind as the layer it was evaluated in uses it: a managed
/// policy set as a permissions boundary is a boundary there.
fn kind_in(kind: PolicyKind, layer: Layer) -> PolicyKind {
    if layer == Layer::PermissionsBoundary {
        PolicyKind::Boundary
    } else {
        kind
    }
}

/// The name of an SCP or RCP level, when the scenario gave one.
fn level_name(set: &PolicySet, kind: PolicyKind, level: Option<usize>) -> Option<String> {
    let names = match kind {
        PolicyKind::Scp => &set.scp_level_names,
        PolicyKind::Rcp => &set.rcp_level_names,
        _ => return None,
    };
    names.get(level?).cloned()
}

fn group_of(set: &PolicySet, id: &PolicyId) -> Option<String> {
    set.via_group.iter().find(|(p, _)| p == id).map(|(_, g)| g.clone())
}

fn held_of(c: &ConditionTrace) -> Held {
    Held {
        operator: c.operator.clone(),
        key: c.key.clone(),
        policy: c.policy_values.clone(),
        request: c.context_values.clone(),
    }
}

/// The policies of the layer (and level) that did not allow.
fn gate_policies(set: &PolicySet, layer: Layer, level: Option<usize>) -> Vec<&Policy> {
    match layer {
        Layer::IdentityPolicies => set.identity.iter().collect(),
        Layer::PermissionsBoundary => set.boundary.iter().collect(),
        Layer::ResourcePolicy => set.resource.iter().collect(),
        Layer::SessionPolicy => set.session.iter().collect(),
        Layer::Scp => at_level(set.scps.as_deref(), level),
        Layer::Rcp => at_level(set.rcps.as_deref(), level),
    }
}

fn at_level(levels: Option<&[Vec<Policy>]>, level: Option<usize>) -> Vec<&Policy> {
    match (levels, level) {
        (Some(levels), Some(l)) => levels.get(l).map(|ps| ps.iter().collect()).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn closest(
    ev: &Evaluation,
    set: &PolicySet,
    policies: Vec<&Policy>,
    layer: Layer,
    level: Option<usize>,
    request: &Request,
) -> Option<Closest> {
    let mut best: Option<(usize, &Policy, &Statement, Assessment)> = None;
    for policy in policies {
        let traces = policy_trace(ev, &policy.id).map_or(&[][..], |p| p.statements.as_slice());
        for statement in policy.statements.iter().filter(|s| s.effect == Effect::Allow && s.inert.is_none()) {
            // What the evaluation already checked is taken from its trace.
            let assessment = match traces.iter().find(|t| t.index == statement.index) {
                Some(trace) => assess_from(statement, policy.kind, request, trace),
                None => assess(statement, policy.kind, request),
            };
            let held = assessment.held();
            if best.as_ref().is_none_or(|(h, ..)| held > *h) {
                best = Some((held, policy, statement, assessment));
            }
        }
    }
    let (held, policy, statement, assessment) = best?;
    let cite = Cite {
        policy: policy.id.clone(),
        kind: kind_in(policy.kind, layer),
        statement: statement.index,
        sid: statement.sid.clone(),
        group: group_of(set, &policy.id),
        attached: level_name(set, policy.kind, level),
        doc: policy.doc,
        span: statement.span,
    };
    Some(Closest { cite, held, misses: misses(statement, &assessment) })
}

fn quoted<T>(items: &[crate::policy::Item<T>]) -> Vec<String> {
    items.iter().take(QUOTED + 1).map(|i| i.text.to_string()).collect()
}

fn misses(statement: &Statement, a: &Assessment) -> Vec<Miss> {
    let mut out = Vec::new();
    let failed = |m: &ElementMatch| matches!(m, ElementMatch::NotMatched { .. });
    if failed(&a.principal) {
        out.push(match &statement.principal {
            Some(el) => Miss::Principal { named: quoted(&el.items), negated: el.negated, at: el.span },
            None => Miss::Missing { name: "Principal".into() },
        });
    }
    if failed(&a.action) {
        out.push(match &statement.action {
            Some(el) => Miss::Action { listed: quoted(&el.items), negated: el.negated, at: el.span },
            None => Miss::Missing { name: "Action".into() },
        });
    }
    if failed(&a.resource) {
        out.push(match &statement.resource {
            Some(el) => Miss::Resource { listed: quoted(&el.items), negated: el.negated, at: el.span },
            None => Miss::Missing { name: "Resource".into() },
        });
    }
    for (c, entry) in a.conditions.iter().zip(statement.conditions.iter()).filter(|(c, _)| !c.matched) {
        out.push(Miss::Condition {
            operator: c.operator.clone(),
            key: c.key.clone(),
            policy: c.policy_values.clone(),
            request: c.context_values.clone(),
            at: entry.values_span,
        });
    }
    out
}

/// A policy's name as people gave it, from its id: `DeveloperAccess` for
/// `111111111111/DeveloperAccess` or an AWS managed policy's ARN, the trust
/// policy of a role, a user's, group's or role's inline policy by name.
pub fn policy_name(id: &PolicyId) -> String {
    let id = id.0.as_ref();
    if let Some(rest) = id.strip_prefix("resource/") {
        return format!("the policy of `{rest}`");
    }
    if let Some(role) = id.strip_prefix("role/").and_then(|r| r.strip_suffix("/trust")) {
        return format!("the trust policy of `{role}`");
    }
    if id == "session_policy" {
        return "the session policy".into();
    }
    let name = id.rsplit(['/', ':']).next().unwrap_or(id);
    format!("`{name}`")
}

/// The group an identity policy came through, said after its name.
fn via(cite: &Cite) -> Option<String> {
    cite.group.as_ref().map(|group| format!(" (from group `{group}`)"))
}

fn statement_label(cite: &Cite) -> String {
    let kind = match cite.kind {
        PolicyKind::Scp => "the SCP ",
        PolicyKind::Rcp => "the RCP ",
        PolicyKind::Boundary => "the permissions boundary ",
        _ => "",
    };
    match &cite.sid {
        Some(sid) => format!("{kind}{} › `{sid}`", policy_name(&cite.policy)),
        None => format!("{kind}{} › statement {}", policy_name(&cite.policy), cite.statement + 1),
    }
}

/// A statement as the sentences name it: policy, Sid or position, and where
/// it came from.
pub fn cite_label(cite: &Cite) -> String {
    let attached = cite.attached.as_ref().map(|a| format!(" (attached to {a})")).unwrap_or_default();
    format!("{}{}{attached}", statement_label(cite), via(cite).unwrap_or_default())
}

/// What a call on a role's trust policy does, in words: assume the role,
/// or pass it session tags or a source identity.
fn assume_phrase(asked: &Asked) -> String {
    let role = asked.resource.rsplit('/').next().unwrap_or(&asked.resource);
    let action = asked.action.to_ascii_lowercase();
    match action.as_str() {
        "sts:tagsession" => format!("pass session tags when assuming `{role}`"),
        "sts:setsourceidentity" => format!("set a source identity when assuming `{role}`"),
        _ => format!("assume `{role}`"),
    }
}

fn verb<'v>(subjects: &[String], one: &'v str, many: &'v str) -> &'v str {
    if subjects.len() > 1 {
        many
    } else {
        one
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn list(values: &[impl AsRef<str>], or: &str) -> String {
    let shown: Vec<String> = values.iter().take(QUOTED).map(|v| format!("`{}`", v.as_ref())).collect();
    let more = if values.len() > QUOTED { ", …" } else { "" };
    match shown.as_slice() {
        [] => "nothing".into(),
        [one] => format!("{one}{more}"),
        [init @ .., last] => format!("{} {or} {last}{more}", init.join(", ")),
    }
}

fn possessive(caller: &str) -> String {
    if caller.ends_with('`') || caller.starts_with("the ") || caller.starts_with("an ") {
        format!("the policies of {caller}")
    } else {
        format!("{caller}'s policies")
    }
}

fn gate_sentence(asked: &Asked, layer: Layer, level: Option<usize>, named: Option<&str>) -> String {
    let place = |level: Option<usize>| match (named, level) {
        (Some(name), _) => format!("attached to {name}"),
        (None, Some(l)) => level_name_of(l),
        (None, None) => "of the organization".to_string(),
    };
    let what = format!("`{}` on `{}`", asked.action, asked.resource);
    match layer {
        Layer::IdentityPolicies => format!("Denied: none of {} allows {what}.", possessive(&asked.caller)),
        Layer::PermissionsBoundary => {
            format!("Denied: the permissions boundary of {} does not allow {what}.", asked.caller)
        }
        Layer::SessionPolicy => format!("Denied: the session policy does not allow {what}."),
        Layer::ResourcePolicy => format!("Denied: the resource's policy does not allow {} {what}.", asked.caller),
        Layer::Scp => format!("Denied: no service control policy {} allows {what}.", place(level)),
        Layer::Rcp => format!("Denied: the resource control policies {} do not allow {what}.", place(level)),
    }
}

fn level_name_of(level: usize) -> String {
    if level == 0 {
        "at the organization root".into()
    } else {
        format!("at level {} below the root", level)
    }
}

fn miss_text(miss: &Miss, asked: &Asked) -> String {
    match miss {
        Miss::Principal { negated: true, .. } => format!("excludes {} with `NotPrincipal`", asked.caller),
        Miss::Principal { named, .. } => format!("names {}, not {}", list(named, "and"), asked.caller),
        Miss::Action { negated: true, .. } => format!("excludes `{}` with `NotAction`", asked.action),
        Miss::Action { listed, .. } => format!("covers {} but not `{}`", list(listed, "and"), asked.action),
        Miss::Resource { negated: true, .. } => format!("excludes `{}` with `NotResource`", asked.resource),
        Miss::Resource { listed, .. } => format!("names {}, not `{}`", list(listed, "and"), asked.resource),
        Miss::Condition { operator, key, policy, request, .. } => {
            let got = match request {
                Some(values) if !values.is_empty() => format!("the request has {}", list(values, "and")),
                _ => format!("the request has no `{key}`"),
            };
            format!("requires `{key}` {operator} {} ({got})", list(policy, "or"))
        }
        Miss::Missing { name } => format!("has no `{name}`"),
    }
}

impl Summary {
    pub fn asked(&self) -> &Asked {
        match self {
            Summary::AwsRule { asked, .. }
            | Summary::Allowed { asked, .. }
            | Summary::ExplicitDeny { asked, .. }
            | Summary::ImplicitDeny { asked, .. } => asked,
        }
    }

    /// The explanation in one or two plain sentences.
    pub fn sentences(&self) -> Vec<String> {
        match self {
            Summary::AwsRule { decision, rule, .. } => {
                let verb = if *decision == Decision::Allowed { "Allowed" } else { "Denied" };
                vec![format!("{verb}: {}.", rule.describe())]
            }
            Summary::Allowed { asked, by, cross_account } => {
                let trust: Vec<String> = by.iter().filter(|c| c.kind == PolicyKind::Trust).map(cite_label).collect();
                let others: Vec<String> = by.iter().filter(|c| c.kind != PolicyKind::Trust).map(cite_label).collect();
                let mut out = match (trust.is_empty(), others.is_empty()) {
                    // Role assumption: the role's side and the caller's side, each named.
                    (false, false) => vec![format!(
                        "Allowed: {} may {}: {} trusts {}, and {} {} `{}` on it.",
                        asked.caller,
                        assume_phrase(asked),
                        join_and(&trust),
                        asked.caller,
                        join_and(&others),
                        verb(&others, "allows", "allow"),
                        asked.action
                    )],
                    (false, true) => vec![format!(
                        "Allowed: {} may {}: {} trusts {} (no permission of the caller's own is needed).",
                        asked.caller,
                        assume_phrase(asked),
                        join_and(&trust),
                        asked.caller
                    )],
                    _ => vec![format!(
                        "Allowed: {} {} `{}` on `{}`.",
                        join_and(&others),
                        verb(&others, "allows", "allow"),
                        asked.action,
                        asked.resource
                    )],
                };
                if *cross_account && by.len() > 1 {
                    out.push("The request crosses accounts, and both sides allow it.".into());
                }
                out
            }
            Summary::ExplicitDeny { asked, by, held } => {
                let by: Vec<String> = by.iter().map(cite_label).collect();
                let mut out = vec![format!(
                    "Denied: {} explicitly {} `{}` on `{}`; an explicit deny overrides every allow.",
                    join_and(&by),
                    verb(&by, "denies", "deny"),
                    asked.action,
                    asked.resource
                )];
                if !held.is_empty() {
                    let conditions: Vec<String> = held
                        .iter()
                        .map(|h| {
                            let got = match &h.request {
                                Some(values) if !values.is_empty() => {
                                    format!("the request has {}", list(values, "and"))
                                }
                                _ => format!("the request has no `{}`", h.key),
                            };
                            format!("`{}` {} {} ({got})", h.key, h.operator, list(&h.policy, "or"))
                        })
                        .collect();
                    out.push(format!("Its condition held: {}.", conditions.join("; ")));
                }
                out
            }
            Summary::ImplicitDeny { asked, layer, level, level_name, note, trust, closest } => {
                let mut first = match trust {
                    Some(id) => format!(
                        "Denied: {} may not {}: {} does not trust {}.",
                        asked.caller,
                        assume_phrase(asked),
                        policy_name(id),
                        asked.caller
                    ),
                    None => gate_sentence(asked, *layer, *level, level_name.as_deref()),
                };
                // The trust-policy rule is said by the sentence itself.
                if let Some(note) = note.filter(|_| trust.is_none()) {
                    first = format!("{} ({}).", first.trim_end_matches('.'), note.describe());
                }
                let mut out = vec![first];
                if let Some(c) = closest.as_ref().filter(|c| !c.misses.is_empty()) {
                    let misses: Vec<String> = c.misses.iter().map(|m| miss_text(m, asked)).collect();
                    out.push(format!("The closest statement, {}, {}.", cite_label(&c.cite), misses.join("; it ")));
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests;
