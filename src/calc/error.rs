//! [`CalcError`]: why a calculation could not be done (always the input's fault).

use thiserror::Error;

use crate::capacity::item_size::MAX_ITEM_BYTES;
use crate::pricing::PricingError;
use crate::value::{ValueError, ValueErrorKind};

/// A calculation's input was invalid.
#[derive(Debug, Error)]
pub enum CalcError {
    /// The item is not valid DynamoDB JSON.
    #[error("the item is not valid DynamoDB JSON: {}", describe_value_error(.0))]
    Item(ValueError),
    /// The item is larger than DynamoDB allows (rule S9).
    #[error(
        "the item is {bytes} bytes; DynamoDB's limit is {MAX_ITEM_BYTES} bytes (400 KB) \
         including attribute names (rule S9)"
    )]
    ItemTooLarge { bytes: u64 },
    /// No price list for the region (or the list is invalid).
    #[error(transparent)]
    Pricing(#[from] PricingError),
    /// KEYS_ONLY and INCLUDE need the size of what they project.
    #[error(
        "--projected-size is required with --projection {projection}: give the size of the \
         index keys plus projected attributes (e.g. --projected-size 200B)"
    )]
    ProjectedSizeRequired { projection: &'static str },
    /// Break-even needs some capacity to compare.
    #[error("--rcu and --wcu are both 0: there is no capacity to compare; give at least one")]
    NoCapacity,
}

/// DynamoDB's own message, plus a hint for the mistakes people make most.
fn describe_value_error(e: &ValueError) -> String {
    let at = if e.path.is_empty() { "the item".to_string() } else { format!("`{}`", e.path) };
    match &e.kind {
        ValueErrorKind::NoType { unknown_tags } if !unknown_tags.is_empty() => format!(
            "{at}: unknown type tag {}; expected one of S, N, B, BOOL, NULL, L, M, SS, NS, BS",
            unknown_tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        ),
        _ => format!("{at}: {}", e.message()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::item_from_json_str;

    fn message(json: &str) -> String {
        CalcError::Item(item_from_json_str(json).unwrap_err()).to_string()
    }

    #[test]
    fn unknown_type_tags_are_named() {
        let m = message(r#"{"a": {"STR": "x"}}"#);
        assert!(m.contains("unknown type tag `STR`"), "{m}");
        assert!(m.contains("`a`"), "{m}");
    }

    #[test]
    fn dynamodb_messages_keep_the_path() {
        let m = message(r#"{"tags": {"SS": []}}"#);
        assert!(m.contains("`tags"), "{m}");
        assert!(m.to_lowercase().contains("empty"), "{m}");
    }
}
