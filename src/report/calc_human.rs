//! The human view of a `calc` result: the answer in a line or two, then the
//! working, one rule per line, as an exam answer shows it.

use std::io::{self, Write};

use super::fmt::{dec, int, pct, size};
use crate::calc::Calculation;
use crate::capacity::{PartitionBound, Working};

/// Writes the answer and the working of `c`.
pub fn render(c: &Calculation, out: &mut dyn Write) -> io::Result<()> {
    match c {
        Calculation::ItemSize(r) => {
            if r.bytes < 1024 {
                writeln!(out, "Item size: {} bytes", r.bytes)?;
            } else {
                writeln!(out, "Item size: {} ({} bytes)", size(r.bytes), int(r.bytes))?;
            }
            writeln!(
                out,
                "One read: {} RCU strongly consistent, {} eventually consistent; one write: {} WCU",
                r.read_units_strong, r.read_units_eventual, r.write_units
            )?;
        }
        Calculation::Rcu(r) => {
            writeln!(out, "{} RCU to provision", int(r.rcu))?;
            writeln!(
                out,
                "{} {} reads/s of {} at {} RCU each = {} RCU/s",
                int(r.reads_per_second),
                r.consistency.name(),
                size(r.item_bytes),
                r.units_per_read,
                r.units_per_second.normalize()
            )?;
        }
        Calculation::Wcu(r) => {
            writeln!(out, "{} WCU to provision", int(r.wcu))?;
            let kind = if r.transactional { " transactional" } else { "" };
            writeln!(
                out,
                "{}{kind} writes/s of {} at {} WCU each",
                int(r.writes_per_second),
                size(r.item_bytes),
                r.units_per_write
            )?;
        }
        Calculation::Partitions(r) => {
            let bound = match r.bound {
                PartitionBound::Throughput => "throughput",
                PartitionBound::Size => "size",
            };
            writeln!(out, "{} partitions ({bound} binds)", int(r.partitions))?;
            writeln!(
                out,
                "{} by throughput ({} RCU, {} WCU), {} by size ({})",
                int(r.by_throughput),
                int(r.rcu),
                int(r.wcu),
                int(r.by_size),
                size(r.bytes)
            )?;
        }
        Calculation::Provisioned(r) => {
            writeln!(
                out,
                "{} for {} hours of {} RCU and {} WCU ({}, {})",
                r.total,
                dec(r.hours, 2),
                int(r.rcu),
                int(r.wcu),
                r.region,
                r.table_class.as_str()
            )?;
            writeln!(out, "reads {}, writes {}", r.read, r.write)?;
        }
        Calculation::OnDemand(r) => {
            writeln!(
                out,
                "{} for {} read and {} write request units ({}, {})",
                r.total,
                int(r.read_request_units),
                int(r.write_request_units),
                r.region,
                r.table_class.as_str()
            )?;
            writeln!(out, "reads {}, writes {}", r.read, r.write)?;
        }
        Calculation::Storage(r) => {
            writeln!(
                out,
                "{} per month to store {} ({}, {})",
                r.monthly,
                size(r.bytes),
                r.region,
                r.table_class.as_str()
            )?;
            writeln!(out, "the free tier (25 GB of Standard storage) is not subtracted")?;
        }
        Calculation::Gsi(r) => {
            writeln!(
                out,
                "{} WCU in total: {} on the table + {} on the GSI",
                int(r.total_wcu),
                int(r.table_wcu),
                int(r.index_wcu)
            )?;
            writeln!(
                out,
                "{} projection: {} index entries, {} index writes per table write",
                r.input.projection.as_str(),
                size(r.index_entry_bytes),
                r.index_writes_per_write.normalize()
            )?;
        }
        Calculation::BreakEven(r) => {
            writeln!(
                out,
                "Break-even at {} average utilization: below it on-demand is cheaper, above it provisioned",
                pct(r.utilization)
            )?;
            writeln!(
                out,
                "{} RCU + {} WCU: {} a month provisioned vs {} on-demand at 100% use ({}, {})",
                int(r.rcu),
                int(r.wcu),
                r.provisioned_monthly,
                r.on_demand_full_monthly,
                r.region,
                r.table_class.as_str()
            )?;
        }
    }
    writeln!(out)?;
    render_working(c.working(), out)
}

/// Writes `Working:` and one aligned line per step.
pub fn render_working(w: &Working, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Working:")?;
    let width = w.steps().iter().map(|s| s.rule.len()).max().unwrap_or(0);
    for s in w.steps() {
        writeln!(out, "  {:<width$}  {}", s.rule, s.formula)?;
    }
    Ok(())
}
