//! What a run measures, as plain data: the per-period series (like
//! CloudWatch's one-minute metrics), per-operation counts, latency
//! percentiles and the heat of partitions (hot keys: `key_stats`).

/// One metrics period.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Seconds since the start at the end of the period.
    pub time_s: u64,
    /// Average consumed units per second over the period (table + GSIs).
    pub consumed_rcu: f64,
    pub consumed_wcu: f64,
    /// Units in force at the end of the period (provisioned, or the
    /// on-demand ceiling), table + GSIs.
    pub provisioned_rcu: u64,
    pub provisioned_wcu: u64,
    /// Attempts rejected in the period.
    pub throttled_requests: u64,
    /// Partitions of the table at the end of the period.
    pub partitions: u64,
}

/// One partition in one metrics period: a cell of the heat map.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatCell {
    pub time_s: u64,
    /// The table or GSI that owns the partition.
    pub holder: String,
    pub partition: u32,
    /// Units consumed per second on average over the period.
    pub units_per_sec: f64,
    pub throttled: u64,
}

/// Counts per operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpCounts {
    pub requests: u64,
    pub throttled_attempts: u64,
    pub failed: u64,
    pub condition_failures: u64,
}

/// Log-scale latency histogram: 2% wide buckets from 1 µs, exact enough for
/// percentiles and bounded in memory whatever the request count.
#[derive(Debug, Clone, Default)]
pub struct Latency {
    buckets: Vec<u64>,
    count: u64,
    max_us: u64,
}

const GROWTH: f64 = 1.02;

impl Latency {
    pub fn record(&mut self, us: u64) {
        let b = if us <= 1 { 0 } else { ((us as f64).ln() / GROWTH.ln()).ceil() as usize };
        if self.buckets.len() <= b {
            self.buckets.resize(b + 1, 0);
        }
        self.buckets[b] += 1;
        self.count += 1;
        self.max_us = self.max_us.max(us);
    }

    /// The `q`-quantile (0 < q <= 1) in microseconds (upper edge of its bucket).
    pub fn quantile(&self, q: f64) -> u64 {
        if self.count == 0 {
            return 0;
        }
        let rank = ((self.count as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (b, n) in self.buckets.iter().enumerate() {
            seen += n;
            if seen >= rank {
                return (GROWTH.powi(b as i32).round() as u64).min(self.max_us);
            }
        }
        self.max_us
    }

    pub fn max(&self) -> u64 {
        self.max_us
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn merge(&mut self, other: &Latency) {
        if self.buckets.len() < other.buckets.len() {
            self.buckets.resize(other.buckets.len(), 0);
        }
        for (a, b) in self.buckets.iter_mut().zip(&other.buckets) {
            *a += b;
        }
        self.count += other.count;
        self.max_us = self.max_us.max(other.max_us);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_quantiles_are_within_two_percent() {
        let mut l = Latency::default();
        for us in 1..=10_000u64 {
            l.record(us);
        }
        let p50 = l.quantile(0.5) as f64;
        let p99 = l.quantile(0.99) as f64;
        assert!((p50 - 5_000.0).abs() / 5_000.0 < 0.02, "{p50}");
        assert!((p99 - 9_900.0).abs() / 9_900.0 < 0.02, "{p99}");
        assert_eq!(l.max(), 10_000);
        assert_eq!(l.quantile(1.0), 10_000);
    }
}
