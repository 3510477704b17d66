//! How many items a run is expected to leave in the engine, so the
//! engine's store is sized once before traffic starts
//! ([`crate::engine::Engine::reserve_items`]) instead of doubling a dozen
//! times, each doubling copying the table into freshly zeroed memory (7%
//! of an hour-long run, docs/performance.md).
//!
//! Only sizing: the run's results never depend on it. The count is an
//! expectation for keys picked uniformly, from the requested write rates:
//! writes that are throttled, fail their condition, or are undone by
//! deletes leave room unused (at most the slots' 1.6 GB reservation cap).
//! With Zipf or hot keys, writes land on far fewer distinct items than the
//! uniform formula says, so no reservation is made and the store grows as
//! it fills.
//!
//! Depends on `setup` (the plans) and `keys`.

use super::keys::KeyPicker;
use super::setup::OpPlan;
use crate::workload::OpKind;

/// What a run writes, as the reservation needs it.
pub(super) struct Writes<'a> {
    pub(super) plans: &'a [OpPlan],
    /// Starting items (`item_count`).
    pub(super) starting_items: u64,
    /// Whether the table has a sort key (puts then add new items; without
    /// one they replace starting items).
    pub(super) sort_key: bool,
    /// Simulated seconds times the load profile's mean multiplier: a rate
    /// of 1/s makes this many requests.
    pub(super) rate_seconds: f64,
}

/// Items expected in the engine at the end of the run: the distinct
/// starting items updated (a starting item enters the engine when first
/// written; `n` uniform draws over `N` items reach `N(1 - e^(-n/N))` of
/// them), plus the new items puts add. `None` when a write that may land
/// on a starting item picks its key other than uniformly.
pub(super) fn expected_stored_items(w: &Writes) -> Option<u64> {
    let mut onto_starting = 0.0;
    let mut added = 0.0;
    for p in w.plans {
        let requests = p.rate_per_sec * w.rate_seconds;
        let items = match p.kind {
            OpKind::UpdateItem => Some(requests),
            OpKind::PutItem => {
                added += if w.sort_key { requests } else { 0.0 };
                (!w.sort_key).then_some(requests)
            }
            OpKind::BatchWriteItem | OpKind::TransactWriteItems => {
                let n = requests * p.items.max(1) as f64;
                added += if w.sort_key { n } else { 0.0 };
                (!w.sort_key).then_some(n)
            }
            // Deletes only take items away; reads store nothing.
            _ => None,
        };
        if let Some(n) = items {
            if !matches!(p.picker, KeyPicker::Uniform { .. }) {
                return None;
            }
            onto_starting += n;
        }
    }
    let n = w.starting_items.max(1) as f64;
    let touched = n * (1.0 - (-onto_starting / n).exp());
    Some((touched + added).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::setup::ReadTarget;
    use crate::workload::KeyDistribution;

    fn plan(kind: OpKind, rate_per_sec: f64) -> OpPlan {
        OpPlan {
            kind,
            label: format!("{kind:?}"),
            rate_per_sec,
            picker: KeyPicker::new(&KeyDistribution::Uniform, 1_000),
            items: 1,
            strong: false,
            target: ReadTarget::Table,
            entry_bytes: 0,
            op_item_bytes: None,
            update_bytes: 0,
            key_changes: Vec::new(),
            rewrites: Vec::new(),
            fetch_share: 0.0,
            vary_filler: false,
            service_us: 0,
        }
    }

    fn writes(plans: &[OpPlan], sort_key: bool, rate_seconds: f64) -> Option<u64> {
        expected_stored_items(&Writes { plans, starting_items: 1_000_000, sort_key, rate_seconds })
    }

    // The benchmark's hour: 3,000 updates/s over 50M items touch
    // 50M(1 - e^(-10.8M/50M)) = 9.71M of them; 1,000 puts/s add 3.6M.
    #[test]
    fn uniform_updates_touch_the_coupon_collector_share_and_puts_add() {
        let plans = [plan(OpKind::UpdateItem, 3_000.0), plan(OpKind::PutItem, 1_000.0)];
        let got = expected_stored_items(&Writes {
            plans: &plans,
            starting_items: 50_000_000,
            sort_key: true,
            rate_seconds: 3_600.0,
        });
        let touched = 50e6 * (1.0 - (-10.8e6f64 / 50e6).exp());
        assert_eq!(got, Some((touched + 3.6e6).round() as u64));
        assert!((13_300_000..13_320_000).contains(&got.unwrap()), "{got:?}");
    }

    // Many more updates than items touch every item once, no more.
    #[test]
    fn updates_never_touch_more_than_the_starting_items() {
        let plans = [plan(OpKind::UpdateItem, 1_000.0)];
        assert_eq!(writes(&plans, true, 100_000.0), Some(1_000_000));
    }

    // Without a sort key a put replaces a starting item; reads and deletes
    // store nothing; a skewed writer makes no reservation.
    #[test]
    fn puts_without_sort_key_reads_deletes_and_skew() {
        let puts = [plan(OpKind::PutItem, 10.0)];
        let over_1000 = |plans: &[OpPlan], sort_key| {
            let w = Writes { plans, starting_items: 1_000, sort_key, rate_seconds: 100.0 };
            expected_stored_items(&w)
        };
        // With a sort key each of the 1,000 puts adds an item; without one
        // they land on the 1,000 starting items: 1,000(1 - e^-1) = 632.
        assert_eq!(over_1000(&puts, true), Some(1_000));
        assert_eq!(over_1000(&puts, false), Some(632));
        // A batch of 25 puts 25 items a request.
        let mut batch = plan(OpKind::BatchWriteItem, 10.0);
        batch.items = 25;
        assert_eq!(over_1000(&[batch.clone()], true), Some(25_000));
        assert_eq!(over_1000(&[batch], false), Some(1_000));
        let reads = [plan(OpKind::GetItem, 10.0), plan(OpKind::DeleteItem, 10.0)];
        assert_eq!(writes(&reads, true, 100.0), Some(0));
        let mut skewed = plan(OpKind::UpdateItem, 10.0);
        skewed.picker = KeyPicker::new(&KeyDistribution::Zipf(rust_decimal::Decimal::ONE), 1_000);
        assert_eq!(writes(&[skewed.clone()], true, 100.0), None);
        // A skewed put with a sort key adds new items whatever its keys.
        skewed.kind = OpKind::PutItem;
        assert_eq!(writes(&[skewed], true, 100.0), Some(1_000));
    }
}
