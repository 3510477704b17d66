//! Load over time: the `simulation.phases` multiplier as a function of
//! simulated time, with linear ramps.

use rust_decimal::prelude::ToPrimitive;

use super::time::SimTime;
use crate::workload::Phase;

/// Piecewise-linear multiplier of the operations' rates.
#[derive(Debug, Clone)]
pub struct LoadProfile {
    /// (start us, end of ramp us, from, to), in time order.
    segments: Vec<(u64, u64, f64, f64)>,
}

impl LoadProfile {
    /// Builds the profile; before the first phase (or with none) the multiplier is 1.
    pub fn new(phases: &[Phase]) -> Self {
        let mut segments = Vec::new();
        let mut current = 1.0;
        for p in phases {
            let to = p.multiplier.to_f64().unwrap_or(1.0);
            let start = p.at.micros();
            let end = start + p.ramp.map(|r| r.micros()).unwrap_or(0);
            segments.push((start, end, current, to));
            current = to;
        }
        LoadProfile { segments }
    }

    /// The multiplier at `t`.
    pub fn at(&self, t: SimTime) -> f64 {
        let t = t.micros();
        let mut m = 1.0;
        for &(start, end, from, to) in &self.segments {
            if t < start {
                break;
            }
            m = if t >= end || end == start {
                to
            } else {
                from + (to - from) * (t - start) as f64 / (end - start) as f64
            };
        }
        m
    }

    /// The mean multiplier over the first `duration_us` (exact for the
    /// piecewise-linear profile, up to a microsecond at each step).
    pub fn mean(&self, duration_us: u64) -> f64 {
        if duration_us == 0 {
            return self.at(SimTime::from_micros(0));
        }
        // Between these points the multiplier is linear: trapezoids.
        let mut points: Vec<u64> = self.segments.iter().flat_map(|s| [s.0, s.1]).collect();
        points.extend([0, duration_us]);
        points.retain(|&t| t <= duration_us);
        points.sort_unstable();
        points.dedup();
        let area: f64 = points
            .windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                let left = self.at(SimTime::from_micros(a));
                let right = self.at(SimTime::from_micros(b - 1));
                (left + right) / 2.0 * (b - a) as f64
            })
            .sum();
        area / duration_us as f64
    }

    /// An upper bound of the multiplier (for thinning): the largest target,
    /// and 1 (the multiplier before the first phase).
    pub fn max(&self) -> f64 {
        self.segments.iter().map(|s| s.3).fold(1.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::SimDuration;
    use rust_decimal_macros::dec;

    fn phase(at_s: u64, m: rust_decimal::Decimal, ramp_s: Option<u64>) -> Phase {
        Phase {
            at: SimDuration::from_secs(at_s),
            multiplier: m,
            ramp: ramp_s.map(SimDuration::from_secs),
        }
    }

    #[test]
    fn steps_and_ramps() {
        let p = LoadProfile::new(&[phase(0, dec!(1), None), phase(600, dec!(5), Some(30))]);
        assert_eq!(p.at(SimTime::from_secs(0)), 1.0);
        assert_eq!(p.at(SimTime::from_secs(599)), 1.0);
        assert_eq!(p.at(SimTime::from_secs(615)), 3.0);
        assert_eq!(p.at(SimTime::from_secs(630)), 5.0);
        assert_eq!(p.at(SimTime::from_secs(5_000)), 5.0);
        assert_eq!(p.max(), 5.0);
    }

    // 600 s at 1, a 30 s ramp to 5 (mean 3), then 5: over 1,200 s the
    // mean is (600 + 90 + 2,850) / 1,200 = 2.95.
    #[test]
    fn mean_integrates_steps_and_ramps() {
        let p = LoadProfile::new(&[phase(0, dec!(1), None), phase(600, dec!(5), Some(30))]);
        let mean = p.mean(1_200_000_000);
        assert!((mean - 2.95).abs() < 1e-6, "{mean}");
        assert_eq!(p.mean(300_000_000), 1.0);
        let step = LoadProfile::new(&[phase(60, dec!(0.5), None)]);
        assert!((step.mean(120_000_000) - 0.75).abs() < 1e-6);
        assert_eq!(LoadProfile::new(&[]).mean(0), 1.0);
    }

    #[test]
    fn no_phases_is_flat_one() {
        let p = LoadProfile::new(&[]);
        assert_eq!(p.at(SimTime::from_secs(100)), 1.0);
        assert_eq!(p.max(), 1.0);
    }

    #[test]
    fn a_quiet_phase_lowers_the_rate() {
        let p = LoadProfile::new(&[phase(60, dec!(0.5), None)]);
        assert_eq!(p.at(SimTime::from_secs(30)), 1.0);
        assert_eq!(p.at(SimTime::from_secs(90)), 0.5);
        assert_eq!(p.max(), 1.0);
    }
}
