//! `cargo bench --bench engine_items`: the engine's typed single-item hot
//! path (GetItem, PutItem, UpdateItem) on 1 KB items, and memory per stored
//! item measured with a counting allocator, for a plain table and for a table
//! with two GSIs (KEYS_ONLY and ALL) and one LSI. Figures go to
//! docs/performance.md.

// The counting allocator is the only unsafe code in the project (the crate
// denies it everywhere else): a GlobalAlloc must be an unsafe impl.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ddbplan::capacity::item_size::item_size;
use ddbplan::engine::{
    Engine, ExpressionInput, GetItemInput, ManualClock, PutItemInput, Timestamp, UpdateItemInput,
};
use ddbplan::value::{AttributeValue, Item};
use serde_json::json;

/// Counts live heap bytes so memory per item can be measured.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const ITEMS: u64 = 100_000;

fn item(i: u64) -> Item {
    // "pk" + 10-byte key + five 200-byte strings named a..e: 1,017 bytes.
    let mut item = Item::new();
    item.insert("pk", AttributeValue::s(format!("user{i:06}")));
    for name in ["a", "b", "c", "d", "e"] {
        item.insert(name, AttributeValue::s("x".repeat(200)));
    }
    item
}

/// The same shape with text that has no runs (hex of a mixed counter), which
/// the packed stored form cannot compress: the figure for real-world data.
fn varied_item(i: u64) -> Item {
    let mut item = Item::new();
    item.insert("pk", AttributeValue::s(format!("user{i:06}")));
    for (n, name) in ["a", "b", "c", "d", "e"].into_iter().enumerate() {
        let mut text = String::with_capacity(200);
        let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ n as u64;
        while text.len() < 200 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            text.push_str(&format!("{:016x}", x));
        }
        text.truncate(200);
        item.insert(name, AttributeValue::s(text));
    }
    item
}

/// Memory per stored item of `varied_item`s.
fn varied_memory() {
    let mut e = Engine::new(Arc::new(ManualClock::new(Timestamp::from_secs(1_735_689_600))));
    e.call(
        "CreateTable",
        json!({
            "TableName": "Varied",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    )
    .expect("create table");
    let before = LIVE.load(Ordering::Relaxed);
    for i in 0..ITEMS {
        let item = varied_item(i);
        e.put_item(PutItemInput { table_name: "Varied".into(), item, ..Default::default() })
            .expect("put");
    }
    let after = LIVE.load(Ordering::Relaxed);
    let per_item = (after - before) as f64 / ITEMS as f64;
    let size = item_size(&varied_item(0)) as f64;
    println!(
        "memory per stored 1 KB item of text without runs: {per_item:.0} bytes = {:.2} x its \
         DynamoDB size ({size} B)",
        per_item / size
    );
}

fn key(i: u64) -> Item {
    [("pk", AttributeValue::s(format!("user{i:06}")))].into_iter().collect()
}

fn engine_with_items(n: u64) -> Engine {
    let mut e = Engine::new(Arc::new(ManualClock::new(Timestamp::from_secs(1_735_689_600))));
    e.call(
        "CreateTable",
        json!({
            "TableName": "Bench",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    )
    .expect("create table");
    for i in 0..n {
        e.put_item(PutItemInput {
            table_name: "Bench".into(),
            item: item(i),
            ..Default::default()
        })
        .expect("put");
    }
    e
}

/// An item of the indexed table: the 1 KB item plus a sort key and the
/// three index keys ("sk", "g1", "g2", "l1").
fn indexed_item(i: u64) -> Item {
    let mut it = item(i);
    it.insert("sk", AttributeValue::s("s"));
    it.insert("g1", AttributeValue::s(format!("g1-{}", i % 1_000)));
    it.insert("g2", AttributeValue::s(format!("g2-{}", i % 1_000)));
    it.insert("l1", AttributeValue::s(format!("l1-{i:06}")));
    it
}

/// A table keyed by pk/sk with GSI "keys" (g1, KEYS_ONLY), GSI "all" (g2,
/// ALL) and LSI "local" (pk/l1, KEYS_ONLY), holding `n` indexed items.
fn indexed_engine_with_items(n: u64) -> Engine {
    let mut e = Engine::new(Arc::new(ManualClock::new(Timestamp::from_secs(1_735_689_600))));
    let s = |name: &str| json!({"AttributeName": name, "AttributeType": "S"});
    e.call(
        "CreateTable",
        json!({
            "TableName": "Indexed",
            "AttributeDefinitions": [s("pk"), s("sk"), s("g1"), s("g2"), s("l1")],
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"}
            ],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [
                {"IndexName": "keys",
                 "KeySchema": [{"AttributeName": "g1", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}},
                {"IndexName": "all",
                 "KeySchema": [{"AttributeName": "g2", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "ALL"}}
            ],
            "LocalSecondaryIndexes": [
                {"IndexName": "local",
                 "KeySchema": [
                     {"AttributeName": "pk", "KeyType": "HASH"},
                     {"AttributeName": "l1", "KeyType": "RANGE"}
                 ],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}}
            ]
        }),
    )
    .expect("create indexed table");
    for i in 0..n {
        e.put_item(PutItemInput {
            table_name: "Indexed".into(),
            item: indexed_item(i),
            ..Default::default()
        })
        .expect("put");
    }
    e
}

/// Memory per item of the indexed table, and the DynamoDB bytes it stands
/// for: TableSizeBytes plus every IndexSizeBytes from DescribeTable, per item.
fn indexed_memory() {
    let before = LIVE.load(Ordering::Relaxed);
    let mut e = indexed_engine_with_items(ITEMS);
    let after = LIVE.load(Ordering::Relaxed);
    let per_item = (after - before) as f64 / ITEMS as f64;
    let d = e.call("DescribeTable", json!({"TableName": "Indexed"})).expect("describe");
    let t = &d["Table"];
    let bytes = |v: &serde_json::Value| v["IndexSizeBytes"].as_u64().unwrap_or(0);
    let table_bytes = t["TableSizeBytes"].as_u64().unwrap_or(0);
    let mut index_bytes = 0;
    for list in ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"] {
        if let Some(indexes) = t[list].as_array() {
            index_bytes += indexes.iter().map(bytes).sum::<u64>();
        }
    }
    let ddb = (table_bytes + index_bytes) as f64 / ITEMS as f64;
    println!(
        "memory per stored 1 KB item with 2 GSIs (KEYS_ONLY, ALL) and 1 LSI (KEYS_ONLY): \
         {per_item:.0} bytes = {:.2} x its DynamoDB size plus index entries ({ddb:.0} B: \
         item {:.0} B + index entries {:.0} B)",
        per_item / ddb,
        table_bytes as f64 / ITEMS as f64,
        index_bytes as f64 / ITEMS as f64,
    );
}

fn main() {
    // Memory per stored item: live heap growth while storing ITEMS items.
    let before = LIVE.load(Ordering::Relaxed);
    let e = engine_with_items(ITEMS);
    let after = LIVE.load(Ordering::Relaxed);
    let per_item = (after - before) as f64 / ITEMS as f64;
    let size = item_size(&item(0)) as f64;
    println!(
        "memory per stored 1 KB item: {per_item:.0} bytes = {:.2} x its DynamoDB size ({size} B)",
        per_item / size
    );
    drop(e);
    varied_memory();
    indexed_memory();
    divan::main();
}

/// A deterministic walk over the keys (a stride coprime with ITEMS).
fn next(i: &mut u64) -> u64 {
    *i = (*i + 7_919) % ITEMS;
    *i
}

#[divan::bench(sample_count = 200, sample_size = 200)]
fn get_item(bencher: divan::Bencher) {
    let e = engine_with_items(ITEMS);
    let mut i = 0;
    bencher.bench_local(|| {
        let input = GetItemInput {
            table_name: "Bench".into(),
            key: key(next(&mut i)),
            ..Default::default()
        };
        e.get_item(&input).expect("get")
    });
}

#[divan::bench(sample_count = 200, sample_size = 200)]
fn put_item_replacing(bencher: divan::Bencher) {
    let mut e = engine_with_items(ITEMS);
    let items: Vec<Item> = (0..1_000).map(item).collect();
    let mut i = 0;
    bencher.bench_local(|| {
        let it = items[(next(&mut i) % 1_000) as usize].clone();
        e.put_item(PutItemInput { table_name: "Bench".into(), item: it, ..Default::default() })
            .expect("put")
    });
}

#[divan::bench(sample_count = 200, sample_size = 200)]
fn update_item_set(bencher: divan::Bencher) {
    let mut e = engine_with_items(ITEMS);
    let names: HashMap<String, String> = [("#a".to_string(), "a".to_string())].into();
    let values: HashMap<String, AttributeValue> =
        [(":v".to_string(), AttributeValue::s("y".repeat(200)))].into();
    let mut i = 0;
    bencher.bench_local(|| {
        let input = UpdateItemInput {
            table_name: "Bench".into(),
            key: key(next(&mut i)),
            update_expression: Some("SET #a = :v".into()),
            expression: ExpressionInput {
                names: Some(names.clone()),
                values: Some(values.clone()),
            },
            ..Default::default()
        };
        e.update_item(input).expect("update")
    });
}
