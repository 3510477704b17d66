//! Running one admitted attempt against the engine: the item-level side of
//! a table's run. Reads of starting items never written are served from
//! the generator (`items`, `item_sizing`) and charged what the engine
//! would charge; writes go through the engine, which stores the item and
//! reports the capacity consumed (table, LSIs, each GSI).
//!
//! Depends on `run` (the run's state), `items`, `touched`, `setup`,
//! `engine` and `capacity`.

use std::collections::HashMap;

use rand::Rng;

use super::arrivals::Prepared;
use super::items::ItemGenerator;
use super::query::LsiQuery;
use super::run::{EPOCH_SECS, Req, TableSim};
use super::setup::ReadTarget;
use super::touched::ItemState;
use crate::capacity::item_size::MAX_ITEM_BYTES;
use crate::capacity::operations::PAGE_BYTES;
use crate::capacity::{CapacityUnits, ReadConsistency, read_units};
use crate::engine::{
    DeleteItemInput, ExpressionInput, GetItemInput, PutItemInput, Timestamp, UpdateItemInput,
};
use crate::value::{AttributeValue, Item};
use crate::workload::{KeyType, OpKind};

/// Units charged by one executed attempt.
pub(super) struct Charges {
    /// Table units (LSI maintenance included, as DynamoDB charges it).
    pub(super) table: CapacityUnits,
    /// (GSI position, units).
    pub(super) gsi: Vec<(usize, CapacityUnits)>,
    pub(super) condition_failed: bool,
    /// For a Scan: pages the whole scan takes.
    pub(super) pages: u64,
}

impl TableSim<'_> {
    /// The number of starting item `(pk, sk)` (`sk < items_per_key`).
    pub(super) fn item_no(&self, pk: u64, sk: u64) -> u64 {
        pk.wrapping_mul(self.items_per_key).wrapping_add(sk)
    }

    /// Makes item (pk, sk) exist in the engine if it is part of the table's
    /// starting data and has not been written or deleted yet. Only writes
    /// call this: reads of items never written are served from the
    /// generator (see [`TableSim::generated_size`]).
    /// `made` is the item if the generating thread made it already.
    pub(super) fn ensure(&mut self, pk: u64, sk: u64, made: Option<Item>) {
        if self.needs_seed(pk, sk) {
            let item = made.unwrap_or_else(|| self.items.item(pk, sk));
            let input =
                PutItemInput { table_name: self.table.name.clone(), item, ..Default::default() };
            // Generated items satisfy the table's schema; a failure here would
            // be a generator bug (or an item over the size limit), and the
            // attempt then runs against a missing item.
            let _ = self.engine.put_item(input);
        }
    }

    /// Whether a write of (pk, sk) must store the starting item first (it
    /// is one, never written or deleted); if so, it is now counted as
    /// stored.
    fn needs_seed(&mut self, pk: u64, sk: u64) -> bool {
        if sk >= self.items_per_key {
            return false;
        }
        let i = self.item_no(pk, sk);
        if matches!(self.touch.get(i), ItemState::Stored | ItemState::Deleted) {
            return false;
        }
        self.touch.set(i, ItemState::Stored);
        true
    }

    /// For a starting item never written or deleted: marks it read and
    /// returns its size as the engine would store it (0 when it is over the
    /// item size limit, which the engine would have refused to store).
    /// `None` when the engine holds the truth (written or deleted item, or
    /// an item PutItem added).
    /// `known` is the size if the generating thread computed it already.
    fn generated_size(&mut self, pk: u64, sk: u64, known: Option<u64>) -> Option<u64> {
        if sk >= self.items_per_key {
            return None;
        }
        let i = self.item_no(pk, sk);
        match self.touch.get(i) {
            ItemState::Untouched | ItemState::Read => {
                self.touch.set(i, ItemState::Read);
                let size = known.unwrap_or_else(|| self.items.size(pk, sk));
                Some(if size > MAX_ITEM_BYTES { 0 } else { size })
            }
            ItemState::Stored | ItemState::Deleted => None,
        }
    }

    /// A GetItem of (pk, sk). An item never written is read from the
    /// generator, charged exactly what the engine's GetItem would charge
    /// for it (rule O1: its size, rounded up to 4 KB units), so reads
    /// store nothing; written and deleted items go through the engine.
    fn get(&mut self, pk: u64, sk: u64, size: Option<u64>, strong: bool) -> CapacityUnits {
        let consistency = if strong { ReadConsistency::Strong } else { ReadConsistency::Eventual };
        if let Some(size) = self.generated_size(pk, sk, size) {
            return read_units(size, consistency);
        }
        let input = GetItemInput {
            table_name: self.table.name.clone(),
            key: self.items.key(pk, sk),
            consistent_read: strong,
            ..Default::default()
        };
        self.engine.get_item(&input).map(|o| o.consumed.table).unwrap_or(CapacityUnits::ZERO)
    }

    /// PutItem of new item `item`, numbered (pk, sk) by the generator (a
    /// sort key past the starting items', one per put of the run).
    pub(super) fn put(
        &mut self,
        pk: u64,
        item: Item,
    ) -> (CapacityUnits, Vec<(usize, CapacityUnits)>) {
        if self.table.sort_key.is_none() && self.touch.get(self.item_no(pk, 0)) == ItemState::Read {
            // Without a sort key every `sk` of `pk` is the same primary key,
            // so this put replaces starting item (pk, 0) once a read has
            // made it part of the run's data: store it first so the put
            // (and its index writes) see the item it replaces.
            self.ensure(pk, 0, None);
        }
        let input =
            PutItemInput { table_name: self.table.name.clone(), item, ..Default::default() };
        self.added += 1;
        match self.engine.put_item(input) {
            Ok(o) => split(&self.table.global_secondary_indexes, o.consumed),
            Err(_) => (CapacityUnits::ZERO, Vec::new()),
        }
    }

    /// The UpdateItem an update of (pk, sk) sends. It rewrites what the
    /// item has, at its size plus the operation's growth `bytes`: the
    /// `data` filler of an `item_size` shape when the item grows or an ALL
    /// index must see a change (or, for other shapes, adds a `_` attribute
    /// of the growth when there is one); on a table with an ALL index the
    /// values change on every update (the run's update count is written
    /// into them). Then a new value of each attribute the plan
    /// rewrites that the shape describes, and of each GSI partition key the
    /// plan changes on this request (drawn with the share the workload
    /// gives). An update that changes nothing has no expression.
    fn update_request(&mut self, op: usize, pk: u64, sk: u64, bytes: u64) -> UpdateItemInput {
        self.updates += 1;
        let version = if self.plans[op].vary_filler { self.updates } else { 0 };
        let mut names = HashMap::new();
        let mut values = HashMap::new();
        let mut sets: Vec<String> = Vec::new();
        let mut set = |name: &str, value: AttributeValue, tag: String| {
            names.insert(format!("#{tag}"), name.to_string());
            values.insert(format!(":{tag}"), value);
            sets.push(format!("#{tag} = :{tag}"));
        };
        // Nothing to rewrite unless the item grows or an ALL index must
        // see a change (the common case skips sizing the filler).
        if self.plans[op].vary_filler || bytes > 0 {
            match self.items.data_len(pk, sk) {
                Some(len) => set("data", ItemGenerator::filler(len + bytes, version), "u".into()),
                // "_" (1 byte) and a value of the rest of the growth.
                None if bytes > 0 => {
                    let value = match bytes - 1 {
                        0 => AttributeValue::S(String::new()),
                        n => ItemGenerator::filler(n, version),
                    };
                    set("_", value, "u".into());
                }
                None => {}
            }
        }
        for (n, name) in self.plans[op].rewrites.iter().enumerate() {
            // A draw per update and attribute, not from a random stream.
            let draw = self.updates ^ ((n as u64 + 1) << 56);
            if let Some(v) = self.items.rewrite_value(name, draw) {
                set(name, v, format!("r{n}"));
            }
        }
        for n in 0..self.plans[op].key_changes.len() {
            let (g, share) = self.plans[op].key_changes[n];
            if !self.exec_rng.random_bool(share.clamp(0.0, 1.0)) {
                continue;
            }
            let attr = &self.table.global_secondary_indexes[g].partition_key;
            names.insert(format!("#g{n}"), attr.name.clone());
            let v = match attr.kind {
                KeyType::N => AttributeValue::n(self.exec_rng.random_range(0..1_000_000)),
                KeyType::S => AttributeValue::S(format!("g{:x}", self.exec_rng.random::<u32>())),
                KeyType::B => {
                    AttributeValue::B(self.exec_rng.random::<u32>().to_le_bytes().to_vec())
                }
            };
            values.insert(format!(":g{n}"), v);
            sets.push(format!("#g{n} = :g{n}"));
        }
        UpdateItemInput {
            table_name: self.table.name.clone(),
            key: self.items.key(pk, sk),
            update_expression: (!sets.is_empty()).then(|| format!("SET {}", sets.join(", "))),
            expression: ExpressionInput {
                names: (!names.is_empty()).then_some(names),
                values: (!values.is_empty()).then_some(values),
            },
            ..Default::default()
        }
    }

    /// Runs an admitted attempt; takes what was prepared for it.
    pub(super) fn execute(&mut self, r: &mut Req, now: u64) -> Charges {
        let prepared = std::mem::take(&mut r.prepared);
        self.clock.set(Timestamp(EPOCH_SECS * 1_000 + now / 1_000));
        // Copy out what this attempt needs (the plan's key picker stays put).
        let plan = self.plans[r.op].summary();
        let mut c = Charges {
            table: CapacityUnits::ZERO,
            gsi: Vec::new(),
            condition_failed: false,
            pages: 1,
        };
        let consistency =
            if plan.strong { ReadConsistency::Strong } else { ReadConsistency::Eventual };
        match plan.kind {
            OpKind::GetItem => {
                let size = match prepared {
                    Prepared::Size(s) => Some(s),
                    _ => None,
                };
                c.table = self.get(r.pk, r.sk, size, plan.strong);
            }
            OpKind::BatchGetItem | OpKind::TransactGetItems => {
                let transact = plan.kind == OpKind::TransactGetItems;
                let Prepared::Reads(keys) = prepared else {
                    unreachable!("the generator prepares the keys of every batch read")
                };
                for (pk, sk, size) in keys {
                    let u = self.get(pk, sk, Some(size), plan.strong || transact);
                    c.table += if transact { u * 2 } else { u };
                }
            }
            OpKind::PutItem => {
                let Prepared::Item(item) = prepared else {
                    unreachable!("the generator prepares every PutItem's item")
                };
                (c.table, c.gsi) = self.put(r.pk, item);
            }
            OpKind::BatchWriteItem | OpKind::TransactWriteItems => {
                let transact = plan.kind == OpKind::TransactWriteItems;
                let Prepared::Writes(items) = prepared else {
                    unreachable!("the generator prepares the items of every batch write")
                };
                (c.table, c.gsi) = self.write_batch(items, transact);
            }
            OpKind::UpdateItem => {
                // The starting item is stored first (`ensure`), in the same
                // engine call as the update (`update_item_seeded`), packed
                // ahead by the generating thread.
                let seed = self.needs_seed(r.pk, r.sk).then(|| {
                    prepared.into_seed().unwrap_or_else(|| self.items.item(r.pk, r.sk).into())
                });
                let input = self.update_request(r.op, r.pk, r.sk, plan.update_bytes);
                let out = match seed {
                    Some(item) => self.engine.update_item_seeded(input, item),
                    None => self.engine.update_item(input),
                };
                if let Ok(o) = out {
                    (c.table, c.gsi) = split(&self.table.global_secondary_indexes, o.consumed);
                }
            }
            OpKind::DeleteItem => {
                self.ensure(r.pk, r.sk, prepared.into_item());
                let input = DeleteItemInput {
                    table_name: self.table.name.clone(),
                    key: self.items.key(r.pk, r.sk),
                    ..Default::default()
                };
                if let Ok(o) = self.engine.delete_item(input) {
                    (c.table, c.gsi) = split(&self.table.global_secondary_indexes, o.consumed);
                }
                if r.sk < self.items_per_key {
                    let i = self.item_no(r.pk, r.sk);
                    self.touch.set(i, ItemState::Deleted);
                }
            }
            OpKind::Query if plan.target == ReadTarget::Table => {
                c.table = self.query_table(r.pk, plan.items, plan.strong, None);
            }
            OpKind::Query if matches!(plan.target, ReadTarget::Lsi(_)) => {
                let ReadTarget::Lsi(l) = plan.target else { unreachable!("matched") };
                let index = self.table.local_secondary_indexes[l].name.clone();
                // A share of requests want attributes the LSI does not
                // project: the engine fetches (and charges) each item.
                let share = self.plans[r.op].fetch_share;
                let fetch = share >= 1.0 || (share > 0.0 && self.exec_rng.random_bool(share));
                let lsi = LsiQuery { index, fetch };
                c.table = self.query_table(r.pk, plan.items, plan.strong, Some(lsi));
            }
            OpKind::Query => {
                // On a GSI: `items` entries of the index's entry size,
                // charged by rule O2 (see query.rs for why), eventually
                // consistent (GSIs offer nothing else). The table's items
                // per partition key do not bound a GSI partition, which
                // gathers items across the table.
                c.table = read_units(plan.items * plan.entry_bytes, ReadConsistency::Eventual);
            }
            OpKind::Scan => {
                let bytes = if matches!(plan.target, ReadTarget::Table) {
                    self.items.size(r.pk, r.sk)
                } else {
                    plan.entry_bytes
                };
                let per_page = (PAGE_BYTES / bytes.max(1)).max(1);
                let items = plan.items.max(1).min(self.item_count.max(1));
                c.pages = items.div_ceil(per_page);
                let this_page =
                    if r.page + 1 == c.pages { items - per_page * (c.pages - 1) } else { per_page };
                let c_read = if matches!(plan.target, ReadTarget::Gsi(_)) {
                    ReadConsistency::Eventual
                } else {
                    consistency
                };
                c.table = read_units(this_page * bytes, c_read);
            }
        }
        c
    }
}

/// Splits an engine ConsumedCapacity into the table's units (with LSIs) and
/// each GSI's, by GSI position.
pub(super) fn split(
    gsis: &[crate::workload::Index],
    consumed: crate::engine::Consumed,
) -> (CapacityUnits, Vec<(usize, CapacityUnits)>) {
    let table =
        consumed.table + consumed.local_indexes.iter().map(|(_, u)| *u).sum::<CapacityUnits>();
    let gsi = consumed
        .global_indexes
        .iter()
        .filter_map(|(name, u)| gsis.iter().position(|g| &g.name == name).map(|i| (i, *u)))
        .collect();
    (table, gsi)
}
