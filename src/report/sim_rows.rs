//! [`rows`]: a simulation's metrics series cut down to a table a person can
//! read. Up to [`MAX_ROWS`] periods are shown as they are; a longer run is
//! shown in coarser buckets of a round length (5m, 1h, ...), each bucket
//! computed from the periods it holds. The JSON and CSV views keep every
//! period.
//!
//! Depends on `sim::metrics::Sample` and `units::SimDuration` (for display).

use crate::sim::metrics::Sample;
use crate::units::SimDuration;

/// The most series rows the human report prints.
pub const MAX_ROWS: usize = 30;

/// Bucket lengths tried, shortest first (seconds): round durations people
/// read at a glance.
const ROUND_SECS: &[u64] = &[
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200,
    86_400, 172_800, 604_800,
];

/// The rows to print and how long each covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows {
    /// Seconds each row covers (the metrics period when nothing is merged).
    pub width_s: u64,
    /// One sample per row, shaped as the periods it merges (see `merge`).
    pub samples: Vec<Sample>,
}

impl Rows {
    /// Whether periods were merged into coarser rows.
    pub fn merged(&self, period_s: u64) -> bool {
        self.width_s != period_s
    }
}

/// The series as at most [`MAX_ROWS`] rows: unchanged when it fits, else
/// merged into buckets of the shortest round length (a multiple of
/// `period_s`) that fits, or of the smallest multiple of the period that fits
/// when every round length would be more than four times that coarse.
pub fn rows(series: &[Sample], period_s: u64) -> Rows {
    let period_s = period_s.max(1);
    if series.len() <= MAX_ROWS {
        return Rows { width_s: period_s, samples: series.to_vec() };
    }
    let span_s = series.last().map_or(0, |s| s.time_s);
    let plain = period_s * (series.len().div_ceil(MAX_ROWS) as u64);
    let width_s = ROUND_SECS
        .iter()
        .copied()
        .find(|w| {
            *w > period_s
                && w.is_multiple_of(period_s)
                && span_s.div_ceil(*w) as usize <= MAX_ROWS
                && *w <= 4 * plain
        })
        .unwrap_or(plain);
    // A period ending at `t` belongs to bucket (t - 1) / width: the bucket
    // `(k * width, (k + 1) * width]`, labelled with its end like a period.
    let index = |t: u64| t.saturating_sub(1) / width_s;
    let mut samples = Vec::new();
    let mut bucket: Vec<(u64, &Sample)> = Vec::new();
    let mut previous_end = 0;
    for s in series {
        if bucket.last().is_some_and(|(_, b)| index(b.time_s) != index(s.time_s)) {
            samples.push(merge(&bucket));
            bucket.clear();
        }
        bucket.push((s.time_s.saturating_sub(previous_end), s));
        previous_end = s.time_s;
    }
    if !bucket.is_empty() {
        samples.push(merge(&bucket));
    }
    Rows { width_s, samples }
}

/// One row for consecutive periods, each with its length in seconds:
/// consumed units are the average per second over the whole bucket;
/// throttles are summed; provisioned units and partitions are those at the
/// bucket's end (as each period reports them at its end), and so is the time.
fn merge(periods: &[(u64, &Sample)]) -> Sample {
    let last = periods[periods.len() - 1].1;
    let seconds: u64 = periods.iter().map(|(len, _)| len).sum();
    let average = |f: fn(&Sample) -> f64| {
        if seconds == 0 {
            return f(last);
        }
        periods.iter().map(|(len, s)| f(s) * *len as f64).sum::<f64>() / seconds as f64
    };
    Sample {
        time_s: last.time_s,
        consumed_rcu: average(|s| s.consumed_rcu),
        consumed_wcu: average(|s| s.consumed_wcu),
        provisioned_rcu: last.provisioned_rcu,
        provisioned_wcu: last.provisioned_wcu,
        throttled_requests: periods.iter().map(|(_, s)| s.throttled_requests).sum(),
        partitions: last.partitions,
    }
}

/// The line under a merged table: what was merged, how, and where the full
/// series is.
pub fn merged_note(periods: usize, period_s: u64, rows: &Rows) -> String {
    format!(
        "{periods} periods of {} shown as {} rows of {} (consumed: average; throttled: sum; \
         provisioned and partitions: at the row's end); the full series: --format json or --csv DIR",
        SimDuration::from_secs(period_s),
        rows.samples.len(),
        SimDuration::from_secs(rows.width_s)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(time_s: u64, rcu: f64, prov: u64, throttled: u64) -> Sample {
        Sample {
            time_s,
            consumed_rcu: rcu,
            consumed_wcu: rcu / 2.0,
            provisioned_rcu: prov,
            provisioned_wcu: prov,
            throttled_requests: throttled,
            partitions: prov / 100,
        }
    }

    /// `n` one-minute periods; period `i` (from 1) consumes `i` RCU/s,
    /// throttles once, and ends with `100 * i` units provisioned.
    fn minutes(n: u64) -> Vec<Sample> {
        (1..=n).map(|i| sample(60 * i, i as f64, 100 * i, 1)).collect()
    }

    #[test]
    fn a_short_series_is_shown_as_it_is() {
        let series = minutes(30);
        let r = rows(&series, 60);
        assert_eq!(r.samples, series);
        assert!(!r.merged(60));
    }

    #[test]
    fn a_day_of_minutes_is_shown_as_24_hours() {
        let r = rows(&minutes(1_440), 60);
        assert_eq!((r.width_s, r.samples.len()), (3_600, 24));
        let first = &r.samples[0];
        assert_eq!(first.time_s, 3_600, "a row is labelled with its end");
        assert_eq!(first.consumed_rcu, 30.5, "the mean of 1..=60 RCU/s");
        assert_eq!(first.throttled_requests, 60, "throttles are summed");
        assert_eq!(first.provisioned_rcu, 6_000, "provisioned at the hour's end");
        assert_eq!(first.partitions, 60);
        assert_eq!(
            merged_note(1_440, 60, &r),
            "1440 periods of 1m shown as 24 rows of 1h (consumed: average; throttled: sum; \
             provisioned and partitions: at the row's end); the full series: --format json or --csv DIR"
        );
    }

    #[test]
    fn the_shortest_round_bucket_that_fits_is_chosen() {
        // 31 minutes: 2-minute buckets give 16 rows; the last holds one period.
        let r = rows(&minutes(31), 60);
        assert_eq!((r.width_s, r.samples.len()), (120, 16));
        assert_eq!(r.samples[15].time_s, 1_860);
        assert_eq!(r.samples[15].consumed_rcu, 31.0);
        // 6 hours of 1-minute periods: 15-minute buckets (24 rows).
        assert_eq!(rows(&minutes(360), 60).width_s, 900);
    }

    #[test]
    fn a_short_last_period_weighs_by_its_length() {
        // 88 minutes at 10 RCU/s, then a last period of 30 s at 40 RCU/s.
        let mut series: Vec<Sample> = (1..=88).map(|i| sample(60 * i, 10.0, 1, 0)).collect();
        series.push(sample(5_310, 40.0, 1, 0));
        let r = rows(&series, 60);
        assert_eq!((r.width_s, r.samples.len()), (300, 18));
        let last = &r.samples[17];
        assert_eq!(last.time_s, 5_310);
        // 5,101..5,310 s: three minutes at 10 and 30 s at 40, over 210 s.
        assert!((last.consumed_rcu - (180.0 * 10.0 + 30.0 * 40.0) / 210.0).abs() < 1e-9);
    }

    #[test]
    fn a_period_no_round_length_divides_falls_back_to_a_multiple() {
        let series: Vec<Sample> = (1..=100).map(|i| sample(7 * i, 1.0, 1, 1)).collect();
        let r = rows(&series, 7);
        assert_eq!(r.width_s, 28);
        assert_eq!(r.samples.len(), 25);
        assert_eq!(r.samples.iter().map(|s| s.throttled_requests).sum::<u64>(), 100);
    }
}
