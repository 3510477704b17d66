//! The JSON view of an estimate: wire types of their own, decoupled from the
//! domain types. Field names are a contract, documented in
//! `docs/json-output.md`; money is a decimal string in USD with two places.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::capacity::PartitionBound;
use crate::estimate::{
    BillingOption, CapacityNeeds, ClassCost, Estimate, OptionCosts, TableEstimate,
};
use crate::units::Usd;

/// Version of this JSON shape; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct EstimateJson {
    pub schema_version: u32,
    pub name: String,
    pub region: String,
    pub month_hours: String,
    pub tables: Vec<TableJson>,
    pub total_monthly_cost: CostsJson,
    pub recommendation: RecommendationJson,
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TableJson {
    pub name: String,
    pub table_class: &'static str,
    pub item_count: u64,
    pub item_size_bytes: u64,
    pub storage_bytes: u64,
    pub read_capacity_units: u64,
    pub write_capacity_units: u64,
    pub peak_read_capacity_units: u64,
    pub peak_write_capacity_units: u64,
    pub provisioned: ProvisionedJson,
    pub partitions: u64,
    pub partitions_by_throughput: u64,
    pub partitions_by_size: u64,
    pub partitions_bound: &'static str,
    pub operations: Vec<OperationJson>,
    pub indexes: Vec<IndexJson>,
    pub monthly_cost: CostsJson,
    pub monthly_cost_other_class: ClassCostJson,
    pub cost_lines: Vec<CostLineJson>,
    pub free_tier: Vec<FreeTierJson>,
    pub break_even_utilization: Option<String>,
    pub autoscaled_utilization: Option<String>,
    pub recommendation: TableRecommendationJson,
    pub assumptions: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ProvisionedJson {
    pub target_utilization: String,
    pub fixed_rcu: u64,
    pub fixed_wcu: u64,
    pub autoscaled_rcu_hourly: Vec<u64>,
    pub autoscaled_wcu_hourly: Vec<u64>,
    pub reserved_rcu: u64,
    pub reserved_wcu: u64,
}

#[derive(Debug, Serialize)]
pub struct OperationJson {
    pub op: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<String>,
    pub rate_per_second: String,
    pub items_per_call: u64,
    pub item_size_bytes: u64,
    pub read_units_per_call: String,
    pub write_units_per_call: String,
    pub read_units_per_second: String,
    pub write_units_per_second: String,
    pub index_write_units_per_second: Vec<IndexUnitsJson>,
}

#[derive(Debug, Serialize)]
pub struct IndexUnitsJson {
    pub index: String,
    pub write_units_per_second: String,
}

#[derive(Debug, Serialize)]
pub struct IndexJson {
    pub name: String,
    pub kind: &'static str,
    pub entry_size_bytes: u64,
    pub coverage: String,
    pub storage_bytes: u64,
    pub read_capacity_units: u64,
    pub write_capacity_units: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_read_capacity_units: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_write_capacity_units: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partitions: Option<u64>,
}

/// Monthly cost per billing option; options not costed are omitted.
#[derive(Debug, Serialize)]
pub struct CostsJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_demand: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioned: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioned_autoscaled: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ClassCostJson {
    pub table_class: &'static str,
    pub monthly_cost: CostsJson,
}

#[derive(Debug, Serialize)]
pub struct CostLineJson {
    pub component: String,
    pub monthly_cost: CostsJson,
}

#[derive(Debug, Serialize)]
pub struct FreeTierJson {
    pub allowance: String,
    pub monthly_usd: String,
}

#[derive(Debug, Serialize)]
pub struct TableRecommendationJson {
    pub mode: &'static str,
    pub table_class: &'static str,
    pub monthly_usd: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RecommendationJson {
    /// The option every table recommends, or `mixed`.
    pub mode: &'static str,
    pub monthly_usd: String,
}

fn money(u: Usd) -> String {
    u.to_decimal_string()
}

fn share(d: Decimal) -> String {
    d.round_dp(4).normalize().to_string()
}

fn units(d: Decimal) -> String {
    d.round_dp(4).normalize().to_string()
}

fn costs(c: &OptionCosts) -> CostsJson {
    CostsJson {
        on_demand: c.on_demand.map(money),
        provisioned: c.provisioned.map(money),
        provisioned_autoscaled: c.provisioned_autoscaled.map(money),
        reserved: c.reserved.map(money),
    }
}

fn class(c: &ClassCost) -> ClassCostJson {
    ClassCostJson { table_class: c.class.as_str(), monthly_cost: costs(&c.total) }
}

fn ceil(d: Decimal) -> u64 {
    use rust_decimal::prelude::ToPrimitive;
    d.ceil().to_u64().unwrap_or(u64::MAX)
}

fn provisioned(n: &CapacityNeeds, target: Decimal) -> ProvisionedJson {
    ProvisionedJson {
        target_utilization: share(target),
        fixed_rcu: n.fixed_rcu,
        fixed_wcu: n.fixed_wcu,
        autoscaled_rcu_hourly: n.hourly_rcu.clone(),
        autoscaled_wcu_hourly: n.hourly_wcu.clone(),
        reserved_rcu: n.reserved_rcu,
        reserved_wcu: n.reserved_wcu,
    }
}

fn table(t: &TableEstimate) -> TableJson {
    let n = &t.needs;
    TableJson {
        name: t.name.clone(),
        table_class: t.table_class.as_str(),
        item_count: t.item_count,
        item_size_bytes: t.item_bytes,
        storage_bytes: t.storage_bytes,
        read_capacity_units: n.read_capacity_units,
        write_capacity_units: n.write_capacity_units,
        peak_read_capacity_units: n.peak_read_capacity_units,
        peak_write_capacity_units: n.peak_write_capacity_units,
        provisioned: provisioned(n, t.target_utilization),
        partitions: n.partitions.partitions,
        partitions_by_throughput: n.partitions.by_throughput,
        partitions_by_size: n.partitions.by_size,
        partitions_bound: match n.partitions.bound {
            PartitionBound::Throughput => "throughput",
            PartitionBound::Size => "size",
        },
        operations: t
            .operations
            .iter()
            .map(|o| OperationJson {
                op: o.op.name(),
                index: o.index.clone(),
                rate_per_second: units(o.rate_per_second),
                items_per_call: o.items_per_call,
                item_size_bytes: o.item_bytes,
                read_units_per_call: o.read_units_per_call.to_string(),
                write_units_per_call: o.write_units_per_call.to_string(),
                read_units_per_second: units(o.read_units_per_second),
                write_units_per_second: units(o.write_units_per_second),
                index_write_units_per_second: o
                    .index_write_units_per_second
                    .iter()
                    .map(|(i, u)| IndexUnitsJson {
                        index: i.clone(),
                        write_units_per_second: units(*u),
                    })
                    .collect(),
            })
            .collect(),
        indexes: t
            .indexes
            .iter()
            .map(|i| IndexJson {
                name: i.name.clone(),
                kind: if i.global { "gsi" } else { "lsi" },
                entry_size_bytes: i.entry_bytes,
                coverage: share(i.coverage),
                storage_bytes: i.storage_bytes,
                read_capacity_units: ceil(i.read_units),
                write_capacity_units: ceil(i.write_units),
                peak_read_capacity_units: i.needs.as_ref().map(|n| n.peak_read_capacity_units),
                peak_write_capacity_units: i.needs.as_ref().map(|n| n.peak_write_capacity_units),
                partitions: i.needs.as_ref().map(|n| n.partitions.partitions),
            })
            .collect(),
        monthly_cost: costs(&t.costs.total),
        monthly_cost_other_class: class(&t.other_class),
        cost_lines: t
            .costs
            .lines
            .iter()
            .map(|l| CostLineJson { component: l.component.clone(), monthly_cost: costs(&l.costs) })
            .collect(),
        free_tier: t
            .costs
            .free_tier
            .iter()
            .map(|(a, u)| FreeTierJson { allowance: a.clone(), monthly_usd: money(*u) })
            .collect(),
        break_even_utilization: t.break_even_utilization.map(share),
        autoscaled_utilization: t.autoscaled_utilization.map(share),
        recommendation: TableRecommendationJson {
            mode: t.recommendation.option.key(),
            table_class: t.recommendation.table_class.as_str(),
            monthly_usd: money(t.recommendation.monthly),
            reasons: t.recommendation.reasons.clone(),
        },
        assumptions: t.assumptions.clone(),
    }
}

/// The wire form of an estimate.
pub fn to_json(e: &Estimate) -> EstimateJson {
    EstimateJson {
        schema_version: SCHEMA_VERSION,
        name: e.name.clone(),
        region: e.region.clone(),
        month_hours: e.month_hours.normalize().to_string(),
        tables: e.tables.iter().map(table).collect(),
        total_monthly_cost: costs(&e.total),
        recommendation: RecommendationJson {
            mode: e.recommended_option.map(BillingOption::key).unwrap_or("mixed"),
            monthly_usd: money(e.recommended_monthly),
        },
        notes: e.notes.clone(),
    }
}

/// Writes `e` as pretty JSON followed by a newline.
pub fn render(e: &Estimate, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_json(e))?;
    writeln!(out)
}
