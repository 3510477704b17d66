//! `ddbplan simulate`: throttling and hot partitions over virtual time.

use std::path::{Path, PathBuf};

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
    /// Output format: tables for people, or stable JSON (docs/json-output.md).
    #[arg(long, value_enum, default_value_t = SimFormat::Human)]
    pub format: SimFormat,
    /// Seed of every random choice (overrides `simulation.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Virtual time to simulate, e.g. `10m` (overrides `simulation.duration`);
    /// more than zero, at most 31 days.
    // Hyphen values are taken so `--duration -5m` is refused as a negative
    // duration rather than as an unknown flag `-5`.
    #[arg(long, value_parser = parse_duration, allow_hyphen_values = true)]
    pub duration: Option<SimDuration>,
    /// Run the same traffic provisioned (with auto scaling) and on-demand, side by side.
    #[arg(long)]
    pub compare: bool,
    /// Write CSV files into this directory: the metrics series (`all.csv` and
    /// one `TABLE.csv` per table) and the partition heat map (`heat.csv`).
    /// With `--compare`, into `DIR/provisioned/` and `DIR/on_demand/`.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Draw an SVG chart: consumed vs provisioned capacity, throttles over time
    /// and a partition heat map. With `--compare`, writes two files, the name
    /// suffixed before the extension: `FILE-provisioned.svg` and `FILE-on_demand.svg`.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// A price list file overriding the built-in one.
    #[arg(long, value_name = "FILE")]
    pub pricing: Option<PathBuf>,
}

/// The same limits as `simulation.duration`: more than 0, at most 31 days.
fn parse_duration(s: &str) -> Result<SimDuration, String> {
    if s.starts_with("--") {
        return Err(format!("`{s}` is an option, not a duration; give one such as `10m`"));
    }
    let d = s.parse::<SimDuration>().map_err(|e| e.to_string())?;
    if d.micros() == 0 {
        return Err("the duration must be longer than zero".into());
    }
    if d.micros() > 31 * 86_400_000_000 {
        return Err("at most 31 days of virtual time".into());
    }
    Ok(d)
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
        if let Some(path) = &args.plot {
            write_plot(&suffixed(path, a.mode), &a)?;
            write_plot(&suffixed(path, b.mode), &b)?;
        }
        if let Some(dir) = &args.csv {
            write_csv(&dir.join(a.mode.key()), &a)?;
            write_csv(&dir.join(b.mode.key()), &b)?;
        }
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
        write_csv(dir, &r)?;
    }
    if let Some(path) = &args.plot {
        write_plot(path, &r)?;
    }
    match args.format {
        SimFormat::Human => report::sim_human::render(&r, &mut out),
        SimFormat::Json => report::sim_json::render(&r, &mut out),
    }
    .context("writing the simulation report")?;
    Ok(ExitStatus::Success)
}

/// `--csv DIR`: the series (all tables, then each table) and the heat map.
fn write_csv(dir: &Path, r: &sim::SimResult) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let write = |name: String, text: String| -> anyhow::Result<()> {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
    };
    write("all.csv".to_string(), report::sim_csv::series_csv(&r.series))?;
    for t in &r.tables {
        write(format!("{}.csv", t.name), report::sim_csv::series_csv(&t.series))?;
    }
    write("heat.csv".to_string(), report::sim_csv::heat_csv(&r.tables))
}

/// `--plot FILE.svg`: the SVG chart of one run.
fn write_plot(path: &Path, r: &sim::SimResult) -> anyhow::Result<()> {
    let mut svg = Vec::new();
    report::sim_svg::render(r, &mut svg).context("drawing the SVG chart")?;
    std::fs::write(path, svg).with_context(|| format!("writing {}", path.display()))
}

/// `plots/run.svg` -> `plots/run-on_demand.svg` (for `--compare --plot`).
fn suffixed(path: &Path, mode: SimMode) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{}.{}", mode.key(), ext.to_string_lossy()),
        None => format!("{stem}-{}", mode.key()),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_plots_are_suffixed_before_the_extension() {
        assert_eq!(
            suffixed(Path::new("out/run.svg"), SimMode::Provisioned),
            PathBuf::from("out/run-provisioned.svg")
        );
        assert_eq!(suffixed(Path::new("run"), SimMode::OnDemand), PathBuf::from("run-on_demand"));
        assert_eq!(
            suffixed(Path::new("a.b/run.v2.svg"), SimMode::OnDemand),
            PathBuf::from("a.b/run.v2-on_demand.svg")
        );
    }
}
