//! Fuzzes the scenario parser (running valid scenarios) and the share-link decoder.
#![no_main]

use iam_core::scenario::{parse_scenario, run_scenario};
use iam_core::{blocks_evaluation, share, DocId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse_scenario(text, DocId(0));
    if let (Some(s), false) = (&parsed.scenario, blocks_evaluation(&parsed.diagnostics)) {
        let _ = run_scenario(s);
    }
    if let Ok(decoded) = share::decode(text) {
        let _ = parse_scenario(&decoded, DocId(0));
    }
});
