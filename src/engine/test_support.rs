//! Test helpers for the engine's unit tests: an engine on a manual clock,
//! JSON calls that unwrap, and a few standard tables.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{DynamoError, Engine, ManualClock, Timestamp};

/// 2024-01-01T00:00:00Z.
pub(crate) const START: u64 = 1_704_067_200;

pub(crate) fn engine() -> Engine {
    Engine::new(Arc::new(ManualClock::new(Timestamp::from_secs(START))))
}

pub(crate) fn engine_with_clock() -> (Engine, ManualClock) {
    let clock = ManualClock::new(Timestamp::from_secs(START));
    (Engine::new(Arc::new(clock.clone())), clock)
}

pub(crate) fn ok(e: &mut Engine, op: &str, body: Value) -> Value {
    e.call(op, body.clone()).unwrap_or_else(|err| panic!("{op} {body}: {err}"))
}

pub(crate) fn err(e: &mut Engine, op: &str, body: Value) -> DynamoError {
    match e.call(op, body.clone()) {
        Ok(v) => panic!("{op} {body}: expected an error, got {v}"),
        Err(err) => err,
    }
}

/// `{"TableName": "T", hash key "pk" (S), on demand}`.
pub(crate) fn hash_table(e: &mut Engine, name: &str) {
    ok(
        e,
        "CreateTable",
        json!({
            "TableName": name,
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
}

/// Hash "pk" (S) and range "sk" (N), on demand.
pub(crate) fn composite_table(e: &mut Engine, name: &str) {
    ok(
        e,
        "CreateTable",
        json!({
            "TableName": name,
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
}

/// Composite table with a GSI "byG" on "g" (S, ALL), a KEYS_ONLY GSI
/// "byK" on "k" (S) and an LSI "byL" on "l" (N, ALL).
pub(crate) fn indexed_table(e: &mut Engine, name: &str) {
    ok(
        e,
        "CreateTable",
        json!({
            "TableName": name,
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "k", "AttributeType": "S"},
                {"AttributeName": "l", "AttributeType": "N"}
            ],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [
                {"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}},
                {"IndexName": "byK", "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}
            ],
            "LocalSecondaryIndexes": [
                {"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}
            ]
        }),
    );
}
