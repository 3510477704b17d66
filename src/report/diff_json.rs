//! The JSON view of `ddbplan diff`: wire types of their own, documented in
//! `docs/json-output.md` (`## diff`). Every value is a decimal string: money
//! in USD with two places, counts as whole numbers; `null` for a side that
//! does not exist.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::diff::{Compared, Row, TableDiff};
use crate::estimate::BillingOption;

/// Version of this JSON shape; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct DiffJson {
    pub schema_version: u32,
    /// The `--git-base` revision, when comparing with one.
    pub git_base: Option<String>,
    pub workloads: Vec<WorkloadDiffJson>,
}

#[derive(Debug, Serialize)]
pub struct WorkloadDiffJson {
    pub name: String,
    pub old_file: Option<String>,
    pub new_file: Option<String>,
    /// `added`, `removed`, `changed` or `unchanged`.
    pub status: &'static str,
    /// The workload's monthly cost per option and recommended.
    pub total: Vec<RowJson>,
    pub tables: Vec<TableDiffJson>,
}

#[derive(Debug, Serialize)]
pub struct TableDiffJson {
    pub table: String,
    /// The GSI these rows are about; `null` for the table itself.
    pub index: Option<String>,
    pub status: &'static str,
    pub recommended_before: Option<&'static str>,
    pub recommended_after: Option<&'static str>,
    pub rows: Vec<RowJson>,
}

#[derive(Debug, Serialize)]
pub struct RowJson {
    /// `on_demand`, `provisioned`, `provisioned_autoscaled`, `reserved`,
    /// `recommended`, `read_capacity_units`, `write_capacity_units`,
    /// `peak_read_capacity_units`, `peak_write_capacity_units`, `provisioned_rcu`,
    /// `provisioned_wcu` or `partitions`.
    pub metric: &'static str,
    /// `usd_per_month`, `units_per_second` (capacity) or `count` (partitions).
    pub unit: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    pub delta: Option<String>,
    /// The delta as a share of before (`"0.108"` is +10.8%); null when before is missing or zero.
    pub delta_share: Option<String>,
}

fn number(money: bool, d: Decimal) -> String {
    if money {
        let mut d = d.round_dp(2);
        d.rescale(2);
        d.to_string()
    } else {
        d.normalize().to_string()
    }
}

fn row(r: &Row) -> RowJson {
    use crate::check::diff::Metric;
    let money = r.metric.is_money();
    RowJson {
        metric: r.metric.key(),
        unit: match r.metric {
            Metric::Partitions => "count",
            _ if money => "usd_per_month",
            _ => "units_per_second",
        },
        before: r.change.before.map(|d| number(money, d)),
        after: r.change.after.map(|d| number(money, d)),
        delta: r.change.delta().map(|d| number(money, d)),
        delta_share: r.change.share().map(|s| s.round_dp(4).normalize().to_string()),
    }
}

fn table(t: &TableDiff) -> TableDiffJson {
    TableDiffJson {
        table: t.table.clone(),
        index: t.index.clone(),
        status: t.status.key(),
        recommended_before: t.recommended.0.map(BillingOption::key),
        recommended_after: t.recommended.1.map(BillingOption::key),
        rows: t.rows.iter().map(row).collect(),
    }
}

/// The wire form of a diff.
pub fn to_json(compared: &[Compared], git_base: Option<&str>) -> DiffJson {
    DiffJson {
        schema_version: SCHEMA_VERSION,
        git_base: git_base.map(str::to_string),
        workloads: compared
            .iter()
            .map(|c| WorkloadDiffJson {
                name: c.diff.name.clone(),
                old_file: c.old_file.clone(),
                new_file: c.new_file.clone(),
                status: c.diff.status.key(),
                total: c.diff.total.iter().map(row).collect(),
                tables: c.diff.tables.iter().map(table).collect(),
            })
            .collect(),
    }
}

/// Writes the diff as pretty JSON followed by a newline.
pub fn render(
    compared: &[Compared],
    git_base: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_json(compared, git_base))?;
    writeln!(out)
}
