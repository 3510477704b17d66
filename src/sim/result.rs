//! The outcome of a simulation, as plain data for `report`.

use super::metrics::{HeatCell, OpCounts, Sample};
use super::setup::SimMode;
use crate::units::Usd;

/// Totals of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Requests issued (each counted once, however many attempts it took).
    pub requests: u64,
    /// Attempts rejected by admission control.
    pub throttled_requests: u64,
    /// Requests that exhausted their attempts.
    pub failed_requests: u64,
    /// Requests still waiting to retry when the run ended.
    pub in_flight: u64,
    /// Capacity units consumed over the run (table and GSIs).
    pub consumed_rcu: f64,
    pub consumed_wcu: f64,
    /// Cost of the simulated period, and that rate extrapolated to a month.
    pub cost: Usd,
    pub monthly: Usd,
    /// Latency percentiles in milliseconds (service time plus retry delays).
    pub latency_p50_ms: f64,
    pub latency_p90_ms: f64,
    pub latency_p99_ms: f64,
    pub latency_max_ms: f64,
}

/// A partition among the hottest.
#[derive(Debug, Clone, PartialEq)]
pub struct HotPartition {
    pub table: String,
    /// The table or the GSI that owns the partition.
    pub holder: String,
    pub partition: u32,
    pub consumed_rcu: f64,
    pub consumed_wcu: f64,
    pub throttled: u64,
}

/// A partition key among the hottest.
#[derive(Debug, Clone, PartialEq)]
pub struct HotKey {
    pub table: String,
    pub key: String,
    pub consumed_units: f64,
    pub throttled: u64,
}

/// One table's run.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRun {
    pub name: String,
    pub mode: SimMode,
    pub operations: Vec<(String, OpCounts)>,
    pub summary: Summary,
    pub series: Vec<Sample>,
    /// Per period and partition (table and GSIs): the heat map.
    pub heat: Vec<HeatCell>,
    pub start_rcu: u64,
    pub start_wcu: u64,
    pub final_rcu: u64,
    pub final_wcu: u64,
    pub start_partitions: u64,
    pub final_partitions: u64,
    pub splits: u64,
    pub items_materialized: u64,
}

/// A whole simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct SimResult {
    pub name: String,
    pub mode: SimMode,
    pub seed: u64,
    pub duration_s: u64,
    pub metrics_period_s: u64,
    pub tables: Vec<TableRun>,
    pub summary: Summary,
    /// Per period, summed over tables.
    pub series: Vec<Sample>,
    pub hot_partitions: Vec<HotPartition>,
    pub hot_keys: Vec<HotKey>,
}
