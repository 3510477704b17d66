//! Glue between the operations and `engine::expr`: reading the expression
//! members of a request (ExpressionAttributeNames/Values), DynamoDB's rules
//! about when they may appear, and rejecting the legacy (pre-expression)
//! parameters this engine does not implement.
//!
//! Rules (API Reference, PutItem/UpdateItem/DeleteItem/GetItem):
//! ExpressionAttributeNames and ExpressionAttributeValues "can only be
//! specified when using expressions", must not be empty, and every
//! placeholder given must be used. Depends on `request`, `error`, `value`.

use std::collections::HashMap;

use crate::value::AttributeValue;

use super::expr::{ExprError, Resolver};

use super::error::DynamoError;
use super::request::Request;

/// Legacy parameters and the expression parameter that replaced each.
const LEGACY: [(&str, &str); 7] = [
    ("Expected", "ConditionExpression"),
    ("AttributesToGet", "ProjectionExpression"),
    ("AttributeUpdates", "UpdateExpression"),
    ("ConditionalOperator", "ConditionExpression"),
    ("KeyConditions", "KeyConditionExpression"),
    ("ScanFilter", "FilterExpression"),
    ("QueryFilter", "FilterExpression"),
];

/// ExpressionAttributeNames and ExpressionAttributeValues as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExpressionInput {
    pub names: Option<HashMap<String, String>>,
    pub values: Option<HashMap<String, AttributeValue>>,
}

impl ExpressionInput {
    /// Reads the two members; `expressions` are the operation's expression
    /// members that are present (e.g. `["ConditionExpression"]`).
    pub fn parse(
        req: &Request<'_>,
        expressions_present: bool,
    ) -> Result<ExpressionInput, DynamoError> {
        for (legacy, modern) in LEGACY {
            if req.has(legacy) {
                return Err(DynamoError::validation(format!(
                    "The legacy parameter {legacy} is not supported by this engine; use {modern}"
                )));
            }
        }
        let names: Option<HashMap<String, String>> =
            req.string_map("ExpressionAttributeNames")?.map(|n| n.into_iter().collect());
        let values: Option<HashMap<String, AttributeValue>> =
            req.value_map("ExpressionAttributeValues")?.map(|v| v.into_iter().collect());
        if !expressions_present {
            if values.is_some() {
                return Err(DynamoError::validation(
                    "ExpressionAttributeValues can only be specified when using expressions",
                ));
            }
            if names.is_some() {
                return Err(DynamoError::validation(
                    "ExpressionAttributeNames can only be specified when using expressions",
                ));
            }
        }
        if values.as_ref().is_some_and(HashMap::is_empty) {
            return Err(DynamoError::validation("ExpressionAttributeValues must not be empty"));
        }
        if names.as_ref().is_some_and(HashMap::is_empty) {
            return Err(DynamoError::validation("ExpressionAttributeNames must not be empty"));
        }
        Ok(ExpressionInput { names, values })
    }

    /// A resolver over these placeholders, for compiling the request's
    /// expressions (then call `finish` to reject unused placeholders).
    pub fn resolver(&self) -> Result<Resolver<'_>, ExprError> {
        Resolver::new(self.names.as_ref(), self.values.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(body: serde_json::Value, present: bool) -> Result<ExpressionInput, DynamoError> {
        ExpressionInput::parse(&Request::new(&body).unwrap(), present)
    }

    #[test]
    fn placeholders_without_expressions_are_rejected() {
        let e = parse(json!({"ExpressionAttributeValues": {":v": {"S": "x"}}}), false).unwrap_err();
        assert_eq!(
            e.message(),
            "ExpressionAttributeValues can only be specified when using expressions"
        );
        let e = parse(json!({"ExpressionAttributeNames": {"#n": "x"}}), false).unwrap_err();
        assert_eq!(
            e.message(),
            "ExpressionAttributeNames can only be specified when using expressions"
        );
    }

    #[test]
    fn empty_placeholder_maps_are_rejected() {
        assert_eq!(
            parse(json!({"ExpressionAttributeValues": {}}), true).unwrap_err().message(),
            "ExpressionAttributeValues must not be empty"
        );
        assert_eq!(
            parse(json!({"ExpressionAttributeNames": {}}), true).unwrap_err().message(),
            "ExpressionAttributeNames must not be empty"
        );
    }

    #[test]
    fn legacy_parameters_are_reported_as_unsupported() {
        let e = parse(json!({"Expected": {}}), false).unwrap_err();
        assert!(e.message().contains("use ConditionExpression"), "{e}");
        let ok = parse(json!({"ExpressionAttributeNames": {"#n": "a"}, "ExpressionAttributeValues": {":v": {"N": "1"}}}), true).unwrap();
        assert_eq!(ok.names.unwrap().len(), 1);
    }
}
