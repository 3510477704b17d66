//! The DynamoDB item store: tables and indexes, expressions, operations,
//! transactions, streams, TTL and consumed-capacity accounting.
//!
//! It speaks DynamoDB's own JSON shapes and error names, and knows nothing of
//! cost or simulation. Depends on `units`, `value` and `capacity` only.
//!
//! # One PutItem, step by step
//!
//! 1. [`Engine::call`]`("PutItem", body)` (`dispatch.rs`) reads the body into
//!    a [`PutItemInput`] (`ops/put_item.rs`, via `request::Request`, which
//!    turns JSON type errors into SerializationException and parses the
//!    item with `value::item_from_json`). The simulator builds the
//!    `PutItemInput` itself and calls [`Engine::put_item`].
//! 2. `put_item` compiles the ConditionExpression with one `expr::Resolver`
//!    over the request's placeholders and calls `finish` to reject unused
//!    ones.
//! 3. It finds the table (`Engine::table_mut`; names or ARNs), takes the
//!    primary key from the item (`table::schema::KeySchema::key_of_item`)
//!    and sizes the item (`capacity::item_size::item_size`, the one
//!    implementation; more than 400 KB is a ValidationException).
//! 4. It evaluates the condition on the stored item (`Table::get`, one
//!    probe of the slots in `table::store::Store`; the packed item is decoded
//!    once, by `table::store::OldItem`, only if something reads it). If false: a
//!    ConditionalCheckFailedException that still carries the write units
//!    consumed, and the old item if ReturnValuesOnConditionCheckFailure=ALL_OLD.
//! 5. `Table::plan_write` (`table/state.rs`) charges W(max(old, new)) via
//!    `capacity::write_units` and plans each index's entry changes and units
//!    (`table/index.rs`, rules I1-I5), checking the 10 GB item-collection
//!    limit on tables with LSIs.
//! 6. `Table::commit_write` stores the item (packed into one allocation,
//!    `value::PackedItem`) and index entries and
//!    records the change in the table's stream, if enabled;
//!    `Table::write_consumed` gives the [`Consumed`] capacity, rendered per
//!    ReturnConsumedCapacity by `consumed.rs`.
//! 7. `PutItemOutput::to_json` builds the response; errors become
//!    `{"__type", "message"}` with [`DynamoError::to_json`].
//!
//! # Map
//! - `db`: [`Engine`]; `dispatch`: [`Engine::call`]; `ops/`: one operation per file.
//! - `table/`: schema, definition, CreateTable validation, store, indexes, description.
//! - `expr/`: expressions (own module doc); `expressions`: request-side glue.
//! - `script`: [`ScriptRunner`], request lines for `ddbplan exec`.
//! - `ttl`: [`Engine::expire_ttl`], the TTL background process.
//! - `consumed`, `return_values`, `request`, `error`, `clock`.
//! - Tests beyond each file's own: `golden` runs the transcripts in
//!   `testscripts/`; `index_check` reads indexes back after every write
//!   path; `model_check` checks random operation sequences against a
//!   `BTreeMap` model. Speed and memory are measured by
//!   `benches/engine_items.rs` and `benches/engine.rs` (docs/performance.md).

mod consumed;
mod db;
mod dispatch;
mod error;
mod expressions;
#[cfg(test)]
mod golden;
#[cfg(test)]
mod golden_files;
#[cfg(test)]
mod index_check;
#[cfg(test)]
mod model_check;
mod ops;
mod request;
mod return_values;
mod script;
#[cfg(test)]
mod test_support;
mod ttl;

pub mod clock;
pub mod expr;
pub mod table;

pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use consumed::{CapacityKind, Consumed, ReturnConsumedCapacity};
pub use db::{DEFAULT_ACCOUNT, DEFAULT_REGION, Engine};
pub use dispatch::SUPPORTED_OPERATIONS;
pub use error::{CancellationReason, DynamoError};
pub use expressions::ExpressionInput;
pub use ops::{
    BatchGetInput, BatchGetOutput, BatchWriteInput, BatchWriteOutput, CONDITION_FAILED,
    DeleteItemInput, DeleteItemOutput, GetItemInput, GetItemOutput, KeysAndAttributes,
    MAX_BATCH_GET_BYTES, MAX_BATCH_GET_KEYS, MAX_BATCH_WRITES, MAX_GET_RECORDS,
    MAX_LIST_TABLES_LIMIT, MAX_TAGS, MAX_TOTAL_SEGMENTS, MAX_TRANSACT_ITEMS, PutItemInput,
    PutItemOutput, QueryInput, ReadPage, ReadRequest, SHARD_ID, ScanInput, Seed, Select,
    TOKEN_WINDOW_SECS, TransactAction, TransactGet, TransactGetInput, TransactGetOutput,
    TransactWriteInput, TransactWriteItem, TransactWriteOutput, UpdateItemInput, UpdateItemOutput,
    WriteRequest, segment_buckets,
};
pub use return_values::ReturnValues;
pub use script::{CapacityLedger, EXPIRE_TTL, LedgerRow, LineOutcome, ScriptRunner};
pub use table::ItemCollectionMetrics;
pub use ttl::{ExpiredItem, TTL_MAX_AGE_SECS, is_expired};
