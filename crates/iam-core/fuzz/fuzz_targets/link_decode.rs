//! Fuzzes share links where the decompressor sees them: the input is the
//! compressed payload itself (arbitrary deflate data behind `s1.`), and, as
//! text, a scenario encoded and decoded again (which must round-trip to its compact form).
#![no_main]

use base64::Engine;
use iam_core::scenario::parse_scenario;
use iam_core::{share, DocId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Arbitrary bytes as the compressed payload: decoding is bounded and never panics.
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data);
    if let Ok(text) = share::decode(&format!("https://x.test/#s1.{payload}")) {
        let _ = parse_scenario(&text, DocId(0));
    }
    // JSON that encodes must decode to its compact form.
    if let Ok(text) = std::str::from_utf8(data) {
        if let (Ok(fragment), (Some(node), _)) = (share::encode_fragment(text), iam_core::document::parse(text, DocId(0))) {
            let back = share::decode(&share::link("https://x.test/", &fragment));
            assert_eq!(back.ok(), Some(node.to_compact()));
        }
    }
});
