//! `ddbplan calc`: exam-style calculations with the working shown. One
//! subcommand per calculation in `crate::calc`; the value parsers here turn
//! bad numbers and sizes into clap usage errors (exit code 2).

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context;
use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use super::{ExitStatus, InvalidInput};
use crate::calc::Calculation as CalcResult;
use crate::calc::{self, CalcError, GsiInput, Projection};
use crate::capacity::ReadConsistency;
use crate::capacity::item_size::MAX_ITEM_BYTES;
use crate::pricing::{PriceList, TableClass};
use crate::report::{calc_human, calc_json};
use crate::units::{Count, Size};

/// Exam-style DynamoDB calculations, with the working shown.
#[derive(Debug, Args)]
pub struct CalcArgs {
    #[command(subcommand)]
    pub command: CalcCommand,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CalcFormat::Human, global = true)]
    pub format: CalcFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CalcFormat {
    /// The answer and its working, for people.
    Human,
    /// One JSON object (docs/json-output.md).
    Json,
}

#[derive(Debug, Subcommand)]
pub enum CalcCommand {
    /// Size of a DynamoDB JSON item, attribute by attribute, and its RCU/WCU.
    #[command(group(ArgGroup::new("source").required(true).args(["item", "item_file"])))]
    ItemSize {
        /// The item as DynamoDB JSON, e.g. '{"Id": {"N": "1"}, "Name": {"S": "Ann"}}'.
        #[arg(long, value_name = "JSON")]
        item: Option<String>,
        /// A file holding the item as DynamoDB JSON; `-` reads standard input.
        #[arg(long, value_name = "FILE")]
        item_file: Option<PathBuf>,
    },
    /// Read capacity units to provision for a steady read rate.
    Rcu {
        /// Item size: 6KB, 6 KB, 4.5KB, 6144, 6144B (1 KB = 1024 bytes).
        #[arg(long, value_name = "SIZE", value_parser = item_size, allow_hyphen_values = true)]
        item_size: Size,
        /// Reads per second (accepts k/M suffixes: 50k).
        #[arg(long, value_name = "N", value_parser = rate, allow_hyphen_values = true)]
        reads_per_second: u64,
        /// Read consistency.
        #[arg(long, value_enum, default_value_t = Consistency::Eventual)]
        consistency: Consistency,
    },
    /// Write capacity units to provision for a steady write rate.
    Wcu {
        /// Item size: 3KB, 1.5 KB, 3072 (1 KB = 1024 bytes).
        #[arg(long, value_name = "SIZE", value_parser = item_size, allow_hyphen_values = true)]
        item_size: Size,
        /// Writes per second (accepts k/M suffixes).
        #[arg(long, value_name = "N", value_parser = rate, allow_hyphen_values = true)]
        writes_per_second: u64,
        /// The writes are TransactWriteItems (twice the units).
        #[arg(long)]
        transactional: bool,
    },
    /// Partitions by throughput and by size (the exam's additive formula).
    Partitions {
        /// Provisioned read capacity units.
        #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
        rcu: u64,
        /// Provisioned write capacity units.
        #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
        wcu: u64,
        /// Table size: 50GB, 1.5 TB, 800MB.
        #[arg(long, value_name = "SIZE", value_parser = size, allow_hyphen_values = true)]
        size: Size,
    },
    /// Monthly cost of provisioned capacity, on-demand requests or storage.
    Cost {
        #[command(subcommand)]
        command: CostCommand,
    },
    /// Write capacity a global secondary index adds.
    Gsi {
        /// Base table item size.
        #[arg(long, value_name = "SIZE", value_parser = item_size, allow_hyphen_values = true)]
        item_size: Size,
        /// Table writes per second.
        #[arg(long, value_name = "N", value_parser = rate, allow_hyphen_values = true)]
        writes_per_second: u64,
        /// What the index projects.
        #[arg(long, value_enum)]
        projection: ProjectionArg,
        /// Size of an index entry: keys plus projected attributes (required
        /// for keys_only and include; ALL uses the item size).
        #[arg(
            long,
            value_name = "SIZE",
            value_parser = item_size,
            allow_hyphen_values = true,
            required_if_eq_any = [("projection", "keys-only"), ("projection", "include")]
        )]
        projected_size: Option<Size>,
        /// Share of writes that change the index key (0 to 1): each costs a
        /// delete plus a put on the index.
        #[arg(long, value_name = "X", value_parser = share, allow_hyphen_values = true, default_value = "0")]
        key_change_share: Decimal,
    },
    /// Average utilization below which on-demand is cheaper than provisioned.
    BreakEven {
        /// Provisioned read capacity units.
        #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
        rcu: u64,
        /// Provisioned write capacity units.
        #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
        wcu: u64,
        #[command(flatten)]
        prices: PriceArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum CostCommand {
    /// Provisioned capacity for a month (730 hours unless --hours).
    Provisioned {
        /// Read capacity units.
        #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
        rcu: u64,
        /// Write capacity units.
        #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
        wcu: u64,
        /// Hours the capacity is held.
        #[arg(long, value_name = "H", value_parser = hours, allow_hyphen_values = true, default_value = "730")]
        hours: Decimal,
        #[command(flatten)]
        prices: PriceArgs,
    },
    /// On-demand request units (any period's total).
    OnDemand {
        /// Read request units (accepts k/M suffixes: 50M).
        #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
        read_request_units: u64,
        /// Write request units.
        #[arg(long, value_name = "N", value_parser = count, allow_hyphen_values = true)]
        write_request_units: u64,
        #[command(flatten)]
        prices: PriceArgs,
    },
    /// A month of table storage (free tier not subtracted).
    Storage {
        /// Stored size: 100GB, 1.5TB.
        #[arg(long, value_name = "SIZE", value_parser = size, allow_hyphen_values = true)]
        size: Size,
        #[command(flatten)]
        prices: PriceArgs,
    },
}

/// Which prices to use.
#[derive(Debug, Args)]
pub struct PriceArgs {
    /// Region of the built-in price list (`ddbplan pricing regions`).
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    /// A price list file to use instead of the built-in one (docs/pricing.md).
    #[arg(long, value_name = "FILE")]
    pub pricing: Option<PathBuf>,
    /// Table class.
    #[arg(long, value_enum, default_value_t = TableClassArg::Standard)]
    pub table_class: TableClassArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Consistency {
    Strong,
    Eventual,
    Transactional,
}

impl From<Consistency> for ReadConsistency {
    fn from(c: Consistency) -> Self {
        match c {
            Consistency::Strong => ReadConsistency::Strong,
            Consistency::Eventual => ReadConsistency::Eventual,
            Consistency::Transactional => ReadConsistency::Transactional,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProjectionArg {
    All,
    KeysOnly,
    Include,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableClassArg {
    Standard,
    StandardIa,
}

impl From<TableClassArg> for TableClass {
    fn from(c: TableClassArg) -> Self {
        match c {
            TableClassArg::Standard => TableClass::Standard,
            TableClassArg::StandardIa => TableClass::StandardIa,
        }
    }
}

pub(super) fn run(args: CalcArgs) -> anyhow::Result<ExitStatus> {
    let result = compute(args.command).map_err(InvalidInput)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        CalcFormat::Human => calc_human::render(&result, &mut out),
        CalcFormat::Json => calc_json::render(&result, &mut out),
    }
    .context("writing the calculation")?;
    Ok(ExitStatus::Success)
}

fn compute(command: CalcCommand) -> anyhow::Result<CalcResult> {
    Ok(match command {
        CalcCommand::ItemSize { item, item_file } => {
            let text = match (item, item_file) {
                (Some(text), _) => text,
                (None, Some(path)) => read_item_file(&path)?,
                (None, None) => anyhow::bail!("give the item with --item or --item-file"),
            };
            CalcResult::ItemSize(calc::item_size_of_json(&text)?)
        }
        CalcCommand::Rcu { item_size, reads_per_second, consistency } => {
            CalcResult::Rcu(calc::rcu(item_size.bytes(), reads_per_second, consistency.into()))
        }
        CalcCommand::Wcu { item_size, writes_per_second, transactional } => {
            CalcResult::Wcu(calc::wcu(item_size.bytes(), writes_per_second, transactional))
        }
        CalcCommand::Partitions { rcu, wcu, size } => {
            CalcResult::Partitions(calc::partitions(rcu, wcu, size.bytes()))
        }
        CalcCommand::Cost { command } => match command {
            CostCommand::Provisioned { rcu, wcu, hours, prices } => {
                let (list, class) = prices.load()?;
                CalcResult::Provisioned(calc::provisioned_cost(&list, class, rcu, wcu, hours))
            }
            CostCommand::OnDemand { read_request_units, write_request_units, prices } => {
                let (list, class) = prices.load()?;
                CalcResult::OnDemand(calc::on_demand_cost(
                    &list,
                    class,
                    read_request_units,
                    write_request_units,
                ))
            }
            CostCommand::Storage { size, prices } => {
                let (list, class) = prices.load()?;
                CalcResult::Storage(calc::storage_cost(&list, class, size))
            }
        },
        CalcCommand::Gsi {
            item_size,
            writes_per_second,
            projection,
            projected_size,
            key_change_share,
        } => CalcResult::Gsi(calc::gsi_writes(GsiInput {
            item_bytes: item_size.bytes(),
            writes_per_second,
            projection: match projection {
                ProjectionArg::All => Projection::All,
                ProjectionArg::KeysOnly => Projection::KeysOnly,
                ProjectionArg::Include => Projection::Include,
            },
            projected_bytes: projected_size.map(Size::bytes),
            key_change_share,
        })?),
        CalcCommand::BreakEven { rcu, wcu, prices } => {
            let (list, class) = prices.load()?;
            CalcResult::BreakEven(calc::break_even(&list, class, rcu, wcu)?)
        }
    })
}

impl PriceArgs {
    fn load(&self) -> Result<(PriceList, TableClass), CalcError> {
        let list = match &self.pricing {
            Some(path) => PriceList::from_file(path)?,
            None => PriceList::builtin(&self.region)?,
        };
        Ok((list, self.table_class.into()))
    }
}

fn read_item_file(path: &std::path::Path) -> anyhow::Result<String> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the item from standard input")?;
    } else {
        text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read item file `{}`", path.display()))?;
    }
    Ok(text)
}

// Value parsers: each returns the problem and what is expected, which clap
// prints as "invalid value 'X' for '--flag <N>': ...", with exit code 2.

/// A size (`6KB`, `6 KB`, `4.5KB`, `6144`, `6144B`), zero allowed.
pub(super) fn size(s: &str) -> Result<Size, String> {
    s.parse::<Size>().map_err(|e| format!("{}; expected {}", e.problem, e.expected))
}

/// An item size: at least one byte (an item always has a key) and at most
/// DynamoDB's 400 KB (rule S9).
pub(super) fn item_size(s: &str) -> Result<Size, String> {
    let v = size(s)?;
    if v.bytes() == 0 {
        return Err("an item size must be at least 1 byte".to_string());
    }
    if v.bytes() > MAX_ITEM_BYTES {
        return Err(format!(
            "DynamoDB items are at most 400 KB ({MAX_ITEM_BYTES} bytes, attribute names included)"
        ));
    }
    Ok(v)
}

/// A whole number with optional k/M suffix, zero allowed.
pub(super) fn count(s: &str) -> Result<u64, String> {
    s.parse::<Count>()
        .map(Count::get)
        .map_err(|e| format!("{}; expected {}", e.problem, e.expected))
}

/// A whole number of at least 1 (a rate of zero has no answer worth asking).
pub(super) fn positive_count(s: &str) -> Result<u64, String> {
    let n = count(s)?;
    if n == 0 {
        return Err("it must be at least 1".to_string());
    }
    Ok(n)
}

/// Operations per second: 1 to 1,000,000,000 (25,000 times DynamoDB's
/// default table quota of 40,000 units; the bound keeps every product of
/// rate and units exact).
fn rate(s: &str) -> Result<u64, String> {
    let n = positive_count(s)?;
    if n > MAX_RATE {
        return Err(format!("at most {MAX_RATE} per second"));
    }
    Ok(n)
}

const MAX_RATE: u64 = 1_000_000_000;

/// Hours: a positive number, fractions allowed.
fn hours(s: &str) -> Result<Decimal, String> {
    let h: Decimal = s.trim().parse().map_err(|_| format!("`{s}` is not a number of hours"))?;
    if h <= Decimal::ZERO {
        return Err("hours must be more than 0 (730 is a month)".to_string());
    }
    Ok(h)
}

/// A share between 0 and 1 (`0.1` or `10%`).
fn share(s: &str) -> Result<Decimal, String> {
    let t = s.trim();
    let (num, scale) = match t.strip_suffix('%') {
        Some(n) => (n, Decimal::ONE_HUNDRED),
        None => (t, Decimal::ONE),
    };
    let v: Decimal = num
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a share (expected 0 to 1, e.g. 0.1 or 10%)"))?;
    let v = v / scale;
    if v < Decimal::ZERO || v > Decimal::ONE {
        return Err("a share must be between 0 and 1 (e.g. 0.1 or 10%)".to_string());
    }
    Ok(v.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsers_accept_units_and_reject_nonsense() {
        assert_eq!(item_size("6 KB").unwrap().bytes(), 6144);
        assert!(item_size("0").unwrap_err().contains("at least 1 byte"));
        assert_eq!(item_size("400KB").unwrap().bytes(), 409_600);
        assert!(item_size("401KB").unwrap_err().contains("at most 400 KB"));
        assert!(rate("2B").unwrap_err().contains("at most 1000000000"));
        assert!(size("-1KB").unwrap_err().contains("negative"));
        assert_eq!(count("50M").unwrap(), 50_000_000);
        assert!(positive_count("0").is_err());
        assert!(count("-5").unwrap_err().contains("negative"));
        assert_eq!(share("10%").unwrap(), Decimal::new(1, 1));
        assert!(share("1.5").is_err());
        assert!(hours("0").is_err());
    }
}
