//! [`Table`]: one live table — its definition, status, items, index entries
//! and (for tables with LSIs) item-collection sizes — and the one place a
//! write is planned and applied, so PutItem, UpdateItem and DeleteItem keep
//! indexes, counts and sizes consistent the same way.
//!
//! Rules: write units W(max(old, new)) for the table (facts sheet §2.2),
//! index writes per `index.rs` (I1-I5); an item collection (all items with
//! one partition key, plus their LSI entries) may not exceed 10 GB on a
//! table with LSIs (Developer Guide, "Item collection size limit").
//! Depends on `store`, `index`, `definition`, `schema`, `capacity`.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::capacity::{CapacityUnits, write_units};
use crate::value::{Item, KeyValue};

use super::super::clock::Timestamp;
use super::super::consumed::{CapacityKind, Consumed};
use super::super::error::DynamoError;
use super::definition::{IndexDef, IndexKind, TableDef, TableStatus};
use super::history::PitrLog;
use super::index::{
    IndexEntryKey, IndexStore, IndexWrite, entry_size, index_key_of, plan_index_write,
};
use super::schema::PrimaryKey;
use super::store::{OldItem, Store, StoreKey, Stored, partition_hash};
use super::stream_log::StreamLog;

/// Largest item collection on a table with LSIs: 10 GB.
pub const MAX_ITEM_COLLECTION_BYTES: u64 = 10 * 1024 * 1024 * 1024;

/// A live table.
#[derive(Debug, Clone)]
pub struct Table {
    /// The table name, shared with every `Consumed` it reports.
    pub name: Arc<str>,
    pub def: TableDef,
    pub status: TableStatus,
    pub store: Store,
    /// Entries per index name.
    pub indexes: BTreeMap<String, IndexStore>,
    /// Bytes per partition key (items + LSI entries); tables with LSIs only.
    pub collections: BTreeMap<KeyValue, u64>,
    /// The table's stream records, once a stream has been enabled.
    pub stream: Option<StreamLog>,
    /// Point-in-time recovery history, while PITR is enabled.
    pub pitr: Option<PitrLog>,
}

/// A write worked out but not yet applied.
#[derive(Debug, Clone)]
pub struct WritePlan {
    pub store_key: StoreKey,
    pub table_units: CapacityUnits,
    pub index_writes: Vec<(String, IndexKind, IndexWrite)>,
    /// Change to the item collection's size (LSI tables).
    pub collection_delta: i64,
}

/// ItemCollectionMetrics for one write.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemCollectionMetrics {
    pub key_name: String,
    pub key: KeyValue,
    pub bytes: u64,
}

impl Table {
    pub fn new(def: TableDef) -> Table {
        let indexes = def.indexes().map(|i| (i.name.clone(), IndexStore::default())).collect();
        Table {
            name: Arc::from(def.name.as_str()),
            def,
            status: TableStatus::Active,
            store: Store::default(),
            indexes,
            collections: BTreeMap::new(),
            stream: None,
            pitr: None,
        }
    }

    /// The stored item at `key` (one B-tree search).
    pub fn get(&self, key: &StoreKey) -> Option<&Stored> {
        self.store.get(key)
    }

    fn collection_bytes(&self, item: &Item, size: u64) -> u64 {
        size + self
            .def
            .local_indexes
            .iter()
            .filter(|i| matches!(index_key_of(i, item), Ok(Some(_))))
            .map(|i| entry_size(&self.def, i, item))
            .sum::<u64>()
    }

    /// Works out a write of `new` (None = delete) over `old`; errors if an
    /// index key is invalid or the item collection would grow past 10 GB.
    /// The old item is decoded only if the table has indexes.
    pub fn plan_write(
        &self,
        store_key: StoreKey,
        old: Option<&OldItem<'_>>,
        new: Option<(&Item, u64)>,
    ) -> Result<WritePlan, DynamoError> {
        let key = &store_key.key;
        let old_size = old.map_or(0, |o| o.size());
        let new_size = new.map_or(0, |(_, s)| s);
        let table_units = write_units(old_size.max(new_size), false);
        let mut index_writes = Vec::new();
        for index in self.def.indexes() {
            let w = plan_index_write(
                &self.def,
                index,
                key,
                old.map(|o| o.item()),
                new.map(|(i, _)| i),
            )?;
            index_writes.push((index.name.clone(), index.kind, w));
        }
        let mut collection_delta = 0;
        if !self.def.local_indexes.is_empty() {
            let before = old.map_or(0, |o| self.collection_bytes(o.item(), old_size));
            let after = new.map_or(0, |(i, s)| self.collection_bytes(i, s));
            collection_delta = after as i64 - before as i64;
            let current = self.collections.get(&key.hash).copied().unwrap_or(0);
            if collection_delta > 0 && current + collection_delta as u64 > MAX_ITEM_COLLECTION_BYTES
            {
                return Err(DynamoError::ItemCollectionSizeLimitExceeded(
                    "Collection size exceeded.".to_string(),
                ));
            }
        }
        Ok(WritePlan { store_key, table_units, index_writes, collection_delta })
    }

    /// The plan of a write whose new item is known only packed, `new_size`
    /// bytes, over an old item of `old_size` (units by the larger): exact
    /// only on a table with no secondary index, where no attribute but the
    /// key matters; refused otherwise (an internal error: callers check).
    pub fn plan_packed_write(
        &self,
        store_key: StoreKey,
        old_size: u64,
        new_size: u64,
    ) -> Result<WritePlan, DynamoError> {
        if self.def.indexes().next().is_some() {
            return Err(DynamoError::InternalServerError(
                "a packed write on a table with indexes".to_string(),
            ));
        }
        let table_units = write_units(old_size.max(new_size), false);
        Ok(WritePlan { store_key, table_units, index_writes: Vec::new(), collection_delta: 0 })
    }

    /// Commits a [`Table::plan_packed_write`] plan, storing `stored` as it
    /// is; history and streams, which keep decoded items, get it decoded.
    pub fn commit_packed(&mut self, plan: WritePlan, stored: Stored, now: Timestamp) {
        let logged = self.pitr.is_some() || self.def.stream.as_ref().is_some_and(|s| s.enabled);
        if logged {
            let item = stored.item();
            self.commit_write(plan, Some((&item, u64::from(stored.size))), now, false);
        } else {
            self.apply_write_with(plan, None, Some(stored));
        }
    }

    /// Applies a planned write (packing the new item); returns the replaced
    /// item.
    pub fn apply_write(&mut self, plan: WritePlan, new: Option<(&Item, u64)>) -> Option<Stored> {
        self.apply_write_with(plan, new, None)
    }

    /// [`Table::apply_write`], storing `packed` (the new item packed
    /// ahead, `Stored::new` of it) instead of packing the new item again;
    /// with `packed`, `new` may be left out (no index reads it).
    fn apply_write_with(
        &mut self,
        plan: WritePlan,
        new: Option<(&Item, u64)>,
        packed: Option<Stored>,
    ) -> Option<Stored> {
        for (name, _, w) in &plan.index_writes {
            let store = self.indexes.get_mut(name).expect("every index has a store");
            if let Some(k) = &w.remove {
                store.remove(k);
            }
            if let Some((k, size)) = &w.insert {
                store.insert(k.clone(), *size);
            }
        }
        if plan.collection_delta != 0 {
            let hash = plan.store_key.key.hash.clone();
            let entry = self.collections.entry(hash.clone()).or_insert(0);
            *entry = entry.saturating_add_signed(plan.collection_delta);
            if *entry == 0 {
                self.collections.remove(&hash);
            }
        }
        match (new, packed) {
            (_, Some(stored)) => self.store.put_stored(plan.store_key, stored),
            (Some((item, size)), None) => self.store.put(plan.store_key, item, size),
            (None, None) => self.store.remove(&plan.store_key),
        }
    }

    /// Applies a planned write and records it in the table's stream (if
    /// one is enabled): what every write path calls. Returns the replaced item.
    pub fn commit_write(
        &mut self,
        plan: WritePlan,
        new: Option<(&Item, u64)>,
        now: Timestamp,
        by_ttl: bool,
    ) -> Option<Stored> {
        // History and streams keep decoded items; they are off in the
        // simulator, and decoding (and keeping the key) only when they are
        // on keeps writes cheap.
        let logged = self.pitr.is_some() || self.def.stream.as_ref().is_some_and(|s| s.enabled);
        let key = logged.then(|| plan.store_key.clone());
        let old = self.apply_write(plan, new);
        if let Some(key) = key {
            if let Some(pitr) = self.pitr.as_mut() {
                pitr.record(now, key.clone(), old.as_ref().map(|o| Arc::new(o.item())));
            }
            self.record_stream(now, &key, old.as_ref(), new.map(|(item, _)| item), by_ttl);
        }
        old
    }

    fn record_stream(
        &mut self,
        now: Timestamp,
        key: &StoreKey,
        old: Option<&Stored>,
        new: Option<&Item>,
        by_ttl: bool,
    ) {
        let Some(spec) = self.def.stream.as_ref().filter(|s| s.enabled) else { return };
        let (Some(label), Some(view)) = (&self.def.stream_label, &spec.view_type) else { return };
        if self.stream.as_ref().is_none_or(|l| &l.label != label) {
            self.stream = Some(StreamLog::new(label.clone(), view.clone(), now));
        }
        let keys = self.def.key.key_item(&key.key);
        let new = new.map(|item| Arc::new(item.clone()));
        if let Some(log) = self.stream.as_mut() {
            log.record(now, keys, old.map(|o| Arc::new(o.item())), new, by_ttl);
        }
    }

    /// ConsumedCapacity of a planned write.
    pub fn write_consumed(&self, plan: &WritePlan) -> Consumed {
        let mut c = Consumed::new(self.name.clone(), CapacityKind::Write, plan.table_units);
        for (name, kind, w) in &plan.index_writes {
            if w.units.is_zero() {
                continue;
            }
            match kind {
                IndexKind::Local => c.local_indexes.push((name.clone(), w.units)),
                IndexKind::Global => c.global_indexes.push((name.clone(), w.units)),
            }
        }
        c
    }

    /// ConsumedCapacity of a write whose condition failed: the table write
    /// only (our reading of facts sheet §2.2 / open question Q1).
    pub fn failed_write_consumed(&self, plan_units: CapacityUnits) -> Consumed {
        Consumed::new(self.name.clone(), CapacityKind::Write, plan_units)
    }

    /// ItemCollectionMetrics after a write, for tables with LSIs.
    pub fn collection_metrics(&self, key: &PrimaryKey) -> Option<ItemCollectionMetrics> {
        if self.def.local_indexes.is_empty() {
            return None;
        }
        Some(ItemCollectionMetrics {
            key_name: self.def.key.hash.name.clone(),
            key: key.hash.clone(),
            bytes: self.collections.get(&key.hash).copied().unwrap_or(0),
        })
    }

    /// Builds `index`'s entries from every item (a new GSI's backfill),
    /// sizing projections by `def`. Items whose index key has the wrong type
    /// are skipped: DynamoDB's backfill reports them as violations instead
    /// of failing.
    pub fn backfill(&self, def: &TableDef, index: &IndexDef) -> IndexStore {
        let mut store = IndexStore::default();
        for (key, stored) in self.store.iter() {
            let item = stored.item();
            if let Ok(Some(k)) = index_key_of(index, &item) {
                let entry = IndexEntryKey {
                    bucket: partition_hash(&k.hash),
                    index_key: k,
                    table_key: (*key.key).clone(),
                };
                store.insert(entry, entry_size(def, index, &item));
            }
        }
        store
    }
}

impl ItemCollectionMetrics {
    /// `{"ItemCollectionKey": {...}, "SizeEstimateRangeGB": [lo, hi]}`: the
    /// size in GB rounded down and up (at least [0, 1]).
    pub fn to_json(&self) -> serde_json::Value {
        let gb = self.bytes as f64 / (1024.0 * 1024.0 * 1024.0);
        let (lo, hi) = (gb.floor(), gb.ceil().max(1.0));
        let mut key = Item::new();
        key.insert(self.key_name.clone(), self.key.to_attribute());
        serde_json::json!({
            "ItemCollectionKey": crate::value::item_to_json(&key),
            "SizeEstimateRangeGB": [lo, hi],
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::engine::test_support::{engine, indexed_table, ok};
    use crate::value::KeyValue;

    // Item collection: "all items in a table and its local secondary
    // indexes that have the same partition key value" (Developer Guide,
    // "Item collections in Local Secondary Indexes").
    #[test]
    fn item_collection_size_counts_items_and_lsi_entries() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        // Item: "pk"+"a" (3) + "sk"+1 (4) + "l"+7 (3) = 10; LSI (ALL) entry is the same 10.
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "l": {"N": "7"}}}),
        );
        // No LSI key: only the item's 7 bytes.
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"N": "2"}}}),
        );
        let a = KeyValue::S("a".into());
        assert_eq!(e.table("Tbl").unwrap().collections.get(&a), Some(&27));
        ok(
            &mut e,
            "DeleteItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}}),
        );
        assert_eq!(e.table("Tbl").unwrap().collections.get(&a), Some(&7));
        ok(
            &mut e,
            "DeleteItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}, "sk": {"N": "2"}}}),
        );
        assert!(e.table("Tbl").unwrap().collections.is_empty());
    }

    // "the maximum size of any item collection for a table which has one or
    // more local secondary indexes is 10 GB" (Developer Guide, "Item
    // collection size limit").
    #[test]
    fn a_write_past_10_gb_per_collection_is_rejected() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        let a = KeyValue::S("a".into());
        e.table_mut("Tbl")
            .unwrap()
            .collections
            .insert(a.clone(), super::MAX_ITEM_COLLECTION_BYTES - 7);
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}}}),
        );
        let x = e
            .call(
                "PutItem",
                json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"N": "2"}}}),
            )
            .unwrap_err();
        assert_eq!(x.name(), "ItemCollectionSizeLimitExceededException");
        // Shrinking writes and other partition keys still go through.
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "b"}, "sk": {"N": "2"}}}),
        );
        ok(
            &mut e,
            "DeleteItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}}),
        );
    }

    #[test]
    fn tables_without_lsis_keep_no_collection_sizes() {
        let mut e = engine();
        crate::engine::test_support::hash_table(&mut e, "Tbl");
        ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}}}));
        let t = e.table("Tbl").unwrap();
        assert!(t.collections.is_empty());
        assert_eq!(
            t.collection_metrics(&crate::engine::table::PrimaryKey {
                hash: KeyValue::S("a".into()),
                range: None
            }),
            None
        );
    }

    #[test]
    fn size_estimate_range_is_floor_and_ceiling_in_gb() {
        let m = super::ItemCollectionMetrics {
            key_name: "pk".into(),
            key: KeyValue::S("a".into()),
            bytes: 3 * 1024 * 1024 * 1024 / 2,
        };
        assert_eq!(
            m.to_json(),
            json!({"ItemCollectionKey": {"pk": {"S": "a"}}, "SizeEstimateRangeGB": [1.0, 2.0]})
        );
    }
}
