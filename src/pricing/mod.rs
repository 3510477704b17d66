//! Price lists and the cost model. Money is `rust_decimal` only.
//!
//! Depends on `units` and `capacity`.

mod table_class;

pub use table_class::TableClass;
