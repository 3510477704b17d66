//! The event loop of one table's run: arrivals, attempts, retries, minute
//! ticks (auto scaling, on-demand peaks, splits) and metrics periods.

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
use super::touched::TouchMap;
use crate::capacity::CapacityUnits;
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

#[derive(Debug, Clone, Copy)]
pub(super) struct Req {
    pub(super) op: usize,
    pub(super) pk: u64,
    pub(super) sk: u64,
    pub(super) attempt: u32,
    pub(super) first_us: u64,
    pub(super) page: u64,
}

pub(super) enum Ev {
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
    pub(super) table: &'a Table,
    pub(super) plans: Vec<OpPlan>,
    pub(super) items: ItemGenerator,
    pub(super) engine: Engine,
    pub(super) clock: ManualClock,
    pub(super) holders: Vec<Holder>,
    pub(super) queue: EventQueue<Ev>,
    pub(super) arrival_rngs: Vec<ChaCha8Rng>,
    pub(super) key_rng: ChaCha8Rng,
    pub(super) retry_rng: ChaCha8Rng,
    pub(super) profile: LoadProfile,
    pub(super) items_per_key: u64,
    pub(super) item_count: u64,
    /// What the run did to each starting item (`item_no` numbers them).
    pub(super) touch: TouchMap,
    /// Items PutItem added (beyond the starting data; never deleted, as
    /// deletes pick starting items).
    pub(super) added: u64,
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
