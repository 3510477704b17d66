//! Items generated from their key, deterministically: the simulator never
//! stores a table's items up front. Item `(pk, sk)` is the same every time
//! it is generated, so a 50-million-item table costs memory only for the
//! items a run touches.
//!
//! Shapes follow the workload: `attributes` (each value of its average
//! size), `example_item` (the example with the keys replaced), or
//! `item_size` (the keys plus one filler attribute making up the size).
//! An index's key attributes (a GSI's keys, an LSI's sort key) are present
//! on an item with probability `coverage` (sparse indexes), decided by the
//! item's hash; without them the item is not in the index, and writing it
//! costs no index write.

use std::collections::BTreeSet;

use super::hash::{mix, stable_hash};
use super::item_sizing::SizePlan;
use crate::capacity::item_size::{attribute_value_size, item_size};
use crate::engine::table::store::partition_hash;
use crate::value::{AttributeValue, Item, KeyValue, Number, item_from_json};
use crate::workload::{AttributeSpec, AttributeType, KeyAttribute, KeyType, Table};

/// Bytes of a generated S/B key value when the workload gives no size.
pub(super) const DEFAULT_KEY_BYTES: usize = 16;

/// Bytes of a generated S/B index key value (GSI keys, LSI sort keys) when
/// the workload gives no size.
pub(super) const INDEX_KEY_BYTES: usize = 8;

/// Builds the items of one table.
#[derive(Debug, Clone)]
pub struct ItemGenerator {
    pub(super) pk: KeyAttribute,
    pub(super) sk: Option<KeyAttribute>,
    pub(super) shape: Shape,
    /// (index key attributes, coverage in millionths), GSIs then LSIs.
    pub(super) index_keys: Vec<(Vec<KeyAttribute>, u64)>,
    /// Sizes without building items, when the shape allows it.
    sizing: Option<SizePlan>,
}

#[derive(Debug, Clone)]
pub(super) enum Shape {
    Attributes(Vec<(String, AttributeSpec)>),
    Example(Item),
    Filler(u64),
}

pub(super) fn key_value(k: &KeyAttribute, id: u64, default_len: usize) -> AttributeValue {
    match k.kind {
        KeyType::N => AttributeValue::N(Number::from_i64(id as i64)),
        KeyType::S => {
            AttributeValue::S(padded(id, k.size.map(|s| s.bytes() as usize).unwrap_or(default_len)))
        }
        KeyType::B => AttributeValue::B(
            padded(id, k.size.map(|s| s.bytes() as usize).unwrap_or(default_len)).into_bytes(),
        ),
    }
}

/// `id` in hex, padded with `x` to `len` bytes (at least the hex digits).
fn padded(id: u64, len: usize) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(len.max(16));
    // Writing to a String cannot fail.
    let _ = write!(s, "{id:x}");
    if s.len() < len {
        s.extend(std::iter::repeat_n('x', len - s.len()));
    }
    s
}

/// Exactly `len` bytes (at least 1): `id` in hex, cut or padded.
fn sized(id: u64, len: usize) -> String {
    let mut s = padded(id, len.max(1));
    s.truncate(len.max(1));
    s
}

fn number_with_digits(digits: u32, id: u64) -> AttributeValue {
    let digits = digits.clamp(1, 18);
    let low = 10u64.pow(digits - 1);
    // Odd last digit: no trailing zeros, so exactly `digits` significant digits.
    let v = low + (mix(id) % (9 * low)) / 2 * 2 + 1;
    AttributeValue::N(Number::from_i64(v.min(10 * low - 1) as i64))
}

/// `value` with other content drawn from `id`, at the same DynamoDB size:
/// strings and binaries of the same length; numbers with as many
/// significant digits and the same exponent; booleans drawn; other kinds
/// unchanged.
fn varied(value: &AttributeValue, id: u64) -> AttributeValue {
    match value {
        AttributeValue::S(s) => AttributeValue::S(sized(id, s.len())),
        AttributeValue::B(b) => AttributeValue::B(sized(id, b.len()).into_bytes()),
        AttributeValue::N(n) if !n.is_zero() => {
            let digits = n.significant_digits();
            let low = 10u128.pow(digits - 1);
            // An odd last digit: no trailing zero, so as many digits.
            let m = low + (u128::from(id) % (9 * low)) / 2 * 2 + 1;
            Number::from_parts(n.is_negative(), m.min(10 * low - 1), n.exponent())
                .map_or_else(|_| value.clone(), AttributeValue::N)
        }
        AttributeValue::Bool(_) => AttributeValue::Bool(id.is_multiple_of(2)),
        other => other.clone(),
    }
}

pub(super) fn spec_value(spec: &AttributeSpec, id: u64) -> AttributeValue {
    let size = spec.size.map(|s| s.bytes() as usize).unwrap_or(1);
    let elements = spec.elements.unwrap_or(1).max(1) as usize;
    let digits = spec.digits.unwrap_or(1);
    match spec.kind {
        AttributeType::S => AttributeValue::S(sized(id, size)),
        AttributeType::B => AttributeValue::B(vec![b'x'; size.max(1)]),
        AttributeType::N => number_with_digits(digits, id),
        AttributeType::Bool => AttributeValue::Bool(id.is_multiple_of(2)),
        AttributeType::Null => AttributeValue::Null,
        AttributeType::L => {
            let each = (size / elements).max(1);
            AttributeValue::L((0..elements).map(|_| AttributeValue::S("x".repeat(each))).collect())
        }
        AttributeType::M => {
            let each = (size / elements).max(2);
            let mut m = Item::new();
            for i in 0..elements {
                m.insert(
                    format!("k{i}"),
                    AttributeValue::S("x".repeat(each - 2 - i.to_string().len().min(each - 2))),
                );
            }
            AttributeValue::M(m)
        }
        AttributeType::SS => {
            let each = (size / elements).max(1);
            let set: BTreeSet<String> = (0..elements)
                .map(|i| format!("{}{}", "x".repeat(each.saturating_sub(i.to_string().len())), i))
                .collect();
            AttributeValue::Ss(set)
        }
        AttributeType::NS => {
            let set: BTreeSet<Number> = (0..elements as u64)
                .map(|i| match number_with_digits(digits, id.wrapping_add(i)) {
                    AttributeValue::N(n) => n,
                    _ => Number::from_i64(i as i64),
                })
                .collect();
            AttributeValue::Ns(set)
        }
        AttributeType::BS => {
            let each = (size / elements).max(1);
            AttributeValue::Bs(
                (0..elements)
                    .map(|i| {
                        let mut v = vec![b'x'; each];
                        v.extend(i.to_string().into_bytes());
                        v
                    })
                    .collect(),
            )
        }
    }
}

impl ItemGenerator {
    /// The generator of `table`'s items. Fails only on an `example_item`
    /// that validation would already have rejected.
    pub fn new(table: &Table) -> ItemGenerator {
        let shape = if let Some(attrs) = &table.attributes {
            Shape::Attributes(attrs.iter().map(|(n, s)| (n.clone(), s.clone())).collect())
        } else if let Some(json) = &table.example_item {
            Shape::Example(item_from_json(json).unwrap_or_default())
        } else {
            Shape::Filler(table.item_size.map(|s| s.bytes()).unwrap_or(1_024))
        };
        // GSI keys, and LSI sort keys (an LSI's partition key is the
        // table's): an item without them is not in the index.
        let index_keys = table
            .global_secondary_indexes
            .iter()
            .chain(&table.local_secondary_indexes)
            .map(|g| {
                let mut keys = vec![g.partition_key.clone()];
                keys.extend(g.sort_key.clone());
                let cov = g
                    .coverage
                    .map(|c| (c * rust_decimal::Decimal::from(1_000_000)).round())
                    .and_then(|c| rust_decimal::prelude::ToPrimitive::to_u64(&c))
                    .unwrap_or(1_000_000);
                (keys, cov)
            })
            .collect();
        let mut generator = ItemGenerator {
            pk: table.partition_key.clone(),
            sk: table.sort_key.clone(),
            shape,
            index_keys,
            sizing: None,
        };
        generator.sizing = SizePlan::new(&generator);
        generator
    }

    /// The hash an item's generated values derive from.
    pub(super) fn item_id(pk: u64, sk: u64) -> u64 {
        mix(pk.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ sk)
    }

    /// Whether item `id` carries the key attributes of an index with this
    /// coverage (in millionths).
    pub(super) fn covered(id: u64, coverage_millionths: u64) -> bool {
        stable_hash(&id.to_le_bytes()) % 1_000_000 < coverage_millionths
    }

    /// Whether `name` is one of the table's key attributes.
    pub(super) fn is_table_key(&self, name: &str) -> bool {
        self.pk.name == name || self.sk.as_ref().is_some_and(|s| s.name == name)
    }

    /// The primary key of item `sk` of partition key `pk`.
    pub fn key(&self, pk: u64, sk: u64) -> Item {
        let mut key = Item::new();
        key.insert(self.pk.name.clone(), key_value(&self.pk, pk, DEFAULT_KEY_BYTES));
        if let Some(s) = &self.sk {
            key.insert(s.name.clone(), key_value(s, sk, DEFAULT_KEY_BYTES));
        }
        key
    }

    /// Where the engine files item `(pk, sk)`: its partition key's hash
    /// bucket ([`partition_hash`]) and its sort key's order prefix
    /// ([`KeyValue::order_prefix`]; 0 without a sort key), by which the run
    /// asks the engine to prefetch the item's memory.
    pub fn position(&self, pk: u64, sk: u64) -> (u64, u64) {
        let value = key_value(&self.pk, pk, DEFAULT_KEY_BYTES);
        let bucket = KeyValue::from_attribute(&value).map_or(0, |k| partition_hash(&k));
        let order = self.sk.as_ref().map_or(0, |s| {
            KeyValue::from_attribute(&key_value(s, sk, DEFAULT_KEY_BYTES))
                .map_or(0, |k| k.order_prefix())
        });
        (bucket, order)
    }

    /// The whole item `(pk, sk)`.
    pub fn item(&self, pk: u64, sk: u64) -> Item {
        let mut item = self.base(pk, sk);
        if let Shape::Filler(target) = self.shape {
            let used = item_size(&item) + 4; // "data" name
            let fill = target.saturating_sub(used).max(1) as usize;
            item.insert("data", AttributeValue::S("x".repeat(fill)));
        }
        item
    }

    /// Item `(pk, sk)` of DynamoDB size `target` when given (an operation's
    /// own `item_size`): an `item_size` shape's filler is sized to it;
    /// other shapes get a `_` attribute making up the difference (an item
    /// whose shape is larger than `target` keeps its size).
    pub fn item_sized(&self, pk: u64, sk: u64, target: Option<u64>) -> Item {
        let Some(target) = target else { return self.item(pk, sk) };
        let mut item = self.base(pk, sk);
        if let Shape::Filler(_) = self.shape {
            let used = item_size(&item) + 4; // "data" name
            let fill = target.saturating_sub(used).max(1) as usize;
            item.insert("data", AttributeValue::S("x".repeat(fill)));
            return item;
        }
        let used = item_size(&item);
        if target > used {
            // "_" (1 byte) and a string of the rest.
            item.insert("_", AttributeValue::S("x".repeat((target - used - 1) as usize)));
        }
        item
    }

    /// Item `(pk, sk)` without the filler attribute of an `item_size` shape.
    fn base(&self, pk: u64, sk: u64) -> Item {
        let id = Self::item_id(pk, sk);
        let mut item = match &self.shape {
            Shape::Attributes(attrs) => {
                let mut it = Item::new();
                for (name, spec) in attrs {
                    it.insert(name.clone(), spec_value(spec, id));
                }
                it
            }
            Shape::Example(example) => example.clone(),
            Shape::Filler(_) => Item::new(),
        };
        for (k, v) in self.key(pk, sk).iter() {
            item.insert(k.clone(), v.clone());
        }
        for (keys, coverage_millionths) in &self.index_keys {
            let present = Self::covered(id, *coverage_millionths);
            for k in keys {
                if present {
                    if !item.contains_key(&k.name) {
                        item.insert(k.name.clone(), key_value(k, id % 1_000_003, INDEX_KEY_BYTES));
                    }
                } else if !self.is_table_key(&k.name) {
                    // An index keyed on a table key attribute covers every
                    // item (every LSI, by its partition key).
                    item.remove(&k.name);
                }
            }
        }
        item
    }

    /// Size of item `(pk, sk)` without keeping it. For an `item_size` shape
    /// the filler is counted, not built: it makes the item exactly the
    /// target size, or one byte more than the rest when the rest is larger.
    pub fn size(&self, pk: u64, sk: u64) -> u64 {
        let base = |g: &ItemGenerator| match &g.sizing {
            Some(plan) => plan.base_size(g, pk, sk),
            None => item_size(&g.base(pk, sk)),
        };
        match self.shape {
            Shape::Filler(target) => {
                let used = base(self) + 4; // "data" name
                if used < target { target } else { used + 1 }
            }
            _ if self.sizing.is_some() => base(self),
            _ => item_size(&self.item(pk, sk)),
        }
    }

    /// Bytes of the `data` filler of item `(pk, sk)` for an `item_size`
    /// shape (what `item` puts there), `None` for other shapes.
    pub fn data_len(&self, pk: u64, sk: u64) -> Option<u64> {
        let Shape::Filler(target) = self.shape else { return None };
        let base = match &self.sizing {
            Some(plan) => plan.base_size(self, pk, sk),
            None => item_size(&self.base(pk, sk)),
        };
        Some(target.saturating_sub(base + 4).max(1))
    }

    /// A new value for attribute `name` that an update rewrites, drawn
    /// from `draw`, of the same size: from the attribute's spec, or the
    /// example item's value with other content; `None` when the shape does
    /// not describe the attribute (`item_size` shapes). Values are drawn,
    /// so an update may draw the value the item already holds (always, for
    /// kinds whose generated content is fixed: L, M, sets, NULL); it then
    /// changes nothing.
    pub fn rewrite_value(&self, name: &str, draw: u64) -> Option<AttributeValue> {
        let attrs = match &self.shape {
            Shape::Attributes(attrs) => attrs,
            Shape::Example(item) => return item.get(name).map(|v| varied(v, mix(draw))),
            Shape::Filler(_) => return None,
        };
        let (_, spec) = attrs.iter().find(|(n, _)| n == name)?;
        Some(match spec.kind {
            // Generated binaries are one repeated byte; a rewrite varies it.
            AttributeType::B => {
                let size = spec.size.map(|s| s.bytes() as usize).unwrap_or(1);
                AttributeValue::B(sized(mix(draw), size).into_bytes())
            }
            _ => spec_value(spec, mix(draw)),
        })
    }

    /// An update's value: an S of `bytes` bytes that differs between
    /// consecutive `version`s (the last `bytes` hex digits of it, then
    /// padding).
    pub fn filler(bytes: u64, version: u64) -> AttributeValue {
        // The version's last hex digits first (as many as fit), so
        // consecutive updates write different values: an index that
        // projects the attribute is rewritten (rule I5 writes only changed
        // entries), as it would be for a real update.
        let len = bytes.max(1) as usize;
        let hex = format!("{version:x}");
        let mut s = hex[hex.len().saturating_sub(len)..].to_string();
        s.extend(std::iter::repeat_n('u', len - s.len()));
        AttributeValue::S(s)
    }

    /// Size in bytes of a value as the item-size rules count it.
    pub fn value_size(v: &AttributeValue) -> u64 {
        attribute_value_size(v)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::units::{Count, Size};
    use crate::workload::AttributeSpec;
    use crate::workload::{BillingMode, Index, Projection, ProvisionedSettings};

    /// A test table: pk (S) + sk (N), 100 items of `item_size`, a sparse
    /// KEYS_ONLY GSI on `g` (coverage 0.5).
    pub(in crate::sim) fn table(item_size: Option<u64>) -> Table {
        Table {
            name: "T".into(),
            partition_key: KeyAttribute { name: "pk".into(), kind: KeyType::S, size: None },
            sort_key: Some(KeyAttribute { name: "sk".into(), kind: KeyType::N, size: None }),
            billing_mode: BillingMode::Compare,
            table_class: Default::default(),
            item_count: Count::new(100),
            item_size: item_size.map(Size::from_bytes),
            attributes: None,
            example_item: None,
            provisioned: ProvisionedSettings::default(),
            global_secondary_indexes: vec![Index {
                name: "G".into(),
                partition_key: KeyAttribute { name: "g".into(), kind: KeyType::S, size: None },
                sort_key: None,
                projection: Projection::KeysOnly,
                coverage: Some(rust_decimal::Decimal::new(5, 1)),
                entry_size: None,
            }],
            local_secondary_indexes: vec![],
            stream: None,
            stream_readers: None,
            ttl: None,
            replicas: vec![],
            point_in_time_recovery: false,
            on_demand_backups: None,
            operations: vec![],
            traffic: None,
            key_distribution: None,
            distinct_partition_keys: None,
        }
    }

    #[test]
    fn items_are_deterministic_and_sized_as_asked() {
        let g = ItemGenerator::new(&table(Some(2_048)));
        assert_eq!(g.item(5, 3), g.item(5, 3));
        assert_ne!(g.item(5, 3), g.item(5, 4));
        assert_eq!(g.size(5, 3), 2_048);
        assert_eq!(g.size(99_999, 0), 2_048);
    }

    // The run prefetches the engine's slots by this position: it must be
    // the bucket and order prefix the engine files the item's key under,
    // for every key type.
    #[test]
    fn position_is_where_the_engine_files_the_item_key() {
        use crate::engine::table::schema::KeyAttribute as Attr;
        use crate::engine::table::{KeySchema, ScalarType, StoreKey};
        let attr = |name: &str, scalar| Attr { name: name.into(), scalar };
        let kinds =
            [(KeyType::S, ScalarType::S), (KeyType::N, ScalarType::N), (KeyType::B, ScalarType::B)];
        for (kind, scalar) in kinds {
            for (sort_kind, sort_scalar) in kinds {
                let mut t = table(Some(100));
                t.partition_key.kind = kind;
                t.sort_key.as_mut().expect("the test table has a sort key").kind = sort_kind;
                let g = ItemGenerator::new(&t);
                let schema =
                    KeySchema { hash: attr("pk", scalar), range: Some(attr("sk", sort_scalar)) };
                for (pk, sk) in [(0, 0), (1, 3), (77, 1_000), (123_456_789, 42)] {
                    let request = g.key(pk, sk);
                    let key = StoreKey::new(schema.key_of_request(&request).expect("a valid key"));
                    let want = (key.bucket, key.order);
                    assert_eq!(g.position(pk, sk), want, "{kind:?}/{sort_kind:?} {pk} {sk}");
                }
            }
        }
        // Without a sort key the order prefix is 0, as the engine files it.
        let mut t = table(Some(100));
        t.sort_key = None;
        let g = ItemGenerator::new(&t);
        let schema = KeySchema { hash: attr("pk", ScalarType::S), range: None };
        let key = StoreKey::new(schema.key_of_request(&g.key(9, 0)).expect("a valid key"));
        assert_eq!(g.position(9, 0), (key.bucket, 0));
    }

    #[test]
    fn size_without_building_matches_the_built_item() {
        for target in [1, 10, 30, 500, 2_048] {
            let g = ItemGenerator::new(&table(Some(target)));
            for i in 0..300 {
                assert_eq!(g.size(i * 7_919, i % 3), item_size(&g.item(i * 7_919, i % 3)));
            }
        }
    }

    fn spec(kind: AttributeType, size: u64) -> AttributeSpec {
        AttributeSpec {
            kind,
            size: Some(Size::from_bytes(size)),
            digits: Some(7),
            elements: Some(3),
        }
    }

    fn gsi(name: &str, pk: KeyAttribute, sk: Option<KeyAttribute>, coverage: i64) -> Index {
        Index {
            name: name.into(),
            partition_key: pk,
            sort_key: sk,
            projection: Projection::KeysOnly,
            coverage: Some(rust_decimal::Decimal::new(coverage, 2)),
            entry_size: None,
        }
    }

    fn key(name: &str, kind: KeyType, size: Option<u64>) -> KeyAttribute {
        KeyAttribute { name: name.into(), kind, size: size.map(Size::from_bytes) }
    }

    // The planned size (item_sizing.rs) must be what the item-size rules
    // (S1-S9) give for the built item, on every shape the generator makes.
    #[test]
    fn planned_sizes_match_built_items_on_every_shape() {
        let mut shapes = Vec::new();
        // Attributes, one of them also a GSI key; two GSIs sharing an
        // attribute; N, S (sized) and B keys.
        let mut t = table(None);
        t.partition_key = key("pk", KeyType::N, None);
        t.sort_key = Some(key("sk", KeyType::S, Some(40)));
        t.attributes = Some(
            [
                ("status".to_string(), spec(AttributeType::S, 12)),
                ("n".into(), spec(AttributeType::N, 0)),
                ("l".into(), spec(AttributeType::L, 30)),
                ("m".into(), spec(AttributeType::M, 30)),
                ("ss".into(), spec(AttributeType::SS, 30)),
                ("bs".into(), spec(AttributeType::BS, 30)),
                ("b".into(), spec(AttributeType::B, 9)),
                ("t".into(), spec(AttributeType::Bool, 0)),
                ("z".into(), spec(AttributeType::Null, 0)),
                ("pk".into(), spec(AttributeType::S, 100)), // overridden by the key
            ]
            .into_iter()
            .collect(),
        );
        t.global_secondary_indexes = vec![
            gsi("A", key("status", KeyType::S, None), Some(key("when", KeyType::N, None)), 50),
            gsi("B", key("when", KeyType::N, None), Some(key("bin", KeyType::B, Some(3))), 70),
            gsi("C", key("pk", KeyType::N, None), Some(key("other", KeyType::S, None)), 30),
        ];
        // An LSI (keyed on the table's partition key) adds its sort key.
        t.local_secondary_indexes =
            vec![gsi("L", t.partition_key.clone(), Some(key("created", KeyType::N, None)), 80)];
        shapes.push(t.clone());
        // The same keys over an example item.
        t.attributes = None;
        t.example_item = Some(serde_json::json!({
            "pk": {"N": "1"}, "status": {"S": "open"}, "tags": {"SS": ["a", "bb"]},
            "nested": {"M": {"x": {"L": [{"N": "1.5"}, {"BOOL": true}]}}}
        }));
        shapes.push(t.clone());
        // Filler shapes with a table-key GSI and B keys.
        t.example_item = None;
        t.item_size = Some(Size::from_bytes(700));
        t.partition_key = key("pk", KeyType::B, None);
        shapes.push(t);
        for t in &shapes {
            let g = ItemGenerator::new(t);
            assert!(g.sizing.is_some(), "{:?} should be planned", t.name);
            for i in 0..2_000u64 {
                let (pk, sk) = (i.wrapping_mul(0x1234_5678_9abc_def1) >> (i % 60), i % 7);
                assert_eq!(g.size(pk, sk), item_size(&g.item(pk, sk)), "item ({pk}, {sk})");
            }
        }
    }

    #[test]
    fn shapes_with_number_sets_are_built_to_be_sized() {
        let mut t = table(None);
        t.attributes = Some([("ns".to_string(), spec(AttributeType::NS, 0))].into_iter().collect());
        let g = ItemGenerator::new(&t);
        assert!(g.sizing.is_none());
        assert_eq!(g.size(3, 1), item_size(&g.item(3, 1)));
    }

    #[test]
    fn a_gsi_on_a_table_key_never_removes_the_key() {
        let mut t = table(Some(300));
        t.global_secondary_indexes = vec![gsi("P", key("pk", KeyType::S, None), None, 1)];
        let g = ItemGenerator::new(&t);
        assert!((0..200).all(|i| g.item(i, 0).contains_key("pk")));
    }

    #[test]
    fn index_keys_follow_coverage() {
        let g = ItemGenerator::new(&table(Some(500)));
        let with: usize = (0..2_000).filter(|i| g.item(*i, 0).contains_key("g")).count();
        assert!((900..1_100).contains(&with), "{with} of 2000 with coverage 0.5");
    }

    // DynamoDB writes an index entry for an item only if the item has the
    // index sort key (Developer Guide, best practices, "Take advantage of
    // sparse indexes"): generated items carry an LSI's sort key with the
    // index's coverage, so the engine maintains (and charges) the LSI.
    #[test]
    fn lsi_sort_keys_follow_coverage() {
        let mut t = table(Some(500));
        t.local_secondary_indexes =
            vec![gsi("L", key("pk", KeyType::S, None), Some(key("created", KeyType::N, None)), 25)];
        let g = ItemGenerator::new(&t);
        let with: usize = (0..2_000).filter(|i| g.item(*i, 0).contains_key("created")).count();
        assert!((400..600).contains(&with), "{with} of 2000 with coverage 0.25");
        assert!((0..200).all(|i| g.item(i, 0).contains_key("pk")), "the LSI's key is the table's");
        assert_eq!(g.size(7, 3), item_size(&g.item(7, 3)));
    }

    #[test]
    fn update_fillers_have_their_size_and_change_every_version() {
        for bytes in [1u64, 2, 5, 40] {
            let values: Vec<AttributeValue> =
                (0..300).map(|v| ItemGenerator::filler(bytes, v)).collect();
            assert!(values.iter().all(|v| v.as_s().map(str::len) == Some(bytes as usize)));
            assert!(values.windows(2).all(|w| w[0] != w[1]), "{bytes} bytes");
        }
    }

    #[test]
    fn data_len_is_the_generated_filler() {
        let g = ItemGenerator::new(&table(Some(700)));
        for i in 0..200 {
            let data = g.item(i, i % 3).get("data").and_then(|v| v.as_s()).map(str::len);
            assert_eq!(g.data_len(i, i % 3), data.map(|n| n as u64));
        }
        let mut t = table(None);
        t.attributes = Some([("a".to_string(), spec(AttributeType::S, 9))].into_iter().collect());
        assert_eq!(ItemGenerator::new(&t).data_len(1, 1), None);
    }

    // An operation's own item_size (a PutItem of larger items, say) is the
    // size of the items it writes, as `estimate` sizes them.
    #[test]
    fn items_can_be_made_to_an_operation_size() {
        let g = ItemGenerator::new(&table(Some(1_024)));
        assert_eq!(g.item_sized(3, 1, None), g.item(3, 1));
        assert_eq!(item_size(&g.item_sized(3, 1, Some(3_072))), 3_072);
        let mut t = table(None);
        t.attributes = Some([("a".to_string(), spec(AttributeType::S, 90))].into_iter().collect());
        let g = ItemGenerator::new(&t);
        assert_eq!(item_size(&g.item_sized(3, 1, Some(2_000))), 2_000);
        let small = g.item(3, 1);
        assert_eq!(g.item_sized(3, 1, Some(10)), small, "a larger shape keeps its size");
    }

    // Rewrites of an example item's attributes keep each value's size.
    #[test]
    fn varied_values_keep_their_size() {
        let values = [
            AttributeValue::s("hello world"),
            AttributeValue::B(vec![1, 2, 3]),
            AttributeValue::N("1700000000".parse().unwrap()),
            AttributeValue::N("-3.25".parse().unwrap()),
            AttributeValue::N("12345678901234567890123456789012345678".parse().unwrap()),
            AttributeValue::n(7),
            AttributeValue::Bool(true),
        ];
        for v in &values {
            for id in [0, 1, 12_345, u64::MAX] {
                let w = varied(v, mix(id));
                assert_eq!(attribute_value_size(&w), attribute_value_size(v), "{v:?} -> {w:?}");
            }
        }
        let n = AttributeValue::N("1700000000".parse().unwrap());
        assert!((0..20).any(|id| varied(&n, mix(id)) != n), "numbers change");
    }

    #[test]
    fn keys_carry_the_key_types() {
        let g = ItemGenerator::new(&table(Some(500)));
        let k = g.key(10, 7);
        assert_eq!(k.get("pk"), Some(&AttributeValue::S("axxxxxxxxxxxxxxx".into())));
        assert_eq!(k.get("sk"), Some(&AttributeValue::N(Number::from_i64(7))));
    }
}
