//! The entity form's model: a user's, group's or role's fields read from the
//! scenario into editable values, validated, and written back in place of
//! the entity. A new name is carried to its references (`rename`, as the
//! outline does); its policy documents and other keys stay as written (the
//! part editor edits documents).

use crate::model_edits::{self, parse_node, Edit, Entity};
use crate::state::parts::{self, Seg};
use iam_core::document::{self as json, Kind, Member, Node};
use iam_core::DocId;

/// What kind of entity it is: the array it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    User,
    Group,
    Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityDraft {
    pub kind: EntityKind,
    pub name: String,
    pub path: String,
    /// A user's groups (names in the same account).
    pub groups: Vec<String>,
    /// The account's groups, to choose from.
    pub all_groups: Vec<String>,
    /// Attached managed policies, one a line.
    pub policies: String,
    pub boundary: String,
    /// Tags as `key=value`, one a line.
    pub tags: String,
    pub mfa: bool,
    pub password: bool,
    /// A role's maximum session duration in seconds; empty for the default.
    pub max_session: String,
}

/// The path of an entity from its text form: `accounts/0/users/1`.
pub fn path_of(subject: &str) -> Option<(Vec<Seg>, EntityKind)> {
    let parts: Vec<&str> = subject.split('/').collect();
    let [accounts, a, kind, i] = parts.as_slice() else { return None };
    let kind = match *kind {
        "users" => EntityKind::User,
        "groups" => EntityKind::Group,
        "roles" => EntityKind::Role,
        _ => return None,
    };
    (*accounts == "accounts").then_some(())?;
    let path = vec![
        Seg::Key("accounts".into()),
        Seg::Index(a.parse().ok()?),
        Seg::Key(parts.get(2)?.to_string()),
        Seg::Index(i.parse().ok()?),
    ];
    Some((path, kind))
}

/// The text form of an entity's path, when the part is a user, group or role.
pub fn subject_of(path: &[Seg]) -> Option<String> {
    match path {
        [Seg::Key(a), Seg::Index(i), Seg::Key(k), Seg::Index(j)]
            if a == "accounts" && ["users", "groups", "roles"].contains(&k.as_str()) =>
        {
            Some(format!("accounts/{i}/{k}/{j}"))
        }
        _ => None,
    }
}

fn text(node: Option<&Node>) -> String {
    node.and_then(Node::as_str).unwrap_or("").to_string()
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.map(|n| n.items().iter().filter_map(Node::as_str).map(str::to_string).collect()).unwrap_or_default()
}

fn find<'n>(root: &'n Node<'n>, path: &[Seg]) -> Option<&'n Node<'n>> {
    let mut node = root;
    for seg in path {
        node = match seg {
            Seg::Key(k) => node.get(k)?,
            Seg::Index(i) => node.items().get(*i)?,
        };
    }
    Some(node)
}

/// The entity at `subject` (`accounts/0/users/1`) as a draft.
pub fn read(scenario: &str, subject: &str) -> Option<EntityDraft> {
    let (path, kind) = path_of(subject)?;
    let root = json::parse(scenario, DocId(0)).0?;
    let e = find(&root, &path)?;
    let account = find(&root, path.get(..2)?)?;
    let tags = e
        .get("tags")
        .and_then(Node::as_object)
        .map(|m| m.iter().map(|m| format!("{}={}", m.key, text(Some(&m.value)))).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default();
    let flag = |key: &str| matches!(e.get(key).map(|n| &n.kind), Some(Kind::Bool(true)));
    Some(EntityDraft {
        kind,
        name: text(e.get("name")),
        path: text(e.get("path")),
        groups: strings(e.get("groups")),
        all_groups: account
            .get("groups")
            .map(|g| g.items().iter().map(|g| text(g.get("name"))).collect())
            .unwrap_or_default(),
        policies: strings(e.get("policies")).join("\n"),
        boundary: text(e.get("permissions_boundary")),
        tags,
        mfa: flag("mfa"),
        password: flag("password"),
        max_session: match e.get("max_session_duration").map(|n| &n.kind) {
            Some(Kind::Number(n)) => n.to_string(),
            _ => String::new(),
        },
    })
}

/// Renames the entity at `subject`, carrying the name to its references
/// (`model_edits`): principal ARNs, steps, trust policies, sessions and
/// group memberships.
pub fn rename(scenario: &str, subject: &str, name: &str) -> Result<String, String> {
    let gone = || "This entity is no longer in the scenario as it was.".to_string();
    let (path, kind) = path_of(subject).ok_or_else(gone)?;
    let (Some(Seg::Index(account)), Some(Seg::Index(index))) = (path.get(1), path.get(3)) else { return Err(gone()) };
    let entity = match kind {
        EntityKind::User => Entity::User,
        EntityKind::Group => Entity::Group,
        EntityKind::Role => Entity::Role,
    };
    model_edits::apply(scenario, &Edit::Rename { account: *account, entity, index: *index, name: name.to_string() })
}

/// Applies a draft: its fields, then its name when it changed. An error
/// names the field it is about.
pub fn apply(scenario: &str, subject: &str, d: &EntityDraft) -> Result<String, (&'static str, String)> {
    let before = read(scenario, subject).map(|e| e.name);
    let written = write(scenario, subject, d)
        .ok_or(("name", "This entity is no longer in the scenario as it was; close and open it again.".to_string()))?;
    if before.as_deref() == Some(d.name.as_str()) {
        return Ok(written);
    }
    rename(&written, subject, d.name.trim()).map_err(|e| ("name", e))
}

/// Problems with a draft, as (field, message); empty when it can be applied.
pub fn problems(d: &EntityDraft) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let path_ok = d.path.is_empty() || (d.path.starts_with('/') && d.path.ends_with('/'));
    if !path_ok {
        out.push(("path", "A path starts and ends with /, as /team/.".to_string()));
    }
    if d.tags.lines().any(|l| !l.trim().is_empty() && !l.contains('=')) {
        out.push(("tags", "Write each tag as key=value, one a line.".to_string()));
    }
    if d.kind == EntityKind::Role && !d.max_session.is_empty() {
        match d.max_session.parse::<u64>() {
            Ok(n) if (3600..=43200).contains(&n) => {}
            _ => out.push(("max_session", "The maximum session is 3600 to 43200 seconds.".to_string())),
        }
    }
    out
}

/// Sets `key` to `value` (JSON text), or removes it when `None`.
fn set(members: &mut Vec<Member<'static>>, key: &str, value: Option<String>) {
    let at = members.iter().position(|m| m.key == key);
    match (at, value) {
        (Some(i), Some(v)) => {
            if let Some(m) = members.get_mut(i) {
                m.value = parse_node(&v);
            }
        }
        (None, Some(v)) => {
            members.push(Member { key: key.to_string().into(), key_span: Default::default(), value: parse_node(&v) })
        }
        (Some(i), None) => {
            members.remove(i);
        }
        (None, None) => {}
    }
}

/// Replaces the entity at `subject` with the draft's fields; everything the
/// form does not edit stays as it was, and the rest of the text as written.
pub fn write(scenario: &str, subject: &str, d: &EntityDraft) -> Option<String> {
    let (path, _) = path_of(subject)?;
    let part = parts::locate(scenario, &path)?;
    let mut node = json::parse(scenario.get(part.start..part.end)?, DocId(0)).0?.into_owned();
    let Kind::Object(members) = &mut node.kind else { return None };
    let q = |s: &str| crate::edits::quote(s);
    let list = |items: Vec<String>| {
        (!items.is_empty()).then(|| format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")))
    };
    set(members, "path", (!d.path.is_empty()).then(|| q(&d.path)));
    if d.kind == EntityKind::User {
        set(members, "groups", list(d.groups.clone()));
        set(members, "mfa", d.mfa.then(|| "true".into()));
        set(members, "password", d.password.then(|| "true".into()));
    }
    let policies: Vec<String> =
        d.policies.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    set(members, "policies", list(policies));
    if d.kind != EntityKind::Group {
        set(members, "permissions_boundary", (!d.boundary.trim().is_empty()).then(|| q(d.boundary.trim())));
        let tags: Vec<String> = d
            .tags
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| format!("{}: {}", q(k.trim()), q(v.trim())))
            .collect();
        set(members, "tags", (!tags.is_empty()).then(|| format!("{{{}}}", tags.join(", "))));
    }
    if d.kind == EntityKind::Role {
        set(members, "max_session_duration", d.max_session.parse::<u64>().ok().map(|n| n.to_string()));
    }
    let written = parts::reindent(&node.to_pretty(), part.indent);
    Some(format!("{}{written}{}", scenario.get(..part.start)?, scenario.get(part.end..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(file: &str) -> &'static str {
        crate::examples::EXAMPLES.iter().find(|e| e.file == file).map(|e| e.text()).unwrap()
    }

    #[test]
    fn a_users_fields_are_edited_and_everything_else_is_kept() {
        let text = example("alice-developer.json");
        let mut d = read(text, "accounts/0/users/0").unwrap();
        assert_eq!(
            (d.name.as_str(), d.groups.clone(), d.tags.as_str()),
            ("alice", vec!["developers".to_string()], "team=web")
        );
        assert_eq!(d.all_groups, ["developers"]);
        d.groups.clear();
        d.tags = "team=web\ncost-centre=42".into();
        d.mfa = true;
        d.policies = "arn:aws:iam::aws:policy/ReadOnlyAccess".into();
        assert!(problems(&d).is_empty());
        let written = write(text, "accounts/0/users/0", &d).unwrap();
        let v: serde_json::Value = serde_json::from_str(&written).unwrap();
        let alice = &v["accounts"][0]["users"][0];
        assert_eq!(alice["groups"], serde_json::Value::Null, "no groups: the member goes");
        assert_eq!(alice["tags"]["cost-centre"], "42");
        assert_eq!(alice["mfa"], true);
        assert_eq!(alice["policies"][0], "arn:aws:iam::aws:policy/ReadOnlyAccess");
        let before: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(v["steps"], before["steps"], "the rest stays");
        assert_eq!(v["accounts"][0]["groups"], before["accounts"][0]["groups"]);
    }

    #[test]
    fn a_roles_session_limit_is_validated_and_written() {
        let text = example("break-glass-admin.json");
        let mut d = read(text, "accounts/0/roles/0").unwrap();
        assert_eq!((d.kind, d.max_session.as_str()), (EntityKind::Role, "3600"));
        d.max_session = "99".into();
        d.path = "team/".into();
        let fields: Vec<&str> = problems(&d).iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["path", "max_session"]);
        d.max_session = "7200".into();
        d.path = "/team/".into();
        let v: serde_json::Value = serde_json::from_str(&write(text, "accounts/0/roles/0", &d).unwrap()).unwrap();
        assert_eq!(v["accounts"][0]["roles"][0]["max_session_duration"], 7200);
        assert_eq!(v["accounts"][0]["roles"][0]["path"], "/team/");
        assert!(v["accounts"][0]["roles"][0]["trust_policy"]["Statement"].is_array(), "the trust policy is kept");
    }

    #[test]
    fn a_new_name_in_the_form_is_carried_to_the_references() {
        let text = example("alice-developer.json");
        let mut d = read(text, "accounts/0/groups/0").unwrap();
        d.name = "web-developers".into();
        let v: serde_json::Value = serde_json::from_str(&apply(text, "accounts/0/groups/0", &d).unwrap()).unwrap();
        assert_eq!(v["accounts"][0]["groups"][0]["name"], "web-developers");
        assert_eq!(v["accounts"][0]["users"][0]["groups"][0], "web-developers", "alice stays in it");
        d.name = "no spaces".into();
        let (field, message) = apply(text, "accounts/0/groups/0", &d).unwrap_err();
        assert_eq!(field, "name");
        assert!(message.contains("1 to 64 letters"), "{message}");
        // Unchanged, the name is not validated again and nothing is renamed.
        let same = read(text, "accounts/0/users/0").unwrap();
        assert!(apply(text, "accounts/0/users/0", &same).unwrap().contains("user/alice\""));
    }

    #[test]
    fn subjects_name_users_groups_and_roles_only() {
        assert_eq!(path_of("accounts/1/groups/2").map(|(_, k)| k), Some(EntityKind::Group));
        assert_eq!(path_of("accounts/x/users/0"), None);
        assert_eq!(path_of("steps/0"), None);
        let (path, _) = path_of("accounts/0/roles/3").unwrap();
        assert_eq!(subject_of(&path).as_deref(), Some("accounts/0/roles/3"));
        assert_eq!(read("{", "accounts/0/users/0"), None);
    }
}
