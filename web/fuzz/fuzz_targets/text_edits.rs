//! The web app's text edits: typing anywhere (a splice), the outline's
//! structural edits, the step form, the entity form, "add to step" and
//! typing in a part opened on its own, applied in sequence to a bundled
//! example or to arbitrary text. Nothing panics, a structural edit of
//! readable JSON gives readable JSON, and a part shown without its
//! indentation goes back whole.
#![no_main]

use arbitrary::Arbitrary;
use iam_core::{document, DocId};
use iam_playground_web::model_edits::{self, Edit, Entity};
use iam_playground_web::named_edits::{self, NamedEdit, PolicySet};
use iam_playground_web::state::parts;
use iam_playground_web::{analysis, edits, entity_draft, examples::EXAMPLES, highlight, step_draft};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Op {
    Splice {
        at: u16,
        delete: u8,
        insert: String,
    },
    Add {
        account: u8,
        entity: u8,
    },
    AddAccount,
    AddStep {
        from: Option<u8>,
    },
    Rename {
        account: u8,
        entity: u8,
        index: u8,
        name: String,
    },
    Duplicate {
        account: u8,
        entity: u8,
        index: u8,
    },
    Delete {
        account: u8,
        entity: u8,
        index: u8,
    },
    DeleteStep {
        index: u8,
    },
    RenameAccount {
        account: u8,
        id: String,
    },
    DuplicateAccount {
        account: u8,
    },
    DeleteAccount {
        account: u8,
    },
    AddPolicy {
        set: u8,
    },
    RenamePolicy {
        set: u8,
        old: String,
        new: String,
    },
    DuplicatePolicy {
        set: u8,
        name: String,
    },
    DeletePolicy {
        set: u8,
        name: String,
    },
    AddOrganization,
    AddUnit,
    RenameUnit {
        unit: u8,
        name: String,
    },
    DuplicateUnit {
        unit: u8,
    },
    DeleteUnit {
        unit: u8,
    },
    StepForm {
        index: u8,
        name: String,
        principal: String,
        action: String,
        resource: String,
        kind: u8,
        context: Vec<(String, String)>,
    },
    /// Typing in the part around a byte: it is spliced back at its place.
    Part {
        at: u16,
        insert: String,
    },
    EntityForm {
        account: u8,
        kind: u8,
        index: u8,
        path: String,
        tags: String,
        policies: String,
        max_session: String,
        /// A new name, when not empty (carried to the references).
        name: String,
    },
    AddContextKey {
        step: u8,
        key: String,
    },
}

#[derive(Arbitrary, Debug)]
struct Input {
    example: u8,
    text: Option<String>,
    ops: Vec<Op>,
}

fn entity(n: u8) -> Entity {
    Entity::ALL[usize::from(n) % Entity::ALL.len()]
}

fn set(n: u8) -> PolicySet {
    match n % 4 {
        0 => PolicySet::Scps,
        1 => PolicySet::Rcps,
        k => PolicySet::Account(usize::from(k - 2)),
    }
}

fn readable(text: &str) -> bool {
    document::parse(text, DocId(0)).0.is_some()
}

/// Applies one op; `None` when it does not apply, and whether it is structural.
fn apply(text: &str, op: &Op) -> (Option<String>, bool) {
    let model = |e: Edit| (model_edits::apply(text, &e).ok(), true);
    let named = |e: NamedEdit| (named_edits::apply(text, &e).ok(), true);
    let (a, i) = (|n: &u8| usize::from(*n), |n: &u8| usize::from(*n));
    match op {
        Op::Splice { at, delete, insert } => {
            let mut start = usize::from(*at).min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + usize::from(*delete)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let mut out = text.to_string();
            out.replace_range(start..end, insert);
            (Some(out), false)
        }
        Op::Add { account, entity: e } => model(Edit::Add { account: a(account), entity: entity(*e) }),
        Op::AddAccount => model(Edit::AddAccount),
        Op::AddStep { from } => model(Edit::AddStep { from: from.map(|f| i(&f)) }),
        Op::Rename { account, entity: e, index, name } => {
            model(Edit::Rename { account: a(account), entity: entity(*e), index: i(index), name: name.clone() })
        }
        Op::Duplicate { account, entity: e, index } => {
            model(Edit::Duplicate { account: a(account), entity: entity(*e), index: i(index) })
        }
        Op::Delete { account, entity: e, index } => {
            model(Edit::Delete { account: a(account), entity: entity(*e), index: i(index) })
        }
        Op::DeleteStep { index } => model(Edit::DeleteStep { index: i(index) }),
        Op::RenameAccount { account, id } => model(Edit::RenameAccount { account: a(account), id: id.clone() }),
        Op::DuplicateAccount { account } => model(Edit::DuplicateAccount { account: a(account) }),
        Op::DeleteAccount { account } => model(Edit::DeleteAccount { account: a(account) }),
        Op::AddPolicy { set: s } => named(NamedEdit::Add(set(*s))),
        Op::RenamePolicy { set: s, old, new } => named(NamedEdit::Rename(set(*s), old.clone(), new.clone())),
        Op::DuplicatePolicy { set: s, name } => named(NamedEdit::Duplicate(set(*s), name.clone())),
        Op::DeletePolicy { set: s, name } => named(NamedEdit::Delete(set(*s), name.clone())),
        Op::AddOrganization => named(NamedEdit::AddOrganization),
        Op::AddUnit => named(NamedEdit::AddUnit),
        Op::RenameUnit { unit, name } => named(NamedEdit::RenameUnit(i(unit), name.clone())),
        Op::DuplicateUnit { unit } => named(NamedEdit::DuplicateUnit(i(unit))),
        Op::DeleteUnit { unit } => named(NamedEdit::DeleteUnit(i(unit))),
        Op::StepForm { index, name, principal, action, resource, kind, context } => {
            let Some(mut draft) = step_draft::read(text, i(index)) else { return (None, true) };
            draft.name = name.clone();
            draft.principal = principal.clone();
            draft.action = action.clone();
            draft.resource = resource.clone();
            draft.kind = step_draft::StepKind::ALL[usize::from(*kind) % step_draft::StepKind::ALL.len()];
            draft.context = context.clone();
            let _ = step_draft::problems(&draft);
            (step_draft::write(text, i(index), &draft), true)
        }
        Op::AddContextKey { step, key } => (edits::add_context_key(text, i(step), key).map(|(t, _)| t), true),
        Op::Part { at, insert } => {
            let Some(part) = parts::part_at(text, usize::from(*at)) else { return (None, false) };
            let shown = parts::display(text, &part);
            assert_eq!(parts::reindent(&shown, part.indent), text[part.start..part.end], "a part goes back whole");
            for b in (0..=shown.len()).step_by(7) {
                let doc = parts::from_display(text, &part, b);
                assert!(doc >= part.start && doc <= part.end, "{b} maps into the part");
            }
            let typed = format!("{insert}{shown}");
            let written = parts::reindent(&typed, part.indent);
            (Some(format!("{}{written}{}", &text[..part.start], &text[part.end..])), false)
        }
        Op::EntityForm { account, kind, index, path, tags, policies, max_session, name } => {
            let kinds = ["users", "groups", "roles"];
            let subject = format!("accounts/{}/{}/{}", a(account), kinds[usize::from(*kind) % 3], i(index));
            let Some(mut draft) = entity_draft::read(text, &subject) else { return (None, true) };
            draft.path = path.clone();
            draft.tags = tags.clone();
            draft.policies = policies.clone();
            draft.max_session = max_session.clone();
            if !name.is_empty() {
                draft.name = name.clone();
            }
            if !entity_draft::problems(&draft).is_empty() {
                return (None, true);
            }
            (entity_draft::apply(text, &subject, &draft).ok(), true)
        }
    }
}

fuzz_target!(|input: Input| {
    let example = EXAMPLES.get(usize::from(input.example) % EXAMPLES.len());
    let mut text = match (input.text, example) {
        (Some(t), _) if input.example % 2 == 0 => t,
        (_, Some(e)) => e.text().to_string(),
        (Some(t), None) => t,
        (None, None) => return,
    };
    for op in input.ops.iter().take(12) {
        let (result, structural) = apply(&text, op);
        if let Some(next) = result {
            if structural && readable(&text) {
                assert!(readable(&next), "{op:?} turned readable JSON into unreadable text:\n{next}");
            }
            text = next;
        }
        // What the page draws from the text after every edit.
        let _ = model_edits::outline(&text);
        let _ = named_edits::org_outline(&text);
        let _ = highlight::segments(&text, &[(0, text.len(), true)], Some((0, 1)));
        let _ = step_draft::read(&text, 0);
        let _ = step_draft::principal_choices(&text, 3);
        let _ = step_draft::role_choices(&text);
    }
    let _ = analysis::analyse(&text);
});
