//! From access patterns to capacity demand: each operation's units per call
//! (capacity::operations), its index writes (capacity::indexes), and the
//! average read and write units per second it puts on the table and on each
//! GSI (LSIs share the table's capacity, rule I7).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::model::OperationEstimate;
use crate::capacity::indexes::{TableWrite, index_writes_per_write};
use crate::capacity::{CapacityUnits, ReadConsistency, Working, operations as ops, write_units};
use crate::workload::{Consistency, Index, OpKind, Operation, Projection, Table};

/// Facts about one index that demand needs.
#[derive(Debug, Clone)]
pub struct IndexInfo<'a> {
    pub def: &'a Index,
    pub global: bool,
    pub entry_bytes: u64,
    pub coverage: Decimal,
}

/// Average units per second on the table and each GSI.
#[derive(Debug, Clone, Default)]
pub struct Demand {
    pub table_read: Decimal,
    pub table_write: Decimal,
    /// Per index name: (reads, writes) per second. For LSIs these are the
    /// part of the table's demand caused by the index (already in table_*).
    pub index: BTreeMap<String, (Decimal, Decimal)>,
    pub operations: Vec<OperationEstimate>,
}

fn consistency(op: &Operation) -> ReadConsistency {
    match op.consistency {
        Some(Consistency::Strong) => ReadConsistency::Strong,
        _ => ReadConsistency::Eventual,
    }
}

/// Computes the demand of every operation of `table`.
pub fn demand(
    table: &Table,
    item_bytes: u64,
    indexes: &[IndexInfo<'_>],
    month_hours: Decimal,
    w: &mut Working,
) -> Demand {
    let mut d = Demand::default();
    for info in indexes {
        d.index.insert(info.def.name.clone(), (Decimal::ZERO, Decimal::ZERO));
    }
    for op in &table.operations {
        let est = operation(table, op, item_bytes, indexes, month_hours, w);
        d.table_write += est.write_units_per_second;
        match op.index.as_ref().and_then(|n| indexes.iter().find(|i| &i.def.name == n)) {
            Some(info) if info.global => {
                add(&mut d.index, &info.def.name, est.read_units_per_second, Decimal::ZERO)
            }
            Some(info) => {
                d.table_read += est.read_units_per_second;
                add(&mut d.index, &info.def.name, est.read_units_per_second, Decimal::ZERO);
            }
            None => d.table_read += est.read_units_per_second,
        }
        for (name, units) in &est.index_write_units_per_second {
            let global = indexes.iter().any(|i| &i.def.name == name && i.global);
            if !global {
                d.table_write += *units;
            }
            add(&mut d.index, name, Decimal::ZERO, *units);
        }
        d.operations.push(est);
    }
    d
}

fn add(map: &mut BTreeMap<String, (Decimal, Decimal)>, name: &str, r: Decimal, wr: Decimal) {
    let e = map.entry(name.to_string()).or_default();
    e.0 += r;
    e.1 += wr;
}

fn operation(
    table: &Table,
    op: &Operation,
    table_item_bytes: u64,
    indexes: &[IndexInfo<'_>],
    month_hours: Decimal,
    w: &mut Working,
) -> OperationEstimate {
    let item_bytes = op.item_size.map(|s| s.bytes()).unwrap_or(table_item_bytes);
    let rate = op.rate.per_sec_in_month(month_hours);
    let target = op.index.as_ref().and_then(|n| indexes.iter().find(|i| &i.def.name == n));
    let c = consistency(op);
    let items = u64::from(op.items.unwrap_or(1));
    let mut reads = CapacityUnits::ZERO;
    let mut writes = CapacityUnits::ZERO;
    let mut index_writes: Vec<(String, Decimal)> = Vec::new();
    let label = match &op.index {
        Some(i) => format!("{} on {i}", op.op.name()),
        None => op.op.name().to_string(),
    };
    w.push("operation", format!("{label} at {} per second", rate.round_dp(6).normalize()));
    let mut items_per_call = items;
    match op.op {
        OpKind::GetItem => reads = ops::get_item(item_bytes, c, w),
        OpKind::Query | OpKind::Scan => {
            let (bytes, count_default, c) = match target {
                Some(info) if info.global => {
                    (info.entry_bytes, scan_items(table, info.coverage), ReadConsistency::Eventual)
                }
                Some(info) => (info.entry_bytes, scan_items(table, info.coverage), c),
                None => (item_bytes, table.item_count.get(), c),
            };
            items_per_call = if op.op == OpKind::Scan {
                op.items.map(u64::from).unwrap_or(count_default)
            } else {
                items
            };
            reads = ops::query(items_per_call, bytes, c, w).0;
            if let (Some(info), Some(share)) = (target, op.fetch_share)
                && !info.global
            {
                let fetched = (Decimal::from(items_per_call) * share).ceil();
                use rust_decimal::prelude::ToPrimitive;
                reads += ops::lsi_fetch(fetched.to_u64().unwrap_or(0), item_bytes, c, w);
            }
        }
        OpKind::BatchGetItem => reads = ops::batch_get(items, item_bytes, c, w),
        OpKind::TransactGetItems => reads = ops::transact_get(items, item_bytes, w),
        OpKind::PutItem => writes = ops::put_or_delete("PutItem", item_bytes, w),
        OpKind::DeleteItem => writes = ops::put_or_delete("DeleteItem", table_item_bytes, w),
        OpKind::UpdateItem => writes = ops::update(table_item_bytes, item_bytes, w),
        OpKind::BatchWriteItem => writes = ops::batch_write(items, item_bytes, w),
        OpKind::TransactWriteItems => writes = ops::transact_write(items, item_bytes, w),
    }
    if op.op.is_write() {
        let per_call_items = if matches!(op.op, OpKind::BatchWriteItem | OpKind::TransactWriteItems)
        {
            items
        } else {
            1
        };
        for info in indexes {
            let kind = match op.op {
                OpKind::DeleteItem => TableWrite::Delete,
                OpKind::UpdateItem => {
                    TableWrite::Update { touches_projection: touches(op, info.def) }
                }
                _ => TableWrite::Put,
            };
            let k = op.index_key_changes.get(&info.def.name).copied().unwrap_or(Decimal::ZERO);
            let per_write = index_writes_per_write(&info.def.name, kind, k, info.coverage, w);
            // An ALL projection copies the item as this operation writes it.
            let entry = if info.def.projection == Projection::All && info.def.entry_size.is_none() {
                item_bytes
            } else {
                info.entry_bytes
            };
            let units =
                write_units(entry, false).to_decimal() * per_write * Decimal::from(per_call_items);
            if !units.is_zero() {
                w.push(
                    "I7 index write units",
                    format!(
                        "{}: {} writes x ceil({} B / 1 KB) = {} WCU per call ({})",
                        info.def.name,
                        (per_write * Decimal::from(per_call_items)).normalize(),
                        entry,
                        units.normalize(),
                        if info.global { "the GSI's own capacity" } else { "the table's capacity" }
                    ),
                );
            }
            index_writes.push((info.def.name.clone(), units * rate));
        }
    }
    OperationEstimate {
        op: op.op,
        rate: op.rate,
        index: op.index.clone(),
        rate_per_second: rate,
        items_per_call,
        item_bytes,
        read_units_per_call: reads,
        write_units_per_call: writes,
        read_units_per_second: reads.to_decimal() * rate,
        write_units_per_second: writes.to_decimal() * rate,
        index_write_units_per_second: index_writes,
    }
}

/// Items a full scan of an index reads.
fn scan_items(table: &Table, coverage: Decimal) -> u64 {
    use rust_decimal::prelude::ToPrimitive;
    (Decimal::from(table.item_count.get()) * coverage).ceil().to_u64().unwrap_or(u64::MAX)
}

/// Whether an update changes attributes the index projects (rule I5).
fn touches(op: &Operation, index: &Index) -> bool {
    match &index.projection {
        Projection::All => true,
        Projection::KeysOnly => false,
        Projection::Include(list) => match &op.updated_attributes {
            Some(updated) => updated.iter().any(|u| list.contains(u)),
            None => true,
        },
    }
}
