//! Provisioned auto scaling as target tracking, one controller per capacity
//! (table reads, table writes, each GSI's reads and writes).
//!
//! Rules (Developer Guide "Managing throughput capacity with auto scaling";
//! quotas page; facts §3.6):
//! - **AS1 scale out**: when consumed capacity is above the target
//!   utilization for 2 consecutive one-minute data points, capacity is set to
//!   ceil(consumed / target), up to the maximum.
//! - **AS2 scale in**: when 15 consecutive data points are below the target,
//!   capacity is lowered to ceil(consumed / target), down to the minimum.
//! - **AS3 delay**: a new setting takes effect [`UPDATE_DELAY_SECS`] after
//!   the alarm fires (UpdateTable "takes several minutes"; we use 2 minutes,
//!   see docs/simulation-model.md).
//! - **AS4 decreases**: at most 4 decreases in the first hour of a UTC day,
//!   then 1 per hour (27 a day). Simulated time 0 is midnight UTC.

/// Seconds from the alarm to the new capacity being in force.
pub const UPDATE_DELAY_SECS: u64 = 120;
/// Consecutive above-target minutes that trigger a scale-out.
pub const SCALE_OUT_POINTS: u32 = 2;
/// Consecutive below-target minutes that trigger a scale-in.
pub const SCALE_IN_POINTS: u32 = 15;

/// A capacity change decided at one minute, in force later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub at_secs: u64,
    pub units: u64,
}

#[derive(Debug, Clone)]
pub struct TargetTracking {
    /// Target utilization in thousandths (700 = 70%).
    target_milli: u64,
    min: u64,
    max: u64,
    provisioned: u64,
    above: u32,
    below: u32,
    pending: Option<Change>,
    /// (UTC day, decreases that day, hour of the last decrease).
    decreases: (u64, u32, Option<u64>),
}

impl TargetTracking {
    pub fn new(start: u64, target_milli: u64, min: u64, max: u64) -> Self {
        TargetTracking {
            target_milli,
            min,
            max,
            provisioned: start,
            above: 0,
            below: 0,
            pending: None,
            decreases: (0, 0, None),
        }
    }

    pub fn provisioned(&self) -> u64 {
        self.provisioned
    }

    /// The capacity that would serve `consumed_milli` (thousandths of units
    /// per second) at the target utilization.
    fn desired(&self, consumed_milli: u64) -> u64 {
        (consumed_milli * 1_000).div_ceil(self.target_milli * 1_000).clamp(self.min, self.max)
    }

    /// AS4: four decreases in the first hour of a UTC day, then one in each
    /// later hour (27 a day).
    fn may_decrease(&self, now_secs: u64) -> bool {
        let (day, count, last_hour) = self.decreases;
        let hour = now_secs / 3_600;
        if day != now_secs / 86_400 {
            return true;
        }
        if hour.is_multiple_of(24) {
            return count < 4;
        }
        last_hour != Some(hour)
    }

    /// Applies a pending change that has come into force; returns the new
    /// capacity if it changed.
    pub fn apply_due(&mut self, now_secs: u64) -> Option<u64> {
        let c = self.pending?;
        if c.at_secs > now_secs {
            return None;
        }
        self.pending = None;
        if c.units < self.provisioned {
            let today = now_secs / 86_400;
            let (day, count, _) = self.decreases;
            let count = if day == today { count + 1 } else { 1 };
            self.decreases = (today, count, Some(now_secs / 3_600));
        }
        self.provisioned = c.units;
        Some(c.units)
    }

    /// Feeds one minute's data point: average consumed units per second, in
    /// thousandths. May schedule a change (AS1, AS2).
    pub fn on_minute(&mut self, now_secs: u64, consumed_milli: u64) -> Option<Change> {
        let threshold = self.provisioned * self.target_milli; // thousandths of units
        if consumed_milli > threshold {
            self.above += 1;
            self.below = 0;
        } else if consumed_milli < threshold {
            self.below += 1;
            self.above = 0;
        } else {
            self.above = 0;
            self.below = 0;
        }
        if self.pending.is_some() {
            return None;
        }
        let desired = self.desired(consumed_milli);
        let change = if self.above >= SCALE_OUT_POINTS && desired > self.provisioned {
            self.above = 0;
            Some(Change { at_secs: now_secs + UPDATE_DELAY_SECS, units: desired })
        } else if self.below >= SCALE_IN_POINTS
            && desired < self.provisioned
            && self.may_decrease(now_secs)
        {
            self.below = 0;
            Some(Change { at_secs: now_secs + UPDATE_DELAY_SECS, units: desired })
        } else {
            None
        };
        self.pending = change;
        change
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u64) -> u64 {
        minute * 60
    }

    // AS1: two consecutive minutes above 70% of 100 units -> scale out to
    // ceil(150 / 0.7) = 215, in force 2 minutes later.
    #[test]
    fn as1_scales_out_after_two_minutes_above_target() {
        let mut a = TargetTracking::new(100, 700, 1, 40_000);
        assert_eq!(a.on_minute(at(1), 150_000), None);
        let c = a.on_minute(at(2), 150_000).expect("scale out");
        assert_eq!(c, Change { at_secs: at(2) + UPDATE_DELAY_SECS, units: 215 });
        assert_eq!(a.apply_due(at(3)), None);
        assert_eq!(a.apply_due(at(4)), Some(215));
        assert_eq!(a.provisioned(), 215);
    }

    // A single minute above target (a spike) does not trigger.
    #[test]
    fn as1_one_spike_minute_does_not_scale() {
        let mut a = TargetTracking::new(100, 700, 1, 40_000);
        assert_eq!(a.on_minute(at(1), 500_000), None);
        assert_eq!(a.on_minute(at(2), 10_000), None);
        assert_eq!(a.on_minute(at(3), 500_000), None);
    }

    // AS2: fifteen minutes below target -> scale in to ceil(35 / 0.7) = 50.
    #[test]
    fn as2_scales_in_after_fifteen_minutes_below() {
        let mut a = TargetTracking::new(100, 700, 1, 40_000);
        for m in 1..15 {
            assert_eq!(a.on_minute(at(60 + m), 35_000), None, "minute {m}");
        }
        let c = a.on_minute(at(75), 35_000).expect("scale in");
        assert_eq!(c.units, 50);
    }

    #[test]
    fn respects_min_and_max() {
        let mut a = TargetTracking::new(100, 700, 80, 120);
        a.on_minute(at(1), 1_000_000);
        assert_eq!(a.on_minute(at(2), 1_000_000).unwrap().units, 120);
        let mut b = TargetTracking::new(100, 700, 80, 120);
        for m in 0..15 {
            b.on_minute(at(120 + m), 0);
        }
        assert_eq!(b.pending.map(|c| c.units), Some(80));
    }

    // AS4: 4 decreases in the first hour of the day, then 1 per hour.
    #[test]
    fn as4_limits_decreases_per_day() {
        let mut a = TargetTracking::new(1_000, 700, 1, 40_000);
        let mut decreases_in_first_hour = 0;
        let mut t = 0;
        let mut load = 600_000; // start just under target, then keep falling
        while t < 3_600 {
            if let Some(c) = a.on_minute(t, load) {
                assert!(c.units < a.provisioned());
            }
            if a.apply_due(t).is_some() {
                decreases_in_first_hour += 1;
            }
            load = load * 9 / 10;
            t += 60;
        }
        assert!(decreases_in_first_hour <= 4, "{decreases_in_first_hour}");
        // Later hours: one each.
        a.decreases = (0, 4, Some(1));
        assert!(!a.may_decrease(3_600 + 1_800), "a second decrease in hour 1");
        assert!(a.may_decrease(2 * 3_600), "hour 2 allows one");
        a.decreases = (0, 4, None);
        assert!(!a.may_decrease(1_800), "a fifth decrease in the first hour");
    }
}
