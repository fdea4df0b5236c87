//! Lowering of a statement's `Condition` block.

use super::elements::lower_template;
use super::lower::Cx;
use crate::condition::ops::{parse_operator, Family, OperatorError, StrMode};
use crate::condition::values::{decode_base64, parse_bool, parse_date, Cidr, Decimal};
use crate::condition::variables::has_variable;
use crate::condition::{is_multivalued_key, CondValue, ConditionEntry, Parsed};
use crate::diag::Span;
use crate::json::{Kind, Member, Node};
use smol_str::{SmolStr, StrExt};

/// `text` lower-cased, inline when short (keys and actions are ASCII, so the
/// ASCII case needs no Unicode tables).
pub(super) fn lower_case(text: &str) -> SmolStr {
    if text.is_ascii() {
        text.to_ascii_lowercase_smolstr()
    } else {
        text.to_lowercase_smolstr()
    }
}

/// Lowers a Condition block. Any error in it leaves the block without a
/// reliable meaning (an entry dropped could widen the statement), so the
/// statement is marked as never applying.
pub(super) fn lower_block(node: &Node, cx: &mut Cx<'_>) -> Vec<ConditionEntry> {
    let before = cx.diags.len();
    let entries = lower_operators(node, cx);
    if cx.diags.iter().skip(before).any(|d| d.is_error()) {
        cx.make_inert(super::Inert::UnreadableCondition);
    }
    entries
}

fn lower_operators(node: &Node, cx: &mut Cx<'_>) -> Vec<ConditionEntry> {
    let Some(operators) = node.as_object() else {
        cx.error(
            "policy/invalid-type",
            node.span,
            format!("`Condition` must be an object, found {}", node.type_name()),
            "write `{\"StringEquals\": {\"aws:PrincipalTag/team\": \"dev\"}}`",
        );
        return Vec::new();
    };
    if operators.is_empty() {
        cx.warn("condition/empty-object", node.span, "`Condition` is empty and has no effect".into(), "remove it");
    }
    let keys = operators.iter().map(|m| m.value.as_object().map_or(0, <[Member]>::len)).sum();
    let mut entries = Vec::with_capacity(keys);
    for member in operators {
        lower_operator(member, cx, &mut entries);
    }
    entries
}

fn lower_operator(member: &Member, cx: &mut Cx<'_>, entries: &mut Vec<ConditionEntry>) {
    let operator = match parse_operator(&member.key) {
        Ok(op) => op,
        Err(OperatorError::NullIfExists) => {
            cx.error(
                "condition/null-if-exists",
                member.key_span,
                "`Null` cannot be combined with `IfExists`".into(),
                "`Null` already tests whether the key exists; use `Null`",
            );
            return;
        }
        Err(OperatorError::Unknown { suggestion }) => {
            let help = match suggestion {
                Some(s) => format!("operator names are case-sensitive: write `{s}`"),
                None => "see the condition operators: StringEquals, StringLike, NumericLessThan, DateGreaterThan, Bool, IpAddress, ArnLike, Null, …".into(),
            };
            cx.error(
                "condition/unknown-operator",
                member.key_span,
                format!("unknown condition operator `{}`", member.key),
                &help,
            );
            return;
        }
    };
    let Some(keys) = member.value.as_object() else {
        cx.error(
            "policy/invalid-type",
            member.value.span,
            format!(
                "the value of `{}` must be an object of condition keys, found {}",
                member.key,
                member.value.type_name()
            ),
            "",
        );
        return;
    };
    if keys.is_empty() {
        cx.warn(
            "condition/empty-object",
            member.value.span,
            format!("`{}` lists no condition keys and has no effect", member.key),
            "",
        );
    }
    if operator.family == Family::Null && operator.set.is_some() {
        cx.warn(
            "condition/null-with-set-operator",
            member.key_span,
            format!("`{}` is always {}", member.key, if member.key.starts_with("ForAll") { "true" } else { "false" }),
            "use plain `Null` to test whether a key is present",
        );
    }
    // One shared name for every key under this operator.
    let operator_name = SmolStr::new(&member.key);
    for (i, key) in keys.iter().enumerate() {
        let key_lower = lower_case(&key.key);
        // `Null` tests whether a key is present, which needs no set operator.
        let needs_set = operator.set.is_none() && operator.family != Family::Null;
        check_key(key, &key_lower, keys.get(..i).unwrap_or(&[]), operator.set.is_some(), needs_set, &member.key, cx);
        let values = lower_values(&key.value, operator.family, &key.key, cx);
        check_values(operator.family, &key.key, &values, key.value.span, &member.key, cx);
        entries.push(ConditionEntry {
            operator,
            operator_name: operator_name.clone(),
            operator_span: member.key_span,
            key: SmolStr::new(&key.key),
            key_lower,
            key_span: key.key_span,
            values,
            values_span: key.value.span,
        });
    }
}

fn check_key(
    key: &Member,
    lower: &str,
    earlier: &[Member],
    has_set: bool,
    needs_set: bool,
    operator: &str,
    cx: &mut Cx<'_>,
) {
    if key.key.is_empty() || has_variable(&key.key) {
        cx.error(
            "condition/invalid-key",
            key.key_span,
            format!("`{}` is not a valid condition key", key.key),
            "condition keys look like `aws:SourceIp` or `s3:prefix`; variables are not allowed in keys",
        );
    }
    if let Some(first) = earlier.iter().find(|e| e.key != key.key && e.key.eq_ignore_ascii_case(&key.key)) {
        let d = crate::diag::Diagnostic::error(
            "condition/duplicate-key-case",
            cx.doc,
            key.key_span,
            format!("`{}` repeats the key `{}`: key names are case-insensitive", key.key, first.key),
        )
        .with_label(cx.doc, first.key_span, "first written here")
        .with_help("merge the values under one key");
        cx.diags.push(d);
    }
    if has_set && lower.starts_with("aws:") && !is_multivalued_key(lower) {
        cx.warn(
            "condition/set-operator-on-single-valued-key",
            key.key_span,
            format!("`{}` is single-valued, but `{operator}` is meant for multivalued keys", key.key),
            "with a set operator, an absent key can make the condition true; use the operator without `ForAllValues:`/`ForAnyValue:`",
        );
    }
    if needs_set && is_multivalued_key(lower) {
        cx.warn(
            "condition/multivalued-key-without-set-operator",
            key.key_span,
            format!("`{}` is multivalued; use `ForAllValues:` or `ForAnyValue:` with it", key.key),
            "without a set operator the playground treats a multivalued key as matching when any of its values matches",
        );
    }
}

fn lower_values(node: &Node, family: Family, key: &str, cx: &mut Cx<'_>) -> Vec<CondValue> {
    let scalars: &[Node] = match &node.kind {
        Kind::Array(items) => {
            if items.is_empty() {
                cx.warn(
                    "condition/empty-values",
                    node.span,
                    format!("`{key}` has an empty list of values"),
                    "an empty list never matches a present key; list the values, or remove the key",
                );
            }
            items
        }
        _ => std::slice::from_ref(node),
    };
    let mut values = Vec::with_capacity(scalars.len());
    for item in scalars {
        let text = match &item.kind {
            Kind::String(s) | Kind::Number(s) => SmolStr::new(s),
            Kind::Bool(b) => SmolStr::new_static(if *b { "true" } else { "false" }),
            _ => {
                cx.error(
                    "condition/invalid-value",
                    item.span,
                    format!("condition values must be strings, numbers or booleans, found {}", item.type_name()),
                    "",
                );
                continue;
            }
        };
        let parsed = parse_value(&text, item.span, family, cx);
        values.push(CondValue { span: item.span, text, parsed });
    }
    values
}

fn parse_value(text: &SmolStr, span: Span, family: Family, cx: &mut Cx<'_>) -> Parsed {
    if !family.allows_variables() && cx.variables_enabled() && has_variable(text) {
        cx.error(
            "condition/variable-not-allowed",
            span,
            format!("policy variables cannot be used with this operator: `{text}`"),
            "variables work only with String, Arn and Bool operators",
        );
    }
    let mut mismatch = |what: &str| {
        cx.warn("condition/type-mismatch", span, format!("`{text}` is not {what}, so it never matches"), "");
    };
    match family {
        Family::String(mode) => Parsed::Text(lower_template(text, span, mode == StrMode::Like, cx)),
        Family::Arn => Parsed::Text(lower_template(text, span, true, cx)),
        Family::Bool => Parsed::Text(lower_template(text, span, false, cx)),
        Family::Numeric(_) => Parsed::Number(Decimal::parse(text).or_else(|| (mismatch("a number"), None).1)),
        Family::Date(_) => {
            Parsed::Date(parse_date(text).or_else(|| (mismatch("a date (ISO 8601 or epoch seconds)"), None).1))
        }
        Family::Ip => Parsed::Ip(Cidr::parse(text).or_else(|| (mismatch("an IP address or CIDR block"), None).1)),
        Family::Binary => Parsed::Binary(decode_base64(text).or_else(|| (mismatch("base-64 data"), None).1)),
        Family::Null => Parsed::Null(parse_bool(text).or_else(|| (mismatch("`true` or `false`"), None).1)),
    }
}

fn check_values(family: Family, key: &str, values: &[CondValue], span: Span, operator: &str, cx: &mut Cx<'_>) {
    match family {
        Family::Bool => {
            if values.len() > 1 {
                cx.error(
                    "condition/multiple-bool-values",
                    span,
                    format!("`{key}` lists more than one Boolean value"),
                    "a Boolean condition takes exactly one value, `true` or `false`",
                );
            }
            for v in values {
                if !has_variable(&v.text) && parse_bool(&v.text).is_none() {
                    cx.warn(
                        "condition/type-mismatch",
                        v.span,
                        format!("`{}` is not `true` or `false`, so it never matches", v.text),
                        "",
                    );
                }
            }
        }
        Family::String(StrMode::Equals | StrMode::EqualsIgnoreCase) => {
            if let Some(v) = values.iter().find(|v| has_bare_wildcard(&v.text)) {
                cx.warn(
                    "condition/wildcard-without-like",
                    v.span,
                    format!("`{operator}` compares `*` and `?` literally"),
                    "use `StringLike` for wildcard matching",
                );
            }
        }
        Family::Ip if key.eq_ignore_ascii_case("aws:SourceIp") => {
            let mut cidrs = values.iter().filter_map(|v| match &v.parsed {
                Parsed::Ip(Some(c)) => Some(c),
                _ => None,
            });
            let first_private = cidrs.next().map(Cidr::is_private);
            if first_private == Some(true) && cidrs.all(Cidr::is_private) {
                cx.warn(
                    "condition/private-ip",
                    span,
                    "`aws:SourceIp` only carries public addresses, so private ranges never match".into(),
                    "for traffic from a VPC, use `aws:VpcSourceIp`, `aws:SourceVpc` or `aws:SourceVpce`",
                );
            }
        }
        _ => {}
    }
}

/// A `*` or `?` that is not the escape `${*}` or `${?}` (no allocation).
fn has_bare_wildcard(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        matches!(b, b'*' | b'?')
            && !(i >= 2
                && bytes.get(i - 2) == Some(&b'$')
                && bytes.get(i - 1) == Some(&b'{')
                && bytes.get(i + 1) == Some(&b'}'))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn bare_wildcards_are_told_from_escapes() {
        assert!(super::has_bare_wildcard("a*b"));
        assert!(super::has_bare_wildcard("${*}?"));
        assert!(!super::has_bare_wildcard("a${*}b${?}"));
        assert!(!super::has_bare_wildcard("plain"));
    }
}
