//! Tables: schema and key rules, the control-plane definition, ordered item
//! storage, secondary-index maintenance and the TableDescription shape.
//!
//! - `schema`: key attributes, primary keys, projections.
//! - `definition`: [`TableDef`] and its parts (billing, throughput, indexes).
//! - `create`: CreateTable's parsing and validation.
//! - `members`: request members CreateTable and UpdateTable share.
//! - `store`: [`Store`], items (packed) ordered as DynamoDB orders them.
//! - `index`: index entries and the index write rules.
//! - `state`: [`Table`], a live table, and the one write path.
//! - `history`: [`PitrLog`], point-in-time recovery's change history.
//! - `stream_log`: [`StreamLog`], a table's stream records.
//! - `describe`: TableDescription JSON.

pub mod create;
pub mod definition;
pub mod describe;
pub mod history;
pub mod index;
pub mod large_partitions;
pub mod members;
pub mod schema;
pub mod slots;
pub mod state;
pub mod store;
pub mod stream_log;

pub use definition::{BillingMode, IndexDef, IndexKind, IndexStatus, TableDef, TableStatus};
pub use history::PitrLog;
pub use schema::{KeySchema, PrimaryKey, Projection, ScalarType};
pub use state::{ItemCollectionMetrics, Table};
pub use store::{OldItem, Store, StoreKey, Stored};
pub use stream_log::{StreamLog, StreamRecord};
