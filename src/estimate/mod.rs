//! `estimate`: composes a workload, the capacity rules and a price list into
//! an [`Estimate`]: item sizes, units per operation, index write
//! amplification, partitions, and the monthly cost of every billing option
//! and table class, with a recommendation and the working behind each number.
//!
//! The steps for each table, in order:
//! 1. [`sizing`]: item and index entry sizes (`Sizing::resolve`);
//! 2. [`traffic`]: the 24-hour profile of multipliers;
//! 3. [`demand`]: units per call and per second for every operation;
//! 4. [`provision`]: fixed, auto scaled and reserved capacity, partitions;
//! 5. [`costing`]: cost lines per option, for both table classes;
//! 6. [`recommend`]: the cheapest option and the reasons.
//!
//! Depends on `workload`, `capacity`, `pricing`, `value` and `units`. Never prints.

pub mod costing;
pub mod demand;
pub mod model;
pub mod provision;
pub mod recommend;
mod run;
pub mod sizing;
pub mod traffic;

pub use model::*;
pub use run::{PriceLists, estimate};
