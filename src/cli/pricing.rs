//! `ddbplan pricing`: look at the built-in price lists.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};

use super::{ExitStatus, InvalidInput};
use crate::pricing::PriceList;
use crate::report;

/// Show built-in price lists.
#[derive(Debug, Args)]
pub struct PricingArgs {
    #[command(subcommand)]
    pub command: PricingCommand,
}

#[derive(Debug, Subcommand)]
pub enum PricingCommand {
    /// Print a region's price list with each price's source and effective date.
    Show {
        /// Region (default us-east-1). `ddbplan pricing regions` lists them.
        region: Option<String>,
        /// Show a price list file instead of a built-in one.
        #[arg(long, value_name = "FILE", conflicts_with = "region")]
        file: Option<PathBuf>,
    },
    /// List the regions with a built-in price list.
    Regions,
}

pub(super) fn run(args: PricingArgs) -> anyhow::Result<ExitStatus> {
    let mut out = std::io::stdout().lock();
    match args.command {
        PricingCommand::Show { region, file } => {
            let list = match file {
                Some(f) => PriceList::from_file(&f),
                None => PriceList::builtin(region.as_deref().unwrap_or("us-east-1")),
            }
            .map_err(|e| InvalidInput(e.into()))?;
            report::pricing_show::render(&list, &mut out).context("writing the price list")?;
        }
        PricingCommand::Regions => {
            use std::io::Write;
            for r in PriceList::builtin_regions() {
                writeln!(out, "{r}")?;
            }
        }
    }
    Ok(ExitStatus::Success)
}
