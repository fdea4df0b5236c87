//! The AWS data a link was written with: a `data=<version>` part beside the
//! scenario in the fragment. A link made with other data still opens; the
//! page says so, quietly, since checks of AWS names may differ.

/// The fragment part's key.
const KEY: &str = "data=";

/// The data version a fragment names, if any.
pub fn of_fragment(fragment: &str) -> Option<&str> {
    fragment.trim_start_matches('#').split('&').find_map(|p| p.strip_prefix(KEY)).filter(|v| !v.is_empty())
}

/// `fragment` with its data part set to `version` (or removed when `None`),
/// placed before the scenario so that the scenario stays last.
pub fn with_version(fragment: &str, version: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(v) = version.filter(|v| v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')) {
        parts.push(format!("{KEY}{v}"));
    }
    parts.extend(
        fragment
            .trim_start_matches('#')
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with(KEY))
            .map(str::to_string),
    );
    parts.join("&")
}

/// What the page says when a link's data differs from its own.
pub fn mismatch(link: &str, here: &str, here_date: &str) -> Option<String> {
    (link != here).then(|| {
        format!(
            "This link was made with AWS data {link}; this playground has {here} (of {here_date}). It opens as written; the checks of AWS names follow the data here."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_part_is_read_set_and_replaced() {
        assert_eq!(of_fragment("#data=0.21.1&s1.abc"), Some("0.21.1"));
        assert_eq!(of_fragment("s1.abc"), None);
        assert_eq!(with_version("s1.abc", Some("0.21.2")), "data=0.21.2&s1.abc");
        assert_eq!(with_version("embed&data=0.1&s1.abc", Some("0.21.2")), "data=0.21.2&embed&s1.abc");
        assert_eq!(with_version("data=0.1&s1.abc", None), "s1.abc");
        assert_eq!(with_version("s1.abc", Some("bad&part")), "s1.abc", "only a plain version is written");
        // The scenario part is still found by the link decoder.
        assert!(iam_core::share::decode(&with_version("s1.abc", Some("0.21.2")))
            .is_err_and(|d| d.code != "link/missing-scenario"));
    }

    #[test]
    fn a_different_version_is_said_quietly() {
        assert_eq!(mismatch("1", "1", "2026-09-23"), None);
        let said = mismatch("0.20.1", "0.21.2", "2026-09-23").unwrap();
        assert!(
            said.starts_with("This link was made with AWS data 0.20.1; this playground has 0.21.2 (of 2026-09-23)."),
            "{said}"
        );
    }
}
