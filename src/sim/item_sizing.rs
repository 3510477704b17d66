//! The DynamoDB size of a generated item, computed without building it.
//!
//! Reads of items a run never wrote are charged by the generated item's
//! size (`run.rs`), millions of times a run, so building each item (a
//! kilobyte of strings) just to measure it would dominate the simulator.
//! An item's size is the sum of its attributes' name and value sizes
//! (rules S1-S9, `capacity::item_size`); for the shapes the generator makes,
//! every non-key attribute has the same size on every item, so that part is
//! summed once here, and only the keys (whose values come from the item's
//! number) and the index key attributes that sparse indexes add or remove are
//! sized per call, by the same rules.
//!
//! Shapes with an `NS` attribute (whose members may coincide, changing the
//! set's size from item to item) or more than 16 distinct index key
//! attributes are not planned; the generator then builds the item.
//! `items.rs` tests that both ways agree on every shape.
//!
//! Depends on `items` and `capacity::item_size`.

use super::items::{
    DEFAULT_KEY_BYTES, INDEX_KEY_BYTES, ItemGenerator, Shape, key_value, spec_value,
};
use crate::capacity::item_size::attribute_value_size;
use crate::workload::{AttributeType, KeyAttribute, KeyType};

/// Distinct index key attributes a plan tracks without allocating (more
/// than this and the generator builds items to size them).
const MAX_INDEX_ATTRS: usize = 16;

/// What an item's size is made of.
#[derive(Debug, Clone)]
pub struct SizePlan {
    /// Name + value bytes of the attributes that are neither table keys nor
    /// index key attributes.
    fixed: u64,
    /// Each distinct index key attribute (not a table key): its name, and
    /// its name + value bytes when the shape itself carries it.
    index_attrs: Vec<(String, Option<u64>)>,
}

impl SizePlan {
    /// The plan for `g`'s shape, or `None` when sizes vary in ways only
    /// building the item shows.
    pub fn new(g: &ItemGenerator) -> Option<SizePlan> {
        let shape: Vec<(String, u64)> = match &g.shape {
            Shape::Attributes(attrs) => {
                if attrs.iter().any(|(_, s)| s.kind == AttributeType::NS) {
                    return None;
                }
                attrs
                    .iter()
                    .map(|(n, s)| {
                        (n.clone(), n.len() as u64 + attribute_value_size(&spec_value(s, 0)))
                    })
                    .collect()
            }
            Shape::Example(item) => item
                .iter()
                .map(|(n, v)| (n.clone(), n.len() as u64 + attribute_value_size(v)))
                .collect(),
            Shape::Filler(_) => Vec::new(),
        };
        let mut index_attrs: Vec<(String, Option<u64>)> = Vec::new();
        for (keys, _) in &g.index_keys {
            for k in keys {
                if !g.is_table_key(&k.name) && !index_attrs.iter().any(|(n, _)| *n == k.name) {
                    let own = shape.iter().find(|(n, _)| *n == k.name).map(|(_, s)| *s);
                    index_attrs.push((k.name.clone(), own));
                }
            }
        }
        if index_attrs.len() > MAX_INDEX_ATTRS {
            return None;
        }
        let fixed = shape
            .iter()
            .filter(|(n, _)| !g.is_table_key(n) && !index_attrs.iter().any(|(a, _)| a == n))
            .map(|(_, s)| s)
            .sum();
        Some(SizePlan { fixed, index_attrs })
    }

    /// Size of item `(pk, sk)` of `g` without an `item_size` shape's filler:
    /// what `item_size(&g.base(pk, sk))` gives.
    pub fn base_size(&self, g: &ItemGenerator, pk: u64, sk: u64) -> u64 {
        let mut size = self.fixed + key_size(&g.pk, pk, DEFAULT_KEY_BYTES);
        if let Some(s) = &g.sk {
            size += key_size(s, sk, DEFAULT_KEY_BYTES);
        }
        let id = ItemGenerator::item_id(pk, sk);
        // Walk the indexes as `base` does: each one adds its key attributes
        // (when the item is covered and lacks them) or removes them.
        let mut present: [Option<u64>; MAX_INDEX_ATTRS] = [None; MAX_INDEX_ATTRS];
        for (slot, (_, own)) in present.iter_mut().zip(&self.index_attrs) {
            *slot = *own;
        }
        for (keys, coverage) in &g.index_keys {
            let covered = ItemGenerator::covered(id, *coverage);
            for k in keys {
                let Some(i) = self.index_attrs.iter().position(|(n, _)| *n == k.name) else {
                    continue; // a table key: always there
                };
                if !covered {
                    present[i] = None;
                } else if present[i].is_none() {
                    present[i] = Some(key_size(k, id % 1_000_003, INDEX_KEY_BYTES));
                }
            }
        }
        size + present.iter().flatten().sum::<u64>()
    }
}

/// Name + value bytes of key attribute `k` generated from `id`.
fn key_size(k: &KeyAttribute, id: u64, default_len: usize) -> u64 {
    let value = match k.kind {
        KeyType::N => attribute_value_size(&key_value(k, id, default_len)),
        KeyType::S | KeyType::B => {
            // `padded`: the id in hex, padded to the length.
            let hex = (64 - id.leading_zeros()).div_ceil(4).max(1) as u64;
            hex.max(k.size.map(|s| s.bytes()).unwrap_or(default_len as u64))
        }
    };
    k.name.len() as u64 + value
}
