//! The workload file's serde model, version 1. Field names here are the
//! contract documented in `docs/workload-format.md`; every struct denies
//! unknown fields so a typo is an error with a suggestion, never ignored.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::simulation::{KeyDistribution, Simulation};
use crate::units::{Count, Rate, Size};

/// A whole workload file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Format version; must be 1.
    pub version: u32,
    /// A name for reports (defaults to the file name).
    #[serde(default)]
    pub name: Option<String>,
    /// The price list to use. Default `us-east-1`.
    #[serde(default)]
    pub region: Option<String>,
    /// A price list file overriding the built-in one (same schema as `pricing/*.yaml`),
    /// relative to the workload file.
    #[serde(default)]
    pub pricing: Option<String>,
    /// Hours in a billing month. Default 730 (the AWS Pricing Calculator's month).
    #[serde(default)]
    pub month_hours: Option<Decimal>,
    /// A cost budget, used by `ddbplan check`.
    #[serde(default)]
    pub budget: Option<Budget>,
    /// How `ddbplan simulate` runs this workload.
    #[serde(default)]
    pub simulation: Option<Simulation>,
    pub tables: Vec<Table>,
}

/// A monthly cost budget.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// The most the whole workload may cost per month, in USD.
    pub monthly_usd: Decimal,
    /// Which billing option the budget applies to. Default `recommended`.
    #[serde(default)]
    pub mode: BudgetMode,
    /// Warn when the cost passes this share of the budget. Default 0.8.
    #[serde(default)]
    pub warn_at: Option<Decimal>,
    /// Fail when any table (or GSI) needs more partitions than this.
    #[serde(default)]
    pub max_partitions_per_table: Option<u64>,
    /// Per-table budgets, by table name.
    #[serde(default)]
    pub tables: BTreeMap<String, TableBudget>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableBudget {
    pub monthly_usd: Decimal,
}

/// The billing option a budget is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BudgetMode {
    #[default]
    Recommended,
    OnDemand,
    Provisioned,
    ProvisionedAutoscaled,
}

/// One DynamoDB table with its indexes and traffic.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub name: String,
    pub partition_key: KeyAttribute,
    #[serde(default)]
    pub sort_key: Option<KeyAttribute>,
    /// Which billing modes to cost. Default `compare` (both).
    #[serde(default)]
    pub billing_mode: BillingMode,
    #[serde(default)]
    pub table_class: TableClass,
    /// Number of items stored.
    pub item_count: Count,
    /// Average item size. Exactly one of `item_size`, `attributes`, `example_item`.
    #[serde(default)]
    pub item_size: Option<Size>,
    /// Average attribute sizes, by attribute name.
    #[serde(default)]
    pub attributes: Option<BTreeMap<String, AttributeSpec>>,
    /// A representative item in DynamoDB JSON, sized exactly.
    #[serde(default)]
    pub example_item: Option<serde_json::Value>,
    #[serde(default)]
    pub provisioned: ProvisionedSettings,
    #[serde(default)]
    pub global_secondary_indexes: Vec<Index>,
    #[serde(default)]
    pub local_secondary_indexes: Vec<Index>,
    #[serde(default)]
    pub stream: Option<StreamView>,
    /// Consumers polling the stream other than Lambda and global-table replication.
    #[serde(default)]
    pub stream_readers: Option<u32>,
    #[serde(default)]
    pub ttl: Option<Ttl>,
    /// Global-table replica regions besides the workload's `region`.
    #[serde(default)]
    pub replicas: Vec<String>,
    #[serde(default)]
    pub point_in_time_recovery: bool,
    #[serde(default)]
    pub on_demand_backups: Option<OnDemandBackups>,
    #[serde(default)]
    pub operations: Vec<Operation>,
    #[serde(default)]
    pub traffic: Option<Traffic>,
    /// Simulation: which partition keys requests pick. Default uniform.
    #[serde(default)]
    pub key_distribution: Option<KeyDistribution>,
    /// Simulation: how many partition key values exist. Default: one per item.
    #[serde(default)]
    pub distinct_partition_keys: Option<Count>,
}

/// A key attribute: its name and scalar type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyAttribute {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: KeyType,
    /// Average size of the key value in bytes (S and B; for N, the stored
    /// number's size, at most 21 bytes).
    #[serde(default)]
    pub size: Option<Size>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum KeyType {
    S,
    N,
    B,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BillingMode {
    OnDemand,
    Provisioned,
    #[default]
    Compare,
}

pub use crate::pricing::TableClass;

/// Average size of one attribute's value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeSpec {
    #[serde(rename = "type")]
    pub kind: AttributeType,
    /// Average value size in bytes (S, B, L, M and sets). For L and M, the
    /// size of the elements; the list/map overheads are added for you.
    #[serde(default)]
    pub size: Option<Size>,
    /// Significant digits of a typical number (N and NS elements).
    #[serde(default)]
    pub digits: Option<u32>,
    /// Elements in a list, map or set (default 1).
    #[serde(default)]
    pub elements: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum AttributeType {
    S,
    N,
    B,
    #[serde(rename = "BOOL")]
    Bool,
    #[serde(rename = "NULL")]
    Null,
    L,
    M,
    SS,
    NS,
    BS,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionedSettings {
    /// Auto scaling target utilization, 0.2 to 0.9. Default 0.7.
    #[serde(default = "default_target")]
    pub target_utilization: Decimal,
    /// Default true. `false` costs fixed capacity at peak / target utilization.
    #[serde(default = "default_true")]
    pub autoscaling: bool,
    /// Reserved capacity for the baseline. Default none.
    #[serde(default)]
    pub reserved: Reserved,
    /// Auto scaling minimum capacity (default 1 unit).
    #[serde(default)]
    pub min_rcu: Option<u64>,
    #[serde(default)]
    pub min_wcu: Option<u64>,
}

impl Default for ProvisionedSettings {
    fn default() -> Self {
        ProvisionedSettings {
            target_utilization: default_target(),
            autoscaling: true,
            reserved: Reserved::None,
            min_rcu: None,
            min_wcu: None,
        }
    }
}

fn default_target() -> Decimal {
    Decimal::new(7, 1)
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Reserved {
    #[default]
    #[serde(rename = "none")]
    None,
    #[serde(rename = "1y")]
    OneYear,
    #[serde(rename = "3y")]
    ThreeYear,
}

/// A global or local secondary index.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    pub name: String,
    pub partition_key: KeyAttribute,
    #[serde(default)]
    pub sort_key: Option<KeyAttribute>,
    #[serde(default)]
    pub projection: Projection,
    /// Share of items that carry the index key (sparse index), 0 < c <= 1. Default 1.
    #[serde(default)]
    pub coverage: Option<Decimal>,
    /// Average index entry size, overriding the size computed from the
    /// projection (needed for `include` when the table gives only `item_size`).
    #[serde(default)]
    pub entry_size: Option<Size>,
}

/// Which attributes an index copies.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Projection {
    #[default]
    All,
    KeysOnly,
    Include(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamView {
    KeysOnly,
    NewImage,
    OldImage,
    NewAndOldImages,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ttl {
    /// Items expired (and deleted by TTL) per day.
    pub expired_per_day: Count,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnDemandBackups {
    /// Full backups kept at any time.
    pub retained: u32,
}

/// One access pattern: an API call at an average rate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub op: OpKind,
    pub rate: Rate,
    /// eventual (default) or strong. Transactional is implied by the op.
    #[serde(default)]
    pub consistency: Option<Consistency>,
    /// Items per call: for Query/Scan, items read (evaluated) before any filter;
    /// for batches and transactions, items in the request.
    #[serde(default)]
    pub items: Option<u32>,
    /// Query or Scan an index instead of the table.
    #[serde(default)]
    pub index: Option<String>,
    /// Overrides the table's average item size for this operation.
    #[serde(default)]
    pub item_size: Option<Size>,
    /// UpdateItem/PutItem: share of writes that change each index's key.
    #[serde(default)]
    pub index_key_changes: BTreeMap<String, Decimal>,
    /// UpdateItem: attributes the update changes (decides which INCLUDE/KEYS_ONLY
    /// indexes are written). Default: assume projected attributes change.
    #[serde(default)]
    pub updated_attributes: Option<Vec<String>>,
    /// Query on an LSI: share of results that fetch non-projected attributes
    /// from the base table. Default 0.
    #[serde(default)]
    pub fetch_share: Option<Decimal>,
    /// Simulation: overrides the table's key distribution for this operation.
    #[serde(default)]
    pub key_distribution: Option<KeyDistribution>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum OpKind {
    GetItem,
    Query,
    Scan,
    PutItem,
    UpdateItem,
    DeleteItem,
    BatchGetItem,
    BatchWriteItem,
    TransactWriteItems,
    TransactGetItems,
}

impl OpKind {
    pub fn is_write(self) -> bool {
        matches!(
            self,
            OpKind::PutItem
                | OpKind::UpdateItem
                | OpKind::DeleteItem
                | OpKind::BatchWriteItem
                | OpKind::TransactWriteItems
        )
    }

    pub fn is_transactional(self) -> bool {
        matches!(self, OpKind::TransactWriteItems | OpKind::TransactGetItems)
    }

    pub fn name(self) -> &'static str {
        match self {
            OpKind::GetItem => "GetItem",
            OpKind::Query => "Query",
            OpKind::Scan => "Scan",
            OpKind::PutItem => "PutItem",
            OpKind::UpdateItem => "UpdateItem",
            OpKind::DeleteItem => "DeleteItem",
            OpKind::BatchGetItem => "BatchGetItem",
            OpKind::BatchWriteItem => "BatchWriteItem",
            OpKind::TransactWriteItems => "TransactWriteItems",
            OpKind::TransactGetItems => "TransactGetItems",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consistency {
    Eventual,
    Strong,
}

/// How load varies around the average rates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Traffic {
    /// Peak hour rate over average rate (>= 1). The profile is then one
    /// peak-length stretch at this multiple and the rest below average.
    #[serde(default)]
    pub peak_to_average: Option<Decimal>,
    /// Hours per day spent at the peak (default 2) when `peak_to_average` is given.
    #[serde(default)]
    pub peak_hours: Option<u32>,
    /// 24 multipliers of the average rate, hour 0 to 23 (their mean is normalised to 1).
    #[serde(default)]
    pub hourly: Option<Vec<Decimal>>,
}
