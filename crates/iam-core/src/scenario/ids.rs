//! Stable synthetic unique ids in AWS's formats (`AIDA…` for users, `AROA…`
//! for roles), derived from the ARN so that the same scenario always gives
//! the same ids. They are illustrative, not the ids AWS would assign.

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// `prefix` followed by 17 characters from the ARN's hash.
pub fn unique_id(prefix: &str, arn: &str) -> String {
    let mut h = fnv1a(arn);
    let mut out = String::from(prefix);
    for i in 0..17 {
        if i == 12 {
            h = fnv1a(&format!("{arn}#{h}"));
        }
        let index = usize::try_from(h % 32).unwrap_or(0);
        out.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'A')));
        h /= 32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_id_is_stable_and_shaped_like_aws() {
        let a = unique_id("AIDA", "arn:aws:iam::111111111111:user/alice");
        assert_eq!(a, unique_id("AIDA", "arn:aws:iam::111111111111:user/alice"));
        assert_eq!(a.len(), 21);
        assert!(a.starts_with("AIDA") && a.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        assert_ne!(a, unique_id("AIDA", "arn:aws:iam::111111111111:user/bob"));
    }
}
