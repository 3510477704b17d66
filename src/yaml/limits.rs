//! The size and nesting limits every YAML input is read under, and how a
//! breach of one is told to the user (in words, with the limit).
//!
//! The limits guard against runaway inputs (a generated file gone wrong, an
//! alias bomb) long before they could exhaust memory or the stack; a real
//! workload is a few hundred nodes and under ten levels deep.
//!
//! Depends on nothing else in the crate.

use serde_saphyr::Budget;
use serde_saphyr::budget::BudgetBreach;

/// Deepest nesting of lists and mappings (block or flow) accepted.
pub const MAX_DEPTH: usize = 64;
/// Most nodes (scalars, lists and mappings) in one document.
pub const MAX_NODES: usize = 250_000;
/// Most parser events (nodes plus their ends) in one document.
pub const MAX_EVENTS: usize = 1_000_000;
/// Most bytes of scalar text in one document (64 MiB).
pub const MAX_SCALAR_BYTES: usize = 64 * 1024 * 1024;
/// Most alias uses (`*name`) in one document.
pub const MAX_ALIASES: usize = 50_000;
/// Most anchor definitions (`&name`) in one document.
pub const MAX_ANCHORS: usize = 50_000;

/// The reader's budget: serde-saphyr's defaults with our limits written out,
/// so the messages below quote the values actually enforced.
pub fn budget() -> Budget {
    let mut b = Budget::default();
    b.max_depth = MAX_DEPTH;
    b.max_nodes = MAX_NODES;
    b.max_events = MAX_EVENTS;
    b.max_total_scalar_bytes = MAX_SCALAR_BYTES;
    b.max_aliases = MAX_ALIASES;
    b.max_anchors = MAX_ANCHORS;
    // Flow collections (`[...]`, `{...}`) are nested by the same rule as block ones.
    b.flow_nesting_limit = MAX_DEPTH;
    b
}

/// What was exceeded, in words with the limit, and a hint.
pub fn describe(breach: &BudgetBreach) -> (String, String) {
    let big = "a workload is normally a few hundred values; check that this is the file you meant \
               (not a data export), and that `example_item` holds one representative item";
    let aliases = "aliases that expand into many copies of an anchor are refused; write the values \
                   out, or use fewer aliases";
    match breach {
        BudgetBreach::Depth { .. } => too_deep(),
        BudgetBreach::Nodes { .. } => (
            format!(
                "the document has more than {} values, lists and mappings (the limit is {})",
                grouped(MAX_NODES),
                grouped(MAX_NODES)
            ),
            big.to_string(),
        ),
        BudgetBreach::Events { .. } => (
            format!(
                "the document is too large: more than {} parser events (the limit is {})",
                grouped(MAX_EVENTS),
                grouped(MAX_EVENTS)
            ),
            big.to_string(),
        ),
        BudgetBreach::ScalarBytes { .. } => (
            format!(
                "the document's text values add up to more than {} bytes (64 MiB, the limit)",
                grouped(MAX_SCALAR_BYTES)
            ),
            big.to_string(),
        ),
        BudgetBreach::Aliases { .. } | BudgetBreach::RecordedAnchorEvents { .. } => (
            format!("the document uses more than {} aliases (`*name`)", grouped(MAX_ALIASES)),
            aliases.to_string(),
        ),
        BudgetBreach::RecordedAnchorBytes { .. } => (
            "the document's anchors (`&name`) copy more than 64 MiB of text".to_string(),
            aliases.to_string(),
        ),
        BudgetBreach::Anchors { .. } => (
            format!("the document defines more than {} anchors (`&name`)", grouped(MAX_ANCHORS)),
            aliases.to_string(),
        ),
        BudgetBreach::AliasAnchorRatio { aliases: used, anchors } => (
            format!(
                "the document uses {} aliases for {} anchors (more than 10 aliases per anchor)",
                grouped(*used),
                grouped(*anchors)
            ),
            aliases.to_string(),
        ),
        _ => (
            "the document exceeds one of the YAML reader's safety limits".to_string(),
            big.to_string(),
        ),
    }
}

/// The message for nesting deeper than [`MAX_DEPTH`] (a budget breach, or the
/// parser's own flow-nesting limit, which is set to the same value).
pub fn too_deep() -> (String, String) {
    (
        format!(
            "the document is nested more than {MAX_DEPTH} levels deep (the limit is {MAX_DEPTH} \
             levels of lists and mappings)"
        ),
        "a workload needs fewer than 10 levels; look for unbalanced `[` or `{` or runaway \
         indentation in a generated file"
            .to_string(),
    )
}

/// A field path cut to its first `keep` segments, with `…` for the rest (a
/// path 64 levels deep says nothing a reader can use past the first few).
pub fn shorten_path(path: &str, keep: usize) -> String {
    let cuts: Vec<usize> = path
        .char_indices()
        .filter(|&(i, c)| i > 0 && (c == '.' || c == '['))
        .map(|(i, _)| i)
        .collect();
    match cuts.get(keep.saturating_sub(1)) {
        Some(&cut) => format!("{}…", &path[..cut]),
        None => path.to_string(),
    }
}

/// `250000` as `250,000`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_in_thousands() {
        assert_eq!(grouped(64), "64");
        assert_eq!(grouped(250_000), "250,000");
        assert_eq!(grouped(67_108_864), "67,108,864");
    }

    #[test]
    fn long_paths_keep_their_first_segments() {
        assert_eq!(shorten_path("tables[0].example_item.a.a.a", 4), "tables[0].example_item.a…");
        assert_eq!(shorten_path("tables[0].x", 4), "tables[0].x");
        assert_eq!(shorten_path("", 4), "");
    }

    #[test]
    fn the_budget_enforces_the_quoted_limits() {
        let b = budget();
        assert_eq!((b.max_depth, b.flow_nesting_limit, b.max_nodes), (64, 64, 250_000));
    }
}
