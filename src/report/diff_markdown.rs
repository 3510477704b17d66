//! The Markdown view of `ddbplan diff`, for a pull-request comment: a heading
//! per workload with the change in its recommended monthly cost, and a
//! GitHub-flavoured table of the rows that matter (the workload total unless
//! there is one table, then each changed table and GSI). Tables and GSIs with no change are listed in
//! one line instead of rows; workloads with no change get one line.

use std::io::{self, Write};

use super::diff_cells::{delta, metric_label, percent, subject, value};
use super::diff_human::{files, headline, single_table};
use crate::check::diff::{Compared, Row, Status, TableDiff};

/// Writes every comparison as Markdown.
pub fn render(compared: &[Compared], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## DynamoDB cost diff (ddbplan)")?;
    if compared.is_empty() {
        writeln!(out)?;
        return writeln!(out, "No workloads to compare.");
    }
    for c in compared {
        writeln!(out)?;
        writeln!(out, "### {}", escape(&headline(c)))?;
        writeln!(out)?;
        writeln!(out, "{}", escape(&files(c)).replace("->", "→"))?;
        if c.diff.status == Status::Unchanged {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "| table | metric | before | after | change | % |")?;
        writeln!(out, "|---|---|---:|---:|---:|---:|")?;
        if !single_table(c) {
            for r in &c.diff.total {
                row(out, "**total**", None, r)?;
            }
        }
        let mut unchanged = Vec::new();
        for t in &c.diff.tables {
            if t.status == Status::Unchanged {
                unchanged.push(format!("`{}`", subject(t)));
                continue;
            }
            let s = format!("`{}`", subject(t));
            for r in &t.rows {
                row(out, &s, Some(t), r)?;
            }
        }
        if !unchanged.is_empty() {
            writeln!(out)?;
            writeln!(out, "Unchanged: {}.", escape(&unchanged.join(", ")))?;
        }
    }
    Ok(())
}

fn row(out: &mut dyn Write, subject: &str, t: Option<&TableDiff>, r: &Row) -> io::Result<()> {
    writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |",
        escape(subject),
        escape(&metric_label(t, r)),
        value(r.metric, r.change.before),
        value(r.metric, r.change.after),
        delta(r.metric, &r.change),
        percent(&r.change)
    )
}

/// Keeps table cells intact: a `|` in a name would start a new cell.
fn escape(s: &str) -> String {
    s.replace('|', "\\|")
}
