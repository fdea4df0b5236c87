//! The readable explanation printed by `eval-request --explain`.

use crate::diagnostics::render_text;
use iam_core::explain::words::{element_sentence, Checked, Element};
use iam_core::explain::{ElementMatch, PolicyTrace, StatementTrace};
use iam_core::{Diagnostic, Evaluation, Expected, LineIndex, RequestFile};
use std::fmt::Write;

pub fn explain(
    path: &str,
    text: &str,
    file: &RequestFile,
    expected: Option<&Expected>,
    ev: &Evaluation,
    diagnostics: &[Diagnostic],
) -> String {
    let index = LineIndex::new(text);
    let line_of = |offset: usize| index.line_col(offset).line;
    let mut out = String::new();
    let title = file.name.as_deref().map(|n| format!(" — {n}")).unwrap_or_default();
    let _ = writeln!(out, "== {path}{title}");
    let level = ev.level.map(|l| format!(" level {l}")).unwrap_or_default();
    match ev.aws_rule {
        Some(rule) => {
            let _ = writeln!(out, "decision: {} (decided by a rule of AWS)", ev.decision.as_str());
            let _ = writeln!(out, "rule: {}", rule.describe());
            let _ = writeln!(
                out,
                "the policies alone: {} (decided by: {}{level})",
                ev.policy_decision.as_str(),
                ev.layer.describe()
            );
        }
        None => {
            let _ = writeln!(out, "decision: {} (decided by: {}{level})", ev.decision.as_str(), ev.layer.describe());
        }
    }
    for sentence in iam_core::explain::summarize(ev, &file.policies, &file.request).sentences() {
        let _ = writeln!(out, "why: {sentence}");
    }
    let errors = iam_core::document_error_codes(diagnostics);
    if !errors.is_empty() {
        let _ = writeln!(out, "note: computed over documents AWS would refuse ({})", errors.join(", "));
    }
    if let Some(expected) = expected {
        let wanted = expected.decision.map_or("-", |d| d.as_str());
        let met = expected.met(Some(ev), &errors);
        let _ = writeln!(out, "expected: {wanted} — {}", if met { "pass" } else { "FAIL" });
    }
    let r = &file.request;
    explain_evaluation(&mut out, ev, (&r.action, &r.resource), text, &line_of);
    if !diagnostics.is_empty() {
        let _ = writeln!(out, "\n{}:", if errors.is_empty() { "warnings" } else { "diagnostics" });
        out.push_str(&render_text(diagnostics, text, path));
    }
    out.push('\n');
    out
}

/// The part of an explanation that depends only on the evaluation of
/// `(action, resource)`: caller, layers, determining statements, every
/// policy's trace (its values quoted from `text`, the file the policies were
/// read from), missing context.
pub fn explain_evaluation(
    out: &mut String,
    ev: &Evaluation,
    (action, resource): (&str, &str),
    text: &str,
    line_of: &dyn Fn(usize) -> usize,
) {
    let request = format!("{action} on {resource}");
    let accounts = match (&ev.caller_account, &ev.resource_account) {
        (Some(c), Some(_)) if ev.same_account => format!(" in account {c}, the resource's account"),
        (Some(c), Some(res)) => format!(" in account {c}; the resource is in account {res} (cross-account)"),
        (None, Some(res)) => format!("; the resource is in account {res}"),
        (Some(c), None) => format!(" in account {c}"),
        (None, None) => String::new(),
    };
    let _ = writeln!(out, "caller: {}{accounts}", ev.caller.describe());
    let _ = writeln!(out, "request: {request}");
    if ev.explicit_allow_required {
        let _ = writeln!(out, "note: this resource's policy must allow explicitly (trust policy or KMS key policy)");
    }
    let _ = writeln!(out, "\nlayers, in AWS evaluation order:");
    for layer in &ev.layers {
        let name = layer.label(ev);
        let note = layer.note.map(|n| format!(" — {}", n.describe())).unwrap_or_default();
        let empty =
            if layer.policies.is_empty() && layer.level.is_some() { " (no policies at this level)" } else { "" };
        let _ = writeln!(out, "  {name:<40} {}{note}{empty}", layer.verdict.describe());
    }
    if !ev.determining.is_empty() {
        let _ = writeln!(out, "\ndetermining statements:");
        for d in &ev.determining {
            let sid = d.sid.as_deref().map(|s| format!(" \"{s}\"")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} statement {}{sid} ({:?}, line {})",
                d.policy,
                d.statement + 1,
                d.effect,
                line_of(d.span.lo())
            );
        }
    }
    if !ev.policies.is_empty() {
        let _ = writeln!(out, "\npolicies:");
        let checked = Checked { action, resource, caller: &ev.caller };
        for p in &ev.policies {
            // Policies AWS provides are not in the file: their spans point elsewhere.
            let text = (p.doc != iam_core::scenario::AWS_DOC).then_some(text);
            write_policy(out, ev, p, &checked, text, line_of);
        }
    }
    if !ev.missing_context.is_empty() {
        let _ =
            writeln!(out, "\ncontext keys referenced but missing from the request: {}", ev.missing_context.join(", "));
    }
}

fn write_policy(
    out: &mut String,
    ev: &Evaluation,
    p: &PolicyTrace,
    checked: &Checked<'_>,
    text: Option<&str>,
    line_of: &dyn Fn(usize) -> usize,
) {
    let level = ev.level_label(p.layer, p.level);
    let _ = writeln!(out, "  {} ({}{level}): {}", p.id, p.kind.describe(), p.outcome.describe());
    for s in &p.statements {
        write_statement(out, p, s, checked, text, line_of);
    }
    if p.omitted > 0 {
        let _ = writeln!(
            out,
            "    … and {} more statements that did not apply (the run has traced {} statements; later steps list only those that apply)",
            p.omitted,
            iam_core::scenario::MAX_TRACED_STATEMENTS
        );
    }
}

/// An element that was checked, as a sentence with the values compared.
fn element(element: Element, m: &ElementMatch, checked: &Checked<'_>, text: Option<&str>) -> Option<String> {
    let mark = match m {
        ElementMatch::Matched { .. } => "✓",
        ElementMatch::NotMatched { .. } => "✗",
        ElementMatch::Absent | ElementMatch::Skipped => return None,
    };
    Some(format!("{mark} {}", element_sentence(element, m, checked, text)))
}

fn write_statement(
    out: &mut String,
    p: &PolicyTrace,
    s: &StatementTrace,
    checked: &Checked<'_>,
    text: Option<&str>,
    line_of: &dyn Fn(usize) -> usize,
) {
    let sid = s.sid.as_deref().map(|x| format!(" \"{x}\"")).unwrap_or_default();
    let status = if s.applies { "applies" } else { "does not apply" };
    if let Some(why) = s.inert {
        let _ = writeln!(
            out,
            "    statement {} {:?}{sid} (line {}): {status} — {}",
            s.index + 1,
            s.effect,
            line_of(s.span.lo()),
            why.describe()
        );
        return;
    }
    for ignored in p.ignored_in(s.index) {
        let _ = writeln!(
            out,
            "    statement {} (line {}): `{}` is not allowed in this policy type and was ignored",
            s.index + 1,
            line_of(ignored.span.lo()),
            ignored.name
        );
    }
    let elements = [
        (Element::Principal, &s.principal),
        (Element::Action, &s.action),
        (Element::Resource, &s.resource),
        (Element::Condition, &s.condition),
    ];
    let head = format!("    statement {} {:?}{sid} (line {}): {status}", s.index + 1, s.effect, line_of(s.span.lo()));
    // A statement that does not apply: the element that failed says why, on one line.
    if let Some((e, m)) = elements.iter().find(|(_, m)| matches!(m, ElementMatch::NotMatched { .. })) {
        let _ = writeln!(out, "{head} — {}", element_sentence(*e, m, checked, text));
    } else {
        let _ = writeln!(out, "{head}");
        for part in elements.iter().filter_map(|(e, m)| element(*e, m, checked, text)) {
            let _ = writeln!(out, "      {part}");
        }
    }
    for c in &s.conditions {
        let context = c.context_values.as_ref().map_or("absent".to_string(), |v| format!("{v:?}"));
        let _ = writeln!(
            out,
            "      {} {}: request {context}, policy {:?} → {} ({})",
            c.operator,
            c.key,
            c.policy_values,
            c.matched,
            c.why.describe()
        );
        if c.omitted_values > 0 {
            let _ =
                writeln!(out, "        ({} more values not shown in the trace; all were compared)", c.omitted_values);
        }
    }
}
