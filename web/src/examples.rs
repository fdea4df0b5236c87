//! The example scenarios of `examples/`. The page carries only their names,
//! their stories and the welcome example; the worker serves the others'
//! texts when one is opened (see [`text`]), which keeps them out of the
//! page's wasm.

pub struct Example {
    pub file: &'static str,
    pub story: &'static str,
}

impl Example {
    /// The example's text (compiled in wherever this is called).
    pub fn text(&self) -> &'static str {
        text(self.file).unwrap_or_default()
    }
}

macro_rules! example {
    ($file:literal, $story:literal) => {
        Example { file: $file, story: $story }
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

pub const EXAMPLES: &[Example] = &[
    example!("break-glass-admin.json", "Bob assumes an admin role with MFA for one hour, then his session expires"),
    example!("alice-developer.json", "Alice gets EC2 and S3 access from the developers group"),
    example!("lambda-function-role.json", "A Lambda function's role writes logs and one DynamoDB table"),
    example!("cross-account-devops.json", "DevOps assume OrganizationAccountAccessRole in the prod account"),
    example!("ec2-instance-profile.json", "An EC2 instance profile role reads one S3 bucket"),
    example!(
        "user-vs-role-bucket-policy.json",
        "A bucket policy naming a user, a role and a session behaves differently"
    ),
    example!("github-actions-oidc.json", "A GitHub Actions deploy role pinned to one repository and branch"),
    example!("scp-region-guardrail.json", "An SCP denies everything outside the approved regions"),
    example!("permissions-boundary-delegation.json", "A team lead creates roles only with the team boundary"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_has_its_text_and_every_file_of_examples_is_listed() {
        assert_eq!(EXAMPLES.first().map(Example::text), Some(WELCOME));
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
