//! The step form's model: a step read from the scenario into editable fields,
//! validated, and written back in place of the step.

use crate::edits::quote;
use iam_core::document::{self as json, Kind, Node};
use iam_core::values::parse_date;
use iam_core::DocId;

/// What a step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StepKind {
    #[default]
    Request,
    /// `sts:AssumeRole` by a user or a session.
    Assume,
    /// A service (Lambda, EC2, …) assuming the role its code runs with.
    Service,
    /// `sts:AssumeRoleWithWebIdentity` through an OIDC provider.
    WebIdentity,
}

impl StepKind {
    pub const ALL: [StepKind; 4] = [StepKind::Request, StepKind::Assume, StepKind::Service, StepKind::WebIdentity];

    /// Its value in the form.
    pub fn id(self) -> &'static str {
        match self {
            StepKind::Request => "request",
            StepKind::Assume => "assume",
            StepKind::Service => "service",
            StepKind::WebIdentity => "web_identity",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StepKind::Request => "a request",
            StepKind::Assume => "sts:AssumeRole by a user or session",
            StepKind::Service => "a service assumes its role (Lambda, EC2, …)",
            StepKind::WebIdentity => "sts:AssumeRoleWithWebIdentity (OIDC)",
        }
    }

    pub fn from_id(id: &str) -> StepKind {
        StepKind::ALL.into_iter().find(|k| k.id() == id).unwrap_or_default()
    }

    /// The step's member that holds what it does.
    fn member(self) -> &'static str {
        match self {
            StepKind::Request => "request",
            StepKind::Assume => "assume_role",
            StepKind::Service => "service_assume_role",
            StepKind::WebIdentity => "assume_role_with_web_identity",
        }
    }

    /// The member of that object naming who acts.
    fn actor(self) -> &'static str {
        match self {
            StepKind::Request => "principal",
            StepKind::Assume => "caller",
            StepKind::Service => "service",
            StepKind::WebIdentity => "provider",
        }
    }
}

/// Services that assume roles for the code they run.
pub const SERVICES: [&str; 4] =
    ["lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "states.amazonaws.com"];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepDraft {
    pub name: String,
    pub id: String,
    pub kind: StepKind,
    /// Who acts: the request's principal, the caller of `sts:AssumeRole`,
    /// the service, or the OIDC provider's ARN.
    pub principal: String,
    pub action: String,
    /// The request's resource, or the source ARN of a service's assumption.
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
const STEP_FIELDS: &[&str] = &[
    "name",
    "id",
    "time",
    "region",
    "source_ip",
    "context",
    "expect",
    "request",
    "assume_role",
    "service_assume_role",
    "assume_role_with_web_identity",
];
/// The fields the form edits in each kind's object (the rest is kept as written).
fn owned(kind: StepKind) -> &'static [&'static str] {
    match kind {
        StepKind::Request => &["principal", "action", "resource"],
        StepKind::Assume => &["caller", "role", "session_name", "duration_seconds", "mfa"],
        StepKind::Service => &["service", "role", "session_name", "source_arn"],
        StepKind::WebIdentity => &["provider", "role", "session_name", "duration_seconds"],
    }
}

fn steps<'n>(root: &'n Node<'n>) -> &'n [Node<'n>] {
    root.get("steps").map_or(&[], Node::items)
}

/// The step at `index` as a draft; `None` for steps the form does not edit
/// (SAML, session and federation tokens stay in the JSON editor).
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
    let (kind, what) = StepKind::ALL.into_iter().find_map(|k| Some((k, step.get(k.member())?)))?;
    d.kind = kind;
    d.principal = text(what.get(kind.actor()));
    d.action = text(what.get("action"));
    d.resource = text(what.get(if kind == StepKind::Service { "source_arn" } else { "resource" }));
    d.role = text(what.get("role"));
    d.session_name = text(what.get("session_name"));
    d.duration = text(what.get("duration_seconds"));
    d.mfa = matches!(what.get("mfa").map(|n| &n.kind), Some(Kind::Bool(true)));
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
    match d.kind {
        StepKind::Service if !d.principal.ends_with(".amazonaws.com") => {
            out.push(("principal", "A service is named like lambda.amazonaws.com.".to_string()))
        }
        StepKind::WebIdentity if !d.principal.contains(":oidc-provider/") => out.push((
            "principal",
            "An OIDC provider is an ARN like arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com."
                .to_string(),
        )),
        StepKind::Service if !d.resource.is_empty() && iam_core::Arn::parse(&d.resource).is_none() => {
            out.push(("resource", "The source is an ARN, such as the Lambda function's.".to_string()))
        }
        _ => {}
    }
    if d.kind != StepKind::Request {
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
    let kind = d.kind;
    let mut a = vec![format!("\"{}\": {}", kind.actor(), quote(&d.principal))];
    if kind == StepKind::Request {
        a.push(format!("\"action\": {}", quote(&d.action)));
        a.push(format!("\"resource\": {}", quote(&d.resource)));
    } else {
        a.push(format!("\"role\": {}", quote(&d.role)));
        if !d.session_name.is_empty() {
            a.push(format!("\"session_name\": {}", quote(&d.session_name)));
        }
        if kind == StepKind::Service && !d.resource.is_empty() {
            a.push(format!("\"source_arn\": {}", quote(&d.resource)));
        }
        if let (Ok(seconds), false) = (d.duration.parse::<u64>(), kind == StepKind::Service) {
            a.push(format!("\"duration_seconds\": {seconds}"));
        }
        if d.mfa && kind == StepKind::Assume {
            a.push("\"mfa\": true".into());
        }
    }
    a.extend(kept_members(original.get(kind.member()), owned(kind), scenario));
    fields.push(format!("\"{}\": {{{}}}", kind.member(), a.join(", ")));
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
    fn service_and_web_identity_steps_read_and_write_back_with_their_claims_kept() {
        for (file, kind) in [
            ("lambda-function-role.json", StepKind::Service),
            ("ec2-instance-profile.json", StepKind::Service),
            ("github-actions-oidc.json", StepKind::WebIdentity),
        ] {
            let text = example(file);
            let draft = read(text, 0).unwrap();
            assert_eq!(draft.kind, kind, "{file}");
            assert!(problems(&draft).is_empty(), "{file}: {:?}", problems(&draft));
            let a: serde_json::Value = serde_json::from_str(text).unwrap();
            let b: serde_json::Value = serde_json::from_str(&write(text, 0, &draft).unwrap()).unwrap();
            assert_eq!(a["steps"][0], b["steps"][0], "{file}");
        }
    }

    #[test]
    fn a_request_becomes_a_lambda_assumption_with_its_source() {
        let text = example("lambda-function-role.json");
        let mut draft = read(text, 2).unwrap();
        assert_eq!(draft.kind, StepKind::Request);
        draft.kind = StepKind::Service;
        draft.principal = "ec2.amazonaws.com".into();
        assert_eq!(problems(&draft).iter().map(|(f, _)| *f).collect::<Vec<_>>(), ["role"], "a role is needed");
        draft.role = "arn:aws:iam::111111111111:role/orders-fn".into();
        draft.resource = "arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc".into();
        let b: serde_json::Value = serde_json::from_str(&write(text, 2, &draft).unwrap()).unwrap();
        let step = &b["steps"][2];
        assert_eq!(step["request"], serde_json::Value::Null, "the request is replaced");
        assert_eq!(step["service_assume_role"]["service"], "ec2.amazonaws.com");
        assert_eq!(step["service_assume_role"]["source_arn"], "arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc");
        draft.principal = "arn:aws:iam::111111111111:user/bob".into();
        assert!(problems(&draft).iter().any(|(f, m)| *f == "principal" && m.contains("lambda.amazonaws.com")));
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
