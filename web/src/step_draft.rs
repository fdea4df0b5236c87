//! The step form's model: a step read from the scenario into editable fields,
//! validated, and written back in place of the step.

use crate::edits::quote;
use iam_core::document::{self as json, Kind, Node};
use iam_core::values::parse_date;
use iam_core::DocId;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepDraft {
    pub name: String,
    pub id: String,
    /// `true` for an `assume_role` step, `false` for a request.
    pub assume: bool,
    /// The request's principal or the caller of the role assumption.
    pub principal: String,
    pub action: String,
    pub resource: String,
    pub role: String,
    pub session_name: String,
    pub duration: String,
    pub mfa: bool,
    pub time: String,
    pub region: String,
    pub source_ip: String,
    pub context: Vec<(String, String)>,
    pub expect: String,
}

fn text(node: Option<&Node>) -> String {
    match node.map(|n| &n.kind) {
        Some(Kind::String(s) | Kind::Number(s)) => s.to_string(),
        Some(Kind::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The expected outcome the form shows: the string, or an object's `decision`
/// (`error` when it names an error code).
fn expect_text(node: Option<&Node>) -> String {
    match node {
        Some(n) if n.as_object().is_some() => {
            if n.get("error").is_some() {
                "error".into()
            } else {
                text(n.get("decision"))
            }
        }
        other => text(other),
    }
}

/// `"key": value` for every member of `node` the form does not edit, as written.
fn kept_members(node: Option<&Node>, owned: &[&str], scenario: &str) -> Vec<String> {
    node.and_then(Node::as_object)
        .map(|members| {
            members
                .iter()
                .filter(|m| !owned.contains(&m.key.as_ref()))
                .map(|m| format!("{}: {}", quote(&m.key), m.value.span.text(scenario)))
                .collect()
        })
        .unwrap_or_default()
}

/// Fields the form edits, in the step, in `assume_role` and in `request`.
const STEP_FIELDS: &[&str] =
    &["name", "id", "time", "region", "source_ip", "context", "expect", "request", "assume_role"];
const ASSUME_FIELDS: &[&str] = &["caller", "role", "session_name", "duration_seconds", "mfa"];
const REQUEST_FIELDS: &[&str] = &["principal", "action", "resource"];

fn steps<'n>(root: &'n Node<'n>) -> &'n [Node<'n>] {
    root.get("steps").map_or(&[], Node::items)
}

/// The step at `index` as a draft; `None` for steps the form does not edit
/// (service and web-identity role assumptions stay in the JSON editor).
pub fn read(scenario: &str, index: usize) -> Option<StepDraft> {
    let (root, _) = json::parse(scenario, DocId(0));
    let root = root?;
    let step = steps(&root).get(index)?;
    let mut d = StepDraft {
        name: text(step.get("name")),
        id: text(step.get("id")),
        time: text(step.get("time")),
        region: text(step.get("region")),
        source_ip: text(step.get("source_ip")),
        expect: expect_text(step.get("expect")),
        ..StepDraft::default()
    };
    if let Some(context) = step.get("context").and_then(Node::as_object) {
        d.context = context.iter().map(|m| (m.key.to_string(), text(Some(&m.value)))).collect();
    }
    if let Some(request) = step.get("request") {
        d.principal = text(request.get("principal"));
        d.action = text(request.get("action"));
        d.resource = text(request.get("resource"));
    } else if let Some(assume) = step.get("assume_role") {
        d.assume = true;
        d.principal = text(assume.get("caller"));
        d.role = text(assume.get("role"));
        d.session_name = text(assume.get("session_name"));
        d.duration = text(assume.get("duration_seconds"));
        d.mfa = matches!(assume.get("mfa").map(|n| &n.kind), Some(Kind::Bool(true)));
    } else {
        return None;
    }
    Some(d)
}

/// Problems with a draft, as (field, message); empty when it can be applied.
pub fn problems(d: &StepDraft) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if d.name.trim().is_empty() {
        out.push(("name", "Give the step a name.".to_string()));
    }
    if d.principal.trim().is_empty() {
        out.push(("principal", "Choose who acts.".to_string()));
    }
    if d.assume {
        if !d.role.contains(":role/") {
            out.push(("role", "Choose the role to assume.".to_string()));
        }
        if !d.duration.is_empty() && d.duration.parse::<u64>().is_err() {
            out.push(("duration", "The duration is a whole number of seconds.".to_string()));
        }
    } else {
        let valid_action = d.action.split_once(':').is_some_and(|(s, n)| !s.is_empty() && !n.is_empty())
            && !d.action.contains(['*', '?', ' ']);
        if !valid_action {
            out.push(("action", "An action looks like s3:GetObject (no wildcards).".to_string()));
        }
        if d.resource != "*" && iam_core::Arn::parse(&d.resource).is_none() {
            out.push((
                "resource",
                "A resource is an ARN, or * for actions without resource-level permissions.".to_string(),
            ));
        }
    }
    if !d.time.is_empty() && parse_date(&d.time).is_none() {
        out.push(("time", "Write the time as 2026-11-22T14:05:00Z.".to_string()));
    }
    if !d.source_ip.is_empty() && d.source_ip.parse::<std::net::IpAddr>().is_err() {
        out.push(("source_ip", "The source IP is an IPv4 or IPv6 address.".to_string()));
    }
    if d.context.iter().any(|(k, _)| k.trim().is_empty()) {
        out.push(("context", "Every context row needs a key.".to_string()));
    }
    out
}

/// A context value as JSON: `true`/`false` and numbers stay typed, the rest is text.
fn value(v: &str) -> String {
    if v == "true" || v == "false" || (!v.is_empty() && iam_core::values::Decimal::parse(v).is_some()) {
        v.to_string()
    } else {
        quote(v)
    }
}

/// The draft as a step object in JSON text. Whatever the form does not edit
/// (`external_id`, session tags, a detailed `expect`, …) is kept as written.
fn step_json(d: &StepDraft, original: &Node, scenario: &str) -> String {
    let mut fields = vec![format!("\"name\": {}", quote(&d.name))];
    let optional = [("id", &d.id), ("time", &d.time), ("region", &d.region), ("source_ip", &d.source_ip)];
    fields.extend(optional.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("\"{k}\": {}", quote(v))));
    if !d.context.is_empty() {
        let entries: Vec<String> = d.context.iter().map(|(k, v)| format!("{}: {}", quote(k), value(v))).collect();
        fields.push(format!("\"context\": {{{}}}", entries.join(", ")));
    }
    if d.assume {
        let mut a = vec![format!("\"caller\": {}", quote(&d.principal)), format!("\"role\": {}", quote(&d.role))];
        if !d.session_name.is_empty() {
            a.push(format!("\"session_name\": {}", quote(&d.session_name)));
        }
        if let Ok(seconds) = d.duration.parse::<u64>() {
            a.push(format!("\"duration_seconds\": {seconds}"));
        }
        if d.mfa {
            a.push("\"mfa\": true".into());
        }
        a.extend(kept_members(original.get("assume_role"), ASSUME_FIELDS, scenario));
        fields.push(format!("\"assume_role\": {{{}}}", a.join(", ")));
    } else {
        let mut r = vec![
            format!("\"principal\": {}", quote(&d.principal)),
            format!("\"action\": {}", quote(&d.action)),
            format!("\"resource\": {}", quote(&d.resource)),
        ];
        r.extend(kept_members(original.get("request"), REQUEST_FIELDS, scenario));
        fields.push(format!("\"request\": {{{}}}", r.join(", ")));
    }
    let original_expect = original.get("expect");
    if original_expect.is_some_and(|n| n.as_object().is_some()) && expect_text(original_expect) == d.expect {
        // An unchanged detailed expectation (layer, Sids, expiry) stays as written.
        fields.push(format!("\"expect\": {}", original_expect.map_or("", |n| n.span.text(scenario))));
    } else if !d.expect.is_empty() {
        fields.push(format!("\"expect\": {}", quote(&d.expect)));
    }
    fields.extend(kept_members(Some(original), STEP_FIELDS, scenario));
    format!("{{{}}}", fields.join(", "))
}

/// Replaces step `index` with the draft; the rest of the text is kept as written.
pub fn write(scenario: &str, index: usize, d: &StepDraft) -> Option<String> {
    let (root, _) = json::parse(scenario, DocId(0));
    let root = root?;
    let step = steps(&root).get(index)?;
    let step_text = step_json(d, step, scenario);
    let (step_node, _) = json::parse(&step_text, DocId(0));
    let replacement = step_node?.to_pretty().replace('\n', "\n    ");
    let mut out = String::with_capacity(scenario.len() + replacement.len());
    out.push_str(scenario.get(..step.span.lo())?);
    out.push_str(&replacement);
    out.push_str(scenario.get(step.span.hi()..)?);
    Some(out)
}

/// The ARNs of one kind of IAM identity (`users` → `user`, `roles` → `role`) in every account.
fn identity_arns(root: &Node, field: &str, kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(Kind::Array(accounts)) = root.get("accounts").map(|n| &n.kind) {
        for a in accounts {
            let id = text(a.get("id"));
            if let Some(Kind::Array(items)) = a.get(field).map(|n| &n.kind) {
                for item in items {
                    let path = Some(text(item.get("path"))).filter(|p| !p.is_empty()).unwrap_or_else(|| "/".into());
                    out.push(format!("arn:aws:iam::{id}:{kind}{path}{}", text(item.get("name"))));
                }
            }
        }
    }
    out
}

/// Principals a step can name: users, root users, sessions of earlier steps, anonymous.
pub fn principal_choices(scenario: &str, before_step: usize) -> Vec<String> {
    let (root, _) = json::parse(scenario, DocId(0));
    let Some(root) = root else { return Vec::new() };
    let mut out = identity_arns(&root, "users", "user");
    if let Some(Kind::Array(accounts)) = root.get("accounts").map(|n| &n.kind) {
        out.extend(accounts.iter().map(|a| format!("arn:aws:iam::{}:root", text(a.get("id")))));
    }
    for step in steps(&root).iter().take(before_step) {
        let id = text(step.get("id"));
        let assumes = ["assume_role", "service_assume_role", "assume_role_with_web_identity"]
            .iter()
            .any(|k| step.get(k).is_some());
        if assumes && !id.is_empty() {
            out.push(format!("session:{id}"));
        }
    }
    out.push("*".into());
    out
}

/// Role ARNs of the scenario, for role assumptions.
pub fn role_choices(scenario: &str) -> Vec<String> {
    json::parse(scenario, DocId(0)).0.map_or_else(Vec::new, |root| identity_arns(&root, "roles", "role"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::EXAMPLES;

    fn example(name: &str) -> &'static str {
        EXAMPLES.iter().find(|e| e.file == name).map(|e| e.text()).unwrap()
    }

    #[test]
    fn read_then_write_keeps_the_scenario_meaning() {
        let text = example("break-glass-admin.json");
        let mut edited = 0;
        for index in 0..9 {
            // GetSessionToken steps stay in the JSON editor.
            let Some(draft) = read(text, index) else { continue };
            edited += 1;
            assert!(problems(&draft).is_empty(), "{index}: {:?}", problems(&draft));
            let written = write(text, index, &draft).unwrap();
            let a: serde_json::Value = serde_json::from_str(text).unwrap();
            let b: serde_json::Value = serde_json::from_str(&written).unwrap();
            assert_eq!(a["steps"][index], b["steps"][index], "step {index}");
            assert_eq!(a["accounts"], b["accounts"]);
        }
        assert_eq!(edited, 8);
    }

    #[test]
    fn fields_the_form_does_not_edit_are_kept() {
        let text = r#"{"steps": [{"name": "vendor", "credentials": "console", "assume_role": {"caller": "arn:aws:iam::111111111111:user/bob",
            "role": "arn:aws:iam::111111111111:role/Vendor", "external_id": "acme-1", "session_tags": {"team": "ops"}},
            "expect": {"decision": "allowed", "statements": ["Trust"]}}]}"#;
        let mut draft = read(text, 0).unwrap();
        assert_eq!(draft.expect, "allowed");
        draft.session_name = "bob-vendor".into();
        let written = write(text, 0, &draft).unwrap();
        let b: serde_json::Value = serde_json::from_str(&written).unwrap();
        let step = &b["steps"][0];
        assert_eq!(step["assume_role"]["external_id"], "acme-1");
        assert_eq!(step["assume_role"]["session_tags"]["team"], "ops");
        assert_eq!(step["assume_role"]["session_name"], "bob-vendor");
        assert_eq!(step["credentials"], "console");
        assert_eq!(step["expect"]["statements"][0], "Trust");
        draft.expect = "implicitDeny".into();
        let changed: serde_json::Value = serde_json::from_str(&write(text, 0, &draft).unwrap()).unwrap();
        assert_eq!(changed["steps"][0]["expect"], "implicitDeny");
    }

    #[test]
    fn context_values_keep_their_types() {
        let text = example("alice-developer.json");
        let mut draft = read(text, 0).unwrap();
        draft.context = vec![
            ("aws:MultiFactorAuthPresent".into(), "true".into()),
            ("s3:max-keys".into(), "10".into()),
            ("aws:SourceVpce".into(), "vpce-1".into()),
        ];
        let written: serde_json::Value = serde_json::from_str(&write(text, 0, &draft).unwrap()).unwrap();
        assert_eq!(
            written["steps"][0]["context"],
            serde_json::json!({"aws:MultiFactorAuthPresent": true, "s3:max-keys": 10, "aws:SourceVpce": "vpce-1"})
        );
    }

    #[test]
    fn problems_name_the_field() {
        let draft = StepDraft {
            name: "x".into(),
            principal: "*".into(),
            action: "s3:Get*".into(),
            resource: "bucket".into(),
            time: "soon".into(),
            source_ip: "localhost".into(),
            ..StepDraft::default()
        };
        let fields: Vec<&str> = problems(&draft).iter().map(|p| p.0).collect();
        assert_eq!(fields, ["action", "resource", "time", "source_ip"]);
    }

    #[test]
    fn choices_include_sessions_of_earlier_steps_only() {
        let text = example("break-glass-admin.json");
        assert!(principal_choices(text, 0).iter().all(|p| !p.starts_with("session:")));
        assert!(principal_choices(text, 1).contains(&"session:bg".to_string()));
        assert!(principal_choices(text, 1).contains(&"arn:aws:iam::111111111111:user/bob".to_string()));
        assert_eq!(role_choices(text), ["arn:aws:iam::111111111111:role/BreakGlass"]);
    }
}
