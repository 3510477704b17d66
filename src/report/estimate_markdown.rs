//! The Markdown view of an estimate, for pasting into design documents and
//! pull requests: GitHub-flavoured pipe tables.

use std::io::{self, Write};

use super::fmt::{dec, int, pct, size, usd};
use crate::estimate::{BillingOption, Estimate, TableEstimate};

/// Writes `e` as Markdown.
pub fn render(e: &Estimate, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## DynamoDB estimate: {}", e.name)?;
    writeln!(out)?;
    writeln!(out, "Prices: {}, {}-hour month.", e.region, dec(e.month_hours, 2))?;
    for t in &e.tables {
        writeln!(out)?;
        table(t, out)?;
    }
    writeln!(out)?;
    writeln!(out, "### Total per month")?;
    writeln!(out)?;
    writeln!(out, "| option | monthly |")?;
    writeln!(out, "|---|---:|")?;
    for o in BillingOption::ALL {
        if let Some(v) = e.total.get(o) {
            writeln!(out, "| {} | {v} |", o.label())?;
        }
    }
    writeln!(out, "| **recommended** | **{}** |", e.recommended_monthly)?;
    if !e.notes.is_empty() {
        writeln!(out)?;
        for n in &e.notes {
            writeln!(out, "- {}", escape(n))?;
        }
    }
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('|', "\\|")
}

fn table(t: &TableEstimate, out: &mut dyn Write) -> io::Result<()> {
    let n = &t.needs;
    writeln!(out, "### Table `{}` ({})", t.name, t.table_class.as_str())?;
    writeln!(out)?;
    writeln!(
        out,
        "{} items of {}, {} stored; {} partitions.",
        int(t.item_count),
        size(t.item_bytes),
        size(t.storage_bytes),
        int(n.partitions.partitions)
    )?;
    writeln!(out)?;
    writeln!(out, "| operation | rate | RCU/call | WCU/call | RCU/s | WCU/s |")?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    for o in &t.operations {
        let name = match &o.index {
            Some(i) => format!("{} ({i})", o.op.name()),
            None => o.op.name().to_string(),
        };
        writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} |",
            o.rate,
            dec(o.read_units_per_call.to_decimal(), 1),
            dec(o.write_units_per_call.to_decimal(), 1),
            dec(o.read_units_per_second, 2),
            dec(o.write_units_per_second, 2)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "| capacity | RCU | WCU |")?;
    writeln!(out, "|---|---:|---:|")?;
    writeln!(out, "| average consumed /s | {} | {} |", dec(n.avg_read, 2), dec(n.avg_write, 2))?;
    writeln!(
        out,
        "| peak hour /s | {} | {} |",
        int(n.peak_read_capacity_units),
        int(n.peak_write_capacity_units)
    )?;
    writeln!(
        out,
        "| provisioned fixed ({} target) | {} | {} |",
        pct(t.target_utilization),
        int(n.fixed_rcu),
        int(n.fixed_wcu)
    )?;
    if !t.indexes.is_empty() {
        writeln!(out)?;
        writeln!(out, "| index | kind | entry | RCU/s | WCU/s | partitions |")?;
        writeln!(out, "|---|---|---:|---:|---:|---:|")?;
        for i in &t.indexes {
            let parts = i
                .needs
                .as_ref()
                .map(|n| int(n.partitions.partitions))
                .unwrap_or_else(|| "(table)".into());
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {parts} |",
                i.name,
                if i.global { "GSI" } else { "LSI" },
                size(i.entry_bytes),
                dec(i.read_units, 2),
                dec(i.write_units, 2)
            )?;
        }
    }
    writeln!(out)?;
    let options: Vec<BillingOption> =
        BillingOption::ALL.into_iter().filter(|o| t.costs.total.get(*o).is_some()).collect();
    write!(out, "| monthly cost |")?;
    for o in &options {
        write!(out, " {} |", o.label())?;
    }
    writeln!(out)?;
    write!(out, "|---|")?;
    for _ in &options {
        write!(out, "---:|")?;
    }
    writeln!(out)?;
    for line in &t.costs.lines {
        write!(out, "| {} |", escape(&line.component))?;
        for o in &options {
            write!(out, " {} |", usd(line.costs.get(*o)))?;
        }
        writeln!(out)?;
    }
    write!(out, "| **total ({})** |", t.costs.class.as_str())?;
    for o in &options {
        write!(out, " **{}** |", usd(t.costs.total.get(*o)))?;
    }
    writeln!(out)?;
    write!(out, "| total if {} |", t.other_class.class.as_str())?;
    for o in &options {
        write!(out, " {} |", usd(t.other_class.total.get(*o)))?;
    }
    writeln!(out)?;
    writeln!(out)?;
    let r = &t.recommendation;
    writeln!(
        out,
        "**Recommendation:** {} ({}) at {}/month.",
        r.option.label(),
        r.table_class.as_str(),
        r.monthly
    )?;
    for reason in &r.reasons {
        writeln!(out, "- {}", escape(reason))?;
    }
    Ok(())
}
