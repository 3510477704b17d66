//! A table's shape: key schema, attribute types, indexes and projections,
//! and the rules for pulling a valid primary key out of an item or a `Key`.
//!
//! Key rules (Developer Guide, "Core components" and "Service quotas";
//! facts sheet §0): key attributes are scalar S, N or B of the declared
//! type; partition key values are 1-2048 bytes and sort key values 1-1024
//! bytes. Messages are DynamoDB's. Depends on `value`, `engine::error`.

use crate::value::{AttributeValue, Item, KeyValue};

use super::super::error::DynamoError;

/// Longest partition key value in bytes.
pub const MAX_HASH_KEY_BYTES: usize = 2048;
/// Longest sort key value in bytes.
pub const MAX_RANGE_KEY_BYTES: usize = 1024;

/// A key attribute's declared type (AttributeDefinitions: S, N or B).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    S,
    N,
    B,
}

impl ScalarType {
    pub fn parse(text: &str) -> Option<ScalarType> {
        match text {
            "S" => Some(ScalarType::S),
            "N" => Some(ScalarType::N),
            "B" => Some(ScalarType::B),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            ScalarType::S => "S",
            ScalarType::N => "N",
            ScalarType::B => "B",
        }
    }

    pub fn matches(self, value: &AttributeValue) -> bool {
        matches!(
            (self, value),
            (ScalarType::S, AttributeValue::S(_))
                | (ScalarType::N, AttributeValue::N(_))
                | (ScalarType::B, AttributeValue::B(_))
        )
    }
}

/// One key attribute: its name and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAttribute {
    pub name: String,
    pub scalar: ScalarType,
}

/// Partition key and optional sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySchema {
    pub hash: KeyAttribute,
    pub range: Option<KeyAttribute>,
}

/// A primary key value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrimaryKey {
    pub hash: KeyValue,
    pub range: Option<KeyValue>,
}

impl KeySchema {
    /// The key attribute names, partition key first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.hash.name.as_str()).chain(self.range.as_ref().map(|r| r.name.as_str()))
    }

    pub fn is_key_attribute(&self, name: &str) -> bool {
        self.names().any(|n| n == name)
    }

    /// The primary key of an item being written (PutItem's `Item`), with
    /// DynamoDB's messages for a missing key, a type mismatch, an empty
    /// value and an over-long value.
    pub fn key_of_item(&self, item: &Item) -> Result<PrimaryKey, DynamoError> {
        let hash = item_key_value(item, &self.hash, MAX_HASH_KEY_BYTES)?;
        let range = match &self.range {
            Some(r) => Some(item_key_value(item, r, MAX_RANGE_KEY_BYTES)?),
            None => None,
        };
        Ok(PrimaryKey { hash, range })
    }

    /// The primary key named by a request's `Key` (GetItem, UpdateItem,
    /// DeleteItem): exactly the key attributes, of the declared types, or
    /// "The provided key element does not match the schema".
    pub fn key_of_request(&self, key: &Item) -> Result<PrimaryKey, DynamoError> {
        let mismatch =
            || DynamoError::validation("The provided key element does not match the schema");
        if key.len() != self.names().count() {
            return Err(mismatch());
        }
        let value = |attr: &KeyAttribute, max: usize| -> Result<KeyValue, DynamoError> {
            let v = key.get(&attr.name).filter(|v| attr.scalar.matches(v)).ok_or_else(mismatch)?;
            checked_key_value(v, attr, max)
        };
        let hash = value(&self.hash, MAX_HASH_KEY_BYTES)?;
        let range = match &self.range {
            Some(r) => Some(value(r, MAX_RANGE_KEY_BYTES)?),
            None => None,
        };
        Ok(PrimaryKey { hash, range })
    }

    /// The item holding just this key's attributes.
    pub fn key_item(&self, key: &PrimaryKey) -> Item {
        let mut item = Item::new();
        item.insert(self.hash.name.clone(), key.hash.to_attribute());
        if let (Some(attr), Some(v)) = (&self.range, &key.range) {
            item.insert(attr.name.clone(), v.to_attribute());
        }
        item
    }
}

fn item_key_value(item: &Item, attr: &KeyAttribute, max: usize) -> Result<KeyValue, DynamoError> {
    let Some(v) = item.get(&attr.name) else {
        return Err(DynamoError::invalid_parameter(format!(
            "Missing the key {} in the item",
            attr.name
        )));
    };
    if !attr.scalar.matches(v) {
        return Err(DynamoError::invalid_parameter(format!(
            "Type mismatch for key {} expected: {} actual: {}",
            attr.name,
            attr.scalar.tag(),
            v.type_tag()
        )));
    }
    checked_key_value(v, attr, max)
}

fn checked_key_value(
    v: &AttributeValue,
    attr: &KeyAttribute,
    max: usize,
) -> Result<KeyValue, DynamoError> {
    let key = KeyValue::from_attribute(v).expect("type checked against a scalar type");
    if key.byte_len() == 0 && !matches!(key, KeyValue::N(_)) {
        return Err(DynamoError::validation(format!(
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {} value. Key: {}",
            if matches!(key, KeyValue::S(_)) { "string" } else { "binary" },
            attr.name
        )));
    }
    if key.byte_len() > max {
        return Err(if max == MAX_HASH_KEY_BYTES {
            DynamoError::invalid_parameter(format!(
                "Size of hashkey has exceeded the maximum size limit of{MAX_HASH_KEY_BYTES} bytes"
            ))
        } else {
            DynamoError::invalid_parameter(format!(
                "Aggregated size of all range keys has exceeded the size limit of {MAX_RANGE_KEY_BYTES} bytes"
            ))
        });
    }
    Ok(key)
}

/// Which attributes an index copies from the table (Projection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    All,
    KeysOnly,
    Include(Vec<String>),
}

impl Projection {
    pub fn type_name(&self) -> &'static str {
        match self {
            Projection::All => "ALL",
            Projection::KeysOnly => "KEYS_ONLY",
            Projection::Include(_) => "INCLUDE",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> KeySchema {
        KeySchema {
            hash: KeyAttribute { name: "pk".into(), scalar: ScalarType::S },
            range: Some(KeyAttribute { name: "sk".into(), scalar: ScalarType::N }),
        }
    }

    fn item(pairs: &[(&str, AttributeValue)]) -> Item {
        pairs.iter().cloned().collect()
    }

    #[test]
    fn key_of_item_extracts_both_keys() {
        let k = schema()
            .key_of_item(&item(&[
                ("pk", AttributeValue::s("a")),
                ("sk", AttributeValue::n(1)),
                ("x", AttributeValue::Null),
            ]))
            .unwrap();
        assert_eq!(k.hash, KeyValue::S("a".into()));
        assert_eq!(schema().key_item(&k).len(), 2);
    }

    #[test]
    fn item_missing_a_key_or_with_wrong_type_is_rejected_with_dynamodb_text() {
        let e = schema().key_of_item(&item(&[("pk", AttributeValue::s("a"))])).unwrap_err();
        assert_eq!(
            e.message(),
            "One or more parameter values were invalid: Missing the key sk in the item"
        );
        let e = schema()
            .key_of_item(&item(&[("pk", AttributeValue::n(1)), ("sk", AttributeValue::n(1))]))
            .unwrap_err();
        assert_eq!(
            e.message(),
            "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"
        );
    }

    // "the partition key ... cannot be empty" and key length limits
    // (Developer Guide, "Service quotas": partition key 2048 bytes, sort key 1024 bytes).
    #[test]
    fn empty_and_over_long_key_values_are_rejected() {
        let e = schema()
            .key_of_item(&item(&[("pk", AttributeValue::s("")), ("sk", AttributeValue::n(1))]))
            .unwrap_err();
        assert!(e.message().contains("cannot contain an empty string value. Key: pk"), "{e}");
        let long = "x".repeat(2049);
        let e = schema()
            .key_of_item(&item(&[("pk", AttributeValue::s(long)), ("sk", AttributeValue::n(1))]))
            .unwrap_err();
        assert!(e.message().contains("Size of hashkey has exceeded"), "{e}");
        assert!(
            schema()
                .key_of_item(&item(&[
                    ("pk", AttributeValue::s("x".repeat(2048))),
                    ("sk", AttributeValue::n(1))
                ]))
                .is_ok()
        );
    }

    #[test]
    fn request_key_must_match_the_schema_exactly() {
        let s = schema();
        let good = item(&[("pk", AttributeValue::s("a")), ("sk", AttributeValue::n(1))]);
        assert!(s.key_of_request(&good).is_ok());
        for bad in [
            item(&[("pk", AttributeValue::s("a"))]),
            item(&[("pk", AttributeValue::s("a")), ("sk", AttributeValue::s("1"))]),
            item(&[
                ("pk", AttributeValue::s("a")),
                ("sk", AttributeValue::n(1)),
                ("x", AttributeValue::n(1)),
            ]),
            item(&[("pk", AttributeValue::s("a")), ("other", AttributeValue::n(1))]),
        ] {
            assert_eq!(
                s.key_of_request(&bad).unwrap_err().message(),
                "The provided key element does not match the schema"
            );
        }
    }
}
