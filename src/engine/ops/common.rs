//! Small pieces every item operation shares: the TableName check, the
//! return options of single-item writes, the ConditionalCheckFailedException
//! and the write response. Depends on `request`, `error`, `consumed`,
//! `return_values`, `table::members`.

use crate::value::Item;

use super::super::consumed::Consumed;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::super::table::members::validate_name;

/// DynamoDB's message for a failed ConditionExpression.
pub const CONDITION_FAILED: &str = "The conditional request failed";

/// The TableName of a data-plane request: a table name (3-255 characters of
/// `[a-zA-Z0-9_.-]`) or a table ARN.
pub(crate) fn data_table_name(req: &Request<'_>) -> Result<String, DynamoError> {
    let name = req.required_str("TableName")?;
    if !name.starts_with("arn:") {
        validate_name(name, "tableName")?;
    }
    Ok(name.to_string())
}

/// The return options PutItem, UpdateItem and DeleteItem share, parsed in
/// the order DynamoDB checks them (after ReturnValues).
pub(crate) struct WriteReturns {
    pub consumed_capacity: crate::engine::ReturnConsumedCapacity,
    pub item_collection_metrics: bool,
    pub old_on_condition_failure: bool,
}

impl WriteReturns {
    pub(crate) fn parse(req: &Request<'_>) -> Result<WriteReturns, DynamoError> {
        use super::super::return_values::{
            parse_item_collection_metrics, parse_on_condition_failure,
        };
        Ok(WriteReturns {
            consumed_capacity: crate::engine::ReturnConsumedCapacity::parse(
                req.str("ReturnConsumedCapacity")?,
            )?,
            item_collection_metrics: parse_item_collection_metrics(
                req.str("ReturnItemCollectionMetrics")?,
            )?,
            old_on_condition_failure: parse_on_condition_failure(
                req.str("ReturnValuesOnConditionCheckFailure")?,
            )?,
        })
    }
}

/// ConditionalCheckFailedException, with the old item if asked for.
pub(crate) fn condition_failed(item: Option<Item>, consumed: Consumed) -> DynamoError {
    DynamoError::ConditionalCheckFailed {
        message: CONDITION_FAILED.to_string(),
        item,
        consumed: Some(Box::new(consumed)),
    }
}

/// The response body shared by PutItem, UpdateItem and DeleteItem:
/// `Attributes`, `ConsumedCapacity` and `ItemCollectionMetrics`, each only
/// when present.
pub(crate) fn single_item_write_json(
    attributes: Option<&Item>,
    consumed: &Consumed,
    metrics: Option<&crate::engine::ItemCollectionMetrics>,
    mode: crate::engine::ReturnConsumedCapacity,
) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let Some(a) = attributes {
        out.insert("Attributes".into(), crate::value::item_to_json(a));
    }
    if let Some(c) = consumed.to_json(mode) {
        out.insert("ConsumedCapacity".into(), c);
    }
    if let Some(m) = metrics {
        out.insert("ItemCollectionMetrics".into(), m.to_json());
    }
    serde_json::Value::Object(out)
}
