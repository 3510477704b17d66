//! The 1 MB page on Query and Scan at its boundaries (items straddling
//! 1 MB, Limit against 1 MB, Select COUNT and filters, descending order) and
//! transaction ValidationError cancellation reasons (API Reference, Query,
//! Scan, TransactWriteItems). Test-only.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::test_support::{composite_table, engine, hash_table, ok};
use crate::capacity::item_size::item_size;
use crate::capacity::operations::PAGE_BYTES;
use crate::value::item_from_json;

/// Puts item p/`sk` padded with a string "d" so its DynamoDB size is `total`.
fn put_sized(e: &mut Engine, sk: u64, total: u64) {
    let mut item = json!({"pk": {"S": "p"}, "sk": {"N": sk.to_string()}, "d": {"S": ""}});
    let base = item_size(&item_from_json(&item).expect("item"));
    item["d"]["S"] = json!("x".repeat((total - base) as usize));
    assert_eq!(item_size(&item_from_json(&item).expect("item")), total);
    ok(e, "PutItem", json!({"TableName": "Tbl", "Item": item}));
}

/// `n` items of `size` bytes each, sort keys 0..n.
fn table_of(n: u64, size: u64) -> Engine {
    let mut e = engine();
    composite_table(&mut e, "Tbl");
    for sk in 0..n {
        put_sized(&mut e, sk, size);
    }
    e
}

fn query(e: &mut Engine, extra: Value) -> Value {
    let mut body = json!({"TableName": "Tbl", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p"}}});
    for (k, v) in extra.as_object().expect("object") {
        if k == "ExpressionAttributeValues" {
            for (n, x) in v.as_object().expect("object") {
                body[k][n] = x.clone();
            }
        } else {
            body[k] = v.clone();
        }
    }
    ok(e, "Query", body)
}

fn sk(v: &Value) -> Value {
    v["LastEvaluatedKey"]["sk"]["N"].clone()
}

// API Reference, Query: "A single Query operation will read up to the
// maximum number of items set (if using the Limit parameter) or a maximum
// of 1 MB of data." Four items of exactly 256 KB reach 1 MB with the
// fourth: the page ends there (our reading: the item reaching 1 MB is in).
#[test]
fn items_that_reach_exactly_1_mb_end_the_page() {
    let mut e = table_of(6, PAGE_BYTES / 4);
    let page = query(&mut e, json!({"Select": "COUNT"}));
    assert_eq!(page["ScannedCount"], json!(4));
    assert_eq!(sk(&page), json!("3"));
}

// Same statement: one byte short of 1 MB after four items, so the fifth
// item (which straddles 1 MB) is still read into the page.
#[test]
fn an_item_straddling_1_mb_is_the_last_of_its_page() {
    let mut e = table_of(6, PAGE_BYTES / 4 - 1);
    let page = query(&mut e, json!({"Select": "COUNT"}));
    assert_eq!(page["ScannedCount"], json!(5));
    assert_eq!(sk(&page), json!("4"));
    let rest =
        query(&mut e, json!({"Select": "COUNT", "ExclusiveStartKey": page["LastEvaluatedKey"]}));
    assert_eq!(rest["ScannedCount"], json!(1));
    assert!(rest.get("LastEvaluatedKey").is_none());
}

// API Reference, Query, Limit: a Limit below what 1 MB holds ends the page first.
#[test]
fn a_limit_below_1_mb_ends_the_page_first() {
    let mut e = table_of(8, 200 * 1024);
    let page = query(&mut e, json!({"Limit": 3, "Select": "COUNT"}));
    assert_eq!(page["ScannedCount"], json!(3));
    assert_eq!(sk(&page), json!("2"));
}

// API Reference, Query: "or a maximum of 1 MB of data": a Limit above what
// 1 MB holds does not lift the 1 MB page (200 KB items: six reach 1 MB).
#[test]
fn a_limit_above_1_mb_still_stops_at_1_mb() {
    let mut e = table_of(8, 200 * 1024);
    let page = query(&mut e, json!({"Limit": 8, "Select": "COUNT"}));
    assert_eq!(page["ScannedCount"], json!(6));
    assert_eq!(sk(&page), json!("5"));
}

// API Reference, Query, Select COUNT and FilterExpression: "the 1 MB limit
// applies before the filter expression is evaluated"; a COUNT whose filter
// matches nothing still stops at 1 MB and returns a LastEvaluatedKey.
#[test]
fn select_count_with_a_filter_still_stops_at_1_mb() {
    let mut e = table_of(8, 200 * 1024);
    let page =
        query(&mut e, json!({"Select": "COUNT", "FilterExpression": "attribute_exists(nope)"}));
    assert_eq!(page["Count"], json!(0));
    assert_eq!(page["ScannedCount"], json!(6));
    assert_eq!(sk(&page), json!("5"));
}

// API Reference, Query, ProjectionExpression: projection selects what is
// returned, not what is read; 1 MB counts whole items read.
#[test]
fn a_projection_does_not_stretch_the_1_mb_page() {
    let mut e = table_of(8, 200 * 1024);
    let page = query(&mut e, json!({"ProjectionExpression": "pk"}));
    assert_eq!(page["ScannedCount"], json!(6));
    assert_eq!(page["Items"].as_array().expect("items").len(), 6);
}

// API Reference, Query, ScanIndexForward false: the 1 MB page is read in
// descending order, and its key resumes downwards.
#[test]
fn a_descending_1_mb_page_resumes_downwards() {
    let mut e = table_of(8, 200 * 1024);
    let page = query(&mut e, json!({"ScanIndexForward": false, "Select": "COUNT"}));
    assert_eq!(page["ScannedCount"], json!(6));
    assert_eq!(sk(&page), json!("2"));
    let rest = query(
        &mut e,
        json!({"ScanIndexForward": false, "ExclusiveStartKey": page["LastEvaluatedKey"]}),
    );
    let keys: Vec<&Value> =
        rest["Items"].as_array().expect("items").iter().map(|i| &i["sk"]["N"]).collect();
    assert_eq!(keys, [&json!("1"), &json!("0")]);
    assert!(rest.get("LastEvaluatedKey").is_none());
}

// API Reference, Scan: "If the total size of scanned items exceeds the
// maximum dataset size limit of 1 MB, the scan completes and results are
// returned to the user. The LastEvaluatedKey value is also returned";
// every page round trip together reads every item once.
#[test]
fn scan_pages_of_1_mb_cover_the_table_once() {
    let mut e = table_of(14, 200 * 1024);
    let mut seen = 0;
    let mut pages = 0;
    let mut start = Value::Null;
    loop {
        let mut body = json!({"TableName": "Tbl", "Select": "COUNT"});
        if !start.is_null() {
            body["ExclusiveStartKey"] = start.clone();
        }
        let page = ok(&mut e, "Scan", body);
        pages += 1;
        seen += page["ScannedCount"].as_u64().expect("count");
        match page.get("LastEvaluatedKey") {
            Some(k) => start = k.clone(),
            None => break,
        }
    }
    assert_eq!((seen, pages), (14, 3));
}

// API Reference, Scan, Segment/TotalSegments: each segment pages at 1 MB on
// its own; with one segment the whole table is segment 0.
#[test]
fn a_parallel_scan_segment_pages_at_1_mb() {
    let mut e = table_of(8, 200 * 1024);
    let page = ok(
        &mut e,
        "Scan",
        json!({"TableName": "Tbl", "Segment": 0, "TotalSegments": 1, "Select": "COUNT"}),
    );
    assert_eq!(page["ScannedCount"], json!(6));
    assert!(page.get("LastEvaluatedKey").is_some());
}

// API Reference, TransactionCanceledException: DynamoDB cancels a
// TransactWriteItems request when "An item size becomes too large (larger
// than 400 KB) ... because of changes made by the transaction"; the action's
// reason is ValidationError, the others None, and nothing is written.
#[test]
fn an_update_growing_an_item_past_400_kb_cancels_with_validation_error() {
    let mut e = engine();
    hash_table(&mut e, "Tbl");
    let big = "x".repeat(300 * 1024);
    ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "b": {"S": big}}}));
    let x = super::super::test_support::err(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [
            {"Put": {"TableName": "Tbl", "Item": {"pk": {"S": "other"}}}},
            {"Update": {"TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET c = :c", "ExpressionAttributeValues": {":c": {"S": big}}}}
        ]}),
    );
    let j = x.to_json();
    assert_eq!(j["__type"], json!("com.amazonaws.dynamodb.v20120810#TransactionCanceledException"));
    assert_eq!(j["CancellationReasons"][0], json!({"Code": "None"}));
    assert_eq!(j["CancellationReasons"][1]["Code"], json!("ValidationError"));
    let other = ok(&mut e, "GetItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": "other"}}}));
    assert_eq!(other, json!({}));
}

// Same page: ConditionalCheckFailed and ValidationError reasons each stay in
// their action's place.
#[test]
fn condition_failure_and_validation_error_reasons_keep_request_order() {
    let mut e = engine();
    hash_table(&mut e, "Tbl");
    ok(
        &mut e,
        "PutItem",
        json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "s": {"S": "str"}}}),
    );
    let x = super::super::test_support::err(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [
            {"Update": {"TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET s = s + :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"Put": {"TableName": "Tbl", "Item": {"pk": {"S": "b"}}}},
            {"ConditionCheck": {"TableName": "Tbl", "Key": {"pk": {"S": "c"}}, "ConditionExpression": "attribute_exists(pk)"}}
        ]}),
    );
    let codes: Vec<Value> = x.to_json()["CancellationReasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["Code"].clone())
        .collect();
    assert_eq!(codes, [json!("ValidationError"), json!("None"), json!("ConditionalCheckFailed")]);
}
