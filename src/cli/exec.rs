//! `ddbplan exec`: run a file of DynamoDB requests against a fresh
//! in-memory engine and print each response.
//!
//! Input: one JSON object per line, `{"op": "PutItem", "request": {...}}`
//! (`-` reads standard input; blank lines are skipped). Output: one line of
//! JSON per request on stdout — the response as DynamoDB's API returns it,
//! or the error in DynamoDB's JSON error shape; a malformed line gets an
//! error line naming its line number and the run goes on. `--summary`
//! writes consumed capacity per table and operation to stderr, so stdout
//! stays JSON lines. Exit code 2 if any line was malformed, else 0.
//!
//! The engine's clock is fixed (default: the simulator's epoch,
//! 2025-01-01T00:00:00Z), so the same file gives the same output;
//! `--clock now` opts into the system clock.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use comfy_table::Table;

use super::{ExitStatus, InvalidInput};
use crate::engine::{
    CapacityLedger, Clock, Engine, ManualClock, ScriptRunner, SystemClock, Timestamp,
};
use crate::sim::run::EPOCH_SECS;

/// Run DynamoDB requests (one JSON object per line) against a fresh in-memory engine.
#[derive(Debug, Args)]
pub struct ExecArgs {
    /// File of requests, one per line: {"op": "PutItem", "request": {...}}. Use - for stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Also print consumed capacity per table and operation (to stderr).
    #[arg(long)]
    pub summary: bool,
    /// The engine's clock (CreationDateTime, stream labels, TTL): fixed at
    /// this Unix time in seconds, or `now` for the system clock. Default:
    /// fixed at 1735689600 (2025-01-01T00:00:00Z, the simulator's epoch), so
    /// the same file gives the same output.
    #[arg(long, value_name = "EPOCH_SECONDS|now", value_parser = parse_clock)]
    pub clock: Option<ExecClock>,
}

/// Where `exec` takes time from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecClock {
    /// Fixed at this Unix time in seconds.
    Fixed(u64),
    /// The system clock (output changes from run to run).
    Now,
}

impl Default for ExecClock {
    /// The simulator's epoch, 2025-01-01T00:00:00Z.
    fn default() -> Self {
        ExecClock::Fixed(EPOCH_SECS)
    }
}

fn parse_clock(s: &str) -> Result<ExecClock, String> {
    if s.eq_ignore_ascii_case("now") {
        return Ok(ExecClock::Now);
    }
    s.parse::<u64>().map(ExecClock::Fixed).map_err(|_| {
        format!(
            "expected Unix time in whole seconds (e.g. {EPOCH_SECS}) or `now` for the system clock"
        )
    })
}

fn render_summary(ledger: &CapacityLedger) -> String {
    let mut table = Table::new();
    table.load_preset(comfy_table::presets::ASCII_MARKDOWN);
    table.set_header(["table", "operation", "requests", "errors", "read units", "write units"]);
    for ((name, op), row) in &ledger.rows {
        table.add_row([
            name.clone(),
            op.clone(),
            row.requests.to_string(),
            row.errors.to_string(),
            row.read_units.to_string(),
            row.write_units.to_string(),
        ]);
    }
    table.to_string()
}

pub(super) fn run(args: ExecArgs) -> anyhow::Result<ExitStatus> {
    let clock: Arc<dyn Clock> = match args.clock.unwrap_or_default() {
        ExecClock::Fixed(secs) => Arc::new(ManualClock::new(Timestamp::from_secs(secs))),
        ExecClock::Now => Arc::new(SystemClock),
    };
    let mut runner = ScriptRunner::new(Engine::new(clock));
    let reader: Box<dyn BufRead> = if args.file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(&args.file)
            .with_context(|| format!("cannot open {}", args.file.display()))
            .map_err(InvalidInput)?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut out = std::io::stdout().lock();
    for (index, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", args.file.display()))?;
        if let Some(json) = runner.run_line(index + 1, &line).json() {
            writeln!(out, "{json}")?;
        }
    }
    out.flush()?;
    if args.summary {
        eprintln!("{}", render_summary(&runner.ledger));
    }
    if !runner.malformed_lines.is_empty() {
        let lines: Vec<String> = runner.malformed_lines.iter().map(usize::to_string).collect();
        return Err(InvalidInput(anyhow::anyhow!(
            "{} malformed line(s) in {}: {}",
            lines.len(),
            args.file.display(),
            lines.join(", ")
        ))
        .into());
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_is_fixed_unless_now_is_asked_for() {
        assert_eq!(ExecClock::default(), ExecClock::Fixed(1_735_689_600), "2025-01-01T00:00:00Z");
        assert_eq!(parse_clock("1700000000"), Ok(ExecClock::Fixed(1_700_000_000)));
        assert_eq!(parse_clock("now"), Ok(ExecClock::Now));
        assert!(parse_clock("yesterday").unwrap_err().contains("or `now`"));
        assert!(parse_clock("-1").is_err());
    }
}
