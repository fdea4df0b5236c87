//! Fuzzes parsing and evaluation: arbitrary bytes as a request file (parsed,
//! and evaluated when readable) and as a policy of every type. Nothing may panic.
#![no_main]

use iam_core::{evaluate, parse_policy, parse_request_file, DocId, PolicyId, PolicyKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse_request_file(text, DocId(0));
    if let Some(file) = parsed.evaluable() {
        let _ = evaluate(&file.policies, &file.request);
    }
    for kind in [
        PolicyKind::Identity,
        PolicyKind::Resource,
        PolicyKind::Trust,
        PolicyKind::Scp,
        PolicyKind::Rcp,
        PolicyKind::Boundary,
        PolicyKind::Session,
    ] {
        let _ = parse_policy(text, PolicyId::new("fuzz"), kind, DocId(0));
    }
});
