//! "Did you mean" suggestions for misspelt names.

/// The candidate closest to `input` by Jaro-Winkler similarity, if it is
/// close enough to be a plausible typo (similarity of at least 0.8).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = input.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lowered, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_the_nearest_plausible_name() {
        let fields = ["item_size", "item_count", "operations", "partition_key"];
        assert_eq!(closest("item_sze", fields), Some("item_size"));
        assert_eq!(closest("operation", fields), Some("operations"));
        assert_eq!(closest("Partition_Key", fields), Some("partition_key"));
        assert_eq!(closest("zzz", fields), None);
    }
}
