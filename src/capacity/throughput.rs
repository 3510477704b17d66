//! Throughput: the capacity a steady rate of identical operations needs, and
//! the whole units to provision for it.
//!
//! Rules (Developer Guide, "Read/write capacity mode", provisioned mode:
//! "one read capacity unit represents one strongly consistent read per
//! second ... for an item up to 4 KB"; study guide "Capacity Calculation
//! Examples"; facts §0):
//! - **T1 rate**: units per second = units per operation (rules R1/W1) x
//!   operations per second. Kept exact, in half units.
//! - **T2 provision**: provisioned capacity is a whole number of units, so
//!   the units per second are rounded up (10 eventually consistent reads/s
//!   of 3 KB = 5 RCU; 3 of them = 1.5, provision 2).
//!
//! Pure and I/O-free like the rest of `capacity`; used by `calc` and
//! `practice`.

use rust_decimal::Decimal;

use super::partitions::decimal_ceil_u64;
use super::units::CapacityUnits;
use super::working::Working;

/// Units per second for `per_second` operations of `per_op` units each
/// (rule T1). Exact: a decimal holds any u64 rate times any item's units.
pub fn units_per_second(
    per_op: CapacityUnits,
    per_second: u64,
    unit: &str,
    w: &mut Working,
) -> Decimal {
    let total = (per_op.to_decimal() * Decimal::from(per_second)).normalize();
    w.push("T1 rate", format!("{per_op} {unit} per operation x {per_second}/s = {total} {unit}/s"));
    total
}

/// Whole units to provision for `units` per second (rule T2: round up).
/// Takes a decimal because index writes per table write may be fractional
/// (a share of key changes, rule I2).
pub fn provisioned_units(units: Decimal, unit: &str, w: &mut Working) -> u64 {
    let units = units.normalize();
    let whole = decimal_ceil_u64(units);
    if units.fract().is_zero() {
        w.push("T2 provision", format!("{units} {unit}/s is whole: provision {whole} {unit}"));
    } else {
        w.push(
            "T2 provision",
            format!("ceil({units}) = {whole} {unit} (capacity is provisioned in whole units)"),
        );
    }
    whole
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::units::{ReadConsistency, read_units, write_units};

    fn rcu(bytes: u64, c: ReadConsistency, rate: u64) -> u64 {
        let w = &mut Working::new();
        let per_second = units_per_second(read_units(bytes, c), rate, "RCU", w);
        provisioned_units(per_second, "RCU", w)
    }

    // Study guide "Capacity Calculation Examples": 6 KB, 10 strongly
    // consistent reads/s = 2 x 10 = 20 RCU; eventually consistent = 10 RCU.
    #[test]
    fn t1_study_guide_read_example() {
        assert_eq!(rcu(6 * 1024, ReadConsistency::Strong, 10), 20);
        assert_eq!(rcu(6 * 1024, ReadConsistency::Eventual, 10), 10);
    }

    // Study guide: 3 KB, 15 writes/s = 3 x 15 = 45 WCU.
    #[test]
    fn t1_study_guide_write_example() {
        let w = &mut Working::new();
        let per_second = units_per_second(write_units(3 * 1024, false), 15, "WCU", w);
        assert_eq!(provisioned_units(per_second, "WCU", w), 45);
        assert_eq!(w.steps().len(), 2);
    }

    // T2: 3 eventually consistent reads/s of up to 4 KB = 1.5 RCU -> 2.
    #[test]
    fn t2_half_units_round_up_to_whole_capacity() {
        assert_eq!(rcu(4096, ReadConsistency::Eventual, 3), 2);
        assert_eq!(rcu(4096, ReadConsistency::Eventual, 1), 1);
        assert_eq!(rcu(4096, ReadConsistency::Eventual, 0), 0);
    }

    // T1 never overflows: the largest item at the largest rate.
    #[test]
    fn t1_is_exact_for_any_rate() {
        let w = &mut Working::new();
        let units = units_per_second(write_units(409_600, true), u64::MAX, "WCU", w);
        assert_eq!(units, Decimal::from(u64::MAX) * Decimal::from(800));
    }

    // T2 on a fractional index load: 100 writes/s x 1.1 index writes = 110.
    #[test]
    fn t2_rounds_fractional_decimals_up() {
        use rust_decimal_macros::dec;
        assert_eq!(provisioned_units(dec!(109.01), "WCU", &mut Working::new()), 110);
        assert_eq!(provisioned_units(dec!(110.0), "WCU", &mut Working::new()), 110);
    }

    #[test]
    fn t2_working_names_the_rounding() {
        let w = &mut Working::new();
        provisioned_units(CapacityUnits::from_halves(3).to_decimal(), "RCU", w);
        assert_eq!(
            w.steps()[0].formula,
            "ceil(1.5) = 2 RCU (capacity is provisioned in whole units)"
        );
    }
}
