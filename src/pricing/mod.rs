//! Price lists and the cost model. Money is `rust_decimal` only.
//!
//! - `table_class`: [`TableClass`], the two DynamoDB table classes.
//! - `price`: one sourced figure ([`Price`], [`Allowance`]) with its source
//!   URL and effective date.
//! - `price_list`: the `pricing/<region>.yaml` schema ([`PriceList`]), the
//!   built-in lists and `--pricing FILE` overrides.
//! - `cost`: the cost model, quantities times prices with their working.
//! - `error`: [`PricingError`].
//!
//! Depends on `units`, `capacity` and `yaml`.

pub mod cost;
mod error;
mod price;
pub mod price_list;
mod table_class;

#[cfg(test)]
mod builtin_figures;

pub use error::PricingError;
pub use price::{Allowance, EffectiveDate, Price, SourceUrl};
pub use price_list::{
    Backups, Currency, FreeTier, PRICE_LIST_VERSION, PriceList, Reserved, ReservedTerm, Streams,
    TableClassPrices, TableClasses,
};
pub use table_class::TableClass;
