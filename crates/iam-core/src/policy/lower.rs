//! JSON → policy model: document shape, statements, Sid and Effect. Every
//! problem becomes a diagnostic; lowering always finishes with a best model.

use super::{
    condition_lower, elements, Effect, IgnoredElement, Inert, Policy, PolicyId, PolicyKind, Statement, Version,
};
use crate::diag::{Diagnostic, DocId, Severity, Span};
use crate::json::{Kind, Member, Node};

/// The lowering context shared by the element lowerers.
pub(super) struct Cx<'a> {
    pub doc: DocId,
    pub kind: PolicyKind,
    pub version: Version,
    pub diags: &'a mut Vec<Diagnostic>,
    /// Set by element lowerers when the statement being lowered can never apply.
    pub inert: Option<Inert>,
    /// Forbidden elements found so far.
    pub ignored: Vec<IgnoredElement>,
    /// The position of the statement being lowered.
    pub statement: usize,
}

impl Cx<'_> {
    pub fn error(&mut self, code: &'static str, span: Span, message: String, help: &str) {
        self.diags.push(Diagnostic::build(Severity::Error, code, self.doc, span, message, help));
    }

    /// An error IAM does not refuse: the document is stored, the value never matches.
    pub fn error_stored(&mut self, code: &'static str, span: Span, message: String, help: &str) {
        let d = Diagnostic::build(Severity::Error, code, self.doc, span, message, help);
        self.diags.push(d.with_aws(crate::diag::AwsStance::Stores));
    }

    /// Marks the statement being lowered as never applying (the first reason wins).
    pub fn make_inert(&mut self, why: Inert) {
        self.inert.get_or_insert(why);
    }

    pub fn warn(&mut self, code: &'static str, span: Span, message: String, help: &str) {
        self.diags.push(Diagnostic::build(Severity::Warning, code, self.doc, span, message, help));
    }

    pub fn variables_enabled(&self) -> bool {
        self.version == Version::V2012
    }

    /// An unknown key, with a suggestion when it differs from a known one only in case.
    pub fn unknown_element(&mut self, member: &Member, known: &[&str], place: &str) {
        let help = crate::read::unknown_key_help(&member.key, known, "element", place);
        self.error(
            "policy/unknown-element",
            member.key_span,
            format!("unknown element `{}` {place}", member.key),
            &help,
        );
    }
}

pub(super) fn quote_list(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

const TOP_LEVEL: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT: &[&str] =
    &["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

pub(super) fn lower(node: &Node, id: PolicyId, kind: PolicyKind, doc: DocId, diags: &mut Vec<Diagnostic>) -> Policy {
    let mut policy = Policy {
        id,
        doc,
        kind,
        span: node.span,
        version: Version::V2008,
        statements: Vec::new().into(),
        ignored: Vec::new(),
    };
    let Some(members) = node.as_object() else {
        diags.push(
            Diagnostic::error(
                "policy/not-object",
                doc,
                node.span,
                format!("a policy must be a JSON object, found {}", node.type_name()),
            )
            .with_help("write `{\"Version\": \"2012-10-17\", \"Statement\": [...]}`"),
        );
        return policy;
    };
    let version_member = members.iter().find(|m| m.key == "Version");
    let mut cx = Cx { doc, kind, version: Version::V2008, diags, inert: None, ignored: Vec::new(), statement: 0 };
    cx.version = lower_version(version_member, node.span, &mut cx);
    policy.version = cx.version;
    let mut statement_member = None;
    for member in members {
        match member.key.as_ref() {
            "Version" => {}
            "Id" => lower_id(member, &mut cx),
            "Statement" => statement_member = statement_member.or(Some(member)),
            _ => cx.unknown_element(member, TOP_LEVEL, "in a policy"),
        }
    }
    let Some(statement_member) = statement_member else {
        cx.error(
            "policy/missing-statement",
            node.span,
            "the policy has no `Statement` element".into(),
            "add `\"Statement\": [ ... ]` with at least one statement",
        );
        return policy;
    };
    let statement_nodes: &[Node] = match &statement_member.value.kind {
        Kind::Object(_) => std::slice::from_ref(&statement_member.value),
        Kind::Array(items) => items,
        _ => {
            cx.error(
                "policy/invalid-type",
                statement_member.value.span,
                format!(
                    "`Statement` must be an object or an array of objects, found {}",
                    statement_member.value.type_name()
                ),
                "",
            );
            &[]
        }
    };
    if matches!(&statement_member.value.kind, Kind::Array(items) if items.is_empty()) {
        cx.warn(
            "policy/empty-statement",
            statement_member.value.span,
            "`Statement` is empty, so this policy allows and denies nothing".into(),
            "",
        );
    }
    let ignored = &mut policy.ignored;
    policy.statements = if statement_nodes.iter().all(|n| n.as_object().is_some()) {
        // Every statement is an object and lowers to one: collected straight
        // into the shared slice (its length is known, so it is allocated
        // once, not built as a vector and copied). The empty member list is
        // never used: every node was just seen to be an object.
        statement_nodes
            .iter()
            .enumerate()
            .map(|(index, node)| {
                let statement = lower_members(node.as_object().unwrap_or_default(), node.span, index, &mut cx);
                ignored.append(&mut cx.ignored);
                statement
            })
            .collect()
    } else {
        let mut statements = Vec::with_capacity(statement_nodes.len());
        for (index, node) in statement_nodes.iter().enumerate() {
            if let Some(statement) = lower_statement(node, index, &mut cx) {
                statements.push(statement);
            }
            ignored.append(&mut cx.ignored);
        }
        statements.into()
    };
    check_sids(&policy, &mut cx);
    policy
}

fn lower_version(member: Option<&Member>, policy_span: Span, cx: &mut Cx<'_>) -> Version {
    let Some(member) = member else {
        let help = "add `\"Version\": \"2012-10-17\"`; without it the legacy 2008-10-17 language applies and `${...}` is literal text";
        if matches!(cx.kind, PolicyKind::Scp | PolicyKind::Rcp) {
            cx.error(
                "policy/missing-version",
                policy_span,
                format!("{} must have `\"Version\": \"2012-10-17\"`", cx.kind.with_article()),
                help,
            );
        } else {
            cx.warn("policy/missing-version", policy_span, "the policy has no `Version`".into(), help);
        }
        return Version::V2008;
    };
    match member.value.as_str() {
        Some("2012-10-17") => Version::V2012,
        Some("2008-10-17") => {
            if matches!(cx.kind, PolicyKind::Scp | PolicyKind::Rcp) {
                cx.error(
                    "policy/invalid-version",
                    member.value.span,
                    format!("{} must use version `2012-10-17`", cx.kind.with_article()),
                    "",
                );
            }
            Version::V2008
        }
        _ => {
            cx.error(
                "policy/invalid-version",
                member.value.span,
                format!("`Version` must be `2012-10-17` or `2008-10-17`, found `{}`", display_value(&member.value)),
                "use `2012-10-17`, the current policy language; the version is a fixed date, not today's date",
            );
            Version::V2012
        }
    }
}

pub(super) fn display_value(node: &Node) -> String {
    match &node.kind {
        Kind::String(s) | Kind::Number(s) => s.to_string(),
        Kind::Bool(b) => b.to_string(),
        Kind::Null => "null".into(),
        Kind::Array(_) => "[...]".into(),
        Kind::Object(_) => "{...}".into(),
    }
}

fn lower_id(member: &Member, cx: &mut Cx<'_>) {
    if member.value.as_str().is_none() {
        cx.error(
            "policy/invalid-type",
            member.value.span,
            format!("`Id` must be a string, found {}", member.value.type_name()),
            "",
        );
    } else if matches!(cx.kind, PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session) {
        cx.warn(
            "policy/id-in-identity-policy",
            member.key_span,
            format!("`Id` belongs in resource-based policies, not in {}", cx.kind.with_article()),
            "remove `Id`; the policy grammar says identity-based policies must not include it",
        );
    }
}

fn lower_statement(node: &Node, index: usize, cx: &mut Cx<'_>) -> Option<Statement> {
    let Some(members) = node.as_object() else {
        cx.error(
            "policy/invalid-type",
            node.span,
            format!("a statement must be an object, found {}", node.type_name()),
            "",
        );
        return None;
    };
    Some(lower_members(members, node.span, index, cx))
}

/// Lowers the members of a statement object.
fn lower_members(members: &[Member], span: Span, index: usize, cx: &mut Cx<'_>) -> Statement {
    let get = |key: &str| members.iter().find(|m| m.key == key);
    cx.inert = None;
    cx.statement = index;
    for member in members {
        if !STATEMENT.contains(&member.key.as_ref()) {
            cx.unknown_element(member, STATEMENT, "in a statement");
            cx.make_inert(Inert::UnknownElement);
        }
    }
    let sid_span = get("Sid").map(|m| m.value.span);
    let sid = get("Sid").and_then(|m| match m.value.as_str() {
        Some(s) => Some(smol_str::SmolStr::new(s)),
        None => {
            cx.error(
                "policy/invalid-type",
                m.value.span,
                format!("`Sid` must be a string, found {}", m.value.type_name()),
                "",
            );
            None
        }
    });
    let effect = lower_effect(get("Effect"), span, cx);
    if effect.is_none() {
        cx.make_inert(Inert::NoValidEffect);
    }
    let mut statement = Statement {
        index,
        sid,
        sid_span,
        span,
        effect: effect.unwrap_or(Effect::Deny),
        principal: elements::lower_principal(get("Principal"), get("NotPrincipal"), span, effect, cx),
        action: elements::lower_action(get("Action"), get("NotAction"), span, cx),
        resource: elements::lower_resource(get("Resource"), get("NotResource"), span, cx),
        conditions: Vec::new(),
        inert: None,
    };
    if let Some(condition) = get("Condition") {
        statement.conditions = condition_lower::lower_block(&condition.value, cx);
    }
    statement.inert = cx.inert.take();
    if cx.kind == PolicyKind::Rcp && effect == Some(Effect::Allow) {
        cx.error(
            "rcp/allow-not-supported",
            get("Effect").map_or(span, |m| m.value.span),
            "resource control policies you write can only deny".into(),
            "RCPFullAWSAccess is attached implicitly at every level; write `Deny` statements to restrict access",
        );
    }
    statement
}

fn lower_effect(member: Option<&Member>, statement_span: Span, cx: &mut Cx<'_>) -> Option<Effect> {
    let Some(member) = member else {
        cx.error(
            "policy/missing-effect",
            statement_span,
            "the statement has no `Effect`".into(),
            "add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`",
        );
        return None;
    };
    match member.value.as_str() {
        Some("Allow") => Some(Effect::Allow),
        Some("Deny") => Some(Effect::Deny),
        Some(other) => {
            let help = if other.eq_ignore_ascii_case("allow") || other.eq_ignore_ascii_case("deny") {
                "`Effect` is case-sensitive: write `Allow` or `Deny`"
            } else {
                "`Effect` must be `Allow` or `Deny`"
            };
            cx.error("policy/invalid-effect", member.value.span, format!("invalid effect `{other}`"), help);
            None
        }
        None => {
            cx.error(
                "policy/invalid-effect",
                member.value.span,
                format!("`Effect` must be a string, found {}", member.value.type_name()),
                "`Effect` must be `Allow` or `Deny`",
            );
            None
        }
    }
}

fn check_sids(policy: &Policy, cx: &mut Cx<'_>) {
    let strict = cx.kind.is_iam_stored();
    // First use of each Sid, for the duplicate check in O(n log n); a few
    // statements are compared pairwise, without building the map.
    let mut seen: std::collections::BTreeMap<&str, Span> = std::collections::BTreeMap::new();
    let few = policy.statements.len() <= 16;
    for (i, statement) in policy.statements.iter().enumerate() {
        let Some(sid) = statement.sid.as_deref() else { continue };
        let span = statement.sid_span.unwrap_or(statement.span);
        if strict && !sid.chars().all(|c| c.is_ascii_alphanumeric()) {
            cx.error(
                "policy/invalid-sid",
                span,
                format!("Sid `{sid}` may contain only letters and digits"),
                "IAM requires Sids to match `[0-9A-Za-z]*`",
            );
        }
        let first = if few {
            let earlier = policy.statements.get(..i).unwrap_or(&[]);
            earlier.iter().find(|s| s.sid.as_deref() == Some(sid)).map(|s| s.sid_span.unwrap_or(s.span))
        } else {
            seen.get(sid).copied()
        };
        if let Some(first) = first {
            let d = if strict {
                Diagnostic::error("policy/duplicate-sid", cx.doc, span, format!("duplicate Sid `{sid}`"))
            } else {
                Diagnostic::warning("policy/duplicate-sid", cx.doc, span, format!("duplicate Sid `{sid}`"))
            };
            cx.diags
                .push(d.with_label(cx.doc, first, "first used here").with_help("Sids must be unique within a policy"));
        } else if !few {
            seen.insert(sid, span);
        }
    }
}
