//! The human view of `ddbplan check`: one row per workload (where, what,
//! projected, budget, share, verdict), then every problem on its own line
//! (`file:line: verdict: workload: sentence`), then the summary.
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
    render_table(run, out)?;
    let problems = problem_lines(run);
    if !problems.is_empty() {
        writeln!(out)?;
        for p in problems {
            writeln!(out, "{p}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", summary_line(run))
}

/// The table alone, one row per workload (also shown in the GitHub view's log).
pub fn render_table(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
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
    writeln!(out, "{t}")
}

/// `file:line: verdict: workload: sentence` for every finding that is not ok,
/// and one line per invalid workload.
fn problem_lines(run: &CheckRun) -> Vec<String> {
    let mut lines = Vec::new();
    for e in &run.entries {
        match &e.outcome {
            Outcome::Checked(c) => {
                for f in c.problems() {
                    lines.push(format!(
                        "{}:{}: {}: {}: {}",
                        e.file,
                        e.line,
                        f.verdict.key(),
                        e.label(),
                        finding_message(c, f)
                    ));
                }
            }
            Outcome::Invalid(p) => {
                let n =
                    if p.len() == 1 { "1 problem".into() } else { format!("{} problems", p.len()) };
                lines.push(format!(
                    "{}:{}: invalid: {}: {n} (see the errors below)",
                    e.file,
                    e.line,
                    e.label()
                ));
            }
        }
    }
    lines
}

fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}
