//! Each entry of the four lists made a scenario entity: a customer managed
//! policy, a group, a user or a role.

use super::decode::document;
use super::{node, object, text_node, Import};
use crate::json::{Kind, Node};

/// Fields each list's entries have, which the scenario holds (the others are
/// counted as having no place in it).
const USER_FIELDS: &[&str] = &[
    "UserName",
    "Path",
    "Arn",
    "GroupList",
    "AttachedManagedPolicies",
    "UserPolicyList",
    "PermissionsBoundary",
    "Tags",
];
const GROUP_FIELDS: &[&str] = &["GroupName", "Path", "Arn", "AttachedManagedPolicies", "GroupPolicyList"];
const ROLE_FIELDS: &[&str] = &[
    "RoleName",
    "Path",
    "Arn",
    "AssumeRolePolicyDocument",
    "AttachedManagedPolicies",
    "RolePolicyList",
    "PermissionsBoundary",
    "Tags",
    "InstanceProfileList",
    "MaxSessionDuration",
];
const POLICY_FIELDS: &[&str] = &["PolicyName", "Path", "Arn", "PolicyVersionList", "DefaultVersionId"];

fn str_of<'n>(n: &'n Node<'_>, key: &str) -> Option<&'n str> {
    n.get(key).and_then(Node::as_str)
}

fn count_unused(import: &mut Import, entry: &Node<'_>, known: &[&str]) {
    for key in entry.as_object().unwrap_or_default().iter().map(|m| m.key.as_ref()) {
        if !known.contains(&key) {
            *import.unused_fields.entry(key.to_string()).or_default() += 1;
        }
    }
}

/// The entry's name and account; `None` (said) when it lacks either.
fn identify(import: &mut Import, entry: &Node<'_>, name_key: &str, kind: &str) -> Option<(String, String)> {
    let Some(name) = str_of(entry, name_key) else {
        import.warn("import/missing-field", entry.span, format!("a {kind} without `{name_key}` is left out"));
        import.leave_out(format!("a {kind} without a name"), format!("it has no `{name_key}`"));
        return None;
    };
    let Some(account) = str_of(entry, "Arn").and_then(crate::scenario::chain::account_of) else {
        import.warn(
            "import/missing-field",
            entry.span,
            format!("{kind} `{name}` has no readable `Arn`, so its account is unknown"),
        );
        import
            .leave_out(format!("{kind} `{name}`"), "its `Arn` is missing or not an IAM ARN, so its account is unknown");
        return None;
    };
    Some((name.to_string(), account))
}

/// `path` when it is not `/`.
fn path_member(entry: &Node<'_>) -> Option<(String, Node<'static>)> {
    str_of(entry, "Path").filter(|p| *p != "/").map(|p| ("path".to_string(), text_node(p)))
}

/// A managed policy's ARN as the scenario names it: the name of a customer
/// policy of the same account, another customer policy's ARN, or an AWS
/// managed policy's ARN. `None` when the file does not hold its document.
fn policy_ref(import: &Import, account: &str, arn: &str) -> Option<String> {
    let mut parts = arn.strip_prefix("arn:")?.splitn(5, ':');
    let (_, service, _, owner, resource) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let name = resource.strip_prefix("policy/")?.rsplit('/').next()?;
    if service != "iam" {
        return None;
    }
    if owner == "aws" {
        return Some(arn.to_string());
    }
    let held = import.accounts.get(owner).is_some_and(|a| a.policies.iter().any(|(n, _)| n == name));
    match (held, owner == account) {
        (true, true) => Some(name.to_string()),
        (true, false) => Some(arn.to_string()),
        (false, _) => None,
    }
}

/// `policies` from `AttachedManagedPolicies`; those whose document is not in
/// the file are left out, said.
fn attached(import: &mut Import, entry: &Node<'_>, account: &str, owner: &str) -> Option<(String, Node<'static>)> {
    let mut names = Vec::new();
    for p in entry.get("AttachedManagedPolicies").map(Node::items).unwrap_or_default() {
        let Some(arn) = str_of(p, "PolicyArn") else { continue };
        match policy_ref(import, account, arn) {
            Some(name) => names.push(text_node(&name)),
            None => import.leave_out(
                format!("the attachment of `{arn}` to {owner}"),
                "the policy's document is not in the file (was `--filter` used without `LocalManagedPolicy`?)",
            ),
        }
    }
    (!names.is_empty()).then(|| ("policies".to_string(), node(Kind::Array(names))))
}

/// `inline_policies` from a `…PolicyList` of `{PolicyName, PolicyDocument}`.
fn inline(import: &mut Import, entry: &Node<'_>, list: &str, owner: &str) -> Option<(String, Node<'static>)> {
    let mut policies = Vec::new();
    for p in entry.get(list).map(Node::items).unwrap_or_default() {
        let name = str_of(p, "PolicyName").unwrap_or("(unnamed)");
        let read = match p.get("PolicyDocument") {
            Some(d) => document(d),
            None => Err("it has no `PolicyDocument`".to_string()),
        };
        match read {
            Ok(doc) => policies.push((name.to_string(), doc)),
            Err(why) => {
                import.warn("import/unreadable-document", p.span, format!("inline policy `{name}` of {owner}: {why}"));
                import.leave_out(format!("inline policy `{name}` of {owner}"), why);
            }
        }
    }
    (!policies.is_empty()).then(|| ("inline_policies".to_string(), object(policies)))
}

fn boundary(import: &mut Import, entry: &Node<'_>, account: &str, owner: &str) -> Option<(String, Node<'static>)> {
    let arn = entry.get("PermissionsBoundary").and_then(|b| str_of(b, "PermissionsBoundaryArn"))?;
    match policy_ref(import, account, arn) {
        Some(name) => Some(("permissions_boundary".to_string(), text_node(&name))),
        None => {
            import.leave_out(
                format!("the permissions boundary `{arn}` of {owner}"),
                "the policy's document is not in the file, so the boundary cannot be set (the import would otherwise grant more than AWS does)",
            );
            None
        }
    }
}

fn tags(entry: &Node<'_>) -> Option<(String, Node<'static>)> {
    let pairs: Vec<(String, Node<'static>)> = entry
        .get("Tags")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| Some((str_of(t, "Key")?.to_string(), text_node(str_of(t, "Value").unwrap_or("")))))
        .collect();
    (!pairs.is_empty()).then(|| ("tags".to_string(), object(pairs)))
}

/// `password`, `mfa` and `access_keys` from the user's credential report row
/// (a key's id is not in the report: keys are named `key-1` and `key-2`, and
/// created when they were last rotated).
pub(crate) fn credentials(row: &super::Row) -> Vec<(String, Node<'static>)> {
    let mut out = Vec::new();
    if row.password {
        out.push(("password".to_string(), node(Kind::Bool(true))));
    }
    if row.mfa {
        out.push(("mfa".to_string(), node(Kind::Bool(true))));
    }
    let keys: Vec<Node<'static>> = row
        .keys
        .iter()
        .map(|(n, rotated)| {
            let mut key = vec![("id".to_string(), text_node(&format!("key-{n}")))];
            if let Some(t) = rotated {
                key.push(("created".to_string(), text_node(&crate::values::format_instant(*t))));
            }
            object(key)
        })
        .collect();
    if !keys.is_empty() {
        out.push(("access_keys".to_string(), node(Kind::Array(keys))));
    }
    out
}

/// A customer managed policy at its default version (AWS managed ones are
/// named by ARN: the engine knows them).
pub fn policy(import: &mut Import, entry: &Node<'_>) {
    count_unused(import, entry, POLICY_FIELDS);
    let Some(arn) = str_of(entry, "Arn") else {
        import.warn("import/missing-field", entry.span, "a managed policy without `Arn` is left out");
        import.leave_out("a managed policy without an ARN", "it has no `Arn`");
        return;
    };
    if arn.split(':').nth(4) == Some("aws") {
        return;
    }
    let Some((name, account)) = identify(import, entry, "PolicyName", "managed policy") else { return };
    let versions = entry.get("PolicyVersionList").map(Node::items).unwrap_or_default();
    let default_id = str_of(entry, "DefaultVersionId");
    let is_default = |v: &Node<'_>| {
        matches!(v.get("IsDefaultVersion").map(|n| &n.kind), Some(Kind::Bool(true)))
            || (default_id.is_some() && str_of(v, "VersionId") == default_id)
    };
    let Some(current) = versions.iter().find(|v| is_default(v)) else {
        import.warn(
            "import/missing-field",
            entry.span,
            format!("managed policy `{name}` has no default version in the file"),
        );
        import.leave_out(
            format!("managed policy `{name}`"),
            "the file holds no default version of it, and only the default version is in force",
        );
        return;
    };
    for other in versions.iter().filter(|v| !is_default(v)) {
        let id = str_of(other, "VersionId").unwrap_or("?");
        import.other_versions.push(format!("{name} {id}"));
    }
    let doc = match current.get("Document").map(document) {
        Some(Ok(doc)) => doc,
        other => {
            let why = match other {
                Some(Err(why)) => why,
                _ => "its default version has no `Document`".to_string(),
            };
            import.warn("import/unreadable-document", current.span, format!("managed policy `{name}`: {why}"));
            import.leave_out(format!("managed policy `{name}`"), why);
            return;
        }
    };
    if let Some(path) = str_of(entry, "Path").filter(|p| *p != "/") {
        import.leave_out(
            format!("the path `{path}` of managed policy `{name}`"),
            format!("a scenario names customer managed policies by name: its ARN becomes `arn:aws:iam::{account}:policy/{name}`"),
        );
    }
    let policies = &mut import.accounts.entry(account).or_default().policies;
    if policies.iter().any(|(n, _)| *n == name) {
        import.leave_out(
            format!("a second managed policy named `{name}`"),
            "a scenario's policy names are unique in an account",
        );
        return;
    }
    policies.push((name, doc));
}

pub fn group(import: &mut Import, entry: &Node<'_>) {
    count_unused(import, entry, GROUP_FIELDS);
    let Some((name, account)) = identify(import, entry, "GroupName", "group") else { return };
    let owner = format!("group `{name}`");
    let mut members = vec![("name".to_string(), text_node(&name))];
    members.extend(path_member(entry));
    members.extend(attached(import, entry, &account, &owner));
    members.extend(inline(import, entry, "GroupPolicyList", &owner));
    import.accounts.entry(account).or_default().groups.push(object(members));
}

pub fn user(import: &mut Import, entry: &Node<'_>) {
    count_unused(import, entry, USER_FIELDS);
    let Some((name, account)) = identify(import, entry, "UserName", "user") else { return };
    let owner = format!("user `{name}`");
    let mut members = vec![("name".to_string(), text_node(&name))];
    members.extend(path_member(entry));
    let known: Vec<String> = import
        .accounts
        .get(&account)
        .map(|a| a.groups.iter().filter_map(|g| str_of(g, "name").map(str::to_string)).collect())
        .unwrap_or_default();
    let mut groups = Vec::new();
    for group in entry.get("GroupList").map(Node::items).unwrap_or_default().iter().filter_map(Node::as_str) {
        if known.iter().any(|k| k == group) {
            groups.push(text_node(group));
        } else {
            import.leave_out(format!("the membership of {owner} in group `{group}`"), "the group is not in the file");
        }
    }
    if !groups.is_empty() {
        members.push(("groups".to_string(), node(Kind::Array(groups))));
    }
    members.extend(attached(import, entry, &account, &owner));
    members.extend(inline(import, entry, "UserPolicyList", &owner));
    members.extend(boundary(import, entry, &account, &owner));
    members.extend(tags(entry));
    if let Some(row) = str_of(entry, "Arn").and_then(|arn| import.report.remove(arn)) {
        members.extend(credentials(&row));
    }
    import.accounts.entry(account).or_default().users.push(object(members));
}

pub fn role(import: &mut Import, entry: &Node<'_>) {
    count_unused(import, entry, ROLE_FIELDS);
    let Some((name, account)) = identify(import, entry, "RoleName", "role") else { return };
    let owner = format!("role `{name}`");
    let mut members = vec![("name".to_string(), text_node(&name))];
    members.extend(path_member(entry));
    match entry.get("AssumeRolePolicyDocument").map(document) {
        Some(Ok(doc)) => members.push(("trust_policy".to_string(), doc)),
        other => {
            let why = match other {
                Some(Err(why)) => why,
                _ => "it has no `AssumeRolePolicyDocument`".to_string(),
            };
            import.warn("import/unreadable-document", entry.span, format!("the trust policy of {owner}: {why}"));
            import.leave_out(
                format!("the trust policy of {owner}"),
                format!("{why}; without it nobody can assume the role"),
            );
        }
    }
    members.extend(attached(import, entry, &account, &owner));
    members.extend(inline(import, entry, "RolePolicyList", &owner));
    members.extend(boundary(import, entry, &account, &owner));
    members.extend(tags(entry));
    if let Some(seconds) = entry.get("MaxSessionDuration").filter(|n| matches!(n.kind, Kind::Number(_))) {
        members.push(("max_session_duration".to_string(), seconds.clone().into_owned()));
    }
    for profile in entry.get("InstanceProfileList").map(Node::items).unwrap_or_default() {
        let profile_name = str_of(profile, "InstanceProfileName").unwrap_or("(unnamed)");
        import.leave_out(
            format!("instance profile `{profile_name}` of {owner}"),
            "a scenario has no instance profiles: an EC2 instance using the role is a `service_assume_role` step by `ec2.amazonaws.com`",
        );
    }
    import.accounts.entry(account).or_default().roles.push(object(members));
}
