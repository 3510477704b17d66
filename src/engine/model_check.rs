//! Model-based property tests: random sequences of PutItem, UpdateItem
//! (ADD), DeleteItem and GetItem against the engine and against a plain
//! `BTreeMap` reference must agree on every read, on ItemCount and
//! TableSizeBytes, on the write units charged, and on each partition's
//! sort-key order; a second test writes through PutItem, BatchWriteItem and
//! TransactWriteItems to a table with a GSI and an LSI and checks paginated
//! Query (table, GSI, LSI) and parallel Scan results and index sizes
//! against the model. Test-only.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::json;

use super::test_support::{composite_table, engine, indexed_table, ok};
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

#[derive(Debug, Clone)]
enum IndexedOp {
    /// Put through PutItem (via 0), BatchWriteItem (1) or TransactWriteItems (2).
    Put {
        pk: u8,
        sk: i8,
        g: Option<u8>,
        l: Option<i8>,
        via: u8,
    },
    Delete {
        pk: u8,
        sk: i8,
        via: u8,
    },
    Query {
        pk: u8,
        lo: i8,
        forward: bool,
        limit: u8,
    },
    QueryGsi {
        g: u8,
        limit: u8,
    },
    QueryLsi {
        pk: u8,
        limit: u8,
    },
    Scan {
        segments: u8,
        limit: u8,
    },
}

fn indexed_op() -> impl Strategy<Value = IndexedOp> {
    prop_oneof![
        3 => (0u8..3, -3i8..5, proptest::option::of(0u8..3), proptest::option::of(-2i8..3), 0u8..3)
            .prop_map(|(pk, sk, g, l, via)| IndexedOp::Put { pk, sk, g, l, via }),
        1 => (0u8..3, -3i8..5, 0u8..3).prop_map(|(pk, sk, via)| IndexedOp::Delete { pk, sk, via }),
        1 => (0u8..3, -4i8..5, any::<bool>(), 1u8..5)
            .prop_map(|(pk, lo, forward, limit)| IndexedOp::Query { pk, lo, forward, limit }),
        1 => (0u8..3, 1u8..5).prop_map(|(g, limit)| IndexedOp::QueryGsi { g, limit }),
        1 => (0u8..3, 1u8..5).prop_map(|(pk, limit)| IndexedOp::QueryLsi { pk, limit }),
        1 => (1u8..5, 1u8..7).prop_map(|(segments, limit)| IndexedOp::Scan { segments, limit }),
    ]
}

/// Every page of a Query or Scan, following LastEvaluatedKey.
fn pages(e: &mut super::Engine, op: &str, body: serde_json::Value) -> Vec<Item> {
    let mut out = Vec::new();
    let mut start = None;
    loop {
        let mut b = body.clone();
        if let Some(s) = start.take() {
            b["ExclusiveStartKey"] = s;
        }
        let page = ok(e, op, b);
        for i in page["Items"].as_array().unwrap() {
            out.push(item_from_json(i).unwrap());
        }
        match page.get("LastEvaluatedKey") {
            Some(k) => start = Some(k.clone()),
            None => return out,
        }
    }
}

fn sk_of(item: &Item) -> i64 {
    item.get("sk").and_then(AttributeValue::as_n).unwrap().to_string().parse().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn queries_scans_and_indexes_agree_with_the_model(ops in proptest::collection::vec(indexed_op(), 1..50)) {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        let mut model: BTreeMap<(u8, i8), Item> = BTreeMap::new();
        for op in ops {
            match op {
                IndexedOp::Put { pk, sk, g, l, via } => {
                    let mut item = key_item(pk, sk);
                    if let Some(g) = g { item.insert("g", AttributeValue::s(format!("g{g}"))); }
                    if let Some(l) = l { item.insert("l", AttributeValue::n(i64::from(l))); }
                    let json_item = item_to_json(&item);
                    match via {
                        0 => { ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": json_item})); }
                        1 => { ok(&mut e, "BatchWriteItem", json!({"RequestItems": {"Tbl": [{"PutRequest": {"Item": json_item}}]}})); }
                        _ => { ok(&mut e, "TransactWriteItems", json!({"TransactItems": [{"Put": {"TableName": "Tbl", "Item": json_item}}]})); }
                    }
                    model.insert((pk, sk), item);
                }
                IndexedOp::Delete { pk, sk, via } => {
                    match via {
                        0 => { ok(&mut e, "DeleteItem", json!({"TableName": "Tbl", "Key": key_json(pk, sk)})); }
                        1 => { ok(&mut e, "BatchWriteItem", json!({"RequestItems": {"Tbl": [{"DeleteRequest": {"Key": key_json(pk, sk)}}]}})); }
                        _ => { ok(&mut e, "TransactWriteItems", json!({"TransactItems": [{"Delete": {"TableName": "Tbl", "Key": key_json(pk, sk)}}]})); }
                    }
                    model.remove(&(pk, sk));
                }
                IndexedOp::Query { pk, lo, forward, limit } => {
                    let got = pages(&mut e, "Query", json!({"TableName": "Tbl", "KeyConditionExpression": "pk = :p AND sk >= :lo",
                        "ExpressionAttributeValues": {":p": {"S": format!("p{pk}")}, ":lo": {"N": lo.to_string()}},
                        "ScanIndexForward": forward, "Limit": limit}));
                    let mut want: Vec<&Item> = model.iter().filter(|((p, s), _)| *p == pk && *s >= lo).map(|(_, i)| i).collect();
                    if !forward { want.reverse(); }
                    prop_assert_eq!(got.iter().collect::<Vec<_>>(), want);
                }
                IndexedOp::QueryGsi { g, limit } => {
                    let got = pages(&mut e, "Query", json!({"TableName": "Tbl", "IndexName": "byG", "KeyConditionExpression": "g = :g",
                        "ExpressionAttributeValues": {":g": {"S": format!("g{g}")}}, "Limit": limit}));
                    let want: Vec<&Item> = model.values().filter(|i| i.get("g") == Some(&AttributeValue::s(format!("g{g}")))).collect();
                    prop_assert_eq!(got.iter().collect::<Vec<_>>(), want);
                }
                IndexedOp::QueryLsi { pk, limit } => {
                    let got = pages(&mut e, "Query", json!({"TableName": "Tbl", "IndexName": "byL", "KeyConditionExpression": "pk = :p",
                        "ExpressionAttributeValues": {":p": {"S": format!("p{pk}")}}, "Limit": limit}));
                    let mut want: Vec<&Item> = model.iter().filter(|((p, _), i)| *p == pk && i.get("l").is_some()).map(|(_, i)| i).collect();
                    want.sort_by_key(|i| (i.get("l").and_then(AttributeValue::as_n).copied(), sk_of(i)));
                    prop_assert_eq!(got.iter().collect::<Vec<_>>(), want);
                }
                IndexedOp::Scan { segments, limit } => {
                    let mut got = Vec::new();
                    for s in 0..segments {
                        got.extend(pages(&mut e, "Scan", json!({"TableName": "Tbl", "Segment": s, "TotalSegments": segments, "Limit": limit})));
                    }
                    got.sort_by_key(|i| (i.get("pk").and_then(AttributeValue::as_s).unwrap().to_string(), sk_of(i)));
                    prop_assert_eq!(got.iter().collect::<Vec<_>>(), model.values().collect::<Vec<_>>());
                }
            }
        }
        let t = e.table("Tbl").unwrap();
        prop_assert_eq!(t.indexes["byG"].len(), model.values().filter(|i| i.get("g").is_some()).count());
        prop_assert_eq!(t.indexes["byL"].len(), model.values().filter(|i| i.get("l").is_some()).count());
        prop_assert_eq!(t.indexes["byG"].bytes(), model.values().filter(|i| i.get("g").is_some()).map(item_size).sum::<u64>());
    }
}
