//! Partition counts: how many partitions a table (or GSI) needs for its
//! throughput and for its size, and which of the two binds.
//!
//! Rules:
//! - **P1 throughput**: a partition serves at most 3,000 read units and 1,000
//!   write units per second (Developer Guide, "burst and adaptive capacity";
//!   facts §3.1). Partitions by throughput = ceil(RCU / 3,000 + WCU / 1,000),
//!   the formula the Developer Guide gave until 2018 and exam answers still
//!   use (facts §3.2; open question Q2: today's limits are independent, so
//!   this additive count is an upper reading; see docs/capacity-model.md).
//! - **P2 size**: a partition holds about 10 GB. Partitions by size =
//!   ceil(size / 10 GB).
//! - **P3**: the table needs max(P1, P2), and at least one.

use rust_decimal::Decimal;
use serde::Serialize;

use super::working::Working;

/// Read units one partition serves per second.
pub const PARTITION_READ_UNITS: u64 = 3_000;
/// Write units one partition serves per second.
pub const PARTITION_WRITE_UNITS: u64 = 1_000;
/// Bytes one partition holds (10 GB).
pub const PARTITION_BYTES: u64 = 10 * 1024 * 1024 * 1024;

/// Which limit sets the partition count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionBound {
    Throughput,
    Size,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PartitionCount {
    pub partitions: u64,
    pub by_throughput: u64,
    pub by_size: u64,
    pub bound: PartitionBound,
}

/// Partitions needed for `rcu` read and `wcu` write units per second and
/// `bytes` of data (rules P1-P3).
pub fn partitions(rcu: Decimal, wcu: Decimal, bytes: u64, working: &mut Working) -> PartitionCount {
    let load =
        rcu / Decimal::from(PARTITION_READ_UNITS) + wcu / Decimal::from(PARTITION_WRITE_UNITS);
    let by_throughput = decimal_ceil_u64(load).max(1);
    let by_size = bytes.div_ceil(PARTITION_BYTES).max(1);
    let (partitions, bound) = if by_size > by_throughput {
        (by_size, PartitionBound::Size)
    } else {
        (by_throughput, PartitionBound::Throughput)
    };
    working.push(
        "P1 partitions by throughput",
        format!(
            "ceil({rcu} RCU / 3000 + {wcu} WCU / 1000) = {by_throughput}",
            rcu = rcu.normalize(),
            wcu = wcu.normalize()
        ),
    );
    working.push(
        "P2 partitions by size",
        format!("ceil({} / 10 GB) = {by_size}", crate::units::Size::from_bytes(bytes)),
    );
    working.push(
        "P3 partitions",
        format!(
            "max({by_throughput}, {by_size}) = {partitions} ({} binds)",
            match bound {
                PartitionBound::Throughput => "throughput",
                PartitionBound::Size => "size",
            }
        ),
    );
    PartitionCount { partitions, by_throughput, by_size, bound }
}

/// Rounds a non-negative decimal up to a whole number.
pub(crate) fn decimal_ceil_u64(d: Decimal) -> u64 {
    use rust_decimal::prelude::ToPrimitive;
    d.ceil().to_u64().unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn count(rcu: Decimal, wcu: Decimal, gb: u64) -> PartitionCount {
        partitions(rcu, wcu, gb * 1024 * 1024 * 1024, &mut Working::new())
    }

    // Exam-style example (facts §3.2): 7,500 RCU and 3,000 WCU ->
    // 7500/3000 + 3000/1000 = 5.5 -> 6 partitions by throughput.
    #[test]
    fn p1_throughput_partitions_add_read_and_write_shares() {
        let c = count(dec!(7500), dec!(3000), 1);
        assert_eq!(c.by_throughput, 6);
        assert_eq!(c.partitions, 6);
        assert_eq!(c.bound, PartitionBound::Throughput);
    }

    // 1,000 RCU, 500 WCU, 50 GB: throughput 1/3 + 1/2 -> 1; size 50/10 = 5.
    #[test]
    fn p2_size_binds_for_large_quiet_tables() {
        let c = count(dec!(1000), dec!(500), 50);
        assert_eq!(c.by_throughput, 1);
        assert_eq!(c.by_size, 5);
        assert_eq!(c.partitions, 5);
        assert_eq!(c.bound, PartitionBound::Size);
    }

    #[test]
    fn p3_an_empty_idle_table_has_one_partition() {
        let c = count(dec!(0), dec!(0), 0);
        assert_eq!(c.partitions, 1);
    }

    #[test]
    fn p2_just_over_10gb_needs_two() {
        let c = partitions(dec!(1), dec!(1), PARTITION_BYTES + 1, &mut Working::new());
        assert_eq!(c.by_size, 2);
    }
}
