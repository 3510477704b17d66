//! Per partition-key totals behind the hot-key report (like Contributor
//! Insights' "most accessed keys" and "most throttled keys"), exact and in
//! memory proportional to the keys a run touches.
//!
//! The simulator numbers partition keys `0..distinct_partition_keys`, so the
//! totals live in dense pages indexed by key number rather than in a hash
//! map: 4,096 keys a page, allocated on first touch, 8 bytes a key (consumed
//! half units and throttled attempts, `u32` each). A count that would pass
//! `u32::MAX` moves its high part to a small overflow map, so totals stay
//! exact for the longest run (31 days at a partition's 3,000 RCU is 1.6e10
//! half units) while the common case costs no hashing. For 10 million keys
//! touched this is 80 MB, against ~40 bytes a key for a `HashMap`.
//!
//! Updates are queued and applied in batches sorted by key: the keys of a
//! run's requests are random over millions, so adding each as it came cost
//! a cache (and TLB) miss per request, over a tenth of a long simulation's
//! time; a sorted batch walks the pages in order. The totals are sums, so
//! the order they are added in changes nothing.
//!
//! Depends on `token_bucket` (the micro-unit scale) only.

use std::collections::HashMap;

use super::token_bucket::MICRO;

const PAGE_KEYS: usize = 4_096;

/// Updates queued before a batch is applied.
const PENDING: usize = 1 << 15;

/// Consumed half units (`[0]`) and throttled attempts (`[1]`) of one key.
type Slot = [u32; 2];

/// Totals per partition key number.
#[derive(Debug, Clone, Default)]
pub struct KeyStats {
    pages: Vec<Option<Box<[Slot; PAGE_KEYS]>>>,
    /// Multiples of 2^32 carried out of a slot, by (key, field).
    overflow: HashMap<(u64, usize), u64>,
    /// Whether any attempt was throttled (else no key is "most throttled").
    any_throttled: bool,
    /// Queued updates: (key << 1 | field, amount).
    pending: Vec<(u64, u64)>,
}

impl KeyStats {
    /// Records `halves` half capacity units consumed by `key`.
    pub fn consumed(&mut self, key: u64, halves: u64) {
        if halves > 0 {
            self.queue(key, 0, halves);
        }
    }

    /// Records one throttled attempt on `key`.
    pub fn throttled(&mut self, key: u64) {
        self.any_throttled = true;
        self.queue(key, 1, 1);
    }

    fn queue(&mut self, key: u64, field: u64, n: u64) {
        self.pending.push((key << 1 | field, n));
        if self.pending.len() >= PENDING {
            self.apply_pending();
        }
    }

    /// Adds the queued updates, in key order.
    fn apply_pending(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_unstable_by_key(|&(k, _)| k);
        for &(k, n) in &pending {
            self.add(k >> 1, (k & 1) as usize, n);
        }
        pending.clear();
        self.pending = pending;
    }

    fn add(&mut self, key: u64, field: usize, n: u64) {
        if n == 0 {
            return;
        }
        let page = (key / PAGE_KEYS as u64) as usize;
        if self.pages.len() <= page {
            self.pages.resize_with(page + 1, || None);
        }
        let slots = self.pages[page].get_or_insert_with(|| Box::new([[0; 2]; PAGE_KEYS]));
        let slot = &mut slots[(key % PAGE_KEYS as u64) as usize][field];
        let sum = u64::from(*slot) + n;
        *slot = sum as u32; // the low 32 bits; the rest carries out
        if sum >> 32 > 0 {
            *self.overflow.entry((key, field)).or_default() += sum >> 32;
        }
    }

    /// Calls `f` with every key with a nonzero total, as (key, consumed
    /// half units, throttles), in key order. Plain loops: this walks every
    /// slot (80 MB for 10 million keys) once per report table.
    fn for_each_entry(&self, mut f: impl FnMut((u64, u64, u64))) {
        let overflowed = !self.overflow.is_empty();
        for (p, page) in self.pages.iter().enumerate() {
            let Some(slots) = page else { continue };
            for (i, s) in slots.iter().enumerate() {
                let key = (p * PAGE_KEYS + i) as u64;
                // A total can wrap to a zero slot: then it is in `overflow`.
                if *s == [0, 0]
                    && !(overflowed
                        && (self.overflow.contains_key(&(key, 0))
                            || self.overflow.contains_key(&(key, 1))))
                {
                    continue;
                }
                f((key, self.full(key, 0, s[0]), self.full(key, 1, s[1])));
            }
        }
    }

    fn full(&self, key: u64, field: usize, low: u32) -> u64 {
        (self.overflow.get(&(key, field)).copied().unwrap_or(0) << 32) | u64::from(low)
    }

    /// The `n` keys with the most consumed units (then the most throttles),
    /// and the `n` keys with the most throttles (then the most units; only
    /// keys that were throttled), as (key, consumed units, throttles); ties
    /// go to the lower key number. One walk over the totals for both.
    pub fn tops(&mut self, n: usize) -> (Vec<KeyRow>, Vec<KeyRow>) {
        self.apply_pending();
        let mut consumed = Best::new(n);
        let mut throttled = Best::new(if self.any_throttled { n } else { 0 });
        self.for_each_entry(|e| {
            consumed.offer(e, (e.1, e.2));
            if e.2 > 0 {
                throttled.offer(e, (e.2, e.1));
            }
        });
        (units(consumed.into_keys()), units(throttled.into_keys()))
    }

    /// The first list of [`KeyStats::tops`].
    pub fn top(&mut self, n: usize) -> Vec<(u64, f64, u64)> {
        self.tops(n).0
    }

    /// The second list of [`KeyStats::tops`].
    pub fn top_throttled(&mut self, n: usize) -> Vec<(u64, f64, u64)> {
        self.tops(n).1
    }
}

/// The best `n` entries offered so far, by descending rank then ascending
/// key number.
struct Best {
    n: usize,
    /// (rank, entry), best first.
    kept: Vec<((u64, u64), Entry)>,
}

impl Best {
    fn new(n: usize) -> Best {
        Best { n, kept: Vec::with_capacity(n + 1) }
    }

    fn offer(&mut self, e: Entry, rank: (u64, u64)) {
        // `a` goes before `b`: higher rank, or equal rank and lower key.
        let before = |a: &((u64, u64), Entry), b: &((u64, u64), Entry)| {
            b.0.cmp(&a.0).then(a.1.0.cmp(&b.1.0)).is_lt()
        };
        let item = (rank, e);
        if self.n == 0
            || (self.kept.len() == self.n && self.kept.last().is_some_and(|w| !before(&item, w)))
        {
            return;
        }
        let at = self.kept.partition_point(|x| before(x, &item));
        self.kept.insert(at, item);
        self.kept.truncate(self.n);
    }

    fn into_keys(self) -> Vec<Entry> {
        self.kept.into_iter().map(|(_, e)| e).collect()
    }
}

/// A key's report row: (key number, consumed units, throttled attempts).
pub type KeyRow = (u64, f64, u64);

/// A key's raw totals: (key number, consumed half units, throttles).
type Entry = (u64, u64, u64);

fn units(v: Vec<(u64, u64, u64)>) -> Vec<(u64, f64, u64)> {
    v.into_iter()
        .map(|(k, halves, t)| (k, (i128::from(halves) * MICRO / 2) as f64 / MICRO as f64, t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_keys_rank_by_consumption_then_throttles_then_key() {
        let mut k = KeyStats::default();
        k.consumed(1, 10);
        k.consumed(2, 18);
        k.consumed(7, 10);
        k.throttled(7);
        k.throttled(3);
        k.throttled(3);
        let top = k.top(3);
        assert_eq!(top, vec![(2, 9.0, 0), (7, 5.0, 1), (1, 5.0, 0)]);
        assert_eq!(k.top_throttled(5), vec![(3, 0.0, 2), (7, 5.0, 1)]);
        assert_eq!(k.top(0), vec![]);
    }

    #[test]
    fn keys_far_apart_allocate_only_their_pages() {
        let mut k = KeyStats::default();
        k.consumed(49_999_999, 2);
        k.consumed(0, 4);
        assert_eq!(k.top(5), vec![(0, 2.0, 0), (49_999_999, 1.0, 0)]);
        assert_eq!(k.pages.iter().filter(|p| p.is_some()).count(), 2);
        assert_eq!(k.top_throttled(5), vec![], "no attempt was throttled");
    }

    // Updates past a batch's size are applied in batches; the totals are
    // those of adding each as it came.
    #[test]
    fn batched_updates_equal_immediate_ones() {
        let mut k = KeyStats::default();
        let n = 3 * PENDING as u64 + 17;
        for i in 0..n {
            k.consumed((i * 7_919) % 5_000, 1 + i % 3);
            if i % 5 == 0 {
                k.throttled(i % 11);
            }
        }
        assert!(k.pending.len() < PENDING);
        let mut want: HashMap<u64, (u64, u64)> = HashMap::new();
        for i in 0..n {
            want.entry((i * 7_919) % 5_000).or_default().0 += 1 + i % 3;
            if i % 5 == 0 {
                want.entry(i % 11).or_default().1 += 1;
            }
        }
        let mut v: Vec<_> = want.iter().map(|(k, (c, t))| (*k, *c, *t)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        v.truncate(10);
        assert_eq!(k.top(10), units(v));
    }

    #[test]
    fn totals_past_u32_stay_exact() {
        let mut k = KeyStats::default();
        // 2^32 + 5 half units in steps, and one exact multiple of 2^32.
        for _ in 0..4 {
            k.consumed(9, 1 << 30);
        }
        k.consumed(9, 5);
        k.consumed(11, 1 << 32);
        let top = k.top(2);
        assert_eq!(top[0].0, 9);
        assert_eq!(top[0].1, ((1u64 << 32) + 5) as f64 / 2.0);
        assert_eq!(top[1], (11, (1u64 << 31) as f64, 0));
    }

    #[test]
    fn matches_a_hash_map_model() {
        // Compare against the obvious implementation on a pseudo-random stream.
        let mut k = KeyStats::default();
        let mut model: HashMap<u64, (u64, u64)> = HashMap::new();
        let mut x: u64 = 12_345;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let key = (x >> 33) % 9_000;
            if x.is_multiple_of(7) {
                k.throttled(key);
                model.entry(key).or_default().1 += 1;
            } else {
                let h = (x >> 20) % 5;
                k.consumed(key, h);
                if h > 0 {
                    model.entry(key).or_default().0 += h;
                }
            }
        }
        let all: Vec<_> = model.iter().map(|(k, (c, t))| (*k, *c, *t)).collect();
        let mut want = all.clone();
        want.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        want.truncate(10);
        let mut want_throttled: Vec<_> = all.into_iter().filter(|e| e.2 > 0).collect();
        want_throttled.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
        want_throttled.truncate(10);
        assert_eq!(k.tops(10), (units(want), units(want_throttled)));
    }
}
