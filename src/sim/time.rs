//! Simulated time: whole microseconds since the start of a run. Never the
//! wall clock, never floating point.

use std::fmt;
use std::ops::{Add, Sub};

use crate::units::SimDuration;

/// An instant of simulated time, in microseconds since the run began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(u64);

pub const MICROS_PER_SECOND: u64 = 1_000_000;

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub const fn from_micros(us: u64) -> Self {
        SimTime(us)
    }

    pub const fn from_secs(s: u64) -> Self {
        SimTime(s * MICROS_PER_SECOND)
    }

    pub const fn micros(self) -> u64 {
        self.0
    }

    /// Whole seconds since the start (rounded down).
    pub const fn secs(self) -> u64 {
        self.0 / MICROS_PER_SECOND
    }

    /// Time elapsed since `earlier` (zero if `earlier` is later).
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration::from_micros(self.0.saturating_sub(earlier.0))
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.micros()))
    }
}

impl Sub<SimDuration> for SimTime {
    type Output = SimTime;
    fn sub(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_sub(d.micros()))
    }
}

impl fmt::Display for SimTime {
    /// `hh:mm:ss.mmm` of simulated time.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0 / 1_000;
        let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1_000 % 60, ms % 1_000);
        write!(f, "{h:02}:{m:02}:{s:02}.{milli:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_and_display() {
        let t = SimTime::from_secs(3_725) + SimDuration::from_micros(250_000);
        assert_eq!(t.to_string(), "01:02:05.250");
        assert_eq!(t.secs(), 3_725);
        assert_eq!(t.since(SimTime::from_secs(3_725)).micros(), 250_000);
        assert_eq!(SimTime::ZERO.since(t).micros(), 0);
    }
}
