//! The cost model: quantities of DynamoDB usage times the prices of a
//! [`TableClassPrices`] or [`PriceList`], each a pure function that records
//! its working.
//!
//! Rules (DynamoDB pricing pages for on-demand and provisioned capacity;
//! facts §4):
//! - **C1 on-demand**: request units per month / 1,000,000 x price per million.
//! - **C2 provisioned**: capacity-unit-hours x price per unit-hour.
//! - **C3 reserved**: blocks of 100 units; upfront fee spread over the term's
//!   months plus an hourly fee per block; capacity above the reservation is
//!   billed at the provisioned rate.
//! - **C4 storage**: GB-months x price per GB-month (PITR and on-demand
//!   backups likewise, on the table's size).
//! - **C5 streams**: GetRecords calls / 100,000 x price per 100,000.
//! - **C6 replicated writes**: global-table replica writes at the replicated
//!   write prices of the replica's region.
//! - **C7 break-even**: on-demand is cheaper than provisioned below the
//!   average utilization u* = provisioned price per unit-hour /
//!   (3,600 x on-demand price per request unit).

use rust_decimal::Decimal;

use super::price_list::{PriceList, ReservedTerm, TableClassPrices};
use crate::capacity::Working;
use crate::units::Usd;

const MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
const HUNDRED_K: Decimal = Decimal::from_parts(100_000, 0, 0, false, 0);
const SECONDS_PER_HOUR: Decimal = Decimal::from_parts(3_600, 0, 0, false, 0);

/// Rounds a money amount for a working line (exact values are kept).
fn show(d: Decimal) -> String {
    Usd(d).to_string()
}

/// C1: on-demand reads and writes for a month.
pub fn on_demand_reads(p: &TableClassPrices, units: Decimal, w: &mut Working) -> Usd {
    let usd = units / MILLION * p.on_demand_read_per_million.usd;
    w.push(
        "C1 on-demand",
        format!(
            "{} read request units / 1M x ${} = {}",
            units.round_dp(0),
            p.on_demand_read_per_million.usd,
            show(usd)
        ),
    );
    Usd(usd)
}

pub fn on_demand_writes(p: &TableClassPrices, units: Decimal, w: &mut Working) -> Usd {
    let usd = units / MILLION * p.on_demand_write_per_million.usd;
    w.push(
        "C1 on-demand",
        format!(
            "{} write request units / 1M x ${} = {}",
            units.round_dp(0),
            p.on_demand_write_per_million.usd,
            show(usd)
        ),
    );
    Usd(usd)
}

/// C2: provisioned capacity for a month, from capacity-unit-hours.
pub fn provisioned_reads(p: &TableClassPrices, unit_hours: Decimal, w: &mut Working) -> Usd {
    let usd = unit_hours * p.provisioned_rcu_hour.usd;
    w.push(
        "C2 provisioned",
        format!(
            "{} RCU-hours x ${} = {}",
            unit_hours.round_dp(2).normalize(),
            p.provisioned_rcu_hour.usd,
            show(usd)
        ),
    );
    Usd(usd)
}

pub fn provisioned_writes(p: &TableClassPrices, unit_hours: Decimal, w: &mut Working) -> Usd {
    let usd = unit_hours * p.provisioned_wcu_hour.usd;
    w.push(
        "C2 provisioned",
        format!(
            "{} WCU-hours x ${} = {}",
            unit_hours.round_dp(2).normalize(),
            p.provisioned_wcu_hour.usd,
            show(usd)
        ),
    );
    Usd(usd)
}

/// Which reserved-capacity term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    OneYear,
    ThreeYear,
}

impl Term {
    pub fn months(self) -> Decimal {
        match self {
            Term::OneYear => Decimal::from(12),
            Term::ThreeYear => Decimal::from(36),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Term::OneYear => "1-year",
            Term::ThreeYear => "3-year",
        }
    }
}

/// Reserved capacity for reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capacity {
    Read,
    Write,
}

/// C3: a month of `blocks` x 100 reserved units: the upfront fee spread
/// over the term, plus the hourly fee for `hours`.
pub fn reserved(
    term: Term,
    prices: &ReservedTerm,
    which: Capacity,
    blocks: u64,
    hours: Decimal,
    w: &mut Working,
) -> Usd {
    let (upfront, hourly, unit) = match which {
        Capacity::Read => (&prices.rcu_upfront_per_100, &prices.rcu_hourly_per_100, "RCU"),
        Capacity::Write => (&prices.wcu_upfront_per_100, &prices.wcu_hourly_per_100, "WCU"),
    };
    let b = Decimal::from(blocks);
    let usd = b * (upfront.usd / term.months() + hourly.usd * hours);
    w.push(
        "C3 reserved",
        format!(
            "{blocks} x 100 {unit} {}: {blocks} x (${} / {} months + ${} x {} h) = {}",
            term.name(),
            upfront.usd,
            term.months(),
            hourly.usd,
            hours.normalize(),
            show(usd)
        ),
    );
    Usd(usd)
}

/// C4: storage of `gb` GB for a month.
pub fn storage(p: &TableClassPrices, gb: Decimal, what: &str, w: &mut Working) -> Usd {
    let usd = gb * p.storage_gb_month.usd;
    w.push(
        "C4 storage",
        format!(
            "{what}: {} GB x ${}/GB-month = {}",
            gb.round_dp(3).normalize(),
            p.storage_gb_month.usd,
            show(usd)
        ),
    );
    Usd(usd)
}

/// C4: point-in-time recovery on `gb` GB of table.
pub fn pitr(list: &PriceList, gb: Decimal, w: &mut Working) -> Usd {
    let usd = gb * list.backups.pitr_gb_month.usd;
    w.push(
        "C4 PITR",
        format!(
            "{} GB x ${}/GB-month = {}",
            gb.round_dp(3).normalize(),
            list.backups.pitr_gb_month.usd,
            show(usd)
        ),
    );
    Usd(usd)
}

/// C4: `retained` full on-demand backups of `gb` GB each.
pub fn backups(list: &PriceList, gb: Decimal, retained: u32, w: &mut Working) -> Usd {
    let usd = gb * Decimal::from(retained) * list.backups.on_demand_backup_gb_month.usd;
    w.push(
        "C4 backups",
        format!(
            "{retained} backups x {} GB x ${}/GB-month = {}",
            gb.round_dp(3).normalize(),
            list.backups.on_demand_backup_gb_month.usd,
            show(usd)
        ),
    );
    Usd(usd)
}

/// C5: `requests` stream GetRecords calls in a month.
pub fn stream_reads(list: &PriceList, requests: Decimal, w: &mut Working) -> Usd {
    let usd = requests / HUNDRED_K * list.streams.read_request_per_100k.usd;
    w.push(
        "C5 streams",
        format!(
            "{} GetRecords calls / 100k x ${} = {}",
            requests.round_dp(0),
            list.streams.read_request_per_100k.usd,
            show(usd)
        ),
    );
    Usd(usd)
}

/// C6: replicated writes in a replica region, on-demand.
pub fn replicated_on_demand(
    p: &TableClassPrices,
    units: Decimal,
    region: &str,
    w: &mut Working,
) -> Usd {
    let usd = units / MILLION * p.replicated_write_per_million.usd;
    w.push(
        "C6 replicated writes",
        format!(
            "{region}: {} rWRU / 1M x ${} = {}",
            units.round_dp(0),
            p.replicated_write_per_million.usd,
            show(usd)
        ),
    );
    Usd(usd)
}

/// C6: replicated write capacity in a replica region, provisioned.
pub fn replicated_provisioned(
    p: &TableClassPrices,
    unit_hours: Decimal,
    region: &str,
    w: &mut Working,
) -> Usd {
    let usd = unit_hours * p.replicated_wcu_hour.usd;
    w.push(
        "C6 replicated writes",
        format!(
            "{region}: {} rWCU-hours x ${} = {}",
            unit_hours.round_dp(2).normalize(),
            p.replicated_wcu_hour.usd,
            show(usd)
        ),
    );
    Usd(usd)
}

/// C7: the average utilization below which on-demand is cheaper than
/// provisioned capacity, for a mix of `read_units` and `write_units` per
/// second (any common scale). `None` when there is no traffic.
pub fn break_even_utilization(
    p: &TableClassPrices,
    read_units: Decimal,
    write_units: Decimal,
) -> Option<Decimal> {
    let provisioned_per_hour =
        read_units * p.provisioned_rcu_hour.usd + write_units * p.provisioned_wcu_hour.usd;
    let on_demand_per_hour = SECONDS_PER_HOUR
        * (read_units * p.on_demand_read_per_million.usd
            + write_units * p.on_demand_write_per_million.usd)
        / MILLION;
    if on_demand_per_hour.is_zero() {
        return None;
    }
    Some(provisioned_per_hour / on_demand_per_hour)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn us_east_1() -> PriceList {
        PriceList::builtin("us-east-1").unwrap()
    }

    fn std_prices() -> TableClassPrices {
        us_east_1().table_classes.standard
    }

    // Pricing page (on-demand, us-east-1, from 2024-11-01): $0.625 per million
    // write request units and $0.125 per million read request units.
    // infracost golden (facts S20): 3M WRU = $1.88, 8M RRU = $1.00.
    #[test]
    fn c1_on_demand_is_units_per_million_times_price() {
        let w = &mut Working::new();
        assert_eq!(on_demand_writes(&std_prices(), dec!(3000000), w).to_decimal_string(), "1.88");
        assert_eq!(on_demand_reads(&std_prices(), dec!(8000000), w).to_decimal_string(), "1.00");
    }

    // infracost golden (facts S20): 20 WCU x 730 h = $9.49; 30 RCU = $2.85.
    #[test]
    fn c2_provisioned_is_unit_hours_times_price() {
        let w = &mut Working::new();
        assert_eq!(
            provisioned_writes(&std_prices(), dec!(20) * dec!(730), w).to_decimal_string(),
            "9.49"
        );
        assert_eq!(
            provisioned_reads(&std_prices(), dec!(30) * dec!(730), w).to_decimal_string(),
            "2.85"
        );
    }

    // Reserved capacity (facts §4.4): 1-year WCU $150 upfront + $0.0128/h per
    // 100; a year of it is $262.13 against $569.40 at the standard rate.
    #[test]
    fn c3_reserved_spreads_the_upfront_fee_over_the_term() {
        let list = us_east_1();
        let term = list.reserved.one_year.as_ref().unwrap();
        let month =
            reserved(Term::OneYear, term, Capacity::Write, 1, dec!(730), &mut Working::new());
        // 150 / 12 + 0.0128 x 730 = 12.5 + 9.344 = 21.844
        assert_eq!(month.amount(), dec!(21.844));
        let year = month.amount() * dec!(12);
        assert_eq!(year.round_dp(2), dec!(262.13));
    }

    // $0.25 per GB-month (Standard); 100 GB = $25.
    #[test]
    fn c4_storage_is_gb_months_times_price() {
        assert_eq!(
            storage(&std_prices(), dec!(100), "table", &mut Working::new()).amount(),
            dec!(25)
        );
    }

    // Streams: $0.02 per 100,000 read request units.
    #[test]
    fn c5_streams_price_per_100k_reads() {
        assert_eq!(
            stream_reads(&us_east_1(), dec!(10000000), &mut Working::new()).amount(),
            dec!(2)
        );
    }

    // Facts §4.2 (derived): post-cut break-even = 0.00065 / (3600 x 0.625e-6) = 28.9 %.
    #[test]
    fn c7_break_even_utilization_for_writes_is_28_9_percent() {
        let u = break_even_utilization(&std_prices(), dec!(0), dec!(1)).unwrap();
        assert_eq!(u.round_dp(3), dec!(0.289));
        let r = break_even_utilization(&std_prices(), dec!(1), dec!(0)).unwrap();
        assert_eq!(r.round_dp(3), dec!(0.289));
        assert!(break_even_utilization(&std_prices(), dec!(0), dec!(0)).is_none());
    }
}
