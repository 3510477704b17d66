//! Billable storage: what DynamoDB charges per GB-month.
//!
//! Rules (Developer Guide "Item sizes and formats", "Global tables",
//! secondary index storage; facts §1.3):
//! - **ST1 item overhead**: each item is billed with 100 bytes of indexing overhead.
//! - **ST2 global tables**: replicated tables add 48 bytes per item.
//! - **ST3 index entries**: each index entry is billed as its size plus 100
//!   bytes, for the items that carry the index key.
//! - **ST4 GB**: 1 GB = 2^30 bytes (the quotas page's binary units; open
//!   question Q9 in docs/capacity-model.md).

use rust_decimal::Decimal;

/// Per-item storage overhead in bytes (rule ST1).
pub const ITEM_OVERHEAD_BYTES: u64 = 100;
/// Extra per-item overhead in global tables (rule ST2).
pub const GLOBAL_TABLE_OVERHEAD_BYTES: u64 = 48;

/// Billable bytes for `items` items of `item_bytes` (rules ST1, ST2).
pub fn table_bytes(items: u64, item_bytes: u64, global_table: bool) -> u64 {
    let per = item_bytes
        + ITEM_OVERHEAD_BYTES
        + if global_table { GLOBAL_TABLE_OVERHEAD_BYTES } else { 0 };
    items.saturating_mul(per)
}

/// Billable bytes of an index with `entries` entries of `entry_bytes` (rule ST3).
pub fn index_bytes(entries: Decimal, entry_bytes: u64) -> u64 {
    use rust_decimal::prelude::ToPrimitive;
    (entries * Decimal::from(entry_bytes + ITEM_OVERHEAD_BYTES)).ceil().to_u64().unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn st1_each_item_carries_100_bytes_of_overhead() {
        assert_eq!(table_bytes(1_000, 900, false), 1_000_000);
    }

    #[test]
    fn st2_global_tables_add_48_bytes() {
        assert_eq!(table_bytes(1_000, 852, true), 1_000_000);
    }

    #[test]
    fn st3_index_entries_carry_100_bytes_too() {
        assert_eq!(index_bytes(dec!(300), 200), 90_000);
    }
}
