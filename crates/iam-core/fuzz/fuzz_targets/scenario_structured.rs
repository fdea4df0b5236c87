//! Fuzzes scenarios built from a structured generator, so that every step
//! kind (requests, AssumeRole with its parameters, service roles, web
//! identity, SAML, GetSessionToken, GetFederationToken) and large inputs are
//! reached. The scenario is written as JSON, parsed, and run; nothing may
//! panic, and a scenario that parses must run.
#![no_main]

use arbitrary::Arbitrary;
use iam_core::scenario::{parse_scenario, run_scenario};
use iam_core::{blocks_evaluation, DocId};
use libfuzzer_sys::fuzz_target;

const ACCOUNT: [&str; 3] = ["111111111111", "222222222222", "aws"];
const NAMES: [&str; 4] = ["alice", "bob", "Admin", "a b"];
const ACTIONS: [&str; 10] = [
    "s3:GetObject", "s3:*", "sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity", "iam:CreatePolicyVersion",
    "kms:Decrypt", "sts:GetCallerIdentity", "*", "s3:Get Object",
];
const RESOURCES: [&str; 7] = [
    "*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/*", "arn:aws:iam::111111111111:role/R0",
    "arn:aws:kms:eu-west-1:111111111111:key/k", "arn:aws:ssm:us-east-1:*", "arn:aws:iam::aws:policy/ReadOnlyAccess",
];
const KEYS: [&str; 6] =
    ["aws:MultiFactorAuthPresent", "aws:PrincipalTag/team", "sts:ExternalId", "aws:SourceIdentity", "saml:aud", "aws:CurrentTime"];
const OPERATORS: [&str; 6] = ["StringEquals", "Bool", "StringLike", "DateGreaterThan", "ForAnyValue:StringEquals", "NullIfExists"];
const VALUES: [&str; 6] = ["true", "dev", "*", "2026-01-01T00:00:00Z", "99999999999999999999999999999999", ""];

#[derive(Arbitrary, Debug)]
struct Stmt {
    deny: bool,
    principal: Option<u8>,
    action: u8,
    resource: u8,
    condition: Option<(u8, u8, u8)>,
}

#[derive(Arbitrary, Debug)]
enum StepKind {
    Request { who: u8, action: u8, resource: u8 },
    Assume { who: u8, role: u8, mfa: bool, duration: u16, external_id: Option<u8>, source_identity: Option<u8>, tags: u8, policy_arns: u8 },
    Service { role: u8 },
    WebIdentity { role: u8, sub: u8 },
    Saml { role: u8, not_after: Option<u16> },
    SessionToken { who: u8, mfa: bool, duration: u32 },
    FederationToken { who: u8, with_policy: bool },
}

#[derive(Arbitrary, Debug)]
struct Input {
    users: Vec<(u8, Vec<Stmt>)>,
    roles: Vec<(Vec<Stmt>, Vec<Stmt>, u16)>,
    steps: Vec<(Option<u16>, StepKind)>,
    repeat: u8,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list.get(usize::from(i) % list.len()).copied().unwrap_or("")
}

fn esc(s: &str) -> String {
    format!("{s:?}")
}

fn statement(s: &Stmt, with_principal: bool) -> String {
    let mut out = format!(r#"{{"Effect": "{}""#, if s.deny { "Deny" } else { "Allow" });
    if with_principal {
        let p = match s.principal.map(|p| p % 4) {
            Some(0) => r#""*""#.to_string(),
            Some(1) => format!(r#"{{"AWS": "arn:aws:iam::{}:root"}}"#, pick(&ACCOUNT, s.action)),
            Some(2) => r#"{"Service": "ec2.amazonaws.com"}"#.to_string(),
            Some(_) => r#"{"Federated": "arn:aws:iam::111111111111:saml-provider/Okta"}"#.to_string(),
            None => String::new(),
        };
        if !p.is_empty() {
            out.push_str(&format!(r#", "Principal": {p}"#));
        }
    }
    out.push_str(&format!(r#", "Action": {}"#, esc(pick(&ACTIONS, s.action))));
    if !with_principal {
        out.push_str(&format!(r#", "Resource": {}"#, esc(pick(&RESOURCES, s.resource))));
    }
    if let Some((op, key, value)) = s.condition {
        out.push_str(&format!(
            r#", "Condition": {{{}: {{{}: {}}}}}"#,
            esc(pick(&OPERATORS, op)),
            esc(pick(&KEYS, key)),
            esc(pick(&VALUES, value))
        ));
    }
    out.push('}');
    out
}

fn policy(stmts: &[Stmt], with_principal: bool, repeat: usize) -> String {
    let body: Vec<String> = stmts.iter().map(|s| statement(s, with_principal)).collect();
    let body = vec![body.join(","); repeat.max(1)].join(",");
    format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, body.trim_matches(','))
}

fn step(kind: &StepKind, i: usize) -> String {
    let user = |who: u8| format!("arn:aws:iam::111111111111:user/{}", pick(&NAMES, who));
    let role = |r: u8| format!("arn:aws:iam::111111111111:role/R{}", r % 3);
    let caller = |who: u8| if who % 3 == 0 && i > 0 { format!("session:s{}", usize::from(who) % i) } else { user(who) };
    let body = match kind {
        StepKind::Request { who, action, resource } => format!(
            r#""request": {{"principal": {}, "action": {}, "resource": {}}}"#,
            esc(&caller(*who)),
            esc(pick(&ACTIONS, *action)),
            esc(pick(&RESOURCES, *resource))
        ),
        StepKind::Assume { who, role: r, mfa, duration, external_id, source_identity, tags, policy_arns } => {
            let mut a = format!(r#""caller": {}, "role": {}, "mfa": {mfa}, "duration_seconds": {duration}"#, esc(&caller(*who)), esc(&role(*r)));
            if let Some(e) = external_id {
                a.push_str(&format!(r#", "external_id": {}"#, esc(pick(&VALUES, *e))));
            }
            if let Some(s) = source_identity {
                a.push_str(&format!(r#", "source_identity": {}"#, esc(pick(&NAMES, *s))));
            }
            let tags: Vec<String> = (0..*tags % 60).map(|t| format!(r#""k{t}": "v""#)).collect();
            a.push_str(&format!(r#", "session_tags": {{{}}}"#, tags.join(",")));
            let arns: Vec<&str> = (0..*policy_arns % 12).map(|_| r#""arn:aws:iam::aws:policy/ReadOnlyAccess""#).collect();
            a.push_str(&format!(r#", "policy_arns": [{}]"#, arns.join(",")));
            format!(r#""assume_role": {{{a}}}"#)
        }
        StepKind::Service { role: r } => {
            format!(r#""service_assume_role": {{"service": "ec2.amazonaws.com", "role": {}}}"#, esc(&role(*r)))
        }
        StepKind::WebIdentity { role: r, sub } => format!(
            r#""assume_role_with_web_identity": {{"provider": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com", "role": {}, "claims": {{"sub": {}, "amr": ["a", "b"]}}}}"#,
            esc(&role(*r)),
            esc(pick(&VALUES, *sub))
        ),
        StepKind::Saml { role: r, not_after } => {
            let limit = not_after.map_or(String::new(), |m| format!(r#", "session_not_on_or_after": "2026-01-01T{:02}:00:00Z""#, m % 24));
            format!(
                r#""assume_role_with_saml": {{"provider": "arn:aws:iam::111111111111:saml-provider/Okta", "role": {}, "attributes": {{"aud": "https://signin.aws.amazon.com/saml"}}{limit}}}"#,
                esc(&role(*r))
            )
        }
        StepKind::SessionToken { who, mfa, duration } => {
            format!(r#""get_session_token": {{"caller": {}, "mfa": {mfa}, "duration_seconds": {}}}"#, esc(&caller(*who)), duration % 200_000)
        }
        StepKind::FederationToken { who, with_policy } => {
            let p = if *with_policy { r#", "session_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"# } else { "" };
            format!(r#""get_federation_token": {{"caller": {}, "name": "fed-{i}"{p}}}"#, esc(&caller(*who)))
        }
    };
    format!(r#"{{"name": "s{i}", "id": "s{i}", {body}}}"#)
}

fuzz_target!(|input: Input| {
    let repeat = usize::from(input.repeat % 8) + 1;
    let users: Vec<String> = input
        .users
        .iter()
        .take(6)
        .map(|(name, stmts)| format!(r#"{{"name": {}, "inline_policies": {{"P": {}}}}}"#, esc(pick(&NAMES, *name)), policy(stmts, false, repeat)))
        .collect();
    let roles: Vec<String> = input
        .roles
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, (trust, perms, max))| {
            format!(
                r#"{{"name": "R{i}", "max_session_duration": {}, "trust_policy": {}, "inline_policies": {{"P": {}}}}}"#,
                3600 + u32::from(*max) % 39601,
                policy(trust, true, 1),
                policy(perms, false, repeat)
            )
        })
        .collect();
    let steps: Vec<String> = input
        .steps
        .iter()
        .take(40)
        .enumerate()
        .map(|(i, (minutes, kind))| {
            let s = step(kind, i);
            match minutes {
                Some(m) => s.replacen('{', &format!(r#"{{"time": "2026-01-{:02}T00:00:00Z", "#, 1 + m % 28), 1),
                None => s,
            }
        })
        .collect();
    let text = format!(
        r#"{{"version": 1, "accounts": [{{"id": "111111111111", "users": [{}], "roles": [{}]}}], "steps": [{}]}}"#,
        users.join(","),
        roles.join(","),
        steps.join(",")
    );
    let parsed = parse_scenario(&text, DocId(0));
    if let (Some(s), false) = (&parsed.scenario, blocks_evaluation(&parsed.diagnostics)) {
        let results = run_scenario(s);
        assert_eq!(results.len(), s.steps.len(), "every step has a result");
    }
});
