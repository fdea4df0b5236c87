//! Condition keys against the catalogue: unknown keys ("did you mean"),
//! service keys that none of the statement's actions supports, and
//! operators that cannot compare a key of that type.

use super::stored;
use crate::catalogue::{key_matches, ActionLookup, Catalogue, KeyLookup, KeyType};
use crate::condition::ops::Family;
use crate::condition::ConditionEntry;
use crate::diag::Diagnostic;
use crate::policy::{Policy, Statement};

pub(super) fn lint_conditions(
    statement: &Statement,
    lookups: &[ActionLookup<'_>],
    policy: &Policy,
    catalogue: &Catalogue,
    out: &mut Vec<Diagnostic>,
) {
    for entry in &statement.conditions {
        match catalogue.condition_key(&entry.key) {
            KeyLookup::ProviderClaim => {}
            KeyLookup::Unknown { suggestion } => {
                let d = Diagnostic::error(
                    "lint/unknown-condition-key",
                    policy.doc,
                    entry.key_span,
                    format!("`{}` is not a condition key AWS knows, so no request ever carries it", entry.key),
                );
                out.push(stored(match suggestion {
                    Some(s) => super::did_you_mean(d, &s),
                    None => d.with_help(
                        "condition keys are `aws:…` global keys or a service's own keys, such as `s3:prefix`",
                    ),
                }));
            }
            KeyLookup::Known { name, kind } => {
                type_mismatch(entry, &name, kind, policy, out);
                not_applicable(entry, statement, lookups, policy, out);
            }
        }
    }
}

/// Whether an operator of `family` can compare the values of a key of type
/// `kind`. String operators compare any value as text, `Null` tests presence,
/// and a key with a placeholder (a tag key) holds whatever was tagged, so
/// those always fit.
fn fits(family: Family, kind: KeyType, key: &str, templated: bool) -> bool {
    match (family, kind) {
        (Family::Null | Family::String(_), _) => true,
        _ if templated => true,
        (Family::Arn, KeyType::Arn | KeyType::ArrayOfArn) => true,
        (Family::Numeric(_), KeyType::Numeric) => true,
        (Family::Date(_), KeyType::Date) => true,
        // `aws:EpochTime` is documented as a date or a number of seconds.
        (Family::Numeric(_), KeyType::Date) => key.eq_ignore_ascii_case("aws:EpochTime"),
        (Family::Bool, KeyType::Bool | KeyType::ArrayOfBool) => true,
        (Family::Ip, KeyType::IpAddress) => true,
        _ => false,
    }
}

fn family_name(family: Family) -> &'static str {
    match family {
        Family::String(_) => "text",
        Family::Numeric(_) => "numbers",
        Family::Date(_) => "dates",
        Family::Bool => "Booleans",
        Family::Binary => "base-64 data",
        Family::Ip => "IP addresses",
        Family::Arn => "ARNs",
        Family::Null => "presence",
    }
}

fn type_name(kind: KeyType) -> &'static str {
    match kind {
        KeyType::String => "a string",
        KeyType::Numeric => "a number",
        KeyType::Date => "a date",
        KeyType::Bool => "a Boolean",
        KeyType::Arn => "an ARN",
        KeyType::IpAddress => "an IP address",
        KeyType::ArrayOfString => "a list of strings",
        KeyType::ArrayOfArn => "a list of ARNs",
        KeyType::ArrayOfBool => "a list of Booleans",
    }
}

fn operators_for(kind: KeyType) -> &'static str {
    match kind {
        KeyType::String | KeyType::ArrayOfString => "a String operator (`StringEquals`, `StringLike`, …)",
        KeyType::Arn | KeyType::ArrayOfArn => "an ARN operator (`ArnEquals`, `ArnLike`) or a String operator",
        KeyType::Numeric => "a Numeric operator (`NumericLessThan`, …)",
        KeyType::Date => "a Date operator (`DateGreaterThan`, …)",
        KeyType::Bool | KeyType::ArrayOfBool => "`Bool`",
        KeyType::IpAddress => "`IpAddress` or `NotIpAddress`",
    }
}

fn type_mismatch(entry: &ConditionEntry, name: &str, kind: KeyType, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let templated = name.contains(['$', '<']);
    if fits(entry.operator.family, kind, name, templated) {
        return;
    }
    out.push(
        Diagnostic::warning(
            "lint/condition-type-mismatch",
            policy.doc,
            entry.operator_span,
            format!(
                "`{}` compares {}, but `{name}` is {}: the condition holds only for values that happen to read as {}",
                entry.operator_name,
                family_name(entry.operator.family),
                type_name(kind),
                family_name(entry.operator.family)
            ),
        )
        .with_help(format!("use {} with this key", operators_for(kind))),
    );
}

/// A service key (not `aws:…`) that none of the statement's actions lists,
/// directly or through its resource types. Only for statements whose
/// actions are all known, with no `NotAction`.
fn not_applicable(
    entry: &ConditionEntry,
    statement: &Statement,
    lookups: &[ActionLookup<'_>],
    policy: &Policy,
    out: &mut Vec<Diagnostic>,
) {
    let service_key = entry.key.split_once(':').is_some_and(|(p, _)| !p.eq_ignore_ascii_case("aws"));
    let Some(action) = statement.action.as_ref().filter(|a| !a.negated) else { return };
    if !service_key || action.items.is_empty() {
        return;
    }
    let mut actions = Vec::new();
    for lookup in lookups {
        match lookup {
            ActionLookup::Known(found) => actions.extend(found.iter().copied()),
            _ => return,
        }
    }
    let supports = |(service, a): &(&crate::catalogue::Service, &crate::catalogue::Action)| {
        a.keys.iter().any(|k| key_matches(k, &entry.key))
            || a.resources.iter().any(|r| {
                service.resources.get(&r.name).is_some_and(|t| t.keys.iter().any(|k| key_matches(k, &entry.key)))
            })
    };
    if actions.iter().any(supports) {
        return;
    }
    let names: Vec<String> = action.items.iter().take(3).map(|i| format!("`{}`", i.text)).collect();
    out.push(
        Diagnostic::warning(
            "lint/condition-key-not-applicable",
            policy.doc,
            entry.key_span,
            format!(
                "none of the statement's actions ({}{}) supports `{}`, so requests for them never carry it",
                names.join(", "),
                if action.items.len() > 3 { ", …" } else { "" },
                entry.key
            ),
        )
        .with_help(
            "the Service Authorization Reference lists the keys each action supports; check the key and the actions",
        ),
    );
}
