//! Secondary-index maintenance: which index entries a write adds, moves or
//! removes, what each costs, and the per-index key store.
//!
//! Rules (Developer Guide, "Provisioned throughput considerations for LSIs"
//! and "... for GSIs"; facts sheet §2.3), per index and per table write:
//! - **I1** the item gains the index key: 1 write of the new entry.
//! - **I2** the index key value changes: 2 writes (delete old, put new).
//! - **I3** the item loses the index key or is deleted: 1 write of the old entry.
//! - **I4** the item is in the index neither before nor after: 0 (sparse).
//! - **I5** same index key, projected attributes changed: 1 write, sized
//!   as the larger of the old and new entries (our reading, by analogy with
//!   UpdateItem's table rule); projected attributes unchanged: 0.
//!
//! An entry's size is its projected attributes: the table and index keys,
//! plus everything (ALL) or the INCLUDE list; the 100-byte index overhead is
//! storage-only (facts sheet §1.3, open question Q3). Each write is rounded
//! with `crate::capacity::write_units`. Depends on `value`, `capacity`,
//! `schema`, `definition`, `store`.

use std::collections::BTreeMap;

use crate::capacity::item_size::attribute_value_size;
use crate::capacity::{CapacityUnits, write_units};
use crate::value::{AttributeValue, Item, KeyValue};

use super::super::error::DynamoError;
use super::definition::{IndexDef, TableDef};
use super::schema::{PrimaryKey, Projection};
use super::store::partition_hash;

/// An index entry's position: index key (hashed like a table key), then the
/// table key that makes it unique.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IndexEntryKey {
    pub bucket: u64,
    pub index_key: PrimaryKey,
    pub table_key: PrimaryKey,
}

/// One index's entries (keys only; projected attributes are read from the
/// table item) with its ItemCount and IndexSizeBytes.
#[derive(Debug, Clone, Default)]
pub struct IndexStore {
    entries: BTreeMap<IndexEntryKey, u32>,
    bytes: u64,
}

impl IndexStore {
    pub fn insert(&mut self, key: IndexEntryKey, size: u64) {
        self.bytes += size;
        if let Some(old) = self.entries.insert(key, size as u32) {
            self.bytes -= u64::from(old);
        }
    }

    pub fn remove(&mut self, key: &IndexEntryKey) {
        if let Some(old) = self.entries.remove(key) {
            self.bytes -= u64::from(old);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn iter(&self) -> impl Iterator<Item = &IndexEntryKey> {
        self.entries.keys()
    }
}

/// The item's key in `index`, or `None` if the item lacks an index key
/// attribute (a sparse index skips it). A key attribute of the wrong type
/// or an empty S/B is an error, as DynamoDB rejects such writes.
pub fn index_key_of(index: &IndexDef, item: &Item) -> Result<Option<PrimaryKey>, DynamoError> {
    let mut parts = Vec::with_capacity(2);
    for attr in std::iter::once(&index.key.hash).chain(index.key.range.as_ref()) {
        let Some(v) = item.get(&attr.name) else { return Ok(None) };
        if !attr.scalar.matches(v) {
            return Err(DynamoError::invalid_parameter(format!(
                "Type mismatch for Index Key {} Expected: {} Actual: {} IndexName: {}",
                attr.name,
                attr.scalar.tag(),
                v.type_tag(),
                index.name
            )));
        }
        let key = KeyValue::from_attribute(v).expect("type checked");
        if key.byte_len() == 0 && !matches!(key, KeyValue::N(_)) {
            return Err(DynamoError::validation(format!(
                "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty {} value. IndexName: {}, IndexKey: {}",
                if matches!(key, KeyValue::S(_)) { "string" } else { "binary" },
                index.name,
                attr.name
            )));
        }
        parts.push(key);
    }
    let mut parts = parts.into_iter();
    let hash = parts.next().expect("an index key has a partition key");
    Ok(Some(PrimaryKey { hash, range: parts.next() }))
}

/// Whether `name` is copied into `index`'s entries.
pub fn is_projected(table: &TableDef, index: &IndexDef, name: &str) -> bool {
    table.key.is_key_attribute(name)
        || index.key.is_key_attribute(name)
        || match &index.projection {
            Projection::All => true,
            Projection::KeysOnly => false,
            Projection::Include(names) => names.iter().any(|n| n == name),
        }
}

/// The attributes of `item` that `index` projects.
pub fn projected<'a>(
    table: &'a TableDef,
    index: &'a IndexDef,
    item: &'a Item,
) -> impl Iterator<Item = (&'a String, &'a AttributeValue)> {
    item.iter().filter(move |(name, _)| is_projected(table, index, name))
}

/// Size in bytes of `item`'s entry in `index`.
pub fn entry_size(table: &TableDef, index: &IndexDef, item: &Item) -> u64 {
    projected(table, index, item).map(|(n, v)| n.len() as u64 + attribute_value_size(v)).sum()
}

/// What one table write does to one index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexWrite {
    pub remove: Option<IndexEntryKey>,
    pub insert: Option<(IndexEntryKey, u64)>,
    pub units: CapacityUnits,
}

/// Works out rules I1-I5 for one index.
pub fn plan_index_write(
    table: &TableDef,
    index: &IndexDef,
    table_key: &PrimaryKey,
    old: Option<&Item>,
    new: Option<&Item>,
) -> Result<IndexWrite, DynamoError> {
    let entry = |item: &Item| -> Result<Option<(IndexEntryKey, u64)>, DynamoError> {
        Ok(index_key_of(index, item)?.map(|k| {
            let key = IndexEntryKey {
                bucket: partition_hash(&k.hash),
                index_key: k,
                table_key: table_key.clone(),
            };
            (key, entry_size(table, index, item))
        }))
    };
    let before = old.map(entry).transpose()?.flatten();
    let after = new.map(entry).transpose()?.flatten();
    let w = |bytes: u64| write_units(bytes, false);
    Ok(match (before, after) {
        (None, None) => IndexWrite { remove: None, insert: None, units: CapacityUnits::ZERO },
        (None, Some((k, size))) => {
            IndexWrite { remove: None, insert: Some((k, size)), units: w(size) }
        }
        (Some((k, size)), None) => IndexWrite { remove: Some(k), insert: None, units: w(size) },
        (Some((ok, osize)), Some((nk, nsize))) if ok != nk => {
            IndexWrite { remove: Some(ok), insert: Some((nk, nsize)), units: w(osize) + w(nsize) }
        }
        (Some((_, osize)), Some((nk, nsize))) => {
            let (old, new) = (old.expect("entry came from it"), new.expect("entry came from it"));
            let unchanged = projected(table, index, old).eq(projected(table, index, new));
            let units = if unchanged { CapacityUnits::ZERO } else { w(osize.max(nsize)) };
            IndexWrite { remove: None, insert: Some((nk, nsize)), units }
        }
    })
}
