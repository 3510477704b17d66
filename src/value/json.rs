//! DynamoDB JSON in and out: `{"S":"x"}`, `{"N":"1.5"}`, `{"B":"<base64>"}`,
//! `{"BOOL":true}`, `{"NULL":true}`, `{"L":[...]}`, `{"M":{...}}`,
//! `{"SS":[...]}`, `{"NS":[...]}`, `{"BS":[...]}` (DynamoDB API Reference,
//! "AttributeValue").
//!
//! Reading validates as DynamoDB does (exactly one type, sets non-empty and
//! without duplicates, numbers within limits, nesting at most 32 levels)
//! and reports the path of the bad value. Writing emits numbers in canonical
//! form and binary as standard base64. Depends on `attribute`, `number`,
//! `error`.

use std::collections::BTreeSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::attribute::{AttributeMap, AttributeValue, Item};
use super::error::{ValueError, ValueErrorKind};
use super::number::Number;

/// Deepest nesting of L and M values DynamoDB accepts (facts sheet §0).
pub const MAX_NESTING_DEPTH: usize = 32;

/// Parses an item (`{"name": {"S": "x"}, ...}`) from JSON text.
pub fn item_from_json_str(text: &str) -> Result<Item, ValueError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ValueError::new("", ValueErrorKind::Syntax { message: e.to_string() }))?;
    item_from_json(&value)
}

/// Parses an item (`{"name": {"S": "x"}, ...}`) from a JSON value.
pub fn item_from_json(value: &Value) -> Result<Item, ValueError> {
    map_from_json(value, "", 0)
}

/// Parses one attribute value (`{"S": "x"}`); `path` names it in errors.
pub fn value_from_json(value: &Value, path: &str) -> Result<AttributeValue, ValueError> {
    parse_value(value, path, 0)
}

/// Renders an item as DynamoDB JSON.
pub fn item_to_json(item: &Item) -> Value {
    serde_json::to_value(item).expect("attribute values always serialise to JSON")
}

/// Renders one attribute value as DynamoDB JSON.
pub fn value_to_json(value: &AttributeValue) -> Value {
    serde_json::to_value(value).expect("attribute values always serialise to JSON")
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() { name.to_string() } else { format!("{path}.{name}") }
}

fn map_from_json(value: &Value, path: &str, depth: usize) -> Result<AttributeMap, ValueError> {
    let Value::Object(fields) = value else {
        return Err(ValueError::new(path, ValueErrorKind::ItemNotAnObject));
    };
    fields
        .iter()
        .map(|(name, v)| Ok((name.clone(), parse_value(v, &join(path, name), depth)?)))
        .collect()
}

const TAGS: [&str; 10] = ["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"];

fn parse_value(value: &Value, path: &str, depth: usize) -> Result<AttributeValue, ValueError> {
    let Value::Object(fields) = value else {
        return Err(ValueError::new(path, ValueErrorKind::NotAnObject));
    };
    let mut known = fields.iter().filter(|(k, _)| TAGS.contains(&k.as_str()));
    let Some((tag, inner)) = known.next() else {
        let unknown_tags = fields.keys().cloned().collect();
        return Err(ValueError::new(path, ValueErrorKind::NoType { unknown_tags }));
    };
    if known.next().is_some() {
        return Err(ValueError::new(path, ValueErrorKind::MultipleTypes));
    }
    let here = join(path, tag);
    let wrong = |tag: &'static str, expected: &'static str| {
        ValueError::new(here.clone(), ValueErrorKind::WrongJsonType { tag, expected })
    };
    Ok(match tag.as_str() {
        "S" => AttributeValue::S(inner.as_str().ok_or_else(|| wrong("S", "a string"))?.to_string()),
        "N" => AttributeValue::N(parse_number(inner, &here).map_err(|e| match e {
            None => wrong("N", "a string"),
            Some(e) => e,
        })?),
        "B" => AttributeValue::B(
            parse_binary(inner, &here).ok_or_else(|| wrong("B", "a base64 string"))??,
        ),
        "BOOL" => AttributeValue::Bool(inner.as_bool().ok_or_else(|| wrong("BOOL", "a boolean"))?),
        "NULL" => match inner {
            Value::Bool(true) => AttributeValue::Null,
            Value::Bool(false) => return Err(ValueError::new(here, ValueErrorKind::NullNotTrue)),
            _ => return Err(wrong("NULL", "true")),
        },
        "L" => {
            let items = inner.as_array().ok_or_else(|| wrong("L", "an array"))?;
            if depth >= MAX_NESTING_DEPTH {
                return Err(ValueError::new(here, ValueErrorKind::TooDeep));
            }
            let list = items
                .iter()
                .enumerate()
                .map(|(i, v)| parse_value(v, &format!("{here}[{i}]"), depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            AttributeValue::L(list)
        }
        "M" => {
            if !inner.is_object() {
                return Err(wrong("M", "an object"));
            }
            if depth >= MAX_NESTING_DEPTH {
                return Err(ValueError::new(here, ValueErrorKind::TooDeep));
            }
            AttributeValue::M(map_from_json(inner, &here, depth + 1)?)
        }
        "SS" => {
            let members = set_members(inner, "SS", &here)?;
            let strings = members
                .iter()
                .map(|m| {
                    m.as_str().map(str::to_string).ok_or_else(|| wrong("SS", "an array of strings"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let written = strings.clone();
            AttributeValue::Ss(distinct(strings, written, &here)?)
        }
        "NS" => {
            let members = set_members(inner, "NS", &here)?;
            let numbers = members_then(members, |i, m| {
                parse_number(m, &format!("{here}[{i}]"))
                    .map_err(|e| e.unwrap_or_else(|| wrong("NS", "an array of strings")))
            })?;
            AttributeValue::Ns(distinct(numbers, as_written(members), &here)?)
        }
        "BS" => {
            let members = set_members(inner, "BS", &here)?;
            let blobs = members_then(members, |i, m| {
                parse_binary(m, &format!("{here}[{i}]"))
                    .ok_or_else(|| wrong("BS", "an array of base64 strings"))?
            })?;
            AttributeValue::Bs(distinct(blobs, as_written(members), &here)?)
        }
        _ => unreachable!("tag is one of TAGS"),
    })
}

/// `Err(None)` when the JSON is not a string (the caller names the shape).
fn parse_number(value: &Value, path: &str) -> Result<Number, Option<ValueError>> {
    let text = value.as_str().ok_or(None)?;
    text.parse().map_err(|e| Some(ValueError::new(path, ValueErrorKind::Number(e))))
}

/// `None` when the JSON is not a string; `Some(Err)` when it is not base64.
fn parse_binary(value: &Value, path: &str) -> Option<Result<Vec<u8>, ValueError>> {
    let text = value.as_str()?;
    Some(BASE64.decode(text).map_err(|_| ValueError::new(path, ValueErrorKind::InvalidBase64)))
}

fn set_members<'a>(
    value: &'a Value,
    tag: &'static str,
    path: &str,
) -> Result<&'a Vec<Value>, ValueError> {
    let members = value.as_array().ok_or_else(|| {
        ValueError::new(path, ValueErrorKind::WrongJsonType { tag, expected: "an array" })
    })?;
    if members.is_empty() {
        return Err(ValueError::new(path, ValueErrorKind::EmptySet { tag }));
    }
    Ok(members)
}

fn members_then<T>(
    members: &[Value],
    parse: impl Fn(usize, &Value) -> Result<T, ValueError>,
) -> Result<Vec<T>, ValueError> {
    members.iter().enumerate().map(|(i, m)| parse(i, m)).collect()
}

/// Collects set members, rejecting duplicates with DynamoDB's message,
/// which lists the whole collection as written.
fn distinct<T: Ord>(
    members: Vec<T>,
    rendered: Vec<String>,
    path: &str,
) -> Result<BTreeSet<T>, ValueError> {
    let count = members.len();
    let set: BTreeSet<T> = members.into_iter().collect();
    if set.len() != count {
        let members = format!("[{}]", rendered.join(", "));
        return Err(ValueError::new(path, ValueErrorKind::DuplicateSetMember { members }));
    }
    Ok(set)
}

/// Set members' JSON text as written (each is a string by now).
fn as_written(members: &[Value]) -> Vec<String> {
    members.iter().map(|m| m.as_str().unwrap_or_default().to_string()).collect()
}

impl Serialize for AttributeValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            AttributeValue::S(s) => map.serialize_entry("S", s)?,
            AttributeValue::N(n) => map.serialize_entry("N", &n.to_string())?,
            AttributeValue::B(b) => map.serialize_entry("B", &BASE64.encode(b))?,
            AttributeValue::Bool(b) => map.serialize_entry("BOOL", b)?,
            AttributeValue::Null => map.serialize_entry("NULL", &true)?,
            AttributeValue::L(l) => map.serialize_entry("L", l)?,
            AttributeValue::M(m) => map.serialize_entry("M", m)?,
            AttributeValue::Ss(s) => map.serialize_entry("SS", s)?,
            AttributeValue::Ns(s) => map.serialize_entry("NS", &Strings(s.iter()))?,
            AttributeValue::Bs(s) => {
                map.serialize_entry("BS", &Strings(s.iter().map(|b| BASE64.encode(b))))?
            }
        }
        map.end()
    }
}

/// Serialises an iterator of displayable values as a JSON array of strings.
struct Strings<I>(I);

impl<I, T> Serialize for Strings<I>
where
    I: Iterator<Item = T> + Clone,
    T: ToString,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for member in self.0.clone() {
            seq.serialize_element(&member.to_string())?;
        }
        seq.end()
    }
}

impl Serialize for AttributeMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::NumberError;
    use serde_json::json;

    fn parse(v: Value) -> Result<AttributeValue, ValueError> {
        value_from_json(&v, "a")
    }

    fn err(v: Value) -> ValueError {
        parse(v.clone()).expect_err(&v.to_string())
    }

    #[test]
    fn every_type_round_trips_through_dynamodb_json() {
        let item = json!({
            "s": {"S": "hello"}, "n": {"N": "1.5"}, "b": {"B": "AAEC"},
            "t": {"BOOL": true}, "z": {"NULL": true},
            "l": {"L": [{"S": "x"}, {"N": "2"}]}, "m": {"M": {"k": {"BOOL": false}}},
            "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "10"]}, "bs": {"BS": ["AQ==", "Ag=="]}
        });
        let parsed = item_from_json(&item).unwrap();
        assert_eq!(parsed.get("b"), Some(&AttributeValue::B(vec![0, 1, 2])));
        assert_eq!(item_to_json(&parsed), item);
    }

    #[test]
    fn numbers_are_written_in_canonical_form() {
        let v = parse(json!({"N": "001.50"})).unwrap();
        assert_eq!(value_to_json(&v), json!({"N": "1.5"}));
        let v = parse(json!({"NS": ["1E+2", "0.50"]})).unwrap();
        assert_eq!(value_to_json(&v), json!({"NS": ["0.5", "100"]}));
    }

    #[test]
    fn empty_string_and_binary_are_valid_non_key_values() {
        // "empty String and Binary values are allowed" for non-key
        // attributes (Developer Guide, "Supported data types").
        assert_eq!(parse(json!({"S": ""})).unwrap(), AttributeValue::s(""));
        assert_eq!(parse(json!({"B": ""})).unwrap(), AttributeValue::B(vec![]));
    }

    #[test]
    fn no_type_tag_is_an_empty_attribute_value() {
        let e = err(json!({}));
        assert_eq!(
            e.message(),
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
        );
        let e = err(json!({"X": "1"}));
        assert_eq!(e.kind, ValueErrorKind::NoType { unknown_tags: vec!["X".into()] });
        assert!(!e.is_serialization());
    }

    #[test]
    fn two_type_tags_are_rejected() {
        let e = err(json!({"S": "a", "N": "1"}));
        assert_eq!(e.kind, ValueErrorKind::MultipleTypes);
        assert!(e.message().contains("more than one datatypes set"));
    }

    #[test]
    fn wrong_json_types_are_serialization_errors() {
        for v in [
            json!({"S": 5}),
            json!({"N": 5}),
            json!({"BOOL": "true"}),
            json!({"L": {}}),
            json!({"M": []}),
            json!({"SS": [1]}),
            json!({"NS": "1"}),
            json!({"B": 1}),
            json!("x"),
        ] {
            let e = err(v.clone());
            assert!(e.is_serialization(), "{v}: {e}");
        }
    }

    #[test]
    fn null_must_be_true() {
        let e = err(json!({"NULL": false}));
        assert_eq!(
            e.message(),
            "One or more parameter values were invalid: Null attribute value types must have the value of true"
        );
    }

    #[test]
    fn empty_sets_are_rejected_with_dynamodb_wording() {
        // "An empty set is not allowed" (Developer Guide, "Set types").
        assert_eq!(
            err(json!({"SS": []})).message(),
            "One or more parameter values were invalid: An string set  may not be empty"
        );
        assert_eq!(
            err(json!({"NS": []})).message(),
            "One or more parameter values were invalid: An number set  may not be empty"
        );
        assert_eq!(
            err(json!({"BS": []})).message(),
            "One or more parameter values were invalid: An binary set  may not be empty"
        );
    }

    #[test]
    fn duplicate_set_members_are_rejected() {
        // "All of the elements within a set must be unique" (Developer Guide, "Set types").
        let e = err(json!({"SS": ["a", "b", "a"]}));
        assert_eq!(
            e.message(),
            "One or more parameter values were invalid: Input collection [a, b, a] contains duplicates."
        );
        assert_eq!(e.path, "a.SS");
        // Numbers are compared by value: 1 and 1.0 are the same member.
        let e = err(json!({"NS": ["1", "1.0"]}));
        assert_eq!(e.kind, ValueErrorKind::DuplicateSetMember { members: "[1, 1.0]".into() });
        let e = err(json!({"BS": ["AQ==", "AQ=="]}));
        assert!(matches!(e.kind, ValueErrorKind::DuplicateSetMember { .. }));
    }

    #[test]
    fn bad_numbers_carry_their_path() {
        let item = json!({"Tags": {"L": [{"S": "a"}, {"S": "b"}, {"N": "1e999"}]}});
        let e = item_from_json(&item).unwrap_err();
        assert_eq!(e.path, "Tags.L[2].N");
        assert_eq!(e.kind, ValueErrorKind::Number(NumberError::Overflow));
        assert_eq!(
            e.to_string(),
            "Tags.L[2].N: Number overflow. Attempting to store a number with magnitude larger than supported range"
        );
        let e = item_from_json(&json!({"x": {"NS": ["1", "abc"]}})).unwrap_err();
        assert_eq!(e.path, "x.NS[1]");
        assert_eq!(e.message(), "A value provided cannot be converted into a number");
        let e = item_from_json(&json!({"m": {"M": {"k": {"N": "1".repeat(39)}}}})).unwrap_err();
        assert_eq!(e.path, "m.M.k.N");
        assert_eq!(e.message(), "Attempting to store more than 38 significant digits in a Number");
    }

    #[test]
    fn invalid_base64_is_rejected() {
        let e = err(json!({"B": "not base64!"}));
        assert_eq!(e.kind, ValueErrorKind::InvalidBase64);
        assert_eq!(e.path, "a.B");
    }

    #[test]
    fn nesting_beyond_32_levels_is_rejected() {
        let mut v = json!({"S": "leaf"});
        for _ in 0..32 {
            v = json!({"L": [v]});
        }
        assert!(parse(v.clone()).is_ok());
        let e = err(json!({"M": {"k": v}}));
        assert_eq!(e.kind, ValueErrorKind::TooDeep);
        assert_eq!(e.message(), "Nesting Levels have exceeded supported limits");
    }

    fn scalar() -> impl proptest::strategy::Strategy<Value = AttributeValue> {
        use proptest::prelude::*;
        prop_oneof![
            ".{0,8}".prop_map(AttributeValue::S),
            (any::<i64>(), -20i32..20).prop_map(|(m, e)| AttributeValue::N(
                Number::from_parts(m < 0, u128::from(m.unsigned_abs()), e).unwrap()
            )),
            proptest::collection::vec(any::<u8>(), 0..6).prop_map(AttributeValue::B),
            any::<bool>().prop_map(AttributeValue::Bool),
            Just(AttributeValue::Null),
            proptest::collection::btree_set(".{0,4}", 1..4).prop_map(AttributeValue::Ss),
            proptest::collection::btree_set(any::<i32>(), 1..4).prop_map(|s| AttributeValue::Ns(
                s.into_iter().map(|n| Number::from_i64(i64::from(n))).collect()
            )),
            proptest::collection::btree_set(proptest::collection::vec(any::<u8>(), 0..3), 1..3)
                .prop_map(AttributeValue::Bs),
        ]
    }

    fn value() -> impl proptest::strategy::Strategy<Value = AttributeValue> {
        use proptest::prelude::*;
        scalar().prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(AttributeValue::L),
                proptest::collection::btree_map("[a-z]{1,3}", inner, 0..4)
                    .prop_map(|m| AttributeValue::M(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        // Every value written as DynamoDB JSON reads back as itself.
        #[test]
        fn dynamodb_json_round_trips(v in value()) {
            let json = value_to_json(&v);
            proptest::prop_assert_eq!(value_from_json(&json, "v").unwrap(), v);
        }
    }

    #[test]
    fn item_must_be_an_object() {
        assert_eq!(item_from_json(&json!([1])).unwrap_err().kind, ValueErrorKind::ItemNotAnObject);
        assert!(matches!(
            item_from_json_str("{not json").unwrap_err().kind,
            ValueErrorKind::Syntax { .. }
        ));
        let item = item_from_json_str(r#"{"id": {"S": "1"}}"#).unwrap();
        assert_eq!(item.get("id"), Some(&AttributeValue::s("1")));
    }
}
