//! Cost gates for CI and design documents: finding workloads in YAML files
//! and Markdown documents, holding their estimates against their budgets, and
//! the difference between two estimates. Computation only: the CLI reads
//! files and runs estimates, `report::check_*` and `report::diff_*` render.
//!
//! - [`markdown`]: fenced code blocks with line numbers (CommonMark rules);
//! - [`source`]: the workload texts of a file, located; the directory search;
//! - [`glob`]: `--glob` patterns;
//! - [`verdict`]: budget rules B1-B6 (ok / warn / over);
//! - [`outcome`]: a whole check run and its exit status;
//! - [`diff`]: per table and option, before and after.
//!
//! Depends on `estimate`, `workload`, `yaml` and `units`. Never prints.

pub mod diff;
pub mod glob;
pub mod markdown;
pub mod outcome;
pub mod source;
pub mod verdict;

pub use outcome::{CheckRun, Entry, Outcome, RunStatus, Summary};
pub use verdict::{BudgetCheck, Finding, Measure, Verdict, check_budget};
