//! The JSON view of a simulation (documented in docs/json-output.md).

use std::io::{self, Write};

use serde::Serialize;

use crate::sim::{SimResult, Summary};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct SimJson {
    pub schema_version: u32,
    pub name: String,
    pub mode: &'static str,
    pub seed: u64,
    pub duration_s: u64,
    pub metrics_period_s: u64,
    pub summary: SummaryJson,
    pub tables: Vec<TableJson>,
    pub series: Vec<SampleJson>,
    pub hot_partitions: Vec<HotPartitionJson>,
    pub hot_keys: Vec<HotKeyJson>,
}

#[derive(Debug, Serialize)]
pub struct SummaryJson {
    pub requests: u64,
    pub throttled_requests: u64,
    pub failed_requests: u64,
    pub in_flight_requests: u64,
    pub consumed_rcu: f64,
    pub consumed_wcu: f64,
    pub cost_usd: String,
    pub monthly_usd: String,
    pub latency_ms: LatencyJson,
}

#[derive(Debug, Serialize)]
pub struct LatencyJson {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Debug, Serialize)]
pub struct TableJson {
    pub name: String,
    pub mode: &'static str,
    pub start_rcu: u64,
    pub start_wcu: u64,
    pub final_rcu: u64,
    pub final_wcu: u64,
    pub start_partitions: u64,
    pub final_partitions: u64,
    pub splits: u64,
    pub items_touched: u64,
    pub summary: SummaryJson,
    pub operations: Vec<OperationJson>,
    pub series: Vec<SampleJson>,
}

#[derive(Debug, Serialize)]
pub struct OperationJson {
    pub operation: String,
    pub requests: u64,
    pub throttled_requests: u64,
    pub failed_requests: u64,
    pub condition_failures: u64,
}

#[derive(Debug, Serialize)]
pub struct SampleJson {
    pub time_s: u64,
    pub consumed_rcu: f64,
    pub consumed_wcu: f64,
    pub provisioned_rcu: u64,
    pub provisioned_wcu: u64,
    pub throttled_requests: u64,
    pub partitions: u64,
}

#[derive(Debug, Serialize)]
pub struct HotPartitionJson {
    pub table: String,
    pub index: Option<String>,
    pub partition: u32,
    pub consumed_rcu: f64,
    pub consumed_wcu: f64,
    pub throttled_requests: u64,
}

#[derive(Debug, Serialize)]
pub struct HotKeyJson {
    pub table: String,
    pub partition_key: String,
    pub consumed_units: f64,
    pub throttled_requests: u64,
}

/// Rounds a float for output so tiny representation noise never shows.
fn r3(v: f64) -> f64 {
    (v * 1_000.0).round() / 1_000.0
}

fn summary(s: &Summary) -> SummaryJson {
    SummaryJson {
        requests: s.requests,
        throttled_requests: s.throttled_requests,
        failed_requests: s.failed_requests,
        in_flight_requests: s.in_flight,
        consumed_rcu: r3(s.consumed_rcu),
        consumed_wcu: r3(s.consumed_wcu),
        cost_usd: s.cost.to_decimal_string(),
        monthly_usd: s.monthly.to_decimal_string(),
        latency_ms: LatencyJson {
            p50: r3(s.latency_p50_ms),
            p90: r3(s.latency_p90_ms),
            p99: r3(s.latency_p99_ms),
            max: r3(s.latency_max_ms),
        },
    }
}

fn samples(v: &[crate::sim::metrics::Sample]) -> Vec<SampleJson> {
    v.iter()
        .map(|p| SampleJson {
            time_s: p.time_s,
            consumed_rcu: r3(p.consumed_rcu),
            consumed_wcu: r3(p.consumed_wcu),
            provisioned_rcu: p.provisioned_rcu,
            provisioned_wcu: p.provisioned_wcu,
            throttled_requests: p.throttled_requests,
            partitions: p.partitions,
        })
        .collect()
}

pub fn to_json(r: &SimResult) -> SimJson {
    SimJson {
        schema_version: SCHEMA_VERSION,
        name: r.name.clone(),
        mode: r.mode.key(),
        seed: r.seed,
        duration_s: r.duration_s,
        metrics_period_s: r.metrics_period_s,
        summary: summary(&r.summary),
        tables: r
            .tables
            .iter()
            .map(|t| TableJson {
                name: t.name.clone(),
                mode: t.mode.key(),
                start_rcu: t.start_rcu,
                start_wcu: t.start_wcu,
                final_rcu: t.final_rcu,
                final_wcu: t.final_wcu,
                start_partitions: t.start_partitions,
                final_partitions: t.final_partitions,
                splits: t.splits,
                items_touched: t.items_materialized,
                summary: summary(&t.summary),
                operations: t
                    .operations
                    .iter()
                    .map(|(l, c)| OperationJson {
                        operation: l.clone(),
                        requests: c.requests,
                        throttled_requests: c.throttled_attempts,
                        failed_requests: c.failed,
                        condition_failures: c.condition_failures,
                    })
                    .collect(),
                series: samples(&t.series),
            })
            .collect(),
        series: samples(&r.series),
        hot_partitions: r
            .hot_partitions
            .iter()
            .map(|p| HotPartitionJson {
                table: p.table.clone(),
                index: (p.holder != p.table).then(|| p.holder.clone()),
                partition: p.partition,
                consumed_rcu: r3(p.consumed_rcu),
                consumed_wcu: r3(p.consumed_wcu),
                throttled_requests: p.throttled,
            })
            .collect(),
        hot_keys: r
            .hot_keys
            .iter()
            .map(|k| HotKeyJson {
                table: k.table.clone(),
                partition_key: k.key.clone(),
                consumed_units: r3(k.consumed_units),
                throttled_requests: k.throttled,
            })
            .collect(),
    }
}

pub fn render(r: &SimResult, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_json(r))?;
    writeln!(out)
}

/// `--compare --format json`: `{"runs": [a, b]}`.
pub fn render_compare(a: &SimResult, b: &SimResult, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Runs {
        runs: Vec<SimJson>,
    }
    serde_json::to_writer_pretty(&mut *out, &Runs { runs: vec![to_json(a), to_json(b)] })?;
    writeln!(out)
}
