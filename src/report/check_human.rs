//! The human view of `ddbplan check`: one row per workload (where, what,
//! projected, budget, share, verdict), then every problem on its own line
//! (`file:line: workload: sentence`), then the summary.
//!
//! Invalid workloads show as `invalid` here; their located errors are the
//! error `main` prints to stderr, once.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment};

use super::check_text::{finding_message, mode_label, summary_line};
use super::fmt::{pct, table};
use crate::check::{CheckRun, Outcome};

/// Writes the human report of `run`.
pub fn render(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    if run.entries.is_empty() {
        writeln!(out, "no workloads to check")?;
        return writeln!(out, "{}", summary_line(run));
    }
    let mut t =
        table(vec!["location", "workload", "mode", "projected", "budget", "used", "verdict"]);
    for e in &run.entries {
        let location = format!("{}:{}", e.file, e.line);
        let row = match &e.outcome {
            Outcome::Checked(c) => vec![
                Cell::new(location),
                Cell::new(e.label()),
                Cell::new(mode_label(c)),
                right(c.projected.to_string()),
                right(c.budget.to_string()),
                right(pct(c.share())),
                Cell::new(c.verdict.key()),
            ],
            Outcome::Invalid(_) => vec![
                Cell::new(location),
                Cell::new(e.label()),
                Cell::new("-"),
                right("-".into()),
                right("-".into()),
                right("-".into()),
                Cell::new("invalid"),
            ],
        };
        t.add_row(row);
    }
    writeln!(out, "{t}")?;
    let mut problems = Vec::new();
    for e in &run.entries {
        match &e.outcome {
            Outcome::Checked(c) => {
                for f in c.problems() {
                    problems.push(format!(
                        "{}:{}: {}: {}: {}",
                        e.file,
                        e.line,
                        f.verdict.key(),
                        e.label(),
                        finding_message(c, f)
                    ));
                }
            }
            Outcome::Invalid(p) => problems.push(format!(
                "{}:{}: invalid: {}: {} (see the errors below)",
                e.file,
                e.line,
                e.label(),
                if p.len() == 1 {
                    "1 problem".to_string()
                } else {
                    format!("{} problems", p.len())
                }
            )),
        }
    }
    if !problems.is_empty() {
        writeln!(out)?;
        for p in problems {
            writeln!(out, "{p}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", summary_line(run))
}

fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}
