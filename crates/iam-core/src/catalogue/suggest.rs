//! "Did you mean": the closest known name by edit distance.

/// The candidate closest to `word` (case-insensitive), when it is close
/// enough to be a typo: at most one edit in three characters, and at least one.
/// A name that is itself a candidate gets no suggestion.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let length = word.chars().count();
    let limit = (length / 3).max(1);
    // Optimal string alignment: edits, and swaps of neighbours (`objcet`),
    // without the full Damerau table; names too long or short to be within
    // the limit are skipped unmeasured.
    let (distance, best) = candidates
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (strsim::osa_distance(&word, &c.to_ascii_lowercase()), c))
        .min_by_key(|(d, _)| *d)?;
    (distance > 0 && distance <= limit).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn closest_finds_typos_and_ignores_strangers() {
        let names = ["PutObject", "GetObject", "ListBucket"];
        assert_eq!(closest("PutObjekt", names.into_iter()), Some("PutObject"));
        assert_eq!(closest("getobjcet", names.into_iter()), Some("GetObject"), "a transposition is one edit");
        assert_eq!(closest("DoThing", names.into_iter()), None);
        assert_eq!(closest("PutObject", names.into_iter()), None, "an exact match is not a suggestion");
    }
}
