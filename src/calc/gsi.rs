//! `calc gsi`: the write capacity a global secondary index adds to a
//! table's writes.
//!
//! Rules W1 and T1/T2 for the table, I6 (index entry size by projection),
//! W1 on the entry, I1/I2 (1 write per new entry, 2 when the index key
//! changes) and I7 (a GSI has its own capacity), all from `capacity`.

use rust_decimal::Decimal;

use crate::capacity::indexes::{EntryShape, TableWrite, index_entry_bytes, index_writes_per_write};
use crate::capacity::throughput::{provisioned_units, units_per_second};
use crate::capacity::{Working, write_units};

use super::CalcError;

/// The attributes a GSI projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Projection {
    All,
    KeysOnly,
    Include,
}

impl Projection {
    pub fn as_str(self) -> &'static str {
        match self {
            Projection::All => "ALL",
            Projection::KeysOnly => "KEYS_ONLY",
            Projection::Include => "INCLUDE",
        }
    }
}

/// What `calc gsi` is given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GsiInput {
    pub item_bytes: u64,
    pub writes_per_second: u64,
    pub projection: Projection,
    /// Keys plus projected attributes, for KEYS_ONLY and INCLUDE.
    pub projected_bytes: Option<u64>,
    /// Share (0..=1) of writes that change the index key value.
    pub key_change_share: Decimal,
}

/// Table and index write capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct GsiWrites {
    pub input: GsiInput,
    pub index_entry_bytes: u64,
    pub index_writes_per_write: Decimal,
    pub table_wcu: u64,
    pub index_wcu: u64,
    pub total_wcu: u64,
    pub working: Working,
}

/// Rules W1, T1, T2, I1, I2, I6, I7.
pub fn gsi_writes(input: GsiInput) -> Result<GsiWrites, CalcError> {
    let GsiInput { item_bytes, writes_per_second: n, projection, projected_bytes, .. } = input;
    let mut w = Working::new();
    let per_write = write_units(item_bytes, false);
    w.push(
        "W1 write unit",
        format!("table: ceil({item_bytes} B / 1024 B) = {per_write} WCU per write"),
    );
    let table_units = units_per_second(per_write, n, "WCU", &mut w);
    let table_wcu = provisioned_units(table_units, "WCU", &mut w);

    let (shape, projected) = match (projection, projected_bytes) {
        (Projection::All, p) => (EntryShape::All, p.unwrap_or(item_bytes)),
        (Projection::KeysOnly, Some(p)) => (EntryShape::KeysOnly, p),
        (Projection::Include, Some(p)) => (EntryShape::Include, p),
        (p, None) => return Err(CalcError::ProjectedSizeRequired { projection: p.as_str() }),
    };
    let entry = index_entry_bytes(shape, item_bytes, projected, 0);
    w.push(
        "I6 entry size",
        match shape {
            EntryShape::All => format!("ALL projects the whole item: {entry} B"),
            _ => format!(
                "{}: min(projected {projected} B, item {item_bytes} B) = {entry} B",
                projection.as_str()
            ),
        },
    );
    let entry_units = write_units(entry, false);
    w.push(
        "W1 write unit",
        format!("index entry: ceil({entry} B / 1024 B) = {entry_units} WCU per index write"),
    );
    let per = index_writes_per_write(
        "GSI",
        TableWrite::Put,
        input.key_change_share,
        Decimal::ONE,
        &mut w,
    );
    let index_units = per * Decimal::from(n) * entry_units.to_decimal();
    w.push(
        "T1 rate",
        format!(
            "{} index writes x {n}/s x {entry_units} WCU = {} WCU/s",
            per.normalize(),
            index_units.normalize()
        ),
    );
    let index_wcu = provisioned_units(index_units, "WCU", &mut w);
    let total_wcu = table_wcu + index_wcu;
    w.push(
        "I7 who pays",
        format!("table {table_wcu} WCU + GSI {index_wcu} WCU (provisioned on the index) = {total_wcu} WCU"),
    );
    Ok(GsiWrites {
        input,
        index_entry_bytes: entry,
        index_writes_per_write: per,
        table_wcu,
        index_wcu,
        total_wcu,
        working: w,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn input(projection: Projection, projected: Option<u64>, k: Decimal) -> GsiInput {
        GsiInput {
            item_bytes: 4096,
            writes_per_second: 100,
            projection,
            projected_bytes: projected,
            key_change_share: k,
        }
    }

    // Facts §1.3 (agent-toolkit, measured): ALL on a 4 KB item = 4 WCU on the
    // GSI; KEYS_ONLY = 1 WCU.
    #[test]
    fn i6_projection_sets_the_index_write_size() {
        let all = gsi_writes(input(Projection::All, None, dec!(0))).unwrap();
        assert_eq!((all.table_wcu, all.index_wcu, all.total_wcu), (400, 400, 800));
        let keys = gsi_writes(input(Projection::KeysOnly, Some(60), dec!(0))).unwrap();
        assert_eq!((keys.index_entry_bytes, keys.index_wcu, keys.total_wcu), (60, 100, 500));
    }

    // I2: a key change costs a delete plus a put: 10% key changes -> 1.1 writes.
    #[test]
    fn i2_key_changes_add_a_second_write() {
        let r = gsi_writes(input(Projection::Include, Some(1500), dec!(0.1))).unwrap();
        assert_eq!(r.index_writes_per_write, dec!(1.1));
        assert_eq!(r.index_wcu, 220); // 1.1 x 100 x 2
    }

    #[test]
    fn keys_only_needs_a_projected_size() {
        assert!(matches!(
            gsi_writes(input(Projection::KeysOnly, None, dec!(0))),
            Err(CalcError::ProjectedSizeRequired { .. })
        ));
    }
}
