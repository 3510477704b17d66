//! The store's table: an open-addressing hash table whose entries are also
//! in Scan order, so one structure serves point reads and writes (a probe
//! near one slot) and Query and Scan (a walk along the array).
//!
//! An item's home slot is the top `bits` bits of its bucket (a 64-bit
//! hash of the partition key, so homes are spread evenly), and the home
//! slot grows with the bucket. Entries are kept sorted by [`StoreKey`] with
//! empty slots between runs, every entry at or after its home, and no empty
//! slot between an entry and its home (linear probing, without wrapping:
//! the array grows at its end instead). From these:
//! - the entry for a key, if present, is the first slot at or after its
//!   home that is empty or holds a key `>=` it; that predicate is monotone
//!   from the home on, so a gallop and a binary search find it in a few
//!   comparisons on inline words (bucket, sort-key prefix);
//! - inserting moves the run after the new entry one slot right, up to the
//!   next empty slot; removing moves back the entries that sit past their
//!   home;
//! - walking the array in order is Scan order, and one partition key's
//!   items are one run in sort-key order.
//!
//! The table doubles when it is more than [`MAX_LOAD_PERCENT`] full and
//! halves when it is less than [`MIN_LOAD_PERCENT`] full; since entries
//! come out of the old array in order, the new one is filled in one pass. One partition key's items are one run, and the entries of other
//! keys whose homes fall inside it sit past its end, so a long run makes
//! every insert into it move them: the store moves a partition key out of
//! the slots before its run gets long (`large_partitions.rs`);
//! [`Slots::insert`] reports the run it inserted into for that.
//!
//! Depends on `store_key` and `store` (the stored item).

use crate::value::KeyValue;

use super::store::{StoreKey, Stored, bucket_floor};

/// Fill, in percent of the home slots, above which the table doubles.
pub const MAX_LOAD_PERCENT: usize = 90;

/// Fill below which the table halves (after mass deletes: a Scan walks
/// every slot, and the memory is given back). Halving leaves it at twice
/// this, far from doubling again.
pub const MIN_LOAD_PERCENT: usize = 20;

/// Home-slot bits of a new table (16 slots).
const MIN_BITS: u32 = 4;

type Entry = (StoreKey, Stored);

/// Bytes of one slot (48: the key's two words and box, the packed item's
/// pointer and length, its size), and of a cache line.
const SLOT_BYTES: usize = size_of::<Option<Entry>>();
const CACHE_LINE: usize = 64;
const _: () = assert!(SLOT_BYTES <= CACHE_LINE, "a slot spans at most two cache lines");

/// How far [`Slots::prefetch`] reaches into a lookup's memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The bucket's home slot.
    Slot,
    /// The boxed key and the packed item of the entry at exactly the
    /// item's position, if the home slot or the next holds it (reads them).
    Entry,
    /// The bytes of that entry's partition key (reads the boxed key).
    Key,
}

/// What [`Slots::insert`] did.
#[derive(Debug)]
pub struct Insert {
    /// The item replaced, if any.
    pub old: Option<Stored>,
    /// For a new item: entries of its bucket, itself included, counted up
    /// to the limit given (0 for a replacement).
    pub run: usize,
    /// The new item's partition key when the count reached the limit.
    pub crowded: Option<KeyValue>,
}

/// Items in Scan order, found by hashing (see the module doc).
#[derive(Debug, Clone)]
pub struct Slots {
    slots: Vec<Option<Entry>>,
    bits: u32,
    len: usize,
    /// Home-slot bits the table never halves below ([`Slots::reserve`]).
    min_bits: u32,
}

impl Default for Slots {
    fn default() -> Self {
        Slots { slots: empty(1 << MIN_BITS), bits: MIN_BITS, len: 0, min_bits: MIN_BITS }
    }
}

/// Largest reservation, in home-slot bits (2^25 slots: 1.6 GB); a table
/// past it grows by doubling as usual.
const MAX_RESERVED_BITS: u32 = 25;

/// Home-slot bits that hold `items` entries at most [`MAX_LOAD_PERCENT`]
/// full, within the reservation limits.
fn reserved_bits(items: usize) -> u32 {
    let homes = (items.saturating_mul(100) / MAX_LOAD_PERCENT).saturating_add(1);
    let bits = homes.checked_next_power_of_two().map_or(usize::BITS, usize::trailing_zeros);
    bits.clamp(MIN_BITS, MAX_RESERVED_BITS)
}

/// `n` empty home slots, with room reserved for the entries the last runs
/// push past them: a push past a `Vec`'s capacity would reallocate and copy
/// the whole array (an 800 MB copy for a 13-million-item table). The room
/// is reserved, not touched, so it costs address space only.
fn empty(n: usize) -> Vec<Option<Entry>> {
    let mut slots = Vec::with_capacity(n + n / 64 + 64);
    slots.resize_with(n, || None);
    slots
}

impl Slots {
    pub fn len(&self) -> usize {
        self.len
    }

    /// Makes room for `items` entries at once: the table will not double
    /// before it holds them, nor halve below that room after deletes. A
    /// table about to receive millions of items is spared the doublings
    /// that would copy it (and fault in fresh memory) a dozen times.
    pub fn reserve(&mut self, items: usize) {
        let bits = reserved_bits(items);
        self.min_bits = self.min_bits.max(bits);
        if bits > self.bits {
            self.rebuild(bits);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn home(&self, bucket: u64) -> usize {
        (bucket >> (64 - self.bits)) as usize
    }

    /// Whether slot `i` is past every key below `key`: empty, or holding a
    /// key `>= key`. Monotone from `key`'s home on (see the module doc).
    fn at_or_past(&self, i: usize, key: &StoreKey) -> bool {
        self.slots.get(i).is_none_or(|s| s.as_ref().is_none_or(|(k, _)| k >= key))
    }

    /// The first slot at or after `key`'s home that is empty or holds a
    /// key `>= key`: where `key` is, or would go.
    fn lower_bound(&self, key: &StoreKey) -> usize {
        let home = self.home(key.bucket);
        if self.at_or_past(home, key) {
            return home;
        }
        // Gallop: `lo` is known short of the answer, `hi` at or past it.
        let (mut lo, mut step) = (home, 1);
        let mut hi = home + 1;
        while !self.at_or_past(hi, key) {
            lo = hi;
            step *= 2;
            hi = home + step;
        }
        hi = hi.min(self.slots.len());
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.at_or_past(mid, key) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }

    fn found(&self, i: usize, key: &StoreKey) -> bool {
        matches!(self.slots.get(i), Some(Some((k, _))) if k == key)
    }

    /// Hints the CPU to load what a lookup of the item at `position`
    /// (bucket, sort-key order prefix) will read, as far as `reach` says.
    /// Each reach reads what the one before loaded, so a caller prefetches
    /// the slot first, the entry later, the key last; the entry and key
    /// only of an entry at exactly that position (a lookup follows no
    /// other entry's key), and only in the two slots the first reach loads.
    pub fn prefetch(&self, (bucket, order): (u64, u64), reach: Reach) {
        let home = self.home(bucket);
        let near = self.slots.get(home..).map_or(&[][..], |s| &s[..s.len().min(2)]);
        if reach == Reach::Slot {
            // The home slot's cache lines: a slot starting less than its
            // size before the end of a line ends in the next one.
            if let Some(slot) = near.first() {
                crate::hint::prefetch(slot);
                if std::ptr::from_ref(slot).addr() % CACHE_LINE > CACHE_LINE - SLOT_BYTES {
                    near.iter().skip(1).for_each(crate::hint::prefetch);
                }
            }
            return;
        }
        let mut entries = near.iter().map_while(Option::as_ref);
        let Some((key, stored)) = entries.find(|(k, _)| (k.bucket, k.order) >= (bucket, order))
        else {
            return;
        };
        if (key.bucket, key.order) != (bucket, order) {
            return;
        }
        match reach {
            Reach::Entry => {
                crate::hint::prefetch(&*key.key);
                crate::hint::prefetch(stored.packed().as_bytes());
            }
            _ => match &key.key.hash {
                KeyValue::S(s) => crate::hint::prefetch(s.as_bytes()),
                KeyValue::B(b) => crate::hint::prefetch(b.as_slice()),
                KeyValue::N(_) => {}
            },
        }
    }

    pub fn get(&self, key: &StoreKey) -> Option<&Stored> {
        let i = self.lower_bound(key);
        match self.slots.get(i) {
            Some(Some((k, s))) if k == key => Some(s),
            _ => None,
        }
    }

    /// Stores `stored` under `key`, returning the item it replaced; for a
    /// new item, also how many entries share its bucket (counted up to
    /// `count_to`), so the store can move a growing partition out.
    pub fn insert(&mut self, key: StoreKey, stored: Stored, count_to: usize) -> Insert {
        let i = self.lower_bound(&key);
        if self.found(i, &key) {
            let (_, old) = self.slots[i].as_mut().expect("found");
            return Insert { old: Some(std::mem::replace(old, stored)), run: 0, crowded: None };
        }
        let bucket = key.bucket;
        // Make room at `i`: the run from `i` moves right into the first
        // empty slot after it (one more at the end of the array if none).
        let gap = match self.slots[i..].iter().position(Option::is_none) {
            Some(n) => i + n,
            None => {
                self.slots.push(None);
                self.slots.len() - 1
            }
        };
        self.slots[i..=gap].rotate_right(1);
        self.slots[i] = Some((key, stored));
        self.len += 1;
        let run = self.run_around(i, bucket, count_to);
        let crowded = (run >= count_to)
            .then(|| self.slots[i].as_ref().map(|(k, _)| k.key.hash.clone()))
            .flatten();
        if self.len * 100 > (1 << self.bits) * MAX_LOAD_PERCENT {
            self.double();
        }
        Insert { old: None, run, crowded }
    }

    /// Entries of `bucket` next to and including slot `i` (which holds
    /// one), counted up to `count_to`: a run of one bucket is contiguous.
    fn run_around(&self, i: usize, bucket: u64, count_to: usize) -> usize {
        let same = |j: usize| matches!(self.slots.get(j), Some(Some((k, _))) if k.bucket == bucket);
        let mut run = 1;
        let mut j = i;
        while run < count_to && j > 0 && same(j - 1) {
            j -= 1;
            run += 1;
        }
        let mut j = i + 1;
        while run < count_to && same(j) {
            j += 1;
            run += 1;
        }
        run
    }

    pub fn remove(&mut self, key: &StoreKey) -> Option<Stored> {
        let i = self.lower_bound(key);
        if !self.found(i, key) {
            return None;
        }
        // The entries after `i` that sit past their home move back one.
        let mut end = i;
        while let Some(Some((k, _))) = self.slots.get(end + 1) {
            if self.home(k.bucket) > end {
                break;
            }
            end += 1;
        }
        let (_, old) = self.slots[i].take().expect("found");
        self.slots[i..=end].rotate_left(1);
        self.len -= 1;
        if self.bits > self.min_bits && self.len * 100 < (1 << self.bits) * MIN_LOAD_PERCENT {
            self.rebuild(self.bits - 1);
        }
        Some(old)
    }

    /// Doubles the home slots.
    fn double(&mut self) {
        self.rebuild(self.bits + 1);
    }

    /// Refills the entries, in one pass in order, into `2^bits` home slots
    /// (and any the last runs need past them).
    fn rebuild(&mut self, bits: u32) {
        let old = std::mem::take(&mut self.slots);
        self.bits = bits;
        let mut slots = empty(1 << self.bits);
        let mut next = 0;
        for (key, stored) in old.into_iter().flatten() {
            let at = self.home(key.bucket).max(next);
            if at >= slots.len() {
                slots.push(None);
            }
            slots[at] = Some((key, stored));
            next = at + 1;
        }
        self.slots = slots;
    }

    fn entries(slots: &[Option<Entry>]) -> impl DoubleEndedIterator<Item = (&StoreKey, &Stored)> {
        slots.iter().filter_map(|s| s.as_ref().map(|(k, v)| (k, v)))
    }

    /// Every entry in order.
    pub fn iter(&self) -> impl Iterator<Item = (&StoreKey, &Stored)> {
        Self::entries(&self.slots)
    }

    /// The entries from `from` on (inclusive), in order.
    pub fn iter_from<'a>(
        &'a self,
        from: &StoreKey,
    ) -> impl Iterator<Item = (&'a StoreKey, &'a Stored)> + use<'a> {
        Self::entries(&self.slots[self.lower_bound(from)..])
    }

    /// The entries of `bucket`, in order (either direction).
    pub fn bucket(&self, bucket: u64) -> impl DoubleEndedIterator<Item = (&StoreKey, &Stored)> {
        let lo = self.lower_bound(&bucket_floor(bucket));
        let hi = match bucket.checked_add(1) {
            Some(next) => self.lower_bound(&bucket_floor(next)),
            None => self.slots.len(),
        };
        Self::entries(&self.slots[lo..hi.max(lo)])
    }

    /// Checks the invariants the module doc states (tests only).
    #[cfg(test)]
    pub fn check(&self) {
        let mut prev: Option<&StoreKey> = None;
        let mut count = 0;
        for (i, slot) in self.slots.iter().enumerate() {
            let Some((k, _)) = slot else { continue };
            count += 1;
            let home = self.home(k.bucket);
            assert!(home <= i, "an entry sits before its home");
            assert!(self.slots[home..i].iter().all(Option::is_some), "a gap after a home");
            assert!(prev.is_none_or(|p| p < k), "out of order");
            prev = Some(k);
        }
        assert_eq!(count, self.len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::table::PrimaryKey;
    use crate::value::{AttributeValue, Item, KeyValue, Number};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn key(p: u32, r: i64) -> StoreKey {
        StoreKey::new(PrimaryKey {
            hash: KeyValue::S(format!("p{p}")),
            range: Some(KeyValue::N(Number::from_i64(r))),
        })
    }

    fn stored(v: u32) -> Stored {
        let item: Item = [("v", AttributeValue::n(i64::from(v)))].into_iter().collect();
        Stored::new(&item, u64::from(v))
    }

    // A reservation sizes the table once: no doubling up to the items
    // reserved, no halving below them after deletes; entries stay put.
    #[test]
    fn reserve_sizes_the_table_for_the_items_to_come() {
        let mut slots = Slots::default();
        slots.insert(key(0, 0), stored(1), 1);
        slots.reserve(1_000);
        // 1,000 items at most 90% full need 1,112 homes: 2^11.
        assert_eq!(slots.bits, 11);
        assert_eq!(slots.get(&key(0, 0)).map(|s| s.size), Some(1));
        let array = slots.slots.as_ptr();
        for p in 1..1_000 {
            slots.insert(key(p, 0), stored(p), 1);
        }
        assert_eq!(slots.bits, 11, "no doubling before the reserved items");
        assert_eq!(slots.slots.as_ptr(), array, "the array was not rebuilt or reallocated");
        for p in 1..1_000 {
            slots.remove(&key(p, 0));
        }
        assert_eq!(slots.bits, 11, "no halving below the reservation");
        slots.check();
        slots.reserve(10);
        assert_eq!(slots.bits, 11, "a smaller reservation keeps the room");
        assert_eq!(reserved_bits(0), MIN_BITS);
        // 14 items fill 16 homes 87.5%; 15 would pass 90%.
        assert_eq!(reserved_bits(14), 4);
        assert_eq!(reserved_bits(15), 5);
        assert_eq!(reserved_bits(usize::MAX), MAX_RESERVED_BITS, "reservations are capped");
    }

    // Prefetching is a hint: at any reach, for buckets whose home is the
    // first or last slot, on an empty or a full table, it reads only slots
    // that exist and changes nothing.
    #[test]
    fn prefetch_at_every_reach_is_safe_and_changes_nothing() {
        let mut slots = Slots::default();
        let all = [Reach::Slot, Reach::Entry, Reach::Key];
        for reach in all {
            slots.prefetch((0, 0), reach);
            slots.prefetch((u64::MAX, u64::MAX), reach);
        }
        for p in 0..14 {
            slots.insert(key(p, 1), stored(p), 1);
        }
        let before: Vec<(StoreKey, u32)> = slots.iter().map(|(k, s)| (k.clone(), s.size)).collect();
        for reach in all {
            for p in 0..14 {
                slots.prefetch((key(p, 1).bucket, key(p, 1).order), reach);
            }
            slots.prefetch((0, 0), reach);
            slots.prefetch((u64::MAX, u64::MAX), reach);
        }
        let after: Vec<(StoreKey, u32)> = slots.iter().map(|(k, s)| (k.clone(), s.size)).collect();
        assert_eq!(before, after);
        slots.check();
    }

    proptest! {
        // The table agrees with an ordered map through any sequence of
        // inserts, replacements and removes, growing as it goes, and keeps
        // its invariants; walks come out in StoreKey (Scan) order.
        #[test]
        fn slots_behave_like_an_ordered_map(
            ops in prop::collection::vec((any::<bool>(), 0u32..40, 0i64..6, 1u32..1000), 0..400),
        ) {
            let mut slots = Slots::default();
            let mut model: BTreeMap<StoreKey, u32> = BTreeMap::new();
            for (insert, p, r, v) in ops {
                let k = key(p, r);
                if insert {
                    let old = slots.insert(k.clone(), stored(v), 1).old.map(|s| s.size);
                    prop_assert_eq!(old, model.insert(k, v));
                } else {
                    prop_assert_eq!(slots.remove(&k).map(|s| s.size), model.remove(&k));
                }
                slots.check();
            }
            let walked: Vec<(StoreKey, u32)> =
                slots.iter().map(|(k, s)| (k.clone(), s.size)).collect();
            let want: Vec<(StoreKey, u32)> = model.clone().into_iter().collect();
            prop_assert_eq!(walked, want);
            for (k, v) in &model {
                prop_assert_eq!(slots.get(k).map(|s| s.size), Some(*v));
                let run: Vec<u32> = slots.bucket(k.bucket).map(|(_, s)| s.size).collect();
                prop_assert!(run.contains(v));
            }
        }
    }

    #[test]
    fn the_table_halves_after_mass_deletes() {
        let mut slots = Slots::default();
        for p in 0..20_000 {
            slots.insert(key(p, 0), stored(p), 1);
        }
        let full = slots.slots.len();
        for p in 10..20_000 {
            assert!(slots.remove(&key(p, 0)).is_some());
        }
        slots.check();
        assert!(slots.slots.len() * 100 < full, "{} slots of {full} left", slots.slots.len());
        assert!(slots.bits >= MIN_BITS);
        assert_eq!(slots.iter().map(|(_, s)| s.size).collect::<Vec<_>>().len(), 10);
        for p in 0..10 {
            assert_eq!(slots.get(&key(p, 0)).map(|s| s.size), Some(p));
        }
    }

    #[test]
    fn a_large_collection_is_one_sorted_run_others_still_found() {
        let mut slots = Slots::default();
        for r in (0..3_000).rev() {
            slots.insert(key(7, r), stored(r as u32), 1);
        }
        for p in 0..200 {
            slots.insert(key(p + 100, 0), stored(5_000 + p), 1);
        }
        slots.check();
        let run: Vec<u32> = slots.bucket(key(7, 0).bucket).map(|(_, s)| s.size).collect();
        assert_eq!(run, (0..3_000).collect::<Vec<u32>>());
        let back: Vec<u32> = slots.bucket(key(7, 0).bucket).rev().map(|(_, s)| s.size).collect();
        assert_eq!(back.first(), Some(&2_999));
        for p in 0..200 {
            assert_eq!(slots.get(&key(p + 100, 0)).map(|s| s.size), Some(5_000 + p));
        }
        assert_eq!(slots.remove(&key(7, 1_500)).map(|s| s.size), Some(1_500));
        slots.check();
        assert!(slots.get(&key(7, 1_500)).is_none());
        let from: Vec<u32> = slots.iter_from(&key(7, 2_997)).take(3).map(|(_, s)| s.size).collect();
        assert_eq!(&from[..], &[2_997, 2_998, 2_999]);
    }
}
