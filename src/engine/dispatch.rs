//! [`Engine::call`]: the JSON entry point — an operation name and a DynamoDB
//! JSON request body in, a response body or a [`DynamoError`] out. This is
//! what `serve`, `exec` and trace replay use; the simulator calls the typed
//! methods (`put_item`, `get_item`, ...) directly. Depends on `ops`.

use serde_json::Value;

use super::Engine;
use super::error::DynamoError;
use super::ops::{
    BatchGetInput, BatchWriteInput, DeleteItemInput, GetItemInput, PutItemInput, QueryInput,
    ScanInput, TransactGetInput, TransactWriteInput, UpdateItemInput,
};

/// Operations [`Engine::call`] accepts.
pub const SUPPORTED_OPERATIONS: [&str; 32] = [
    "BatchGetItem",
    "BatchWriteItem",
    "CreateBackup",
    "CreateTable",
    "DeleteBackup",
    "DeleteItem",
    "DeleteTable",
    "DescribeBackup",
    "DescribeContinuousBackups",
    "DescribeStream",
    "DescribeTable",
    "DescribeTimeToLive",
    "GetItem",
    "GetRecords",
    "GetShardIterator",
    "ListBackups",
    "ListStreams",
    "ListTables",
    "ListTagsOfResource",
    "PutItem",
    "RestoreTableFromBackup",
    "RestoreTableToPointInTime",
    "Query",
    "Scan",
    "TagResource",
    "TransactGetItems",
    "TransactWriteItems",
    "UntagResource",
    "UpdateContinuousBackups",
    "UpdateItem",
    "UpdateTable",
    "UpdateTimeToLive",
];

/// DynamoDB operations that exist but this engine does not implement yet.
const NOT_YET: [&str; 5] = [
    "ExecuteStatement",
    "BatchExecuteStatement",
    "ExecuteTransaction",
    "DescribeLimits",
    "DescribeEndpoints",
];

/// The capacity of a multi-table request when it touched exactly one table
/// (what `take_last_consumed` can report).
fn single(consumed: &[super::Consumed]) -> Option<super::Consumed> {
    match consumed {
        [one] => Some(one.clone()),
        _ => None,
    }
}

impl Engine {
    /// Remembers what a failed conditional write consumed.
    fn record_failure(&mut self, e: &DynamoError) {
        if let DynamoError::ConditionalCheckFailed { consumed: Some(c), .. } = e {
            self.last_consumed = Some((**c).clone());
        }
    }

    /// Runs one operation on a JSON request body. `op` is the operation
    /// name as in the `X-Amz-Target` header after `DynamoDB_20120810.`
    /// (e.g. "PutItem"); the prefixed form is accepted too, and the Streams
    /// operations with `DynamoDBStreams_20120810.`.
    pub fn call(&mut self, op: &str, body: Value) -> Result<Value, DynamoError> {
        let op = op
            .strip_prefix("DynamoDB_20120810.")
            .or_else(|| op.strip_prefix("DynamoDBStreams_20120810."))
            .unwrap_or(op);
        self.last_consumed = None;
        match op {
            "PutItem" => {
                let input = PutItemInput::from_json(&body)?;
                let mode = input.return_consumed_capacity;
                let out = self.put_item(input).inspect_err(|e| self.record_failure(e))?;
                self.last_consumed = Some(out.consumed.clone());
                Ok(out.to_json(mode))
            }
            "GetItem" => {
                let input = GetItemInput::from_json(&body)?;
                let out = self.get_item(&input)?;
                self.last_consumed = Some(out.consumed.clone());
                Ok(out.to_json(input.return_consumed_capacity))
            }
            "UpdateItem" => {
                let input = UpdateItemInput::from_json(&body)?;
                let mode = input.return_consumed_capacity;
                let out = self.update_item(input).inspect_err(|e| self.record_failure(e))?;
                self.last_consumed = Some(out.consumed.clone());
                Ok(out.to_json(mode))
            }
            "DeleteItem" => {
                let input = DeleteItemInput::from_json(&body)?;
                let mode = input.return_consumed_capacity;
                let out = self.delete_item(input).inspect_err(|e| self.record_failure(e))?;
                self.last_consumed = Some(out.consumed.clone());
                Ok(out.to_json(mode))
            }
            "Query" => {
                let input = QueryInput::from_json(&body)?;
                let out = self.query(&input)?;
                self.last_consumed = Some(out.consumed.clone());
                Ok(out.to_json(input.read.return_consumed_capacity))
            }
            "Scan" => {
                let input = ScanInput::from_json(&body)?;
                let out = self.scan(&input)?;
                self.last_consumed = Some(out.consumed.clone());
                Ok(out.to_json(input.read.return_consumed_capacity))
            }
            "BatchGetItem" => {
                let input = BatchGetInput::from_json(&body)?;
                let out = self.batch_get_item(&input)?;
                self.last_consumed = single(&out.consumed);
                Ok(out.to_json(input.return_consumed_capacity))
            }
            "BatchWriteItem" => {
                let input = BatchWriteInput::from_json(&body)?;
                let mode = input.return_consumed_capacity;
                let out = self.batch_write_item(input)?;
                self.last_consumed = single(&out.consumed);
                Ok(out.to_json(mode))
            }
            "TransactWriteItems" => {
                let input = TransactWriteInput::from_json(&body)?;
                let mode = input.return_consumed_capacity;
                let out = self.transact_write_items(input)?;
                self.last_consumed = single(&out.consumed);
                Ok(out.to_json(mode))
            }
            "TransactGetItems" => {
                let input = TransactGetInput::from_json(&body)?;
                let out = self.transact_get_items(&input)?;
                self.last_consumed = single(&out.consumed);
                Ok(out.to_json(input.return_consumed_capacity))
            }
            "ListStreams" => self.list_streams(&body),
            "DescribeStream" => self.describe_stream(&body),
            "GetShardIterator" => self.get_shard_iterator(&body),
            "GetRecords" => self.get_records(&body),
            "CreateBackup" => self.create_backup(&body),
            "DescribeBackup" => self.describe_backup(&body),
            "DeleteBackup" => self.delete_backup(&body),
            "ListBackups" => self.list_backups(&body),
            "RestoreTableFromBackup" => self.restore_table_from_backup(&body),
            "UpdateContinuousBackups" => self.update_continuous_backups(&body),
            "DescribeContinuousBackups" => self.describe_continuous_backups(&body),
            "RestoreTableToPointInTime" => self.restore_table_to_point_in_time(&body),
            "CreateTable" => self.create_table(&body),
            "DescribeTable" => self.describe_table(&body),
            "ListTables" => self.list_tables(&body),
            "UpdateTable" => self.update_table(&body),
            "DeleteTable" => self.delete_table(&body),
            "UpdateTimeToLive" => self.update_time_to_live(&body),
            "DescribeTimeToLive" => self.describe_time_to_live(&body),
            "TagResource" => self.tag_resource(&body),
            "UntagResource" => self.untag_resource(&body),
            "ListTagsOfResource" => self.list_tags_of_resource(&body),
            other if NOT_YET.contains(&other) => Err(DynamoError::UnknownOperation(format!(
                "{other} is a DynamoDB operation this engine does not implement yet"
            ))),
            other => Err(DynamoError::UnknownOperation(format!("Unknown operation: {other}"))),
        }
    }
}
