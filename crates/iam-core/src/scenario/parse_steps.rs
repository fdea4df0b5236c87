//! The kinds of step: a request, an `sts:AssumeRole` call, a service
//! assuming its role, `sts:AssumeRoleWithWebIdentity`, `sts:GetSessionToken`
//! and `sts:GetFederationToken`.

use super::*;
use crate::context::ContextValue;
use crate::json::Node;
use crate::policy::{lower_policy, PolicyId, PolicyKind};
use crate::read::Reader;

pub(super) fn lower_action(kind: &str, node: &Node, r: &mut Reader<'_>) -> Option<StepAction> {
    match kind {
        "request" => {
            let o = r.object(node, "`request`", &["principal", "action", "resource", "resource_account"])?;
            let principal = r.required_string(&o, "principal", "`request`");
            let action = r.required_string(&o, "action", "`request`");
            let resource = r.required_string(&o, "resource", "`request`");
            let resource_account = r.string(&o, "resource_account").map(|s| s.0);
            Some(StepAction::Request {
                principal: principal?,
                action: action?.0,
                resource: resource?.0,
                resource_account,
            })
        }
        "assume_role" => lower_assume_role(node, r).map(StepAction::AssumeRole),
        "get_session_token" => {
            let o = r.object(node, "`get_session_token`", &["caller", "duration_seconds", "mfa"])?;
            let caller = r.required_string(&o, "caller", "`get_session_token`");
            Some(StepAction::SessionToken {
                caller: caller?,
                duration_seconds: r.integer(&o, "duration_seconds", 0, 1_000_000),
                mfa: r.bool(&o, "mfa").unwrap_or(false),
            })
        }
        "get_federation_token" => lower_federation_token(node, r).map(StepAction::FederationToken),
        "service_assume_role" => {
            let o = r.object(node, "`service_assume_role`", &["service", "role", "source_arn", "session_name"])?;
            let service = r.required_string(&o, "service", "`service_assume_role`");
            let role = r.required_string(&o, "role", "`service_assume_role`");
            Some(StepAction::ServiceAssumeRole {
                service: service?.0,
                role: role?,
                source_arn: r.string(&o, "source_arn").map(|s| s.0),
                session_name: r.string(&o, "session_name").map(|s| s.0),
            })
        }
        "assume_role_with_saml" => lower_federated(node, r, Protocol::Saml).map(StepAction::Federated),
        _ => lower_federated(node, r, Protocol::Oidc).map(StepAction::Federated),
    }
}

const FEDERATED: &[&str] = &[
    "provider",
    "role",
    "session_name",
    "duration_seconds",
    "session_policy",
    "policy_arns",
    "session_tags",
    "transitive_tag_keys",
    "source_identity",
];

/// `assume_role_with_web_identity` (with `claims`) or `assume_role_with_saml`
/// (with `attributes` and `session_not_on_or_after`).
fn lower_federated(node: &Node, r: &mut Reader<'_>, protocol: Protocol) -> Option<FederatedAssume> {
    let (place, claims_field) = match protocol {
        Protocol::Oidc => ("`assume_role_with_web_identity`", "claims"),
        Protocol::Saml => ("`assume_role_with_saml`", "attributes"),
    };
    let mut known = FEDERATED.to_vec();
    known.push(claims_field);
    if protocol == Protocol::Saml {
        known.push("session_not_on_or_after");
    }
    let o = r.object(node, place, &known)?;
    let provider = r.required_string(&o, "provider", place);
    let role = r.required_string(&o, "role", place);
    let (session_policy, session_policy_size) = session_policy(&o, r);
    let not_on_or_after = r.string(&o, "session_not_on_or_after").and_then(|(text, span)| {
        let t = crate::condition::values::parse_date(&text);
        if t.is_none() {
            r.error("scenario/invalid-time", span, format!("`{text}` is not a date and time"), "");
        }
        t
    });
    Some(FederatedAssume {
        protocol,
        provider: provider?,
        role: role?,
        claims: claims(&o, claims_field, r),
        session_name: r.string(&o, "session_name").map(|s| s.0),
        duration_seconds: r.integer(&o, "duration_seconds", 0, 1_000_000),
        not_on_or_after,
        session_policy,
        session_policy_size,
        policy_arns: r.strings(&o, "policy_arns"),
        session_tags: session_tags(&o, r),
        transitive_tag_keys: r.strings(&o, "transitive_tag_keys").into_iter().map(|s| s.0).collect(),
        source_identity: r.string(&o, "source_identity").map(|s| s.0),
    })
}

/// Claims or attributes: strings, or arrays of strings (multivalued keys).
fn claims(o: &crate::read::Obj<'_>, field: &str, r: &mut Reader<'_>) -> BTreeMap<String, ContextValue> {
    let Some(node) = o.get(field) else { return BTreeMap::new() };
    let Some(members) = node.as_object() else {
        r.error("scenario/invalid-type", node.span, format!("`{field}` must be an object"), "");
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for m in members {
        let value = match &m.value.kind {
            crate::json::Kind::String(s) => Some(ContextValue::string(s)),
            crate::json::Kind::Array(items) => {
                let strings: Option<Vec<&str>> = items.iter().map(Node::as_str).collect();
                strings.map(ContextValue::strings)
            }
            _ => None,
        };
        match value {
            Some(v) => {
                out.insert(m.key.to_string(), v);
            }
            None => r.error(
                "scenario/invalid-type",
                m.value.span,
                format!("the value of `{}` must be a string or an array of strings", m.key),
                "",
            ),
        }
    }
    out
}

const ASSUME: &[&str] = &[
    "caller",
    "role",
    "session_name",
    "duration_seconds",
    "external_id",
    "session_policy",
    "session_tags",
    "transitive_tag_keys",
    "source_identity",
    "mfa",
    "policy_arns",
];

/// A step's inline session policy and its plaintext size. Its size limit is
/// the STS call's (PackedPolicyTooLarge fails the step), not a quota on a
/// stored document, so the document's own size diagnostic is left out.
fn session_policy(o: &crate::read::Obj<'_>, r: &mut Reader<'_>) -> (Option<Policy>, usize) {
    let Some(node) = o.get("session_policy") else { return (None, 0) };
    let (text, doc) = (r.text, r.doc);
    let mut found = Vec::new();
    let policy = lower_policy(node, text, PolicyId::new("session_policy"), PolicyKind::Session, doc, &mut found);
    r.diags.extend(found.into_iter().filter(|d| d.code != "policy/size-quota"));
    let size = crate::policy::plaintext_size(node, text);
    (Some(policy), size)
}

fn session_tags(o: &crate::read::Obj<'_>, r: &mut Reader<'_>) -> BTreeMap<String, String> {
    r.string_map(o, "session_tags").into_iter().map(|(k, v, _)| (k, v)).collect()
}

fn lower_federation_token(node: &Node, r: &mut Reader<'_>) -> Option<FederationToken> {
    let place = "`get_federation_token`";
    let o = r.object(node, place, &["caller", "name", "duration_seconds", "session_policy", "session_tags"])?;
    let caller = r.required_string(&o, "caller", place);
    let name = r.required_string(&o, "name", place);
    let (session_policy, session_policy_size) = session_policy(&o, r);
    Some(FederationToken {
        caller: caller?,
        name: name?.0,
        duration_seconds: r.integer(&o, "duration_seconds", 0, 1_000_000),
        session_policy,
        session_policy_size,
        session_tags: session_tags(&o, r),
    })
}

fn lower_assume_role(node: &Node, r: &mut Reader<'_>) -> Option<AssumeRole> {
    let o = r.object(node, "`assume_role`", ASSUME)?;
    let caller = r.required_string(&o, "caller", "`assume_role`");
    let role = r.required_string(&o, "role", "`assume_role`");
    let (session_policy, session_policy_size) = session_policy(&o, r);
    let session_tags = session_tags(&o, r);
    Some(AssumeRole {
        caller: caller?,
        role: role?,
        session_name: r.string(&o, "session_name").map(|s| s.0),
        duration_seconds: r.integer(&o, "duration_seconds", 0, 1_000_000),
        external_id: r.string(&o, "external_id").map(|s| s.0),
        session_policy,
        session_policy_size,
        policy_arns: r.strings(&o, "policy_arns"),
        session_tags,
        transitive_tag_keys: r.strings(&o, "transitive_tag_keys").into_iter().map(|s| s.0).collect(),
        source_identity: r.string(&o, "source_identity").map(|s| s.0),
        mfa: r.bool(&o, "mfa").unwrap_or(false),
    })
}
