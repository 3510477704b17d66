//! The human view of `ddbplan diff`: per workload, a headline (the change in
//! the recommended monthly cost) and one table of every row: the workload
//! total per option (left out for a single table: it would repeat it), then each table's cost per option, capacity and
//! partitions, then each GSI's capacity and partitions.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment};

use super::diff_cells::{delta, metric_label, percent, subject, value};
use super::fmt::table;
use crate::check::diff::{Compared, Metric, Row, Status, TableDiff};

/// Writes the human report of every comparison.
pub fn render(compared: &[Compared], out: &mut dyn Write) -> io::Result<()> {
    if compared.is_empty() {
        return writeln!(out, "no workloads to compare");
    }
    for (i, c) in compared.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", headline(c))?;
        writeln!(out, "  {}", files(c))?;
        if c.diff.status == Status::Unchanged {
            continue;
        }
        let mut t = table(vec!["table", "metric", "before", "after", "change", "%"]);
        if !single_table(c) {
            for r in &c.diff.total {
                t.add_row(row("total", None, r));
            }
        }
        for td in &c.diff.tables {
            let s = subject(td);
            for r in &td.rows {
                t.add_row(row(&s, Some(td), r));
            }
        }
        writeln!(out, "{t}")?;
    }
    Ok(())
}

/// Whether the workload has one table on each side, so its total rows would
/// repeat the table's and are left out.
pub(super) fn single_table(c: &Compared) -> bool {
    c.diff.tables.iter().filter(|t| t.index.is_none()).count() == 1
}

/// `orders: changed, recommended +$107.79/month (+10.8%)`
pub(super) fn headline(c: &Compared) -> String {
    let d = &c.diff;
    let rec = d.total.iter().find(|r| r.metric == Metric::RecommendedCost);
    let money = rec
        .map(|r| {
            let pct = percent(&r.change);
            let pct =
                if pct == super::diff_cells::NONE { String::new() } else { format!(" ({pct})") };
            format!(", recommended {}/month{pct}", delta(r.metric, &r.change))
        })
        .unwrap_or_default();
    match d.status {
        Status::Unchanged => format!("{}: no change", d.name),
        s => format!("{}: {}{money}", d.name, s.key()),
    }
}

/// `old.yaml -> new.yaml`, or which side is missing.
pub(super) fn files(c: &Compared) -> String {
    match (&c.old_file, &c.new_file) {
        (Some(o), Some(n)) => format!("{o} -> {n}"),
        (None, Some(n)) => format!("added in {n}"),
        (Some(o), None) => format!("removed (was in {o})"),
        (None, None) => String::new(),
    }
}

fn row(subject: &str, t: Option<&TableDiff>, r: &Row) -> Vec<Cell> {
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    vec![
        Cell::new(subject),
        Cell::new(metric_label(t, r)),
        right(value(r.metric, r.change.before)),
        right(value(r.metric, r.change.after)),
        right(delta(r.metric, &r.change)),
        right(percent(&r.change)),
    ]
}
