//! AWS's own output read into a scenario. [`authorization_details`] reads
//! `aws iam get-account-authorization-details`: users, groups and roles with
//! their trust, inline and managed policies, boundaries and tags, and the
//! customer managed policies at their default version. Whatever a scenario
//! cannot hold is listed in [`Imported::left_out`] with the reason; nothing
//! is dropped silently. [`organization`] reads an Organizations export
//! into the scenario's `organization`. See `docs/import.md`.

mod credential_report;
mod decode;
mod entities;
mod organization;
mod policy_document;

pub use credential_report::{credential_report, Report, Row};
pub use organization::{is_organization, organization, with_organization, OrgCounts, OrgImported};
pub use policy_document::{is_policy_document, policy_document};

use crate::diag::{Diagnostic, DocId, Span};
pub(crate) use crate::json::{node, object, text_node};
use crate::json::{Kind, Member, Node};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Fields of the input that cannot change a decision (counted, said once).
const NO_DECISION_FIELDS: &[&str] = &[
    "UserId",
    "GroupId",
    "RoleId",
    "PolicyId",
    "CreateDate",
    "UpdateDate",
    "AttachmentCount",
    "PermissionsBoundaryUsageCount",
    "IsAttachable",
    "RoleLastUsed",
    "Description",
];

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// `1 user`, `3 users`.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Something of the input the scenario does not hold, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// What it is: "instance profile `web` of role `WebServer`".
    pub what: String,
    pub why: String,
}

/// How much was carried over.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub accounts: usize,
    pub users: usize,
    pub groups: usize,
    pub roles: usize,
    /// Customer managed policies (AWS managed ones are named by ARN).
    pub policies: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The scenario's text, indented JSON; `None` when the input could not be read at all.
    pub scenario: Option<String>,
    pub counts: Counts,
    pub left_out: Vec<LeftOut>,
    /// Problems of the input, with spans into it.
    pub diagnostics: Vec<Diagnostic>,
}

/// True when `text` looks like `get-account-authorization-details` output
/// (an object with one of its four lists), so a caller can choose the reader.
pub fn is_authorization_details(text: &str) -> bool {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    ["\"UserDetailList\"", "\"RoleDetailList\"", "\"GroupDetailList\"", "\"Policies\""]
        .iter()
        .any(|key| head.contains(key))
        && text.trim_start().starts_with('{')
        && !is_organization(text)
}

/// Why a credential report's row found no user in `place`.
fn row_left_out(row: &Row, place: &str) -> LeftOut {
    if row.user == "<root_account>" {
        LeftOut {
            what: format!("the root user's row (password {}, MFA {})", yes(row.password), yes(row.mfa)),
            why: "a scenario has no root user; secure it with MFA and no access keys".into(),
        }
    } else {
        LeftOut {
            what: format!("the credential report's row of `{}`", row.user),
            why: format!("no such user is in {place}"),
        }
    }
}

/// True when `text` looks like a credential report: the JSON that `aws iam
/// get-credential-report` prints, or its CSV.
pub fn is_credential_report(text: &str) -> bool {
    let head = text.get(..text.len().min(4096)).unwrap_or(text).trim_start();
    head.starts_with("user,arn,")
        || (head.starts_with('{') && head.contains("\"ReportFormat\"") && head.contains("\"Content\""))
}

/// A scenario completed from a credential report.
#[derive(Debug, Clone, PartialEq)]
pub struct Completed {
    pub scenario: String,
    /// Users of the scenario that had a row.
    pub users: usize,
    pub left_out: Vec<LeftOut>,
}

/// `scenario` with each user that has a row of `report` given its console
/// password, MFA and access keys as the report says (replacing what the
/// scenario said), and the report's time as `start_time`; the reason when
/// the scenario cannot be read.
pub fn with_credential_report(scenario: &str, report: &Report) -> Result<Completed, String> {
    let (root, _) = crate::json::parse(scenario, DocId(0));
    let mut root = root.filter(|r| r.as_object().is_some()).ok_or("the scenario is not a JSON object")?;
    let mut rows: BTreeMap<&str, &Row> = report.rows.iter().map(|r| (r.arn.as_str(), r)).collect();
    let mut users = 0;
    let Kind::Object(top) = &mut root.kind else { return Err("the scenario is not a JSON object".into()) };
    for account in top.iter_mut().filter(|m| m.key == "accounts").flat_map(|m| match &mut m.value.kind {
        Kind::Array(items) => items.iter_mut().collect::<Vec<_>>(),
        _ => Vec::new(),
    }) {
        let id = account.get("id").and_then(Node::as_str).unwrap_or_default().to_string();
        let Kind::Object(fields) = &mut account.kind else { continue };
        let Some(Kind::Array(list)) = fields.iter_mut().find(|m| m.key == "users").map(|m| &mut m.value.kind) else {
            continue;
        };
        for user in list.iter_mut() {
            let name = user.get("name").and_then(Node::as_str).unwrap_or_default();
            let path = user.get("path").and_then(Node::as_str).unwrap_or("/");
            let arn = format!("arn:aws:iam::{id}:user{path}{name}");
            let Some(row) = rows.remove(arn.as_str()) else { continue };
            let Kind::Object(members) = &mut user.kind else { continue };
            members.retain(|m| !matches!(m.key.as_ref(), "password" | "mfa" | "access_keys"));
            members.extend(entities::credentials(row).into_iter().map(|(key, value)| Member {
                key: Cow::Owned(key),
                key_span: Span::default(),
                value,
            }));
            users += 1;
        }
    }
    if let Some(time) = report.generated {
        let value = text_node(&crate::values::format_instant(time));
        match top.iter_mut().find(|m| m.key == "start_time") {
            Some(m) => m.value = value,
            None => {
                let at = top.iter().position(|m| m.key == "accounts" || m.key == "organization").unwrap_or(top.len());
                top.insert(at, Member { key: Cow::Borrowed("start_time"), key_span: Span::default(), value });
            }
        }
    }
    let left_out = rows.values().map(|row| row_left_out(row, "the scenario")).collect();
    Ok(Completed { scenario: format!("{}\n", root.to_pretty()), users, left_out })
}

/// One account of the scenario, as it is filled.
#[derive(Default)]
pub(crate) struct Account {
    pub users: Vec<Node<'static>>,
    pub groups: Vec<Node<'static>>,
    pub roles: Vec<Node<'static>>,
    /// Customer managed policies by name, in input order.
    pub policies: Vec<(String, Node<'static>)>,
}

impl Counts {
    /// "3 users, 1 group, 3 roles and 2 customer managed policies".
    pub fn describe(&self) -> String {
        format!(
            "{}, {}, {} and {}",
            count(self.users, "user", "users"),
            count(self.groups, "group", "groups"),
            count(self.roles, "role", "roles"),
            count(self.policies, "customer managed policy", "customer managed policies")
        )
    }
}

/// The state of one import: the accounts found and what was said about them.
pub(crate) struct Import {
    pub doc: DocId,
    pub accounts: BTreeMap<String, Account>,
    pub left_out: Vec<LeftOut>,
    pub diagnostics: Vec<Diagnostic>,
    /// Fields the scenario has no place for, by name, with how often they appeared.
    pub unused_fields: BTreeMap<String, usize>,
    /// Credential report rows not yet given to a user, by ARN.
    pub report: BTreeMap<String, Row>,
    /// The report's time, the scenario's clock (key ages are measured from it).
    pub clock: Option<crate::values::Instant>,
    /// Versions of managed policies that are not the default (`Name v1`), said once.
    pub other_versions: Vec<String>,
}

impl Import {
    pub fn leave_out(&mut self, what: impl Into<String>, why: impl Into<String>) {
        self.left_out.push(LeftOut { what: what.into(), why: why.into() });
    }

    pub fn warn(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(code, self.doc, span, message));
    }
}

/// Reads `get-account-authorization-details` output (`text`, document `doc`).
pub fn authorization_details(text: &str, doc: DocId) -> Imported {
    authorization_details_with(text, doc, None)
}

/// As [`authorization_details`], each user completed from its row of a
/// credential `report` (console password, MFA, access keys and their age).
pub fn authorization_details_with(text: &str, doc: DocId, report: Option<&Report>) -> Imported {
    let (root, mut diagnostics) = crate::json::parse(text, doc);
    let empty = |diagnostics| Imported { scenario: None, counts: Counts::default(), left_out: Vec::new(), diagnostics };
    let Some(root) = root else { return empty(diagnostics) };
    let lists = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];
    if root.as_object().is_none() || lists.iter().all(|l| root.get(l).is_none()) {
        diagnostics.push(
            Diagnostic::error(
                "import/not-authorization-details",
                doc,
                root.span,
                "this is not the output of `aws iam get-account-authorization-details`: it has none of `UserDetailList`, `GroupDetailList`, `RoleDetailList` and `Policies`",
            )
            .with_help("run `aws iam get-account-authorization-details > account.json` and import that file"),
        );
        return empty(diagnostics);
    }
    let mut import = Import {
        doc,
        accounts: BTreeMap::new(),
        left_out: Vec::new(),
        diagnostics,
        unused_fields: BTreeMap::new(),
        report: report.map(|r| r.rows.iter().map(|row| (row.arn.clone(), row.clone())).collect()).unwrap_or_default(),
        clock: report.and_then(|r| r.generated),
        other_versions: Vec::new(),
    };
    if let Some(flag) = root.get("IsTruncated").filter(|n| matches!(n.kind, Kind::Bool(true))) {
        import.warn(
            "import/truncated",
            flag.span,
            "this is one page of a longer answer (`IsTruncated` is true): the users, roles and policies of the other pages are missing; the AWS CLI merges the pages when it is not given `--max-items`",
        );
    }
    // Policies first: the identities name them.
    let policies = root.get("Policies").map(Node::items).unwrap_or_default();
    for policy in policies {
        entities::policy(&mut import, policy);
    }
    // Groups before users: a user's groups must be in the file.
    for group in root.get("GroupDetailList").map(Node::items).unwrap_or_default() {
        entities::group(&mut import, group);
    }
    for user in root.get("UserDetailList").map(Node::items).unwrap_or_default() {
        entities::user(&mut import, user);
    }
    for role in root.get("RoleDetailList").map(Node::items).unwrap_or_default() {
        entities::role(&mut import, role);
    }
    for key in root.as_object().unwrap_or_default().iter().map(|m| m.key.as_ref()) {
        if !lists.contains(&key) && key != "IsTruncated" && key != "Marker" {
            *import.unused_fields.entry(key.to_string()).or_default() += 1;
        }
    }
    finish(import)
}

fn finish(mut import: Import) -> Imported {
    let versions = std::mem::take(&mut import.other_versions);
    if !versions.is_empty() {
        const SHOWN: usize = 5;
        let shown: Vec<String> = versions.iter().take(SHOWN).map(|v| format!("`{v}`")).collect();
        let more = versions.len().saturating_sub(SHOWN);
        let list = if more > 0 {
            format!("{}, and {more} more", shown.join(", "))
        } else {
            crate::explain::summary::join_and(&shown)
        };
        let what = if versions.len() == 1 {
            format!("version {list} of a managed policy")
        } else {
            format!("{} versions of managed policies ({list})", versions.len())
        };
        import.leave_out(what, "only a policy's default version is in force");
    }
    for row in std::mem::take(&mut import.report).into_values() {
        import.left_out.push(row_left_out(&row, "the file"));
    }
    let mut counts = Counts { accounts: import.accounts.len(), ..Counts::default() };
    let said = |(k, n): (&String, &usize)| format!("`{k}` ({n})");
    let (known, unknown): (Vec<_>, Vec<_>) =
        import.unused_fields.iter().partition(|(k, _)| NO_DECISION_FIELDS.contains(&k.as_str()));
    let known: Vec<String> = known.into_iter().map(said).collect();
    let unknown: Vec<String> = unknown.into_iter().map(said).collect();
    if !known.is_empty() {
        let why =
            "a scenario has no place for them: ids, dates, descriptions and usage figures do not change a decision";
        import.leave_out(format!("the fields {}", crate::explain::summary::join_and(&known)), why);
    }
    if !unknown.is_empty() {
        let why = "this import does not know them, so they are not carried over (is the file the output of `get-account-authorization-details`?)";
        import.leave_out(format!("the fields {}", crate::explain::summary::join_and(&unknown)), why);
    }
    let accounts: Vec<Node<'static>> = std::mem::take(&mut import.accounts)
        .into_iter()
        .map(|(id, a)| {
            counts.users += a.users.len();
            counts.groups += a.groups.len();
            counts.roles += a.roles.len();
            counts.policies += a.policies.len();
            let mut members = vec![("id".to_string(), text_node(&id))];
            if !a.policies.is_empty() {
                members.push(("policies".into(), object(a.policies)));
            }
            for (key, list) in [("groups", a.groups), ("users", a.users), ("roles", a.roles)] {
                if !list.is_empty() {
                    members.push((key.into(), node(Kind::Array(list))));
                }
            }
            object(members)
        })
        .collect();
    let title = match accounts.len() {
        1 => "An imported account".to_string(),
        n => format!("{n} imported accounts"),
    };
    let description = format!(
        "From `aws iam get-account-authorization-details`: {}.{}",
        counts.describe(),
        if accounts.is_empty() { "" } else { " Add steps to ask what they may do." }
    );
    let mut members = vec![
        ("version".into(), node(Kind::Number(Cow::Borrowed("1")))),
        ("title".into(), text_node(&title)),
        ("description".into(), text_node(&description)),
    ];
    if let Some(t) = import.clock {
        members.push(("start_time".into(), text_node(&crate::values::format_instant(t))));
    }
    members.push(("accounts".into(), node(Kind::Array(accounts))));
    members.push(("steps".into(), node(Kind::Array(Vec::new()))));
    let scenario = object(members);
    Imported {
        scenario: Some(scenario.to_pretty()),
        counts,
        left_out: import.left_out,
        diagnostics: import.diagnostics,
    }
}

#[cfg(test)]
mod tests;
