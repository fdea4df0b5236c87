//! Where a position of the scenario text sits, for the editor's AWS help:
//! inside which JSON string, under which keys. A forward scan that needs no
//! valid JSON, so it works on text being typed.

/// What the string at a position is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Place {
    /// An entry of `Action` or `NotAction`.
    Action,
    /// A condition key (the key of an operator's object inside `Condition`).
    ConditionKey,
    /// A value that names an AWS managed policy, or starts to.
    ManagedPolicy,
}

/// The JSON string holding a position, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringAt {
    pub place: Place,
    /// Byte range of the string's content (inside the quotes; to the end of
    /// the line when the closing quote is not typed yet).
    pub start: usize,
    pub end: usize,
    /// The content before the position (what has been typed so far).
    pub typed: String,
    /// The whole content.
    pub content: String,
}

#[derive(Debug)]
struct Frame {
    object: bool,
    /// The key this object or array is the value of.
    holder: Option<String>,
    /// In an object: the key whose value is being read.
    current: Option<String>,
    expecting_key: bool,
}

impl Frame {
    /// The key a value read now belongs to: the member's key in an object,
    /// the array's own key in an array.
    fn value_key(&self) -> Option<&str> {
        if self.object {
            self.current.as_deref()
        } else {
            self.holder.as_deref()
        }
    }
}

/// The prefix every AWS managed policy ARN has.
const MANAGED_PREFIX: &str = "arn:aws:iam::aws:policy/";

/// The string holding byte `at` of `text`, when it is one the AWS help knows.
pub fn string_at(text: &str, at: usize) -> Option<StringAt> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() && i < at {
        match bytes.get(i).copied().unwrap_or(b' ') {
            b'"' => {
                let start = i + 1;
                let end = string_end(bytes, start);
                if at >= start && at <= end {
                    return classify(text, &stack, start, end, at);
                }
                let content = text.get(start..end).unwrap_or("").to_string();
                if let Some(frame) = stack.last_mut().filter(|f| f.object && f.expecting_key) {
                    frame.current = Some(content);
                }
                i = end + 1;
                continue;
            }
            b':' => {
                if let Some(f) = stack.last_mut() {
                    f.expecting_key = false;
                }
            }
            b',' => {
                if let Some(f) = stack.last_mut().filter(|f| f.object) {
                    f.expecting_key = true;
                }
            }
            open @ (b'{' | b'[') => {
                let holder = stack.last().and_then(|f| f.value_key().map(str::to_string));
                stack.push(Frame { object: open == b'{', holder, current: None, expecting_key: open == b'{' });
            }
            b'}' | b']' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The byte after a string's content: its closing quote, or the end of the
/// line when there is none yet (JSON strings hold no raw line breaks).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut j = start;
    while let Some(b) = bytes.get(j) {
        match b {
            b'\\' => j += 2,
            b'"' | b'\n' => return j,
            _ => j += 1,
        }
    }
    bytes.len()
}

fn classify(text: &str, stack: &[Frame], start: usize, end: usize, at: usize) -> Option<StringAt> {
    let frame = stack.last()?;
    let is_key = frame.object && frame.expecting_key;
    let content = text.get(start..end)?.to_string();
    let typed = text.get(start..at)?.to_string();
    let around = stack.len().checked_sub(2).and_then(|i| stack.get(i));
    let place = if is_key {
        // {"Condition": {"StringEquals": {"<key>": …}}}: the operator's object
        // is the innermost frame, `Condition`'s the one around it.
        if around.and_then(|f| f.holder.as_deref()) == Some("Condition") {
            Place::ConditionKey
        } else {
            return None;
        }
    } else if matches!(frame.value_key(), Some("Action" | "NotAction")) {
        Place::Action
    } else if typed.starts_with(MANAGED_PREFIX) || (typed.len() >= 4 && MANAGED_PREFIX.starts_with(typed.as_str())) {
        Place::ManagedPolicy
    } else {
        return None;
    };
    Some(StringAt { place, start, end, typed, content })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string at the `|` of `text` (the `|` removed).
    fn at(text: &str) -> Option<StringAt> {
        let cursor = text.find('|')?;
        string_at(&text.replacen('|', "", 1), cursor)
    }

    #[test]
    fn action_entries_strings_or_lists() {
        let s =
            at(r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:Get|*", "ec2:Run"], "Resource": "*"}]}"#).unwrap();
        assert_eq!((s.place, s.typed.as_str(), s.content.as_str()), (Place::Action, "s3:Get", "s3:Get*"));
        let s = at(r#"{"Action": ["s3:GetObject", "ec2:Ru|n"]}"#).unwrap();
        assert_eq!((s.place, s.typed.as_str(), s.content.as_str()), (Place::Action, "ec2:Ru", "ec2:Run"));
        let s = at(r#"{"Effect": "Allow", "NotAction": "iam:Pa|"#).unwrap();
        assert_eq!((s.place, s.typed.as_str()), (Place::Action, "iam:Pa"), "no closing quote yet");
        assert_eq!(at(r#"{"Action": "*", "Resource": "arn:aws:s3:::b|"}"#), None, "a resource is not an action");
        assert_eq!(at(r#"{"Effect": "Al|low"}"#), None);
        assert_eq!(at(r#"{"Act|ion": "s3:*"}"#), None, "the key `Action` itself is not an entry");
    }

    #[test]
    fn condition_keys_are_keys_under_an_operator() {
        let s = at(r#"{"Condition": {"Bool": {"aws:MultiFactorAuthPre|sent": "true"}}}"#).unwrap();
        assert_eq!((s.place, s.typed.as_str()), (Place::ConditionKey, "aws:MultiFactorAuthPre"));
        let s = at(r#"{"Condition": {"Bool": {"aws:X": "true"}, "StringEquals": {"s3:pre|"#).unwrap();
        assert_eq!((s.place, s.typed.as_str()), (Place::ConditionKey, "s3:pre"), "after an earlier operator");
        assert_eq!(at(r#"{"Condition": {"Bool": {"aws:X": "tr|ue"}}}"#), None, "a value is not a key");
        assert_eq!(at(r#"{"Condition": {"Bo|ol"#), None, "an operator is not a key");
        assert_eq!(at(r#"{"Statement": {"Ef|fect": "Allow"}}"#), None);
    }

    #[test]
    fn managed_policy_arns_and_escapes() {
        let s = at(r#"{"policies": ["Mine", "arn:aws:iam::aws:policy/ReadOn|"]}"#).unwrap();
        assert_eq!((s.place, s.typed.as_str()), (Place::ManagedPolicy, "arn:aws:iam::aws:policy/ReadOn"));
        assert_eq!(at(r#"{"policies": ["arn:a|"]}"#).map(|s| s.place), Some(Place::ManagedPolicy));
        assert_eq!(at(r#"{"policies": ["Mi|ne"]}"#), None);
        assert_eq!(at(r#"{"principal": "arn:aws:iam::1111|"}"#), None, "another ARN");
        // An escaped quote does not end the string before it.
        assert_eq!(at(r#"{"Sid": "a\"b", "Action": "s3:Li|"#).map(|s| s.place), Some(Place::Action));
    }
}
