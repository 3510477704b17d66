//! The daily traffic profile: 24 hourly multipliers of the average rate,
//! with a mean of exactly 1, from the workload's `traffic:` section.

use rust_decimal::Decimal;

use crate::capacity::Working;
use crate::workload::{DEFAULT_PEAK_HOURS, Traffic};

/// First hour of the peak when only `peak_to_average` is given (09:00).
const PEAK_START_HOUR: usize = 9;

/// Hourly multipliers (hour 0 to 23) whose mean is 1.
///
/// - no `traffic`: flat, every hour 1;
/// - `peak_to_average: p` (with `peak_hours: h`, default 4): h hours at p
///   from 09:00, the other hours at (24 - h x p) / (24 - h), so the day's
///   total equals 24 average hours;
/// - `hourly: [...]`: the given multipliers divided by their mean.
pub fn hourly_profile(traffic: Option<&Traffic>, w: &mut Working) -> Vec<Decimal> {
    let Some(t) = traffic else {
        w.push("T1 traffic profile", "flat: every hour at the average rate");
        return vec![Decimal::ONE; 24];
    };
    if let Some(hourly) = &t.hourly {
        let sum: Decimal = hourly.iter().sum();
        let mean = sum / Decimal::from(24);
        w.push(
            "T1 traffic profile",
            format!("hourly multipliers normalised by their mean {}", mean.round_dp(4).normalize()),
        );
        return hourly.iter().map(|m| *m / mean).collect();
    }
    let p = t.peak_to_average.unwrap_or(Decimal::ONE);
    let h = t.peak_hours.unwrap_or(DEFAULT_PEAK_HOURS) as usize;
    let rest = (Decimal::from(24) - Decimal::from(h as u64) * p) / Decimal::from(24 - h as u64);
    w.push(
        "T1 traffic profile",
        format!(
            "{h} peak hours at {p}x average; other hours at (24 - {h} x {p}) / {} = {}x",
            24 - h,
            rest.round_dp(4).normalize()
        ),
    );
    (0..24).map(|hour| if (hour + 24 - PEAK_START_HOUR) % 24 < h { p } else { rest }).collect()
}

/// The largest multiplier (the peak hour's).
pub fn peak_multiplier(profile: &[Decimal]) -> Decimal {
    profile.iter().copied().max().unwrap_or(Decimal::ONE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn mean(p: &[Decimal]) -> Decimal {
        p.iter().sum::<Decimal>() / dec!(24)
    }

    #[test]
    fn t1_peak_to_average_keeps_the_daily_total() {
        let t = Traffic { peak_to_average: Some(dec!(2.5)), peak_hours: None, hourly: None };
        let p = hourly_profile(Some(&t), &mut Working::new());
        assert_eq!(p.len(), 24);
        assert_eq!(peak_multiplier(&p), dec!(2.5));
        assert_eq!(p[9], dec!(2.5));
        assert_eq!(p[0], dec!(0.7));
        assert_eq!(mean(&p), dec!(1));
    }

    // Long peaks wrap past midnight and keep the mean at 1.
    #[test]
    fn t1_long_peaks_wrap_around_midnight() {
        let t = Traffic { peak_to_average: Some(dec!(1.2)), peak_hours: Some(18), hourly: None };
        let p = hourly_profile(Some(&t), &mut Working::new());
        assert_eq!(p.iter().filter(|m| **m == dec!(1.2)).count(), 18);
        assert_eq!(mean(&p), dec!(1));
    }

    #[test]
    fn t1_hourly_multipliers_are_normalised_to_mean_one() {
        let mut hourly = vec![dec!(1); 24];
        hourly[12] = dec!(25);
        let t = Traffic { peak_to_average: None, peak_hours: None, hourly: Some(hourly) };
        let p = hourly_profile(Some(&t), &mut Working::new());
        assert_eq!(p[12], dec!(12.5));
        assert_eq!(p[0], dec!(0.5));
        assert_eq!(mean(&p).round_dp(20), dec!(1));
    }

    #[test]
    fn t1_no_traffic_section_is_flat() {
        let p = hourly_profile(None, &mut Working::new());
        assert!(p.iter().all(|m| *m == dec!(1)));
    }
}
