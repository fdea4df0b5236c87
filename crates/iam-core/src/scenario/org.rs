//! The organization tree: which SCPs and RCPs apply to an account, level by
//! level, and the account's organization path.

use super::{NamedPolicy, OrgAccount, OrgNode, Organization};
use crate::policy::Policy;

/// The AWS managed SCP attached everywhere by default.
pub const FULL_AWS_ACCESS: &str = "FullAWSAccess";
/// The AWS managed RCP, attached implicitly everywhere.
pub const RCP_FULL_AWS_ACCESS: &str = "RCPFullAWSAccess";

/// The nodes from the root down to the account, and the account entry.
pub fn path<'o>(org: &'o Organization, account: &str) -> Option<(Vec<&'o OrgNode>, &'o OrgAccount)> {
    fn walk<'o>(node: &'o OrgNode, account: &str, trail: &mut Vec<&'o OrgNode>) -> Option<&'o OrgAccount> {
        trail.push(node);
        if let Some(a) = node.accounts.iter().find(|a| a.id == account) {
            return Some(a);
        }
        for unit in &node.units {
            if let Some(a) = walk(unit, account, trail) {
                return Some(a);
            }
        }
        trail.pop();
        None
    }
    let mut trail = Vec::new();
    let entry = walk(&org.root, account, &mut trail)?;
    Some((trail, entry))
}

/// `o-…/r-…/ou-…/`: the account's position, as `aws:PrincipalOrgPaths` shows it.
pub fn org_path(org: &Organization, account: &str) -> Option<String> {
    let (nodes, _) = path(org, account)?;
    let mut out = format!("{}/", org.id);
    for node in nodes {
        out.push_str(&node.id);
        out.push('/');
    }
    Some(out)
}

fn resolve(
    names: &[(String, crate::diag::Span)],
    defined: &[NamedPolicy],
    full_access: Option<&Policy>,
) -> Vec<Policy> {
    names
        .iter()
        .filter_map(|(name, _)| match defined.iter().find(|p| &p.name == name) {
            Some(p) => Some(p.policy.clone()),
            None if name == FULL_AWS_ACCESS => full_access.cloned(),
            None => None,
        })
        .collect()
}

/// SCPs per level (root, OUs, account) for principals of `account`; `None`
/// when SCPs do not apply (no organization, not a member, management account).
pub fn scp_levels(org: Option<&Organization>, account: &str, full_access: &Policy) -> Option<Vec<Vec<Policy>>> {
    let org = org?;
    if org.management_account.as_deref() == Some(account) {
        return None;
    }
    let (nodes, entry) = path(org, account)?;
    let mut levels: Vec<Vec<Policy>> = nodes.iter().map(|n| resolve(&n.scps, &org.scps, Some(full_access))).collect();
    levels.push(resolve(&entry.scps, &org.scps, Some(full_access)));
    Some(levels)
}

/// What each SCP or RCP level of `account` is, for the explanation: the
/// organization root, an OU by name, the account itself (by alias or id).
pub fn level_names(org: Option<&Organization>, account: &str, alias: Option<&str>) -> Vec<String> {
    let Some((nodes, _)) = org.and_then(|o| path(o, account)) else { return Vec::new() };
    let mut names: Vec<String> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| if i == 0 { "the organization root".to_string() } else { format!("OU `{}`", n.name) })
        .collect();
    names.push(format!("account `{}`", alias.unwrap_or(account)));
    names
}

/// RCPs per level for resources of `account` (RCPFullAWSAccess stays implicit).
pub fn rcp_levels(org: Option<&Organization>, account: &str) -> Option<Vec<Vec<Policy>>> {
    let org = org?;
    if org.management_account.as_deref() == Some(account) {
        return None;
    }
    let (nodes, entry) = path(org, account)?;
    let mut levels: Vec<Vec<Policy>> = nodes.iter().map(|n| resolve(&n.rcps, &org.rcps, None)).collect();
    levels.push(resolve(&entry.rcps, &org.rcps, None));
    Some(levels)
}
