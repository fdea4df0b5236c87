//! The outline's view of a scenario, and structural edits to it (add, rename,
//! duplicate, delete). Edits work on the parsed tree and re-indent the
//! document, as the Format button does.

use crate::edits::quote;
use iam_core::document::{self as json, Kind, Member, Node};
use iam_core::{DocId, Span};

/// The kinds of entity an account holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    User,
    Group,
    Role,
    Resource,
}

impl Entity {
    pub const ALL: [Entity; 4] = [Entity::User, Entity::Group, Entity::Role, Entity::Resource];

    fn field(self) -> &'static str {
        match self {
            Entity::User => "users",
            Entity::Group => "groups",
            Entity::Role => "roles",
            Entity::Resource => "resources",
        }
    }

    /// The member that names an entity.
    fn name_key(self) -> &'static str {
        if self == Entity::Resource {
            "arn"
        } else {
            "name"
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Entity::User => "user",
            Entity::Group => "group",
            Entity::Role => "role",
            Entity::Resource => "resource",
        }
    }

    fn template(self, account: &str, name: &str) -> Node<'static> {
        let trust = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{account}:root"}}, "Action": "sts:AssumeRole"}}]}}"#
        );
        let text = match self {
            Entity::User | Entity::Group => format!(r#"{{"name": {}}}"#, quote(name)),
            Entity::Role => format!(r#"{{"name": {}, "trust_policy": {trust}}}"#, quote(name)),
            Entity::Resource => format!(r#"{{"arn": {}}}"#, quote(name)),
        };
        parse_node(&text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountOutline {
    pub id: String,
    pub span: Span,
    pub entities: Vec<(Entity, Vec<Item>)>,
    /// Customer managed policies, by name.
    pub policies: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub accounts: Vec<AccountOutline>,
    pub steps: Vec<Item>,
}

/// What a structural edit does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Add {
        account: usize,
        entity: Entity,
    },
    AddAccount,
    /// Adds a step acting as step `from` did (its principal, or the session
    /// it created), with no expectation.
    AddStep {
        from: Option<usize>,
    },
    Rename {
        account: usize,
        entity: Entity,
        index: usize,
        name: String,
    },
    Duplicate {
        account: usize,
        entity: Entity,
        index: usize,
    },
    Delete {
        account: usize,
        entity: Entity,
        index: usize,
    },
    DeleteStep {
        index: usize,
    },
    /// Changes an account's id (12 digits, unique); ARNs mentioning it are not rewritten.
    RenameAccount {
        account: usize,
        id: String,
    },
    DuplicateAccount {
        account: usize,
    },
    DeleteAccount {
        account: usize,
    },
}

/// Parses a JSON template written in this module (always valid).
pub(crate) fn parse_node(text: &str) -> Node<'static> {
    json::parse(text, DocId(0)).0.map_or(Node { span: Span::default(), kind: Kind::Null }, Node::into_owned)
}

fn array<'n>(node: Option<&'n Node<'n>>) -> &'n [Node<'n>] {
    node.map_or(&[], Node::items)
}

/// The members of an object as named items (policies by name).
pub(crate) fn named_items(node: Option<&Node>) -> Vec<Item> {
    node.and_then(Node::as_object)
        .map_or_else(Vec::new, |m| m.iter().map(|x| Item { name: x.key.to_string(), span: x.value.span }).collect())
}

/// The outline of a scenario, or `None` when the text is not a JSON object.
pub fn outline(text: &str) -> Option<Outline> {
    outline_of(&json::parse(text, DocId(0)).0?)
}

/// As [`outline`], from a tree already read.
pub fn outline_of(root: &Node) -> Option<Outline> {
    root.as_object()?;
    let item = |n: &Node, key: &str| Item {
        name: n.get(key).and_then(Node::as_str).unwrap_or("(unnamed)").to_string(),
        span: n.span,
    };
    let accounts = array(root.get("accounts"))
        .iter()
        .map(|a| AccountOutline {
            id: a.get("id").and_then(Node::as_str).unwrap_or("(no id)").to_string(),
            span: a.span,
            entities: Entity::ALL
                .iter()
                .map(|e| (*e, array(a.get(e.field())).iter().map(|n| item(n, e.name_key())).collect()))
                .collect(),
            policies: a.get("policies").and_then(Node::as_object).map_or_else(Vec::new, |m| {
                m.iter().map(|x| Item { name: x.key.to_string(), span: x.value.span }).collect()
            }),
        })
        .collect();
    let steps = array(root.get("steps")).iter().map(|n| item(n, "name")).collect();
    Some(Outline { accounts, steps })
}

/// Checks a new name: IAM names are 1–64 characters of `[\w+=,.@-]`, resources are ARNs.
pub fn validate_name(entity: Entity, name: &str, others: &[String]) -> Result<(), String> {
    let valid = match entity {
        Entity::Resource => iam_core::Arn::parse(name).is_some(),
        _ => (1..=64).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)),
    };
    if !valid {
        return Err(match entity {
            Entity::Resource => "A resource is named by its ARN, such as arn:aws:s3:::my-bucket.".into(),
            _ => format!("A {} name is 1 to 64 letters, digits and _+=,.@- characters.", entity.label()),
        });
    }
    if others.iter().any(|o| o.eq_ignore_ascii_case(name)) {
        return Err(format!("This account already has a {} named {name}.", entity.label()));
    }
    Ok(())
}

fn members_mut<'n, 't>(node: &'n mut Node<'t>) -> Option<&'n mut Vec<Member<'t>>> {
    match &mut node.kind {
        Kind::Object(m) => Some(m),
        _ => None,
    }
}

/// The array under `key` of an object, created when absent.
pub(crate) fn array_mut<'n, 't>(node: &'n mut Node<'t>, key: &str) -> Option<&'n mut Vec<Node<'t>>> {
    let members = members_mut(node)?;
    if !members.iter().any(|m| m.key == key) {
        members.push(Member { key: key.to_string().into(), key_span: Span::default(), value: parse_node("[]") });
    }
    match &mut members.iter_mut().find(|m| m.key == key)?.value.kind {
        Kind::Array(items) => Some(items),
        _ => None,
    }
}

pub(crate) fn names(items: &[Node], key: &str) -> Vec<String> {
    items.iter().filter_map(|n| n.get(key).and_then(Node::as_str).map(str::to_string)).collect()
}

fn set_name(node: &mut Node, key: &str, name: &str) -> Option<()> {
    let members = members_mut(node)?;
    match members.iter_mut().find(|m| m.key == key) {
        Some(m) => m.value.kind = Kind::String(name.to_string().into()),
        None => members.insert(
            0,
            Member { key: key.to_string().into(), key_span: Span::default(), value: parse_node(&quote(name)) },
        ),
    }
    Some(())
}

/// A name not yet taken: `base`, then `base` + `sep` + 2, 3, …
pub(crate) fn fresh(base: &str, sep: &str, taken: &[String]) -> String {
    (1..)
        .map(|i| if i == 1 { base.to_string() } else { format!("{base}{sep}{i}") })
        .find(|n| !taken.contains(n))
        .unwrap_or_default()
}

/// An example account id not yet used: 111111111111, 222222222222, …
fn free_account_id(taken: &[String]) -> Result<String, String> {
    (1..=9u64)
        .map(|d| d.to_string().repeat(12))
        .find(|id| !taken.contains(id))
        .ok_or_else(|| "No free example account id.".to_string())
}

/// A new step that acts as step `from` did: the same principal, action and
/// resource after a request; the session after an assumption with an id.
/// With neither, the first user lists their buckets. It has no expectation,
/// and a name that says who does what.
fn new_step(root: &Node, from: Option<usize>) -> Node<'static> {
    let steps = array(root.get("steps"));
    let source = from.and_then(|i| steps.get(i));
    let text = |n: Option<&Node>, key: &str| n.and_then(|n| n.get(key)).and_then(Node::as_str).map(str::to_string);
    let request = source.and_then(|s| s.get("request"));
    let session = source
        .filter(|s| {
            ["assume_role", "service_assume_role", "assume_role_with_web_identity"].iter().any(|k| s.get(k).is_some())
        })
        .and_then(|s| text(Some(s), "id"))
        .map(|id| format!("session:{id}"));
    let first_user = || {
        let account = array(root.get("accounts")).first()?;
        let user = text(array(account.get("users")).first(), "name")?;
        Some(format!("arn:aws:iam::{}:user/{user}", text(Some(account), "id")?))
    };
    let (principal, action, resource) = match (text(request, "principal"), session) {
        (Some(p), _) => (
            p,
            text(request, "action").unwrap_or_else(|| "s3:ListAllMyBuckets".into()),
            text(request, "resource").unwrap_or_else(|| "*".into()),
        ),
        (None, Some(s)) => (s, "s3:ListAllMyBuckets".into(), "*".into()),
        (None, None) => (first_user().unwrap_or_else(|| "*".into()), "s3:ListAllMyBuckets".into(), "*".into()),
    };
    let who = match principal.strip_prefix("session:") {
        Some(id) => format!("session {id}"),
        None => principal.rsplit(['/', ':']).next().unwrap_or(&principal).to_string(),
    };
    let name = format!("{who} calls {action}");
    let q = |v: &str| crate::edits::quote(v);
    parse_node(&format!(
        r#"{{"name": {}, "request": {{"principal": {}, "action": {}, "resource": {}}}}}"#,
        q(&name),
        q(&principal),
        q(&action),
        q(&resource)
    ))
}

/// Applies an edit; the error says why it could not be made.
pub fn apply(text: &str, edit: &Edit) -> Result<String, String> {
    let (root, _) = json::parse(text, DocId(0));
    let mut root = root.ok_or("Fix the JSON syntax first.")?;
    members_mut(&mut root).ok_or("The scenario must be a JSON object.")?;
    let missing = || "That item no longer exists.".to_string();
    // A rename, to carry to the references once the entity is renamed.
    let mut renamed: Option<Renamed> = None;
    match edit {
        Edit::AddAccount => {
            let accounts = array_mut(&mut root, "accounts").ok_or_else(missing)?;
            let taken = names(accounts, "id");
            let id = free_account_id(&taken)?;
            accounts.push(parse_node(&format!(r#"{{"id": "{id}", "users": [], "roles": []}}"#)));
        }
        Edit::AddStep { from } => {
            let step = new_step(&root, *from);
            array_mut(&mut root, "steps").ok_or_else(missing)?.push(step);
        }
        Edit::RenameAccount { account, id } => {
            let accounts = array_mut(&mut root, "accounts").ok_or_else(missing)?;
            if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err("An account id is 12 digits.".into());
            }
            let taken = names(accounts, "id");
            if taken.iter().enumerate().any(|(i, t)| i != *account && t == id) {
                return Err(format!("Account {id} already exists."));
            }
            set_name(accounts.get_mut(*account).ok_or_else(missing)?, "id", id).ok_or_else(missing)?;
        }
        Edit::DuplicateAccount { account } => {
            let accounts = array_mut(&mut root, "accounts").ok_or_else(missing)?;
            let taken = names(accounts, "id");
            let id = free_account_id(&taken)?;
            let mut copy = accounts.get(*account).ok_or_else(missing)?.clone();
            set_name(&mut copy, "id", &id).ok_or_else(missing)?;
            accounts.insert(account + 1, copy);
        }
        Edit::DeleteAccount { account } => {
            let accounts = array_mut(&mut root, "accounts").ok_or_else(missing)?;
            (*account < accounts.len()).then(|| accounts.remove(*account)).ok_or_else(missing)?;
        }
        Edit::DeleteStep { index } => {
            let steps = array_mut(&mut root, "steps").ok_or_else(missing)?;
            (*index < steps.len()).then(|| steps.remove(*index)).ok_or_else(missing)?;
        }
        Edit::Add { account, entity }
        | Edit::Rename { account, entity, .. }
        | Edit::Duplicate { account, entity, .. }
        | Edit::Delete { account, entity, .. } => {
            let accounts = array_mut(&mut root, "accounts").ok_or_else(missing)?;
            let account_node = accounts.get_mut(*account).ok_or_else(missing)?;
            let account_id = account_node.get("id").and_then(Node::as_str).unwrap_or("111111111111").to_string();
            let list = array_mut(account_node, entity.field()).ok_or_else(missing)?;
            let taken = names(list, entity.name_key());
            match edit {
                Edit::Add { .. } => {
                    let base = if *entity == Entity::Resource {
                        "arn:aws:s3:::new-bucket".to_string()
                    } else {
                        format!("new-{}", entity.label())
                    };
                    list.push(entity.template(&account_id, &fresh(&base, "-", &taken)));
                }
                Edit::Rename { index, name, .. } => {
                    let others: Vec<String> =
                        taken.iter().enumerate().filter(|(i, _)| i != index).map(|(_, n)| n.clone()).collect();
                    validate_name(*entity, name, &others)?;
                    let item = list.get_mut(*index).ok_or_else(missing)?;
                    let path = item.get("path").and_then(Node::as_str).unwrap_or("/").to_string();
                    let old = taken.get(*index).cloned().unwrap_or_default();
                    set_name(item, entity.name_key(), name).ok_or_else(missing)?;
                    if old != *name {
                        renamed = Some(Renamed {
                            account: *account,
                            account_id: account_id.clone(),
                            entity: *entity,
                            path,
                            old,
                            new: name.clone(),
                        });
                    }
                }
                Edit::Duplicate { index, .. } => {
                    let mut copy = list.get(*index).ok_or_else(missing)?.clone();
                    let name = copy.get(entity.name_key()).and_then(Node::as_str).unwrap_or("copy").to_string();
                    set_name(&mut copy, entity.name_key(), &fresh(&format!("{name}-copy"), "-", &taken))
                        .ok_or_else(missing)?;
                    list.insert(index + 1, copy);
                }
                _ => {
                    if let Edit::Delete { index, .. } = edit {
                        (*index < list.len()).then(|| list.remove(*index)).ok_or_else(missing)?;
                    }
                }
            }
        }
    }
    if let Some(r) = renamed {
        rename_references(&mut root, &r);
    }
    Ok(format!("{}\n", root.to_pretty()))
}

/// An entity renamed: what its references are found by.
struct Renamed {
    account: usize,
    account_id: String,
    entity: Entity,
    path: String,
    old: String,
    new: String,
}

/// Carries a rename to the references: the entity's ARN wherever a string
/// is exactly it (principals, resources, steps, trust policies), a role's
/// sessions (`assumed-role/Name/…`), a resource's objects (`ARN/…`), and a
/// group's name in the groups of the account's users. Patterns (`user/a*`)
/// are left as written.
fn rename_references(root: &mut Node, r: &Renamed) {
    let arn = |name: &str| match r.entity {
        Entity::Resource => name.to_string(),
        kind => format!("arn:aws:iam::{}:{}{}{name}", r.account_id, kind.label(), r.path),
    };
    let (old, new) = (arn(&r.old), arn(&r.new));
    let prefixes: Vec<(String, String)> = match r.entity {
        Entity::Role => vec![(
            format!("arn:aws:sts::{}:assumed-role/{}/", r.account_id, r.old),
            format!("arn:aws:sts::{}:assumed-role/{}/", r.account_id, r.new),
        )],
        Entity::Resource => vec![(format!("{old}/"), format!("{new}/"))],
        _ => Vec::new(),
    };
    let mut stack: Vec<&mut Node> = vec![&mut *root];
    while let Some(node) = stack.pop() {
        match &mut node.kind {
            Kind::String(s) => {
                if **s == *old {
                    *s = new.clone().into();
                } else if let Some((from, to)) = prefixes.iter().find(|(from, _)| s.starts_with(from.as_str())) {
                    *s = format!("{to}{}", s.get(from.len()..).unwrap_or("")).into();
                }
            }
            Kind::Array(items) => stack.extend(items.iter_mut()),
            Kind::Object(members) => stack.extend(members.iter_mut().map(|m| &mut m.value)),
            _ => {}
        }
    }
    if r.entity == Entity::Group {
        let users = array_mut(root, "accounts")
            .and_then(|accounts| accounts.get_mut(r.account))
            .and_then(|account| array_mut(account, "users"));
        for user in users.into_iter().flatten() {
            for group in array_mut(user, "groups").into_iter().flatten() {
                if let Kind::String(s) = &mut group.kind {
                    if **s == *r.old {
                        *s = r.new.clone().into();
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = r#"{"version": 1, "accounts": [{"id": "111111111111", "users": [{"name": "alice", "tags": {"team": "web"}}]}], "steps": []}"#;

    fn users(text: &str) -> Vec<String> {
        outline(text).unwrap().accounts[0].entities[0].1.iter().map(|i| i.name.clone()).collect()
    }

    #[test]
    fn outline_lists_entities_and_steps_with_spans() {
        let o = outline(S).unwrap();
        assert_eq!(o.accounts[0].id, "111111111111");
        let alice = &o.accounts[0].entities[0].1[0];
        assert_eq!(alice.name, "alice");
        assert!(alice.span.text(S).starts_with("{\"name\": \"alice\""));
        assert!(o.steps.is_empty());
    }

    #[test]
    fn add_rename_duplicate_delete() {
        let t = apply(S, &Edit::Add { account: 0, entity: Entity::User }).unwrap();
        assert_eq!(users(&t), ["alice", "new-user"]);
        let t = apply(&t, &Edit::Rename { account: 0, entity: Entity::User, index: 1, name: "bob".into() }).unwrap();
        assert_eq!(users(&t), ["alice", "bob"]);
        let t = apply(&t, &Edit::Duplicate { account: 0, entity: Entity::User, index: 0 }).unwrap();
        assert_eq!(users(&t), ["alice", "alice-copy", "bob"]);
        assert!(t.contains("\"team\": \"web\""), "a duplicate keeps the tags");
        let t = apply(&t, &Edit::Delete { account: 0, entity: Entity::User, index: 0 }).unwrap();
        assert_eq!(users(&t), ["alice-copy", "bob"]);
    }

    #[test]
    fn a_rename_carries_to_the_references() {
        let example = |file: &str| crate::examples::EXAMPLES.iter().find(|e| e.file == file).map(|e| e.text()).unwrap();
        let alice = example("alice-developer.json");
        let renamed = |text: &str, entity: Entity, index: usize, name: &str| {
            apply(text, &Edit::Rename { account: 0, entity, index, name: name.into() }).unwrap()
        };
        // A user: every principal ARN naming her, and nothing else.
        let t = renamed(alice, Entity::User, 0, "alice2");
        assert_eq!(t.matches("arn:aws:iam::111111111111:user/alice2\"").count(), 5);
        assert!(!t.contains("user/alice\""));
        // A group: the users' memberships follow.
        let t = renamed(alice, Entity::Group, 0, "web-developers");
        let v: serde_json::Value = serde_json::from_str(&t).unwrap();
        assert_eq!(v["accounts"][0]["users"][0]["groups"][0], "web-developers");
        assert!(!t.contains("\"developers\""));
        // A role: its ARN in the trust policy's steps and its sessions.
        let glass = example("break-glass-admin.json");
        let with_session = glass.replacen(
            "\"version\": 1,",
            "\"version\": 1, \"note\": \"arn:aws:sts::111111111111:assumed-role/BreakGlass/bob\",",
            1,
        );
        let t = renamed(&with_session, Entity::Role, 0, "Emergency");
        assert_eq!(t.matches("arn:aws:iam::111111111111:role/Emergency\"").count(), 4);
        assert!(t.contains("assumed-role/Emergency/bob") && !t.contains("role/BreakGlass\""));
        // A pattern is left as written.
        let pattern = alice.replacen("user/alice\"", "user/ali*\"", 1);
        assert!(renamed(&pattern, Entity::User, 0, "alice2").contains("user/ali*\""));
    }

    #[test]
    fn rename_validates_names() {
        let taken = apply(S, &Edit::Add { account: 0, entity: Entity::User }).unwrap();
        let err = apply(&taken, &Edit::Rename { account: 0, entity: Entity::User, index: 1, name: "ALICE".into() })
            .unwrap_err();
        assert!(err.contains("already has a user"), "{err}");
        assert!(apply(S, &Edit::Rename { account: 0, entity: Entity::User, index: 0, name: "a b".into() }).is_err());
        assert!(apply(S, &Edit::Rename { account: 0, entity: Entity::User, index: 0, name: String::new() }).is_err());
        assert!(validate_name(Entity::Resource, "bucket", &[]).is_err());
        assert!(validate_name(Entity::Resource, "arn:aws:s3:::bucket", &[]).is_ok());
    }

    #[test]
    fn a_new_step_acts_as_the_selected_one_with_no_expectation() {
        let text = crate::examples::EXAMPLES.iter().find(|e| e.file == "break-glass-admin.json").unwrap().text();
        let step = |t: &str| -> serde_json::Value {
            let v: serde_json::Value = serde_json::from_str(t).unwrap();
            v["steps"].as_array().unwrap().last().unwrap().clone()
        };
        // After an assumption with an id: its session.
        let added = step(&apply(text, &Edit::AddStep { from: Some(0) }).unwrap());
        assert_eq!(added["request"]["principal"], "session:bg");
        assert_eq!(added["name"], "session bg calls s3:ListAllMyBuckets");
        assert_eq!(added["expect"], serde_json::Value::Null, "no expectation");
        // After a request: the same request, to change.
        let added = step(&apply(text, &Edit::AddStep { from: Some(1) }).unwrap());
        assert_eq!(added["request"]["action"], "iam:CreateUser");
        // Nothing selected: the first user.
        let added = step(&apply(text, &Edit::AddStep { from: None }).unwrap());
        assert_eq!(added["request"]["principal"], "arn:aws:iam::111111111111:user/bob");
        assert_eq!(added["name"], "bob calls s3:ListAllMyBuckets");
        let t = apply(text, &Edit::AddStep { from: Some(0) }).unwrap();
        assert!(crate::analysis::analyse(&t).errors == 0);
    }

    #[test]
    fn added_things_form_a_valid_scenario() {
        let mut t = S.to_string();
        for edit in [
            Edit::AddAccount,
            Edit::Add { account: 1, entity: Entity::Role },
            Edit::Add { account: 1, entity: Entity::Group },
            Edit::Add { account: 1, entity: Entity::Resource },
            Edit::AddStep { from: None },
        ] {
            t = apply(&t, &edit).unwrap();
        }
        let parsed = iam_core::scenario::parse_scenario(&t, DocId(0));
        assert!(!iam_core::has_errors(&parsed.diagnostics), "{:?}", parsed.diagnostics);
        assert_eq!(outline(&t).unwrap().accounts[1].id, "222222222222");
        let t = apply(&t, &Edit::DeleteStep { index: 0 }).unwrap();
        assert!(outline(&t).unwrap().steps.is_empty());
    }

    #[test]
    fn accounts_can_be_renamed_duplicated_and_deleted() {
        let t = apply(S, &Edit::DuplicateAccount { account: 0 }).unwrap();
        let ids: Vec<String> = outline(&t).unwrap().accounts.iter().map(|a| a.id.clone()).collect();
        assert_eq!(ids, ["111111111111", "222222222222"]);
        assert_eq!(outline(&t).unwrap().accounts[1].entities[0].1[0].name, "alice");
        assert!(apply(&t, &Edit::RenameAccount { account: 1, id: "111111111111".into() }).is_err());
        assert!(apply(&t, &Edit::RenameAccount { account: 1, id: "12".into() }).is_err());
        let t = apply(&t, &Edit::RenameAccount { account: 1, id: "333333333333".into() }).unwrap();
        assert_eq!(outline(&t).unwrap().accounts[1].id, "333333333333");
        let t = apply(&t, &Edit::DeleteAccount { account: 0 }).unwrap();
        assert_eq!(outline(&t).unwrap().accounts.len(), 1);
    }

    #[test]
    fn broken_json_is_refused_with_a_reason() {
        assert_eq!(apply("{", &Edit::AddStep { from: None }).unwrap_err(), "Fix the JSON syntax first.");
        assert!(apply(S, &Edit::Delete { account: 3, entity: Entity::User, index: 0 }).is_err());
    }
}
