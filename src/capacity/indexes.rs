//! Secondary-index write amplification and index entry sizes.
//!
//! Rules (Developer Guide "Global secondary indexes" and "Local secondary
//! indexes", provisioned throughput considerations; facts §2.3):
//! - **I1 new entry**: a write that gives an item the index key writes 1 entry.
//! - **I2 key change**: changing an index key value writes 2 (delete the old
//!   entry, put the new one).
//! - **I3 removal**: deleting an item (or removing its index key) writes 1.
//! - **I4 sparse**: items without the index key are not in the index and cost
//!   nothing there; `coverage` is the share of items that carry the key.
//! - **I5 projection**: an update that changes only attributes the index does
//!   not project writes nothing to it; one that changes projected attributes
//!   writes 1 (ALL projects everything; KEYS_ONLY nothing beyond the keys).
//! - **I6 entry size**: index writes are rounded to 1 KB on the *index entry*
//!   size: the keys plus the projected attributes (ALL = the whole item). The
//!   100 bytes of per-entry overhead count for storage only (open question Q3;
//!   we follow AWS's own cost model, facts §1.3).
//! - **I7 who pays**: LSI writes consume the table's write capacity; each GSI
//!   has its own.
//! - **I8 transactions**: index writes caused by a transaction are not doubled
//!   (AWS agent-toolkit, measured; facts §2.2).

use rust_decimal::Decimal;

use super::working::Working;

/// The kind of base-table write that may touch an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableWrite {
    /// PutItem (new item, or replacing one).
    Put,
    /// UpdateItem; `touches_projection` says whether it changes any attribute
    /// the index projects (rule I5).
    Update { touches_projection: bool },
    /// DeleteItem (or a TTL expiry).
    Delete,
}

/// Expected index writes caused by one table write (rules I1-I5).
/// `key_change_share` is the share of such writes that change the index key.
pub fn index_writes_per_write(
    index: &str,
    write: TableWrite,
    key_change_share: Decimal,
    coverage: Decimal,
    w: &mut Working,
) -> Decimal {
    let k = key_change_share;
    let (per, formula) = match write {
        TableWrite::Put => (Decimal::ONE + k, format!("1 + {k} key changes x 1 extra")),
        TableWrite::Update { touches_projection } => {
            let touch = if touches_projection { Decimal::ONE } else { Decimal::ZERO };
            (
                k * Decimal::TWO + (Decimal::ONE - k) * touch,
                format!(
                    "{k} x 2 (key change: delete + put) + {} x {touch} (projected attributes change)",
                    Decimal::ONE - k
                ),
            )
        }
        TableWrite::Delete => (Decimal::ONE, "1 (delete the entry)".to_string()),
    };
    let total = per * coverage;
    w.push(
        "I1-I5 index writes",
        format!(
            "{index}: ({formula}) x coverage {coverage} = {} writes per table write",
            total.normalize()
        ),
    );
    total
}

/// Which attributes an index entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryShape {
    All,
    KeysOnly,
    Include,
}

/// Size of an index entry (rule I6): `item_bytes` for ALL; the key attributes
/// for KEYS_ONLY; keys plus included attributes for INCLUDE. Never more than
/// the item itself.
pub fn index_entry_bytes(
    shape: EntryShape,
    item_bytes: u64,
    key_bytes: u64,
    included_bytes: u64,
) -> u64 {
    match shape {
        EntryShape::All => item_bytes,
        EntryShape::KeysOnly => key_bytes.min(item_bytes),
        EntryShape::Include => (key_bytes + included_bytes).min(item_bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn writes(write: TableWrite, k: Decimal, cov: Decimal) -> Decimal {
        index_writes_per_write("i", write, k, cov, &mut Working::new())
    }

    #[test]
    fn i1_a_new_item_writes_one_entry() {
        assert_eq!(writes(TableWrite::Put, dec!(0), dec!(1)), dec!(1));
    }

    // GSI docs: "If you update a table item to change the value of an index
    // key attribute, two writes are required: one to delete the previous item
    // from the index and another write to put the new item into the index."
    #[test]
    fn i2_a_key_change_costs_delete_plus_put() {
        assert_eq!(
            writes(TableWrite::Update { touches_projection: true }, dec!(1), dec!(1)),
            dec!(2)
        );
        assert_eq!(
            writes(TableWrite::Update { touches_projection: true }, dec!(0.1), dec!(1)),
            dec!(1.1)
        );
        assert_eq!(writes(TableWrite::Put, dec!(0.5), dec!(1)), dec!(1.5));
    }

    #[test]
    fn i3_delete_removes_one_entry() {
        assert_eq!(writes(TableWrite::Delete, dec!(0), dec!(1)), dec!(1));
    }

    // "If an item ... does not contain the index key, nothing is written to the index."
    #[test]
    fn i4_sparse_coverage_scales_writes() {
        assert_eq!(writes(TableWrite::Put, dec!(0), dec!(0.3)), dec!(0.3));
    }

    // "If you update an item's non-projected attributes ... no write to the index."
    #[test]
    fn i5_updates_of_unprojected_attributes_cost_nothing() {
        assert_eq!(
            writes(TableWrite::Update { touches_projection: false }, dec!(0), dec!(1)),
            dec!(0)
        );
        assert_eq!(
            writes(TableWrite::Update { touches_projection: false }, dec!(0.1), dec!(1)),
            dec!(0.2)
        );
    }

    #[test]
    fn i6_entry_sizes_follow_the_projection() {
        assert_eq!(index_entry_bytes(EntryShape::All, 4096, 60, 0), 4096);
        assert_eq!(index_entry_bytes(EntryShape::KeysOnly, 4096, 60, 0), 60);
        assert_eq!(index_entry_bytes(EntryShape::Include, 4096, 60, 200), 260);
        assert_eq!(index_entry_bytes(EntryShape::Include, 100, 60, 200), 100);
    }
}
