use super::*;
use crate::scenario::{parse_scenario, StarterPolicies};
use proptest::prelude::*;

const DOC: DocId = DocId(0);

/// Every scenario of the repository: the examples and the test scenarios.
fn scenarios() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for dir in ["examples", "tests/scenarios"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "json")) {
            out.push((f.display().to_string(), std::fs::read_to_string(&f).unwrap()));
        }
    }
    assert!(out.len() >= 15, "{} scenarios", out.len());
    out
}

fn full(text: &str) -> ParsedScenario {
    crate::scenario::parse_scenario_with(text, DOC, &StarterPolicies)
}

fn same(a: &ParsedScenario, b: &ParsedScenario) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

/// What an edit does at a place: texts a person types, deletes or pastes.
const TYPED: &[&str] = &[
    "a",
    "\"",
    ",",
    "{",
    "}",
    ":",
    " ",
    "*",
    "é",
    "\n",
    "s3:GetObjekt",
    "\"Deny\"",
    "Deny",
    "Allow",
    "]",
    "[",
    "\"Sid\": \"X\", ",
    "\"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}, ",
    "${aws:username}",
    "\"NotAction\": \"s3:*\", ",
    "\"Principal\": \"*\", ",
    "arn:aws:s3:::b/*",
    "2012-10-17",
    "\\u00e9",
    "😀",
];

/// Applies edit `(place, what)` to `text`: `what` below the number of typed
/// texts inserts one, above it deletes a few bytes. `place` is scaled to the
/// text and moved to a character boundary.
fn edit(text: &str, place: u32, what: usize) -> String {
    let mut at = (place as usize * text.len()) / (u32::MAX as usize + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if let Some(typed) = TYPED.get(what) {
        return format!("{}{typed}{}", &text[..at], &text[at..]);
    }
    let mut end = (at + what - TYPED.len() + 1).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{}", &text[..at], &text[end..])
}

/// Which parts an edit is put in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parts {
    Policies,
    Steps,
    Entities,
}

/// A place inside one of the `parts` of `text`, when `inside` (most edits
/// land there when typing), else anywhere.
fn place_in_parts(text: &str, parsed: &ParsedScenario, pick: u32, inside: bool, parts: Parts) -> u32 {
    let Some(s) = &parsed.scenario else { return pick };
    let mut spans = Vec::new();
    if parts == Parts::Steps {
        spans.extend(s.steps.iter().map(|s| s.span));
    }
    if parts == Parts::Entities {
        for a in &s.accounts {
            spans.extend(a.users.iter().map(|x| x.span).chain(a.groups.iter().map(|x| x.span)));
            spans.extend(a.roles.iter().map(|x| x.span).chain(a.resources.iter().map(|x| x.span)));
        }
    }
    for a in s.accounts.iter().filter(|_| parts == Parts::Policies) {
        spans.extend(a.policies.iter().map(|p| p.policy.span));
        for u in &a.users {
            spans.extend(u.inline_policies.iter().map(|p| p.policy.span));
        }
        for r in &a.roles {
            spans.extend(r.trust_policy.iter().map(|p| p.span));
            spans.extend(r.inline_policies.iter().map(|p| p.policy.span));
        }
        spans.extend(a.resources.iter().filter_map(|r| r.policy.as_ref().map(|p| p.span)));
    }
    if let Some(o) = s.organization.as_ref().filter(|_| parts == Parts::Policies) {
        spans.extend(o.scps.iter().chain(&o.rcps).map(|p| p.policy.span));
    }
    spans.retain(|s| s.end > s.start + 1);
    if !inside || spans.is_empty() {
        return pick;
    }
    let span = spans[pick as usize % spans.len()];
    let offset = span.start as usize + 1 + (pick as usize / spans.len()) % (span.end - span.start - 1) as usize;
    u32::try_from((offset as u128 * (u128::from(u32::MAX) + 1) / text.len() as u128) as u64).unwrap_or(u32::MAX)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Read again in part after each of a run of edits, a scenario is what
    /// reading it whole gives: every span, diagnostic and policy.
    #[test]
    fn reading_in_part_is_reading_whole(
        which in 0usize..100,
        edits in prop::collection::vec((any::<u32>(), 0usize..TYPED.len() + 6, prop::bool::weighted(0.85), 0usize..3), 1..12),
    ) {
        let all = scenarios();
        let (name, text) = &all[which % all.len()];
        let mut text = text.clone();
        let mut parsed = full(&text);
        for (pick, what, inside, parts) in edits {
            let parts = [Parts::Policies, Parts::Steps, Parts::Entities][parts];
            let place = place_in_parts(&text, &parsed, pick, inside, parts);
            let next = edit(&text, place, what);
            let whole = full(&next);
            if let Some(part) = reparse_scenario(&text, parsed.clone(), &next, DOC) {
                prop_assert!(same(&part, &whole), "{name}: edit {what} at {place}:\n{}\n---\npart: {:?}\nwhole: {:?}", next, part.diagnostics, whole.diagnostics);
            }
            text = next;
            parsed = whole;
        }
    }
}

#[test]
fn typing_in_a_policy_reads_it_alone_and_moves_what_follows() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/break-glass-admin.json"),
    )
    .unwrap();
    let old = parse_scenario(&text, DOC);
    // A typo typed into the first statement's effect: the document is read alone...
    let at = text.find("\"Effect\": \"").unwrap() + "\"Effect\": \"".len();
    let typed = format!("{}x{}", &text[..at], &text[at..]);
    let part = reparse_scenario(&text, old.clone(), &typed, DOC).expect("the edit lies in one policy document");
    assert!(same(&part, &full(&typed)));
    // ...and the steps after it, and every statement after it, moved by one byte.
    let (before, after) = (&old.scenario.as_ref().unwrap().steps, &part.scenario.as_ref().unwrap().steps);
    assert!(before
        .iter()
        .zip(after)
        .all(|(b, a)| a.span.start == b.span.start + 1 && a.span.text(&typed) == b.span.text(&text)));
    // ...and says what is wrong with it, where it is.
    assert!(
        part.diagnostics.iter().any(|d| d.is_error() && d.span().text(&typed).contains("xAllow")),
        "{:?}",
        part.diagnostics
    );
}

/// One edit of a sweep: where, and how each reading went.
struct Swept {
    name: String,
    text: String,
    next: String,
    what: usize,
    place: u32,
    /// The reading in part, when there was one (it is the whole reading's).
    part: Option<ParsedScenario>,
}

/// Forty edits in `parts` of every scenario, keeping those that leave the
/// JSON readable (one that breaks it is read whole, to say where) and that
/// `keep` takes; each read whole and in part. Every edit read in part must
/// be what reading whole gives.
fn sweep(
    parts: Parts,
    stride: usize,
    keep: impl Fn(&str, &ParsedScenario, &str, &ParsedScenario) -> bool,
) -> Vec<Swept> {
    let mut out = Vec::new();
    for (name, text) in scenarios() {
        let parsed = full(&text);
        for k in 0..40u32 {
            let what = (k as usize * stride) % (TYPED.len() + 6);
            let place = place_in_parts(&text, &parsed, k.wrapping_mul(2_654_435_761), true, parts);
            let next = edit(&text, place, what);
            let whole = full(&next);
            if whole.diagnostics.iter().any(|d| d.code == "json/syntax") || !keep(&text, &parsed, &next, &whole) {
                continue;
            }
            let part = reparse_scenario(&text, parsed.clone(), &next, DOC);
            if let Some(p) = &part {
                assert!(same(p, &whole), "{name}: edit {what} at {place}");
            }
            out.push(Swept { name: name.clone(), text: text.clone(), next, what, place, part });
        }
    }
    out
}

/// Asserts that every edit swept was read in part, and that there were `at_least`.
fn all_in_part(swept: &[Swept], at_least: usize) {
    if let Some(s) = swept.iter().find(|s| s.part.is_none()) {
        let at = Edit::between(&s.text, &s.next).start;
        let around = &s.next[at.saturating_sub(80)..(at + 80).min(s.next.len())];
        panic!("{}: edit {} at {} was read whole:\n{around}", s.name, s.what, s.place);
    }
    assert!(swept.len() > at_least, "{} edits", swept.len());
}

/// Every edit inside a document that leaves the JSON readable is read in
/// part, and is what reading whole gives.
#[test]
fn every_readable_edit_inside_a_document_is_read_in_part() {
    all_in_part(&sweep(Parts::Policies, 7, |_, _, _, _| true), 200);
}

/// Every edit inside a step that leaves it readable is read in part, unless
/// the step names managed session policies; and is what reading whole gives.
#[test]
fn every_readable_edit_inside_a_step_is_read_in_part() {
    let in_a_plain_step = |text: &str, old: &ParsedScenario, next: &str, whole: &ParsedScenario| {
        let edited = Edit::between(text, next);
        let steps = old.scenario.as_ref().map_or(&[][..], |s| &s.steps[..]);
        let in_step = steps
            .iter()
            .find(|s| (s.span.start as usize) < edited.start && edited.start + edited.removed < s.span.end as usize);
        let same_steps = whole.scenario.as_ref().is_some_and(|w| w.steps.len() == steps.len());
        same_steps && in_step.is_some_and(|s| !s.span.text(text).contains("policy_arns"))
    };
    all_in_part(&sweep(Parts::Steps, 5, in_a_plain_step), 100);
}

/// An edit of a user's, group's, role's or resource's own fields (tags,
/// MFA, a role's session length…) is read in part; one that changes what
/// ties it to the rest (its name, path or ARN, what it refers to) is read
/// whole. Either way the result is the whole read's.
#[test]
fn an_entitys_own_fields_are_read_in_part_and_its_ties_whole() {
    let swept = sweep(Parts::Entities, 3, |_, _, _, _| true);
    let reused = swept.iter().filter(|s| s.part.is_some()).count();
    assert!(swept.len() > 200 && reused * 3 > swept.len(), "{reused} of {} read in part", swept.len());
    // Named cases: a tag and MFA in part; a name, a path or an attachment whole.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/alice-developer.json"),
    )
    .unwrap();
    let old = full(&text);
    let read =
        |new: String| reparse_scenario(&text, old.clone(), &new, DOC).map(|p| assert!(same(&p, &full(&new)), "{new}"));
    assert!(read(text.replacen("\"name\": \"alice\"", "\"name\": \"alice\", \"mfa\": true", 1)).is_some(), "MFA");
    assert!(read(text.replacen("\"name\": \"alice\"", "\"name\": \"alicia\"", 1)).is_none(), "a name");
    assert!(
        read(text.replacen("\"name\": \"alice\"", "\"name\": \"alice\", \"path\": \"/dev/\"", 1)).is_none(),
        "a path"
    );
}

#[test]
fn the_problems_of_an_entitys_references_move_with_them() {
    let text = r#"{"version": 1, "accounts": [{"id": "111111111111", "groups": [{"name": "g"}],
      "users": [{"name": "u", "tags": {"team": "a"}, "groups": ["g", "nogroup"], "policies": ["Nope", "arn:aws:iam::aws:policy/NoSuchPolicy"]}]}], "steps": []}"#;
    let old = parse_scenario(text, DOC);
    let codes: Vec<&str> = old.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"scenario/unknown-policy") && codes.contains(&"scenario/unknown-group"), "{codes:?}");
    // A longer tag before the references moves them.
    let tagged = text.replacen("\"team\": \"a\"", "\"team\": \"platform\"", 1);
    let part = reparse_scenario(text, old, &tagged, DOC).expect("a tag is the user's own field");
    assert!(same(&part, &full(&tagged)));
    for (code, under) in [("scenario/unknown-policy", "\"Nope\""), ("scenario/unknown-group", "\"nogroup\"")] {
        let d = part.diagnostics.iter().find(|d| d.code == code).unwrap();
        assert_eq!(d.span().text(&tagged), under, "{code}");
    }
}

#[test]
fn a_step_read_again_remakes_the_checks_between_steps() {
    let text = r#"{"version": 1, "accounts": [{"id": "111111111111", "users": [{"name": "u"}], "roles": [{"name": "R", "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}}]}],
  "steps": [
    {"name": "assume", "id": "s1", "assume_role": {"caller": "arn:aws:iam::111111111111:user/u", "role": "arn:aws:iam::111111111111:role/R"}},
    {"name": "use", "request": {"principal": "session:s1", "action": "s3:ListAllMyBuckets", "resource": "*"}}
  ]}"#;
    let old = parse_scenario(text, DOC);
    assert!(!old.diagnostics.iter().any(|d| d.code == "scenario/unknown-session"), "{:?}", old.diagnostics);
    // Renaming the first step's id leaves the second naming a session no step makes.
    let renamed = text.replacen("\"id\": \"s1\"", "\"id\": \"s2\"", 1);
    let part = reparse_scenario(text, old, &renamed, DOC).expect("the edit lies in one step");
    assert!(same(&part, &full(&renamed)));
    let unknown: Vec<_> = part.diagnostics.iter().filter(|d| d.code == "scenario/unknown-session").collect();
    assert_eq!(unknown.len(), 1, "{:?}", part.diagnostics);
    assert_eq!(unknown[0].span().text(&renamed), "\"session:s1\"", "said in the other step");
}

#[test]
fn what_is_not_one_policy_document_is_read_whole() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/break-glass-admin.json"),
    )
    .unwrap();
    let old = parse_scenario(&text, DOC);
    let refused = |new: String, why: &str| assert!(reparse_scenario(&text, old.clone(), &new, DOC).is_none(), "{why}");
    // A user's name: outside every document.
    refused(text.replacen("\"bob\"", "\"rob\"", 1), "a name");
    // A brace of a document removed: the text no longer has the same shape.
    let statement = text.find("\"Statement\"").unwrap();
    refused(format!("{}{}", &text[..statement], &text[statement + 1..]), "a syntax error");
    // The same text: the parse is kept as it is.
    assert!(reparse_scenario(&text, old.clone(), &text, DOC).is_some_and(|p| same(&p, &old)));
}

#[test]
fn an_inline_total_over_the_quota_is_left_to_the_whole_read() {
    let big = "x".repeat(2100);
    let text = format!(
        r#"{{"version": 1, "accounts": [{{"id": "111111111111", "users": [{{"name": "u", "inline_policies": {{"P": {{"Version": "2012-10-17", "Statement": [{{"Sid": "{big}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]}}}}}}]}}], "steps": []}}"#
    );
    let old = parse_scenario(&text, DOC);
    assert!(old.diagnostics.iter().any(|d| d.code == "policy/inline-size-quota"));
    let shorter = text.replacen(&big, "x", 1);
    assert!(reparse_scenario(&text, old, &shorter, DOC).is_none(), "the quota's error sits on the user");
}
