//! Secondary indexes read back after every kind of write: each test writes
//! through one path (PutItem, UpdateItem, DeleteItem, BatchWriteItem,
//! TransactWriteItems, TTL expiry, UpdateTable's backfill) and checks what a
//! Query or Scan of the index returns, including projections (KEYS_ONLY,
//! INCLUDE, ALL) and sparse indexes (Developer Guide, "Improving data access
//! with secondary indexes", "Take advantage of sparse indexes",
//! "Attribute projections"). Test-only.

use serde_json::{Value, json};

use super::Engine;
use super::clock::Timestamp;
use super::test_support::{START, engine, err, ok};

/// Table "Shop": pk (S) + sk (N); GSI "byCat" on cat (S) + price (N),
/// INCLUDE [name]; GSI "byOwner" on owner (S), KEYS_ONLY; LSI "byPrice" on
/// pk + price, ALL.
fn shop(e: &mut Engine) {
    ok(
        e,
        "CreateTable",
        json!({
            "TableName": "Shop",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "cat", "AttributeType": "S"}, {"AttributeName": "price", "AttributeType": "N"},
                {"AttributeName": "owner", "AttributeType": "S"}
            ],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [
                {"IndexName": "byCat", "KeySchema": [{"AttributeName": "cat", "KeyType": "HASH"}, {"AttributeName": "price", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["name"]}},
                {"IndexName": "byOwner", "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}
            ],
            "LocalSecondaryIndexes": [
                {"IndexName": "byPrice", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "price", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "ALL"}}
            ]
        }),
    );
}

fn put(e: &mut Engine, sk: i64, cat: &str, price: i64, extra: Value) {
    let mut item = json!({"pk": {"S": "store"}, "sk": {"N": sk.to_string()}, "cat": {"S": cat},
        "price": {"N": price.to_string()}, "name": {"S": format!("item{sk}")}, "stock": {"N": "5"}});
    for (k, v) in extra.as_object().unwrap() {
        item[k] = v.clone();
    }
    ok(e, "PutItem", json!({"TableName": "Shop", "Item": item}));
}

fn by_cat(e: &mut Engine, cat: &str) -> Vec<Value> {
    let out = ok(
        e,
        "Query",
        json!({"TableName": "Shop", "IndexName": "byCat", "KeyConditionExpression": "cat = :c",
            "ExpressionAttributeValues": {":c": {"S": cat}}}),
    );
    out["Items"].as_array().unwrap().clone()
}

fn skus(items: &[Value]) -> Vec<String> {
    items.iter().map(|i| i["sk"]["N"].as_str().unwrap().to_string()).collect()
}

// INCLUDE: "only the specified table attributes are projected into the
// index", plus the table and index keys; ordered by the index sort key.
#[test]
fn include_projection_returns_keys_and_the_listed_attributes_in_index_order() {
    let mut e = engine();
    shop(&mut e);
    put(&mut e, 1, "toys", 30, json!({}));
    put(&mut e, 2, "toys", 10, json!({}));
    put(&mut e, 3, "food", 20, json!({}));
    let items = by_cat(&mut e, "toys");
    assert_eq!(skus(&items), ["2", "1"]);
    assert_eq!(
        items[0],
        json!({"cat": {"S": "toys"}, "name": {"S": "item2"}, "pk": {"S": "store"}, "price": {"N": "10"}, "sk": {"N": "2"}})
    );
}

// UpdateItem moving an item to another index key: it leaves the old
// partition of the index and joins the new one.
#[test]
fn update_item_moves_the_index_entry() {
    let mut e = engine();
    shop(&mut e);
    put(&mut e, 1, "toys", 30, json!({}));
    ok(
        &mut e,
        "UpdateItem",
        json!({"TableName": "Shop", "Key": {"pk": {"S": "store"}, "sk": {"N": "1"}}, "UpdateExpression": "SET cat = :c",
            "ExpressionAttributeValues": {":c": {"S": "food"}}}),
    );
    assert!(by_cat(&mut e, "toys").is_empty());
    assert_eq!(skus(&by_cat(&mut e, "food")), ["1"]);
}

// Sparse index: REMOVE of the index key drops the entry; SET adds it back.
#[test]
fn removing_the_index_key_drops_the_entry_sparse() {
    let mut e = engine();
    shop(&mut e);
    put(&mut e, 1, "toys", 30, json!({"owner": {"S": "ann"}}));
    let key = json!({"pk": {"S": "store"}, "sk": {"N": "1"}});
    ok(
        &mut e,
        "UpdateItem",
        json!({"TableName": "Shop", "Key": key, "UpdateExpression": "REMOVE cat"}),
    );
    assert!(by_cat(&mut e, "toys").is_empty());
    let owner = ok(&mut e, "Scan", json!({"TableName": "Shop", "IndexName": "byOwner"}));
    assert_eq!(
        owner["Items"],
        json!([{"owner": {"S": "ann"}, "pk": {"S": "store"}, "sk": {"N": "1"}}]),
        "KEYS_ONLY: table and index keys only"
    );
}

// An update of an attribute the index does not project leaves the entry as
// it was (and costs the index nothing, rule I5).
#[test]
fn unprojected_attribute_updates_do_not_touch_the_include_index() {
    let mut e = engine();
    shop(&mut e);
    put(&mut e, 1, "toys", 30, json!({}));
    let out = ok(
        &mut e,
        "UpdateItem",
        json!({"TableName": "Shop", "Key": {"pk": {"S": "store"}, "sk": {"N": "1"}}, "UpdateExpression": "ADD stock :n",
            "ExpressionAttributeValues": {":n": {"N": "1"}}, "ReturnConsumedCapacity": "INDEXES"}),
    );
    assert!(out["ConsumedCapacity"].get("GlobalSecondaryIndexes").is_none(), "{out}");
    assert_eq!(by_cat(&mut e, "toys")[0].get("stock"), None);
}

#[test]
fn delete_item_removes_entries_from_every_index() {
    let mut e = engine();
    shop(&mut e);
    put(&mut e, 1, "toys", 30, json!({"owner": {"S": "ann"}}));
    ok(
        &mut e,
        "DeleteItem",
        json!({"TableName": "Shop", "Key": {"pk": {"S": "store"}, "sk": {"N": "1"}}}),
    );
    assert!(by_cat(&mut e, "toys").is_empty());
    for index in ["byOwner", "byPrice", "byCat"] {
        let out =
            ok(&mut e, "Scan", json!({"TableName": "Shop", "IndexName": index, "Select": "COUNT"}));
        assert_eq!(out["Count"], json!(0), "{index}");
    }
}

#[test]
fn batch_and_transaction_writes_are_visible_in_the_index() {
    let mut e = engine();
    shop(&mut e);
    let item = |sk: i64, cat: &str| json!({"pk": {"S": "store"}, "sk": {"N": sk.to_string()}, "cat": {"S": cat}, "price": {"N": "1"}});
    ok(
        &mut e,
        "BatchWriteItem",
        json!({"RequestItems": {"Shop": [{"PutRequest": {"Item": item(1, "toys")}}, {"PutRequest": {"Item": item(2, "toys")}}]}}),
    );
    ok(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [{"Put": {"TableName": "Shop", "Item": item(3, "toys")}},
        {"Delete": {"TableName": "Shop", "Key": {"pk": {"S": "store"}, "sk": {"N": "1"}}}}]}),
    );
    let mut got = skus(&by_cat(&mut e, "toys"));
    got.sort();
    assert_eq!(got, ["2", "3"]);
}

// A cancelled transaction leaves every index as it was.
#[test]
fn a_cancelled_transaction_changes_no_index() {
    let mut e = engine();
    shop(&mut e);
    put(&mut e, 1, "toys", 30, json!({}));
    let x = err(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [
            {"Update": {"TableName": "Shop", "Key": {"pk": {"S": "store"}, "sk": {"N": "1"}}, "UpdateExpression": "SET cat = :c", "ExpressionAttributeValues": {":c": {"S": "food"}}}},
            {"ConditionCheck": {"TableName": "Shop", "Key": {"pk": {"S": "store"}, "sk": {"N": "9"}}, "ConditionExpression": "attribute_exists(pk)"}}
        ]}),
    );
    assert_eq!(x.name(), "TransactionCanceledException");
    assert_eq!(skus(&by_cat(&mut e, "toys")), ["1"]);
    assert!(by_cat(&mut e, "food").is_empty());
}

// TTL deletions remove index entries ("the item is deleted from ... any
// secondary indexes", Developer Guide, TTL).
#[test]
fn ttl_expiry_removes_index_entries() {
    let mut e = engine();
    shop(&mut e);
    ok(
        &mut e,
        "UpdateTimeToLive",
        json!({"TableName": "Shop", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "exp"}}),
    );
    put(&mut e, 1, "toys", 30, json!({"exp": {"N": (START - 1).to_string()}}));
    put(&mut e, 2, "toys", 20, json!({"exp": {"N": (START + 100).to_string()}}));
    e.expire_ttl(Timestamp::from_secs(START));
    assert_eq!(skus(&by_cat(&mut e, "toys")), ["2"]);
}

// "When you add a global secondary index to an existing table, DynamoDB
// asynchronously backfills the index with the existing items": the new
// index answers queries at once here.
#[test]
fn a_gsi_added_by_update_table_is_backfilled_and_queryable() {
    let mut e = engine();
    shop(&mut e);
    put(&mut e, 1, "toys", 30, json!({"color": {"S": "red"}}));
    put(&mut e, 2, "toys", 20, json!({}));
    ok(
        &mut e,
        "UpdateTable",
        json!({"TableName": "Shop", "AttributeDefinitions": [{"AttributeName": "color", "AttributeType": "S"}],
            "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "byColor", "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}]}),
    );
    let out = ok(
        &mut e,
        "Query",
        json!({"TableName": "Shop", "IndexName": "byColor", "KeyConditionExpression": "color = :c", "ExpressionAttributeValues": {":c": {"S": "red"}}}),
    );
    assert_eq!(skus(out["Items"].as_array().unwrap()), ["1"]);
}

// LSI: the same partition, ordered by the alternate sort key, strongly
// consistent reads allowed.
#[test]
fn lsi_orders_a_partition_by_its_sort_key() {
    let mut e = engine();
    shop(&mut e);
    for (sk, price) in [(1, 30), (2, 10), (3, 20)] {
        put(&mut e, sk, "toys", price, json!({}));
    }
    let out = ok(
        &mut e,
        "Query",
        json!({"TableName": "Shop", "IndexName": "byPrice", "KeyConditionExpression": "pk = :p AND price BETWEEN :a AND :b",
            "ExpressionAttributeValues": {":p": {"S": "store"}, ":a": {"N": "10"}, ":b": {"N": "25"}}, "ConsistentRead": true, "ScanIndexForward": false}),
    );
    assert_eq!(skus(out["Items"].as_array().unwrap()), ["3", "2"]);
}

// A GSI query with a FilterExpression on a projected attribute.
#[test]
fn gsi_filter_on_projected_attributes() {
    let mut e = engine();
    shop(&mut e);
    put(&mut e, 1, "toys", 30, json!({}));
    put(&mut e, 2, "toys", 10, json!({}));
    let out = ok(
        &mut e,
        "Query",
        json!({"TableName": "Shop", "IndexName": "byCat", "KeyConditionExpression": "cat = :c AND price > :p",
            "FilterExpression": "#n = :n", "ExpressionAttributeNames": {"#n": "name"},
            "ExpressionAttributeValues": {":c": {"S": "toys"}, ":p": {"N": "5"}, ":n": {"S": "item1"}}}),
    );
    assert_eq!((out["Count"].clone(), out["ScannedCount"].clone()), (json!(1), json!(2)));
}

// The index's capacity is charged on the projected entry's size, not the
// item's: a 5 KB attribute outside the INCLUDE list costs the index nothing
// in a Query.
#[test]
fn index_reads_are_sized_on_projected_entries() {
    let mut e = engine();
    shop(&mut e);
    put(&mut e, 1, "toys", 30, json!({"blob": {"S": "x".repeat(5000)}}));
    let out = ok(
        &mut e,
        "Query",
        json!({"TableName": "Shop", "IndexName": "byCat", "KeyConditionExpression": "cat = :c",
            "ExpressionAttributeValues": {":c": {"S": "toys"}}, "ReturnConsumedCapacity": "INDEXES"}),
    );
    assert_eq!(
        out["ConsumedCapacity"]["GlobalSecondaryIndexes"],
        json!({"byCat": {"CapacityUnits": 0.5}})
    );
    let table = ok(
        &mut e,
        "Query",
        json!({"TableName": "Shop", "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": {"S": "store"}}, "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(table["ConsumedCapacity"]["CapacityUnits"], json!(1.0));
}
