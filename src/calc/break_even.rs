//! `calc break-even`: the average utilization below which on-demand costs
//! less than provisioned capacity (rule C7, `pricing::cost`).
//!
//! The working prices a 730-hour month both ways with rules C2 and C1 (at
//! 100% utilization one RCU serves 3,600 read request units an hour, one
//! WCU 3,600 write request units), and the ratio is C7's u*.

use rust_decimal::Decimal;

use crate::capacity::Working;
use crate::pricing::cost::{
    break_even_utilization, on_demand_reads, on_demand_writes, provisioned_reads,
    provisioned_writes,
};
use crate::pricing::{PriceList, TableClass};
use crate::units::Usd;

use super::CalcError;
use super::cost::MONTH_HOURS;

const SECONDS_PER_HOUR: u64 = 3_600;

/// The break-even utilization with both monthly costs it compares.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakEven {
    pub region: String,
    pub table_class: TableClass,
    pub rcu: u64,
    pub wcu: u64,
    /// Provisioned capacity for a 730-hour month.
    pub provisioned_monthly: Usd,
    /// On-demand for the same month if every unit were used every second.
    pub on_demand_full_monthly: Usd,
    /// u*: on-demand is cheaper below this average utilization (0..).
    pub utilization: Decimal,
    pub working: Working,
}

/// Rule C7, with C1 and C2 in the working.
pub fn break_even(
    list: &PriceList,
    class: TableClass,
    rcu: u64,
    wcu: u64,
) -> Result<BreakEven, CalcError> {
    let p = list.table_class(class);
    let (r, wr) = (Decimal::from(rcu), Decimal::from(wcu));
    let utilization = break_even_utilization(p, r, wr).ok_or(CalcError::NoCapacity)?;
    let mut w = Working::new();
    let hours = Decimal::from(MONTH_HOURS);
    let provisioned =
        provisioned_reads(p, r * hours, &mut w) + provisioned_writes(p, wr * hours, &mut w);
    let requests = hours * Decimal::from(SECONDS_PER_HOUR);
    let on_demand =
        on_demand_reads(p, r * requests, &mut w) + on_demand_writes(p, wr * requests, &mut w);
    w.push(
        "C7 break-even",
        format!(
            "{provisioned} provisioned / {on_demand} on-demand at 100% use = {}% average utilization",
            (utilization * Decimal::ONE_HUNDRED).round_dp(1).normalize()
        ),
    );
    Ok(BreakEven {
        region: list.region.clone(),
        table_class: class,
        rcu,
        wcu,
        provisioned_monthly: provisioned,
        on_demand_full_monthly: on_demand,
        utilization,
        working: w,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> PriceList {
        PriceList::builtin("us-east-1").unwrap()
    }

    // Facts §4.2 (derived): 0.00065 / (3,600 x 0.625e-6) = 28.9 %.
    #[test]
    fn c7_break_even_is_28_9_percent_in_us_east_1() {
        let b = break_even(&list(), TableClass::Standard, 100, 100).unwrap();
        assert_eq!(b.utilization.round_dp(3), Decimal::new(289, 3));
        assert_eq!(b.provisioned_monthly.to_decimal_string(), "56.94");
        assert_eq!(b.working.steps().len(), 5);
    }

    #[test]
    fn c7_no_capacity_is_an_error() {
        assert!(matches!(
            break_even(&list(), TableClass::Standard, 0, 0),
            Err(CalcError::NoCapacity)
        ));
    }
}
