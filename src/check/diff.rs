//! The difference between two estimates of a workload: per table (and GSI),
//! capacity, partitions and the monthly cost of every billing option, before
//! and after, with the change and the change as a share of before.
//!
//! Workloads are paired by name ([`pair_by_name`]); tables by table name, so
//! a renamed table shows as one removed and one added.
//!
//! Depends on `estimate` and `units`. Never prints.

use rust_decimal::Decimal;

use crate::estimate::{BillingOption, CapacityNeeds, Estimate, TableEstimate};
use crate::units::Usd;

/// Whether a thing exists on one side only, or on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Unchanged => "unchanged",
        }
    }
}

/// What a row measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Monthly cost of one billing option (USD).
    Cost(BillingOption),
    /// Monthly cost of the recommended option (USD).
    RecommendedCost,
    /// Average consumed read / write capacity units per second (rounded up).
    ReadCapacity,
    WriteCapacity,
    /// The same at the peak hour.
    PeakReadCapacity,
    PeakWriteCapacity,
    /// Provisioned capacity fixed at peak / target utilization (what the
    /// `provisioned` option pays for).
    ProvisionedRead,
    ProvisionedWrite,
    Partitions,
}

impl Metric {
    /// The stable key used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Metric::Cost(o) => o.key(),
            Metric::RecommendedCost => "recommended",
            Metric::ReadCapacity => "read_capacity_units",
            Metric::WriteCapacity => "write_capacity_units",
            Metric::PeakReadCapacity => "peak_read_capacity_units",
            Metric::PeakWriteCapacity => "peak_write_capacity_units",
            Metric::ProvisionedRead => "provisioned_rcu",
            Metric::ProvisionedWrite => "provisioned_wcu",
            Metric::Partitions => "partitions",
        }
    }

    /// The label used in tables for people.
    pub fn label(self) -> &'static str {
        match self {
            Metric::Cost(o) => o.label(),
            Metric::RecommendedCost => "recommended",
            Metric::ReadCapacity => "read capacity (RCU/s)",
            Metric::WriteCapacity => "write capacity (WCU/s)",
            Metric::PeakReadCapacity => "peak read capacity (RCU/s)",
            Metric::PeakWriteCapacity => "peak write capacity (WCU/s)",
            Metric::ProvisionedRead => "provisioned RCU (fixed)",
            Metric::ProvisionedWrite => "provisioned WCU (fixed)",
            Metric::Partitions => "partitions",
        }
    }

    pub fn is_money(self) -> bool {
        matches!(self, Metric::Cost(_) | Metric::RecommendedCost)
    }
}

/// A value before and after. Money is rounded to cents; counts are whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub before: Option<Decimal>,
    pub after: Option<Decimal>,
}

impl Change {
    /// after - before, treating a missing side as zero; `None` when both are missing.
    pub fn delta(&self) -> Option<Decimal> {
        match (self.before, self.after) {
            (None, None) => None,
            (b, a) => Some(a.unwrap_or_default() - b.unwrap_or_default()),
        }
    }

    /// The delta as a share of before; `None` when before is missing or zero.
    pub fn share(&self) -> Option<Decimal> {
        let before = self.before.filter(|b| !b.is_zero())?;
        Some(self.delta()? / before)
    }

    pub fn is_unchanged(&self) -> bool {
        self.before == self.after
    }
}

/// One measured value of a table, a GSI or the workload total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub metric: Metric,
    pub change: Change,
}

/// A table's (or a GSI's) rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDiff {
    pub table: String,
    /// Set for a GSI's capacity and partitions (its cost is in the table's).
    pub index: Option<String>,
    pub status: Status,
    /// The recommended option before and after (tables only).
    pub recommended: (Option<BillingOption>, Option<BillingOption>),
    pub rows: Vec<Row>,
}

/// A workload's difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadDiff {
    pub name: String,
    pub status: Status,
    pub tables: Vec<TableDiff>,
    /// The workload's monthly cost per option and recommended, summed over tables.
    pub total: Vec<Row>,
}

/// A workload's difference with the files each side came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    /// Where the old version was read (`REF:path` for a git revision); `None` when added.
    pub old_file: Option<String>,
    /// Where the new version was read; `None` when removed.
    pub new_file: Option<String>,
    pub diff: WorkloadDiff,
}

fn money(u: Option<Usd>) -> Option<Decimal> {
    u.map(Usd::cents)
}

fn count(n: Option<u64>) -> Option<Decimal> {
    n.map(Decimal::from)
}

/// Capacity rows; the provisioned ones only when `provisioned` (a table with
/// `billing_mode: on_demand` on both sides pays for no provisioned capacity).
fn capacity_rows(
    old: Option<&CapacityNeeds>,
    new: Option<&CapacityNeeds>,
    provisioned: bool,
) -> Vec<Row> {
    type Get = fn(&CapacityNeeds) -> u64;
    let metrics: [(Metric, Get); 7] = [
        (Metric::ReadCapacity, |n| n.read_capacity_units),
        (Metric::WriteCapacity, |n| n.write_capacity_units),
        (Metric::PeakReadCapacity, |n| n.peak_read_capacity_units),
        (Metric::PeakWriteCapacity, |n| n.peak_write_capacity_units),
        (Metric::ProvisionedRead, |n| n.fixed_rcu),
        (Metric::ProvisionedWrite, |n| n.fixed_wcu),
        (Metric::Partitions, |n| n.partitions.partitions),
    ];
    metrics
        .iter()
        .filter(|(m, _)| {
            provisioned || !matches!(m, Metric::ProvisionedRead | Metric::ProvisionedWrite)
        })
        .map(|(metric, get)| Row {
            metric: *metric,
            change: Change { before: count(old.map(get)), after: count(new.map(get)) },
        })
        .collect()
}

fn cost_rows(
    old: Option<&crate::estimate::OptionCosts>,
    new: Option<&crate::estimate::OptionCosts>,
    old_rec: Option<Usd>,
    new_rec: Option<Usd>,
) -> Vec<Row> {
    let mut rows: Vec<Row> = BillingOption::ALL
        .iter()
        .map(|o| Row {
            metric: Metric::Cost(*o),
            change: Change {
                before: money(old.and_then(|c| c.get(*o))),
                after: money(new.and_then(|c| c.get(*o))),
            },
        })
        .filter(|r| r.change.before.is_some() || r.change.after.is_some())
        .collect();
    rows.push(Row {
        metric: Metric::RecommendedCost,
        change: Change { before: money(old_rec), after: money(new_rec) },
    });
    rows
}

fn status(old: bool, new: bool, rows: &[Row]) -> Status {
    match (old, new) {
        (false, _) => Status::Added,
        (_, false) => Status::Removed,
        _ if rows.iter().all(|r| r.change.is_unchanged()) => Status::Unchanged,
        _ => Status::Changed,
    }
}

fn table_diffs(old: Option<&TableEstimate>, new: Option<&TableEstimate>) -> Vec<TableDiff> {
    let either = new.or(old).expect("a table exists on at least one side");
    let mut rows = cost_rows(
        old.map(|t| &t.costs.total),
        new.map(|t| &t.costs.total),
        old.map(|t| t.recommendation.monthly),
        new.map(|t| t.recommendation.monthly),
    );
    let provisioned = [old, new]
        .iter()
        .flatten()
        .any(|t| t.costs.total.get(BillingOption::Provisioned).is_some());
    rows.extend(capacity_rows(old.map(|t| &t.needs), new.map(|t| &t.needs), provisioned));
    let mut out = vec![TableDiff {
        table: either.name.clone(),
        index: None,
        status: status(old.is_some(), new.is_some(), &rows),
        recommended: (old.map(|t| t.recommendation.option), new.map(|t| t.recommendation.option)),
        rows,
    }];
    let gsis = |t: Option<&TableEstimate>| -> Vec<(String, CapacityNeeds)> {
        t.map(|t| {
            t.indexes.iter().filter_map(|i| i.needs.clone().map(|n| (i.name.clone(), n))).collect()
        })
        .unwrap_or_default()
    };
    let (old_gsis, new_gsis) = (gsis(old), gsis(new));
    for (o, n) in pair_by_name(&old_gsis, &new_gsis, |g| g.0.as_str(), false) {
        let rows = capacity_rows(o.map(|g| &g.1), n.map(|g| &g.1), provisioned);
        out.push(TableDiff {
            table: either.name.clone(),
            index: Some(n.or(o).expect("one side exists").0.clone()),
            status: status(o.is_some(), n.is_some(), &rows),
            recommended: (None, None),
            rows,
        });
    }
    out
}

/// The difference between `old` and `new` (either may be absent: a workload
/// added or removed).
pub fn diff(old: Option<&Estimate>, new: Option<&Estimate>) -> WorkloadDiff {
    let name = new.or(old).map(|e| e.name.clone()).unwrap_or_default();
    let no_tables = Vec::new();
    let old_tables = old.map(|e| &e.tables).unwrap_or(&no_tables);
    let new_tables = new.map(|e| &e.tables).unwrap_or(&no_tables);
    let tables: Vec<TableDiff> = pair_by_name(old_tables, new_tables, |t| t.name.as_str(), false)
        .into_iter()
        .flat_map(|(o, n)| table_diffs(o, n))
        .collect();
    let total = cost_rows(
        old.map(|e| &e.total),
        new.map(|e| &e.total),
        old.map(|e| e.recommended_monthly),
        new.map(|e| e.recommended_monthly),
    );
    let status = match (old.is_some(), new.is_some()) {
        (false, _) => Status::Added,
        (_, false) => Status::Removed,
        _ if tables.iter().all(|t| t.status == Status::Unchanged)
            && total.iter().all(|r| r.change.is_unchanged()) =>
        {
            Status::Unchanged
        }
        _ => Status::Changed,
    };
    WorkloadDiff { name, status, tables, total }
}

/// Pairs items of `old` and `new` with equal names: new items in their order
/// (paired or added), then old items that are gone. With `pair_singletons`,
/// one item on each side is a pair whatever the names (a renamed workload).
pub fn pair_by_name<'a, T>(
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> &str,
    pair_singletons: bool,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    if pair_singletons && old.len() == 1 && new.len() == 1 {
        return vec![(Some(&old[0]), Some(&new[0]))];
    }
    let mut pairs: Vec<(Option<&T>, Option<&T>)> =
        new.iter().map(|n| (old.iter().find(|o| name(o) == name(n)), Some(n))).collect();
    pairs.extend(
        old.iter().filter(|o| !new.iter().any(|n| name(n) == name(o))).map(|o| (Some(o), None)),
    );
    pairs
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn change_delta_and_share() {
        let c = Change { before: Some(dec!(200)), after: Some(dec!(250)) };
        assert_eq!(c.delta(), Some(dec!(50)));
        assert_eq!(c.share(), Some(dec!(0.25)));
        let added = Change { before: None, after: Some(dec!(10)) };
        assert_eq!(added.delta(), Some(dec!(10)), "added counts from zero");
        assert_eq!(added.share(), None, "no share of nothing");
        let zero = Change { before: Some(dec!(0)), after: Some(dec!(1)) };
        assert_eq!(zero.share(), None);
        let removed = Change { before: Some(dec!(4)), after: None };
        assert_eq!((removed.delta(), removed.share()), (Some(dec!(-4)), Some(dec!(-1))));
    }

    #[test]
    fn pairing_by_name_keeps_new_order_then_removed() {
        let old = ["a", "b", "c"];
        let new = ["c", "d", "a"];
        let p = pair_by_name(&old, &new, |s| s, false);
        let show: Vec<_> = p.iter().map(|(o, n)| (o.copied(), n.copied())).collect();
        assert_eq!(
            show,
            vec![
                (Some("c"), Some("c")),
                (None, Some("d")),
                (Some("a"), Some("a")),
                (Some("b"), None)
            ]
        );
    }

    #[test]
    fn singletons_pair_despite_a_rename_only_when_asked() {
        let p = pair_by_name(&["old"], &["new"], |s| s, true);
        assert_eq!(p.len(), 1);
        assert_eq!(pair_by_name(&["old"], &["new"], |s| s, false).len(), 2);
    }

    fn estimate_of(yaml: &str) -> Estimate {
        use crate::estimate::{PriceLists, estimate};
        use crate::pricing::PriceList;
        let file = crate::workload::parse("w.yaml", yaml, Default::default(), 0).unwrap();
        let home = PriceList::builtin("us-east-1").unwrap();
        let lookup = |r: &str| PriceList::builtin(r);
        estimate(&file, &PriceLists { home: &home, other: &lookup }).unwrap()
    }

    const W: &str = "version: 1
name: w
tables:
  - name: Alpha
    partition_key: { name: K, type: S }
    item_count: 1M
    item_size: 1KB
    global_secondary_indexes:
      - { name: Gsi1, partition_key: { name: X, type: S } }
    operations: [{ op: GetItem, rate: 100/s }, { op: PutItem, rate: 10/s }]
";

    #[test]
    fn identical_estimates_are_unchanged() {
        let e = estimate_of(W);
        let d = diff(Some(&e), Some(&e));
        assert_eq!(d.status, Status::Unchanged);
        assert_eq!(d.tables.len(), 2, "the table and its GSI");
        assert_eq!(d.tables[1].index.as_deref(), Some("Gsi1"));
    }

    #[test]
    fn doubling_the_reads_doubles_read_capacity() {
        let old = estimate_of(W);
        let new = estimate_of(&W.replace("100/s", "200/s"));
        let d = diff(Some(&old), Some(&new));
        assert_eq!(d.status, Status::Changed);
        let read = d.tables[0].rows.iter().find(|r| r.metric == Metric::ReadCapacity).unwrap();
        // 100 eventually consistent 1 KB reads/s = 50 RCU/s (0.5 RCU each); 200/s = 100.
        assert_eq!(read.change, Change { before: Some(dec!(50)), after: Some(dec!(100)) });
        assert_eq!(read.change.share(), Some(dec!(1)));
        let od =
            d.total.iter().find(|r| r.metric == Metric::Cost(BillingOption::OnDemand)).unwrap();
        assert!(od.change.delta().unwrap() > Decimal::ZERO);
        assert_eq!(d.tables[1].status, Status::Unchanged, "the GSI gets no reads");
    }

    #[test]
    fn added_table_and_added_workload() {
        let old = estimate_of(W);
        let two = format!(
            "{W}  - name: Bravo\n    partition_key: {{ name: K, type: S }}\n    item_count: 1k\n    item_size: 1KB\n    operations: [{{ op: GetItem, rate: 1/s }}]\n"
        );
        let new = estimate_of(&two);
        let d = diff(Some(&old), Some(&new));
        let b = d.tables.iter().find(|t| t.table == "Bravo").unwrap();
        assert_eq!(b.status, Status::Added);
        assert!(b.rows.iter().all(|r| r.change.before.is_none()));
        let added = diff(None, Some(&new));
        assert_eq!(added.status, Status::Added);
        assert_eq!(diff(Some(&old), None).status, Status::Removed);
    }
}
