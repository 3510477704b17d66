//! `calc cost provisioned | on-demand | storage`: a month (or any number of
//! hours) of one kind of DynamoDB charge.
//!
//! Rules C1 (on-demand), C2 (provisioned) and C4 (storage) from
//! `pricing::cost`; this file only feeds them quantities.

use rust_decimal::Decimal;

use crate::capacity::Working;
use crate::pricing::cost::{
    on_demand_reads, on_demand_writes, provisioned_reads, provisioned_writes, storage,
};
use crate::pricing::{PriceList, TableClass};
use crate::units::{Size, Usd};

/// The month AWS's pricing calculator uses (facts §0).
pub const MONTH_HOURS: u32 = 730;

/// Provisioned capacity held for `hours`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionedCost {
    pub region: String,
    pub table_class: TableClass,
    pub rcu: u64,
    pub wcu: u64,
    pub hours: Decimal,
    pub read: Usd,
    pub write: Usd,
    pub total: Usd,
    pub working: Working,
}

/// Rule C2: unit-hours x price per unit-hour, reads and writes.
pub fn provisioned_cost(
    list: &PriceList,
    class: TableClass,
    rcu: u64,
    wcu: u64,
    hours: Decimal,
) -> ProvisionedCost {
    let p = list.table_class(class);
    let mut w = Working::new();
    let read = provisioned_reads(p, Decimal::from(rcu) * hours, &mut w);
    let write = provisioned_writes(p, Decimal::from(wcu) * hours, &mut w);
    let total = read + write;
    w.push("C2 provisioned", format!("{read} + {write} = {total}"));
    ProvisionedCost {
        region: list.region.clone(),
        table_class: class,
        rcu,
        wcu,
        hours,
        read,
        write,
        total,
        working: w,
    }
}

/// On-demand request units.
#[derive(Debug, Clone, PartialEq)]
pub struct OnDemandCost {
    pub region: String,
    pub table_class: TableClass,
    pub read_request_units: u64,
    pub write_request_units: u64,
    pub read: Usd,
    pub write: Usd,
    pub total: Usd,
    pub working: Working,
}

/// Rule C1: request units / 1M x price per million.
pub fn on_demand_cost(
    list: &PriceList,
    class: TableClass,
    read_request_units: u64,
    write_request_units: u64,
) -> OnDemandCost {
    let p = list.table_class(class);
    let mut w = Working::new();
    let read = on_demand_reads(p, Decimal::from(read_request_units), &mut w);
    let write = on_demand_writes(p, Decimal::from(write_request_units), &mut w);
    let total = read + write;
    w.push("C1 on-demand", format!("{read} + {write} = {total}"));
    OnDemandCost {
        region: list.region.clone(),
        table_class: class,
        read_request_units,
        write_request_units,
        read,
        write,
        total,
        working: w,
    }
}

/// A month of storage.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageCost {
    pub region: String,
    pub table_class: TableClass,
    pub bytes: u64,
    pub gb: Decimal,
    pub monthly: Usd,
    pub working: Working,
}

/// Rule C4: GB-months x price per GB-month (1 GB = 2^30 bytes, rule ST4).
/// The free tier is not subtracted: this is the rate card, not a bill.
pub fn storage_cost(list: &PriceList, class: TableClass, size: Size) -> StorageCost {
    let mut w = Working::new();
    let gb = size.gb();
    w.push("ST4 GB", format!("{} B / 2^30 = {} GB", size.bytes(), gb.round_dp(6).normalize()));
    let monthly = storage(list.table_class(class), gb, "table", &mut w);
    StorageCost {
        region: list.region.clone(),
        table_class: class,
        bytes: size.bytes(),
        gb,
        monthly,
        working: w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> PriceList {
        PriceList::builtin("us-east-1").unwrap()
    }

    // infracost golden (facts §4.2, S20): 30 RCU = $2.85, 20 WCU = $9.49 per 730 h.
    #[test]
    fn c2_provisioned_month_matches_infracost() {
        let c = provisioned_cost(&list(), TableClass::Standard, 30, 20, Decimal::from(MONTH_HOURS));
        assert_eq!(c.read.to_decimal_string(), "2.85");
        assert_eq!(c.write.to_decimal_string(), "9.49");
        assert_eq!(c.total.to_decimal_string(), "12.34");
    }

    // infracost golden (S20): 8M RRU = $1.00, 3M WRU = $1.88.
    #[test]
    fn c1_on_demand_matches_infracost() {
        let c = on_demand_cost(&list(), TableClass::Standard, 8_000_000, 3_000_000);
        assert_eq!(c.read.to_decimal_string(), "1.00");
        assert_eq!(c.write.to_decimal_string(), "1.88");
        assert_eq!(c.total.to_decimal_string(), "2.88");
    }

    // Facts §4.2/§4.3: $0.25/GB-month Standard, $0.10 Standard-IA.
    #[test]
    fn c4_storage_by_table_class() {
        let size: Size = "100GB".parse().unwrap();
        assert_eq!(
            storage_cost(&list(), TableClass::Standard, size).monthly.to_decimal_string(),
            "25.00"
        );
        assert_eq!(
            storage_cost(&list(), TableClass::StandardIa, size).monthly.to_decimal_string(),
            "10.00"
        );
    }
}
