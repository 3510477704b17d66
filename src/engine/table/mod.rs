//! Tables: schema and key rules, the control-plane definition, ordered item
//! storage, secondary-index maintenance and the TableDescription shape.
//!
//! - `schema`: key attributes, primary keys, projections.
//! - `definition`: [`TableDef`] and its parts (billing, throughput, indexes).
//! - `create`: CreateTable's parsing and validation (shared with UpdateTable).
//! - `store`: [`Store`], items ordered as DynamoDB orders them.
//! - `index`: index entries and the index write rules.
//! - `state`: [`Table`], a live table, and the one write path.
//! - `describe`: TableDescription JSON.

pub mod create;
pub mod definition;
pub mod describe;
pub mod index;
pub mod schema;
pub mod state;
pub mod store;

pub use definition::{BillingMode, IndexDef, IndexKind, IndexStatus, TableDef, TableStatus};
pub use schema::{KeySchema, PrimaryKey, Projection, ScalarType};
pub use state::{ItemCollectionMetrics, Table};
pub use store::{Store, StoreKey, Stored};
