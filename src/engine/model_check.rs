//! Model-based property test: random sequences of PutItem, UpdateItem (ADD),
//! DeleteItem and GetItem against the engine and against a plain `BTreeMap`
//! reference must agree on every read, on ItemCount and TableSizeBytes, on
//! the write units charged, and on each partition's sort-key order.
//! Test-only.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::json;

use super::test_support::{composite_table, engine, ok};
use crate::capacity::item_size::item_size;
use crate::value::{AttributeValue, Item, KeyValue, Number, item_from_json, item_to_json};

#[derive(Debug, Clone)]
enum Op {
    Put { pk: u8, sk: i8, payload: usize },
    Add { pk: u8, sk: i8, by: i16 },
    Delete { pk: u8, sk: i8 },
    Get { pk: u8, sk: i8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..4, -3i8..4, 0usize..3000).prop_map(|(pk, sk, payload)| Op::Put { pk, sk, payload }),
        (0u8..4, -3i8..4, -50i16..50).prop_map(|(pk, sk, by)| Op::Add { pk, sk, by }),
        (0u8..4, -3i8..4).prop_map(|(pk, sk)| Op::Delete { pk, sk }),
        (0u8..4, -3i8..4).prop_map(|(pk, sk)| Op::Get { pk, sk }),
    ]
}

fn key_json(pk: u8, sk: i8) -> serde_json::Value {
    json!({"pk": {"S": format!("p{pk}")}, "sk": {"N": sk.to_string()}})
}

fn key_item(pk: u8, sk: i8) -> Item {
    [("pk", AttributeValue::s(format!("p{pk}"))), ("sk", AttributeValue::n(i64::from(sk)))]
        .into_iter()
        .collect()
}

/// Write units the reference expects: ceil(max(old, new) / 1 KB), at least 1.
fn units(old: Option<&Item>, new: Option<&Item>) -> f64 {
    let bytes = old.map_or(0, item_size).max(new.map_or(0, item_size));
    bytes.div_ceil(1024).max(1) as f64
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_a_btreemap_model(ops in proptest::collection::vec(op(), 1..60)) {
        let mut e = engine();
        composite_table(&mut e, "Tbl");
        let mut model: BTreeMap<(u8, i8), Item> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Put { pk, sk, payload } => {
                    let mut item = key_item(pk, sk);
                    item.insert("data", AttributeValue::s("x".repeat(payload)));
                    let out = ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": item_to_json(&item), "ReturnConsumedCapacity": "TOTAL"}));
                    prop_assert_eq!(out["ConsumedCapacity"]["CapacityUnits"].as_f64(), Some(units(model.get(&(pk, sk)), Some(&item))));
                    model.insert((pk, sk), item);
                }
                Op::Add { pk, sk, by } => {
                    let out = ok(&mut e, "UpdateItem", json!({
                        "TableName": "Tbl", "Key": key_json(pk, sk), "UpdateExpression": "ADD n :by",
                        "ExpressionAttributeValues": {":by": {"N": by.to_string()}}, "ReturnConsumedCapacity": "TOTAL"
                    }));
                    let old = model.get(&(pk, sk)).cloned();
                    let mut new = old.clone().unwrap_or_else(|| key_item(pk, sk));
                    let current = new.get("n").and_then(AttributeValue::as_n).copied().unwrap_or(Number::ZERO);
                    new.insert("n", AttributeValue::N(current.checked_add(&Number::from_i64(i64::from(by))).unwrap()));
                    prop_assert_eq!(out["ConsumedCapacity"]["CapacityUnits"].as_f64(), Some(units(old.as_ref(), Some(&new))));
                    model.insert((pk, sk), new);
                }
                Op::Delete { pk, sk } => {
                    let out = ok(&mut e, "DeleteItem", json!({"TableName": "Tbl", "Key": key_json(pk, sk), "ReturnValues": "ALL_OLD"}));
                    let old = model.remove(&(pk, sk));
                    let returned = out.get("Attributes").map(|a| item_from_json(a).unwrap());
                    prop_assert_eq!(returned, old);
                }
                Op::Get { pk, sk } => {
                    let out = ok(&mut e, "GetItem", json!({"TableName": "Tbl", "Key": key_json(pk, sk), "ConsistentRead": true}));
                    let got = out.get("Item").map(|a| item_from_json(a).unwrap());
                    prop_assert_eq!(got.as_ref(), model.get(&(pk, sk)));
                }
            }
        }
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}));
        prop_assert_eq!(d["Table"]["ItemCount"].as_u64(), Some(model.len() as u64));
        prop_assert_eq!(d["Table"]["TableSizeBytes"].as_u64(), Some(model.values().map(item_size).sum::<u64>()));
        let table = e.table("Tbl").unwrap();
        for pk in 0u8..4 {
            let engine_order: Vec<KeyValue> = table
                .store
                .partition(&KeyValue::S(format!("p{pk}")))
                .map(|(k, _)| k.key.range.clone().unwrap())
                .collect();
            let model_order: Vec<KeyValue> = model
                .keys()
                .filter(|(p, _)| *p == pk)
                .map(|(_, sk)| KeyValue::N(Number::from_i64(i64::from(*sk))))
                .collect();
            prop_assert_eq!(engine_order, model_order);
        }
    }
}
