//! Budget verdicts: a workload's [`Estimate`] held against its `budget:`.
//!
//! Rules (documented in `docs/ci.md`):
//! - B1: the projected cost is the monthly cost of the budget's `mode`:
//!   `recommended` (default) is the sum of each table's recommended option;
//!   `on_demand`, `provisioned` and `provisioned_autoscaled` are the workload
//!   totals of that option. A mode some table was not costed for (e.g.
//!   `on_demand` with `billing_mode: provisioned`) is an input error.
//! - B2: costs are compared after rounding to whole cents, as displayed.
//! - B3: **over** when the cost is above the budget; **warn** when it is above
//!   `warn_at` × budget (default 0.8) but not over; otherwise **ok**.
//! - B4: each `budget.tables.NAME.monthly_usd` is checked the same way against
//!   that table's cost under the same mode.
//! - B5: `max_partitions_per_table` is over when a table or one of its GSIs
//!   needs more partitions (never a warning).
//! - B6: the workload's verdict is the worst of its findings.
//!
//! Depends on `estimate`, `workload` (the budget model) and `units`.

use rust_decimal::Decimal;

use crate::estimate::{BillingOption, Estimate, TableEstimate};
use crate::units::Usd;
use crate::workload::{Budget, BudgetMode};

/// The default share of the budget above which a workload is warned about.
pub const DEFAULT_WARN_AT: Decimal = Decimal::from_parts(8, 0, 0, false, 1);

/// The outcome of one comparison, best first (B6 takes the maximum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Ok,
    Warn,
    Over,
}

impl Verdict {
    /// The stable name used in every output format.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Warn => "warn",
            Verdict::Over => "over",
        }
    }
}

/// What a finding measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// Monthly cost against a monthly budget (B1-B4).
    Cost { projected: Usd, budget: Usd },
    /// Partitions needed against the allowed maximum (B5).
    Partitions { needed: u64, max: u64 },
}

/// One comparison: the whole workload, a table's budget, or a partition cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `None` for the workload total, else the table (or `Table/Index` for a GSI).
    pub subject: Option<String>,
    /// The `budget` field that set the limit, e.g. `budget.tables.Orders.monthly_usd`.
    pub field: String,
    pub measure: Measure,
    pub verdict: Verdict,
}

/// A workload's budget check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetCheck {
    pub mode: BudgetMode,
    /// The option of every table when `mode` is `recommended` and the tables agree.
    pub option: Option<BillingOption>,
    /// The workload's projected monthly cost, rounded to cents (B2).
    pub projected: Usd,
    pub budget: Usd,
    pub warn_at: Decimal,
    /// Every comparison made: the total first, then tables, then partitions.
    pub findings: Vec<Finding>,
    /// The worst verdict of `findings` (B6).
    pub verdict: Verdict,
}

impl BudgetCheck {
    /// projected / budget (budgets are validated to be positive).
    pub fn share(&self) -> Decimal {
        self.projected.amount() / self.budget.amount()
    }

    /// The findings that are not ok.
    pub fn problems(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.verdict != Verdict::Ok)
    }
}

/// The budget's mode names a billing option some tables were not costed for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the budget's mode `{mode}` was not costed for table(s) {}",
    tables.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
)]
pub struct ModeNotCosted {
    pub mode: &'static str,
    pub tables: Vec<String>,
}

/// The name of a budget mode as written in the workload file.
pub fn mode_key(mode: BudgetMode) -> &'static str {
    match mode {
        BudgetMode::Recommended => "recommended",
        BudgetMode::OnDemand => "on_demand",
        BudgetMode::Provisioned => "provisioned",
        BudgetMode::ProvisionedAutoscaled => "provisioned_autoscaled",
    }
}

fn option_of(mode: BudgetMode) -> Option<BillingOption> {
    match mode {
        BudgetMode::Recommended => None,
        BudgetMode::OnDemand => Some(BillingOption::OnDemand),
        BudgetMode::Provisioned => Some(BillingOption::Provisioned),
        BudgetMode::ProvisionedAutoscaled => Some(BillingOption::ProvisionedAutoscaled),
    }
}

/// A table's monthly cost under `mode` (B1).
fn table_cost(t: &TableEstimate, mode: BudgetMode) -> Option<Usd> {
    match option_of(mode) {
        None => Some(t.recommendation.monthly),
        Some(o) => t.costs.total.get(o),
    }
}

/// Compares `cost` with `budget` (B2, B3).
pub fn cost_verdict(cost: Usd, budget: Usd, warn_at: Decimal) -> Verdict {
    let cost = cost.cents();
    if cost > budget.amount() {
        Verdict::Over
    } else if cost > budget.amount() * warn_at {
        Verdict::Warn
    } else {
        Verdict::Ok
    }
}

/// Checks `estimate` against `budget` (rules B1-B6).
pub fn check_budget(budget: &Budget, estimate: &Estimate) -> Result<BudgetCheck, ModeNotCosted> {
    let mode = budget.mode;
    let warn_at = budget.warn_at.unwrap_or(DEFAULT_WARN_AT);
    let missing: Vec<String> = estimate
        .tables
        .iter()
        .filter(|t| table_cost(t, mode).is_none())
        .map(|t| t.name.clone())
        .collect();
    if !missing.is_empty() {
        return Err(ModeNotCosted { mode: mode_key(mode), tables: missing });
    }
    let projected =
        Usd::new(estimate.tables.iter().filter_map(|t| table_cost(t, mode)).sum::<Usd>().cents());
    let total_budget = Usd::new(budget.monthly_usd);
    let mut findings = vec![Finding {
        subject: None,
        field: "budget.monthly_usd".into(),
        measure: Measure::Cost { projected, budget: total_budget },
        verdict: cost_verdict(projected, total_budget, warn_at),
    }];
    for (name, tb) in &budget.tables {
        // Validation guarantees the table exists; skip defensively if not.
        let Some(t) = estimate.tables.iter().find(|t| &t.name == name) else { continue };
        let cost = Usd::new(table_cost(t, mode).unwrap_or_default().cents());
        let limit = Usd::new(tb.monthly_usd);
        findings.push(Finding {
            subject: Some(name.clone()),
            field: format!("budget.tables.{name}.monthly_usd"),
            measure: Measure::Cost { projected: cost, budget: limit },
            verdict: cost_verdict(cost, limit, warn_at),
        });
    }
    if let Some(max) = budget.max_partitions_per_table {
        for t in &estimate.tables {
            let gsis = t.indexes.iter().filter_map(|i| {
                i.needs
                    .as_ref()
                    .map(|n| (format!("{}/{}", t.name, i.name), n.partitions.partitions))
            });
            for (subject, needed) in
                std::iter::once((t.name.clone(), t.needs.partitions.partitions)).chain(gsis)
            {
                findings.push(Finding {
                    subject: Some(subject),
                    field: "budget.max_partitions_per_table".into(),
                    measure: Measure::Partitions { needed, max },
                    verdict: if needed > max { Verdict::Over } else { Verdict::Ok },
                });
            }
        }
    }
    let verdict = findings.iter().map(|f| f.verdict).max().unwrap_or(Verdict::Ok);
    let option = match option_of(mode) {
        Some(o) => Some(o),
        None => estimate.recommended_option,
    };
    Ok(BudgetCheck { mode, option, projected, budget: total_budget, warn_at, findings, verdict })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rust_decimal_macros::dec;

    use super::*;
    use crate::workload::TableBudget;

    fn usd(d: Decimal) -> Usd {
        Usd::new(d)
    }

    #[test]
    fn b3_thresholds_are_strictly_above() {
        let b = usd(dec!(100));
        assert_eq!(cost_verdict(usd(dec!(80)), b, dec!(0.8)), Verdict::Ok, "80% is not above 80%");
        assert_eq!(cost_verdict(usd(dec!(80.01)), b, dec!(0.8)), Verdict::Warn);
        assert_eq!(
            cost_verdict(usd(dec!(100)), b, dec!(0.8)),
            Verdict::Warn,
            "at budget is not over"
        );
        assert_eq!(cost_verdict(usd(dec!(100.01)), b, dec!(0.8)), Verdict::Over);
        assert_eq!(cost_verdict(usd(dec!(99)), b, dec!(1)), Verdict::Ok, "warn_at 1 never warns");
    }

    #[test]
    fn b2_compares_cents_as_displayed() {
        // $100.004 displays as $100.00, so it is not over a $100 budget.
        let b = usd(dec!(100));
        assert_eq!(cost_verdict(usd(dec!(100.004)), b, dec!(0.8)), Verdict::Warn);
        assert_eq!(cost_verdict(usd(dec!(100.005)), b, dec!(0.8)), Verdict::Over);
    }

    #[test]
    fn the_worst_verdict_wins() {
        assert!(Verdict::Over > Verdict::Warn && Verdict::Warn > Verdict::Ok);
        assert_eq!(DEFAULT_WARN_AT, dec!(0.8));
    }

    fn estimate_of(yaml: &str) -> (crate::workload::WorkloadFile, Estimate) {
        use crate::estimate::{PriceLists, estimate};
        use crate::pricing::PriceList;
        let file = crate::workload::parse("w.yaml", yaml, Default::default(), 0).unwrap();
        let home = PriceList::builtin("us-east-1").unwrap();
        let lookup = |r: &str| PriceList::builtin(r);
        let e = estimate(&file, &PriceLists { home: &home, other: &lookup }).unwrap();
        (file, e)
    }

    const TWO_TABLES: &str = "version: 1
tables:
  - name: Alpha
    partition_key: { name: K, type: S }
    item_count: 1M
    item_size: 1KB
    operations: [{ op: GetItem, rate: 100/s }, { op: PutItem, rate: 10/s }]
  - name: Bravo
    partition_key: { name: K, type: S }
    billing_mode: provisioned
    item_count: 1k
    item_size: 1KB
    operations: [{ op: GetItem, rate: 1/s }]
";

    fn budget(total: Decimal, mode: BudgetMode) -> Budget {
        Budget {
            monthly_usd: total,
            mode,
            warn_at: None,
            max_partitions_per_table: None,
            tables: BTreeMap::new(),
        }
    }

    #[test]
    fn b1_recommended_sums_each_tables_recommendation() {
        let (_, e) = estimate_of(TWO_TABLES);
        let c = check_budget(&budget(dec!(100000), BudgetMode::Recommended), &e).unwrap();
        let expected: Usd = e.tables.iter().map(|t| t.recommendation.monthly).sum();
        assert_eq!(c.projected, Usd::new(expected.cents()));
        assert_eq!(c.verdict, Verdict::Ok);
        assert_eq!(c.findings.len(), 1);
    }

    #[test]
    fn b1_a_mode_not_costed_for_a_table_is_an_error() {
        let (_, e) = estimate_of(TWO_TABLES);
        let err = check_budget(&budget(dec!(100), BudgetMode::OnDemand), &e).unwrap_err();
        assert_eq!(err.tables, vec!["Bravo".to_string()]);
        assert!(err.to_string().contains("`on_demand`"), "{err}");
    }

    #[test]
    fn b3_over_and_warn_from_a_real_estimate() {
        let (_, e) = estimate_of(TWO_TABLES);
        let p = e.total.provisioned.unwrap().cents();
        let over = check_budget(&budget(p - dec!(0.01), BudgetMode::Provisioned), &e).unwrap();
        assert_eq!(over.verdict, Verdict::Over);
        let warn = check_budget(&budget(p, BudgetMode::Provisioned), &e).unwrap();
        assert_eq!(warn.verdict, Verdict::Warn);
        assert_eq!(warn.share(), Decimal::ONE);
    }

    #[test]
    fn b4_table_budgets_and_b6_worst_wins() {
        let (_, e) = estimate_of(TWO_TABLES);
        let mut b = budget(dec!(100000), BudgetMode::Recommended);
        b.tables.insert("Alpha".into(), TableBudget { monthly_usd: dec!(0.01) });
        let c = check_budget(&b, &e).unwrap();
        assert_eq!(c.findings[0].verdict, Verdict::Ok);
        assert_eq!(c.findings[1].subject.as_deref(), Some("Alpha"));
        assert_eq!(c.findings[1].field, "budget.tables.Alpha.monthly_usd");
        assert_eq!(c.findings[1].verdict, Verdict::Over);
        assert_eq!(c.verdict, Verdict::Over);
        assert_eq!(c.problems().count(), 1);
    }

    #[test]
    fn b5_partition_cap_counts_tables_and_gsis() {
        let yaml = "version: 1
tables:
  - name: Big
    partition_key: { name: K, type: S }
    item_count: 100M
    item_size: 1KB
    global_secondary_indexes:
      - { name: Gsi1, partition_key: { name: X, type: S } }
    operations: [{ op: PutItem, rate: 10/s }]
";
        let (_, e) = estimate_of(yaml);
        let needed = e.tables[0].needs.partitions.partitions;
        assert!(needed > 1, "100M items of 1 KB need more than one 10 GB partition");
        let mut b = budget(dec!(100000), BudgetMode::Recommended);
        b.max_partitions_per_table = Some(needed - 1);
        let c = check_budget(&b, &e).unwrap();
        let parts: Vec<_> = c.findings.iter().filter(|f| f.subject.is_some()).collect();
        assert_eq!(parts.len(), 2, "the table and its GSI");
        assert_eq!(parts[0].verdict, Verdict::Over);
        assert_eq!(parts[1].subject.as_deref(), Some("Big/Gsi1"));
        b.max_partitions_per_table =
            Some(needed.max(e.tables[0].indexes[0].needs.as_ref().unwrap().partitions.partitions));
        assert_eq!(check_budget(&b, &e).unwrap().verdict, Verdict::Ok);
    }
}
