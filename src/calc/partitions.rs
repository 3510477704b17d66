//! `calc partitions`: partitions by throughput and by size (rules P1-P3,
//! `capacity::partitions`), the exam's additive formula.

use rust_decimal::Decimal;

use crate::capacity::partitions::partitions as count_partitions;
use crate::capacity::{PartitionBound, Working};

/// A partition count with its working.
#[derive(Debug, Clone, PartialEq)]
pub struct Partitions {
    pub rcu: u64,
    pub wcu: u64,
    pub bytes: u64,
    pub partitions: u64,
    pub by_throughput: u64,
    pub by_size: u64,
    pub bound: PartitionBound,
    pub working: Working,
}

/// Rules P1-P3.
pub fn partitions(rcu: u64, wcu: u64, bytes: u64) -> Partitions {
    let mut w = Working::new();
    let c = count_partitions(Decimal::from(rcu), Decimal::from(wcu), bytes, &mut w);
    Partitions {
        rcu,
        wcu,
        bytes,
        partitions: c.partitions,
        by_throughput: c.by_throughput,
        by_size: c.by_size,
        bound: c.bound,
        working: w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GB: u64 = 1024 * 1024 * 1024;

    // Facts §3.2 exam formula: 7,500 RCU + 3,000 WCU -> 2.5 + 3 = 5.5 -> 6.
    #[test]
    fn p1_additive_throughput_formula() {
        let p = partitions(7500, 3000, GB);
        assert_eq!((p.partitions, p.by_throughput, p.by_size), (6, 6, 1));
        assert_eq!(p.working.steps().len(), 3);
    }

    // P2/P3: 1,000 RCU, 500 WCU, 50 GB -> size binds at 5.
    #[test]
    fn p2_size_binds() {
        let p = partitions(1000, 500, 50 * GB);
        assert_eq!((p.partitions, p.bound), (5, PartitionBound::Size));
    }
}
