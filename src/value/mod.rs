//! DynamoDB attribute values: every AttributeValue type, exact DynamoDB
//! numbers, and DynamoDB JSON (`{"S": "..."}`) in and out.
//!
//! A leaf beside `units`: `capacity` sizes these values and `engine` stores
//! them, so the type lives below both.
