//! [`simulate`]: every table of a workload, one after another (tables do
//! not share capacity), gathered into one [`SimResult`].

use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use thiserror::Error;

use super::metrics::{Latency, Sample};
use super::phases::LoadProfile;
use super::result::{HotKey, HotPartition, SimResult, Summary, TableRun};
use super::run::{Progress, TableSim, TableSimInput, Usage};
use super::setup::{SimMode, holders, mode_for, plans};
use super::token_bucket::MICRO;
use crate::estimate::Estimate;
use crate::pricing::PriceList;
use crate::units::{SimDuration, Usd};
use crate::workload::{Simulation, WorkloadFile};

/// How many hot partitions and keys a report lists.
pub const HOT_LIST_LEN: usize = 10;

/// Run-time choices that override the workload's `simulation:` section.
#[derive(Debug, Clone, Default)]
pub struct SimOptions {
    /// Force a capacity mode (`--compare` runs both).
    pub mode: Option<SimMode>,
    pub seed: Option<u64>,
    pub duration: Option<SimDuration>,
}

#[derive(Debug, Error)]
pub enum SimError {
    #[error("the workload has no `simulation:` section and no --duration was given")]
    NoSimulation,
    #[error("the engine rejected table `{table}`: {source}")]
    Engine {
        table: String,
        #[source]
        source: crate::engine::DynamoError,
    },
}

fn latency_ms(l: &Latency, q: f64) -> f64 {
    l.quantile(q) as f64 / 1_000.0
}

fn summary(
    requests: u64,
    counts: &[(String, super::metrics::OpCounts)],
    in_flight: u64,
    usage: &Usage,
    latency: &Latency,
    cost: Usd,
    monthly: Usd,
) -> Summary {
    Summary {
        requests,
        throttled_requests: counts.iter().map(|(_, c)| c.throttled_attempts).sum(),
        failed_requests: counts.iter().map(|(_, c)| c.failed).sum(),
        in_flight,
        consumed_rcu: usage.read_units_micro as f64 / MICRO as f64,
        consumed_wcu: usage.write_units_micro as f64 / MICRO as f64,
        cost,
        monthly,
        latency_p50_ms: latency_ms(latency, 0.5),
        latency_p90_ms: latency_ms(latency, 0.9),
        latency_p99_ms: latency_ms(latency, 0.99),
        latency_max_ms: latency.max() as f64 / 1_000.0,
    }
}

/// The cost of a run: provisioned unit-minutes or consumed request units,
/// at the table class's prices.
fn cost(mode: SimMode, usage: &Usage, prices: &crate::pricing::TableClassPrices) -> Usd {
    let million = Decimal::from(1_000_000);
    match mode {
        SimMode::Provisioned => {
            let r = Decimal::from_u128(usage.rcu_minutes).unwrap_or_default() / Decimal::from(60)
                * prices.provisioned_rcu_hour.usd;
            let w = Decimal::from_u128(usage.wcu_minutes).unwrap_or_default() / Decimal::from(60)
                * prices.provisioned_wcu_hour.usd;
            Usd(r + w)
        }
        SimMode::OnDemand => {
            let r = Decimal::from_i128(usage.read_units_micro).unwrap_or_default()
                / Decimal::from(MICRO as u64)
                / million
                * prices.on_demand_read_per_million.usd;
            let w = Decimal::from_i128(usage.write_units_micro).unwrap_or_default()
                / Decimal::from(MICRO as u64)
                / million
                * prices.on_demand_write_per_million.usd;
            Usd(r + w)
        }
    }
}

/// Partition keys of table `t`: `distinct_partition_keys`, or when the
/// workload does not say, one per item, except that a table with a sort key
/// holds collections as large as its largest table or LSI Query reads (the
/// Query's `items`, which `estimate` charges as found).
fn partition_keys(t: &crate::workload::Table) -> u64 {
    let items = t.item_count.get().max(1);
    if let Some(k) = t.distinct_partition_keys {
        return k.get().max(1);
    }
    if t.sort_key.is_none() {
        return items;
    }
    let is_lsi = |name: &String| t.local_secondary_indexes.iter().any(|l| &l.name == name);
    let collection = t
        .operations
        .iter()
        .filter(|o| o.op == crate::workload::OpKind::Query && o.index.as_ref().is_none_or(is_lsi))
        .filter_map(|o| o.items.map(u64::from))
        .max()
        .unwrap_or(1)
        .max(1);
    (items / collection).max(1)
}

/// Simulates every table of `file`.
pub fn simulate(
    file: &WorkloadFile,
    estimate: &Estimate,
    prices: &PriceList,
    opts: &SimOptions,
    progress: &mut dyn Progress,
) -> Result<SimResult, SimError> {
    let w = &file.workload;
    let base = match (&w.simulation, opts.duration) {
        (Some(s), _) => s.clone(),
        (None, Some(d)) => Simulation {
            duration: d,
            seed: 0,
            metrics_period: None,
            preload: None,
            client: Default::default(),
            capacity: None,
            autoscaling: None,
            phases: Vec::new(),
        },
        (None, None) => return Err(SimError::NoSimulation),
    };
    let duration = opts.duration.unwrap_or(base.duration);
    let seed = opts.seed.unwrap_or(base.seed);
    let period = base.metrics_period.unwrap_or(SimDuration::from_secs(60));
    let month_hours = w.month_hours.unwrap_or(Decimal::from(730));
    let mut tables = Vec::new();
    let mut all_latency = Latency::default();
    let mut hot_partitions = Vec::new();
    let mut hot_keys = Vec::new();
    let mut series: Vec<Sample> = Vec::new();
    let mut total_usage = Usage::default();
    let mut total_cost = Usd::ZERO;
    let mut mode_seen = SimMode::Provisioned;
    for (t, te) in w.tables.iter().zip(&estimate.tables) {
        let mode = opts.mode.unwrap_or_else(|| mode_for(t, &base));
        mode_seen = mode;
        let keys = partition_keys(t);
        let item_count = base.preload.map(|p| p.get()).unwrap_or(t.item_count.get());
        let hs = holders(t, te, &base, mode);
        let (start_rcu, start_wcu) = (hs[0].read.units(), hs[0].write.units());
        let input = TableSimInput {
            table: t,
            plans: plans(t, te, keys),
            holders: hs,
            seed,
            profile: LoadProfile::new(&base.phases),
            client: base.client.clone(),
            duration_us: duration.micros(),
            period_us: period.micros().max(1_000_000),
            keys,
            item_count,
        };
        let sim = TableSim::new(input)
            .map_err(|source| SimError::Engine { table: t.name.clone(), source })?;
        let out = sim.run(progress);
        let run_cost = cost(mode, &out.usage, prices.table_class(t.table_class));
        let monthly = Usd(run_cost.0 * month_hours * Decimal::from(3_600)
            / Decimal::from(duration.micros().max(1) / 1_000_000).max(Decimal::ONE));
        let requests = out.ops.iter().map(|(_, c)| c.requests).sum();
        let s =
            summary(requests, &out.ops, out.in_flight, &out.usage, &out.latency, run_cost, monthly);
        for h in &out.holders {
            for p in h.partitions.iter() {
                hot_partitions.push(HotPartition {
                    table: t.name.clone(),
                    holder: h.name.clone(),
                    partition: p.id,
                    consumed_rcu: p.consumed_read as f64 / MICRO as f64,
                    consumed_wcu: p.consumed_write as f64 / MICRO as f64,
                    throttled: p.throttled,
                });
            }
        }
        let mut keys = out.keys;
        let (mut keys_top, most_throttled) = keys.tops(HOT_LIST_LEN);
        for k in most_throttled {
            if !keys_top.iter().any(|x| x.0 == k.0) {
                keys_top.push(k);
            }
        }
        let generator = super::items::ItemGenerator::new(t);
        for (k, units, throttled) in keys_top {
            let key = generator.key(k, 0);
            let text = key
                .get(&t.partition_key.name)
                .map(|v| crate::value::value_to_json(v).to_string())
                .unwrap_or_default();
            hot_keys.push(HotKey {
                table: t.name.clone(),
                key: text,
                consumed_units: units,
                throttled,
            });
        }
        for (i, sample) in out.series.iter().enumerate() {
            match series.get_mut(i) {
                Some(acc) => {
                    acc.consumed_rcu += sample.consumed_rcu;
                    acc.consumed_wcu += sample.consumed_wcu;
                    acc.provisioned_rcu += sample.provisioned_rcu;
                    acc.provisioned_wcu += sample.provisioned_wcu;
                    acc.throttled_requests += sample.throttled_requests;
                    acc.partitions += sample.partitions;
                }
                None => series.push(sample.clone()),
            }
        }
        all_latency.merge(&out.latency);
        total_usage.read_units_micro += out.usage.read_units_micro;
        total_usage.write_units_micro += out.usage.write_units_micro;
        total_cost += run_cost;
        let table_holder = &out.holders[0];
        tables.push(TableRun {
            name: t.name.clone(),
            mode,
            operations: out.ops,
            summary: s,
            series: out.series,
            heat: out.heat,
            start_rcu,
            start_wcu,
            final_rcu: table_holder.read.units(),
            final_wcu: table_holder.write.units(),
            start_partitions: out.start_partitions,
            final_partitions: table_holder.partitions.len() as u64,
            splits: table_holder.partitions.splits,
            items_materialized: out.materialized,
        });
    }
    hot_partitions.sort_by(|a, b| {
        let ua = a.consumed_rcu + a.consumed_wcu;
        let ub = b.consumed_rcu + b.consumed_wcu;
        ub.total_cmp(&ua)
            .then(b.throttled.cmp(&a.throttled))
            .then(a.table.cmp(&b.table))
            .then(a.holder.cmp(&b.holder))
            .then(a.partition.cmp(&b.partition))
    });
    let mut throttled_parts: Vec<HotPartition> =
        hot_partitions.iter().filter(|p| p.throttled > 0).cloned().collect();
    throttled_parts.sort_by(|a, b| {
        b.throttled
            .cmp(&a.throttled)
            .then(a.table.cmp(&b.table))
            .then(a.holder.cmp(&b.holder))
            .then(a.partition.cmp(&b.partition))
    });
    hot_partitions.truncate(HOT_LIST_LEN);
    for p in throttled_parts.into_iter().take(HOT_LIST_LEN) {
        if !hot_partitions
            .iter()
            .any(|x| x.table == p.table && x.holder == p.holder && x.partition == p.partition)
        {
            hot_partitions.push(p);
        }
    }
    let requests = tables.iter().map(|t| t.summary.requests).sum();
    let counts: Vec<(String, super::metrics::OpCounts)> =
        tables.iter().flat_map(|t| t.operations.iter().cloned()).collect();
    let in_flight = tables.iter().map(|t| t.summary.in_flight).sum();
    let monthly = Usd(total_cost.0 * month_hours * Decimal::from(3_600)
        / Decimal::from(duration.micros().max(1) / 1_000_000).max(Decimal::ONE));
    let summary =
        summary(requests, &counts, in_flight, &total_usage, &all_latency, total_cost, monthly);
    Ok(SimResult {
        name: file.display_name(),
        mode: mode_seen,
        seed,
        duration_s: duration.micros() / 1_000_000,
        metrics_period_s: period.micros() / 1_000_000,
        tables,
        summary,
        series,
        hot_partitions,
        hot_keys,
    })
}

#[cfg(test)]
mod partition_key_tests {
    use std::path::PathBuf;

    use super::partition_keys;

    fn table(yaml: &str) -> crate::workload::Table {
        let file = crate::workload::parse("t.yaml", yaml, PathBuf::new(), 0).unwrap();
        file.workload.tables[0].clone()
    }

    // Without `distinct_partition_keys`, a table with a sort key holds
    // collections as large as its largest table or LSI Query reads; a
    // table without one has one item per key; a given count wins.
    #[test]
    fn collections_hold_what_the_table_queries_read() {
        let base = "version: 1
tables:
  - name: Tbl
    partition_key: { name: pk, type: S }
    sort_key: { name: sk, type: N }
    item_count: 1200
    item_size: 1KB
    operations:
      - { op: Query, rate: 1/s, items: 12 }
";
        assert_eq!(partition_keys(&table(base)), 100);
        let given = base
            .replace("    item_size: 1KB", "    item_size: 1KB\n    distinct_partition_keys: 7");
        assert_eq!(partition_keys(&table(&given)), 7);
        let no_sort = base.replace("    sort_key: { name: sk, type: N }\n", "").replace(
            "      - { op: Query, rate: 1/s, items: 12 }",
            "      - { op: GetItem, rate: 1/s }",
        );
        assert_eq!(partition_keys(&table(&no_sort)), 1200);
    }
}
