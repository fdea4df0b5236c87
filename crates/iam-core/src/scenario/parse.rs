//! Scenario file (version 1) → model, with a diagnostic for every problem.
//! Unknown fields are errors; references are checked once everything is read.

use super::*;
use crate::condition::values::parse_date;
use crate::diag::{sort_by_position, Diagnostic, DocId};
use crate::json::{self, Node};
use crate::matching::principal::is_account_id;
use crate::policy::{lower_policy, PolicyId, PolicyKind};
use crate::read::{Obj, Reader};

/// The most steps a scenario may have (the playground's own ceiling: a
/// tutorial has tens; each step's trace costs memory).
pub const MAX_STEPS: usize = 1000;

const TOP: &[&str] = &["version", "title", "description", "start_time", "organization", "accounts", "steps"];
const ORG: &[&str] = &["id", "management_account", "service_control_policies", "resource_control_policies", "root"];
const NODE: &[&str] = &["id", "name", "scps", "rcps", "units", "accounts"];
const ORG_ACCOUNT: &[&str] = &["id", "scps", "rcps"];
const ACCOUNT: &[&str] = &["id", "alias", "policies", "users", "groups", "roles", "resources"];
const USER: &[&str] = &[
    "name",
    "path",
    "groups",
    "policies",
    "inline_policies",
    "permissions_boundary",
    "tags",
    "mfa",
    "password",
    "access_keys",
];
const GROUP: &[&str] = &["name", "path", "policies", "inline_policies"];
const ROLE: &[&str] = &[
    "name",
    "path",
    "trust_policy",
    "policies",
    "inline_policies",
    "permissions_boundary",
    "max_session_duration",
    "tags",
];
const RESOURCE: &[&str] = &["arn", "tags", "policy", "aws_managed"];
const STEP: &[&str] =
    &["name", "id", "time", "region", "source_ip", "secure_transport", "credentials", "context", "expect"];

/// The kinds of step; a step has exactly one of these fields.
const STEP_KINDS: &[&str] = &[
    "request",
    "assume_role",
    "service_assume_role",
    "assume_role_with_web_identity",
    "assume_role_with_saml",
    "get_session_token",
    "get_federation_token",
];

/// Parses a scenario file, with the starter set of AWS managed policies.
/// Never panics; every problem is a diagnostic.
pub fn parse_scenario(text: &str, doc: DocId) -> ParsedScenario {
    parse_scenario_with(text, doc, &super::managed::StarterPolicies)
}

/// As [`parse_scenario`], taking AWS managed policies from `managed`.
pub fn parse_scenario_with(
    text: &str,
    doc: DocId,
    managed: &dyn super::managed::ManagedPolicySource,
) -> ParsedScenario {
    let (node, diags) = json::parse(text, doc);
    let mut r = Reader { text, doc, diags, area: crate::read::SCENARIO };
    let scenario = node.and_then(|n| lower_scenario(&n, &mut r, managed));
    if let Some(s) = &scenario {
        super::parse_refs::check_references(s, &mut r);
    }
    let mut diagnostics = r.diags;
    sort_by_position(&mut diagnostics);
    ParsedScenario { scenario, diagnostics }
}

fn lower_scenario(
    node: &Node,
    r: &mut Reader<'_>,
    managed: &dyn super::managed::ManagedPolicySource,
) -> Option<Scenario> {
    let is_request_file = node.as_object().is_some_and(|m| {
        m.iter().any(|x| x.key == "request") && !m.iter().any(|x| x.key == "version" || x.key == "steps")
    });
    if is_request_file {
        r.error(
            "scenario/request-file",
            node.span,
            "this is a request file, not a scenario".into(),
            "run request files with `iam-playground eval-request`",
        );
        return None;
    }
    let top = r.object(node, "a scenario", TOP)?;
    match r.integer(&top, "version", 0, u64::MAX) {
        Some((1, _)) => {}
        Some((v, span)) => r.error(
            "scenario/unsupported-version",
            span,
            format!("scenario version {v} is not supported"),
            "this playground reads version 1",
        ),
        None if top.get("version").is_none() => {
            r.error("scenario/missing-field", node.span, "the scenario has no `version`".into(), "add `\"version\": 1`")
        }
        None => {}
    }
    let title = r.string(&top, "title").map(|s| s.0);
    let description = r.string(&top, "description").map(|s| s.0);
    let start_time = instant(r, &top, "start_time");
    let organization = top.get("organization").and_then(|n| lower_org(n, r));
    let accounts = r.array(&top, "accounts").into_iter().filter_map(|n| lower_account(n, r)).collect();
    let step_nodes = r.array(&top, "steps");
    if step_nodes.len() > MAX_STEPS {
        let span = top.get("steps").map_or(node.span, |n| n.span);
        r.error(
            "scenario/too-many-steps",
            span,
            format!("the scenario has {} steps; the playground runs at most {MAX_STEPS}", step_nodes.len()),
            "split it into several scenarios",
        );
        return None;
    }
    let steps = step_nodes.into_iter().filter_map(|n| lower_step(n, r)).collect();
    let accounts: Vec<Account> = accounts;
    let index = ArnIndex::build(&accounts);
    let mut scenario =
        Scenario { title, description, start_time, organization, accounts, aws_managed: BTreeMap::new(), steps, index };
    scenario.aws_managed = super::parse_refs::load_aws_managed(&scenario, r, managed);
    Some(scenario)
}

fn instant(r: &mut Reader<'_>, obj: &Obj<'_>, key: &str) -> Option<Instant> {
    let (text, span) = r.string(obj, key)?;
    let parsed = parse_date(&text);
    if parsed.is_none() {
        r.error(
            "scenario/invalid-time",
            span,
            format!("`{text}` is not a date and time"),
            "write an ISO 8601 time such as `2026-11-22T14:05:00Z`",
        );
    }
    parsed
}

fn policy(r: &mut Reader<'_>, node: &Node, id: String, kind: PolicyKind) -> Policy {
    let text = r.text;
    let doc = r.doc;
    lower_policy(node, text, PolicyId::new(id), kind, doc, &mut r.diags)
}

/// IAM's aggregate quota on an identity's inline policies (whitespace not
/// counted): user 2,048, group 5,120, role 10,240 (IAM quotas page).
pub(super) const USER_INLINE_QUOTA: usize = 2048;
pub(super) const GROUP_INLINE_QUOTA: usize = 5120;
pub(super) const ROLE_INLINE_QUOTA: usize = 10_240;

/// Reports an identity's inline policies over `limit` (see [`USER_INLINE_QUOTA`]).
fn check_inline_total(r: &mut Reader<'_>, obj: &Obj<'_>, inline: &[NamedPolicy], what: &str, limit: usize) {
    let total: usize = inline.iter().map(|p| crate::policy::plaintext_span_size(p.policy.span, r.text)).sum();
    if total > limit {
        let span = obj.get("inline_policies").map_or(obj.span(), |n| n.span);
        let d = Diagnostic::error(
            "policy/inline-size-quota",
            r.doc,
            span,
            format!("the {what}'s inline policies total {total} characters; IAM allows {limit} per {what}, whitespace not counted"),
        )
        .with_help("move statements into customer managed policies (6,144 characters each), or attach them through a group")
        .with_aws(crate::diag::AwsStance::Refuses);
        r.diags.push(d);
    }
}

/// `{"Name": {policy document}, ...}`
fn named_policies(
    r: &mut Reader<'_>,
    obj: &Obj<'_>,
    key: &str,
    kind: PolicyKind,
    owner: &str,
    arn_prefix: &str,
) -> Vec<NamedPolicy> {
    let Some(node) = obj.get(key) else { return Vec::new() };
    let Some(members) = node.as_object() else {
        r.error("scenario/invalid-type", node.span, format!("`{key}` must be an object of named policy documents"), "");
        return Vec::new();
    };
    members
        .iter()
        .map(|m| NamedPolicy {
            name: m.key.to_string(),
            arn: format!("{arn_prefix}{}", m.key),
            policy: policy(r, &m.value, format!("{owner}/{}", m.key), kind),
        })
        .collect()
}

fn tags(r: &mut Reader<'_>, obj: &Obj<'_>) -> BTreeMap<String, String> {
    r.string_map(obj, "tags").into_iter().map(|(k, v, _)| (k, v)).collect()
}

fn path(r: &mut Reader<'_>, obj: &Obj<'_>) -> String {
    // `/`, or `/…/` of at most 512 printable ASCII characters (IAM identifiers page).
    let valid = |p: &str| {
        p.starts_with('/') && p.ends_with('/') && p.len() <= 512 && p.bytes().all(|b| (0x21..=0x7e).contains(&b))
    };
    match r.string(obj, "path") {
        None => "/".into(),
        Some((p, _)) if valid(&p) => p,
        Some((p, span)) => {
            r.error(
                "scenario/invalid-path",
                span,
                format!("`{p}` is not an IAM path"),
                "paths start and end with `/`, as in `/team/`, and hold at most 512 printable characters without spaces",
            );
            "/".into()
        }
    }
}

fn lower_org(node: &Node, r: &mut Reader<'_>) -> Option<Organization> {
    let o = r.object(node, "`organization`", ORG)?;
    let id = r.string(&o, "id").map_or_else(|| "o-example".to_string(), |s| s.0);
    let management_account = r.string(&o, "management_account").map(|s| s.0);
    let scps = named_policies(r, &o, "service_control_policies", PolicyKind::Scp, "scp", "");
    let rcps = named_policies(r, &o, "resource_control_policies", PolicyKind::Rcp, "rcp", "");
    let root = match o.get("root") {
        Some(n) => lower_node(n, r, "r-root", true)?,
        None => {
            r.error("scenario/missing-field", o.span(), "`organization` has no `root`".into(), "");
            return None;
        }
    };
    Some(Organization { id, management_account, scps, rcps, root })
}

/// SCP names at a node or account: `FullAWSAccess` when the field is absent.
fn scp_names(r: &mut Reader<'_>, obj: &Obj<'_>) -> Vec<(String, Span)> {
    if obj.get("scps").is_none() {
        return vec![(super::org::FULL_AWS_ACCESS.to_string(), obj.span())];
    }
    r.strings(obj, "scps")
}

fn lower_node(node: &Node, r: &mut Reader<'_>, default_id: &str, root: bool) -> Option<OrgNode> {
    let o = r.object(node, if root { "the organization root" } else { "an organizational unit" }, NODE)?;
    let name =
        r.string(&o, "name").map_or_else(|| if root { "Root".to_string() } else { default_id.to_string() }, |s| s.0);
    let id = r.string(&o, "id").map_or_else(|| default_id.to_string(), |s| s.0);
    let scps = scp_names(r, &o);
    let rcps = r.strings(&o, "rcps");
    let units = r
        .array(&o, "units")
        .into_iter()
        .enumerate()
        .filter_map(|(i, n)| {
            lower_node(n, r, &format!("ou-{}-{}", id.trim_start_matches("r-").trim_start_matches("ou-"), i + 1), false)
        })
        .collect();
    let accounts = r
        .array(&o, "accounts")
        .into_iter()
        .filter_map(|n| match n.as_str() {
            Some(id) => Some(OrgAccount {
                id: id.to_string(),
                span: n.span,
                scps: vec![(super::org::FULL_AWS_ACCESS.to_string(), n.span)],
                rcps: Vec::new(),
            }),
            None => {
                let a = r.object(n, "an account in the organization", ORG_ACCOUNT)?;
                let (id, span) = r.required_string(&a, "id", "an account in the organization")?;
                let scps = scp_names(r, &a);
                let rcps = r.strings(&a, "rcps");
                Some(OrgAccount { id, span, scps, rcps })
            }
        })
        .collect();
    Some(OrgNode { id, name, scps, rcps, units, accounts })
}

fn lower_account(node: &Node, r: &mut Reader<'_>) -> Option<Account> {
    let o = r.object(node, "an account", ACCOUNT)?;
    let (id, span) = r.required_string(&o, "id", "an account")?;
    if !is_account_id(&id) {
        r.error("scenario/invalid-account", span, format!("`{id}` is not a 12-digit account id"), "");
    }
    let alias = r.string(&o, "alias").map(|s| s.0);
    for (field, what, max) in [("users", "user", 64), ("groups", "group", 128), ("roles", "role", 64)] {
        let nodes = r.array(&o, field);
        check_names(r, &nodes, what, max);
    }
    let policies = named_policies(r, &o, "policies", PolicyKind::Identity, &id, &format!("arn:aws:iam::{id}:policy/"));
    let users = r.array(&o, "users").into_iter().filter_map(|n| lower_user(n, r, &id)).collect();
    let groups = r.array(&o, "groups").into_iter().filter_map(|n| lower_group(n, r, &id)).collect();
    let roles = r.array(&o, "roles").into_iter().filter_map(|n| lower_role(n, r, &id)).collect();
    let resources = r.array(&o, "resources").into_iter().filter_map(|n| lower_resource(n, r)).collect();
    Some(Account { id, alias, policies, users, groups, roles, resources })
}

/// IAM names: 1 to `max` characters of letters, digits and `+=,.@_-`, unique
/// in the account regardless of letter case (IAM identifiers page).
fn check_names(r: &mut Reader<'_>, nodes: &[&Node], what: &str, max: usize) {
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    for node in nodes {
        let Some(name_node) = node.get("name") else { continue };
        let Some(name) = name_node.as_str() else { continue };
        let valid = (1..=max).contains(&name.chars().count())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        if !valid {
            r.error(
                "scenario/invalid-name",
                name_node.span,
                format!("`{name}` is not a valid IAM {what} name"),
                &format!("IAM {what} names are 1 to {max} characters of letters, digits and +=,.@_-"),
            );
        }
        match seen.get(&name.to_lowercase()) {
            Some(first) => {
                let d = Diagnostic::error(
                    "scenario/duplicate-name",
                    r.doc,
                    name_node.span,
                    format!("a second {what} named `{name}` in this account"),
                )
                .with_label(r.doc, *first, "first defined here")
                .with_help(format!("IAM {what} names are unique in an account, whatever their letter case"));
                r.diags.push(d);
            }
            None => {
                seen.insert(name.to_lowercase(), name_node.span);
            }
        }
    }
}

pub(super) fn lower_user(node: &Node, r: &mut Reader<'_>, account: &str) -> Option<User> {
    let o = r.object(node, "a user", USER)?;
    let (name, _) = r.required_string(&o, "name", "a user")?;
    let path = path(r, &o);
    let arn = format!("arn:aws:iam::{account}:user{path}{name}");
    let owner = format!("user/{name}");
    let access_keys = r
        .array(&o, "access_keys")
        .into_iter()
        .filter_map(|n| {
            let k = r.object(n, "an access key", &["id", "created"])?;
            let (id, _) = r.required_string(&k, "id", "an access key")?;
            let created = instant(r, &k, "created");
            Some(AccessKey { id, created })
        })
        .collect();
    let inline_policies = named_policies(r, &o, "inline_policies", PolicyKind::Identity, &owner, "");
    check_inline_total(r, &o, &inline_policies, "user", USER_INLINE_QUOTA);
    Some(User {
        groups: r.strings(&o, "groups"),
        policies: r.strings(&o, "policies"),
        inline_policies,
        permissions_boundary: r.string(&o, "permissions_boundary"),
        tags: tags(r, &o),
        mfa: r.bool(&o, "mfa").unwrap_or(false),
        password: r.bool(&o, "password").unwrap_or(false),
        access_keys,
        name,
        span: o.span(),
        path,
        arn,
    })
}

pub(super) fn lower_group(node: &Node, r: &mut Reader<'_>, account: &str) -> Option<Group> {
    let o = r.object(node, "a group", GROUP)?;
    let (name, _) = r.required_string(&o, "name", "a group")?;
    let path = path(r, &o);
    let owner = format!("group/{name}");
    let inline_policies = named_policies(r, &o, "inline_policies", PolicyKind::Identity, &owner, "");
    check_inline_total(r, &o, &inline_policies, "group", GROUP_INLINE_QUOTA);
    Some(Group {
        arn: format!("arn:aws:iam::{account}:group{path}{name}"),
        policies: r.strings(&o, "policies"),
        inline_policies,
        name,
        span: o.span(),
        path,
    })
}

pub(super) fn lower_role(node: &Node, r: &mut Reader<'_>, account: &str) -> Option<Role> {
    let o = r.object(node, "a role", ROLE)?;
    let (name, _) = r.required_string(&o, "name", "a role")?;
    let path = path(r, &o);
    let owner = format!("role/{name}");
    let trust_policy = match o.get("trust_policy") {
        Some(n) => Some(policy(r, n, format!("{owner}/trust"), PolicyKind::Trust)),
        None => {
            r.warn(
                "scenario/no-trust-policy",
                o.span(),
                format!("role `{name}` has no trust policy, so nobody can assume it"),
                "add a `trust_policy`",
            );
            None
        }
    };
    let inline_policies = named_policies(r, &o, "inline_policies", PolicyKind::Identity, &owner, "");
    check_inline_total(r, &o, &inline_policies, "role", ROLE_INLINE_QUOTA);
    Some(Role {
        arn: format!("arn:aws:iam::{account}:role{path}{name}"),
        trust_policy,
        policies: r.strings(&o, "policies"),
        inline_policies,
        permissions_boundary: r.string(&o, "permissions_boundary"),
        max_session_duration: r.integer(&o, "max_session_duration", 3600, 43_200).map_or(3600, |v| v.0),
        tags: tags(r, &o),
        service_linked: path.starts_with("/aws-service-role/"),
        name,
        span: o.span(),
        path,
    })
}

pub(super) fn lower_resource(node: &Node, r: &mut Reader<'_>) -> Option<Resource> {
    let o = r.object(node, "a resource", RESOURCE)?;
    let (arn, span) = r.required_string(&o, "arn", "a resource")?;
    if crate::matching::arn::Arn::parse(&arn).is_none() {
        r.error("scenario/invalid-arn", span, format!("`{arn}` is not an ARN"), "");
    }
    let kind = if arn.contains(":iam::") && arn.contains(":role/") { PolicyKind::Trust } else { PolicyKind::Resource };
    let policy = o.get("policy").map(|n| policy(r, n, format!("resource/{arn}"), kind));
    if let (Some(p), Some(parsed)) = (&policy, crate::matching::arn::Arn::parse(&arn)) {
        crate::policy::check_resource_policy_size(p, r.text, parsed.service, &mut r.diags);
    }
    let aws_managed = r.bool(&o, "aws_managed").unwrap_or(false);
    if aws_managed && !arn.starts_with("arn:aws:kms:") {
        r.error(
            "scenario/invalid-aws-managed",
            o.span(),
            format!("only KMS keys are marked `aws_managed`; `{arn}` is not a KMS key"),
            "AWS managed policies and service-linked roles are recognised from their ARN",
        );
    }
    Some(Resource { tags: tags(r, &o), policy, arn, span: o.span(), aws_managed })
}

fn lower_expect(node: &Node, r: &mut Reader<'_>) -> Option<StepExpect> {
    let Some(text) = node.as_str() else {
        return lower_expect_object(node, r);
    };
    if text == "error" {
        return Some(StepExpect { error: true, ..StepExpect::default() });
    }
    let decision = expect_decision(text, node.span, r)?;
    Some(StepExpect { decision: Some(decision), ..StepExpect::default() })
}

fn expect_decision(text: &str, span: Span, r: &mut Reader<'_>) -> Option<Decision> {
    let decision = Decision::parse(text);
    if decision.is_none() {
        r.error(
            "scenario/invalid-expect",
            span,
            format!("unknown outcome `{text}`"),
            "use `allowed`, `explicitDeny`, `implicitDeny` or `error`",
        );
    }
    decision
}

/// `{"decision": …, "layer": …, "statements": [Sids], "error": code, "expires": time}`
fn lower_expect_object(node: &Node, r: &mut Reader<'_>) -> Option<StepExpect> {
    let o = r.object(node, "`expect`", &["decision", "layer", "statements", "error", "expires"])?;
    let mut expect = StepExpect::default();
    if let Some((text, span)) = r.string(&o, "decision") {
        if text == "error" {
            expect.error = true;
        } else {
            expect.decision = Some(expect_decision(&text, span, r)?);
        }
    }
    if let Some((code, _)) = r.string(&o, "error") {
        expect.error = true;
        expect.error_code = Some(code);
    }
    if let Some((layer, span)) = r.string(&o, "layer") {
        if crate::explain::Layer::parse(&layer).is_none() && layer != "awsRule" {
            r.error(
                "scenario/invalid-expect",
                span,
                format!("unknown layer `{layer}`"),
                "use rcp, scp, resourcePolicy, identityPolicies, permissionsBoundary, sessionPolicy or awsRule",
            );
        }
        expect.layer = Some(layer);
    }
    if o.get("statements").is_some() {
        expect.statements = Some(r.strings(&o, "statements").into_iter().map(|s| s.0).collect());
    }
    expect.expires = instant(r, &o, "expires");
    if expect.error && (expect.decision.is_some() || expect.layer.is_some() || expect.statements.is_some()) {
        r.error(
            "scenario/invalid-expect",
            o.span(),
            "an `expect` cannot ask for both an error and a decision".into(),
            "a step that fails with an error has no decision",
        );
    }
    Some(expect)
}

pub(super) fn lower_step(node: &Node, r: &mut Reader<'_>) -> Option<Step> {
    let known: Vec<&str> = STEP.iter().chain(STEP_KINDS).copied().collect();
    let o = r.object(node, "a step", &known)?;
    let (name, _) = r.required_string(&o, "name", "a step")?;
    let credentials = match r.string(&o, "credentials") {
        None => Credentials::AccessKey,
        Some((c, _)) if c == "access_key" => Credentials::AccessKey,
        Some((c, _)) if c == "console" => Credentials::Console,
        Some((c, span)) => {
            r.error(
                "scenario/invalid-credentials",
                span,
                format!("unknown credentials `{c}`"),
                "use `access_key` or `console`",
            );
            Credentials::AccessKey
        }
    };
    let present: Vec<&str> = STEP_KINDS.iter().copied().filter(|k| o.get(k).is_some()).collect();
    let action = match present.as_slice() {
        [one] => super::parse_steps::lower_action(one, o.get(one)?, r)?,
        _ => {
            r.error(
                "scenario/step-kind",
                o.span(),
                format!(
                    "step `{name}` must have exactly one of {}",
                    STEP_KINDS.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
                "",
            );
            return None;
        }
    };
    let doc = r.doc;
    Some(Step {
        id: r.string(&o, "id").map(|s| s.0),
        span: o.span(),
        time: instant(r, &o, "time"),
        region: r.string(&o, "region").map(|s| s.0),
        source_ip: r.string(&o, "source_ip").map(|s| s.0),
        secure_transport: r.bool(&o, "secure_transport"),
        credentials,
        context: o.get("context").map(|n| crate::context::from_json(n, doc, &mut r.diags)).unwrap_or_default(),
        expect: o.get("expect").and_then(|n| lower_expect(n, r)),
        action,
        name,
    })
}
