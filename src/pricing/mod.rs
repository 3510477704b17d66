//! Price lists and the cost model. Money is `rust_decimal` only.
//!
//! Depends on `units` and `capacity`.
