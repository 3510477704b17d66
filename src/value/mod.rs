//! DynamoDB attribute values: every AttributeValue type, exact DynamoDB
//! numbers, and DynamoDB JSON (`{"S": "..."}`) in and out.
//!
//! A leaf beside `units`: `capacity` sizes these values and `engine` stores
//! them, so the type lives below both.
//!
//! - `attribute`: [`AttributeValue`], [`AttributeMap`] (= [`Item`]).
//! - `number` / `number_arith`: [`Number`], exact to 38 digits.
//! - `json`: DynamoDB JSON parsing (validated, with paths) and output.
//! - `key`: [`KeyValue`], the order of key attributes.
//! - `error`: [`ValueError`], [`NumberError`] with DynamoDB's messages.
//! - `packed`: [`PackedItem`], the compact one-allocation form the engine
//!   stores items in.
//! - `arbitrary` (tests only): proptest strategies for values and items.

#[cfg(test)]
pub(crate) mod arbitrary;
mod attribute;
mod error;
mod json;
mod key;
mod number;
mod number_arith;
mod packed;

pub use attribute::{AttributeMap, AttributeValue, Item, Iter};
pub use error::{NumberError, ValueError, ValueErrorKind};
pub use json::{
    MAX_NESTING_DEPTH, item_from_json, item_from_json_str, item_to_json, value_from_json,
    value_to_json,
};
pub use key::{KeyValue, compare_scalars};
pub use number::{MAX_LEADING_EXPONENT, MAX_SIGNIFICANT_DIGITS, MIN_LEADING_EXPONENT, Number};
pub use packed::{MIN_RUN, PackedItem};
