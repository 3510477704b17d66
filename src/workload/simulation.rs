//! The workload's `simulation:` section and the per-table and per-operation
//! key distributions: what `ddbplan simulate` needs beyond `estimate`.
//! Documented in `docs/workload-format.md`; `estimate` ignores all of it.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::units::{Count, SimDuration};

/// How a simulation runs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Simulation {
    /// Virtual time to simulate, e.g. `30m`.
    pub duration: SimDuration,
    /// Seed of every random choice. Default 0. Same seed, same output.
    #[serde(default)]
    pub seed: u64,
    /// Length of one reported metrics period. Default `1m` (CloudWatch's 1-minute metrics).
    #[serde(default)]
    pub metrics_period: Option<SimDuration>,
    /// Items considered present before traffic starts. Default: the table's
    /// `item_count` (generated lazily, on first touch).
    #[serde(default)]
    pub preload: Option<Count>,
    #[serde(default)]
    pub client: ClientSettings,
    /// Starting capacity. Default: the estimate's fixed provisioned capacity.
    #[serde(default)]
    pub capacity: Option<StartCapacity>,
    #[serde(default)]
    pub autoscaling: Option<Autoscaling>,
    /// Load over time as multipliers of the operations' rates. Default: 1 throughout.
    #[serde(default)]
    pub phases: Vec<Phase>,
}

/// AWS SDK-style retries of throttled requests.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientSettings {
    /// Attempts per request, the first included. Default 10 (botocore's
    /// legacy mode for DynamoDB).
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
    /// Backoff base. Default 25 ms (the AWS SDK for Java v2's DynamoDB policy).
    #[serde(default = "default_base")]
    pub base_delay: SimDuration,
    /// Backoff cap. Default 20 s.
    #[serde(default = "default_max")]
    pub max_delay: SimDuration,
    #[serde(default)]
    pub jitter: Jitter,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            max_attempts: default_attempts(),
            base_delay: default_base(),
            max_delay: default_max(),
            jitter: Jitter::Full,
        }
    }
}

fn default_attempts() -> u32 {
    10
}

fn default_base() -> SimDuration {
    SimDuration::from_micros(25_000)
}

fn default_max() -> SimDuration {
    SimDuration::from_secs(20)
}

/// Randomisation of backoff delays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Jitter {
    /// Uniform in [0, delay] (AWS "full jitter"; the SDKs' default).
    #[default]
    Full,
    /// delay / 2 + uniform in [0, delay / 2].
    Equal,
    /// Exactly the exponential delay.
    None,
}

/// Capacity at the start of the simulation: provisioned units, or an
/// on-demand table's previous peak.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartCapacity {
    #[serde(default)]
    pub rcu: Option<u64>,
    #[serde(default)]
    pub wcu: Option<u64>,
    #[serde(default)]
    pub on_demand: Option<OnDemandStart>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnDemandStart {
    /// Highest read request units per second the table has served.
    pub previous_peak_rru: u64,
    /// Highest write request units per second the table has served.
    pub previous_peak_wru: u64,
}

/// Target-tracking auto scaling of provisioned capacity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Autoscaling {
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub min_rcu: Option<u64>,
    #[serde(default)]
    pub max_rcu: Option<u64>,
    #[serde(default)]
    pub min_wcu: Option<u64>,
    #[serde(default)]
    pub max_wcu: Option<u64>,
    /// Default: the table's `provisioned.target_utilization`.
    #[serde(default)]
    pub target_utilization: Option<Decimal>,
}

fn yes() -> bool {
    true
}

/// From `at` on, operations run at `multiplier` x their rate. With `ramp`,
/// the rate moves linearly from the previous multiplier, starting at `at`
/// and reaching `multiplier` at `at + ramp`; without it, at once.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub at: SimDuration,
    pub multiplier: Decimal,
    #[serde(default)]
    pub ramp: Option<SimDuration>,
}

/// Which partition keys requests pick.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KeyDistribution {
    /// Every key equally likely.
    #[default]
    Uniform,
    /// Zipf with exponent s over the keys ranked by popularity.
    Zipf(Decimal),
    /// `count` keys take `share` of requests; the rest are uniform.
    HotKeys(HotKeys),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotKeys {
    pub count: u64,
    pub share: Decimal,
}
