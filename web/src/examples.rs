//! The example scenarios of `examples/`, bundled for the gallery.

pub struct Example {
    pub file: &'static str,
    pub story: &'static str,
    pub text: &'static str,
}

macro_rules! example {
    ($file:literal, $story:literal) => {
        Example { file: $file, story: $story, text: include_str!(concat!("../../examples/", $file)) }
    };
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
