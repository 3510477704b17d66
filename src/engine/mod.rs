//! The DynamoDB item store: tables and indexes, expressions, operations,
//! transactions, streams, TTL and consumed-capacity accounting.
//!
//! It speaks DynamoDB's own JSON shapes and error names, and knows nothing of
//! cost or simulation. Depends on `units`, `value` and `capacity` only.

pub mod expr;
