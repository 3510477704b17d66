//! Item and index-entry sizes for one table, from whichever of `item_size`,
//! `attributes` or `example_item` the workload gives, using the one item-size
//! implementation in `capacity::item_size`.
//!
//! When a size has to be assumed (a key's value size when only `item_size`
//! is given), the assumption is recorded and shown in every report.

use std::collections::BTreeMap;

use crate::capacity::Working;
use crate::capacity::indexes::{EntryShape, index_entry_bytes};
use crate::capacity::item_size::{
    ELEMENT_OVERHEAD, LIST_OVERHEAD, MAP_OVERHEAD, MAX_ITEM_BYTES, attribute_value_size,
    number_size_for_digits,
};
use crate::units::Size;
use crate::value::item_from_json;
use crate::workload::{
    AttributeSpec, AttributeType, Index, KeyAttribute, KeyType, Projection, Table, WorkloadFile,
};
use crate::yaml::YamlError;

/// Bytes assumed for an S or B key value when nothing says otherwise.
pub const ASSUMED_KEY_VALUE_BYTES: u64 = 16;
/// Significant digits assumed for an N key value when nothing says otherwise.
pub const ASSUMED_KEY_DIGITS: u32 = 10;

/// Sizes of one table's items and of the attributes that index entries copy.
#[derive(Debug, Clone)]
pub struct Sizing {
    /// Average item size in bytes.
    pub item_bytes: u64,
    /// Bytes (name + value) of each attribute whose size is known.
    attributes: BTreeMap<String, u64>,
    /// Sizes that had to be assumed, in words, for reports.
    pub assumptions: Vec<String>,
}

impl Sizing {
    /// Resolves the sizes of `table` (at `path`, e.g. `tables[0]`).
    pub fn resolve(
        file: &WorkloadFile,
        path: &str,
        table: &Table,
        w: &mut Working,
    ) -> Result<Sizing, YamlError> {
        let sizing = if let Some(size) = table.item_size {
            w.push("S1 item size", format!("given: {} ({} B)", size, size.bytes()));
            Sizing {
                item_bytes: size.bytes(),
                attributes: BTreeMap::new(),
                assumptions: Vec::new(),
            }
        } else if let Some(attrs) = &table.attributes {
            let mut attributes = BTreeMap::new();
            for (name, spec) in attrs {
                let bytes = name.len() as u64 + spec_value_bytes(spec);
                w.push(
                    "S1 item size",
                    format!(
                        "{name} ({:?}): {} B name + {} B value",
                        spec.kind,
                        name.len(),
                        bytes - name.len() as u64
                    ),
                );
                attributes.insert(name.clone(), bytes);
            }
            let item_bytes = attributes.values().sum();
            w.push("S1 item size", format!("sum of attributes = {item_bytes} B"));
            Sizing { item_bytes, attributes, assumptions: Vec::new() }
        } else if let Some(json) = &table.example_item {
            let item = item_from_json(json).map_err(|e| {
                let at = if e.path.is_empty() {
                    format!("{path}.example_item")
                } else {
                    format!("{path}.example_item.{}", e.path)
                };
                file.error_at(&at, format!("invalid DynamoDB JSON: {e}")).with_hint(
                    r#"attributes are written as {"Name": {"S": "text"}}, {"Count": {"N": "12"}}"#,
                )
            })?;
            let mut attributes = BTreeMap::new();
            for (name, value) in item.iter() {
                attributes
                    .insert(name.to_string(), name.len() as u64 + attribute_value_size(value));
            }
            let item_bytes = crate::capacity::item_size::item_size(&item);
            w.push(
                "S1 item size",
                format!(
                    "example item: {} attributes, {item_bytes} B (names + values)",
                    attributes.len()
                ),
            );
            Sizing { item_bytes, attributes, assumptions: Vec::new() }
        } else {
            // validate() guarantees one of the three.
            return Err(file.error_at(path, "no item size given"));
        };
        if sizing.item_bytes > MAX_ITEM_BYTES {
            let field = if table.item_size.is_some() {
                "item_size"
            } else if table.attributes.is_some() {
                "attributes"
            } else {
                "example_item"
            };
            return Err(file
                .error_at(
                    &format!("{path}.{field}"),
                    format!(
                        "items of {} ({} B) exceed DynamoDB's 400 KB item limit (409,600 B)",
                        Size::from_bytes(sizing.item_bytes),
                        sizing.item_bytes
                    ),
                )
                .with_hint("store large values in S3 and keep a pointer in the item"));
        }
        if table.item_size.is_none() {
            for (key_path, key) in key_paths(path, table) {
                sizing.check_key_present(file, &key_path, key, table)?;
            }
        }
        Ok(sizing)
    }

    fn check_key_present(
        &self,
        file: &WorkloadFile,
        key_path: &str,
        key: &KeyAttribute,
        table: &Table,
    ) -> Result<(), YamlError> {
        if self.attributes.contains_key(&key.name) {
            return Ok(());
        }
        let field = if table.attributes.is_some() { "attributes" } else { "example_item" };
        Err(file
            .error_at(
                key_path,
                format!("key attribute `{}` is missing from the table's `{field}`", key.name),
            )
            .with_hint(format!(
                "every item carries its primary key; add `{}` to `{field}`",
                key.name
            )))
    }

    /// Bytes (name + value) of a key attribute: known, given, or assumed.
    pub fn key_bytes(&mut self, key: &KeyAttribute) -> u64 {
        if let Some(b) = self.attributes.get(&key.name) {
            return *b;
        }
        let value = match (key.size, key.kind) {
            (Some(s), KeyType::N) => s.bytes().min(21),
            (Some(s), _) => s.bytes(),
            (None, KeyType::N) => {
                self.assume(format!("key `{}` assumed to be a {ASSUMED_KEY_DIGITS}-digit number ({} B); give `size` or `attributes` to be exact", key.name, number_size_for_digits(ASSUMED_KEY_DIGITS)));
                number_size_for_digits(ASSUMED_KEY_DIGITS)
            }
            (None, _) => {
                self.assume(format!("key `{}` assumed to be {ASSUMED_KEY_VALUE_BYTES} B; give `size` or `attributes` to be exact", key.name));
                ASSUMED_KEY_VALUE_BYTES
            }
        };
        let bytes = key.name.len() as u64 + value;
        self.attributes.insert(key.name.clone(), bytes);
        bytes
    }

    fn assume(&mut self, text: String) {
        if !self.assumptions.contains(&text) {
            self.assumptions.push(text);
        }
    }

    /// Index entry size for `index` of `table` (rule I6), or a located error
    /// when an INCLUDE projection names attributes of unknown size.
    pub fn index_entry_bytes(
        &mut self,
        file: &WorkloadFile,
        index_path: &str,
        table: &Table,
        index: &Index,
        w: &mut Working,
    ) -> Result<u64, YamlError> {
        if let Some(size) = index.entry_size {
            w.push("I6 index entry size", format!("{}: given {}", index.name, size));
            return Ok(size.bytes());
        }
        let mut keys: Vec<&KeyAttribute> = vec![&table.partition_key];
        keys.extend(table.sort_key.as_ref());
        keys.push(&index.partition_key);
        keys.extend(index.sort_key.as_ref());
        keys.sort_by(|a, b| a.name.cmp(&b.name));
        keys.dedup_by(|a, b| a.name == b.name);
        let key_bytes: u64 = keys.iter().map(|k| self.key_bytes(k)).sum();
        let (shape, included) = match &index.projection {
            Projection::All => (EntryShape::All, 0),
            Projection::KeysOnly => (EntryShape::KeysOnly, 0),
            Projection::Include(names) => {
                let mut total = 0;
                for (i, name) in names.iter().enumerate() {
                    if keys.iter().any(|k| &k.name == name) {
                        continue;
                    }
                    match self.attributes.get(name) {
                        Some(b) => total += b,
                        None if self.attributes.is_empty() || table.item_size.is_some() => {
                            return Err(file
                                .error_at(&format!("{index_path}.projection"), format!("the size of included attribute `{name}` is unknown"))
                                .with_hint("describe the table with `attributes:` or `example_item:`, or give the index an `entry_size`"));
                        }
                        None => {
                            return Err(file.error_at(&format!("{index_path}.projection.include[{i}]"), format!("included attribute `{name}` is not among the table's attributes")));
                        }
                    }
                }
                (EntryShape::Include, total)
            }
        };
        let bytes = index_entry_bytes(shape, self.item_bytes, key_bytes, included);
        let how = match shape {
            EntryShape::All => format!("ALL projection = the item, {bytes} B"),
            EntryShape::KeysOnly => format!("KEYS_ONLY = key attributes {key_bytes} B"),
            EntryShape::Include => {
                format!("INCLUDE = keys {key_bytes} B + included {included} B = {bytes} B")
            }
        };
        w.push("I6 index entry size", format!("{}: {how}", index.name));
        Ok(bytes)
    }
}

fn key_paths<'a>(path: &str, t: &'a Table) -> Vec<(String, &'a KeyAttribute)> {
    let mut keys = vec![(format!("{path}.partition_key"), &t.partition_key)];
    if let Some(sk) = &t.sort_key {
        keys.push((format!("{path}.sort_key"), sk));
    }
    keys
}

/// Value bytes of an attribute described by type and average size.
fn spec_value_bytes(spec: &AttributeSpec) -> u64 {
    let size = spec.size.map(Size::bytes).unwrap_or(0);
    let elements = u64::from(spec.elements.unwrap_or(1));
    let digits = spec.digits.unwrap_or(1);
    match spec.kind {
        AttributeType::S | AttributeType::B | AttributeType::SS | AttributeType::BS => size,
        AttributeType::N => number_size_for_digits(digits),
        AttributeType::NS => elements * number_size_for_digits(digits),
        AttributeType::Bool | AttributeType::Null => 1,
        AttributeType::L => LIST_OVERHEAD + size + elements * ELEMENT_OVERHEAD,
        AttributeType::M => MAP_OVERHEAD + size + elements * ELEMENT_OVERHEAD,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(
        kind: AttributeType,
        size: Option<u64>,
        digits: Option<u32>,
        elements: Option<u32>,
    ) -> AttributeSpec {
        AttributeSpec { kind, size: size.map(Size::from_bytes), digits, elements }
    }

    #[test]
    fn attribute_specs_use_the_item_size_rules() {
        // S: bytes; N of 6 digits: 1 + 3 = 4 B (facts §1.2 quick table: 12345 -> 4).
        assert_eq!(spec_value_bytes(&spec(AttributeType::S, Some(12), None, None)), 12);
        assert_eq!(spec_value_bytes(&spec(AttributeType::N, None, Some(6), None)), 4);
        assert_eq!(spec_value_bytes(&spec(AttributeType::Bool, None, None, None)), 1);
        // L of 4 elements totalling 40 B: 3 + 40 + 4 x 1 = 47 (rule S6).
        assert_eq!(spec_value_bytes(&spec(AttributeType::L, Some(40), None, Some(4))), 47);
        // NS of 3 numbers of 2 digits: 3 x 2 = 6 (rule S8: no set overhead).
        assert_eq!(spec_value_bytes(&spec(AttributeType::NS, None, Some(2), Some(3))), 6);
    }
}
