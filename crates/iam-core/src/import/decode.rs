//! Policy documents as AWS returns them: a JSON object (the AWS CLI and the
//! SDKs decode them) or a URL-encoded JSON string (the raw API).

use crate::diag::DocId;
use crate::json::{Kind, Node};

/// The document under `value`, as a JSON tree of its own; the reason when
/// it cannot be read.
pub fn document(value: &Node<'_>) -> Result<Node<'static>, String> {
    match &value.kind {
        Kind::Object(_) => Ok(value.clone().into_owned()),
        Kind::String(encoded) => {
            let text = percent_decode(encoded).ok_or("its URL encoding is damaged")?;
            let (node, diagnostics) = crate::json::parse(&text, DocId(0));
            match node {
                Some(n) if n.as_object().is_some() => Ok(n.into_owned()),
                _ => Err(diagnostics
                    .first()
                    .map_or("it is not a JSON object".to_string(), |d| format!("it is not JSON: {}", d.message))),
            }
        }
        _ => Err(format!("it is {}, not a policy document", value.type_name())),
    }
}

/// `%7B%22Version…` as text (RFC 3986 percent-encoding; `+` stays `+`).
/// `None` when an escape is incomplete or the bytes are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
