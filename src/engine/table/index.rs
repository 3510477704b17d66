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
use std::ops::Bound;

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

    /// Entries with their projected sizes, in Scan order, from `start`
    /// (exclusive) or bucket `first_bucket` up to bucket `end_bucket`
    /// (exclusive; `None` = to the end).
    pub fn scan_range(
        &self,
        start: Option<&IndexEntryKey>,
        first_bucket: u64,
        end_bucket: Option<u64>,
    ) -> impl Iterator<Item = (&IndexEntryKey, u32)> {
        let lo = match start {
            Some(k) => Bound::Excluded(k.clone()),
            None => Bound::Included(entry_floor(first_bucket)),
        };
        let hi = end_bucket.map_or(Bound::Unbounded, |b| Bound::Excluded(entry_floor(b)));
        self.entries.range((lo, hi)).map(|(k, s)| (k, *s))
    }

    /// One index partition's entries in (index sort key, table key) order.
    pub fn partition(
        &self,
        hash: &KeyValue,
    ) -> impl DoubleEndedIterator<Item = (&IndexEntryKey, u32)> {
        let bucket = partition_hash(hash);
        let lo = IndexEntryKey {
            bucket,
            index_key: PrimaryKey { hash: hash.clone(), range: None },
            table_key: PrimaryKey { hash: KeyValue::S(String::new()), range: None },
        };
        let hi = match bucket.checked_add(1) {
            Some(next) => Bound::Excluded(entry_floor(next)),
            None => Bound::Unbounded,
        };
        self.entries
            .range((Bound::Included(lo), hi))
            .filter(move |(k, _)| &k.index_key.hash == hash)
            .map(|(k, s)| (k, *s))
    }
}

/// The smallest entry key in `bucket`.
fn entry_floor(bucket: u64) -> IndexEntryKey {
    let empty = || PrimaryKey { hash: KeyValue::S(String::new()), range: None };
    IndexEntryKey { bucket, index_key: empty(), table_key: empty() }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::clock::Timestamp;
    use crate::engine::table::definition::{BillingMode, IndexKind, IndexStatus};
    use crate::engine::table::schema::{KeyAttribute, KeySchema, ScalarType};

    fn attr(name: &str, scalar: ScalarType) -> KeyAttribute {
        KeyAttribute { name: name.into(), scalar }
    }

    fn index(projection: Projection) -> IndexDef {
        IndexDef {
            name: "gsi".into(),
            kind: IndexKind::Global,
            key: KeySchema {
                hash: attr("g", ScalarType::S),
                range: Some(attr("r", ScalarType::N)),
            },
            projection,
            throughput: None,
            status: IndexStatus::Active,
        }
    }

    fn table() -> TableDef {
        TableDef {
            name: "Tbl".into(),
            arn: String::new(),
            table_id: String::new(),
            key: KeySchema { hash: attr("pk", ScalarType::S), range: None },
            attributes: vec![],
            billing: BillingMode::PayPerRequest,
            throughput: None,
            local_indexes: vec![],
            global_indexes: vec![],
            stream: None,
            stream_label: None,
            table_class: "STANDARD".into(),
            deletion_protection: false,
            tags: vec![],
            ttl: None,
            created: Timestamp(0),
            billing_mode_changed: None,
        }
    }

    fn item(pairs: &[(&str, AttributeValue)]) -> Item {
        pairs.iter().cloned().collect()
    }

    fn full() -> Item {
        item(&[
            ("pk", AttributeValue::s("p")),
            ("g", AttributeValue::s("gg")),
            ("r", AttributeValue::n(5)),
            ("inc", AttributeValue::s("abc")),
            ("other", AttributeValue::s("0123456789")),
        ])
    }

    // Sparse index (Developer Guide, "Take advantage of sparse indexes"):
    // an item missing the index partition or sort key is not in the index.
    #[test]
    fn items_without_both_index_keys_are_not_indexed() {
        let i = index(Projection::All);
        assert!(index_key_of(&i, &item(&[("pk", AttributeValue::s("p"))])).unwrap().is_none());
        assert!(index_key_of(&i, &item(&[("g", AttributeValue::s("x"))])).unwrap().is_none());
        let k = index_key_of(&i, &full()).unwrap().unwrap();
        assert_eq!(k.hash, KeyValue::S("gg".into()));
    }

    #[test]
    fn index_keys_of_the_wrong_type_or_empty_are_rejected() {
        let i = index(Projection::All);
        let wrong = item(&[("g", AttributeValue::n(1)), ("r", AttributeValue::n(1))]);
        assert!(
            index_key_of(&i, &wrong)
                .unwrap_err()
                .message()
                .contains("Type mismatch for Index Key g Expected: S Actual: N IndexName: gsi")
        );
        let empty = item(&[("g", AttributeValue::s("")), ("r", AttributeValue::n(1))]);
        assert!(
            index_key_of(&i, &empty).unwrap_err().message().contains("IndexName: gsi, IndexKey: g")
        );
    }

    // Index entry size: the projected attributes (facts sheet §1.3).
    #[test]
    fn entry_size_follows_the_projection() {
        let t = table();
        // keys: "pk"+"p" (3) + "g"+"gg" (3) + "r"+5 (1+2) = 9
        assert_eq!(entry_size(&t, &index(Projection::KeysOnly), &full()), 9);
        // + "inc"+"abc" (6)
        assert_eq!(
            entry_size(
                &t,
                &index(Projection::Include(vec!["inc".into(), "absent".into()])),
                &full()
            ),
            15
        );
        // + "other"+10 bytes (15)
        assert_eq!(entry_size(&t, &index(Projection::All), &full()), 30);
    }

    #[test]
    fn only_projected_changes_cost_an_index_write() {
        let t = table();
        let key = PrimaryKey { hash: KeyValue::S("p".into()), range: None };
        let before = full();
        let mut after = full();
        after.insert("other", AttributeValue::s("changed"));
        let keys_only = index(Projection::KeysOnly);
        let w = plan_index_write(&t, &keys_only, &key, Some(&before), Some(&after)).unwrap();
        assert_eq!(w.units, CapacityUnits::ZERO);
        assert!(w.remove.is_none());
        let all = index(Projection::All);
        let w = plan_index_write(&t, &all, &key, Some(&before), Some(&after)).unwrap();
        assert_eq!(w.units, CapacityUnits::whole(1));
    }

    // Write units per index entry round up per 1 KB (rule W1 applied to the entry).
    #[test]
    fn large_entries_cost_more_than_one_unit() {
        let t = table();
        let key = PrimaryKey { hash: KeyValue::S("p".into()), range: None };
        let mut big = full();
        big.insert("other", AttributeValue::s("x".repeat(3000)));
        let w = plan_index_write(&t, &index(Projection::All), &key, None, Some(&big)).unwrap();
        assert_eq!(w.units, CapacityUnits::whole(3));
        let w = plan_index_write(&t, &index(Projection::KeysOnly), &key, None, Some(&big)).unwrap();
        assert_eq!(w.units, CapacityUnits::whole(1));
    }

    #[test]
    fn index_store_counts_entries_and_bytes() {
        let mut s = IndexStore::default();
        let k = |g: &str| IndexEntryKey {
            bucket: 0,
            index_key: PrimaryKey { hash: KeyValue::S(g.into()), range: None },
            table_key: PrimaryKey { hash: KeyValue::S("p".into()), range: None },
        };
        s.insert(k("a"), 10);
        s.insert(k("a"), 12);
        s.insert(k("b"), 5);
        assert_eq!((s.len(), s.bytes()), (2, 17));
        s.remove(&k("a"));
        s.remove(&k("zz"));
        assert_eq!((s.len(), s.bytes(), s.is_empty()), (1, 5, false));
        assert_eq!(s.iter().count(), 1);
    }
}
