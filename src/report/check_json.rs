//! The JSON view of `ddbplan check`: wire types of their own, documented in
//! `docs/json-output.md` (`## check`). Money is a decimal string in USD with
//! two places; shares are decimal strings (`"0.7385"`).

use std::io::{self, Write};

use serde::Serialize;

use crate::check::verdict::mode_key;
use crate::check::{CheckRun, Entry, Finding, Measure, Outcome, RunStatus};
use crate::estimate::BillingOption;
use crate::units::Usd;
use crate::yaml::YamlError;

/// Version of this JSON shape; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct CheckJson {
    pub schema_version: u32,
    /// `passed`, `failed` (exit 1) or `invalid` (exit 2).
    pub status: &'static str,
    pub strict: bool,
    pub summary: SummaryJson,
    pub workloads: Vec<WorkloadJson>,
}

#[derive(Debug, Serialize)]
pub struct SummaryJson {
    pub workloads: usize,
    pub ok: usize,
    pub warn: usize,
    pub over: usize,
    pub invalid: usize,
}

#[derive(Debug, Serialize)]
pub struct WorkloadJson {
    pub file: String,
    pub line: usize,
    pub name: Option<String>,
    /// `ok`, `warn`, `over` or `invalid`.
    pub verdict: &'static str,
    pub mode: Option<&'static str>,
    /// The option every table uses when `mode` is `recommended` and they agree.
    pub option: Option<&'static str>,
    pub projected_monthly_usd: Option<String>,
    pub budget_monthly_usd: Option<String>,
    pub budget_used: Option<String>,
    pub warn_at: Option<String>,
    pub findings: Vec<FindingJson>,
    pub errors: Vec<ErrorJson>,
}

#[derive(Debug, Serialize)]
pub struct FindingJson {
    /// `cost` or `partitions`.
    pub kind: &'static str,
    /// The table (`Table/Index` for a GSI); null for the workload total.
    pub subject: Option<String>,
    pub field: String,
    pub verdict: &'static str,
    /// Money (cost) or a whole number as a string (partitions).
    pub actual: String,
    pub limit: String,
}

#[derive(Debug, Serialize)]
pub struct ErrorJson {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub field: String,
    pub message: String,
    pub hint: Option<String>,
}

fn money(u: Usd) -> String {
    u.to_decimal_string()
}

fn finding(f: &Finding) -> FindingJson {
    let (kind, actual, limit) = match &f.measure {
        Measure::Cost { projected, budget } => ("cost", money(*projected), money(*budget)),
        Measure::Partitions { needed, max } => ("partitions", needed.to_string(), max.to_string()),
    };
    FindingJson {
        kind,
        subject: f.subject.clone(),
        field: f.field.clone(),
        verdict: f.verdict.key(),
        actual,
        limit,
    }
}

fn error(e: &YamlError) -> ErrorJson {
    ErrorJson {
        file: e.at.file.clone(),
        line: e.at.line,
        column: e.at.column,
        field: e.at.path.clone(),
        message: e.message.clone(),
        hint: e.hint.clone(),
    }
}

fn workload(e: &Entry) -> WorkloadJson {
    let mut w = WorkloadJson {
        file: e.file.clone(),
        line: e.line,
        name: e.name.clone(),
        verdict: "invalid",
        mode: None,
        option: None,
        projected_monthly_usd: None,
        budget_monthly_usd: None,
        budget_used: None,
        warn_at: None,
        findings: Vec::new(),
        errors: Vec::new(),
    };
    match &e.outcome {
        Outcome::Checked(c) => {
            w.verdict = c.verdict.key();
            w.mode = Some(mode_key(c.mode));
            w.option = c.option.map(BillingOption::key);
            w.projected_monthly_usd = Some(money(c.projected));
            w.budget_monthly_usd = Some(money(c.budget));
            w.budget_used = Some(c.share().round_dp(4).normalize().to_string());
            w.warn_at = Some(c.warn_at.normalize().to_string());
            w.findings = c.findings.iter().map(finding).collect();
        }
        Outcome::Invalid(p) => w.errors = p.iter().map(error).collect(),
    }
    w
}

/// The wire form of a check run.
pub fn to_json(run: &CheckRun) -> CheckJson {
    let s = run.summary();
    CheckJson {
        schema_version: SCHEMA_VERSION,
        status: match run.status() {
            RunStatus::Passed => "passed",
            RunStatus::Failed => "failed",
            RunStatus::Invalid => "invalid",
        },
        strict: run.strict,
        summary: SummaryJson {
            workloads: s.total(),
            ok: s.ok,
            warn: s.warn,
            over: s.over,
            invalid: s.invalid,
        },
        workloads: run.entries.iter().map(workload).collect(),
    }
}

/// Writes `run` as pretty JSON followed by a newline.
pub fn render(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_json(run))?;
    writeln!(out)
}
