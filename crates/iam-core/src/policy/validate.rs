//! Document-level checks: size quotas per policy type and allowed characters.
//!
//! Quotas (IAM and Organizations quota pages): managed identity policies and
//! boundaries 6,144 characters and session policies 2,048, whitespace not
//! counted; trust policies 2,048 by default (raisable, at most 8,192); SCPs
//! and RCPs 5,120 characters with whitespace counted.

use super::{Policy, PolicyKind};
use crate::diag::{Diagnostic, Span};
use crate::json::{Kind, Node};

struct Quota {
    limit: usize,
    counts_whitespace: bool,
    /// A limit that can be raised: exceeding it is a warning up to `hard`.
    hard: Option<usize>,
    name: &'static str,
}

fn quota(kind: PolicyKind) -> Option<Quota> {
    let q = |limit, counts_whitespace, hard, name| Some(Quota { limit, counts_whitespace, hard, name });
    match kind {
        PolicyKind::Identity | PolicyKind::Boundary => q(6144, false, None, "PolicySize"),
        PolicyKind::Session => q(2048, false, None, "session policy size"),
        PolicyKind::Trust => q(2048, false, Some(8192), "ACLSizePerRole"),
        PolicyKind::Scp | PolicyKind::Rcp => q(5120, true, None, "policy size"),
        PolicyKind::Resource => None,
    }
}

pub(super) fn check_document(node: &Node, text: &str, policy: &Policy, diags: &mut Vec<Diagnostic>) {
    let doc = policy.doc;
    let source = node.span.text(text);
    let ascii = source.is_ascii();
    // A text no longer in bytes than the quota is within it, whatever is counted.
    if let Some(q) = quota(policy.kind).filter(|q| source.len() > q.limit) {
        let size = match (q.counts_whitespace, ascii) {
            (true, true) => source.len(),
            (true, false) => source.chars().count(),
            (false, _) => plaintext_span_size(node.span, text),
        };
        let counted = if q.counts_whitespace { "" } else { ", whitespace not counted" };
        if size > q.hard.unwrap_or(q.limit) {
            diags.push(
                Diagnostic::error(
                    "policy/size-quota",
                    doc,
                    node.span,
                    format!(
                        "the {} is {size} characters{counted}; the quota for {} is {}",
                        policy.kind.describe(),
                        q.name,
                        q.hard.unwrap_or(q.limit)
                    ),
                )
                .with_help("split it into several policies or remove redundant statements"),
            );
        } else if size > q.limit {
            diags.push(
                Diagnostic::warning(
                    "policy/size-quota-adjustable",
                    doc,
                    node.span,
                    format!(
                        "the {} is {size} characters{counted}; the default quota for {} is {}",
                        policy.kind.describe(),
                        q.name,
                        q.limit
                    ),
                )
                .with_help("the quota can be raised through Service Quotas, up to 8,192"),
            );
        }
    }
    // Fast path: raw text without escapes holds exactly the characters it decodes to.
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r') || ('\u{20}'..='\u{ff}').contains(&c);
    // Strict JSON has no raw control character but tab, LF and CR, and those
    // only between tokens: ASCII text needs a closer look only for an escape.
    let clean = if ascii { !source.contains('\\') } else { !source.contains('\\') && source.chars().all(allowed) };
    if !clean {
        check_characters(node, doc, diags);
    }
}

/// IAM accepts only tab, LF, CR and U+0020 to U+00FF in policies.
fn check_characters(node: &Node, doc: crate::diag::DocId, diags: &mut Vec<Diagnostic>) {
    let bad = |s: &str| s.chars().find(|&c| !(matches!(c, '\t' | '\n' | '\r') || ('\u{20}'..='\u{ff}').contains(&c)));
    let report = |diags: &mut Vec<Diagnostic>, span: Span, c: char| {
        diags.push(
            Diagnostic::error(
                "policy/invalid-character",
                doc,
                span,
                format!("the character `{c}` (U+{:04X}) is not allowed in a policy", c as u32),
            )
            .with_help("policies may contain only tab, line feed, carriage return and characters U+0020 to U+00FF"),
        );
    };
    match &node.kind {
        Kind::String(s) => {
            if let Some(c) = bad(s) {
                report(diags, node.span, c);
            }
        }
        Kind::Array(items) => items.iter().for_each(|i| check_characters(i, doc, diags)),
        Kind::Object(members) => {
            for m in members {
                if let Some(c) = bad(&m.key) {
                    report(diags, m.key_span, c);
                }
                check_characters(&m.value, doc, diags);
            }
        }
        _ => {}
    }
}

/// Characters of a policy as IAM counts them: whitespace not counted.
pub fn plaintext_size(node: &Node, text: &str) -> usize {
    plaintext_span_size(node.span, text)
}

/// As [`plaintext_size`], for the text under a span.
pub fn plaintext_span_size(span: Span, text: &str) -> usize {
    let text = span.text(text);
    if text.is_ascii() {
        text.bytes().filter(|b| !b.is_ascii_whitespace()).count()
    } else {
        text.chars().filter(|c| !c.is_whitespace()).count()
    }
}

/// Resource-based policy size limits of the services that document one
/// (bytes, whitespace counted): SQS 8,192 (reference §8.1), S3 bucket
/// policies 20 KB, SNS topic policies 30 KB, KMS key policies 32 KB (each
/// service's quota page).
fn resource_policy_limit(service: &str) -> Option<(usize, &'static str)> {
    match service {
        "sqs" => Some((8192, "an SQS queue policy")),
        "s3" => Some((20 * 1024, "an S3 bucket policy")),
        "sns" => Some((30 * 1024, "an SNS topic policy")),
        "kms" => Some((32 * 1024, "a KMS key policy")),
        _ => None,
    }
}

/// Checks a resource-based policy against its service's size limit, once the
/// service is known (from the resource ARN).
pub fn check_resource_policy_size(policy: &Policy, text: &str, service: &str, diags: &mut Vec<Diagnostic>) {
    let Some((limit, what)) = resource_policy_limit(service) else { return };
    let size = policy.span.text(text).len();
    if size > limit {
        diags.push(
            Diagnostic::error(
                "policy/size-quota",
                policy.doc,
                policy.span,
                format!("the policy is {size} bytes; {what} may have at most {limit}"),
            )
            .with_help("split the statements across resources, or use wildcards and conditions to shorten them")
            .with_aws(crate::diag::AwsStance::Refuses),
        );
    }
}
