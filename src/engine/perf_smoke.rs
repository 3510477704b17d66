//! A throughput smoke test for the typed hot path (ignored by default; run
//! `cargo test --release --lib -- --ignored perf_smoke --nocapture`). It
//! prints operations per second for 1 KB items; the real benchmark comes
//! with the simulator. Test-only.

use std::time::Instant;

use super::test_support::{engine, hash_table};
use super::{GetItemInput, PutItemInput};
use crate::value::{AttributeValue, Item};

fn item(i: u64) -> Item {
    // "pk" + 10-byte key + five 200-byte strings named a..e: about 1 KB.
    let mut item = Item::new();
    item.insert("pk", AttributeValue::s(format!("user{i:06}")));
    for name in ["a", "b", "c", "d", "e"] {
        item.insert(name, AttributeValue::s("x".repeat(200)));
    }
    item
}

#[test]
#[ignore = "timing; run in release"]
fn perf_smoke() {
    let mut e = engine();
    hash_table(&mut e, "Tbl");
    let n = 500_000u64;
    let items: Vec<Item> = (0..n).map(item).collect();
    let start = Instant::now();
    for it in items {
        e.put_item(PutItemInput { table_name: "Tbl".into(), item: it, ..PutItemInput::default() })
            .expect("put");
    }
    let put_rate = n as f64 / start.elapsed().as_secs_f64();
    let keys: Vec<GetItemInput> = (0..n)
        .map(|i| GetItemInput {
            table_name: "Tbl".into(),
            key: [("pk", AttributeValue::s(format!("user{:06}", (i * 7919) % n)))]
                .into_iter()
                .collect(),
            ..GetItemInput::default()
        })
        .collect();
    let start = Instant::now();
    let mut found = 0;
    for k in &keys {
        found += usize::from(e.get_item(k).expect("get").item.is_some());
    }
    let get_rate = n as f64 / start.elapsed().as_secs_f64();
    assert_eq!(found, n as usize);
    println!("PutItem: {put_rate:.0}/s, GetItem: {get_rate:.0}/s (1 KB items, {n} items)");
}
