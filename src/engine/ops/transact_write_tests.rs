//! TransactWriteItems' and TransactGetItems' tests: all-or-nothing,
//! CancellationReasons, one action per item, 2x capacity, idempotency,
//! index maintenance (API Reference, TransactWriteItems). Test-only.

use serde_json::{Value, json};

use super::super::Engine;

use super::super::test_support::{engine_with_clock, err, hash_table, indexed_table, ok};

fn put(pk: &str) -> Value {
    json!({"Put": {"TableName": "Tbl", "Item": {"pk": {"S": pk}, "n": {"N": "1"}}}})
}

fn get(e: &mut Engine, pk: &str) -> Value {
    ok(e, "GetItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": pk}}}))
}

fn setup() -> (Engine, crate::engine::ManualClock) {
    let (mut e, clock) = engine_with_clock();
    hash_table(&mut e, "Tbl");
    ok(
        &mut e,
        "PutItem",
        json!({"TableName": "Tbl", "Item": {"pk": {"S": "existing"}, "n": {"N": "5"}}}),
    );
    (e, clock)
}

// Developer Guide, "Amazon DynamoDB Transactions": Put, Update, Delete
// and ConditionCheck in one request, applied together; each item costs
// 2 WCU per 1 KB (rule O7).
#[test]
fn puts_updates_deletes_and_checks_apply_with_2x_capacity() {
    let (mut e, _) = setup();
    ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": {"pk": {"S": "doomed"}}}));
    ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": {"pk": {"S": "checked"}}}));
    let out = ok(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [
            put("new"),
            {"Update": {"TableName": "Tbl", "Key": {"pk": {"S": "existing"}}, "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"Delete": {"TableName": "Tbl", "Key": {"pk": {"S": "doomed"}}}},
            {"ConditionCheck": {"TableName": "Tbl", "Key": {"pk": {"S": "checked"}}, "ConditionExpression": "attribute_exists(pk)"}}
        ], "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(out, json!({"ConsumedCapacity": [{"TableName": "Tbl", "CapacityUnits": 8.0}]}));
    assert_eq!(get(&mut e, "existing")["Item"]["n"], json!({"N": "6"}));
    assert_eq!(get(&mut e, "new")["Item"]["n"], json!({"N": "1"}));
    assert_eq!(get(&mut e, "doomed"), json!({}));
}

// "If any of these conditions are not met, the transaction is canceled":
// nothing is written and CancellationReasons has one entry per action,
// in order (API Reference, TransactWriteItems, TransactionCanceledException).
#[test]
fn a_failed_condition_cancels_everything_with_reasons_in_order() {
    let (mut e, _) = setup();
    let x = err(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [
            put("new"),
            {"Delete": {"TableName": "Tbl", "Key": {"pk": {"S": "existing"}}, "ConditionExpression": "n = :v",
                "ExpressionAttributeValues": {":v": {"N": "99"}}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            {"ConditionCheck": {"TableName": "Tbl", "Key": {"pk": {"S": "missing"}}, "ConditionExpression": "attribute_exists(pk)"}}
        ]}),
    );
    assert_eq!(
        x.to_json(),
        json!({
            "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
            "message": "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]",
            "CancellationReasons": [
                {"Code": "None"},
                {"Item": {"n": {"N": "5"}, "pk": {"S": "existing"}}, "Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
                {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
            ]
        })
    );
    assert_eq!(get(&mut e, "new"), json!({}));
    assert_eq!(get(&mut e, "existing")["Item"]["n"], json!({"N": "5"}));
}

// "You can't target the same item with multiple operations within the
// same transaction" (Developer Guide, TransactWriteItems API).
#[test]
fn one_action_per_item_and_at_most_100_actions() {
    let (mut e, _) = setup();
    let x = err(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [put("a"), {"Delete": {"TableName": "Tbl", "Key": {"pk": {"S": "a"}}}}]}),
    );
    assert_eq!(x.message(), "Transaction request cannot include multiple operations on one item");
    let many: Vec<Value> = (0..101).map(|i| put(&format!("k{i}"))).collect();
    let x = err(&mut e, "TransactWriteItems", json!({"TransactItems": many}));
    assert!(
        x.message().ends_with("Member must have length less than or equal to 100"),
        "{}",
        x.message()
    );
    let exactly: Vec<Value> = (0..100).map(|i| put(&format!("k{i}"))).collect();
    ok(&mut e, "TransactWriteItems", json!({"TransactItems": exactly}));
    assert_eq!(e.table("Tbl").unwrap().store.len(), 101);
    let x = err(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [{"Put": {"TableName": "Tbl", "Item": {"pk": {"S": "z"}}}, "Delete": {"TableName": "Tbl", "Key": {"pk": {"S": "z"}}}}]}),
    );
    assert_eq!(x.name(), "ValidationException");
    let x = err(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [{"ConditionCheck": {"TableName": "Tbl", "Key": {"pk": {"S": "z"}}}}]}),
    );
    assert_eq!(x.name(), "ValidationException");
}

// ClientRequestToken: "makes the call idempotent ... valid for 10
// minutes"; the same token with different parameters is
// IdempotentParameterMismatchException (API Reference, TransactWriteItems).
#[test]
fn client_request_token_is_idempotent_for_10_minutes() {
    let (mut e, clock) = setup();
    let body = json!({"TransactItems": [{"Update": {"TableName": "Tbl", "Key": {"pk": {"S": "existing"}}, "UpdateExpression": "ADD n :one",
        "ExpressionAttributeValues": {":one": {"N": "1"}}}}], "ClientRequestToken": "tok-1"});
    ok(&mut e, "TransactWriteItems", body.clone());
    ok(&mut e, "TransactWriteItems", body.clone());
    assert_eq!(get(&mut e, "existing")["Item"]["n"], json!({"N": "6"}));
    let mut other = body.clone();
    other["TransactItems"][0]["Update"]["ExpressionAttributeValues"][":one"] = json!({"N": "2"});
    let x = err(&mut e, "TransactWriteItems", other);
    assert_eq!(x.name(), "IdempotentParameterMismatchException");
    clock.advance_millis(599_000);
    ok(&mut e, "TransactWriteItems", body.clone());
    assert_eq!(get(&mut e, "existing")["Item"]["n"], json!({"N": "6"}));
    clock.advance_millis(2_000);
    ok(&mut e, "TransactWriteItems", body);
    assert_eq!(get(&mut e, "existing")["Item"]["n"], json!({"N": "7"}));
}

// Index maintenance on the transaction path (rules I1-I5).
#[test]
fn transactions_maintain_indexes() {
    let (mut e, _) = engine_with_clock();
    indexed_table(&mut e, "Tbl");
    let out = ok(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [
            {"Put": {"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "x"}}}},
            {"Put": {"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"N": "2"}, "k": {"S": "y"}, "l": {"N": "3"}}}}
        ], "ReturnConsumedCapacity": "INDEXES"}),
    );
    assert_eq!(
        out["ConsumedCapacity"][0],
        json!({"TableName": "Tbl", "CapacityUnits": 7.0, "Table": {"CapacityUnits": 4.0},
            "LocalSecondaryIndexes": {"byL": {"CapacityUnits": 1.0}},
            "GlobalSecondaryIndexes": {"byG": {"CapacityUnits": 1.0}, "byK": {"CapacityUnits": 1.0}}})
    );
    let t = e.table("Tbl").unwrap();
    assert_eq!((t.indexes["byG"].len(), t.indexes["byK"].len(), t.indexes["byL"].len()), (1, 1, 1));
    let x = err(
        &mut e,
        "TransactWriteItems",
        json!({"TransactItems": [{"Put": {"TableName": "Tbl", "Item": {"pk": {"S": "b"}, "sk": {"N": "1"}, "g": {"N": "1"}}}}]}),
    );
    assert!(x.message().contains("Type mismatch for Index Key g"), "{}", x.message());
}

#[test]
fn transact_get_items_reads_in_order_at_twice_the_read_cost() {
    let (mut e, _) = setup();
    ok(
        &mut e,
        "PutItem",
        json!({"TableName": "Tbl", "Item": {"pk": {"S": "big"}, "d": {"S": "x".repeat(5000)}}}),
    );
    let out = ok(
        &mut e,
        "TransactGetItems",
        json!({"TransactItems": [
            {"Get": {"TableName": "Tbl", "Key": {"pk": {"S": "existing"}}, "ProjectionExpression": "n"}},
            {"Get": {"TableName": "Tbl", "Key": {"pk": {"S": "missing"}}}},
            {"Get": {"TableName": "Tbl", "Key": {"pk": {"S": "big"}}}}
        ], "ReturnConsumedCapacity": "TOTAL"}),
    );
    assert_eq!(out["Responses"][0], json!({"Item": {"n": {"N": "5"}}}));
    assert_eq!(out["Responses"][1], json!({}));
    // 2 (existing) + 2 (missing, minimum) + 4 (5 KB = 2 blocks x 2).
    assert_eq!(out["ConsumedCapacity"], json!([{"TableName": "Tbl", "CapacityUnits": 8.0}]));
    let x = err(
        &mut e,
        "TransactGetItems",
        json!({"TransactItems": [
        {"Get": {"TableName": "Tbl", "Key": {"pk": {"S": "big"}}}}, {"Get": {"TableName": "Tbl", "Key": {"pk": {"S": "big"}}}}]}),
    );
    assert_eq!(x.message(), "Transaction request cannot include multiple operations on one item");
}
