//! The STS API's parameter limits (reference §6.2, §6.3, §6.6). A call that
//! breaks one fails with a ValidationError (or PackedPolicyTooLarge): an
//! error of that step, while the scenario around it still runs.

use super::actors::Failure;
use super::Role;
use std::collections::BTreeMap;

/// `[\w+=,.@-]`, the characters of session names and source identities.
fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

pub(super) fn session_name(name: &str) -> Result<(), Failure> {
    if (2..=64).contains(&name.chars().count()) && name.chars().all(name_char) {
        Ok(())
    } else {
        Err((
            "sts/invalid-session-name",
            format!("session name `{name}` must be 2 to 64 characters of letters, digits and _+=,.@-"),
        ))
    }
}

/// A GetFederationToken name: 2 to 32 characters of `[\w+=,.@-]`.
pub(super) fn federated_name(name: &str) -> Result<(), Failure> {
    if (2..=32).contains(&name.chars().count()) && name.chars().all(name_char) {
        Ok(())
    } else {
        Err((
            "sts/invalid-federated-name",
            format!("federated user name `{name}` must be 2 to 32 characters of letters, digits and _+=,.@-"),
        ))
    }
}

/// `ExternalId`: 2 to 1,224 characters of `[\w+=,.@:/-]` (no spaces).
pub(super) fn external_id(id: &str) -> Result<(), Failure> {
    let ok = (2..=1224).contains(&id.chars().count()) && id.chars().all(|c| name_char(c) || c == ':' || c == '/');
    if ok {
        Ok(())
    } else {
        Err((
            "sts/invalid-external-id",
            format!("external id `{id}` must be 2 to 1,224 characters of letters, digits and _+=,.@:/- (no spaces)"),
        ))
    }
}

/// `SourceIdentity`: 2 to 64 characters of `[\w+=,.@-]`, not starting with `aws:`.
pub(super) fn source_identity(si: &str) -> Result<(), Failure> {
    let ok = (2..=64).contains(&si.chars().count())
        && si.chars().all(name_char)
        && !si.to_ascii_lowercase().starts_with("aws:");
    if ok {
        Ok(())
    } else {
        Err((
            "sts/invalid-source-identity",
            format!(
                "source identity `{si}` must be 2 to 64 characters of letters, digits and _+=,.@- and not start with `aws:`"
            ),
        ))
    }
}

/// Inline plus managed session policies: 2,048 characters of plaintext.
pub(super) fn session_policy_size(size: usize) -> Result<(), Failure> {
    if size <= 2048 {
        Ok(())
    } else {
        Err((
            "sts/packed-policy-too-large",
            format!("the session policies are {size} characters; STS accepts at most 2,048 (PackedPolicyTooLarge)"),
        ))
    }
}

/// Up to 50 session tags; keys up to 128 characters, values up to 256.
pub(super) fn session_tags(tags: &BTreeMap<String, String>) -> Result<(), Failure> {
    if tags.len() > 50 {
        return Err(("sts/too-many-session-tags", format!("{} session tags; at most 50 are allowed", tags.len())));
    }
    if let Some((k, v)) = tags.iter().find(|(k, v)| k.chars().count() > 128 || v.chars().count() > 256) {
        return Err((
            "sts/invalid-tag",
            format!("session tag `{k}` = `{v}` is too long (keys 128, values 256 characters at most)"),
        ));
    }
    Ok(())
}

/// A role session's duration: 900 s up to the role's maximum, 3,600 s when chaining.
pub(super) fn role_duration(requested: Option<u64>, role: &Role, chained: bool) -> Result<u64, Failure> {
    let d = requested.unwrap_or(3600);
    if d < 900 {
        return Err((
            "sts/invalid-duration",
            format!("DurationSeconds {d} is below the minimum of 900 seconds (15 minutes)"),
        ));
    }
    if chained && d > 3600 {
        return Err((
            "sts/invalid-duration",
            format!("role chaining limits a session to 3,600 seconds (1 hour); {d} seconds were requested"),
        ));
    }
    if d > role.max_session_duration {
        return Err((
            "sts/invalid-duration",
            format!(
                "role `{}` allows sessions of at most {} seconds; {d} were requested",
                role.name, role.max_session_duration
            ),
        ));
    }
    Ok(d)
}

/// GetSessionToken and GetFederationToken: 900 s to 129,600 s (36 hours),
/// default 43,200 s; for the root user at most and by default 3,600 s.
pub(super) fn token_duration(requested: Option<u64>, root: bool) -> Result<u64, Failure> {
    let (max, default) = if root { (3600, 3600) } else { (129_600, 43_200) };
    let d = requested.unwrap_or(default);
    if (900..=max).contains(&d) {
        Ok(d)
    } else {
        let who = if root { "the root user" } else { "an IAM user" };
        Err(("sts/invalid-duration", format!("DurationSeconds {d} is outside 900 to {max} seconds for {who}")))
    }
}
