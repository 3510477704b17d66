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

/// Run DynamoDB requests (one JSON object per line) against a fresh in-memory engine.
#[derive(Debug, Args)]
pub struct ExecArgs {
    /// File of requests, one per line: {"op": "PutItem", "request": {...}}. Use - for stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Also print consumed capacity per table and operation (to stderr).
    #[arg(long)]
    pub summary: bool,
    /// Fix the engine's clock at this Unix time (seconds) for reproducible
    /// output (CreationDateTime, stream labels); default: the system clock.
    #[arg(long, value_name = "EPOCH_SECONDS")]
    pub clock: Option<u64>,
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
    let clock: Arc<dyn Clock> = match args.clock {
        Some(secs) => Arc::new(ManualClock::new(Timestamp::from_secs(secs))),
        None => Arc::new(SystemClock),
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
