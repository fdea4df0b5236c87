//! Share links: a scenario in the URL fragment as `s1.<payload>`, where the
//! payload is the scenario's compact JSON, raw-deflated and base64url-encoded
//! without padding. Decoding is bounded (link length, decompressed size,
//! nesting depth) and every malformed input is a diagnostic, never a panic.

use crate::diag::{Diagnostic, DocId, Span};
use crate::json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The current link format.
pub const PREFIX: &str = "s1.";
/// Longest payload accepted (characters of base64url).
pub const MAX_PAYLOAD: usize = 256 * 1024;
/// Largest decompressed scenario accepted (bytes).
pub const MAX_DECOMPRESSED: usize = 2 * 1024 * 1024;
/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 64;

/// A preset dictionary of text common in scenarios: the compressor starts
/// with it in its window, so even a short scenario can refer back to it.
/// Part of the `s1` format: it must never change (a new one needs `s2`).
const DICTIONARY: &str = concat!(
    r#"StringNotEqualsIfExists":{"aws:PrincipalOrgID"StringLike":{"aws:PrincipalArn"ArnLike":{"aws:SourceArn":"#,
    r#""Bool":{"aws:MultiFactorAuthPresent":"true"}"StringEquals":{"aws:SourceAccount":""aws:RequestedRegion":["eu-west-1","#,
    r#""us-east-1""aws:ResourceTag/"aws:PrincipalTag/"NotAction":["iam:*","sts:*","organizations:*"],"Condition":{"#,
    r#""Principal":{"Service":"lambda.amazonaws.com"}"Principal":{"Federated":"arn:aws:iam::"Principal":{"AWS":"arn:aws:iam::"#,
    r#":oidc-provider/token.actions.githubusercontent.com","token.actions.githubusercontent.com:sub":"repo:"#,
    r#""sts:AssumeRoleWithWebIdentity""sts:AssumeRole""ec2.amazonaws.com""s3:GetObject","s3:PutObject","s3:ListBucket"#,
    r#""dynamodb:GetItem","dynamodb:PutItem","ec2:RunInstances","ec2:Describe*"arn:aws:dynamodb:eu-west-1:"#,
    r#""arn:aws:ec2:eu-west-1:"arn:aws:s3:::"arn:aws:iam::aws:policy/AdministratorAccess"arn:aws:iam::aws:policy/"#,
    r#"{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Deny","Action":"*","Resource":"*"}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["","Resource":"arn:aws:"#,
    r#""organization":{"id":"o-","management_account":"","service_control_policies":{"#,
    r#""resource_control_policies":{"root":{"id":"r-","name":"","scps":["FullAWSAccess",""units":[{"id":"ou-","accounts":[""#,
    r#""max_session_duration":3600,"permissions_boundary":"","trust_policy":{"inline_policies":{"policies":["#,
    r#""resources":[{"arn":"arn:aws:s3:::","tags":{"policy":{"roles":[{"name":"","path":"/","#,
    r#""groups":[{"name":"","users":[{"name":"","mfa":true,"access_keys":[{"id":"AKIA"#,
    r#""service_assume_role":{"service":"","source_arn":"arn:aws:"assume_role_with_web_identity":{"provider":"","claims":{"aud":"sts.amazonaws.com","sub":"#,
    r#""assume_role":{"caller":"arn:aws:iam::","role":"arn:aws:iam::","session_name":"","duration_seconds":3600,"mfa":true},"#,
    r#""expect":"allowed"},{"name":"","expect":"implicitDeny"},{"name":"","expect":"explicitDeny"},{"name":"","expect":"error"}"#,
    r#""request":{"principal":"arn:aws:iam::","action":"","resource":"arn:aws:","region":"eu-west-1","time":"2026-"#,
    r#""session:","id":"","context":{"steps":[{"name":"","accounts":[{"id":"","alias":"","#,
    r#"{"version":1,"title":"","description":"","start_time":"2026-"#
);

/// Raw deflate of `data` with [`DICTIONARY`] preloaded in the window.
fn compress_with_dictionary(data: &[u8]) -> Vec<u8> {
    use miniz_oxide::deflate::core::{compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush};
    let mut compressor = CompressorOxide::new(create_comp_flags_from_zip_params(10, -15, 0));
    // Compress the dictionary and throw its bytes away; a sync flush ends on a
    // byte boundary, so what follows starts with a fresh block.
    let mut scratch = vec![0u8; DICTIONARY.len() + 1024];
    let _ = compress(&mut compressor, DICTIONARY.as_bytes(), &mut scratch, TDEFLFlush::Sync);
    let mut out = Vec::new();
    let mut input = data;
    let mut buffer = vec![0u8; data.len() + 1024];
    loop {
        let (status, consumed, written) = compress(&mut compressor, input, &mut buffer, TDEFLFlush::Finish);
        out.extend_from_slice(buffer.get(..written).unwrap_or(&[]));
        input = input.get(consumed..).unwrap_or(&[]);
        if status != miniz_oxide::deflate::core::TDEFLStatus::Okay || (input.is_empty() && written < buffer.len()) {
            break;
        }
    }
    out
}

/// Inflates `data` with [`DICTIONARY`] as the preceding output, up to `limit` bytes.
fn decompress_with_dictionary(data: &[u8], limit: usize) -> Result<Vec<u8>, miniz_oxide::inflate::TINFLStatus> {
    use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
    use miniz_oxide::inflate::TINFLStatus;
    let start = DICTIONARY.len();
    let mut out = vec![0u8; start + limit + 1];
    out.get_mut(..start).map(|d| d.copy_from_slice(DICTIONARY.as_bytes())).ok_or(TINFLStatus::Failed)?;
    let mut state = DecompressorOxide::new();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, _, written) = decompress(&mut state, data, &mut out, start, flags);
    match status {
        TINFLStatus::Done if written <= limit => Ok(out.get(start..start + written).unwrap_or(&[]).to_vec()),
        TINFLStatus::Done | TINFLStatus::HasMoreOutput => Err(TINFLStatus::HasMoreOutput),
        other => Err(other),
    }
}

/// Encodes a scenario's JSON text as a fragment (`s1.…`). The text must be
/// one JSON value; it is minified first, so the link decodes to compact JSON.
pub fn encode_fragment(scenario_json: &str) -> Result<String, Diagnostic> {
    let (node, diags) = json::parse(scenario_json, DocId(0));
    let node = match (node, diags.into_iter().find(Diagnostic::is_error)) {
        (Some(n), None) => n,
        (_, Some(d)) => return Err(d),
        (None, None) => {
            return Err(Diagnostic::error(
                "link/invalid-scenario",
                DocId(0),
                Span::default(),
                "the scenario is not JSON",
            ))
        }
    };
    let compact = node.to_compact();
    let compressed = compress_with_dictionary(compact.as_bytes());
    Ok(format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(compressed)))
}

/// Joins a base URL and a fragment: `https://…/#s1.…`.
pub fn link(base: &str, fragment: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    format!("{base}#{fragment}")
}

fn fail(code: &'static str, span: Span, message: impl Into<String>, help: &str) -> Diagnostic {
    Diagnostic::error(code, DocId(0), span, message).with_help(help)
}

/// Decodes a link or fragment back to the scenario's compact JSON text.
/// Accepts a whole URL, `#s1.…`, or `s1.…`; other `&`-separated fragment
/// parts (such as `embed`) are ignored.
pub fn decode(link: &str) -> Result<String, Diagnostic> {
    let fragment_start = link.find('#').map_or(0, |i| i + 1);
    let fragment = link.get(fragment_start..).unwrap_or("");
    let mut offset = fragment_start;
    let mut payload = None;
    for part in fragment.split('&') {
        if part.starts_with('s') && part.contains('.') {
            payload = Some((offset, part));
        }
        offset += part.len() + 1;
    }
    let whole = Span::new(0, link.len());
    let Some((at, part)) = payload else {
        return Err(fail(
            "link/missing-scenario",
            whole,
            "the link holds no scenario",
            "a scenario link ends in `#s1.` followed by the encoded scenario",
        ));
    };
    let (version, data) = part.split_once('.').unwrap_or((part, ""));
    let span = Span::new(at, at + part.len());
    if format!("{version}.") != PREFIX {
        let newer = version.get(1..).and_then(|v| v.parse::<u32>().ok()).is_some_and(|v| v > 1);
        let message = if newer {
            format!("this link was made by a newer version of the playground (format `{version}`)")
        } else {
            format!("unknown link format `{version}`")
        };
        return Err(fail(
            "link/unsupported-version",
            span,
            message,
            "this playground reads `s1.` links; open the link in the version that made it",
        ));
    }
    if data.len() > MAX_PAYLOAD {
        return Err(fail(
            "link/too-large",
            span,
            format!("the link's scenario is {} characters; at most {MAX_PAYLOAD} are accepted", data.len()),
            "",
        ));
    }
    let compressed = URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|_| {
        fail(
            "link/invalid-encoding",
            span,
            "the link is damaged: its scenario is not valid base64url",
            "copy the whole link again",
        )
    })?;
    let bytes = decompress_with_dictionary(&compressed, MAX_DECOMPRESSED).map_err(|status| {
        if status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            fail(
                "link/too-large",
                span,
                format!("the link's scenario is larger than {MAX_DECOMPRESSED} bytes when unpacked"),
                "",
            )
        } else {
            fail(
                "link/invalid-compression",
                span,
                "the link is damaged: its scenario cannot be unpacked",
                "copy the whole link again",
            )
        }
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| fail("link/invalid-encoding", span, "the link's scenario is not UTF-8 text", ""))?;
    let (node, diags) = json::parse(&text, DocId(0));
    if let Some(d) = diags.into_iter().find(Diagnostic::is_error) {
        return Err(fail(
            "link/invalid-scenario",
            span,
            format!("the link's scenario is not valid JSON: {}", d.message),
            "",
        ));
    }
    if node.as_ref().is_some_and(|n| n.depth() > MAX_DEPTH) {
        return Err(fail(
            "link/too-deep",
            span,
            format!("the link's scenario nests deeper than {MAX_DEPTH} levels"),
            "",
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_gives_compact_json() {
        let text = "{\n  \"version\": 1,\n  \"title\": \"é & #\"\n}";
        let fragment = encode_fragment(text).unwrap();
        assert!(fragment.starts_with("s1."));
        assert!(fragment.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
        let full = link("https://example.test/play/", &fragment);
        assert_eq!(decode(&full).unwrap(), "{\"version\":1,\"title\":\"é & #\"}");
        assert_eq!(decode(&format!("#embed&{fragment}")).unwrap(), "{\"version\":1,\"title\":\"é & #\"}");
    }

    #[test]
    fn dictionary_round_trip_of_large_and_empty_inputs() {
        for data in [
            Vec::new(),
            b"x".to_vec(),
            DICTIONARY.as_bytes().repeat(30),
            (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect(),
        ] {
            let packed = compress_with_dictionary(&data);
            assert_eq!(decompress_with_dictionary(&packed, MAX_DECOMPRESSED).unwrap(), data);
        }
    }

    #[test]
    fn malformed_links_give_stable_codes() {
        let code = |l: &str| decode(l).unwrap_err().code;
        assert_eq!(code("https://example.test/"), "link/missing-scenario");
        assert_eq!(code("#s2.abc"), "link/unsupported-version");
        assert_eq!(code("#s1.!!!"), "link/invalid-encoding");
        assert_eq!(code("#s1.AAAA"), "link/invalid-compression");
        let not_json = URL_SAFE_NO_PAD.encode(compress_with_dictionary(b"{"));
        assert_eq!(code(&format!("#s1.{not_json}")), "link/invalid-scenario");
    }

    #[test]
    fn decoding_is_bounded() {
        let bomb = URL_SAFE_NO_PAD.encode(compress_with_dictionary(&vec![b' '; MAX_DECOMPRESSED + 10]));
        assert!(bomb.len() < 10_000, "a small link that unpacks huge");
        assert_eq!(decode(&format!("#s1.{bomb}")).unwrap_err().code, "link/too-large");
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let deep = URL_SAFE_NO_PAD.encode(compress_with_dictionary(deep.as_bytes()));
        assert_eq!(decode(&format!("#s1.{deep}")).unwrap_err().code, "link/too-deep");
        assert_eq!(decode(&format!("#s1.{}", "A".repeat(MAX_PAYLOAD + 1))).unwrap_err().code, "link/too-large");
    }
}
