//! Capacity to provision for the table or a GSI, from its average demand and
//! the traffic profile.
//!
//! Rules (Developer Guide "Auto scaling", "Reserved capacity"; facts §3.6, §4.4):
//! - **A1 fixed**: capacity = ceil(peak units / target utilization), at least
//!   the minimum (1 unit, the provisioned floor).
//! - **A2 auto scaled**: each hour, capacity = ceil(that hour's units / target
//!   utilization), never below the minimum. Scaling lag is not modelled here
//!   (`ddbplan simulate` models it).
//! - **A3 reserved**: reserve whole blocks of 100 units up to the baseline:
//!   the lowest hourly auto scaled capacity (or, without auto scaling, the
//!   fixed capacity); capacity above it is billed as provisioned capacity.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::model::CapacityNeeds;
use super::traffic::peak_multiplier;
use crate::capacity::Working;
use crate::capacity::partitions::partitions;

/// Provisioning inputs shared by the table and its GSIs.
#[derive(Debug, Clone)]
pub struct Policy<'a> {
    pub profile: &'a [Decimal],
    pub target: Decimal,
    pub min_rcu: u64,
    pub min_wcu: u64,
    pub reserve: bool,
    /// Auto scaling on: reserved capacity covers the lowest auto scaled
    /// hour; off: it covers the fixed capacity.
    pub autoscaling: bool,
}

fn ceil_u64(d: Decimal) -> u64 {
    d.ceil().to_u64().unwrap_or(u64::MAX)
}

/// Needs of one capacity holder with `avg_read`/`avg_write` units per second
/// and `bytes` of data.
pub fn needs(
    name: &str,
    avg_read: Decimal,
    avg_write: Decimal,
    bytes: u64,
    policy: &Policy<'_>,
    w: &mut Working,
) -> CapacityNeeds {
    let peak = peak_multiplier(policy.profile);
    let peak_read = avg_read * peak;
    let peak_write = avg_write * peak;
    let t = policy.target;
    let fixed_rcu = ceil_u64(peak_read / t).max(policy.min_rcu);
    let fixed_wcu = ceil_u64(peak_write / t).max(policy.min_wcu);
    w.push("A1 fixed capacity", format!("{name}: ceil({} peak RCU / {t}) = {fixed_rcu} RCU; ceil({} peak WCU / {t}) = {fixed_wcu} WCU", peak_read.round_dp(2).normalize(), peak_write.round_dp(2).normalize()));
    let hourly_rcu: Vec<u64> =
        policy.profile.iter().map(|m| ceil_u64(avg_read * m / t).max(policy.min_rcu)).collect();
    let hourly_wcu: Vec<u64> =
        policy.profile.iter().map(|m| ceil_u64(avg_write * m / t).max(policy.min_wcu)).collect();
    let (lo_r, hi_r) = min_max(&hourly_rcu);
    let (lo_w, hi_w) = min_max(&hourly_wcu);
    w.push(
        "A2 auto scaled capacity",
        format!(
            "{name}: hourly ceil(units x multiplier / {t}): {lo_r}-{hi_r} RCU, {lo_w}-{hi_w} WCU"
        ),
    );
    let (reserved_rcu, reserved_wcu) =
        if policy.reserve { (lo_r / 100 * 100, lo_w / 100 * 100) } else { (0, 0) };
    if policy.reserve {
        w.push("A3 reserved baseline", format!("{name}: floor({lo_r} / 100) x 100 = {reserved_rcu} RCU; floor({lo_w} / 100) x 100 = {reserved_wcu} WCU reserved"));
    }
    let part = partitions(Decimal::from(fixed_rcu), Decimal::from(fixed_wcu), bytes, w);
    CapacityNeeds {
        avg_read,
        avg_write,
        read_capacity_units: ceil_u64(avg_read),
        write_capacity_units: ceil_u64(avg_write),
        peak_read_capacity_units: ceil_u64(peak_read),
        peak_write_capacity_units: ceil_u64(peak_write),
        fixed_rcu,
        fixed_wcu,
        hourly_rcu,
        hourly_wcu,
        reserved_rcu,
        reserved_wcu,
        partitions: part,
    }
}

fn min_max(v: &[u64]) -> (u64, u64) {
    (v.iter().copied().min().unwrap_or(0), v.iter().copied().max().unwrap_or(0))
}

/// Unit-hours in a month of `month_hours` from a 24-hour capacity profile
/// (each hour of the day repeats month_hours / 24 times).
pub fn unit_hours(hourly: &[u64], month_hours: Decimal) -> Decimal {
    let day: u64 = hourly.iter().sum();
    Decimal::from(day) * month_hours / Decimal::from(24)
}

/// Unit-hours above a reserved level.
pub fn unit_hours_above(hourly: &[u64], reserved: u64, month_hours: Decimal) -> Decimal {
    let day: u64 = hourly.iter().map(|c| c.saturating_sub(reserved)).sum();
    Decimal::from(day) * month_hours / Decimal::from(24)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn policy(profile: &[Decimal]) -> Policy<'_> {
        Policy {
            profile,
            target: dec!(0.7),
            min_rcu: 1,
            min_wcu: 1,
            reserve: true,
            autoscaling: true,
        }
    }

    // Exam example: 700 WCU of steady load at a 70% target -> 1,000 WCU.
    #[test]
    fn a1_fixed_capacity_is_peak_over_target() {
        let flat = vec![dec!(1); 24];
        let n = needs("t", dec!(140), dec!(700), 0, &policy(&flat), &mut Working::new());
        assert_eq!(n.fixed_wcu, 1000);
        assert_eq!(n.fixed_rcu, 200);
        assert_eq!(n.peak_write_capacity_units, 700);
    }

    #[test]
    fn a2_auto_scaling_follows_each_hour_and_respects_the_minimum() {
        let mut profile = vec![dec!(0.5); 24];
        profile[0] = dec!(12.5);
        let n = needs("t", dec!(0), dec!(70), 0, &policy(&profile), &mut Working::new());
        assert_eq!(n.hourly_wcu[0], 1250);
        assert_eq!(n.hourly_wcu[1], 50);
        assert_eq!(n.hourly_rcu[1], 1, "never below the 1-unit minimum");
        assert_eq!(unit_hours(&n.hourly_wcu, dec!(24)), dec!(1250) + dec!(50) * dec!(23));
    }

    #[test]
    fn a3_reserves_whole_hundreds_up_to_the_baseline() {
        let flat = vec![dec!(1); 24];
        let n = needs("t", dec!(350), dec!(99), 0, &policy(&flat), &mut Working::new());
        assert_eq!(n.hourly_rcu[0], 500);
        assert_eq!(n.reserved_rcu, 500);
        assert_eq!(n.hourly_wcu[0], 142);
        assert_eq!(n.reserved_wcu, 100);
        assert_eq!(unit_hours_above(&n.hourly_wcu, 100, dec!(24)), dec!(42) * dec!(24));
    }
}
