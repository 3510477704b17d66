//! Partition keys with large item collections, kept out of the store's
//! slots in a B-tree of their own.
//!
//! In the slots (`slots.rs`) one partition key's items are one contiguous
//! run, and the items of other keys whose home slots fall inside it are
//! pushed past its end. A run of thousands of items would make every insert
//! into it (a hot key's new sort keys, say) move the displaced entries
//! behind it, and every write near it walk them: the slots cost grows with
//! the square of the run. So once a partition key holds more than
//! [`LARGE_PARTITION`] items, the store moves all of them here, where an
//! insert is logarithmic whatever the collection's size, and keeps them
//! here (even if the collection shrinks again).
//!
//! Nothing changes for the caller: the store looks here only for partition
//! keys listed as large, Query reads a large partition from here, and Scan
//! merges the two ordered streams ([`Merged`]).
//!
//! Depends on `store` (keys and stored items) and `value`.

use std::collections::{BTreeMap, HashMap, btree_map};
use std::iter::Peekable;
use std::ops::Bound;

use crate::value::KeyValue;

use super::store::{StoreKey, Stored, bucket_floor};

/// Items of one partition key above which it leaves the slots.
pub const LARGE_PARTITION: usize = 128;

/// The large partitions' items, in Scan order.
#[derive(Debug, Clone, Default)]
pub struct LargePartitions {
    items: BTreeMap<StoreKey, Stored>,
    /// The large partition keys, by bucket.
    keys: HashMap<u64, Vec<KeyValue>>,
}

impl LargePartitions {
    /// Whether partition key `hash` (in `bucket`) lives here.
    pub fn holds(&self, bucket: u64, hash: &KeyValue) -> bool {
        // An empty map answers without hashing.
        !self.keys.is_empty() && self.keys.get(&bucket).is_some_and(|keys| keys.contains(hash))
    }

    /// Lists partition key `hash` (in `bucket`) as large; its items follow
    /// through [`LargePartitions::insert`].
    pub fn admit(&mut self, bucket: u64, hash: &KeyValue) {
        self.keys.entry(bucket).or_default().push(hash.clone());
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, key: &StoreKey) -> Option<&Stored> {
        self.items.get(key)
    }

    pub fn insert(&mut self, key: StoreKey, stored: Stored) -> Option<Stored> {
        self.items.insert(key, stored)
    }

    pub fn remove(&mut self, key: &StoreKey) -> Option<Stored> {
        self.items.remove(key)
    }

    /// Every item, in order.
    pub fn iter(&self) -> btree_map::Iter<'_, StoreKey, Stored> {
        self.items.iter()
    }

    /// The items from `from` on (inclusive), in order.
    pub fn iter_from(&self, from: &StoreKey) -> btree_map::Range<'_, StoreKey, Stored> {
        self.items.range((Bound::Included(from), Bound::Unbounded))
    }

    /// The items of `bucket` (a partition key's, and any other key's
    /// sharing the bucket), in order.
    pub fn bucket(&self, bucket: u64) -> btree_map::Range<'_, StoreKey, Stored> {
        let start = bucket_floor(bucket);
        let end = match bucket.checked_add(1) {
            Some(next) => Bound::Excluded(bucket_floor(next)),
            None => Bound::Unbounded,
        };
        self.items.range((Bound::Included(start), end))
    }
}

/// Two streams of items in Scan order, merged into one (a key is in one
/// of them, never both).
pub struct Merged<'a, A, B>
where
    A: Iterator<Item = (&'a StoreKey, &'a Stored)>,
    B: Iterator<Item = (&'a StoreKey, &'a Stored)>,
{
    a: Peekable<A>,
    b: Peekable<B>,
}

impl<'a, A, B> Merged<'a, A, B>
where
    A: Iterator<Item = (&'a StoreKey, &'a Stored)>,
    B: Iterator<Item = (&'a StoreKey, &'a Stored)>,
{
    pub fn new(a: A, b: B) -> Self {
        Merged { a: a.peekable(), b: b.peekable() }
    }
}

impl<'a, A, B> Iterator for Merged<'a, A, B>
where
    A: Iterator<Item = (&'a StoreKey, &'a Stored)>,
    B: Iterator<Item = (&'a StoreKey, &'a Stored)>,
{
    type Item = (&'a StoreKey, &'a Stored);

    fn next(&mut self) -> Option<Self::Item> {
        match (self.a.peek(), self.b.peek()) {
            (Some((ka, _)), Some((kb, _))) if kb < ka => self.b.next(),
            (Some(_), _) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::table::PrimaryKey;
    use crate::value::{AttributeValue, Item, Number};

    fn key(p: &str, r: i64) -> StoreKey {
        StoreKey::new(PrimaryKey {
            hash: KeyValue::S(p.into()),
            range: Some(KeyValue::N(Number::from_i64(r))),
        })
    }

    fn stored(v: u32) -> Stored {
        let item: Item = [("v", AttributeValue::n(i64::from(v)))].into_iter().collect();
        Stored::new(&item, u64::from(v))
    }

    #[test]
    fn merging_two_ordered_streams_keeps_the_order() {
        let mut a = BTreeMap::new();
        let mut b = BTreeMap::new();
        for (i, p) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
            let target = if i % 3 == 0 { &mut a } else { &mut b };
            target.insert(key(p, 1), stored(i as u32));
        }
        let merged: Vec<&StoreKey> = Merged::new(a.iter(), b.iter()).map(|(k, _)| k).collect();
        let mut want: Vec<&StoreKey> = a.keys().chain(b.keys()).collect();
        want.sort();
        assert_eq!(merged, want);
        assert_eq!(Merged::new(a.iter(), std::iter::empty()).count(), a.len());
    }

    #[test]
    fn only_listed_partition_keys_are_held() {
        let mut large = LargePartitions::default();
        let k = key("hot", 1);
        assert!(!large.holds(k.bucket, &k.key.hash));
        large.admit(k.bucket, &k.key.hash);
        assert!(large.holds(k.bucket, &k.key.hash));
        assert!(!large.holds(k.bucket, &KeyValue::S("other".into())), "a bucket collision");
        large.insert(k.clone(), stored(3));
        large.insert(key("hot", 2), stored(4));
        let run: Vec<u32> = large.bucket(k.bucket).map(|(_, s)| s.size).collect();
        assert_eq!(run, [3, 4]);
        assert_eq!(large.remove(&k).map(|s| s.size), Some(3));
        assert_eq!(large.len(), 1);
    }
}
