//! [`DynamoError`]: every error the engine returns, one variant per DynamoDB
//! exception name, serialising to DynamoDB's JSON error shape
//! `{"__type": "<namespace>#<Name>", "message": "..."}`.
//!
//! The namespaces are the ones the live service sends (and dynalite
//! reproduces; a live eu-central-1 response quoted in a public client's
//! tests reads `{"__type":"com.amazon.coral.validate#ValidationException",
//! "message":"Supplied AttributeValue has more than one datatypes set, ..."}`):
//! `com.amazon.coral.validate#ValidationException`,
//! `com.amazon.coral.service#SerializationException` and
//! `com.amazon.coral.service#UnknownOperationException`, and
//! `com.amazonaws.dynamodb.v20120810#<Name>` for the DynamoDB-specific
//! exceptions. SDKs read the part after `#`. Depends on `value` and
//! `capacity`.

use serde_json::{Map, Value, json};
use thiserror::Error;

use crate::value::{Item, ValueError, item_to_json};

use super::consumed::Consumed;
use super::expr::ExprError;

/// An error as DynamoDB names it.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DynamoError {
    /// A parameter is invalid; the message is DynamoDB's.
    #[error("ValidationException: {0}")]
    Validation(String),
    /// The request body does not have the expected JSON shape.
    #[error("SerializationException: {0}")]
    Serialization(String),
    /// The operation name is not a DynamoDB operation this engine knows.
    #[error("UnknownOperationException: {0}")]
    UnknownOperation(String),
    /// A ConditionExpression evaluated to false. `item` is the existing item
    /// when ReturnValuesOnConditionCheckFailure=ALL_OLD; `consumed` is the
    /// write capacity the failed request still consumed (not part of the
    /// JSON error, which carries no ConsumedCapacity).
    #[error("ConditionalCheckFailedException: {message}")]
    ConditionalCheckFailed { message: String, item: Option<Item>, consumed: Option<Box<Consumed>> },
    #[error("ResourceNotFoundException: {0}")]
    ResourceNotFound(String),
    #[error("ResourceInUseException: {0}")]
    ResourceInUse(String),
    #[error("ItemCollectionSizeLimitExceededException: {0}")]
    ItemCollectionSizeLimitExceeded(String),
    #[error("LimitExceededException: {0}")]
    LimitExceeded(String),
    #[error("ProvisionedThroughputExceededException: {0}")]
    ProvisionedThroughputExceeded(String),
    #[error("InternalServerError: {0}")]
    InternalServerError(String),
    /// TransactWriteItems/TransactGetItems did not run; one reason per
    /// action, in request order (API Reference, TransactWriteItems).
    #[error("TransactionCanceledException: {message}")]
    TransactionCanceled { message: String, reasons: Vec<CancellationReason> },
    /// Restore targets and backup/PITR sources (API Reference, RestoreTable*).
    #[error("TableAlreadyExistsException: {0}")]
    TableAlreadyExists(String),
    #[error("TableNotFoundException: {0}")]
    TableNotFound(String),
    #[error("BackupNotFoundException: {0}")]
    BackupNotFound(String),
    #[error("PointInTimeRecoveryUnavailableException: {0}")]
    PointInTimeRecoveryUnavailable(String),
    #[error("InvalidRestoreTimeException: {0}")]
    InvalidRestoreTime(String),
    /// A ClientRequestToken reused with a different request.
    #[error("IdempotentParameterMismatchException: {0}")]
    IdempotentParameterMismatch(String),
}

/// One entry of CancellationReasons: `Code` ("None",
/// "ConditionalCheckFailed", ...), `Message`, and the item when
/// ReturnValuesOnConditionCheckFailure=ALL_OLD.
#[derive(Debug, Clone, PartialEq)]
pub struct CancellationReason {
    pub code: &'static str,
    pub message: Option<String>,
    pub item: Option<Item>,
}

impl CancellationReason {
    pub fn none() -> CancellationReason {
        CancellationReason { code: "None", message: None, item: None }
    }

    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        if let Some(item) = &self.item {
            out.insert("Item".into(), item_to_json(item));
        }
        out.insert("Code".into(), json!(self.code));
        if let Some(m) = &self.message {
            out.insert("Message".into(), json!(m));
        }
        Value::Object(out)
    }
}

impl DynamoError {
    /// A ValidationException with DynamoDB's text.
    pub fn validation(message: impl Into<String>) -> DynamoError {
        DynamoError::Validation(message.into())
    }

    /// ValidationException with the "One or more parameter values were
    /// invalid: " prefix DynamoDB puts before most parameter errors.
    pub fn invalid_parameter(detail: impl std::fmt::Display) -> DynamoError {
        DynamoError::Validation(format!("One or more parameter values were invalid: {detail}"))
    }

    /// DynamoDB's "1 validation error detected" constraint message, e.g.
    /// `Value null at 'tableName' failed to satisfy constraint: Member must not be null`.
    pub fn constraint(value: &str, member: &str, constraint: &str) -> DynamoError {
        DynamoError::Validation(format!(
            "1 validation error detected: Value {value} at '{member}' failed to satisfy constraint: {constraint}"
        ))
    }

    /// The "Member must not be null" error for a missing required member.
    pub fn missing(member: &str) -> DynamoError {
        DynamoError::constraint("null", member, "Member must not be null")
    }

    /// ResourceNotFoundException for a data-plane request on a missing table.
    pub fn table_not_found() -> DynamoError {
        DynamoError::ResourceNotFound("Requested resource not found".to_string())
    }

    /// ResourceNotFoundException as control-plane operations word it.
    pub fn table_not_found_named(table: &str) -> DynamoError {
        DynamoError::ResourceNotFound(format!(
            "Requested resource not found: Table: {table} not found"
        ))
    }

    /// The exception's short name, e.g. `ValidationException`.
    pub fn name(&self) -> &'static str {
        match self {
            DynamoError::Validation(_) => "ValidationException",
            DynamoError::Serialization(_) => "SerializationException",
            DynamoError::UnknownOperation(_) => "UnknownOperationException",
            DynamoError::ConditionalCheckFailed { .. } => "ConditionalCheckFailedException",
            DynamoError::ResourceNotFound(_) => "ResourceNotFoundException",
            DynamoError::ResourceInUse(_) => "ResourceInUseException",
            DynamoError::ItemCollectionSizeLimitExceeded(_) => {
                "ItemCollectionSizeLimitExceededException"
            }
            DynamoError::LimitExceeded(_) => "LimitExceededException",
            DynamoError::ProvisionedThroughputExceeded(_) => {
                "ProvisionedThroughputExceededException"
            }
            DynamoError::InternalServerError(_) => "InternalServerError",
            DynamoError::TransactionCanceled { .. } => "TransactionCanceledException",
            DynamoError::IdempotentParameterMismatch(_) => "IdempotentParameterMismatchException",
            DynamoError::TableAlreadyExists(_) => "TableAlreadyExistsException",
            DynamoError::TableNotFound(_) => "TableNotFoundException",
            DynamoError::BackupNotFound(_) => "BackupNotFoundException",
            DynamoError::PointInTimeRecoveryUnavailable(_) => {
                "PointInTimeRecoveryUnavailableException"
            }
            DynamoError::InvalidRestoreTime(_) => "InvalidRestoreTimeException",
        }
    }

    /// The `__type` DynamoDB sends: namespace, `#`, name.
    pub fn type_name(&self) -> String {
        let namespace = match self {
            DynamoError::Validation(_) => "com.amazon.coral.validate",
            DynamoError::Serialization(_) | DynamoError::UnknownOperation(_) => {
                "com.amazon.coral.service"
            }
            _ => "com.amazonaws.dynamodb.v20120810",
        };
        format!("{namespace}#{}", self.name())
    }

    /// The human message DynamoDB sends.
    pub fn message(&self) -> &str {
        match self {
            DynamoError::Validation(m)
            | DynamoError::Serialization(m)
            | DynamoError::UnknownOperation(m)
            | DynamoError::ResourceNotFound(m)
            | DynamoError::ResourceInUse(m)
            | DynamoError::ItemCollectionSizeLimitExceeded(m)
            | DynamoError::LimitExceeded(m)
            | DynamoError::ProvisionedThroughputExceeded(m)
            | DynamoError::InternalServerError(m)
            | DynamoError::IdempotentParameterMismatch(m)
            | DynamoError::TableAlreadyExists(m)
            | DynamoError::TableNotFound(m)
            | DynamoError::BackupNotFound(m)
            | DynamoError::PointInTimeRecoveryUnavailable(m)
            | DynamoError::InvalidRestoreTime(m) => m,
            DynamoError::TransactionCanceled { message, .. } => message,
            DynamoError::ConditionalCheckFailed { message, .. } => message,
        }
    }

    /// DynamoDB's JSON error body (HTTP 400; 500 for InternalServerError).
    pub fn to_json(&self) -> Value {
        let mut body = Map::new();
        body.insert("__type".into(), json!(self.type_name()));
        body.insert("message".into(), json!(self.message()));
        if let DynamoError::ConditionalCheckFailed { item: Some(item), .. } = self {
            body.insert("Item".into(), item_to_json(item));
        }
        if let DynamoError::TransactionCanceled { reasons, .. } = self {
            let list = reasons.iter().map(CancellationReason::to_json).collect();
            body.insert("CancellationReasons".into(), Value::Array(list));
        }
        Value::Object(body)
    }

    /// HTTP status DynamoDB uses for this error.
    pub fn http_status(&self) -> u16 {
        match self {
            DynamoError::InternalServerError(_) => 500,
            _ => 400,
        }
    }
}

impl From<ExprError> for DynamoError {
    /// Every expression error is a ValidationException with DynamoDB's text.
    fn from(e: ExprError) -> DynamoError {
        DynamoError::Validation(e.message())
    }
}

impl From<ValueError> for DynamoError {
    fn from(e: ValueError) -> DynamoError {
        if e.is_serialization() {
            DynamoError::Serialization(e.message())
        } else {
            DynamoError::Validation(e.message())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::AttributeValue;

    #[test]
    fn validation_exception_uses_coral_validate_namespace() {
        let e = DynamoError::validation("bad");
        assert_eq!(
            e.to_json(),
            json!({"__type": "com.amazon.coral.validate#ValidationException", "message": "bad"})
        );
        assert_eq!(e.http_status(), 400);
    }

    #[test]
    fn dynamodb_exceptions_use_the_api_namespace() {
        let e = DynamoError::table_not_found_named("Music");
        assert_eq!(
            e.to_json(),
            json!({"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                   "message": "Requested resource not found: Table: Music not found"})
        );
        assert_eq!(
            DynamoError::ResourceInUse("x".into()).type_name(),
            "com.amazonaws.dynamodb.v20120810#ResourceInUseException"
        );
    }

    // API Reference, PutItem: "ReturnValuesOnConditionCheckFailure ... ALL_OLD
    // ... the item attributes as they appeared before they were updated".
    #[test]
    fn conditional_failure_carries_the_item_when_asked() {
        let item: Item = [("id", AttributeValue::s("1"))].into_iter().collect();
        let e = DynamoError::ConditionalCheckFailed {
            message: "The conditional request failed".into(),
            item: Some(item),
            consumed: None,
        };
        assert_eq!(
            e.to_json(),
            json!({"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                   "message": "The conditional request failed", "Item": {"id": {"S": "1"}}})
        );
    }

    #[test]
    fn value_errors_map_to_validation_or_serialization() {
        let e = crate::value::value_from_json(&json!({"N": "x"}), "a").unwrap_err();
        assert_eq!(DynamoError::from(e).name(), "ValidationException");
        let e = crate::value::value_from_json(&json!({"S": 1}), "a").unwrap_err();
        assert_eq!(DynamoError::from(e).name(), "SerializationException");
    }

    #[test]
    fn constraint_messages_follow_dynamodb_wording() {
        assert_eq!(
            DynamoError::missing("tableName").message(),
            "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
        );
    }
}
