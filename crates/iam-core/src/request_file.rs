//! The request file format, version 1: one request plus every policy that
//! takes part, and an optional expected outcome. Spans point into the file.

use crate::context::Context;
use crate::diag::{blocks_evaluation, document_error_codes, Diagnostic, DocId, Span};
use crate::evaluate::{PolicySet, Request};
use crate::explain::{Decision, Evaluation, Layer};
use crate::json::{self, Kind, Member, Node};
use crate::matching::arn::Arn;
use crate::matching::principal::{is_account_id, Caller};
use crate::policy::{lower_policy, Policy, PolicyId, PolicyKind};
use crate::read::Reader;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub decision: Option<Decision>,
    pub layer: Option<String>,
    /// A diagnostic code the file must produce (the documents may still be evaluated).
    pub error: Option<String>,
    /// The Sids of the deciding statements, in any order.
    pub statements: Option<Vec<String>>,
}

impl Expected {
    /// Whether the outcome meets the expectation: the evaluation, when there
    /// is one, and the error codes of the file. An error the expectation does
    /// not name fails it, so a typo can never pass silently.
    pub fn met(&self, evaluation: Option<&Evaluation>, errors: &[&str]) -> bool {
        let errors_ok = match self.error.as_deref() {
            Some(code) => errors.contains(&code),
            None => errors.is_empty(),
        };
        let decision_ok = match evaluation {
            Some(ev) => {
                self.decision.is_none_or(|d| d == ev.decision)
                    && self.layer.as_deref().is_none_or(|l| l == ev.decided_by())
                    && self
                        .statements
                        .as_ref()
                        .is_none_or(|want| crate::explain::statements_match(want, &ev.determining))
            }
            None => self.decision.is_none() && self.layer.is_none() && self.statements.is_none(),
        };
        errors_ok && decision_ok
    }
}

#[derive(Debug, Clone)]
pub struct RequestFile {
    pub name: Option<String>,
    pub request: Request,
    pub policies: PolicySet,
}

/// The file's model (when it could be built), its expectation (read even when
/// the rest is invalid) and every diagnostic.
#[derive(Debug, Clone)]
pub struct ParsedRequestFile {
    pub file: Option<RequestFile>,
    pub expected: Option<Expected>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedRequestFile {
    /// The file, when it can be evaluated: it was read and no error blocks
    /// evaluation. Errors in policy documents do not block (section 6.7 of the
    /// reference): see [`ParsedRequestFile::document_errors`].
    pub fn evaluable(&self) -> Option<&RequestFile> {
        if blocks_evaluation(&self.diagnostics) {
            None
        } else {
            self.file.as_ref()
        }
    }

    /// The first error that leaves nothing to evaluate.
    pub fn blocking_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.blocks_evaluation())
    }

    /// The codes of every error, each once, in text order.
    pub fn error_codes(&self) -> Vec<&'static str> {
        crate::diag::error_codes(self.diagnostics.iter())
    }

    /// The codes of errors in the policy documents: a decision computed over
    /// them is one over documents AWS would refuse (or whose values never match).
    pub fn document_errors(&self) -> Vec<&'static str> {
        document_error_codes(&self.diagnostics)
    }
}

const FIELDS: &[&str] = &[
    "name",
    "source",
    "request",
    "identity_policies",
    "resource_policy",
    "permissions_boundary",
    "session_policy",
    "scps",
    "rcps",
    "expected",
];
const REQUEST_FIELDS: &[&str] = &["principal", "action", "resource", "resource_account", "context"];

/// Request files are read with the shared reader and its `request/…` codes.
type Cx<'a> = Reader<'a>;

impl Reader<'_> {
    /// A policy, or `None` for `null` / `{}` (which mean "no policy").
    fn policy(&mut self, node: &Node, id: String, kind: PolicyKind) -> Option<Policy> {
        match &node.kind {
            Kind::Null => None,
            Kind::Object(m) if m.is_empty() => {
                self.warn(
                    "request/empty-policy",
                    node.span,
                    format!("`{id}` is an empty object and is treated as no policy"),
                    "write a policy document, or leave the field out",
                );
                None
            }
            _ => Some(lower_policy(node, self.text, PolicyId::new(id), kind, self.doc, &mut self.diags)),
        }
    }

    fn policy_list(&mut self, node: &Node, id: &str, kind: PolicyKind) -> Vec<Policy> {
        match &node.kind {
            Kind::Array(items) => {
                items.iter().enumerate().filter_map(|(i, n)| self.policy(n, format!("{id}[{i}]"), kind)).collect()
            }
            _ => {
                self.error(
                    "request/invalid-type",
                    node.span,
                    format!("`{id}` must be an array of policies, found {}", node.type_name()),
                    "",
                );
                Vec::new()
            }
        }
    }

    fn levels(&mut self, node: &Node, id: &str, kind: PolicyKind) -> Option<Vec<Vec<Policy>>> {
        match &node.kind {
            Kind::Null => None,
            Kind::Array(levels) => Some(
                levels
                    .iter()
                    .enumerate()
                    .map(|(i, level)| self.policy_list(level, &format!("{id}[{i}]"), kind))
                    .collect(),
            ),
            _ => {
                self.error(
                    "request/invalid-type",
                    node.span,
                    format!("`{id}` must be an array with one array of policies per level, root first"),
                    "",
                );
                None
            }
        }
    }
}

/// Parses a request file. Never panics; every problem is a diagnostic.
pub fn parse_request_file(text: &str, doc: DocId) -> ParsedRequestFile {
    let (node, diagnostics) = json::parse(text, doc);
    let mut cx = Reader { text, doc, diags: diagnostics, area: crate::read::REQUEST };
    let (file, expected) = match node {
        Some(n) => lower_file(&n, &mut cx),
        None => (None, salvage_expected(text, doc)),
    };
    let mut diagnostics = cx.diags;
    crate::diag::sort_by_position(&mut diagnostics);
    ParsedRequestFile { file, expected, diagnostics }
}

/// After a syntax error, reads `expected` from a lenient parse so that a
/// report can still say whether the failure was the one expected.
fn salvage_expected(text: &str, doc: DocId) -> Option<Expected> {
    let node = json::parse_lenient(text, doc)?;
    let value = node.as_object()?.iter().find(|m| m.key == "expected")?.value.clone();
    let mut scratch = Reader { text, doc, diags: Vec::new(), area: crate::read::REQUEST };
    lower_expected(&value, &mut scratch)
}

fn lower_file(node: &Node, cx: &mut Cx<'_>) -> (Option<RequestFile>, Option<Expected>) {
    let Some(members) = node.as_object() else {
        cx.error(
            "request/not-object",
            node.span,
            format!("a request file must be a JSON object, found {}", node.type_name()),
            "",
        );
        return (None, None);
    };
    cx.check_fields(members, FIELDS, "a request file");
    let get = |k: &str| members.iter().find(|m| m.key == k).map(|m| &m.value);
    let expected = get("expected").and_then(|n| lower_expected(n, cx));
    let request = match get("request") {
        Some(request_node) => lower_request(request_node, cx),
        None => {
            cx.error(
                "request/missing-field",
                node.span,
                "the file has no `request`".into(),
                "add `\"request\": {\"principal\": ..., \"action\": ..., \"resource\": ...}`",
            );
            None
        }
    };
    let name = get("name").and_then(|n| cx.node_string(n, "name"));
    let role_resource = request
        .as_ref()
        .and_then(|r| Arn::parse(&r.resource).map(|a| a.service == "iam" && a.resource.starts_with("role/")))
        .unwrap_or(false);
    let resource_kind = if role_resource { PolicyKind::Trust } else { PolicyKind::Resource };
    let policies = PolicySet {
        identity: get("identity_policies")
            .map(|n| cx.policy_list(n, "identity_policies", PolicyKind::Identity))
            .unwrap_or_default(),
        resource: get("resource_policy").and_then(|n| cx.policy(n, "resource_policy".into(), resource_kind)),
        boundary: get("permissions_boundary")
            .and_then(|n| cx.policy(n, "permissions_boundary".into(), PolicyKind::Boundary)),
        session: get("session_policy")
            .and_then(|n| cx.policy(n, "session_policy".into(), PolicyKind::Session))
            .into_iter()
            .collect(),
        scps: get("scps").and_then(|n| cx.levels(n, "scps", PolicyKind::Scp)),
        rcps: get("rcps").and_then(|n| cx.levels(n, "rcps", PolicyKind::Rcp)),
        via_group: Vec::new(),
        scp_level_names: Vec::new(),
        rcp_level_names: Vec::new(),
    };
    if let Some(request) = &request {
        check_layers(&request.caller, &policies, members, cx);
        if let (Some(policy), Some(arn)) = (&policies.resource, Arn::parse(&request.resource)) {
            crate::policy::check_resource_policy_size(policy, cx.text, arn.service, &mut cx.diags);
        }
    }
    (request.map(|request| RequestFile { name, request, policies }), expected)
}

fn lower_request(node: &Node, cx: &mut Cx<'_>) -> Option<Request> {
    let Some(members) = node.as_object() else {
        cx.error(
            "request/invalid-type",
            node.span,
            format!("`request` must be an object, found {}", node.type_name()),
            "",
        );
        return None;
    };
    cx.check_fields(members, REQUEST_FIELDS, "`request`");
    let get = |k: &str| members.iter().find(|m| m.key == k).map(|m| &m.value);
    let field = |k: &str, cx: &mut Cx<'_>| match get(k) {
        Some(n) => cx.node_string(n, k).map(|s| (s, n.span)),
        None => {
            cx.error("request/missing-field", node.span, format!("`request` has no `{k}`"), "");
            None
        }
    };
    let principal = field("principal", cx);
    let action = field("action", cx);
    let resource = field("resource", cx);
    let (principal, action, resource) = (principal?, action?, resource?);
    let valid_action = action.0.split_once(':').is_some_and(|(s, n)| {
        !s.is_empty()
            && !n.is_empty()
            && !action.0.contains(['*', '?'])
            && action.0.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
    });
    if !valid_action {
        cx.error(
            "request/invalid-action",
            action.1,
            format!("`{}` is not an action", action.0),
            "a request names one action such as `s3:GetObject`, without wildcards",
        );
    }
    if resource.0.chars().count() > 2048 {
        cx.error(
            "request/resource-too-long",
            resource.1,
            format!("the resource is {} characters; an ARN has at most 2,048", resource.0.chars().count()),
            "",
        );
    } else if resource.0 != "*" && Arn::parse(&resource.0).is_none() {
        cx.error(
            "request/invalid-resource",
            resource.1,
            format!("`{}` is not an ARN", resource.0),
            "a request names one resource ARN, or `*` for actions without resource-level permissions",
        );
    }
    let caller = match Caller::parse(&principal.0, &action.0) {
        Ok(c) => c,
        Err(message) => {
            cx.error("request/invalid-principal", principal.1, message, "use a user, role, role-session, federated-user or root ARN, a service principal such as `lambda.amazonaws.com`, or `*` for anonymous");
            return None;
        }
    };
    let resource_account = get("resource_account").and_then(|n| {
        let s = cx.node_string(n, "resource_account")?;
        if !is_account_id(&s) {
            cx.error("request/invalid-account", n.span, format!("`{s}` is not a 12-digit account id"), "");
        }
        Some(s)
    });
    let context = get("context").map(|n| lower_context(n, cx)).unwrap_or_default();
    Some(Request { caller, action: action.0, resource: resource.0, resource_account, context })
}

fn lower_context(node: &Node, cx: &mut Cx<'_>) -> Context {
    crate::context::from_json(node, cx.doc, &mut cx.diags)
}

fn check_layers(caller: &Caller, set: &PolicySet, members: &[Member], cx: &mut Cx<'_>) {
    let span_of = |k: &str| members.iter().find(|m| m.key == k).map_or(Span::default(), |m| m.key_span);
    let identity_based = matches!(
        caller,
        Caller::User { .. } | Caller::Role { .. } | Caller::AssumedRole { .. } | Caller::FederatedUser { .. }
    );
    if !identity_based && !set.identity.is_empty() {
        cx.warn(
            "request/identity-policies-ignored",
            span_of("identity_policies"),
            format!("identity-based policies do not apply to the caller ({}); they are ignored", caller.describe()),
            "",
        );
    }
    if !identity_based && set.boundary.is_some() {
        cx.warn(
            "request/boundary-ignored",
            span_of("permissions_boundary"),
            format!("a permissions boundary does not apply to the caller ({}); it is ignored", caller.describe()),
            "",
        );
    }
    if !caller.is_session() && !set.session.is_empty() {
        cx.warn(
            "request/session-policy-ignored",
            span_of("session_policy"),
            format!("the caller ({}) is not a session, so the session policy is ignored", caller.describe()),
            "session policies apply to role sessions and federated users",
        );
    }
}

fn lower_expected(node: &Node, cx: &mut Cx<'_>) -> Option<Expected> {
    let Some(members) = node.as_object() else {
        cx.error(
            "request/invalid-type",
            node.span,
            "`expected` must be an object such as `{\"decision\": \"allowed\"}`".into(),
            "",
        );
        return None;
    };
    cx.check_fields(members, &["decision", "layer", "error", "statements"], "`expected`");
    let mut expected = Expected { decision: None, layer: None, error: None, statements: None };
    for m in members {
        if m.key == "statements" {
            expected.statements = lower_sids(&m.value, cx);
            continue;
        }
        let Some(text) = cx.node_string(&m.value, &m.key) else { continue };
        match m.key.as_ref() {
            "decision" => match Decision::parse(&text) {
                Some(d) => expected.decision = Some(d),
                None => cx.error(
                    "request/invalid-expected",
                    m.value.span,
                    format!("unknown decision `{text}`"),
                    "use `allowed`, `explicitDeny` or `implicitDeny`",
                ),
            },
            "layer" => {
                if Layer::parse(&text).is_none() && text != "awsRule" {
                    cx.error(
                        "request/invalid-expected",
                        m.value.span,
                        format!("unknown layer `{text}`"),
                        "use rcp, scp, resourcePolicy, identityPolicies, permissionsBoundary, sessionPolicy, or awsRule when a rule of AWS decides",
                    );
                }
                expected.layer = Some(text);
            }
            _ => expected.error = Some(text),
        }
    }
    Some(expected)
}

fn lower_sids(node: &Node, cx: &mut Cx<'_>) -> Option<Vec<String>> {
    let Kind::Array(items) = &node.kind else {
        cx.error(
            "request/invalid-type",
            node.span,
            format!("`statements` must be an array of Sids, found {}", node.type_name()),
            "write the Sids of the statements that decide, e.g. `[\"DenyOutsideEU\"]`",
        );
        return None;
    };
    items.iter().map(|i| cx.node_string(i, "statements")).collect()
}
