//! DynamoDB's capacity rules as pure functions: item sizes, read and write
//! units, secondary-index write amplification and partition counts.
//!
//! No I/O and no money here. Depends on `units` and `value` only. Every rule
//! is implemented once, in this module, and used by `estimate`, `calc`, the
//! engine's ConsumedCapacity and the simulator alike.

pub mod item_size;
pub mod units;

pub use units::{
    CapacityUnits, READ_UNIT_BYTES, ReadConsistency, WRITE_UNIT_BYTES, read_units, write_units,
};
