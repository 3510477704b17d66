//! The event loop of one table's run: arrivals, attempts, retries, minute
//! ticks (auto scaling, on-demand peaks, splits) and metrics periods.

use std::collections::VecDeque;
use std::sync::{Arc, mpsc};

use rand_chacha::ChaCha8Rng;

use super::arrivals::{Arrival, Arrivals, OpStream, Prepared};
use super::client::backoff;
use super::hash::{mix, stable_hash};
use super::holder::{Holder, ThrottleReason};
use super::items::ItemGenerator;
use super::key_stats::KeyStats;
use super::metrics::{HeatCell, Latency, OpCounts, Sample};
use super::phases::LoadProfile;
use super::queue::EventQueue;
use super::reserve::{Writes, expected_stored_items};
use super::rng::stream;
use super::setup::{OpPlan, ReadTarget};
use super::time::SimTime;
use super::token_bucket::MICRO;
use super::touched::{ItemState, TouchMap};
use crate::capacity::CapacityUnits;
use crate::engine::table::slots::Reach;
use crate::engine::{Engine, ManualClock, Timestamp};
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

/// One request's attempt in flight.
#[derive(Debug)]
pub(super) struct Req {
    pub(super) op: usize,
    pub(super) pk: u64,
    pub(super) sk: u64,
    pub(super) attempt: u32,
    pub(super) first_us: u64,
    pub(super) page: u64,
    /// What the generator made ahead for executing it (taken when it runs).
    pub(super) prepared: Prepared,
}

/// Arrivals per block handed from the generating thread.
const ARRIVAL_BLOCK: usize = 4_096;
/// Blocks the generating thread may run ahead.
const BLOCKS_AHEAD: usize = 4;
/// Arrivals whose item states and slots are prefetched at a time, 16 to 32
/// arrivals before they run (`TableSim::read_ahead`).
const READ_AHEAD: usize = 16;
/// How many arrivals ahead the slot's entry is prefetched (the slot is in
/// cache by then), and how many ahead the entry's key (its box is).
const ENTRY_AHEAD: usize = 8;
const KEY_AHEAD: usize = 4;

pub(super) enum Ev {
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
    pub(super) table: &'a Table,
    pub(super) plans: Vec<OpPlan>,
    pub(super) items: ItemGenerator,
    pub(super) engine: Engine,
    pub(super) clock: ManualClock,
    pub(super) holders: Vec<Holder>,
    pub(super) queue: EventQueue<Ev>,
    /// The run's requests, until `run` hands them to their thread.
    arrivals: Option<Arrivals>,
    /// Draws made while executing (extra keys of batches, GSI key changes).
    pub(super) exec_rng: ChaCha8Rng,
    pub(super) retry_rng: ChaCha8Rng,
    pub(super) items_per_key: u64,
    pub(super) item_count: u64,
    /// What the run did to each starting item (`item_no` numbers them).
    pub(super) touch: TouchMap,
    /// Items PutItem added (beyond the starting data; never deleted, as
    /// deletes pick starting items).
    pub(super) added: u64,
    /// UpdateItems executed (each writes a distinct filler value).
    pub(super) updates: u64,
    pub(super) client: ClientSettings,
    pub(super) end_us: u64,
    pub(super) period_us: u64,
    pub(super) counts: Vec<OpCounts>,
    pub(super) latency: Latency,
    pub(super) keys: KeyStats,
    pub(super) series: Vec<Sample>,
    pub(super) heat: Vec<HeatCell>,
    pub(super) period_throttled: u64,
    pub(super) usage: Usage,
    pub(super) requests: u64,
    pub(super) start_partitions: u64,
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
        let items_per_key = (input.item_count / input.keys.max(1)).max(1);
        let writes = Writes {
            plans: &input.plans,
            starting_items: input.item_count,
            sort_key: input.table.sort_key.is_some(),
            rate_seconds: input.duration_us as f64 / 1e6 * input.profile.mean(input.duration_us),
        };
        if let Some(items) = expected_stored_items(&writes) {
            engine.reserve_items(name, items);
        }
        let streams = input
            .plans
            .iter()
            .map(|p| OpStream {
                kind: p.kind,
                rate_per_sec: p.rate_per_sec,
                picker: p.picker.clone(),
                items: p.items,
                item_bytes: p.op_item_bytes,
                // Only a table without indexes stores such a seed as it is.
                unchanged_by_updates: p.changes_nothing()
                    && input.table.global_secondary_indexes.is_empty()
                    && input.table.local_secondary_indexes.is_empty(),
            })
            .collect();
        let arrivals = Arrivals::new(
            name,
            input.seed,
            streams,
            input.profile,
            ItemGenerator::new(input.table),
            items_per_key,
            input.duration_us,
        );
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
            arrivals: Some(arrivals),
            exec_rng: stream(input.seed, &format!("{name}/execute")),
            retry_rng: stream(input.seed, &format!("{name}/retries")),
            items_per_key,
            item_count: input.item_count,
            touch: TouchMap::new(),
            added: 0,
            updates: 0,
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

    /// Runs to the end and returns what was measured. The arrivals are
    /// generated on a second thread (`arrivals.rs`) and merged here with
    /// the event queue in time order; at equal times queued events run
    /// first.
    pub fn run(mut self, progress: &mut dyn Progress) -> Outcome {
        // A period that ends on a minute is recorded before that minute's
        // splits retire partitions (ties run in scheduling order, and each
        // tick reschedules itself in the same order).
        self.queue.schedule(SimTime::from_micros(self.period_us), Ev::Period);
        self.queue.schedule(SimTime::from_secs(60), Ev::Minute);
        let mut generator = self.arrivals.take().expect("a run runs once");
        let (blocks, receiver) = mpsc::sync_channel::<Vec<Arrival>>(BLOCKS_AHEAD);
        std::thread::scope(|scope| {
            let generate = move || {
                loop {
                    let block = generator.next_block(ARRIVAL_BLOCK);
                    let last = block.is_empty();
                    // The receiver hangs up when the run ends first.
                    if blocks.send(block).is_err() || last {
                        break;
                    }
                }
            };
            // Named, so profiles tell it from the event loop. If no thread
            // can start, the run cannot proceed (nothing would arrive).
            std::thread::Builder::new()
                .name("arrivals".into())
                .spawn_scoped(scope, generate)
                .expect("the arrivals thread starts");
            self.event_loop(&receiver, progress);
            // Dropping the receiver stops the generator if it is ahead.
            drop(receiver);
        });
        progress.advance(&self.table.name, self.end_us, self.end_us, self.requests);
        let in_flight = self.queue_len_attempts();
        let materialized = self.touch.touched() + self.added;
        let outcome = Outcome {
            ops: self.plans.iter().map(|p| p.label.clone()).zip(self.counts).collect(),
            latency: self.latency,
            series: self.series,
            heat: self.heat,
            holders: self.holders,
            keys: self.keys,
            usage: self.usage,
            in_flight,
            materialized,
            start_partitions: self.start_partitions,
        };
        drop_in_background(self.engine);
        outcome
    }

    fn event_loop(&mut self, blocks: &mpsc::Receiver<Vec<Arrival>>, progress: &mut dyn Progress) {
        let mut block = VecDeque::new();
        let mut more = true;
        let mut events: u64 = 0;
        // Arrivals at the block's front whose memory was prefetched.
        let mut fetched = 0;
        loop {
            if block.is_empty() && more {
                match blocks.recv() {
                    Ok(b) if !b.is_empty() => block = VecDeque::from(b),
                    _ => more = false,
                }
                fetched = 0;
            }
            if fetched <= READ_AHEAD && fetched < block.len() {
                let end = (fetched + READ_AHEAD).min(block.len());
                // A block's first arrivals get their states and slots
                // loaded together, with little lead: the read-ahead does
                // not cross blocks (4,096 arrivals each).
                if fetched == 0 {
                    self.prefetch_states(block.range(..end));
                }
                // Item states a batch further ahead: in cache when the
                // next batch decides whose slots to load.
                self.prefetch_states(block.range(end..(end + READ_AHEAD).min(block.len())));
                self.read_ahead(block.range(fetched..end), Reach::Slot);
                fetched = end;
            }
            let arrival_at = block.front().map(|a: &Arrival| a.at_us);
            let event_at = self.queue.peek_time().map(SimTime::micros);
            // The next arrival goes first unless a queued event is due no later.
            let arrival_first = match (arrival_at, event_at) {
                (Some(a), Some(e)) => a < e,
                (Some(_), None) => true,
                (None, _) => false,
            };
            let now = if arrival_first {
                for (ahead, reach) in [(ENTRY_AHEAD, Reach::Entry), (KEY_AHEAD, Reach::Key)] {
                    self.read_ahead(block.get(ahead).into_iter(), reach);
                }
                let a = block.pop_front().expect("peeked");
                fetched -= 1;
                self.arrive(a)
            } else if let Some((t, ev)) = self.queue.pop() {
                let now = t.micros();
                if now > self.end_us {
                    break;
                }
                match ev {
                    Ev::Attempt(r) => self.attempt(r, now),
                    Ev::Minute => self.minute(now),
                    Ev::Period => self.period(now),
                }
                now
            } else {
                break;
            };
            events += 1;
            if events.is_multiple_of(1 << 16) {
                progress.advance(&self.table.name, now, self.end_us, self.requests);
            }
        }
    }

    /// Asks the CPU to start loading these coming arrivals' item states
    /// (a random access into up to 12.5 MB each).
    fn prefetch_states<'b>(&self, arrivals: impl Iterator<Item = &'b Arrival>) {
        for a in arrivals {
            if a.sk < self.items_per_key {
                self.touch.prefetch(self.item_no(a.pk, a.sk));
            }
        }
    }

    /// Asks the CPU to start loading what these coming arrivals will look
    /// up in the engine, as far as `reach`, so it is in cache when they
    /// run: the engine's slots are random accesses into up to gigabytes.
    /// Arrivals that will not look in the engine are skipped: their memory
    /// would only crowd out the rest. Only a hint; nothing the run computes
    /// depends on it.
    fn read_ahead<'b>(&self, arrivals: impl Iterator<Item = &'b Arrival>, reach: Reach) {
        let wanted = arrivals.filter(|a| self.reads_engine(a)).map(|a| a.position);
        self.engine.prefetch_items(&self.table.name, wanted, reach);
    }

    /// Whether running `a` now would look its own key up in the engine: a
    /// point read of a starting item never written is served by the
    /// generator, a Scan and a GSI Query by the capacity rules.
    fn reads_engine(&self, a: &Arrival) -> bool {
        let plan = &self.plans[a.op];
        match plan.kind {
            OpKind::GetItem | OpKind::BatchGetItem | OpKind::TransactGetItems => {
                a.sk >= self.items_per_key
                    || matches!(
                        self.touch.get(self.item_no(a.pk, a.sk)),
                        ItemState::Stored | ItemState::Deleted
                    )
            }
            OpKind::Scan => false,
            OpKind::Query => !matches!(plan.target, ReadTarget::Gsi(_)),
            // Their items are written under new sort keys, not `a.sk`'s.
            OpKind::BatchWriteItem | OpKind::TransactWriteItems => self.table.sort_key.is_none(),
            _ => true,
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

    /// A request's first attempt. Returns its time.
    fn arrive(&mut self, a: Arrival) -> u64 {
        self.requests += 1;
        self.counts[a.op].requests += 1;
        let r = Req {
            op: a.op,
            pk: a.pk,
            sk: a.sk,
            attempt: 1,
            first_us: a.at_us,
            page: 0,
            prepared: a.prepared,
        };
        self.attempt(r, a.at_us);
        a.at_us
    }

    /// The end of a minute: bills the minute's provisioned capacity, then
    /// runs auto scaling, on-demand peaks and splits. At the run's last
    /// instant only the billing happens: a change decided then would apply
    /// after the run, so the capacity and partitions reported "at the end"
    /// are those of the last metrics period.
    fn minute(&mut self, now: u64) {
        for h in &mut self.holders {
            self.usage.rcu_minutes += u128::from(h.read.units());
            self.usage.wcu_minutes += u128::from(h.write.units());
            if now < self.end_us {
                h.end_minute(now);
            }
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
    fn attempt(&mut self, mut r: Req, now: u64) {
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
        let charges = self.execute(&mut r, now);
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

/// Frees the run's engine (millions of items after a long run: seconds of
/// `free`) on a thread of its own, so the report is not kept waiting; the
/// CLI exits without waiting for it. Frees it here if no thread can start.
fn drop_in_background(engine: Engine) {
    let spawned =
        std::thread::Builder::new().name("engine-drop".into()).spawn(move || drop(engine));
    // On failure the closure, and the engine with it, is dropped here.
    drop(spawned);
}
