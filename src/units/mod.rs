//! Units of measure shared by every other module: sizes, counts, rates,
//! durations and money.
//!
//! This is a leaf module: it depends on nothing else in the crate. Every
//! parser here accepts the spellings users write in workload files and on the
//! command line (`2.5KB`, `6 KB`, `6144`, `50M`, `500/s`, `30m`) and rejects
//! everything else with a [`UnitError`] that says what was expected.

mod count;
mod duration;
mod error;
mod money;
mod rate;
mod size;

pub use count::Count;
pub use duration::SimDuration;
pub use error::UnitError;
pub use money::Usd;
pub use rate::{Period, Rate};
pub use size::Size;
