//! The event loop of one table's run: arrivals, attempts, retries, minute
//! ticks (auto scaling, on-demand peaks, splits) and metrics periods.

use std::collections::HashMap;
use std::sync::Arc;

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp};

use super::client::backoff;
use super::hash::{mix, stable_hash};
use super::holder::{Holder, ThrottleReason};
use super::items::ItemGenerator;
use super::key_stats::KeyStats;
use super::metrics::{HeatCell, Latency, OpCounts, Sample};
use super::phases::LoadProfile;
use super::queue::EventQueue;
use super::rng::stream;
use super::setup::{OpPlan, ReadTarget};
use super::time::SimTime;
use super::token_bucket::MICRO;
use super::touched::{ItemState, TouchMap};
use crate::capacity::item_size::MAX_ITEM_BYTES;
use crate::capacity::operations::PAGE_BYTES;
use crate::capacity::{CapacityUnits, ReadConsistency, read_units};
use crate::engine::{
    DeleteItemInput, Engine, ExpressionInput, GetItemInput, ManualClock, PutItemInput, Timestamp,
    UpdateItemInput,
};
use crate::value::AttributeValue;
use crate::workload::{ClientSettings, OpKind, Table};

/// Simulated time 0 on the engine's clock: 2025-01-01T00:00:00Z (a UTC midnight).
pub const EPOCH_SECS: u64 = 1_735_689_600;

/// Reports progress of long runs (the CLI draws a bar; tests pass nothing).
pub trait Progress {
    /// `virtual_us` of `total_us` simulated, `requests` issued so far.
    fn advance(&mut self, table: &str, virtual_us: u64, total_us: u64, requests: u64);
}

/// Progress that goes nowhere.
pub struct NoProgress;

impl Progress for NoProgress {
    fn advance(&mut self, _: &str, _: u64, _: u64, _: u64) {}
}

#[derive(Debug, Clone, Copy)]
struct Req {
    op: usize,
    pk: u64,
    sk: u64,
    attempt: u32,
    first_us: u64,
    page: u64,
}

enum Ev {
    Arrival(usize),
    Attempt(Req),
    Minute,
    Period,
}

/// Per-minute cost integration: unit-minutes of provisioned capacity, or
/// consumed request units.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    pub rcu_minutes: u128,
    pub wcu_minutes: u128,
    pub read_units_micro: i128,
    pub write_units_micro: i128,
}

/// What a run leaves behind for the report.
pub struct Outcome {
    pub ops: Vec<(String, OpCounts)>,
    pub latency: Latency,
    pub series: Vec<Sample>,
    pub heat: Vec<HeatCell>,
    pub holders: Vec<Holder>,
    pub keys: KeyStats,
    pub usage: Usage,
    pub in_flight: u64,
    pub materialized: u64,
    pub start_partitions: u64,
}

pub struct TableSim<'a> {
    table: &'a Table,
    plans: Vec<OpPlan>,
    items: ItemGenerator,
    engine: Engine,
    clock: ManualClock,
    holders: Vec<Holder>,
    queue: EventQueue<Ev>,
    arrival_rngs: Vec<ChaCha8Rng>,
    key_rng: ChaCha8Rng,
    retry_rng: ChaCha8Rng,
    profile: LoadProfile,
    items_per_key: u64,
    item_count: u64,
    /// What the run did to each starting item (`item_no` numbers them).
    touch: TouchMap,
    /// Items PutItem added (beyond the starting data; never deleted, as
    /// deletes pick starting items).
    added: u64,
    client: ClientSettings,
    end_us: u64,
    period_us: u64,
    counts: Vec<OpCounts>,
    latency: Latency,
    keys: KeyStats,
    series: Vec<Sample>,
    heat: Vec<HeatCell>,
    period_throttled: u64,
    usage: Usage,
    requests: u64,
    start_partitions: u64,
}

/// Everything a table run needs.
pub struct TableSimInput<'a> {
    pub table: &'a Table,
    pub plans: Vec<OpPlan>,
    pub holders: Vec<Holder>,
    pub seed: u64,
    pub profile: LoadProfile,
    pub client: ClientSettings,
    pub duration_us: u64,
    pub period_us: u64,
    pub keys: u64,
    pub item_count: u64,
}

impl<'a> TableSim<'a> {
    pub fn new(input: TableSimInput<'a>) -> Result<Self, crate::engine::DynamoError> {
        let clock = ManualClock::new(Timestamp::from_secs(EPOCH_SECS));
        let mut engine = Engine::new(Arc::new(clock.clone()));
        engine.create_table(&super::setup::create_table_request(input.table))?;
        let name = &input.table.name;
        let arrival_rngs = (0..input.plans.len())
            .map(|i| stream(input.seed, &format!("{name}/arrivals/{i}")))
            .collect();
        let start_partitions =
            input.holders.first().map(|h| h.partitions.len() as u64).unwrap_or(1);
        let counts = vec![OpCounts::default(); input.plans.len()];
        Ok(TableSim {
            table: input.table,
            items: ItemGenerator::new(input.table),
            engine,
            clock,
            holders: input.holders,
            queue: EventQueue::new(),
            arrival_rngs,
            key_rng: stream(input.seed, &format!("{name}/keys")),
            retry_rng: stream(input.seed, &format!("{name}/retries")),
            profile: input.profile,
            items_per_key: (input.item_count / input.keys.max(1)).max(1),
            item_count: input.item_count,
            touch: TouchMap::new(),
            added: 0,
            client: input.client,
            end_us: input.duration_us,
            period_us: input.period_us,
            counts,
            latency: Latency::default(),
            keys: KeyStats::default(),
            series: Vec::new(),
            heat: Vec::new(),
            period_throttled: 0,
            usage: Usage::default(),
            requests: 0,
            start_partitions,
            plans: input.plans,
        })
    }

    /// Runs to the end and returns what was measured.
    pub fn run(mut self, progress: &mut dyn Progress) -> Outcome {
        for i in 0..self.plans.len() {
            self.schedule_arrival(i, 0);
        }
        // A period that ends on a minute is recorded before that minute's
        // splits retire partitions (ties run in scheduling order, and each
        // tick reschedules itself in the same order).
        self.queue.schedule(SimTime::from_micros(self.period_us), Ev::Period);
        self.queue.schedule(SimTime::from_secs(60), Ev::Minute);
        let mut events: u64 = 0;
        while let Some((t, ev)) = self.queue.pop() {
            let now = t.micros();
            if now > self.end_us {
                break;
            }
            match ev {
                Ev::Arrival(i) => self.arrive(i, now),
                Ev::Attempt(r) => self.attempt(r, now),
                Ev::Minute => self.minute(now),
                Ev::Period => self.period(now),
            }
            events += 1;
            if events.is_multiple_of(1 << 16) {
                progress.advance(&self.table.name, now, self.end_us, self.requests);
            }
        }
        progress.advance(&self.table.name, self.end_us, self.end_us, self.requests);
        let in_flight = self.queue_len_attempts();
        Outcome {
            ops: self.plans.iter().map(|p| p.label.clone()).zip(self.counts).collect(),
            latency: self.latency,
            series: self.series,
            heat: self.heat,
            holders: self.holders,
            keys: self.keys,
            usage: self.usage,
            in_flight,
            materialized: self.touch.touched() + self.added,
            start_partitions: self.start_partitions,
        }
    }

    fn queue_len_attempts(&mut self) -> u64 {
        let mut n = 0;
        while let Some((_, ev)) = self.queue.pop() {
            if matches!(ev, Ev::Attempt(_)) {
                n += 1;
            }
        }
        n
    }

    /// Poisson arrivals by thinning: candidates at the highest rate, each
    /// kept with probability (rate now / highest rate).
    fn schedule_arrival(&mut self, i: usize, now: u64) {
        let max = self.plans[i].rate_per_sec * self.profile.max();
        if max <= 0.0 {
            return;
        }
        let exp = Exp::new(max).expect("a positive rate");
        let gap_s: f64 = exp.sample(&mut self.arrival_rngs[i]);
        let gap_us = (gap_s * 1_000_000.0).ceil().max(1.0) as u64;
        self.queue.schedule(SimTime::from_micros(now.saturating_add(gap_us)), Ev::Arrival(i));
    }

    fn arrive(&mut self, i: usize, now: u64) {
        let keep = self.profile.at(SimTime::from_micros(now)) / self.profile.max();
        let accepted = self.arrival_rngs[i].random_bool(keep.clamp(0.0, 1.0));
        self.schedule_arrival(i, now);
        if !accepted {
            return;
        }
        let pk = self.plans[i].picker.pick(&mut self.key_rng);
        let sk = self.key_rng.random_range(0..self.items_per_key);
        self.requests += 1;
        self.counts[i].requests += 1;
        self.attempt(Req { op: i, pk, sk, attempt: 1, first_us: now, page: 0 }, now);
    }

    fn minute(&mut self, now: u64) {
        for h in &mut self.holders {
            self.usage.rcu_minutes += u128::from(h.read.units());
            self.usage.wcu_minutes += u128::from(h.write.units());
            h.end_minute(now);
        }
        self.queue.schedule(SimTime::from_micros(now + 60_000_000), Ev::Minute);
    }

    fn period(&mut self, now: u64) {
        let secs = (self.period_us / 1_000_000).max(1) as f64;
        let mut s = Sample {
            time_s: now / 1_000_000,
            consumed_rcu: 0.0,
            consumed_wcu: 0.0,
            provisioned_rcu: 0,
            provisioned_wcu: 0,
            throttled_requests: self.period_throttled,
            partitions: 0,
        };
        for h in &mut self.holders {
            s.consumed_rcu += h.read.period as f64 / MICRO as f64 / secs;
            s.consumed_wcu += h.write.period as f64 / MICRO as f64 / secs;
            s.provisioned_rcu += h.read.units();
            s.provisioned_wcu += h.write.units();
            h.read.period = 0;
            h.write.period = 0;
            for p in h.partitions.iter_mut() {
                self.heat.push(HeatCell {
                    time_s: now / 1_000_000,
                    holder: h.name.clone(),
                    partition: p.id,
                    units_per_sec: p.period_units as f64 / MICRO as f64 / secs,
                    throttled: p.period_throttled,
                });
                p.period_units = 0;
                p.period_throttled = 0;
            }
        }
        s.partitions = self.holders.first().map(|h| h.partitions.len() as u64).unwrap_or(0);
        self.period_throttled = 0;
        self.series.push(s);
        self.queue.schedule(SimTime::from_micros(now + self.period_us), Ev::Period);
    }

    fn key_hash(&self, pk: u64) -> u64 {
        stable_hash(&pk.to_le_bytes())
    }

    /// Admission (rules H3, back-pressure), then execution, then charging.
    fn attempt(&mut self, r: Req, now: u64) {
        let (kind, target, service) = {
            let plan = &self.plans[r.op];
            (plan.kind, plan.target, plan.service_us)
        };
        let write = kind.is_write();
        let (holder, hash) = match (kind, target) {
            (OpKind::Scan, target) => {
                let h = if let ReadTarget::Gsi(g) = target { 1 + g } else { 0 };
                let n = self.holders[h].partitions.len() as u64;
                let part = r.page % n.max(1);
                // Scan pages walk the partitions in turn.
                (h, self.holders[h].partitions.iter().nth(part as usize).map(|p| p.lo).unwrap_or(0))
            }
            (OpKind::Query, ReadTarget::Gsi(g)) => (1 + g, mix(r.pk ^ (g as u64 + 1))),
            _ => (0, self.key_hash(r.pk)),
        };
        let p = self.holders[holder].partitions.locate(hash);
        let mut verdict = self.holders[holder].admit(p, write, now);
        if verdict.is_ok() && write {
            // A table write is throttled when a GSI it writes lacks capacity.
            for g in 1..self.holders.len() {
                if !self.holders[g].write.bucket.admits(now) {
                    verdict = Err(ThrottleReason::Capacity);
                    break;
                }
            }
        }
        if verdict.is_err() {
            self.throttled(r, now, holder, p);
            return;
        }
        let charges = self.execute(&r, now);
        let micro = |u: CapacityUnits| i128::from(u.halves()) * MICRO / 2;
        let table_micro = micro(charges.table);
        self.holders[holder].charge(p, r.pk, hash, table_micro, write, now);
        if write {
            self.usage.write_units_micro += table_micro;
        } else {
            self.usage.read_units_micro += table_micro;
        }
        self.keys.consumed(r.pk, charges.table.halves());
        for (g, units) in charges.gsi {
            let m = micro(units);
            let gh = mix(r.pk ^ (g as u64 + 1));
            let gp = self.holders[1 + g].partitions.locate(gh);
            self.holders[1 + g].charge(gp, r.pk, gh, m, true, now);
            self.usage.write_units_micro += m;
        }
        if charges.condition_failed {
            self.counts[r.op].condition_failures += 1;
        }
        if kind == OpKind::Scan && r.page + 1 < charges.pages {
            let next = Req { page: r.page + 1, attempt: 1, ..r };
            self.queue.schedule(SimTime::from_micros(now + service), Ev::Attempt(next));
        } else {
            self.latency.record(now + service - r.first_us);
        }
    }

    fn throttled(&mut self, r: Req, now: u64, holder: usize, p: usize) {
        self.counts[r.op].throttled_attempts += 1;
        self.period_throttled += 1;
        self.keys.throttled(r.pk);
        let part = self.holders[holder].partitions.get_mut(p);
        part.throttled += 1;
        part.period_throttled += 1;
        if r.attempt >= self.client.max_attempts {
            self.counts[r.op].failed += 1;
            return;
        }
        let delay = backoff(&self.client, r.attempt, &mut self.retry_rng).micros();
        // The throttled attempt still took a round trip (a few milliseconds).
        let at = now + 2_000 + delay;
        self.queue
            .schedule(SimTime::from_micros(at), Ev::Attempt(Req { attempt: r.attempt + 1, ..r }));
    }
}

/// Units charged by one executed attempt.
struct Charges {
    /// Table units (LSI maintenance included, as DynamoDB charges it).
    table: CapacityUnits,
    /// (GSI position, units).
    gsi: Vec<(usize, CapacityUnits)>,
    condition_failed: bool,
    /// For a Scan: pages the whole scan takes.
    pages: u64,
}

impl TableSim<'_> {
    /// The number of starting item `(pk, sk)` (`sk < items_per_key`).
    fn item_no(&self, pk: u64, sk: u64) -> u64 {
        pk.wrapping_mul(self.items_per_key).wrapping_add(sk)
    }

    /// Makes item (pk, sk) exist in the engine if it is part of the table's
    /// starting data and has not been written or deleted yet. Only writes
    /// call this: reads of items never written are served from the
    /// generator (see [`TableSim::generated_size`]).
    fn ensure(&mut self, pk: u64, sk: u64) {
        if sk >= self.items_per_key {
            return;
        }
        let i = self.item_no(pk, sk);
        if matches!(self.touch.get(i), ItemState::Stored | ItemState::Deleted) {
            return;
        }
        let input = PutItemInput {
            table_name: self.table.name.clone(),
            item: self.items.item(pk, sk),
            ..Default::default()
        };
        // Generated items satisfy the table's schema; a failure here would be
        // a generator bug (or an item over the size limit), and the attempt
        // then runs against a missing item.
        let _ = self.engine.put_item(input);
        self.touch.set(i, ItemState::Stored);
    }

    /// For a starting item never written or deleted: marks it read and
    /// returns its size as the engine would store it (0 when it is over the
    /// item size limit, which the engine would have refused to store).
    /// `None` when the engine holds the truth (written or deleted item, or
    /// an item PutItem added).
    fn generated_size(&mut self, pk: u64, sk: u64) -> Option<u64> {
        if sk >= self.items_per_key {
            return None;
        }
        let i = self.item_no(pk, sk);
        match self.touch.get(i) {
            ItemState::Untouched | ItemState::Read => {
                self.touch.set(i, ItemState::Read);
                let size = self.items.size(pk, sk);
                Some(if size > MAX_ITEM_BYTES { 0 } else { size })
            }
            ItemState::Stored | ItemState::Deleted => None,
        }
    }

    /// Size of the stored item (pk, sk), 0 if there is none.
    fn stored_size(&self, pk: u64, sk: u64) -> u64 {
        let key = self.items.key(pk, sk);
        let table = self.engine.table(&self.table.name).expect("the simulated table exists");
        table
            .def
            .key
            .key_of_item(&key)
            .ok()
            .and_then(|k| {
                table.get(&crate::engine::table::StoreKey::new(k)).map(|s| u64::from(s.size))
            })
            .unwrap_or(0)
    }

    /// A GetItem of (pk, sk). An item never written is read from the
    /// generator, charged exactly what the engine's GetItem would charge
    /// for it (rule O1: its size, rounded up to 4 KB units), so reads
    /// store nothing; written and deleted items go through the engine.
    fn get(&mut self, pk: u64, sk: u64, strong: bool) -> CapacityUnits {
        let consistency = if strong { ReadConsistency::Strong } else { ReadConsistency::Eventual };
        if let Some(size) = self.generated_size(pk, sk) {
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

    fn put(&mut self, pk: u64) -> (CapacityUnits, Vec<(usize, CapacityUnits)>) {
        // A sort key no item has: past the starting items', one per put of
        // the run (unique across partition keys, so no per-key counter).
        let sk = self.items_per_key + self.added;
        if self.table.sort_key.is_none() && self.touch.get(self.item_no(pk, 0)) == ItemState::Read {
            // Without a sort key every `sk` of `pk` is the same primary key,
            // so this put replaces starting item (pk, 0) once a read has
            // made it part of the run's data: store it first so the put
            // (and its index writes) see the item it replaces.
            self.ensure(pk, 0);
        }
        let input = PutItemInput {
            table_name: self.table.name.clone(),
            item: self.items.item(pk, sk),
            ..Default::default()
        };
        self.added += 1;
        match self.engine.put_item(input) {
            Ok(o) => split(&self.table.global_secondary_indexes, o.consumed),
            Err(_) => (CapacityUnits::ZERO, Vec::new()),
        }
    }

    fn execute(&mut self, r: &Req, now: u64) -> Charges {
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
            OpKind::GetItem => c.table = self.get(r.pk, r.sk, plan.strong),
            OpKind::BatchGetItem | OpKind::TransactGetItems => {
                let transact = plan.kind == OpKind::TransactGetItems;
                for i in 0..plan.items {
                    let (pk, sk) = if i == 0 {
                        (r.pk, r.sk)
                    } else {
                        (
                            self.plans[r.op].picker.pick(&mut self.key_rng),
                            self.key_rng.random_range(0..self.items_per_key),
                        )
                    };
                    let u = self.get(pk, sk, plan.strong || transact);
                    c.table += if transact { u * 2 } else { u };
                }
            }
            OpKind::PutItem => (c.table, c.gsi) = self.put(r.pk),
            OpKind::BatchWriteItem | OpKind::TransactWriteItems => {
                let transact = plan.kind == OpKind::TransactWriteItems;
                for i in 0..plan.items {
                    let pk =
                        if i == 0 { r.pk } else { self.plans[r.op].picker.pick(&mut self.key_rng) };
                    let (t, g) = self.put(pk);
                    // Transactions double the table's units, not the indexes' (I8).
                    c.table += if transact { t * 2 } else { t };
                    c.gsi.extend(g);
                }
            }
            OpKind::UpdateItem => {
                self.ensure(r.pk, r.sk);
                let mut names = HashMap::from([("#u".to_string(), "sim_updated".to_string())]);
                let mut values =
                    HashMap::from([(":u".to_string(), ItemGenerator::filler(plan.update_bytes))]);
                let mut expr = "SET #u = :u".to_string();
                let changes = self.plans[r.op].key_changes.clone();
                for (n, (g, share)) in changes.iter().enumerate() {
                    if self.key_rng.random_bool(share.clamp(0.0, 1.0)) {
                        let attr = &self.table.global_secondary_indexes[*g].partition_key;
                        names.insert(format!("#g{n}"), attr.name.clone());
                        let v = match attr.kind {
                            crate::workload::KeyType::N => {
                                AttributeValue::N(crate::value::Number::from_i64(
                                    self.key_rng.random_range(0..1_000_000),
                                ))
                            }
                            crate::workload::KeyType::S => {
                                AttributeValue::S(format!("g{:x}", self.key_rng.random::<u32>()))
                            }
                            crate::workload::KeyType::B => AttributeValue::B(
                                self.key_rng.random::<u32>().to_le_bytes().to_vec(),
                            ),
                        };
                        values.insert(format!(":g{n}"), v);
                        expr.push_str(&format!(", #g{n} = :g{n}"));
                    }
                }
                let input = UpdateItemInput {
                    table_name: self.table.name.clone(),
                    key: self.items.key(r.pk, r.sk),
                    update_expression: Some(expr),
                    expression: ExpressionInput { names: Some(names), values: Some(values) },
                    ..Default::default()
                };
                if let Ok(o) = self.engine.update_item(input) {
                    (c.table, c.gsi) = split(&self.table.global_secondary_indexes, o.consumed);
                }
            }
            OpKind::DeleteItem => {
                self.ensure(r.pk, r.sk);
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
            OpKind::Query => {
                // Until the engine's Query lands (engine part 2), a Query reads
                // the key's first `items` items and is charged by rule O2.
                let n = plan.items.min(self.items_per_key);
                let bytes: u64 = match plan.target {
                    ReadTarget::Table => (0..n)
                        .map(|sk| {
                            self.generated_size(r.pk, sk)
                                .unwrap_or_else(|| self.stored_size(r.pk, sk))
                        })
                        .sum(),
                    ReadTarget::Lsi | ReadTarget::Gsi(_) => n * plan.entry_bytes,
                };
                let c_read = if matches!(plan.target, ReadTarget::Gsi(_)) {
                    ReadConsistency::Eventual
                } else {
                    consistency
                };
                c.table = read_units(bytes, c_read);
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
fn split(
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
