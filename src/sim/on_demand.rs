//! On-demand capacity: how much traffic an on-demand table serves without
//! throttling, from its previous peak.
//!
//! Rules (Developer Guide "On-demand capacity mode"; facts §3.5):
//! - **OD1**: a table instantly accommodates up to double its previous peak.
//! - **OD2**: throttling can occur above double the previous peak *within 30
//!   minutes*; our model counts as "previous" any per-minute peak observed
//!   at least 30 minutes ago, so growth beyond 2x is reached step by step.
//! - **OD3**: a new table can serve 4,000 write and 12,000 read request
//!   units per second, i.e. its previous peak is 2,000 / 6,000.
//! - Partition limits (3,000 RRU / 1,000 WRU per partition) still apply.

use std::collections::VecDeque;

/// Previous peak of a new on-demand table, write request units per second (OD3).
pub const NEW_TABLE_PEAK_WRU: u64 = 2_000;
/// Previous peak of a new on-demand table, read request units per second (OD3).
pub const NEW_TABLE_PEAK_RRU: u64 = 6_000;
/// How long a peak takes to count as "previous" (OD2).
pub const PEAK_MEMORY_SECS: u64 = 30 * 60;

/// The on-demand ceiling of one capacity (reads or writes).
#[derive(Debug, Clone)]
pub struct OnDemandCeiling {
    /// The previous peak in force, units per second.
    peak: u64,
    /// (minute end in seconds, average units per second) not yet 30 minutes old.
    recent: VecDeque<(u64, u64)>,
}

impl OnDemandCeiling {
    pub fn new(previous_peak: u64) -> Self {
        OnDemandCeiling { peak: previous_peak.max(1), recent: VecDeque::new() }
    }

    /// Units per second served without throttling now (OD1).
    pub fn ceiling(&self) -> u64 {
        self.peak.saturating_mul(2)
    }

    pub fn peak(&self) -> u64 {
        self.peak
    }

    /// Records a minute's average consumption ending at `now_secs`, and
    /// promotes peaks that are now 30 minutes old (OD2). Returns the new
    /// ceiling when it rose.
    pub fn on_minute(&mut self, now_secs: u64, avg_units_per_sec: u64) -> Option<u64> {
        self.recent.push_back((now_secs, avg_units_per_sec));
        let before = self.peak;
        while let Some(&(t, v)) = self.recent.front() {
            if t + PEAK_MEMORY_SECS > now_secs {
                break;
            }
            self.peak = self.peak.max(v);
            self.recent.pop_front();
        }
        (self.peak > before).then(|| self.ceiling())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // OD1: "instantly accommodates up to double the previous peak": a peak of
    // 50,000 reads/s serves 100,000.
    #[test]
    fn od1_double_the_previous_peak() {
        assert_eq!(OnDemandCeiling::new(50_000).ceiling(), 100_000);
        assert_eq!(OnDemandCeiling::new(NEW_TABLE_PEAK_WRU).ceiling(), 4_000);
        assert_eq!(OnDemandCeiling::new(NEW_TABLE_PEAK_RRU).ceiling(), 12_000);
    }

    // OD2: a sustained 100,000 becomes the previous peak (-> 200,000), but
    // only once it is 30 minutes old.
    #[test]
    fn od2_a_sustained_peak_counts_after_30_minutes() {
        let mut c = OnDemandCeiling::new(50_000);
        for minute in 1..30 {
            assert_eq!(c.on_minute(minute * 60, 100_000), None, "minute {minute}");
        }
        assert_eq!(c.on_minute(30 * 60, 100_000), None);
        assert_eq!(c.on_minute(31 * 60, 100_000), Some(200_000));
        assert_eq!(c.peak(), 100_000);
    }
}
