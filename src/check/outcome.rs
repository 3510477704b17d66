//! The result of `ddbplan check` as data: one [`Entry`] per workload (or per
//! file that could not yield any), and the [`Summary`] that decides the exit
//! status. Renderers in `report::check_*` turn a [`CheckRun`] into text.
//!
//! Depends on `check::verdict` and `yaml` (located errors).

use super::verdict::{BudgetCheck, Verdict};
use crate::yaml::YamlError;

/// What became of one workload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Estimated and held against its budget.
    Checked(BudgetCheck),
    /// Could not be checked: every problem, located.
    Invalid(Vec<YamlError>),
}

/// One workload (or a file that yielded none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file as named to the user.
    pub file: String,
    /// The block's opening fence (Markdown) or the `budget:` line (YAML).
    pub line: usize,
    /// The workload's name; `None` for a file-level problem.
    pub name: Option<String>,
    pub outcome: Outcome,
}

impl Entry {
    /// The verdict, or `None` when the workload could not be checked.
    pub fn verdict(&self) -> Option<Verdict> {
        match &self.outcome {
            Outcome::Checked(c) => Some(c.verdict),
            Outcome::Invalid(_) => None,
        }
    }

    /// The name for people: the workload's name, or the file for file-level problems.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.file)
    }
}

/// A whole `check` run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRun {
    pub entries: Vec<Entry>,
    /// `--strict`: warnings fail the run.
    pub strict: bool,
}

/// Counts by verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub ok: usize,
    pub warn: usize,
    pub over: usize,
    pub invalid: usize,
}

impl Summary {
    pub fn total(&self) -> usize {
        self.ok + self.warn + self.over + self.invalid
    }
}

/// How a check run ends (mapped to exit codes 0, 1 and 2 by the CLI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Everything within budget (warnings allowed unless strict).
    Passed,
    /// Some workload over budget, or warned about under `--strict`.
    Failed,
    /// Some workload or file could not be checked (this wins over `Failed`).
    Invalid,
}

impl CheckRun {
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for e in &self.entries {
            match e.verdict() {
                Some(Verdict::Ok) => s.ok += 1,
                Some(Verdict::Warn) => s.warn += 1,
                Some(Verdict::Over) => s.over += 1,
                None => s.invalid += 1,
            }
        }
        s
    }

    /// Whether an entry fails the run by its verdict (over, or warn when strict).
    pub fn fails(&self, verdict: Verdict) -> bool {
        verdict == Verdict::Over || (self.strict && verdict == Verdict::Warn)
    }

    pub fn status(&self) -> RunStatus {
        let s = self.summary();
        if s.invalid > 0 {
            RunStatus::Invalid
        } else if s.over > 0 || (self.strict && s.warn > 0) {
            RunStatus::Failed
        } else {
            RunStatus::Passed
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::units::Usd;
    use crate::workload::BudgetMode;
    use crate::yaml::Located;

    fn entry(v: Option<Verdict>) -> Entry {
        let outcome = match v {
            Some(verdict) => Outcome::Checked(BudgetCheck {
                mode: BudgetMode::Recommended,
                option: None,
                projected: Usd::new(dec!(1)),
                budget: Usd::new(dec!(2)),
                warn_at: dec!(0.8),
                findings: vec![],
                verdict,
            }),
            None => Outcome::Invalid(vec![YamlError::new(Located::default(), "bad")]),
        };
        Entry { file: "f.md".into(), line: 1, name: Some("w".into()), outcome }
    }

    fn run(vs: &[Option<Verdict>], strict: bool) -> CheckRun {
        CheckRun { entries: vs.iter().map(|v| entry(*v)).collect(), strict }
    }

    #[test]
    fn warnings_pass_unless_strict() {
        assert_eq!(
            run(&[Some(Verdict::Ok), Some(Verdict::Warn)], false).status(),
            RunStatus::Passed
        );
        assert_eq!(
            run(&[Some(Verdict::Ok), Some(Verdict::Warn)], true).status(),
            RunStatus::Failed
        );
    }

    #[test]
    fn over_fails_and_invalid_wins() {
        assert_eq!(run(&[Some(Verdict::Over)], false).status(), RunStatus::Failed);
        assert_eq!(run(&[Some(Verdict::Over), None], false).status(), RunStatus::Invalid);
        let s = run(&[Some(Verdict::Over), None, Some(Verdict::Ok)], false).summary();
        assert_eq!((s.ok, s.warn, s.over, s.invalid, s.total()), (1, 0, 1, 1, 3));
    }

    #[test]
    fn an_empty_run_passes() {
        // `--allow-empty` with nothing found: nothing failed.
        assert_eq!(run(&[], false).status(), RunStatus::Passed);
    }
}
