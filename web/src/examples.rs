//! The example scenarios of `examples/`. The page carries only their names,
//! their stories and the welcome example; the worker serves the others'
//! texts when one is opened (see [`text`]), which keeps them out of the
//! page's wasm.

pub struct Example {
    pub file: &'static str,
    /// The story in one line.
    pub story: &'static str,
    /// How far into IAM it goes: first steps, then further.
    pub level: &'static str,
    /// The ideas it teaches, as short tags.
    pub concepts: &'static [&'static str],
}

impl Example {
    /// The example's text (compiled in wherever this is called).
    pub fn text(&self) -> &'static str {
        text(self.file).unwrap_or_default()
    }
}

macro_rules! example {
    ($file:literal, $level:literal, $story:literal, [$($c:literal),*]) => {
        Example { file: $file, story: $story, level: $level, concepts: &[$($c),*] }
    };
}

/// The scenario a first visit opens: the first example.
pub const WELCOME: &str = include_str!("../../examples/break-glass-admin.json");

/// The text of the example `file`, if it is one.
pub fn text(file: &str) -> Option<&'static str> {
    Some(match file {
        "break-glass-admin.json" => WELCOME,
        "alice-developer.json" => include_str!("../../examples/alice-developer.json"),
        "lambda-function-role.json" => include_str!("../../examples/lambda-function-role.json"),
        "cross-account-devops.json" => include_str!("../../examples/cross-account-devops.json"),
        "ec2-instance-profile.json" => include_str!("../../examples/ec2-instance-profile.json"),
        "user-vs-role-bucket-policy.json" => include_str!("../../examples/user-vs-role-bucket-policy.json"),
        "github-actions-oidc.json" => include_str!("../../examples/github-actions-oidc.json"),
        "scp-region-guardrail.json" => include_str!("../../examples/scp-region-guardrail.json"),
        "permissions-boundary-delegation.json" => include_str!("../../examples/permissions-boundary-delegation.json"),
        _ => return None,
    })
}

/// The examples, from first steps to advanced.
pub const EXAMPLES: &[Example] = &[
    example!(
        "alice-developer.json",
        "first steps",
        "Alice has no policies of her own: her group gives her the team's bucket and start/stop on dev instances only",
        ["user", "group", "managed policy", "resource tags"]
    ),
    example!(
        "lambda-function-role.json",
        "first steps",
        "A Lambda function gets its permissions from a role Lambda assumes: logs, one table, and no keys anywhere",
        ["role", "trust policy", "service principal"]
    ),
    example!(
        "ec2-instance-profile.json",
        "first steps",
        "Code on an EC2 instance reads one bucket through the instance's role, and nothing else",
        ["role", "instance profile", "least privilege"]
    ),
    example!(
        "break-glass-admin.json",
        "intermediate",
        "Bob assumes an admin role with MFA for one hour; then his session expires, and MFA does not follow it",
        ["sts:AssumeRole", "MFA", "session expiry"]
    ),
    example!(
        "user-vs-role-bucket-policy.json",
        "intermediate",
        "A bucket policy names a user, a role and a session, and each is matched differently",
        ["resource policy", "principal ARNs", "users vs roles"]
    ),
    example!(
        "cross-account-devops.json",
        "intermediate",
        "DevOps in the management account assume a role in prod; an SCP still stops prod leaving the organization",
        ["cross-account", "Organizations", "SCP"]
    ),
    example!(
        "github-actions-oidc.json",
        "advanced",
        "GitHub Actions deploys with a role pinned to one repository and branch: no stored keys",
        ["OIDC", "web identity", "token claims"]
    ),
    example!(
        "scp-region-guardrail.json",
        "advanced",
        "An SCP fences an account to two regions; even an administrator is stopped, global services are spared",
        ["SCP", "explicit deny", "NotAction"]
    ),
    example!(
        "permissions-boundary-delegation.json",
        "advanced",
        "A team lead may create roles only with the team's boundary, so no role she makes can exceed it",
        ["permissions boundary", "delegation", "iam:PassRole"]
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_has_its_text_and_every_file_of_examples_is_listed() {
        assert!(EXAMPLES.iter().any(|e| e.text() == WELCOME), "the welcome scenario is an example");
        let levels: Vec<&str> = EXAMPLES.iter().map(|e| e.level).collect();
        let order = ["first steps", "intermediate", "advanced"];
        assert!(
            levels.windows(2).all(|w| order.iter().position(|l| *l == w[0]) <= order.iter().position(|l| *l == w[1])),
            "ordered from first steps to advanced: {levels:?}"
        );
        assert!(EXAMPLES.iter().all(|e| !e.concepts.is_empty()));
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".json"))
            .collect();
        files.sort();
        let mut listed: Vec<String> = EXAMPLES.iter().map(|e| e.file.to_string()).collect();
        listed.sort();
        assert_eq!(files, listed);
        for e in EXAMPLES {
            assert_eq!(e.text(), std::fs::read_to_string(format!("{dir}/{}", e.file)).unwrap(), "{}", e.file);
        }
        assert_eq!(text("nope.json"), None);
    }
}
