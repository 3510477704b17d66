//! `cargo bench --bench engine`: the engine's multi-item paths through the
//! typed API (no JSON on the measured path except where noted): a Query
//! returning 100 items, a full Scan of 1,000,000 items (every 1 MB page),
//! a TransactWriteItems of 10 puts, and PutItem on a table with two GSIs.
//! Figures go to docs/performance.md.

use std::sync::Arc;

use ddbplan::engine::{
    Engine, ManualClock, PutItemInput, QueryInput, ScanInput, Timestamp, TransactWriteInput,
};
use ddbplan::value::{AttributeValue, Item};
use serde_json::json;

fn main() {
    divan::main();
}

fn engine() -> Engine {
    Engine::new(Arc::new(ManualClock::new(Timestamp::from_secs(1_700_000_000))))
}

/// Table "Tbl": pk (S) + sk (N), GSIs on g1 and g2 (ALL).
fn table(e: &mut Engine) {
    e.call(
        "CreateTable",
        json!({
            "TableName": "Tbl",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "g1", "AttributeType": "S"}, {"AttributeName": "g2", "AttributeType": "S"}
            ],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [
                {"IndexName": "byG1", "KeySchema": [{"AttributeName": "g1", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}},
                {"IndexName": "byG2", "KeySchema": [{"AttributeName": "g2", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
            ]
        }),
    )
    .expect("table created");
}

fn item(pk: &str, sk: i64, with_gsi_keys: bool) -> Item {
    let mut item: Item = [
        ("pk", AttributeValue::s(pk)),
        ("sk", AttributeValue::n(sk)),
        ("data", AttributeValue::s("x".repeat(100))),
    ]
    .into_iter()
    .collect();
    if with_gsi_keys {
        item.insert("g1", AttributeValue::s(format!("a{}", sk % 1000)));
        item.insert("g2", AttributeValue::s(format!("b{}", sk % 777)));
    }
    item
}

fn put(e: &mut Engine, item: Item) {
    e.put_item(PutItemInput { table_name: "Tbl".into(), item, ..Default::default() }).expect("put");
}

#[divan::bench]
fn query_100_items(bencher: divan::Bencher) {
    let mut e = engine();
    table(&mut e);
    for i in 0..100 {
        put(&mut e, item("hot", i, false));
    }
    for i in 0..10_000 {
        put(&mut e, item(&format!("p{i}"), 0, false));
    }
    let q = QueryInput::from_json(&json!({"TableName": "Tbl", "KeyConditionExpression": "pk = :p",
        "ExpressionAttributeValues": {":p": {"S": "hot"}}}))
    .unwrap();
    bencher.bench_local(|| {
        let page = e.query(&q).unwrap();
        assert_eq!(page.count, 100);
        page
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn full_scan_1m_items(bencher: divan::Bencher) {
    let mut e = engine();
    table(&mut e);
    for i in 0..1_000_000 {
        put(&mut e, item(&format!("p{i}"), i, false));
    }
    bencher.bench_local(|| {
        let mut start = None;
        let mut total = 0;
        loop {
            let mut body = json!({"TableName": "Tbl", "Select": "COUNT"});
            if let Some(s) = start.take() {
                body["ExclusiveStartKey"] = s;
            }
            let page = e.scan(&ScanInput::from_json(&body).unwrap()).unwrap();
            total += page.scanned_count;
            match page.last_evaluated_key {
                Some(k) => start = Some(ddbplan::value::item_to_json(&k)),
                None => break,
            }
        }
        assert_eq!(total, 1_000_000);
    });
}

#[divan::bench]
fn transact_write_10_items(bencher: divan::Bencher) {
    let mut e = engine();
    table(&mut e);
    let actions: Vec<_> = (0..10)
        .map(|i| {
            json!({"Put": {"TableName": "Tbl", "Item": ddbplan::value::item_to_json(&item("t", i, true))}})
        })
        .collect();
    let input = TransactWriteInput::from_json(&json!({"TransactItems": actions})).unwrap();
    bencher.bench_local(|| e.transact_write_items(input.clone()).unwrap());
}

#[divan::bench]
fn put_item_with_2_gsis(bencher: divan::Bencher) {
    let mut e = engine();
    table(&mut e);
    let mut n = 0i64;
    bencher.bench_local(|| {
        n += 1;
        put(&mut e, item(&format!("p{}", n % 100_000), n, true));
    });
}
