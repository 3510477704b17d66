//! One DynamoDB operation per file, each an `impl Engine` block with the
//! operation's request/response types (item operations) or its JSON
//! handler (control plane). `common` holds what the item operations share.

mod backups;
mod batch_get;
mod batch_write;
mod common;
mod create_table;
mod delete_item;
mod delete_table;
mod describe_table;
mod describe_ttl;
mod get_item;
mod list_tables;
mod list_tags;
#[cfg(test)]
mod page_limit_tests;
mod put_item;
mod query;
#[cfg(test)]
mod query_tests;
mod read_page;
mod scan;
mod streams;
mod tag_resource;
mod transact_get;
mod transact_write;
#[cfg(test)]
mod transact_write_tests;
mod untag_resource;
mod update_item;
mod update_table;
mod update_ttl;

pub(crate) use backups::Backups;
pub use batch_get::{
    BatchGetInput, BatchGetOutput, KeysAndAttributes, MAX_BATCH_GET_BYTES, MAX_BATCH_GET_KEYS,
};
pub use batch_write::{BatchWriteInput, BatchWriteOutput, MAX_BATCH_WRITES, WriteRequest};
pub use common::CONDITION_FAILED;
pub use delete_item::{DeleteItemInput, DeleteItemOutput};
pub use get_item::{GetItemInput, GetItemOutput};
pub use list_tables::MAX_LIST_TABLES_LIMIT;
pub use put_item::{PutItemInput, PutItemOutput};
pub use query::QueryInput;
pub use read_page::{ReadPage, ReadRequest, Select};
pub use scan::{MAX_TOTAL_SEGMENTS, ScanInput, segment_buckets};
pub use streams::{MAX_GET_RECORDS, SHARD_ID};
pub use tag_resource::MAX_TAGS;
pub use transact_get::{TransactGet, TransactGetInput, TransactGetOutput};
pub(crate) use transact_write::TokenLedger;
pub use transact_write::{
    MAX_TRANSACT_ITEMS, TOKEN_WINDOW_SECS, TransactAction, TransactWriteInput, TransactWriteItem,
    TransactWriteOutput,
};
pub use update_item::{Seed, UpdateItemInput, UpdateItemOutput};
