//! Time for the engine: the [`Clock`] trait and its two implementations.
//!
//! The engine never reads the wall clock itself; it asks the clock it was
//! given. The simulator passes a [`ManualClock`] it advances, `serve` a
//! [`SystemClock`]. Time is used for CreationDateTime, TTL and throughput
//! change timestamps. Depends on nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A point in time: milliseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub u64);

impl Timestamp {
    pub fn from_secs(secs: u64) -> Timestamp {
        Timestamp(secs * 1000)
    }

    /// Whole seconds since the epoch (what TTL attributes hold).
    pub fn as_secs(self) -> u64 {
        self.0 / 1000
    }

    /// Seconds as DynamoDB's JSON reports dates (a double, e.g. CreationDateTime).
    pub fn as_epoch_seconds_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

/// A source of the current time.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The real time, for `serve`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let since =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        Timestamp(since.as_millis() as u64)
    }
}

/// A clock that moves only when told to; clones share the same time, so a
/// simulator can keep one handle and give the engine another.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    millis: Arc<AtomicU64>,
}

impl ManualClock {
    pub fn new(start: Timestamp) -> ManualClock {
        ManualClock { millis: Arc::new(AtomicU64::new(start.0)) }
    }

    pub fn set(&self, t: Timestamp) {
        self.millis.store(t.0, Ordering::SeqCst);
    }

    pub fn advance_millis(&self, millis: u64) {
        self.millis.fetch_add(millis, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.millis.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told_and_clones_share_time() {
        let clock = ManualClock::new(Timestamp::from_secs(100));
        let engine_handle = clock.clone();
        assert_eq!(engine_handle.now(), Timestamp(100_000));
        clock.advance_millis(1500);
        assert_eq!(engine_handle.now().as_secs(), 101);
        clock.set(Timestamp::from_secs(7));
        assert_eq!(engine_handle.now().as_epoch_seconds_f64(), 7.0);
    }

    #[test]
    fn system_clock_is_after_2020() {
        assert!(SystemClock.now() > Timestamp::from_secs(1_577_836_800));
    }
}
