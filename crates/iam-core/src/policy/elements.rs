//! Lowering of Action/NotAction, Resource/NotResource and Principal/NotPrincipal.

use super::lower::{quote_list, Cx};
use super::{
    ActionElement, Effect, Element, IgnoredElement, Inert, Item, PolicyKind, PrincipalElement, ResourceElement,
};
use crate::condition::variables::has_variable;
use crate::condition::variables::Template;
use crate::diag::Span;
use crate::json::{Kind, Member, Node};
use crate::matching::arn::Arn;
use crate::matching::glob::Pattern;
use crate::matching::principal::{is_account_id, PrincipalEntry};
use smol_str::SmolStr;

/// A string or an array of strings; other shapes are reported first, then
/// the strings are given in order (without collecting them).
pub(super) fn string_list<'n>(
    node: &'n Node<'_>,
    name: &str,
    cx: &mut Cx<'_>,
) -> impl Iterator<Item = (Span, &'n str)> + use<'n> {
    report_non_strings(node, name, cx);
    let (one, many) = match &node.kind {
        Kind::String(s) => (Some((node.span, s.as_ref())), &[][..]),
        Kind::Array(items) => (None, items.as_slice()),
        _ => (None, &[][..]),
    };
    one.into_iter().chain(many.iter().filter_map(|item| match &item.kind {
        Kind::String(s) => Some((item.span, s.as_ref())),
        _ => None,
    }))
}

fn report_non_strings(node: &Node<'_>, name: &str, cx: &mut Cx<'_>) {
    match &node.kind {
        Kind::String(_) => {}
        Kind::Array(items) => {
            if items.is_empty() {
                cx.warn(
                    "policy/empty-array",
                    node.span,
                    format!("`{name}` is an empty array, so it matches nothing"),
                    "list at least one value, or remove the statement",
                );
            }
            for item in items.iter().filter(|item| !matches!(item.kind, Kind::String(_))) {
                cx.error(
                    "policy/invalid-type",
                    item.span,
                    format!("each value of `{name}` must be a string, found {}", item.type_name()),
                    "",
                );
                cx.make_inert(Inert::UnreadableElement);
            }
        }
        _ => {
            cx.error(
                "policy/invalid-type",
                node.span,
                format!("`{name}` must be a string or an array of strings, found {}", node.type_name()),
                "",
            );
            cx.make_inert(Inert::UnreadableElement);
        }
    }
}

/// Picks the one of a positive/negated element pair, reporting both-or-neither.
fn pick<'m>(
    positive: Option<&'m Member<'m>>,
    negated: Option<&'m Member<'m>>,
    names: (&str, &str),
    cx: &mut Cx<'_>,
) -> Option<(&'m Member<'m>, bool)> {
    match (positive, negated) {
        (Some(p), Some(n)) => {
            cx.error(
                "policy/conflicting-elements",
                n.key_span,
                format!("a statement cannot have both `{}` and `{}`", names.0, names.1),
                "keep exactly one of them",
            );
            cx.make_inert(Inert::ConflictingElements);
            Some((p, false))
        }
        (Some(p), None) => Some((p, false)),
        (None, Some(n)) => Some((n, true)),
        (None, None) => None,
    }
}

/// The span of a substring of a string literal, when the literal has no escapes.
fn sub_span(item_span: Span, value: &str, offset: usize, len: usize) -> Span {
    if item_span.hi() - item_span.lo() == value.len() + 2 {
        Span::new(item_span.lo() + 1 + offset, item_span.lo() + 1 + offset + len)
    } else {
        item_span
    }
}

pub(super) fn lower_action(
    action: Option<&Member>,
    not_action: Option<&Member>,
    statement_span: Span,
    cx: &mut Cx<'_>,
) -> Option<ActionElement> {
    let Some((member, negated)) = pick(action, not_action, ("Action", "NotAction"), cx) else {
        cx.error(
            "policy/missing-action",
            statement_span,
            "the statement has no `Action` or `NotAction`".into(),
            "add `\"Action\": \"service:Name\"`",
        );
        return None;
    };
    let mut items = Vec::with_capacity(member.value.items().len().max(1));
    for (span, text) in string_list(&member.value, &member.key, cx) {
        check_action(text, span, cx);
        items.push(Item {
            span,
            value: Pattern::new(super::condition_lower::lower_case(text)),
            text: SmolStr::new(text),
        });
    }
    Some(Element { negated, span: member.value.span, items })
}

fn check_action(text: &str, span: Span, cx: &mut Cx<'_>) {
    if has_variable(text) {
        cx.error(
            "policy/variable-not-allowed",
            span,
            format!("policy variables cannot be used in actions: `{text}`"),
            "variables are allowed only in resources and condition values",
        );
        return;
    }
    if text == "*" {
        return;
    }
    let (service, name) = text.split_once(':').unwrap_or((text, ""));
    let has_parts = !service.is_empty() && !name.is_empty();
    let valid = has_parts
        && service.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'*' | b'?'))
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'*' | b'?' | b'-' | b'_' | b'.'));
    if !valid {
        let message = format!("`{text}` is not a valid action");
        let help = "write actions as `service:ActionName`, e.g. `s3:GetObject`; `*` and `?` may be used as wildcards";
        // IAM refuses an action without a service prefix, but stores one with a
        // prefix and odd characters (a space, a comma): it just never matches.
        if has_parts {
            cx.error_stored("policy/invalid-action", span, message, help);
        } else {
            cx.error("policy/invalid-action", span, message, help);
        }
    } else if service.contains(['*', '?']) {
        cx.warn(
            "policy/wildcard-in-service",
            span,
            format!("wildcard in the service prefix of `{text}`"),
            "name the service explicitly, e.g. `s3:*`",
        );
    }
}

pub(super) fn lower_resource(
    resource: Option<&Member>,
    not_resource: Option<&Member>,
    statement_span: Span,
    cx: &mut Cx<'_>,
) -> Option<ResourceElement> {
    let picked = pick(resource, not_resource, ("Resource", "NotResource"), cx);
    if cx.kind == PolicyKind::Trust {
        if let Some((member, _)) = picked {
            cx.error(
                "trust/resource-not-allowed",
                member.key_span,
                format!("a role trust policy cannot have `{}`", member.key),
                "the resource of a trust policy is always the role itself; remove the element",
            );
            cx.ignored.push(IgnoredElement {
                statement: cx.statement,
                name: member.key.to_string(),
                span: member.key_span,
            });
        }
        return None;
    }
    let Some((member, negated)) = picked else {
        cx.error(
            "policy/missing-resource",
            statement_span,
            "the statement has no `Resource` or `NotResource`".into(),
            "add `\"Resource\": \"*\"` or a list of ARNs",
        );
        return None;
    };
    let mut items = Vec::with_capacity(member.value.items().len().max(1));
    for (span, text) in string_list(&member.value, &member.key, cx) {
        let text = SmolStr::new(text);
        let template = lower_resource_item(&text, span, cx);
        items.push(Item { span, text, value: template });
    }
    Some(Element { negated, span: member.value.span, items })
}

fn lower_resource_item(text: &SmolStr, span: Span, cx: &mut Cx<'_>) -> Template {
    if text == "*" {
        return Template::literal(text.clone());
    }
    // The six colon-separated parts (the last keeps its colons), found in one
    // pass over the bytes.
    let mut segments = [""; 6];
    let mut count = 0;
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b':' && count < 5 {
            if let Some(slot) = segments.get_mut(count) {
                *slot = text.get(start..i).unwrap_or("");
            }
            count += 1;
            start = i + 1;
        }
    }
    if let Some(slot) = segments.get_mut(count) {
        *slot = text.get(start..).unwrap_or("");
    }
    count += 1;
    let segments = segments.get(..count).unwrap_or(&[]);
    // A pattern cut short by a final `*` spans the rest (`arn:aws:ssm:us-east-1:*`).
    let truncated = segments.len() >= 4 && text.ends_with('*');
    if (segments.len() < 6 && !truncated) || segments.first() != Some(&"arn") {
        cx.error(
            "policy/invalid-arn",
            span,
            format!("`{text}` is not a valid resource ARN"),
            "write `*` or an ARN such as `arn:aws:s3:::bucket/key` (six colon-separated parts)",
        );
        return Template::literal(text.clone());
    }
    let prefix_len: usize = segments.iter().take(5).map(|s| s.len() + 1).sum();
    if cx.variables_enabled() && text.get(..prefix_len).is_some_and(has_variable) {
        cx.error(
            "policy/variable-not-allowed",
            span,
            format!("policy variables can only appear in the resource part of an ARN: `{text}`"),
            "move the variable after the fifth colon",
        );
    }
    if segments.get(2).is_some_and(|s| s.contains(['*', '?'])) {
        cx.error(
            "policy/wildcard-in-arn-service",
            span,
            format!("the service part of `{text}` contains a wildcard"),
            "wildcards are not allowed in the service segment of an ARN",
        );
    }
    lower_template(text, span, true, cx)
}

/// Parses policy variables (2012-10-17 only), reporting malformed ones.
/// `glob`: whether the value is matched with wildcards (see [`Template::parse`]).
pub(super) fn lower_template(text: &SmolStr, span: Span, glob: bool, cx: &mut Cx<'_>) -> Template {
    if !cx.variables_enabled() {
        if has_variable(text) {
            cx.warn(
                "policy/variable-in-legacy-version",
                span,
                "`${...}` is literal text in this policy because it does not use version 2012-10-17".into(),
                "add `\"Version\": \"2012-10-17\"` to use policy variables",
            );
        }
        return Template::literal(text.clone());
    }
    match Template::parse_shared(text, glob) {
        Ok(t) => t,
        Err(e) => {
            cx.error(
                e.code,
                sub_span(span, text, e.offset, e.len),
                e.message,
                "write variables as `${aws:username}` or `${aws:PrincipalTag/team, 'default'}`",
            );
            Template::literal(text.clone())
        }
    }
}

const PRINCIPAL_KEYS: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];

pub(super) fn lower_principal(
    principal: Option<&Member>,
    not_principal: Option<&Member>,
    statement_span: Span,
    effect: Option<Effect>,
    cx: &mut Cx<'_>,
) -> Option<PrincipalElement> {
    let picked = pick(principal, not_principal, ("Principal", "NotPrincipal"), cx);
    if !cx.kind.has_principal() {
        if let Some((member, _)) = picked {
            cx.error(
                "policy/principal-not-allowed",
                member.key_span,
                format!("{} cannot have `{}`", cx.kind.with_article(), member.key),
                "the principal of an identity-based policy is the identity it is attached to; remove the element",
            );
            cx.ignored.push(IgnoredElement {
                statement: cx.statement,
                name: member.key.to_string(),
                span: member.key_span,
            });
        }
        return None;
    }
    let Some((member, negated)) = picked else {
        cx.error(
            "policy/missing-principal",
            statement_span,
            format!("each statement of {} needs a `Principal`", cx.kind.with_article()),
            "add `\"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}` or similar",
        );
        return None;
    };
    if negated && !check_not_principal(member, effect, cx) {
        // Forbidden in this policy type: ignored, so the statement names no one.
        cx.ignored.push(IgnoredElement {
            statement: cx.statement,
            name: member.key.to_string(),
            span: member.key_span,
        });
        return None;
    }
    let before = cx.diags.len();
    let items = principal_items(&member.value, cx);
    if negated && cx.diags.iter().skip(before).any(|d| d.is_error()) {
        // An unreadable entry dropped from `NotPrincipal` would widen the statement.
        cx.make_inert(Inert::UnreadableElement);
    }
    if cx.kind == PolicyKind::Rcp && !(items.len() == 1 && items.iter().all(|i| i.value == PrincipalEntry::Everyone)) {
        cx.error(
            "rcp/principal-must-be-star",
            member.value.span,
            "the `Principal` of a resource control policy must be `\"*\"`".into(),
            "narrow the principals with conditions such as `aws:PrincipalArn`",
        );
    }
    if cx.kind == PolicyKind::Trust && member.value.as_str() == Some("*") {
        cx.error(
            "trust/bare-star-principal",
            member.value.span,
            "IAM refuses `\"Principal\": \"*\"` in a role trust policy".into(),
            "write `{\"AWS\": \"*\"}` if you really mean everyone, and restrict it with conditions",
        );
    }
    Some(Element { negated, span: member.value.span, items })
}

/// Reports `NotPrincipal` where it is forbidden or unsupported; false when the
/// policy type forbids it altogether (the element is then ignored).
fn check_not_principal(member: &Member, effect: Option<Effect>, cx: &mut Cx<'_>) -> bool {
    if matches!(cx.kind, PolicyKind::Trust | PolicyKind::Rcp) {
        cx.error(
            "policy/notprincipal-not-allowed",
            member.key_span,
            format!("{} cannot use `NotPrincipal`", cx.kind.with_article()),
            "use `Principal` with conditions instead",
        );
        return false;
    }
    if effect == Some(Effect::Allow) {
        cx.error(
            "policy/allow-with-notprincipal",
            member.key_span,
            "`NotPrincipal` with `Allow` is not supported".into(),
            "use `\"Principal\": \"*\"` with an `ArnNotEquals` condition on `aws:PrincipalArn`; the evaluation treats this statement as matching no one",
        );
    }
    true
}

fn principal_items(node: &Node, cx: &mut Cx<'_>) -> Vec<Item<PrincipalEntry>> {
    if let Kind::String(s) = &node.kind {
        if s != "*" {
            cx.error(
                "principal/invalid",
                node.span,
                format!("`{s}` is not a valid principal"),
                "write `\"*\"` or an object such as `{\"AWS\": \"arn:aws:iam::123456789012:root\"}`",
            );
            return Vec::new();
        }
        return vec![Item { span: node.span, text: SmolStr::new(s), value: PrincipalEntry::Everyone }];
    }
    let Some(members) = node.as_object() else {
        cx.error(
            "policy/invalid-type",
            node.span,
            format!("`Principal` must be `\"*\"` or an object, found {}", node.type_name()),
            "",
        );
        return Vec::new();
    };
    let mut items = Vec::new();
    for member in members {
        if !PRINCIPAL_KEYS.contains(&member.key.as_ref()) {
            let help = format!("principal keys are {}", quote_list(PRINCIPAL_KEYS));
            cx.error(
                "principal/invalid-key",
                member.key_span,
                format!("unknown principal type `{}`", member.key),
                &help,
            );
            continue;
        }
        for (span, text) in string_list(&member.value, &member.key, cx) {
            if let Some(entry) = principal_entry(&member.key, text, span, cx) {
                items.push(Item { span, text: SmolStr::new(text), value: entry });
            }
        }
    }
    items
}

fn principal_entry(key: &str, text: &str, span: Span, cx: &mut Cx<'_>) -> Option<PrincipalEntry> {
    if has_variable(text) {
        cx.error(
            "policy/variable-not-allowed",
            span,
            format!("policy variables cannot be used in principals: `{text}`"),
            "",
        );
        return None;
    }
    match key {
        "AWS" => aws_principal(text, span, cx),
        "Service" => {
            if text.contains(['*', '?']) {
                cx.error(
                    "principal/wildcard",
                    span,
                    format!("wildcards are not allowed in service principals: `{text}`"),
                    "",
                );
                return None;
            }
            if !text.ends_with(".amazonaws.com") && !text.ends_with(".amazonaws.com.cn") {
                cx.warn(
                    "principal/unusual-service",
                    span,
                    format!("`{text}` does not look like a service principal"),
                    "service principals look like `lambda.amazonaws.com`",
                );
            }
            Some(PrincipalEntry::Service { name: text.to_string() })
        }
        "Federated" => Some(PrincipalEntry::Federated { provider: text.to_string() }),
        _ => Some(PrincipalEntry::CanonicalUser { id: text.to_string() }),
    }
}

fn aws_principal(text: &str, span: Span, cx: &mut Cx<'_>) -> Option<PrincipalEntry> {
    if text == "*" {
        return Some(PrincipalEntry::Everyone);
    }
    if text.contains(['*', '?']) {
        cx.error(
            "principal/wildcard",
            span,
            format!("partial wildcards are not allowed in principals: `{text}`"),
            "use `\"*\"` with a condition such as `ArnLike` on `aws:PrincipalArn`",
        );
        return None;
    }
    if is_account_id(text) {
        return Some(PrincipalEntry::Account { account: text.to_string() });
    }
    if text.len() >= 16
        && (text.starts_with("AIDA") || text.starts_with("AROA"))
        && text.chars().all(|c| c.is_ascii_alphanumeric())
    {
        cx.warn(
            "principal/unique-id",
            span,
            format!("`{text}` is a unique id, shown when the user or role it named was deleted"),
            "it matches no current principal, not even a new one with the same name",
        );
        return Some(PrincipalEntry::UniqueId { id: text.to_string() });
    }
    let entry = Arn::parse(text).filter(|a| is_account_id(a.account)).and_then(|a| {
        let account = a.account.to_string();
        match (a.service, a.resource) {
            ("iam", "root") => Some(PrincipalEntry::Account { account }),
            ("iam", r) if r.starts_with("user/") && r.len() > 5 => Some(PrincipalEntry::User { arn: text.to_string() }),
            ("iam", r) => {
                r.strip_prefix("role/").and_then(|rest| rest.rsplit('/').next()).filter(|n| !n.is_empty()).map(|name| {
                    PrincipalEntry::Role { partition: a.partition.to_string(), account, name: name.to_string() }
                })
            }
            ("sts", r) if r.starts_with("assumed-role/") && r.matches('/').count() == 2 => {
                Some(PrincipalEntry::AssumedRole { arn: text.to_string() })
            }
            ("sts", r) if r.starts_with("federated-user/") => {
                Some(PrincipalEntry::FederatedUser { arn: text.to_string() })
            }
            _ => None,
        }
    });
    if entry.is_none() {
        cx.error(
            "principal/invalid",
            span,
            format!("`{}` is not a valid AWS principal", text),
            "use an account id, or the ARN of the account root, a user, a role, a role session or a federated user; groups cannot be principals",
        );
    }
    entry
}
