//! DynamoDB's capacity rules as pure functions: item sizes, read and write
//! units, per-operation consumption, secondary-index write amplification,
//! billable storage and partition counts.
//!
//! No I/O and no money here. Depends on `units` and `value` only. Every rule
//! is implemented once, in this module, and used by `estimate`, `calc`, the
//! engine's ConsumedCapacity and the simulator alike. Each rule has a short
//! name (R1, W1, O2, I2, P1...) used in test names, in `--explain` output and
//! in `docs/capacity-model.md`.

pub mod indexes;
pub mod item_size;
pub mod operations;
pub mod partitions;
pub mod storage;
pub mod throughput;
pub mod units;
pub mod working;

pub use partitions::{PartitionBound, PartitionCount};
pub use units::{
    CapacityUnits, READ_UNIT_BYTES, ReadConsistency, WRITE_UNIT_BYTES, read_units, write_units,
};
pub use working::{Step, Working};
