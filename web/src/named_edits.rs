//! Edits to named policies (an account's customer managed policies, the
//! organization's SCPs and RCPs) and to the organization's OUs. Renaming a
//! policy renames every reference to it, so nothing is left dangling.

use crate::model_edits::{fresh, named_items, parse_node, Item};
use iam_core::document::{self as json, Kind, Member, Node};
use iam_core::{DocId, Span};

/// Where a set of named policies lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicySet {
    /// `accounts[i].policies`, referenced by users, groups and roles.
    Account(usize),
    /// `organization.service_control_policies`, attached by `scps`.
    Scps,
    /// `organization.resource_control_policies`, attached by `rcps`.
    Rcps,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamedEdit {
    Add(PolicySet),
    Rename(PolicySet, String, String),
    Duplicate(PolicySet, String),
    Delete(PolicySet, String),
    AddOrganization,
    AddUnit,
    RenameUnit(usize, String),
    /// Copies an OU with its attached policies; accounts and child units stay
    /// with the original, since an account belongs to exactly one OU.
    DuplicateUnit(usize),
    DeleteUnit(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrgOutline {
    pub present: bool,
    pub scps: Vec<Item>,
    pub rcps: Vec<Item>,
    /// The root's organizational units, in order (first level).
    pub units: Vec<Item>,
}

const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#;
const SCP: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}"#;
const RCP: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#;

/// The member `key` of an object, created with `default` when absent.
fn ensure<'n, 't>(node: &'n mut Node<'t>, key: &str, default: &str) -> Option<&'n mut Node<'t>> {
    if let Kind::Object(m) = &mut node.kind {
        if !m.iter().any(|x| x.key == key) {
            m.push(Member { key: key.to_string().into(), key_span: Span::default(), value: parse_node(default) });
        }
    }
    node.get_mut(key)
}

pub fn org_outline(text: &str) -> OrgOutline {
    json::parse(text, DocId(0)).0.map_or_else(OrgOutline::default, |root| org_outline_of(&root))
}

/// As [`org_outline`], from a tree already read.
pub fn org_outline_of(root: &Node) -> OrgOutline {
    let Some(org) = root.get("organization") else { return OrgOutline::default() };
    let units = match org.get("root").and_then(|r| r.get("units")).map(|n| &n.kind) {
        Some(Kind::Array(units)) => units
            .iter()
            .map(|u| Item {
                name: u.get("name").and_then(Node::as_str).unwrap_or("(unnamed)").to_string(),
                span: u.span,
            })
            .collect(),
        _ => Vec::new(),
    };
    OrgOutline {
        present: true,
        scps: named_items(org.get("service_control_policies")),
        rcps: named_items(org.get("resource_control_policies")),
        units,
    }
}

/// Policy names: 1–128 characters of `[\w+=,.@-]`.
pub fn validate_policy_name(name: &str, taken: &[String]) -> Result<(), String> {
    if !(1..=128).contains(&name.len()) || !name.chars().all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)) {
        return Err("A policy name is 1 to 128 letters, digits and _+=,.@- characters.".into());
    }
    if taken.iter().any(|t| t == name) || name == "FullAWSAccess" || name == "RCPFullAWSAccess" {
        return Err(format!("The name {name} is already used."));
    }
    Ok(())
}

/// The object holding the named policies of `set`.
fn policy_map<'n, 't>(root: &'n mut Node<'t>, set: PolicySet) -> Option<&'n mut Node<'t>> {
    match set {
        PolicySet::Account(i) => match &mut root.get_mut("accounts")?.kind {
            Kind::Array(accounts) => ensure(accounts.get_mut(i)?, "policies", "{}"),
            _ => None,
        },
        PolicySet::Scps => ensure(root.get_mut("organization")?, "service_control_policies", "{}"),
        PolicySet::Rcps => ensure(root.get_mut("organization")?, "resource_control_policies", "{}"),
    }
}

/// Renames string values equal to `old` in the arrays (or strings) named `fields`, everywhere below `node`.
fn rename_refs(node: &mut Node, fields: &[&str], old: &str, new: &str) {
    match &mut node.kind {
        Kind::Object(members) => {
            for m in members {
                if fields.contains(&m.key.as_ref()) {
                    match &mut m.value.kind {
                        Kind::String(s) if s == old => *s = new.to_string().into(),
                        Kind::Array(values) => {
                            for v in values {
                                if let Kind::String(s) = &mut v.kind {
                                    if s == old {
                                        *s = new.to_string().into();
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
                rename_refs(&mut m.value, fields, old, new);
            }
        }
        Kind::Array(items) => items.iter_mut().for_each(|i| rename_refs(i, fields, old, new)),
        _ => {}
    }
}

pub fn apply(text: &str, edit: &NamedEdit) -> Result<String, String> {
    let mut root = json::parse(text, DocId(0)).0.ok_or("Fix the JSON syntax first.")?;
    let gone = || "That item no longer exists.".to_string();
    match edit {
        NamedEdit::AddOrganization => {
            if root.get("organization").is_some() {
                return Err("The scenario already has an organization.".into());
            }
            let ids: Vec<String> = root
                .get("accounts")
                .map_or(&[][..], Node::items)
                .iter()
                .filter_map(|x| x.get("id").and_then(Node::as_str).map(|s| format!("\"{s}\"")))
                .collect();
            let org = format!(r#"{{"id": "o-example", "root": {{"id": "r-root", "accounts": [{}]}}}}"#, ids.join(", "));
            ensure(&mut root, "organization", &org).ok_or_else(gone)?;
        }
        NamedEdit::AddUnit | NamedEdit::RenameUnit(..) | NamedEdit::DuplicateUnit(_) | NamedEdit::DeleteUnit(_) => {
            let org_root = &mut root
                .get_mut("organization")
                .and_then(|o| o.get_mut("root"))
                .ok_or("Add an organization first.")?;
            let Kind::Array(units) = &mut ensure(org_root, "units", "[]").ok_or_else(gone)?.kind else {
                return Err(gone());
            };
            match edit {
                NamedEdit::AddUnit => {
                    let n = units.len() + 1;
                    units.push(parse_node(&format!(r#"{{"id": "ou-root-{n}", "name": "Unit {n}", "accounts": []}}"#)));
                }
                NamedEdit::RenameUnit(i, name) => {
                    if name.trim().is_empty() {
                        return Err("An organizational unit needs a name.".into());
                    }
                    let unit = units.get_mut(*i).ok_or_else(gone)?;
                    *ensure(unit, "name", "\"\"").ok_or_else(gone)? =
                        Node { span: Span::default(), kind: Kind::String(name.clone().into()) };
                }
                NamedEdit::DuplicateUnit(i) => {
                    let mut copy = units.get(*i).ok_or_else(gone)?.clone();
                    let taken: Vec<String> =
                        units.iter().filter_map(|u| u.get("id").and_then(Node::as_str).map(str::to_string)).collect();
                    let id = fresh(&format!("ou-root-{}", units.len() + 1), "", &taken);
                    let name = format!("{} copy", copy.get("name").and_then(Node::as_str).unwrap_or("Unit"));
                    if let Kind::Object(members) = &mut copy.kind {
                        members.retain(|m| m.key != "units" && m.key != "accounts" && m.key != "id" && m.key != "name");
                        members.insert(
                            0,
                            Member {
                                key: "name".into(),
                                key_span: Span::default(),
                                value: Node { span: Span::default(), kind: Kind::String(name.into()) },
                            },
                        );
                        members.insert(
                            0,
                            Member {
                                key: "id".into(),
                                key_span: Span::default(),
                                value: Node { span: Span::default(), kind: Kind::String(id.into()) },
                            },
                        );
                        members.push(Member {
                            key: "accounts".into(),
                            key_span: Span::default(),
                            value: parse_node("[]"),
                        });
                    }
                    units.insert(i + 1, copy);
                }
                _ => {
                    if let NamedEdit::DeleteUnit(i) = edit {
                        (*i < units.len()).then(|| units.remove(*i)).ok_or_else(gone)?;
                    }
                }
            }
        }
        NamedEdit::Add(set) | NamedEdit::Rename(set, ..) | NamedEdit::Duplicate(set, _) | NamedEdit::Delete(set, _) => {
            let set = *set;
            let map = policy_map(&mut root, set).ok_or("Add an organization first.")?;
            let Kind::Object(members) = &mut map.kind else { return Err(gone()) };
            let taken: Vec<String> = members.iter().map(|m| m.key.to_string()).collect();
            let mut renamed = None;
            match edit {
                NamedEdit::Add(_) => {
                    let (base, body) = match set {
                        PolicySet::Account(_) => ("NewPolicy", POLICY),
                        PolicySet::Scps => ("NewScp", SCP),
                        PolicySet::Rcps => ("NewRcp", RCP),
                    };
                    members.push(Member {
                        key: fresh(base, "", &taken).into(),
                        key_span: Span::default(),
                        value: parse_node(body),
                    });
                }
                NamedEdit::Rename(_, old, new) => {
                    let others: Vec<String> = taken.iter().filter(|t| *t != old).cloned().collect();
                    validate_policy_name(new, &others)?;
                    members.iter_mut().find(|m| &m.key == old).ok_or_else(gone)?.key = new.clone().into();
                    renamed = Some((old.clone(), new.clone()));
                }
                NamedEdit::Duplicate(_, name) => {
                    let i = members.iter().position(|m| &m.key == name).ok_or_else(gone)?;
                    let mut copy = members.get(i).ok_or_else(gone)?.clone();
                    copy.key = fresh(&format!("{name}Copy"), "", &taken).into();
                    members.insert(i + 1, copy);
                }
                _ => {
                    if let NamedEdit::Delete(_, name) = edit {
                        let i = members.iter().position(|m| &m.key == name).ok_or_else(gone)?;
                        members.remove(i);
                    }
                }
            }
            if let Some((old, new)) = renamed {
                match set {
                    PolicySet::Account(i) => {
                        if let Some(Kind::Array(accounts)) = root.get_mut("accounts").map(|n| &mut n.kind) {
                            if let Some(account) = accounts.get_mut(i) {
                                rename_refs(account, &["policies", "permissions_boundary"], &old, &new);
                            }
                        }
                    }
                    PolicySet::Scps => {
                        rename_refs(root.get_mut("organization").ok_or_else(gone)?, &["scps"], &old, &new)
                    }
                    PolicySet::Rcps => {
                        rename_refs(root.get_mut("organization").ok_or_else(gone)?, &["rcps"], &old, &new)
                    }
                }
            }
        }
    }
    Ok(format!("{}\n", root.to_pretty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = r#"{"version": 1,
      "organization": {"id": "o-x", "service_control_policies": {"Guard": {"Version": "2012-10-17", "Statement": []}},
        "root": {"id": "r-x", "scps": ["FullAWSAccess", "Guard"], "units": [{"id": "ou-x-1", "name": "Dev", "scps": ["Guard"], "accounts": ["111111111111"]}]}},
      "accounts": [{"id": "111111111111", "policies": {"Read": {"Version": "2012-10-17", "Statement": []}},
        "users": [{"name": "a", "policies": ["Read"], "permissions_boundary": "Read"}], "groups": [{"name": "g", "policies": ["Read", "arn:aws:iam::aws:policy/ReadOnlyAccess"]}]}]}"#;

    fn valid(text: &str) {
        let parsed = iam_core::scenario::parse_scenario(text, DocId(0));
        assert!(!iam_core::has_errors(&parsed.diagnostics), "{:?}", parsed.diagnostics);
    }

    #[test]
    fn renaming_a_policy_renames_its_references() {
        let t = apply(S, &NamedEdit::Rename(PolicySet::Account(0), "Read".into(), "ReadAll".into())).unwrap();
        valid(&t);
        assert_eq!(
            crate::model_edits::outline(&t).unwrap().accounts[0]
                .policies
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            ["ReadAll"]
        );
        assert!(!t.contains("\"Read\""));
        let t = apply(S, &NamedEdit::Rename(PolicySet::Scps, "Guard".into(), "Guardrail".into())).unwrap();
        valid(&t);
        assert_eq!(t.matches("\"Guardrail\"").count(), 3);
    }

    #[test]
    fn add_duplicate_delete_policies_and_units() {
        let mut t = S.to_string();
        for edit in [
            NamedEdit::Add(PolicySet::Account(0)),
            NamedEdit::Duplicate(PolicySet::Account(0), "Read".into()),
            NamedEdit::Add(PolicySet::Scps),
            NamedEdit::Add(PolicySet::Rcps),
            NamedEdit::AddUnit,
            NamedEdit::RenameUnit(1, "Prod".into()),
        ] {
            t = apply(&t, &edit).unwrap();
            valid(&t);
        }
        let names: Vec<String> =
            crate::model_edits::outline(&t).unwrap().accounts[0].policies.iter().map(|p| p.name.clone()).collect();
        assert_eq!(names, ["Read", "ReadCopy", "NewPolicy"]);
        let org = org_outline(&t);
        assert_eq!((org.scps.len(), org.rcps.len()), (2, 1));
        assert_eq!(org.units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["Dev", "Prod"]);
        let t = apply(&t, &NamedEdit::DuplicateUnit(0)).unwrap();
        valid(&t);
        assert_eq!(
            org_outline(&t).units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
            ["Dev", "Dev copy", "Prod"]
        );
        assert_eq!(t.matches("\"111111111111\"").count(), 2, "the account stays in one OU (plus its own definition)");
        let t = apply(&t, &NamedEdit::DeleteUnit(0)).unwrap();
        assert_eq!(org_outline(&t).units.len(), 2);
        let t = apply(&t, &NamedEdit::Delete(PolicySet::Account(0), "ReadCopy".into())).unwrap();
        assert_eq!(crate::model_edits::outline(&t).unwrap().accounts[0].policies.len(), 2);
    }

    #[test]
    fn names_are_validated() {
        assert!(apply(S, &NamedEdit::Rename(PolicySet::Account(0), "Read".into(), "has space".into())).is_err());
        assert!(apply(S, &NamedEdit::Rename(PolicySet::Scps, "Guard".into(), "FullAWSAccess".into())).is_err());
        assert!(apply(S, &NamedEdit::RenameUnit(0, " ".into())).is_err());
    }

    #[test]
    fn an_organization_can_be_added_once() {
        let t = r#"{"version": 1, "accounts": [{"id": "111111111111"}, {"id": "222222222222"}]}"#;
        let t = apply(t, &NamedEdit::AddOrganization).unwrap();
        valid(&t);
        assert!(org_outline(&t).present);
        assert!(apply(&t, &NamedEdit::AddOrganization).is_err());
        assert_eq!(
            apply(r#"{"version": 1}"#, &NamedEdit::Add(PolicySet::Scps)).unwrap_err(),
            "Add an organization first."
        );
    }
}
