//! The result of an estimate, as plain data for `report` to render.

use rust_decimal::Decimal;

use crate::capacity::{CapacityUnits, PartitionCount, Working};
use crate::pricing::TableClass;
use crate::units::{Rate, Usd};
use crate::workload::{OpKind, Reserved};

/// A billing option that can be priced and recommended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BillingOption {
    OnDemand,
    /// Provisioned, fixed at peak / target utilization all month.
    Provisioned,
    /// Provisioned with auto scaling, hour by hour over the traffic profile.
    ProvisionedAutoscaled,
    /// Reserved capacity for the baseline plus provisioned capacity above it
    /// (auto scaled, or fixed when auto scaling is off).
    Reserved,
}

impl BillingOption {
    pub const ALL: [BillingOption; 4] = [
        BillingOption::OnDemand,
        BillingOption::Provisioned,
        BillingOption::ProvisionedAutoscaled,
        BillingOption::Reserved,
    ];

    /// The stable key used in JSON and in `budget.mode`.
    pub fn key(self) -> &'static str {
        match self {
            BillingOption::OnDemand => "on_demand",
            BillingOption::Provisioned => "provisioned",
            BillingOption::ProvisionedAutoscaled => "provisioned_autoscaled",
            BillingOption::Reserved => "reserved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BillingOption::OnDemand => "on-demand",
            BillingOption::Provisioned => "provisioned (fixed)",
            BillingOption::ProvisionedAutoscaled => "provisioned (auto scaled)",
            BillingOption::Reserved => "reserved + provisioned",
        }
    }
}

/// Monthly cost per billing option; `None` where the option was not asked
/// for or is not available (reserved capacity for Standard-IA).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptionCosts {
    pub on_demand: Option<Usd>,
    pub provisioned: Option<Usd>,
    pub provisioned_autoscaled: Option<Usd>,
    pub reserved: Option<Usd>,
}

impl OptionCosts {
    pub fn get(&self, o: BillingOption) -> Option<Usd> {
        match o {
            BillingOption::OnDemand => self.on_demand,
            BillingOption::Provisioned => self.provisioned,
            BillingOption::ProvisionedAutoscaled => self.provisioned_autoscaled,
            BillingOption::Reserved => self.reserved,
        }
    }

    pub fn set(&mut self, o: BillingOption, v: Option<Usd>) {
        match o {
            BillingOption::OnDemand => self.on_demand = v,
            BillingOption::Provisioned => self.provisioned = v,
            BillingOption::ProvisionedAutoscaled => self.provisioned_autoscaled = v,
            BillingOption::Reserved => self.reserved = v,
        }
    }

    /// The options that have a cost, cheapest first (ties keep option order).
    pub fn ranked(&self) -> Vec<(BillingOption, Usd)> {
        let mut v: Vec<_> =
            BillingOption::ALL.iter().filter_map(|o| self.get(*o).map(|c| (*o, c))).collect();
        v.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// One line of a cost breakdown: a component and its cost per option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostLine {
    pub component: String,
    pub costs: OptionCosts,
}

/// Cost of one table under one table class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassCost {
    pub class: TableClass,
    pub lines: Vec<CostLine>,
    pub total: OptionCosts,
    /// Always-free allowances this table could use (not subtracted).
    pub free_tier: Vec<(String, Usd)>,
}

/// Where a capacity demand lands: the table's capacity or a GSI's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Table,
    Index(String),
}

/// One access pattern, priced in capacity units.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationEstimate {
    pub op: OpKind,
    /// The rate as the workload wrote it (`1/day`).
    pub rate: Rate,
    pub index: Option<String>,
    pub rate_per_second: Decimal,
    pub items_per_call: u64,
    pub item_bytes: u64,
    pub read_units_per_call: CapacityUnits,
    pub write_units_per_call: CapacityUnits,
    /// Average read units per second this operation consumes on its target.
    pub read_units_per_second: Decimal,
    /// Average write units per second on the table (including LSI writes).
    pub write_units_per_second: Decimal,
    /// Write units per second caused on each index.
    pub index_write_units_per_second: Vec<(String, Decimal)>,
}

/// Capacity needs of the table or one GSI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapacityNeeds {
    /// Average consumed units per second.
    pub avg_read: Decimal,
    pub avg_write: Decimal,
    /// Whole units per second at average load (rounded up).
    pub read_capacity_units: u64,
    pub write_capacity_units: u64,
    /// Whole units per second at the peak hour (rounded up).
    pub peak_read_capacity_units: u64,
    pub peak_write_capacity_units: u64,
    /// Provisioned fixed at peak / target utilization.
    pub fixed_rcu: u64,
    pub fixed_wcu: u64,
    /// Auto scaled capacity per hour of the day (hour 0-23).
    pub hourly_rcu: Vec<u64>,
    pub hourly_wcu: Vec<u64>,
    /// Reserved units (multiples of 100) when reserved capacity was asked for.
    pub reserved_rcu: u64,
    pub reserved_wcu: u64,
    pub partitions: PartitionCount,
}

/// A secondary index's estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEstimate {
    pub name: String,
    pub global: bool,
    pub entry_bytes: u64,
    pub coverage: Decimal,
    pub storage_bytes: u64,
    /// For GSIs: their own capacity; for LSIs, what they add to the table's.
    pub read_units: Decimal,
    pub write_units: Decimal,
    pub needs: Option<CapacityNeeds>,
}

/// A table's estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct TableEstimate {
    pub name: String,
    pub table_class: TableClass,
    pub item_bytes: u64,
    pub item_count: u64,
    pub storage_bytes: u64,
    pub operations: Vec<OperationEstimate>,
    pub needs: CapacityNeeds,
    pub indexes: Vec<IndexEstimate>,
    pub reserved: Reserved,
    pub target_utilization: Decimal,
    pub hourly_profile: Vec<Decimal>,
    /// Costs under the table's own class, then the other class.
    pub costs: ClassCost,
    pub other_class: ClassCost,
    pub recommendation: Recommendation,
    pub break_even_utilization: Option<Decimal>,
    /// Average utilization auto scaling would run at (consumed / provisioned).
    pub autoscaled_utilization: Option<Decimal>,
    pub assumptions: Vec<String>,
    pub working: Working,
}

/// The cheapest option and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    pub option: BillingOption,
    pub table_class: TableClass,
    pub monthly: Usd,
    pub reasons: Vec<String>,
}

/// A whole workload's estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub name: String,
    pub region: String,
    pub month_hours: Decimal,
    pub tables: Vec<TableEstimate>,
    pub total: OptionCosts,
    /// The sum of each table's recommended cost.
    pub recommended_monthly: Usd,
    /// The recommended option when every table agrees, else `None` (mixed).
    pub recommended_option: Option<BillingOption>,
    pub notes: Vec<String>,
}
