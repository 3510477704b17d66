//! `ddbplan estimate`: capacity, partitions and monthly cost of a workload.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::{ExitStatus, InvalidInput};
use crate::estimate::{Estimate, PriceLists, estimate};
use crate::pricing::PriceList;
use crate::report;
use crate::workload::{self, WorkloadFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EstimateFormat {
    /// Tables for people.
    Human,
    /// Stable JSON for tools (docs/json-output.md).
    Json,
    /// Markdown for design docs and pull requests.
    Markdown,
}

/// Estimate capacity, partitions and monthly cost of a workload file.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// The workload YAML file (see docs/workload-format.md).
    pub workload: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EstimateFormat::Human)]
    pub format: EstimateFormat,
    /// Show the working: every formula with its numbers, as an exam answer does.
    #[arg(long)]
    pub explain: bool,
    /// A price list file overriding the built-in one (same schema as pricing/*.yaml).
    #[arg(long, value_name = "FILE")]
    pub pricing: Option<PathBuf>,
}

/// Loads the price list a workload asks for: `--pricing` beats the file's
/// `pricing:`, which beats the built-in list of its `region:`.
pub(crate) fn price_list_for(
    file: &WorkloadFile,
    cli_override: Option<&Path>,
) -> anyhow::Result<PriceList> {
    let w = &file.workload;
    let list = if let Some(path) = cli_override {
        PriceList::from_file(path)
    } else if let Some(rel) = &w.pricing {
        PriceList::from_file(&file.base_dir.join(rel))
    } else {
        let region = w.region.as_deref().unwrap_or("us-east-1");
        PriceList::builtin(region).map_err(|e| {
            let located = file.error_at("region", e.to_string());
            crate::pricing::PricingError::Invalid(Box::new(located))
        })
    };
    list.map_err(|e| InvalidInput(anyhow::Error::new(e)).into())
}

/// Loads, validates and estimates a workload file.
pub(crate) fn estimate_file(
    path: &Path,
    cli_pricing: Option<&Path>,
) -> anyhow::Result<(WorkloadFile, Estimate)> {
    let file = workload::load(path).map_err(|e| InvalidInput(e.into()))?;
    let home = price_list_for(&file, cli_pricing)?;
    let lookup = |region: &str| PriceList::builtin(region);
    let e = estimate(&file, &PriceLists { home: &home, other: &lookup })
        .map_err(|e| InvalidInput(e.into()))?;
    Ok((file, e))
}

pub(super) fn run(args: EstimateArgs) -> anyhow::Result<ExitStatus> {
    let (_, e) = estimate_file(&args.workload, args.pricing.as_deref())?;
    let mut out = std::io::stdout().lock();
    match args.format {
        EstimateFormat::Human => report::estimate_human::render(&e, args.explain, &mut out),
        EstimateFormat::Json => report::estimate_json::render(&e, &mut out),
        EstimateFormat::Markdown => report::estimate_markdown::render(&e, &mut out),
    }
    .context("writing the estimate")?;
    Ok(ExitStatus::Success)
}
