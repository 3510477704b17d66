//! [`PitrLog`]: what point-in-time recovery needs — every change to a
//! table's items since recovery was enabled (or within the recovery period),
//! with the item as it was before, so the table can be wound back to any
//! second of the window.
//!
//! Rules (Developer Guide, "Point-in-time recovery for DynamoDB"): once
//! enabled, a table can be restored "to any point in time during the last
//! 35 days" (RecoveryPeriodInDays, 1-35, default 35), never earlier than
//! when recovery was enabled; the latest restorable time is about five
//! minutes before now (`LatestRestorableDateTime`). Changes older than the
//! window are dropped, since restores never need to undo them. Depends on
//! `store`, `clock`, `value`.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::value::Item;

use super::super::clock::Timestamp;
use super::store::StoreKey;

/// Default and largest recovery period.
pub const MAX_RECOVERY_DAYS: u64 = 35;
/// How far behind now the latest restorable time is.
pub const LATEST_RESTORABLE_LAG_SECS: u64 = 300;

/// One change: when, which item, and the item before it (None: it did not exist).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub at: Timestamp,
    pub key: StoreKey,
    pub before: Option<Arc<Item>>,
}

/// A table's point-in-time recovery state.
#[derive(Debug, Clone, PartialEq)]
pub struct PitrLog {
    pub enabled_at: Timestamp,
    pub period_days: u64,
    changes: VecDeque<Change>,
}

impl PitrLog {
    pub fn new(enabled_at: Timestamp, period_days: u64) -> PitrLog {
        PitrLog { enabled_at, period_days, changes: VecDeque::new() }
    }

    /// The earliest second a restore may target at `now`.
    pub fn earliest(&self, now: Timestamp) -> Timestamp {
        let window = now.as_secs().saturating_sub(self.period_days * 86_400);
        Timestamp::from_secs(window.max(self.enabled_at.as_secs()))
    }

    /// The latest second a restore may target at `now`.
    pub fn latest(&self, now: Timestamp) -> Timestamp {
        let lag = now.as_secs().saturating_sub(LATEST_RESTORABLE_LAG_SECS);
        Timestamp::from_secs(lag.max(self.enabled_at.as_secs()))
    }

    /// Remembers a change and drops those older than the window.
    pub fn record(&mut self, at: Timestamp, key: StoreKey, before: Option<Arc<Item>>) {
        let earliest = self.earliest(at).as_secs();
        while self.changes.front().is_some_and(|c| c.at.as_secs() < earliest) {
            self.changes.pop_front();
        }
        self.changes.push_back(Change { at, key, before });
    }

    /// Changes made after second `t` (the ones a restore to `t` undoes),
    /// newest first. A change in second `t` itself is kept: the restore is
    /// to the end of that second.
    pub fn after(&self, t: Timestamp) -> impl Iterator<Item = &Change> {
        self.changes.iter().rev().take_while(move |c| c.at.as_secs() > t.as_secs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::table::PrimaryKey;
    use crate::value::KeyValue;

    fn key(s: &str) -> StoreKey {
        StoreKey::new(PrimaryKey { hash: KeyValue::S(s.into()), range: None })
    }

    // "restore ... to any point in time during the last 35 days", and
    // LatestRestorableDateTime about five minutes before now.
    #[test]
    fn window_is_35_days_from_enabling_and_5_minutes_behind_now() {
        let log = PitrLog::new(Timestamp::from_secs(1000), MAX_RECOVERY_DAYS);
        assert_eq!(log.earliest(Timestamp::from_secs(2000)), Timestamp::from_secs(1000));
        let later = Timestamp::from_secs(1000 + 40 * 86_400);
        assert_eq!(log.earliest(later), Timestamp::from_secs(1000 + 5 * 86_400));
        assert_eq!(log.latest(later), Timestamp::from_secs(1000 + 40 * 86_400 - 300));
    }

    #[test]
    fn changes_after_a_second_are_listed_newest_first_and_old_ones_dropped() {
        let mut log = PitrLog::new(Timestamp::from_secs(0), 1);
        log.record(Timestamp::from_secs(10), key("a"), None);
        log.record(Timestamp::from_secs(20), key("b"), None);
        log.record(Timestamp::from_secs(20), key("c"), None);
        let after: Vec<u64> = log.after(Timestamp::from_secs(10)).map(|c| c.at.as_secs()).collect();
        assert_eq!(after, [20, 20]);
        assert_eq!(log.after(Timestamp::from_secs(20)).count(), 0);
        log.record(Timestamp::from_secs(86_400 + 15), key("d"), None);
        assert_eq!(
            log.after(Timestamp::from_secs(0)).count(),
            3,
            "the change at 10 s left the window"
        );
    }
}
