//! Read and write units: how many capacity units one read or write of a given
//! size consumes.
//!
//! Rules (DynamoDB Developer Guide, "Read/write operations"; "Item sizes and
//! formats"; facts sheet §0 and §2):
//! - **R1 read unit**: one strongly consistent read per second of an item up
//!   to 4 KB; larger items take `ceil(size / 4 KB)` units. Eventually
//!   consistent reads take half; transactional reads take double.
//! - **W1 write unit**: one write per second of an item up to 1 KB; larger
//!   items take `ceil(size / 1 KB)` units; transactional writes take double.
//! - **R0/W0 minimum**: a read or write of zero bytes (a missing item, a
//!   delete of nothing) still consumes one rounding unit.

use std::fmt;
use std::ops::{Add, AddAssign, Mul};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Bytes per read unit (4 KB).
pub const READ_UNIT_BYTES: u64 = 4096;
/// Bytes per write unit (1 KB).
pub const WRITE_UNIT_BYTES: u64 = 1024;

/// How a read is performed, which sets its unit multiplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ReadConsistency {
    /// Eventually consistent: half a unit per 4 KB. The default for reads.
    #[default]
    Eventual,
    /// Strongly consistent: one unit per 4 KB.
    Strong,
    /// Transactional (TransactGetItems): two units per 4 KB.
    Transactional,
}

impl ReadConsistency {
    /// Units per 4 KB block, in half units (eventual 1, strong 2, transactional 4).
    const fn half_units_per_block(self) -> u64 {
        match self {
            ReadConsistency::Eventual => 1,
            ReadConsistency::Strong => 2,
            ReadConsistency::Transactional => 4,
        }
    }

    /// The multiplier as a decimal (0.5, 1, 2).
    pub fn multiplier(self) -> Decimal {
        Decimal::from(self.half_units_per_block()) / Decimal::TWO
    }

    pub fn name(self) -> &'static str {
        match self {
            ReadConsistency::Eventual => "eventually consistent",
            ReadConsistency::Strong => "strongly consistent",
            ReadConsistency::Transactional => "transactional",
        }
    }
}

/// An exact number of capacity units. Every DynamoDB charge is a multiple of
/// half a unit (an eventually consistent read of up to 4 KB), so units are
/// held as a count of half units: exact, `Copy` and cheap on the engine's hot
/// path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CapacityUnits {
    halves: u64,
}

impl CapacityUnits {
    pub const ZERO: CapacityUnits = CapacityUnits { halves: 0 };

    pub const fn from_halves(halves: u64) -> Self {
        CapacityUnits { halves }
    }

    pub const fn whole(units: u64) -> Self {
        CapacityUnits { halves: units * 2 }
    }

    pub const fn halves(self) -> u64 {
        self.halves
    }

    pub fn to_decimal(self) -> Decimal {
        (Decimal::from(self.halves) / Decimal::TWO).normalize()
    }

    /// As DynamoDB's API reports it (a JSON double).
    pub fn as_f64(self) -> f64 {
        self.halves as f64 / 2.0
    }

    pub fn is_zero(self) -> bool {
        self.halves == 0
    }
}

impl fmt::Display for CapacityUnits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.halves.is_multiple_of(2) {
            write!(f, "{}", self.halves / 2)
        } else {
            write!(f, "{}.5", self.halves / 2)
        }
    }
}

impl Add for CapacityUnits {
    type Output = CapacityUnits;
    fn add(self, rhs: Self) -> Self {
        CapacityUnits { halves: self.halves + rhs.halves }
    }
}

impl AddAssign for CapacityUnits {
    fn add_assign(&mut self, rhs: Self) {
        self.halves += rhs.halves;
    }
}

impl Mul<u64> for CapacityUnits {
    type Output = CapacityUnits;
    fn mul(self, rhs: u64) -> Self {
        CapacityUnits { halves: self.halves * rhs }
    }
}

impl std::iter::Sum for CapacityUnits {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(CapacityUnits::ZERO, Add::add)
    }
}

/// Number of 4 KB blocks a read of `bytes` spans (rule R1, minimum one: R0).
pub const fn read_blocks(bytes: u64) -> u64 {
    if bytes == 0 { 1 } else { bytes.div_ceil(READ_UNIT_BYTES) }
}

/// Number of 1 KB blocks a write of `bytes` spans (rule W1, minimum one: W0).
pub const fn write_blocks(bytes: u64) -> u64 {
    if bytes == 0 { 1 } else { bytes.div_ceil(WRITE_UNIT_BYTES) }
}

/// Read units for one read of `bytes` (rules R0, R1).
///
/// This is the one implementation of the read rule: `estimate`, `calc`, the
/// engine's ConsumedCapacity and the simulator all call it.
pub const fn read_units(bytes: u64, consistency: ReadConsistency) -> CapacityUnits {
    CapacityUnits::from_halves(read_blocks(bytes) * consistency.half_units_per_block())
}

/// Write units for one write of `bytes` (rules W0, W1); `transactional`
/// doubles it (TransactWriteItems: prepare + commit).
pub const fn write_units(bytes: u64, transactional: bool) -> CapacityUnits {
    CapacityUnits::whole(write_blocks(bytes) * if transactional { 2 } else { 1 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReadConsistency::*;

    // Developer Guide, read-write-operations: "a strongly consistent read of an
    // item up to 4 KB consumes one read capacity unit".
    #[test]
    fn r1_strong_read_of_up_to_4kb_is_one_unit() {
        assert_eq!(read_units(1, Strong), CapacityUnits::whole(1));
        assert_eq!(read_units(4096, Strong), CapacityUnits::whole(1));
    }

    // "an 8 KB item requires 2 RCUs for a strongly consistent read"; a 4,097 B
    // item rounds up to the next 4 KB.
    #[test]
    fn r1_strong_read_rounds_up_per_4kb() {
        assert_eq!(read_units(4097, Strong), CapacityUnits::whole(2));
        assert_eq!(read_units(8192, Strong), CapacityUnits::whole(2));
        assert_eq!(read_units(6 * 1024, Strong), CapacityUnits::whole(2));
    }

    // "eventually consistent reads consume half"; "transactional ... double".
    #[test]
    fn r1_eventual_is_half_and_transactional_is_double() {
        assert_eq!(read_units(8192, Eventual).to_string(), "1");
        assert_eq!(read_units(4096, Eventual).to_string(), "0.5");
        assert_eq!(read_units(4096, Transactional), CapacityUnits::whole(2));
        assert_eq!(read_units(12 * 1024, Transactional), CapacityUnits::whole(6));
    }

    // GetItem of a missing item still consumes the minimum (facts §2.1).
    #[test]
    fn r0_missing_item_read_costs_the_minimum() {
        assert_eq!(read_units(0, Strong), CapacityUnits::whole(1));
        assert_eq!(read_units(0, Eventual).to_string(), "0.5");
    }

    // "a write of an item up to 1 KB consumes one WCU"; 1.5 KB -> 2 WCU.
    #[test]
    fn w1_write_rounds_up_per_1kb() {
        assert_eq!(write_units(500, false), CapacityUnits::whole(1));
        assert_eq!(write_units(1024, false), CapacityUnits::whole(1));
        assert_eq!(write_units(1025, false), CapacityUnits::whole(2));
        assert_eq!(write_units(1536, false), CapacityUnits::whole(2));
        assert_eq!(write_units(3584, false), CapacityUnits::whole(4));
    }

    #[test]
    fn w1_transactional_write_is_double() {
        assert_eq!(write_units(1024, true), CapacityUnits::whole(2));
        assert_eq!(write_units(2500, true), CapacityUnits::whole(6));
    }

    #[test]
    fn w0_zero_byte_write_costs_one_unit() {
        assert_eq!(write_units(0, false), CapacityUnits::whole(1));
    }

    #[test]
    fn units_display_halves() {
        assert_eq!(CapacityUnits::from_halves(3).to_string(), "1.5");
        assert_eq!(CapacityUnits::from_halves(3).to_decimal().to_string(), "1.5");
    }
}
