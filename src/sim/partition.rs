//! Partitions of a table (or GSI): ranges of the key-hash space, each with
//! its own hard throughput limit, its share of the data, and the traffic
//! statistics that decide splits.
//!
//! Rules (Developer Guide "Burst and adaptive capacity", "Partitions and
//! data distribution"; AWS Database Blog on split for heat; facts §3.1-§3.4):
//! - **PT1 placement**: a partition key's hash picks the partition whose
//!   range holds it; all items of a key live in one partition.
//! - **PT2 limits**: a partition serves at most 3,000 read and 1,000 write
//!   units per second, whatever the table's capacity (a one-second bucket).
//! - **PT3 split for size**: a partition over 10 GB splits in two.
//! - **PT4 split for heat**: a partition that used more than
//!   [`HEAT_SPLIT_SHARE`] of a limit over the last minute, with traffic
//!   from more than one key, splits where its observed traffic divides in
//!   half; a single hot key cannot be split (it stays capped by PT2).
//!   Partitions never merge.

use super::token_bucket::{MICRO, TokenBucket};
use crate::capacity::partitions::{PARTITION_BYTES, PARTITION_READ_UNITS, PARTITION_WRITE_UNITS};

/// Share of a partition limit that, sustained for a minute, splits for heat.
pub const HEAT_SPLIT_SHARE_PERCENT: u64 = 80;
/// Share used in docs.
pub const HEAT_SPLIT_SHARE: &str = "80%";
/// Bins of the per-minute traffic histogram over a partition's hash range.
const BINS: usize = 16;

/// One partition.
#[derive(Debug, Clone)]
pub struct Partition {
    /// First hash in the range (inclusive).
    pub lo: u64,
    /// Last hash in the range (inclusive).
    pub hi: u64,
    pub id: u32,
    pub read_limit: TokenBucket,
    pub write_limit: TokenBucket,
    pub bytes: u64,
    /// This minute: units consumed (micro-units) per histogram bin.
    bins: [i128; BINS],
    /// This minute: the key with the most traffic and its micro-units, and
    /// the total (to tell a single hot key from a hot range).
    top_key: Option<(u64, i128)>,
    minute_read: i128,
    minute_write: i128,
    /// Whole run, for the hot-partition report.
    pub consumed_read: i128,
    pub consumed_write: i128,
    pub throttled: u64,
    /// This metrics period (for the heat map): micro-units and throttles.
    pub period_units: i128,
    pub period_throttled: u64,
}

impl Partition {
    fn new(id: u32, lo: u64, hi: u64, bytes: u64, now_us: u64) -> Self {
        Partition {
            lo,
            hi,
            id,
            read_limit: TokenBucket::per_second(PARTITION_READ_UNITS, 1, now_us),
            write_limit: TokenBucket::per_second(PARTITION_WRITE_UNITS, 1, now_us),
            bytes,
            bins: [0; BINS],
            top_key: None,
            minute_read: 0,
            minute_write: 0,
            consumed_read: 0,
            consumed_write: 0,
            throttled: 0,
            period_units: 0,
            period_throttled: 0,
        }
    }

    fn bin(&self, hash: u64) -> usize {
        let width = (self.hi - self.lo) / BINS as u64 + 1;
        (((hash - self.lo) / width) as usize).min(BINS - 1)
    }

    /// Records `micro` units consumed by `key` (hashing to `hash`).
    pub fn record(&mut self, key: u64, hash: u64, micro: i128, write: bool) {
        let b = self.bin(hash);
        self.bins[b] += micro;
        self.period_units += micro;
        if write {
            self.minute_write += micro;
            self.consumed_write += micro;
        } else {
            self.minute_read += micro;
            self.consumed_read += micro;
        }
        match &mut self.top_key {
            Some((k, v)) if *k == key => *v += micro,
            Some((_, v)) if *v < micro => self.top_key = Some((key, micro)),
            Some((_, v)) => *v -= micro.min(*v), // Misra-Gries with one counter
            None => self.top_key = Some((key, micro)),
        }
    }
}

/// The partitions of one table or GSI, sorted by hash range.
#[derive(Debug, Clone)]
pub struct PartitionMap {
    parts: Vec<Partition>,
    next_id: u32,
    pub splits: u64,
}

impl PartitionMap {
    /// `count` partitions evenly over the hash space, sharing `bytes` of data.
    pub fn new(count: u64, bytes: u64, now_us: u64) -> Self {
        let count = count.max(1);
        let width = u64::MAX / count;
        let parts = (0..count)
            .map(|i| {
                let lo = i * width;
                let hi = if i + 1 == count { u64::MAX } else { (i + 1) * width - 1 };
                Partition::new(i as u32, lo, hi, bytes / count, now_us)
            })
            .collect();
        PartitionMap { parts, next_id: count as u32, splits: 0 }
    }

    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Index of the partition holding `hash` (PT1).
    pub fn locate(&self, hash: u64) -> usize {
        self.parts.partition_point(|p| p.hi < hash)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Partition> {
        self.parts.iter_mut()
    }

    pub fn get_mut(&mut self, i: usize) -> &mut Partition {
        &mut self.parts[i]
    }

    pub fn iter(&self) -> impl Iterator<Item = &Partition> {
        self.parts.iter()
    }

    /// Splits the widest partitions until there are at least `count`
    /// (partitions added when provisioned throughput rises above any
    /// previous value; facts §3.1). Returns how many splits happened.
    pub fn ensure_at_least(&mut self, count: u64, now_us: u64) -> u64 {
        let mut splits = 0;
        while (self.parts.len() as u64) < count {
            let (i, p) = self
                .parts
                .iter()
                .enumerate()
                .max_by_key(|(_, p)| p.hi - p.lo)
                .expect("at least one partition");
            if p.hi - p.lo < 2 {
                break;
            }
            let mid = p.lo + (p.hi - p.lo) / 2;
            self.split(i, mid + 1, now_us);
            splits += 1;
        }
        self.splits += splits;
        splits
    }

    /// End of a minute: splits partitions for size (PT3) and heat (PT4),
    /// then clears the minute's statistics. Returns how many splits happened.
    pub fn end_minute(&mut self, now_us: u64) -> u64 {
        let mut i = 0;
        let mut splits = 0;
        while i < self.parts.len() {
            if let Some(at) = self.split_point(i) {
                self.split(i, at, now_us);
                splits += 1;
                i += 2;
            } else {
                i += 1;
            }
        }
        for p in &mut self.parts {
            p.bins = [0; BINS];
            p.top_key = None;
            p.minute_read = 0;
            p.minute_write = 0;
        }
        self.splits += splits;
        splits
    }

    fn split_point(&self, i: usize) -> Option<u64> {
        let p = &self.parts[i];
        if p.hi - p.lo < 2 {
            return None;
        }
        let mid = p.lo + (p.hi - p.lo) / 2;
        if p.bytes > PARTITION_BYTES {
            return Some(mid);
        }
        let read_hot = p.minute_read * 100
            > i128::from(PARTITION_READ_UNITS) * MICRO * 60 * i128::from(HEAT_SPLIT_SHARE_PERCENT);
        let write_hot = p.minute_write * 100
            > i128::from(PARTITION_WRITE_UNITS) * MICRO * 60 * i128::from(HEAT_SPLIT_SHARE_PERCENT);
        if !(read_hot || write_hot) {
            return None;
        }
        let total: i128 = p.bins.iter().sum();
        // A single key carrying (almost) everything cannot be split apart.
        if let Some((_, v)) = p.top_key
            && v * 10 >= total * 9
        {
            return None;
        }
        let mut acc = 0;
        let width = (p.hi - p.lo) / BINS as u64 + 1;
        for (b, v) in p.bins.iter().enumerate() {
            acc += v;
            if acc * 2 >= total {
                let at = p.lo + (b as u64 + 1) * width;
                return (at > p.lo && at <= p.hi).then_some(at).or(Some(mid));
            }
        }
        Some(mid)
    }

    /// Splits partition `i` into [lo, at-1] and [at, hi]; data is shared in
    /// proportion to the hash ranges.
    fn split(&mut self, i: usize, at: u64, now_us: u64) {
        let p = self.parts[i].clone();
        let left_share = (at - p.lo) as u128;
        let whole = (p.hi - p.lo) as u128 + 1;
        let left_bytes = (u128::from(p.bytes) * left_share / whole) as u64;
        let mut left = Partition::new(self.next_id, p.lo, at - 1, left_bytes, now_us);
        let mut right = Partition::new(self.next_id + 1, at, p.hi, p.bytes - left_bytes, now_us);
        self.next_id += 2;
        left.consumed_read = p.consumed_read;
        left.consumed_write = p.consumed_write;
        left.throttled = p.throttled;
        right.throttled = 0;
        self.parts.splice(i..=i, [left, right]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60_000_000;

    #[test]
    fn pt1_hashes_find_their_range() {
        let m = PartitionMap::new(4, 0, 0);
        assert_eq!(m.locate(0), 0);
        assert_eq!(m.locate(u64::MAX / 4 - 1), 0);
        assert_eq!(m.locate(u64::MAX / 4), 1);
        assert_eq!(m.locate(u64::MAX), 3);
    }

    #[test]
    fn pt3_a_partition_over_10gb_splits() {
        let mut m = PartitionMap::new(1, PARTITION_BYTES + 1, 0);
        assert_eq!(m.end_minute(MIN), 1);
        assert_eq!(m.len(), 2);
        assert_eq!(m.end_minute(2 * MIN), 0);
    }

    // PT4: two keys sharing 900 WCU/s for a minute (above 80% of 1,000) split apart.
    #[test]
    fn pt4_a_hot_range_of_several_keys_splits() {
        let mut m = PartitionMap::new(1, 0, 0);
        let (a, b) = (u64::MAX / 8, u64::MAX / 8 * 7);
        let p = m.get_mut(0);
        for _ in 0..27_000 {
            p.record(1, a, MICRO, true);
            p.record(2, b, MICRO, true);
        }
        assert_eq!(m.end_minute(MIN), 1);
        assert_ne!(m.locate(a), m.locate(b), "the two keys now live apart");
    }

    // PT4: one key cannot be split away from itself.
    #[test]
    fn pt4_a_single_hot_key_does_not_split() {
        let mut m = PartitionMap::new(1, 0, 0);
        let p = m.get_mut(0);
        for _ in 0..60_000 {
            p.record(7, 12345, MICRO, true);
        }
        assert_eq!(m.end_minute(MIN), 0);
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn raising_capacity_adds_partitions() {
        let mut m = PartitionMap::new(2, 0, 0);
        assert_eq!(m.ensure_at_least(5, 0), 3);
        assert_eq!(m.len(), 5);
        assert_eq!(m.ensure_at_least(3, 0), 0, "partitions never merge");
    }

    #[test]
    fn quiet_partitions_do_not_split() {
        let mut m = PartitionMap::new(2, 0, 0);
        m.get_mut(0).record(1, 5, 100 * MICRO, true);
        assert_eq!(m.end_minute(MIN), 0);
    }
}
