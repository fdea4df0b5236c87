//! The four kinds of step: a request, an `sts:AssumeRole` call, a service
//! assuming its role, and `sts:AssumeRoleWithWebIdentity`.

use super::reader::Reader;
use super::*;
use crate::json::Node;
use crate::policy::{lower_policy, PolicyId, PolicyKind};

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
        _ => {
            let place = "`assume_role_with_web_identity`";
            let o = r.object(node, place, &["provider", "role", "claims", "session_name", "duration_seconds"])?;
            let provider = r.required_string(&o, "provider", place);
            let role = r.required_string(&o, "role", place);
            Some(StepAction::WebIdentity {
                provider: provider?,
                role: role?,
                claims: r.string_map(&o, "claims").into_iter().map(|(k, v, _)| (k, v)).collect(),
                session_name: r.string(&o, "session_name").map(|s| s.0),
                duration_seconds: r.integer(&o, "duration_seconds", 0, 1_000_000),
            })
        }
    }
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
];

fn lower_assume_role(node: &Node, r: &mut Reader<'_>) -> Option<AssumeRole> {
    let o = r.object(node, "`assume_role`", ASSUME)?;
    let caller = r.required_string(&o, "caller", "`assume_role`");
    let role = r.required_string(&o, "role", "`assume_role`");
    let session_policy = o.get("session_policy").map(|n| {
        let (text, doc) = (r.text, r.doc);
        lower_policy(n, text, PolicyId::new("session_policy"), PolicyKind::Session, doc, &mut r.diags)
    });
    let session_tags: BTreeMap<String, String> =
        r.string_map(&o, "session_tags").into_iter().map(|(k, v, _)| (k, v)).collect();
    if session_tags.len() > 50 {
        r.error(
            "sts/too-many-session-tags",
            o.span(),
            format!("{} session tags; at most 50 are allowed", session_tags.len()),
            "",
        );
    }
    Some(AssumeRole {
        caller: caller?,
        role: role?,
        session_name: r.string(&o, "session_name").map(|s| s.0),
        duration_seconds: r.integer(&o, "duration_seconds", 0, 1_000_000),
        external_id: r.string(&o, "external_id").map(|s| s.0),
        session_policy,
        session_tags,
        transitive_tag_keys: r.strings(&o, "transitive_tag_keys").into_iter().map(|s| s.0).collect(),
        source_identity: r.string(&o, "source_identity").map(|s| s.0),
        mfa: r.bool(&o, "mfa").unwrap_or(false),
    })
}
