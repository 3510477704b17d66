//! `simulate`: a deterministic discrete-event simulation of a workload's
//! traffic against the engine, behind a model of DynamoDB's partitions and
//! admission control.
//!
//! Depends on `workload`, `engine`, `capacity`, `pricing` and `units`.
//! Nothing here reads the wall clock or the thread RNG, and nothing prints.

pub mod arrivals;
pub mod autoscaling;
mod batches;
pub mod client;
mod execute;
pub mod hash;
pub mod holder;
pub mod item_sizing;
pub mod items;
pub mod key_stats;
pub mod keys;
pub mod metrics;
#[cfg(test)]
mod model_tests;
pub mod on_demand;
pub mod partition;
pub mod phases;
mod query;
pub mod queue;
mod reserve;
pub mod result;
pub mod rng;
pub mod run;
pub mod setup;
mod simulate;
pub mod time;
pub mod token_bucket;
pub mod touched;

pub use result::{HotKey, HotPartition, SimResult, Summary, TableRun};
pub use run::{NoProgress, Progress};
pub use setup::SimMode;
pub use simulate::{HOT_LIST_LEN, SimError, SimOptions, simulate};
