//! An AWS Organizations export read into a scenario's `organization`: the
//! root, the OUs and the accounts placed in them, and the service and
//! resource control policies with where each is attached. AWS has no single
//! command for this, so the input is one JSON object gathering the outputs
//! of `describe-organization`, `list-roots`, `list-organizational-units-for-parent`
//! and `list-accounts-for-parent` (each entry with its `ParentId`), and
//! `describe-policy` with `list-targets-for-policy` (see `docs/import.md`).

use super::{node, object, text_node, LeftOut};
use crate::diag::{Diagnostic, DocId, Span};
use crate::json::{Kind, Node};
use std::collections::{BTreeMap, BTreeSet};

/// The SCP AWS attaches everywhere by default; a scenario knows it by name.
const FULL_AWS_ACCESS: &str = "FullAWSAccess";
/// The RCP AWS attaches everywhere; a scenario applies it implicitly.
const RCP_FULL_AWS_ACCESS: &str = "RCPFullAWSAccess";
const FIELDS: [&str; 5] = ["Organization", "Roots", "OrganizationalUnits", "Accounts", "Policies"];
/// Organizations allows five levels of OUs under the root.
const MAX_DEPTH: usize = 5;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrgCounts {
    /// Service control policies, besides `FullAWSAccess`.
    pub scps: usize,
    /// Resource control policies, besides `RCPFullAWSAccess`.
    pub rcps: usize,
    pub units: usize,
    pub accounts: usize,
}

impl OrgCounts {
    /// "2 SCPs, 1 RCP, 3 OUs and 4 accounts".
    pub fn describe(&self) -> String {
        format!(
            "{}, {}, {} and {}",
            super::count(self.scps, "SCP", "SCPs"),
            super::count(self.rcps, "RCP", "RCPs"),
            super::count(self.units, "OU", "OUs"),
            super::count(self.accounts, "account", "accounts")
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrgImported {
    /// The scenario's `organization` object, as indented JSON; `None` when
    /// the input could not be read.
    pub organization: Option<String>,
    pub counts: OrgCounts,
    pub left_out: Vec<LeftOut>,
    pub diagnostics: Vec<Diagnostic>,
}

/// True when `text` looks like an organization export (an object with
/// `Roots`, `OrganizationalUnits` or policies with a `PolicySummary`).
pub fn is_organization(text: &str) -> bool {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    text.trim_start().starts_with('{')
        && (head.contains("\"PolicySummary\"")
            || head.contains("\"Roots\"")
            || head.contains("\"OrganizationalUnits\""))
}

struct Entry {
    id: String,
    name: String,
    parent: String,
    span: Span,
}

fn text_of<'a>(n: &'a Node<'_>, key: &str) -> Option<&'a str> {
    n.get(key).and_then(Node::as_str)
}

/// Where each policy is attached: target id → (SCP names, RCP names).
type Attached = BTreeMap<String, (Vec<String>, Vec<String>)>;

struct Reading {
    doc: DocId,
    left_out: Vec<LeftOut>,
    diagnostics: Vec<Diagnostic>,
    scps: Vec<(String, Node<'static>)>,
    rcps: Vec<(String, Node<'static>)>,
    attached: Attached,
    /// Whether the SCP attachments are known (`FullAWSAccess` was in the file).
    scps_known: bool,
}

impl Reading {
    fn warn(&mut self, code: &'static str, span: Span, message: String) {
        self.diagnostics.push(Diagnostic::warning(code, self.doc, span, message));
    }

    fn leave_out(&mut self, what: String, why: &str) {
        self.left_out.push(LeftOut { what, why: why.to_string() });
    }

    fn policy(&mut self, entry: &Node<'_>) {
        // `describe-policy` answers `{"Policy": {...}}`; the bundle may hold either.
        let entry = entry.get("Policy").unwrap_or(entry);
        let Some(summary) = entry.get("PolicySummary") else {
            return self.warn(
                "import/missing-field",
                entry.span,
                "a policy without `PolicySummary`: each entry of `Policies` is the `Policy` of `describe-policy`"
                    .into(),
            );
        };
        let name = text_of(summary, "Name").unwrap_or_default().to_string();
        let kind = text_of(summary, "Type").unwrap_or_default();
        let scp = match kind {
            "SERVICE_CONTROL_POLICY" => true,
            "RESOURCE_CONTROL_POLICY" => false,
            other => {
                let other = if other.is_empty() { "with no `Type`" } else { other };
                return self.leave_out(
                    format!("policy `{name}` ({other})"),
                    "only service and resource control policies decide requests",
                );
            }
        };
        let aws_managed = matches!(summary.get("AwsManaged").map(|n| &n.kind), Some(Kind::Bool(true)));
        let implicit = aws_managed && (name == FULL_AWS_ACCESS || name == RCP_FULL_AWS_ACCESS);
        if !implicit {
            let document = match entry.get("Content").map(|c| &c.kind) {
                Some(Kind::String(content)) => {
                    let (doc, diagnostics) = crate::json::parse(content, DocId(0));
                    match doc.filter(|d| d.as_object().is_some()) {
                        Some(d) => Ok(d.into_owned()),
                        None => Err(diagnostics.first().map_or("it is not a JSON object".to_string(), |d| {
                            format!("it is not JSON: {}", d.message)
                        })),
                    }
                }
                Some(Kind::Object(_)) => Ok(entry.get("Content").map_or(node(Kind::Null), |c| c.clone().into_owned())),
                _ => Err("it has no `Content`".to_string()),
            };
            match document {
                Ok(d) => {
                    let list = if scp { &mut self.scps } else { &mut self.rcps };
                    if list.iter().any(|(n, _)| *n == name) {
                        let span = summary.get("Name").map_or(summary.span, |n| n.span);
                        return self.warn(
                            "import/duplicate-name",
                            span,
                            format!("two policies are named `{name}`: the second is left out"),
                        );
                    }
                    list.push((name.clone(), d));
                }
                Err(why) => {
                    let span = entry.get("Content").map_or(entry.span, |c| c.span);
                    return self.diagnostics.push(Diagnostic::warning(
                        "import/unreadable-document",
                        self.doc,
                        span,
                        format!("the document of policy `{name}` cannot be read ({why}); the policy is left out"),
                    ));
                }
            }
        }
        if name == RCP_FULL_AWS_ACCESS && aws_managed {
            return;
        }
        if scp && name == FULL_AWS_ACCESS && aws_managed {
            self.scps_known = true;
        }
        let targets = entry.get("Targets").map(Node::items).unwrap_or_default();
        if entry.get("Targets").is_none() {
            self.warn(
                "import/missing-field",
                entry.span,
                format!("policy `{name}` has no `Targets` (the output of `list-targets-for-policy`): it is attached nowhere"),
            );
        }
        for target in targets {
            if let Some(id) = text_of(target, "TargetId") {
                let at = self.attached.entry(id.to_string()).or_default();
                if scp {
                    at.0.push(name.clone());
                } else {
                    at.1.push(name.clone());
                }
            }
        }
    }
}

fn entries(r: &mut Reading, root: &Node<'_>, field: &str, what: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    for n in root.get(field).map(Node::items).unwrap_or_default() {
        match (text_of(n, "Id"), text_of(n, "ParentId")) {
            (Some(id), Some(parent)) => out.push(Entry {
                id: id.to_string(),
                name: text_of(n, "Name").unwrap_or(id).to_string(),
                parent: parent.to_string(),
                span: n.span,
            }),
            (Some(id), None) => r.warn(
                "import/missing-field",
                n.span,
                format!("{what} `{id}` has no `ParentId`: add the id of the root or OU it was listed under"),
            ),
            (None, _) => r.warn("import/missing-field", n.span, format!("{what} without an `Id`")),
        }
    }
    out
}

/// The policy names attached to `id`, as a JSON list.
fn names(list: &[String]) -> Node<'static> {
    node(Kind::Array(list.iter().map(|n| text_node(n)).collect()))
}

struct Tree<'a> {
    units: &'a [Entry],
    accounts: &'a [Entry],
    attached: &'a Attached,
    scps_known: bool,
    placed: BTreeSet<String>,
}

impl Tree<'_> {
    fn attachments(&self, id: &str, members: &mut Vec<(String, Node<'static>)>) {
        let (scps, rcps) = self.attached.get(id).cloned().unwrap_or_default();
        if self.scps_known {
            members.push(("scps".into(), names(&scps)));
        }
        if !rcps.is_empty() {
            members.push(("rcps".into(), names(&rcps)));
        }
    }

    fn node(&mut self, id: &str, name: &str, depth: usize) -> Node<'static> {
        self.placed.insert(id.to_string());
        let mut members = vec![("id".to_string(), text_node(id)), ("name".to_string(), text_node(name))];
        self.attachments(id, &mut members);
        let units: Vec<(String, String)> =
            self.units.iter().filter(|u| u.parent == id).map(|u| (u.id.clone(), u.name.clone())).collect();
        let mut children: Vec<Node<'static>> = Vec::new();
        for (unit, name) in &units {
            if depth < MAX_DEPTH && !self.placed.contains(unit) {
                children.push(self.node(unit, name, depth + 1));
            }
        }
        if !children.is_empty() {
            members.push(("units".into(), node(Kind::Array(children))));
        }
        let accounts: Vec<Node<'static>> = self
            .accounts
            .iter()
            .filter(|a| a.parent == id)
            .map(|a| {
                self.placed.insert(a.id.clone());
                let mut fields = vec![("id".to_string(), text_node(&a.id))];
                self.attachments(&a.id, &mut fields);
                if fields.len() == 1 {
                    text_node(&a.id)
                } else {
                    object(fields)
                }
            })
            .collect();
        if !accounts.is_empty() {
            members.push(("accounts".into(), node(Kind::Array(accounts))));
        }
        object(members)
    }
}

/// Reads an organization export (`text`, document `doc`).
pub fn organization(text: &str, doc: DocId) -> OrgImported {
    let (root, diagnostics) = crate::json::parse(text, doc);
    let mut r = Reading {
        doc,
        left_out: Vec::new(),
        diagnostics,
        scps: Vec::new(),
        rcps: Vec::new(),
        attached: BTreeMap::new(),
        scps_known: false,
    };
    let failed = |r: Reading| OrgImported {
        organization: None,
        counts: OrgCounts::default(),
        left_out: r.left_out,
        diagnostics: r.diagnostics,
    };
    let Some(root) = root else { return failed(r) };
    if root.as_object().is_none() || FIELDS.iter().all(|f| root.get(f).is_none()) {
        r.diagnostics.push(
            Diagnostic::error(
                "import/not-organization",
                doc,
                root.span,
                "this is not an organization export: it has none of `Organization`, `Roots`, `OrganizationalUnits`, `Accounts` and `Policies`",
            )
            .with_help("gather the outputs of the Organizations commands into one object, as `docs/import.md` shows"),
        );
        return failed(r);
    }
    for key in root.as_object().unwrap_or_default().iter().map(|m| m.key.as_ref()) {
        if !FIELDS.contains(&key) {
            r.leave_out(format!("the field `{key}`"), "an organization export has no such field");
        }
    }
    for policy in root.get("Policies").map(Node::items).unwrap_or_default() {
        r.policy(policy);
    }
    let org = root.get("Organization").map(|o| o.get("Organization").unwrap_or(o));
    let org_id = org.and_then(|o| text_of(o, "Id")).unwrap_or("o-imported").to_string();
    let management = org.and_then(|o| text_of(o, "MasterAccountId").or_else(|| text_of(o, "ManagementAccountId")));
    let roots = root.get("Roots").map(Node::items).unwrap_or_default();
    let (root_id, root_name) = roots
        .first()
        .map(|n| (text_of(n, "Id").unwrap_or("r-root").to_string(), text_of(n, "Name").unwrap_or("Root").to_string()))
        .unwrap_or_else(|| ("r-root".to_string(), "Root".to_string()));
    for extra in roots.iter().skip(1) {
        r.leave_out(
            format!("root `{}`", text_of(extra, "Id").unwrap_or("?")),
            "an organization has one root; the first is used",
        );
    }
    let units = entries(&mut r, &root, "OrganizationalUnits", "OU");
    let accounts = entries(&mut r, &root, "Accounts", "account");
    let mut tree = Tree {
        units: &units,
        accounts: &accounts,
        attached: &r.attached,
        scps_known: r.scps_known,
        placed: BTreeSet::new(),
    };
    let top = tree.node(&root_id, &root_name, 0);
    let placed = tree.placed;
    let mut unplaced = Vec::new();
    for e in units.iter().chain(accounts.iter()) {
        if !placed.contains(&e.id) {
            unplaced.push((e.id.clone(), e.parent.clone(), e.span));
        }
    }
    for (id, parent, span) in unplaced {
        r.warn(
            "import/unplaced",
            span,
            format!(
                "`{id}` is under `{parent}`, which is not in the file (or is deeper than five levels): it is left out"
            ),
        );
    }
    if !r.scps_known && !r.scps.is_empty() {
        r.leave_out(
            "where `FullAWSAccess` is attached".to_string(),
            "the file does not hold it, so every level keeps it, as AWS attaches it by default",
        );
    }
    let counts = OrgCounts {
        scps: r.scps.len(),
        rcps: r.rcps.len(),
        units: placed.iter().filter(|id| units.iter().any(|u| u.id == **id)).count(),
        accounts: accounts.iter().filter(|a| placed.contains(&a.id)).count(),
    };
    let mut members = vec![("id".to_string(), text_node(&org_id))];
    if let Some(m) = management {
        members.push(("management_account".into(), text_node(m)));
    }
    if !r.scps.is_empty() {
        members.push(("service_control_policies".into(), object(std::mem::take(&mut r.scps))));
    }
    if !r.rcps.is_empty() {
        members.push(("resource_control_policies".into(), object(std::mem::take(&mut r.rcps))));
    }
    members.push(("root".into(), top));
    OrgImported {
        organization: Some(object(members).to_pretty()),
        counts,
        left_out: r.left_out,
        diagnostics: r.diagnostics,
    }
}

/// `scenario` with its `organization` set to `organization` (JSON of one),
/// replacing any it had; the reason when either cannot be read.
pub fn with_organization(scenario: &str, organization: &str) -> Result<String, String> {
    let (root, _) = crate::json::parse(scenario, DocId(0));
    let mut root = root.filter(|r| r.as_object().is_some()).ok_or("the scenario is not a JSON object")?;
    let (org, _) = crate::json::parse(organization, DocId(0));
    let org = org.ok_or("the organization is not JSON")?.into_owned();
    if let Kind::Object(members) = &mut root.kind {
        match members.iter_mut().find(|m| m.key == "organization") {
            Some(m) => m.value = org,
            None => {
                let at = members.iter().position(|m| m.key == "accounts").unwrap_or(members.len());
                members.insert(
                    at,
                    crate::json::Member {
                        key: std::borrow::Cow::Borrowed("organization"),
                        key_span: Span::default(),
                        value: org,
                    },
                );
            }
        }
    }
    Ok(format!("{}\n", root.to_pretty()))
}

#[cfg(test)]
mod tests;
