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
