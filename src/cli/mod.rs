//! Command-line interface: clap definitions and dispatch only.
//!
//! Each subcommand has one `Args` struct (its doc comments are its help
//! text) in its own file and one `run` function that turns the arguments
//! into a domain request, calls the library, and renders the result with
//! `report`. This is the only module that knows about terminals, files named
//! on the command line, and exit codes (`exit`).

mod calc;
mod check;
mod diff;
mod estimate;
mod exec;
mod exit;
mod practice;
mod pricing;
mod simulate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use exit::{ExitStatus, InvalidInput, exit_code_for};

/// Plan, cost and simulate Amazon DynamoDB designs before you pay for them.
#[derive(Debug, Parser)]
#[command(name = "ddbplan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Estimate capacity, partitions and monthly cost of a workload file.
    Estimate(estimate::EstimateArgs),
    /// Show the built-in price lists.
    Pricing(pricing::PricingArgs),
    /// Run DynamoDB requests (JSON lines) against a fresh in-memory engine.
    Exec(exec::ExecArgs),
    // `check` and `diff` take their help (summary and long text) from their Args docs.
    Check(check::CheckArgs),
    Diff(diff::DiffArgs),
    /// Exam-style calculations (item size, RCU, WCU, partitions, cost, GSI,
    /// break-even) with the working shown.
    Calc(calc::CalcArgs),
    /// Practise exam-style questions (RCU, WCU, item size, partitions, GSI,
    /// cost, billing mode, consistency) with worked solutions.
    Practice(practice::PracticeArgs),
    /// Simulate a workload's traffic: throttling and hot partitions over time.
    Simulate(simulate::SimulateArgs),
}

/// Runs the parsed command line. Errors are returned, not printed: `main`
/// prints them once and maps them to an exit code with [`exit_code_for`].
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Estimate(args) => estimate::run(args),
        Command::Pricing(args) => pricing::run(args),
        Command::Exec(args) => exec::run(args),
        Command::Check(args) => check::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Calc(args) => calc::run(args),
        Command::Practice(args) => practice::run(args),
        Command::Simulate(args) => simulate::run(args),
    }
}

/// The whole program: parse, run, print any error once with its chain, and
/// return the documented exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            if exit::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(exit_code_for(&err))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
