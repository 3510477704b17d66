//! The human view of a simulation: the summary, operations, capacity over
//! time (at most 30 rows, see `sim_rows`), and the hottest partitions and keys.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment};

use super::fmt::{float, int, table};
use super::sim_rows::{merged_note, rows};
use crate::sim::{SimResult, Summary};
use crate::units::SimDuration;

fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}

/// One decimal, thousands grouped, like every other figure in the report.
fn f1(v: f64) -> String {
    float(v, 1)
}

fn summary_rows(t: &mut comfy_table::Table, s: &Summary) {
    t.add_row(vec![Cell::new("requests"), right(int(s.requests))]);
    t.add_row(vec![Cell::new("throttled attempts"), right(int(s.throttled_requests))]);
    t.add_row(vec![Cell::new("failed after retries"), right(int(s.failed_requests))]);
    t.add_row(vec![Cell::new("still retrying at the end"), right(int(s.in_flight))]);
    t.add_row(vec![Cell::new("consumed read units"), right(f1(s.consumed_rcu))]);
    t.add_row(vec![Cell::new("consumed write units"), right(f1(s.consumed_wcu))]);
    t.add_row(vec![
        Cell::new("latency p50 / p90 / p99 / max (ms)"),
        right(format!(
            "{} / {} / {} / {}",
            f1(s.latency_p50_ms),
            f1(s.latency_p90_ms),
            f1(s.latency_p99_ms),
            f1(s.latency_max_ms)
        )),
    ]);
    t.add_row(vec![Cell::new("cost of the simulated period"), right(s.cost.to_string())]);
    t.add_row(vec![Cell::new("same rate for a month"), right(s.monthly.to_string())]);
}

/// Writes the human report of `r`.
pub fn render(r: &SimResult, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} — simulated {} s ({} mode), seed {}",
        r.name,
        int(r.duration_s),
        r.mode.key(),
        r.seed
    )?;
    let mut s = table(vec!["summary", ""]);
    summary_rows(&mut s, &r.summary);
    writeln!(out, "{s}")?;
    for t in &r.tables {
        writeln!(out)?;
        writeln!(
            out,
            "Table {}: capacity {} RCU / {} WCU at the start, {} / {} at the end; partitions {} -> {} (splits: {}); {} items touched",
            t.name,
            int(t.start_rcu),
            int(t.start_wcu),
            int(t.final_rcu),
            int(t.final_wcu),
            int(t.start_partitions),
            int(t.final_partitions),
            int(t.splits),
            int(t.items_materialized)
        )?;
        let mut ops = table(vec![
            "operation",
            "requests",
            "throttled attempts",
            "failed",
            "condition failures",
        ]);
        for (label, c) in &t.operations {
            ops.add_row(vec![
                Cell::new(label),
                right(int(c.requests)),
                right(int(c.throttled_attempts)),
                right(int(c.failed)),
                right(int(c.condition_failures)),
            ]);
        }
        writeln!(out, "{ops}")?;
    }
    writeln!(out)?;
    let shown = rows(&r.series, r.metrics_period_s);
    writeln!(
        out,
        "Capacity over time (per {}, all tables and GSIs):",
        SimDuration::from_secs(shown.width_s)
    )?;
    let mut ts = table(vec![
        "time",
        "consumed RCU/s",
        "provisioned RCU",
        "consumed WCU/s",
        "provisioned WCU",
        "throttled",
        "partitions",
    ]);
    for p in &shown.samples {
        ts.add_row(vec![
            Cell::new(format!(
                "{:02}:{:02}:{:02}",
                p.time_s / 3600,
                p.time_s / 60 % 60,
                p.time_s % 60
            )),
            right(f1(p.consumed_rcu)),
            right(int(p.provisioned_rcu)),
            right(f1(p.consumed_wcu)),
            right(int(p.provisioned_wcu)),
            right(int(p.throttled_requests)),
            right(int(p.partitions)),
        ]);
    }
    writeln!(out, "{ts}")?;
    if shown.merged(r.metrics_period_s) {
        writeln!(out, "{}", merged_note(r.series.len(), r.metrics_period_s, &shown))?;
    }
    writeln!(out, "Hot partitions (by consumed capacity, then throttles):")?;
    let mut hp =
        table(vec!["table", "table/GSI", "partition", "read units", "write units", "throttled"]);
    for p in &r.hot_partitions {
        hp.add_row(vec![
            Cell::new(&p.table),
            Cell::new(&p.holder),
            right(p.partition.to_string()),
            right(f1(p.consumed_rcu)),
            right(f1(p.consumed_wcu)),
            right(int(p.throttled)),
        ]);
    }
    writeln!(out, "{hp}")?;
    writeln!(out, "Hot partition keys (by consumed capacity, then throttles):")?;
    let mut hk = table(vec!["table", "partition key", "units", "throttled"]);
    for k in &r.hot_keys {
        hk.add_row(vec![
            Cell::new(&k.table),
            Cell::new(&k.key),
            right(f1(k.consumed_units)),
            right(int(k.throttled)),
        ]);
    }
    writeln!(out, "{hk}")?;
    Ok(())
}

/// Two runs of the same traffic side by side (`--compare`).
pub fn render_compare(a: &SimResult, b: &SimResult, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} — the same traffic under two capacity modes ({} s, seed {})",
        a.name,
        int(a.duration_s),
        a.seed
    )?;
    let mut t = table(vec!["", a.mode.key(), b.mode.key()]);
    type Row = (&'static str, Box<dyn Fn(&Summary) -> String>);
    let rows: Vec<Row> = vec![
        ("requests", Box::new(|s: &Summary| int(s.requests))),
        ("throttled attempts", Box::new(|s: &Summary| int(s.throttled_requests))),
        ("failed after retries", Box::new(|s: &Summary| int(s.failed_requests))),
        ("consumed read units", Box::new(|s: &Summary| f1(s.consumed_rcu))),
        ("consumed write units", Box::new(|s: &Summary| f1(s.consumed_wcu))),
        ("latency p99 (ms)", Box::new(|s: &Summary| f1(s.latency_p99_ms))),
        ("cost of the simulated period", Box::new(|s: &Summary| s.cost.to_string())),
        ("same rate for a month", Box::new(|s: &Summary| s.monthly.to_string())),
    ];
    for (name, f) in rows {
        t.add_row(vec![Cell::new(name), right(f(&a.summary)), right(f(&b.summary))]);
    }
    writeln!(out, "{t}")
}
