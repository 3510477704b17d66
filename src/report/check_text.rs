//! Sentences shared by every `check` view: what a finding found, and the
//! one-line summary of a run. One wording, so the table, the annotations and
//! the JUnit report say the same thing.

use super::fmt::{int, pct};
use crate::check::verdict::mode_key;
use crate::check::{BudgetCheck, CheckRun, Finding, Measure, RunStatus, Verdict};

/// The billing option a check used: `recommended (on_demand)` when every
/// table agrees, or the mode.
pub fn mode_label(c: &BudgetCheck) -> String {
    match (mode_key(c.mode), c.option) {
        ("recommended", Some(o)) => format!("recommended: {}", o.key()),
        (mode, _) => mode.to_string(),
    }
}

/// One finding as a sentence, e.g. `projected $812.40/month is over the
/// budget of $500.00 (162.5%, recommended: on_demand)`.
pub fn finding_message(c: &BudgetCheck, f: &Finding) -> String {
    let subject = match &f.subject {
        None => String::new(),
        Some(s) if s.contains('/') => format!("GSI {s}: "),
        Some(s) => format!("table {s}: "),
    };
    match &f.measure {
        Measure::Cost { projected, budget } => {
            let relation = match f.verdict {
                Verdict::Over => "is over the budget of".to_string(),
                Verdict::Warn => format!("is above {} of the budget of", pct(c.warn_at)),
                Verdict::Ok => "is within the budget of".to_string(),
            };
            let share = pct(projected.amount() / budget.amount());
            format!(
                "{subject}projected {projected}/month {relation} {budget} ({share}, {})",
                mode_label(c)
            )
        }
        Measure::Partitions { needed, max } => {
            let relation = if needed > max { "more than" } else { "within" };
            format!(
                "{subject}needs {} partitions, {relation} max_partitions_per_table {}",
                int(*needed),
                int(*max)
            )
        }
    }
}

/// `3 workloads: 1 ok, 1 warn, 1 over, 0 invalid: FAILED`
pub fn summary_line(run: &CheckRun) -> String {
    let s = run.summary();
    let result = match run.status() {
        RunStatus::Passed => "passed",
        RunStatus::Failed if s.over == 0 => "FAILED (warnings fail with --strict)",
        RunStatus::Failed => "FAILED (over budget)",
        RunStatus::Invalid => "INVALID INPUT",
    };
    let noun = if s.total() == 1 { "workload" } else { "workloads" };
    format!(
        "{} {noun}: {} ok, {} warn, {} over, {} invalid: {result}",
        s.total(),
        s.ok,
        s.warn,
        s.over,
        s.invalid
    )
}
