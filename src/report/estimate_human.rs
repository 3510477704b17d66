//! The human view of an estimate: per table, operations, capacity,
//! partitions, indexes, the cost of every option and the recommendation;
//! with `--explain`, the working line by line.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, Row};

use super::fmt::{dec, int, pct, size, table, usd};
use crate::capacity::PartitionBound;
use crate::estimate::{BillingOption, CapacityNeeds, ClassCost, Estimate, TableEstimate};

/// Writes the human report of `e`.
pub fn render(e: &Estimate, explain: bool, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{} — {} prices, {}-hour month", e.name, e.region, dec(e.month_hours, 2))?;
    for t in &e.tables {
        writeln!(out)?;
        render_table(t, explain, out)?;
    }
    if e.tables.len() > 1 {
        writeln!(out)?;
        writeln!(out, "Workload total per month")?;
        let mut tt = table(vec!["option", "monthly"]);
        for o in BillingOption::ALL {
            if let Some(v) = e.total.get(o) {
                tt.add_row(vec![Cell::new(o.label()), right(v.to_string())]);
            }
        }
        tt.add_row(vec![
            Cell::new("recommended (each table's best)"),
            right(e.recommended_monthly.to_string()),
        ]);
        writeln!(out, "{tt}")?;
    }
    writeln!(out)?;
    // A table's assumptions are printed under its recommendation; the notes
    // repeat them (as `Table: text`, for JSON and Markdown) and are skipped here.
    let shown: Vec<String> = e
        .tables
        .iter()
        .flat_map(|t| t.assumptions.iter().map(move |a| format!("{}: {a}", t.name)))
        .collect();
    for n in e.notes.iter().filter(|n| !shown.contains(n)) {
        writeln!(out, "note: {n}")?;
    }
    Ok(())
}

fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}

fn render_table(t: &TableEstimate, explain: bool, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Table {} ({}): {} items x {} = {} stored",
        t.name,
        t.table_class.as_str(),
        int(t.item_count),
        size(t.item_bytes),
        size(t.storage_bytes)
    )?;
    let mut ops = table(vec![
        "operation",
        "rate",
        "items/call",
        "RCU/call",
        "WCU/call",
        "RCU/s",
        "WCU/s",
        "index WCU/s",
    ]);
    for o in &t.operations {
        let name = match &o.index {
            Some(i) => format!("{} ({i})", o.op.name()),
            None => o.op.name().to_string(),
        };
        let idx: rust_decimal::Decimal =
            o.index_write_units_per_second.iter().map(|(_, u)| *u).sum();
        ops.add_row(vec![
            Cell::new(name),
            right(o.rate.to_string()),
            right(int(o.items_per_call)),
            right(dec(o.read_units_per_call.to_decimal(), 1)),
            right(dec(o.write_units_per_call.to_decimal(), 1)),
            right(dec(o.read_units_per_second, 2)),
            right(dec(o.write_units_per_second, 2)),
            right(dec(idx, 2)),
        ]);
    }
    writeln!(out, "{ops}")?;
    writeln!(
        out,
        "Capacity (table{}):",
        if t.indexes.iter().any(|i| !i.global) { ", including its LSIs" } else { "" }
    )?;
    writeln!(out, "{}", capacity_table(&t.needs, t))?;
    writeln!(out, "Partitions: {}", partitions_line(&t.needs))?;
    if !t.indexes.is_empty() {
        let mut it = table(vec![
            "index",
            "kind",
            "entry",
            "coverage",
            "RCU/s",
            "WCU/s",
            "peak RCU",
            "peak WCU",
            "partitions",
            "stored",
        ]);
        for i in &t.indexes {
            let (pr, pw, parts) = match &i.needs {
                Some(n) => (
                    int(n.peak_read_capacity_units),
                    int(n.peak_write_capacity_units),
                    int(n.partitions.partitions),
                ),
                None => ("(table)".into(), "(table)".into(), "(table)".into()),
            };
            it.add_row(vec![
                Cell::new(&i.name),
                Cell::new(if i.global { "GSI" } else { "LSI" }),
                right(size(i.entry_bytes)),
                right(pct(i.coverage)),
                right(dec(i.read_units, 2)),
                right(dec(i.write_units, 2)),
                right(pr),
                right(pw),
                right(parts),
                right(size(i.storage_bytes)),
            ]);
        }
        writeln!(out, "{it}")?;
    }
    writeln!(out, "Monthly cost ({}):", t.costs.class.as_str())?;
    writeln!(out, "{}", cost_table(&t.costs, Some(&t.other_class)))?;
    if !t.costs.free_tier.is_empty() {
        let parts: Vec<String> =
            t.costs.free_tier.iter().map(|(what, v)| format!("{what} worth {v}")).collect();
        writeln!(
            out,
            "Free tier (not subtracted; once per account and region): {}",
            parts.join("; ")
        )?;
    }
    let r = &t.recommendation;
    writeln!(
        out,
        "Recommendation: {} ({}) at {}/month",
        r.option.label(),
        r.table_class.as_str(),
        r.monthly
    )?;
    for reason in &r.reasons {
        writeln!(out, "  - {reason}")?;
    }
    for a in &t.assumptions {
        writeln!(out, "  assumption: {a}")?;
    }
    if explain {
        writeln!(out, "Working:")?;
        for s in t.working.steps() {
            writeln!(out, "  [{}] {}", s.rule, s.formula)?;
        }
    }
    Ok(())
}

fn capacity_table(n: &CapacityNeeds, t: &TableEstimate) -> comfy_table::Table {
    let mut c = table(vec!["", "reads (RCU)", "writes (WCU)"]);
    let lo_hi = |v: &[u64]| {
        let lo = v.iter().min().copied().unwrap_or(0);
        let hi = v.iter().max().copied().unwrap_or(0);
        if lo == hi { int(lo) } else { format!("{}-{}", int(lo), int(hi)) }
    };
    c.add_row(vec![
        Cell::new("average consumed /s"),
        right(dec(n.avg_read, 2)),
        right(dec(n.avg_write, 2)),
    ]);
    c.add_row(vec![
        Cell::new("peak hour /s"),
        right(int(n.peak_read_capacity_units)),
        right(int(n.peak_write_capacity_units)),
    ]);
    c.add_row(vec![
        Cell::new(format!("provisioned fixed ({} target)", pct(t.target_utilization))),
        right(int(n.fixed_rcu)),
        right(int(n.fixed_wcu)),
    ]);
    c.add_row(vec![
        Cell::new("auto scaled, hourly range"),
        right(lo_hi(&n.hourly_rcu)),
        right(lo_hi(&n.hourly_wcu)),
    ]);
    if n.reserved_rcu > 0 || n.reserved_wcu > 0 {
        c.add_row(vec![
            Cell::new("reserved baseline"),
            right(int(n.reserved_rcu)),
            right(int(n.reserved_wcu)),
        ]);
    }
    c
}

fn partitions_line(n: &CapacityNeeds) -> String {
    let p = &n.partitions;
    let bound = match p.bound {
        PartitionBound::Throughput => "throughput binds",
        PartitionBound::Size => "size binds",
    };
    format!(
        "{} ({bound}: {} by throughput at the fixed capacity, {} by size)",
        int(p.partitions),
        int(p.by_throughput),
        int(p.by_size)
    )
}

/// The cost table: one row per component, one column per costed option,
/// a total row, and the other class's total for comparison.
pub fn cost_table(cc: &ClassCost, other: Option<&ClassCost>) -> comfy_table::Table {
    let options: Vec<BillingOption> = BillingOption::ALL
        .into_iter()
        .filter(|o| cc.total.get(*o).is_some() || other.is_some_and(|x| x.total.get(*o).is_some()))
        .collect();
    let mut header = vec!["component"];
    header.extend(options.iter().map(|o| o.label()));
    let mut c = table(header);
    for line in &cc.lines {
        let mut row = Row::new();
        row.add_cell(Cell::new(&line.component));
        for o in &options {
            row.add_cell(right(usd(line.costs.get(*o))));
        }
        c.add_row(row);
    }
    let mut total = Row::new();
    total.add_cell(Cell::new(format!("total ({})", cc.class.as_str())));
    for o in &options {
        total.add_cell(right(usd(cc.total.get(*o))));
    }
    c.add_row(total);
    if let Some(other) = other {
        let mut row = Row::new();
        row.add_cell(Cell::new(format!("total if {}", other.class.as_str())));
        for o in &options {
            row.add_cell(right(usd(other.total.get(*o))));
        }
        c.add_row(row);
    }
    c
}
