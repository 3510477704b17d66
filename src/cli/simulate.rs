//! `ddbplan simulate`: throttling and hot partitions over virtual time.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use super::estimate::estimate_file;
use super::{ExitStatus, InvalidInput};
use crate::report;
use crate::sim::{self, Progress, SimMode, SimOptions};
use crate::units::SimDuration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimFormat {
    Human,
    Json,
}

/// Simulate a workload's traffic over virtual time: throttling, hot
/// partitions, auto scaling and on-demand scaling.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The workload YAML file; its `simulation:` section sets the run.
    pub workload: PathBuf,
    #[arg(long, value_enum, default_value_t = SimFormat::Human)]
    pub format: SimFormat,
    /// Seed of every random choice (overrides `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Virtual time to simulate, e.g. `10m` (overrides `simulation.duration`).
    #[arg(long, value_parser = parse_duration)]
    pub duration: Option<SimDuration>,
    /// Run the same traffic provisioned (with auto scaling) and on-demand, side by side.
    #[arg(long)]
    pub compare: bool,
    /// Write the metrics series as CSV files into this directory.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// A price list file overriding the built-in one.
    #[arg(long, value_name = "FILE")]
    pub pricing: Option<PathBuf>,
}

fn parse_duration(s: &str) -> Result<SimDuration, String> {
    s.parse::<SimDuration>().map_err(|e| e.to_string())
}

/// An indicatif bar on a terminal; nothing when output is piped.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn advance(&mut self, table: &str, virtual_us: u64, total_us: u64, requests: u64) {
        self.0.set_length(total_us / 1_000_000);
        self.0.set_position(virtual_us / 1_000_000);
        self.0.set_message(format!("{table}: {requests} requests"));
    }
}

fn bar() -> Bar {
    let pb = ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} [{bar:30}] {pos}/{len} virtual s ({per_sec}) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    Bar(pb)
}

pub(super) fn run(args: SimulateArgs) -> anyhow::Result<ExitStatus> {
    let (file, estimate) = estimate_file(&args.workload, args.pricing.as_deref())?;
    let prices = super::estimate::price_list_for(&file, args.pricing.as_deref())?;
    let opts = SimOptions { mode: None, seed: args.seed, duration: args.duration };
    let mut progress = bar();
    let invalid = |e: sim::SimError| -> anyhow::Error {
        match e {
            sim::SimError::NoSimulation => InvalidInput(anyhow::Error::new(e).context(format!(
                "{}: add a `simulation:` section (e.g. `simulation: {{ duration: 10m, seed: 1 }}`) or pass --duration",
                args.workload.display()
            )))
            .into(),
            other => other.into(),
        }
    };
    let mut out = std::io::stdout().lock();
    if args.compare {
        let a = sim::simulate(
            &file,
            &estimate,
            &prices,
            &SimOptions { mode: Some(SimMode::Provisioned), ..opts.clone() },
            &mut progress,
        )
        .map_err(invalid)?;
        let b = sim::simulate(
            &file,
            &estimate,
            &prices,
            &SimOptions { mode: Some(SimMode::OnDemand), ..opts },
            &mut progress,
        )
        .map_err(invalid)?;
        progress.0.finish_and_clear();
        match args.format {
            SimFormat::Human => report::sim_human::render_compare(&a, &b, &mut out),
            SimFormat::Json => report::sim_json::render_compare(&a, &b, &mut out),
        }
        .context("writing the comparison")?;
        return Ok(ExitStatus::Success);
    }
    let r = sim::simulate(&file, &estimate, &prices, &opts, &mut progress).map_err(invalid)?;
    progress.0.finish_and_clear();
    if let Some(dir) = &args.csv {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(dir.join("all.csv"), report::sim_json::series_csv(&r.series))
            .context("writing all.csv")?;
        for t in &r.tables {
            let path = dir.join(format!("{}.csv", t.name));
            std::fs::write(&path, report::sim_json::series_csv(&t.series))
                .with_context(|| format!("writing {}", path.display()))?;
        }
    }
    match args.format {
        SimFormat::Human => report::sim_human::render(&r, &mut out),
        SimFormat::Json => report::sim_json::render(&r, &mut out),
    }
    .context("writing the simulation report")?;
    Ok(ExitStatus::Success)
}
