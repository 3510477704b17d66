//! Capacity consumed by one call of each DynamoDB operation, from item sizes.
//!
//! Rules (Developer Guide "Read/write operations", "Query", "Scan",
//! "Transactions"; facts §2.1-§2.2):
//! - **O1 GetItem**: R(item) (rule R1), a missing item still costs the minimum.
//! - **O2 Query/Scan**: the sizes of all items *read* (before any filter or
//!   projection) are summed per page and the page total rounded up to 4 KB;
//!   a page holds at most 1 MB of items read.
//! - **O3 BatchGetItem**: each item is rounded up to 4 KB separately, then summed.
//! - **O4 TransactGetItems**: 2 units per 4 KB per item.
//! - **O5 PutItem/DeleteItem**: W(item) (rule W1); **UpdateItem**: W(max(before, after)).
//! - **O6 BatchWriteItem**: each item rounded to 1 KB separately, then summed.
//! - **O7 TransactWriteItems**: 2 units per 1 KB per item.
//! - **O8 LSI fetch**: a Query on an LSI that asks for non-projected
//!   attributes also reads each matching base item, rounded to 4 KB one by one.

use super::units::{CapacityUnits, ReadConsistency, read_units, write_units};
use super::working::Working;
use crate::units::Size;

/// The most a Query or Scan page reads before returning (1 MB).
pub const PAGE_BYTES: u64 = 1024 * 1024;

/// Units for one GetItem of an item of `item_bytes` (rule O1).
pub fn get_item(item_bytes: u64, c: ReadConsistency, w: &mut Working) -> CapacityUnits {
    let u = read_units(item_bytes, c);
    w.push(
        "O1 GetItem",
        format!(
            "ceil({} / 4 KB) x {} ({}) = {u} RCU",
            Size::from_bytes(item_bytes),
            c.multiplier().normalize(),
            c.name()
        ),
    );
    u
}

/// Pages and units for reading `items` items of `item_bytes` each in one
/// logical Query or Scan (rule O2). Returns (units, pages).
pub fn query(
    items: u64,
    item_bytes: u64,
    c: ReadConsistency,
    w: &mut Working,
) -> (CapacityUnits, u64) {
    let items = items.max(1);
    let per_page = (PAGE_BYTES / item_bytes.max(1)).max(1);
    let full_pages = items / per_page;
    let rest = items % per_page;
    let full = read_units(per_page * item_bytes, c) * full_pages;
    let tail = if rest > 0 { read_units(rest * item_bytes, c) } else { CapacityUnits::ZERO };
    let pages = full_pages + u64::from(rest > 0);
    let total = full + tail;
    if pages <= 1 {
        w.push(
            "O2 Query/Scan",
            format!(
                "ceil({items} x {} / 4 KB) x {} = {total} RCU (sizes summed before rounding)",
                Size::from_bytes(item_bytes),
                c.multiplier().normalize()
            ),
        );
    } else {
        w.push(
            "O2 Query/Scan",
            format!(
                "{items} items of {} read in {pages} pages of up to 1 MB ({per_page} items per full page): {full_pages} x {} + {} = {total} RCU",
                Size::from_bytes(item_bytes),
                read_units(per_page * item_bytes, c),
                tail
            ),
        );
    }
    (total, pages)
}

/// Units for a BatchGetItem of `items` items (rule O3).
pub fn batch_get(
    items: u64,
    item_bytes: u64,
    c: ReadConsistency,
    w: &mut Working,
) -> CapacityUnits {
    let each = read_units(item_bytes, c);
    let total = each * items;
    w.push(
        "O3 BatchGetItem",
        format!(
            "{items} x ceil({} / 4 KB) x {} = {total} RCU (each item rounded separately)",
            Size::from_bytes(item_bytes),
            c.multiplier().normalize()
        ),
    );
    total
}

/// Units for a TransactGetItems of `items` items (rule O4).
pub fn transact_get(items: u64, item_bytes: u64, w: &mut Working) -> CapacityUnits {
    let each = read_units(item_bytes, ReadConsistency::Transactional);
    let total = each * items;
    w.push(
        "O4 TransactGetItems",
        format!("{items} x ceil({} / 4 KB) x 2 = {total} RCU", Size::from_bytes(item_bytes)),
    );
    total
}

/// Units for a PutItem or DeleteItem of an item of `item_bytes` (rule O5).
pub fn put_or_delete(op: &'static str, item_bytes: u64, w: &mut Working) -> CapacityUnits {
    let u = write_units(item_bytes, false);
    w.push(
        "O5 single-item write",
        format!("{op}: ceil({} / 1 KB) = {u} WCU", Size::from_bytes(item_bytes)),
    );
    u
}

/// Units for an UpdateItem: the larger of the item before and after (rule O5).
pub fn update(before: u64, after: u64, w: &mut Working) -> CapacityUnits {
    let u = write_units(before.max(after), false);
    w.push(
        "O5 single-item write",
        format!("UpdateItem: ceil(max({}, {}) / 1 KB) = {u} WCU (the whole item, not the changed attributes)", Size::from_bytes(before), Size::from_bytes(after)),
    );
    u
}

/// Units for a BatchWriteItem of `items` puts or deletes (rule O6).
pub fn batch_write(items: u64, item_bytes: u64, w: &mut Working) -> CapacityUnits {
    let total = write_units(item_bytes, false) * items;
    w.push(
        "O6 BatchWriteItem",
        format!(
            "{items} x ceil({} / 1 KB) = {total} WCU (each item rounded separately)",
            Size::from_bytes(item_bytes)
        ),
    );
    total
}

/// Units for a TransactWriteItems of `items` items (rule O7).
pub fn transact_write(items: u64, item_bytes: u64, w: &mut Working) -> CapacityUnits {
    let total = write_units(item_bytes, true) * items;
    w.push(
        "O7 TransactWriteItems",
        format!(
            "{items} x ceil({} / 1 KB) x 2 = {total} WCU (prepare + commit)",
            Size::from_bytes(item_bytes)
        ),
    );
    total
}

/// Extra units when a Query on an LSI fetches `items` base items of
/// `item_bytes` each (rule O8).
pub fn lsi_fetch(
    items: u64,
    item_bytes: u64,
    c: ReadConsistency,
    w: &mut Working,
) -> CapacityUnits {
    let total = read_units(item_bytes, c) * items;
    w.push(
        "O8 LSI fetch",
        format!(
            "{items} base items x ceil({} / 4 KB) x {} = {total} RCU",
            Size::from_bytes(item_bytes),
            c.multiplier().normalize()
        ),
    );
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReadConsistency::*;

    fn w() -> Working {
        Working::new()
    }

    // Developer Guide (Query): "the sum of the sizes of all items read ...
    // rounded up to the next 4 KB boundary": 10 items of 500 B = 5,000 B -> 2 RCU strong.
    #[test]
    fn o2_query_sums_item_sizes_before_rounding() {
        assert_eq!(query(10, 500, Strong, &mut w()).0, CapacityUnits::whole(2));
        assert_eq!(query(10, 500, Eventual, &mut w()).0.to_string(), "1");
    }

    // A page stops at 1 MB read: 300 items of 4 KB = 1,200 KB -> two pages
    // (256 items = 256 RCU, then 44 items = 44 RCU).
    #[test]
    fn o2_query_rounds_each_1mb_page() {
        let (units, pages) = query(300, 4096, Strong, &mut w());
        assert_eq!(pages, 2);
        assert_eq!(units, CapacityUnits::whole(300));
        // Items of 5,000 B: 209 per page (1,045,000 B -> 256 RCU), 91 left (455,000 B -> 112 RCU).
        let (units, pages) = query(300, 5000, Strong, &mut w());
        assert_eq!(pages, 2);
        assert_eq!(units, CapacityUnits::whole(256 + 112));
    }

    // Developer Guide (BatchGetItem): "1.5 KB and 6.5 KB ... rounded to 4 KB
    // and 8 KB": here two items of 1.5 KB each -> 2 x 1 = 2 RCU strong, not 1.
    #[test]
    fn o3_batch_get_rounds_each_item_separately() {
        assert_eq!(batch_get(2, 1536, Strong, &mut w()), CapacityUnits::whole(2));
        assert_eq!(batch_get(25, 1024, Eventual, &mut w()).to_string(), "12.5");
    }

    #[test]
    fn o4_transact_get_is_two_units_per_4kb_per_item() {
        assert_eq!(transact_get(4, 4096, &mut w()), CapacityUnits::whole(8));
        assert_eq!(transact_get(1, 6000, &mut w()), CapacityUnits::whole(4));
    }

    // "UpdateItem ... consumes the larger of the before and after image".
    #[test]
    fn o5_update_charges_the_larger_image() {
        assert_eq!(update(2048, 3072, &mut w()), CapacityUnits::whole(3));
        assert_eq!(update(3072, 100, &mut w()), CapacityUnits::whole(3));
    }

    #[test]
    fn o5_put_and_delete_round_up_per_kb() {
        assert_eq!(put_or_delete("PutItem", 2560, &mut w()), CapacityUnits::whole(3));
        assert_eq!(put_or_delete("DeleteItem", 100, &mut w()), CapacityUnits::whole(1));
    }

    // Developer Guide (BatchWriteItem): 500 B + 3.5 KB -> 1 + 4 = 5 WCU; here
    // 25 items of 1.5 KB -> 25 x 2 = 50.
    #[test]
    fn o6_batch_write_rounds_each_item() {
        assert_eq!(batch_write(25, 1536, &mut w()), CapacityUnits::whole(50));
    }

    #[test]
    fn o7_transact_write_doubles() {
        assert_eq!(transact_write(3, 1024, &mut w()), CapacityUnits::whole(6));
        assert_eq!(transact_write(3, 2500, &mut w()), CapacityUnits::whole(18));
    }

    #[test]
    fn o8_lsi_fetch_rounds_each_base_item() {
        assert_eq!(lsi_fetch(10, 5000, Strong, &mut w()), CapacityUnits::whole(20));
    }

    #[test]
    fn working_records_the_formula() {
        let mut work = w();
        get_item(6144, Strong, &mut work);
        assert_eq!(work.steps()[0].formula, "ceil(6 KB / 4 KB) x 1 (strongly consistent) = 2 RCU");
    }
}
