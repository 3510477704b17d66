//! `calc rcu` and `calc wcu`: the capacity units to provision for a steady
//! rate of reads or writes of one item size.
//!
//! Rules R1/W1 (units per operation, `capacity::units`), then T1 (x rate)
//! and T2 (round up to whole units), `capacity::throughput`.

use rust_decimal::Decimal;

use crate::capacity::throughput::{provisioned_units, units_per_second};
use crate::capacity::units::{read_blocks, write_blocks};
use crate::capacity::{CapacityUnits, ReadConsistency, Working, read_units, write_units};

/// Read capacity for `reads_per_second` reads of `item_bytes`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rcu {
    pub item_bytes: u64,
    pub reads_per_second: u64,
    pub consistency: ReadConsistency,
    pub units_per_read: CapacityUnits,
    /// Exact units per second before rounding (rule T1).
    pub units_per_second: Decimal,
    /// Whole RCUs to provision (rounded up).
    pub rcu: u64,
    pub working: Working,
}

/// Write capacity for `writes_per_second` writes of `item_bytes`.
#[derive(Debug, Clone, PartialEq)]
pub struct Wcu {
    pub item_bytes: u64,
    pub writes_per_second: u64,
    pub transactional: bool,
    pub units_per_write: CapacityUnits,
    /// Whole WCUs to provision.
    pub wcu: u64,
    pub working: Working,
}

/// Rules R1, T1, T2.
pub fn rcu(item_bytes: u64, reads_per_second: u64, consistency: ReadConsistency) -> Rcu {
    let mut w = Working::new();
    let per_read = read_units(item_bytes, consistency);
    w.push(
        "R1 read unit",
        format!(
            "ceil({item_bytes} B / 4096 B) = {} x {} ({}) = {per_read} RCU per read",
            read_blocks(item_bytes),
            consistency.multiplier().normalize(),
            consistency.name()
        ),
    );
    let per_second = units_per_second(per_read, reads_per_second, "RCU", &mut w);
    let whole = provisioned_units(per_second, "RCU", &mut w);
    Rcu {
        item_bytes,
        reads_per_second,
        consistency,
        units_per_read: per_read,
        units_per_second: per_second,
        rcu: whole,
        working: w,
    }
}

/// Rules W1 (doubled for transactions), T1, T2.
pub fn wcu(item_bytes: u64, writes_per_second: u64, transactional: bool) -> Wcu {
    let mut w = Working::new();
    let per_write = write_units(item_bytes, transactional);
    let kind = if transactional { "x 2 (transactional: prepare + commit)" } else { "x 1" };
    w.push(
        "W1 write unit",
        format!(
            "ceil({item_bytes} B / 1024 B) = {} {kind} = {per_write} WCU per write",
            write_blocks(item_bytes)
        ),
    );
    let per_second = units_per_second(per_write, writes_per_second, "WCU", &mut w);
    let whole = provisioned_units(per_second, "WCU", &mut w);
    Wcu {
        item_bytes,
        writes_per_second,
        transactional,
        units_per_write: per_write,
        wcu: whole,
        working: w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReadConsistency::*;

    // Study guide "Capacity Calculation Examples", read capacity.
    #[test]
    fn r1_t1_six_kb_ten_reads() {
        let strong = rcu(6 * 1024, 10, Strong);
        assert_eq!((strong.rcu, strong.units_per_read), (20, CapacityUnits::whole(2)));
        assert_eq!(rcu(6 * 1024, 10, Eventual).rcu, 10);
        assert_eq!(rcu(6 * 1024, 10, Transactional).rcu, 40);
    }

    // T2: an odd number of eventually consistent reads rounds up.
    #[test]
    fn t2_half_units_are_provisioned_whole() {
        let r = rcu(4096, 5, Eventual);
        assert_eq!(r.units_per_second.to_string(), "2.5");
        assert_eq!(r.rcu, 3);
        assert_eq!(r.working.steps().len(), 3);
    }

    // Study guide: 3 KB x 15 writes/s = 45 WCU; transactional doubles it.
    #[test]
    fn w1_t1_three_kb_fifteen_writes() {
        assert_eq!(wcu(3 * 1024, 15, false).wcu, 45);
        let t = wcu(3 * 1024, 15, true);
        assert_eq!((t.wcu, t.units_per_write), (90, CapacityUnits::whole(6)));
        assert!(t.working.steps()[0].formula.contains("transactional"));
    }
}
