//! Exam-style calculations as data: each file takes the inputs of one
//! `ddbplan calc` subcommand and returns a result struct with the answer and
//! its recorded [`Working`](crate::capacity::Working).
//!
//! Nothing here implements a capacity or pricing rule: every number comes
//! from `capacity` (R1/W1, T1/T2, I1-I6, P1-P3, S1-S9) or `pricing::cost`
//! (C1, C2, C4, C7). This module only chooses which rules to apply, in
//! which order, and records the working. `practice` builds its questions on
//! top of these functions. Depends on `capacity`, `pricing`, `units`, `value`.

pub mod break_even;
pub mod cost;
mod error;
pub mod gsi;
pub mod item_size;
pub mod partitions;
mod result;
pub mod throughput;

pub use break_even::{BreakEven, break_even};
pub use cost::{
    OnDemandCost, ProvisionedCost, StorageCost, on_demand_cost, provisioned_cost, storage_cost,
};
pub use error::CalcError;
pub use gsi::{GsiInput, GsiWrites, Projection, gsi_writes};
pub use item_size::{AttributeSize, ItemSize, item_size, item_size_of_json};
pub use partitions::{Partitions, partitions};
pub use result::Calculation;
pub use throughput::{Rcu, Wcu, rcu, wcu};
