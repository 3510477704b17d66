//! A capacity holder: the table, or one GSI, with its own read and write
//! capacity (provisioned with burst and auto scaling, or on-demand) and its
//! own partitions. Admission control asks the holder, then the partition.
//!
//! Rules (facts §3.3-§3.5; docs/simulation-model.md):
//! - **H1 table capacity**: provisioned capacity refills a table-level bucket
//!   that banks up to 300 seconds of unused capacity (burst capacity); any
//!   partition may draw on it up to its own limit, which is how adaptive
//!   capacity lends unused table capacity to hot partitions (DynamoDB's
//!   global admission control, ATC'22).
//! - **H2 on-demand**: the table-level bucket refills at the on-demand
//!   ceiling (twice the previous peak) and banks one second.
//! - **H3**: a request is admitted while both the holder's bucket and the
//!   partition's bucket are positive, then charged its actual units.

use super::autoscaling::TargetTracking;
use super::on_demand::OnDemandCeiling;
use super::partition::PartitionMap;
use super::token_bucket::{MICRO, TokenBucket};
use crate::capacity::Working;
use crate::capacity::partitions::partitions;

/// Seconds of unused provisioned capacity a table banks (burst capacity).
pub const BURST_SECONDS: u64 = 300;

/// Why a request was throttled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ThrottleReason {
    /// The table's (or GSI's) provisioned capacity or on-demand ceiling.
    Capacity,
    /// A partition's 3,000 RCU / 1,000 WCU limit (KeyRangeThroughputExceeded).
    Partition,
}

/// How capacity is bought.
#[derive(Debug, Clone)]
pub enum Billing {
    Provisioned { units: u64, scaler: Option<TargetTracking> },
    OnDemand { ceiling: OnDemandCeiling },
}

/// Reads or writes of one holder.
#[derive(Debug, Clone)]
pub struct Capacity {
    pub bucket: TokenBucket,
    pub billing: Billing,
    /// Micro-units consumed in the current minute and period.
    pub minute: i128,
    pub period: i128,
    pub total: i128,
}

impl Capacity {
    pub fn provisioned(units: u64, scaler: Option<TargetTracking>) -> Self {
        Capacity {
            bucket: TokenBucket::per_second(units, BURST_SECONDS, 0),
            billing: Billing::Provisioned { units, scaler },
            minute: 0,
            period: 0,
            total: 0,
        }
    }

    pub fn on_demand(previous_peak: u64) -> Self {
        let ceiling = OnDemandCeiling::new(previous_peak);
        Capacity {
            bucket: TokenBucket::per_second(ceiling.ceiling(), 1, 0),
            billing: Billing::OnDemand { ceiling },
            minute: 0,
            period: 0,
            total: 0,
        }
    }

    /// Units in force: provisioned units, or the on-demand ceiling.
    pub fn units(&self) -> u64 {
        match &self.billing {
            Billing::Provisioned { units, .. } => *units,
            Billing::OnDemand { ceiling } => ceiling.ceiling(),
        }
    }

    fn charge(&mut self, now_us: u64, micro: i128) {
        self.bucket.charge(now_us, micro);
        self.minute += micro;
        self.period += micro;
        self.total += micro;
    }

    /// End of a minute: feeds auto scaling or the on-demand peak, applies
    /// changes that are due. Returns the new units when they changed.
    fn end_minute(&mut self, now_us: u64) -> Option<u64> {
        let now_secs = now_us / 1_000_000;
        let avg_milli = (self.minute * 1_000 / MICRO / 60).max(0) as u64;
        self.minute = 0;
        let changed = match &mut self.billing {
            Billing::Provisioned { units, scaler: Some(s) } => {
                let applied = s.apply_due(now_secs);
                s.on_minute(now_secs, avg_milli);
                if let Some(u) = applied {
                    *units = u;
                }
                applied
            }
            Billing::Provisioned { scaler: None, .. } => None,
            Billing::OnDemand { ceiling } => ceiling.on_minute(now_secs, avg_milli.div_ceil(1_000)),
        };
        if let Some(units) = changed {
            let rate = i128::from(units) * MICRO;
            let burst = match self.billing {
                Billing::Provisioned { .. } => BURST_SECONDS,
                Billing::OnDemand { .. } => 1,
            };
            self.bucket.set_rate(now_us, rate, rate * i128::from(burst));
        }
        changed
    }
}

/// The table or one GSI.
#[derive(Debug, Clone)]
pub struct Holder {
    pub name: String,
    pub read: Capacity,
    pub write: Capacity,
    pub partitions: PartitionMap,
}

impl Holder {
    /// A holder with `bytes` of data; starts with the partitions its
    /// capacity and size need (rules P1-P3).
    pub fn new(name: &str, read: Capacity, write: Capacity, bytes: u64) -> Self {
        let count =
            partitions(read.units().into(), write.units().into(), bytes, &mut Working::new())
                .partitions;
        Holder {
            name: name.to_string(),
            read,
            write,
            partitions: PartitionMap::new(count, bytes, 0),
        }
    }

    /// H3: may a read (or write) start on partition `p` now?
    pub fn admit(&mut self, p: usize, write: bool, now_us: u64) -> Result<(), ThrottleReason> {
        let cap = if write { &mut self.write } else { &mut self.read };
        if !cap.bucket.admits(now_us) {
            return Err(ThrottleReason::Capacity);
        }
        let part = self.partitions.get_mut(p);
        let limit = if write { &mut part.write_limit } else { &mut part.read_limit };
        if !limit.admits(now_us) {
            return Err(ThrottleReason::Partition);
        }
        Ok(())
    }

    /// Charges `micro` units consumed by `key` on partition `p`.
    pub fn charge(&mut self, p: usize, key: u64, hash: u64, micro: i128, write: bool, now_us: u64) {
        let cap = if write { &mut self.write } else { &mut self.read };
        cap.charge(now_us, micro);
        let part = self.partitions.get_mut(p);
        if write {
            part.write_limit.charge(now_us, micro);
        } else {
            part.read_limit.charge(now_us, micro);
        }
        part.record(key, hash, micro, write);
    }

    /// End of a minute: scaling, then splits (for size, heat, and raised
    /// capacity). Returns the number of splits.
    pub fn end_minute(&mut self, now_us: u64) -> u64 {
        let r = self.read.end_minute(now_us);
        let w = self.write.end_minute(now_us);
        let mut splits = 0;
        if r.is_some() || w.is_some() {
            let want = partitions(
                self.read.units().into(),
                self.write.units().into(),
                0,
                &mut Working::new(),
            )
            .partitions;
            splits += self.partitions.ensure_at_least(want, now_us);
        }
        splits + self.partitions.end_minute(now_us)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000;

    // Adaptive capacity (Developer Guide example): a 400 WCU table over 4
    // partitions; one partition receiving 150 WCU/s is served in full.
    #[test]
    fn h1_a_hot_partition_borrows_unused_table_capacity() {
        let mut h =
            Holder::new("t", Capacity::provisioned(10, None), Capacity::provisioned(400, None), 0);
        h.partitions.ensure_at_least(4, 0);
        let mut throttled = 0;
        for i in 0..150 * 60 {
            let t = 10 * 60 * S + i * (S / 150);
            match h.admit(0, true, t) {
                Ok(()) => h.charge(0, 1, 1, MICRO, true, t),
                Err(_) => throttled += 1,
            }
        }
        assert_eq!(throttled, 0);
    }

    #[test]
    fn h3_reports_which_limit_throttled() {
        let mut h = Holder::new(
            "t",
            Capacity::provisioned(1, None),
            Capacity::provisioned(10_000, None),
            0,
        );
        // Exhaust the partition's 1,000 WCU second without touching the table's bank.
        h.charge(0, 1, 1, 1_000 * MICRO, true, 0);
        assert_eq!(h.admit(0, true, 0), Err(ThrottleReason::Partition));
        let mut small =
            Holder::new("t", Capacity::provisioned(1, None), Capacity::provisioned(1, None), 0);
        small.charge(0, 1, 1, 301 * MICRO, true, 0);
        assert_eq!(small.admit(0, true, 0), Err(ThrottleReason::Capacity));
    }
}
