//! [`estimate`]: the whole workload, table by table.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::costing::{CostInputs, class_cost};
use super::demand::{IndexInfo, demand};
use super::model::*;
use super::provision::{Policy, needs, unit_hours};
use super::recommend::recommend;
use super::sizing::Sizing;
use super::traffic::hourly_profile;
use crate::capacity::Working;
use crate::capacity::storage::{index_bytes, table_bytes};
use crate::pricing::{PriceList, PricingError, TableClass, cost::break_even_utilization};
use crate::units::Usd;
use crate::workload::{BillingMode, Reserved, Table, WorkloadError, WorkloadFile};
use crate::yaml::YamlError;

/// The default per-table (and per-GSI) throughput quota, per read and write
/// (Developer Guide, quotas; facts §3.7).
const TABLE_QUOTA_UNITS: u64 = 40_000;

/// The price list of the workload's region, and a way to get any other
/// region's list (for global-table replicas).
pub struct PriceLists<'a> {
    pub home: &'a PriceList,
    pub other: &'a dyn Fn(&str) -> Result<PriceList, PricingError>,
}

/// Estimates every table of `file`. Problems that only show up here (items
/// over 400 KB, unknown replica regions, INCLUDE attributes of unknown size)
/// are located like validation errors, all reported together.
pub fn estimate(file: &WorkloadFile, prices: &PriceLists<'_>) -> Result<Estimate, WorkloadError> {
    let w = &file.workload;
    let month_hours = w.month_hours.unwrap_or(Decimal::from(730));
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    for (i, t) in w.tables.iter().enumerate() {
        match table(file, &format!("tables[{i}]"), t, prices, month_hours) {
            Ok(te) => tables.push(te),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if !problems.is_empty() {
        return Err(WorkloadError { problems });
    }
    let mut total = OptionCosts::default();
    for o in BillingOption::ALL {
        let sum: Option<Usd> = tables.iter().map(|t| t.costs.total.get(o)).sum();
        total.set(o, sum);
    }
    let recommended_monthly = tables.iter().map(|t| t.recommendation.monthly).sum();
    let first = tables.first().map(|t| t.recommendation.option);
    let recommended_option = first.filter(|o| tables.iter().all(|t| t.recommendation.option == *o));
    let mut notes = vec![format!(
        "prices: {} ({}); month = {} hours; free tier not subtracted",
        prices.home.region,
        prices.home.region_name,
        month_hours.normalize()
    )];
    notes.extend(
        tables.iter().flat_map(|t| t.assumptions.iter().map(move |a| format!("{}: {a}", t.name))),
    );
    Ok(Estimate {
        name: file.display_name(),
        region: prices.home.region.clone(),
        month_hours,
        tables,
        total,
        recommended_monthly,
        recommended_option,
        notes,
    })
}

fn options_for(t: &Table) -> Vec<BillingOption> {
    let provisioned: Vec<BillingOption> = {
        let mut v = vec![BillingOption::Provisioned];
        if t.provisioned.autoscaling {
            v.push(BillingOption::ProvisionedAutoscaled);
        }
        if t.provisioned.reserved != Reserved::None {
            v.push(BillingOption::Reserved);
        }
        v
    };
    match t.billing_mode {
        BillingMode::OnDemand => vec![BillingOption::OnDemand],
        BillingMode::Provisioned => provisioned,
        BillingMode::Compare => {
            std::iter::once(BillingOption::OnDemand).chain(provisioned).collect()
        }
    }
}

fn table(
    file: &WorkloadFile,
    path: &str,
    t: &Table,
    prices: &PriceLists<'_>,
    month_hours: Decimal,
) -> Result<TableEstimate, Vec<YamlError>> {
    let mut w = Working::new();
    let mut sizing = Sizing::resolve(file, path, t, &mut w).map_err(|e| vec![e])?;
    let mut problems = Vec::new();
    let mut infos = Vec::new();
    let indexes = t
        .global_secondary_indexes
        .iter()
        .map(|i| (true, i))
        .chain(t.local_secondary_indexes.iter().map(|i| (false, i)));
    for (n, (global, def)) in indexes.enumerate() {
        let list = if global { "global_secondary_indexes" } else { "local_secondary_indexes" };
        let pos = if global { n } else { n - t.global_secondary_indexes.len() };
        let ip = format!("{path}.{list}[{pos}]");
        match sizing.index_entry_bytes(file, &ip, t, def, &mut w) {
            Ok(entry_bytes) => infos.push(IndexInfo {
                def,
                global,
                entry_bytes,
                coverage: def.coverage.unwrap_or(Decimal::ONE),
            }),
            Err(e) => problems.push(e),
        }
    }
    let mut replicas = BTreeMap::new();
    for (j, region) in t.replicas.iter().enumerate() {
        if region == &prices.home.region {
            problems.push(file.error_at(
                &format!("{path}.replicas[{j}]"),
                format!("`{region}` is the workload's own region; replicas are the other regions"),
            ));
            continue;
        }
        match (prices.other)(region) {
            Ok(list) => {
                replicas.insert(region.clone(), list);
            }
            Err(PricingError::UnknownRegion { known, closest, .. }) => {
                let hint = match closest {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => {
                        format!("replicas are priced from the built-in lists: {}", known.join(", "))
                    }
                };
                problems.push(
                    file.error_at(
                        &format!("{path}.replicas[{j}]"),
                        format!("no built-in price list for replica region `{region}`"),
                    )
                    .with_hint(hint),
                );
            }
            Err(e) => problems.push(file.error_at(&format!("{path}.replicas[{j}]"), e.to_string())),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let profile = hourly_profile(t.traffic.as_ref(), &mut w);
    let d = demand(t, sizing.item_bytes, &infos, month_hours, &mut w);
    let global = !t.replicas.is_empty();
    let items = t.item_count.get();
    let stored = table_bytes(items, sizing.item_bytes, global);
    let policy = Policy {
        profile: &profile,
        target: t.provisioned.target_utilization,
        min_rcu: t.provisioned.min_rcu.unwrap_or(1),
        min_wcu: t.provisioned.min_wcu.unwrap_or(1),
        reserve: t.provisioned.reserved != Reserved::None,
        autoscaling: t.provisioned.autoscaling,
    };
    let table_needs = needs(&t.name, d.table_read, d.table_write, stored, &policy, &mut w);
    let mut index_estimates = Vec::new();
    let mut all_index_bytes = 0;
    for info in &infos {
        let entries = Decimal::from(items) * info.coverage;
        let bytes = index_bytes(entries, info.entry_bytes);
        all_index_bytes += bytes;
        let (r, wr) = d.index.get(&info.def.name).copied().unwrap_or_default();
        let gsi_needs = info.global.then(|| needs(&info.def.name, r, wr, bytes, &policy, &mut w));
        index_estimates.push(IndexEstimate {
            name: info.def.name.clone(),
            global: info.global,
            entry_bytes: info.entry_bytes,
            coverage: info.coverage,
            storage_bytes: bytes,
            read_units: r,
            write_units: wr,
            needs: gsi_needs,
        });
    }

    let options = options_for(t);
    let ttl_per_sec = t
        .ttl
        .as_ref()
        .map(|x| Decimal::from(x.expired_per_day.get()) / Decimal::from(86_400))
        .unwrap_or_default();
    let inputs = CostInputs {
        table: &t.name,
        options: &options,
        reserved: t.provisioned.reserved,
        autoscaling: t.provisioned.autoscaling,
        target: t.provisioned.target_utilization,
        month_hours,
        needs: &table_needs,
        gsis: index_estimates
            .iter()
            .filter_map(|i| i.needs.as_ref().map(|n| (i.name.as_str(), n)))
            .collect(),
        table_bytes: stored,
        index_bytes: all_index_bytes,
        ttl_deletes_per_second: ttl_per_sec,
        item_bytes: sizing.item_bytes,
        replicas: &replicas,
        stream_readers: if t.stream.is_some() { t.stream_readers.unwrap_or(0) } else { 0 },
        pitr: t.point_in_time_recovery,
        backups_retained: t.on_demand_backups.as_ref().map(|b| b.retained).unwrap_or(0),
    };
    let own = class_cost(prices.home, t.table_class, &inputs, &mut w);
    let other_class = match t.table_class {
        TableClass::Standard => TableClass::StandardIa,
        TableClass::StandardIa => TableClass::Standard,
    };
    let other = class_cost(prices.home, other_class, &inputs, &mut Working::new());

    // Break-even and utilization over all capacity holders (table + GSIs).
    let p = prices.home.table_class(t.table_class);
    let holders: Vec<&CapacityNeeds> = std::iter::once(&table_needs)
        .chain(index_estimates.iter().filter_map(|i| i.needs.as_ref()))
        .collect();
    let (r, wr): (Decimal, Decimal) = holders
        .iter()
        .fold((Decimal::ZERO, Decimal::ZERO), |a, n| (a.0 + n.avg_read, a.1 + n.avg_write));
    let break_even = break_even_utilization(p, r, wr);
    let day = Decimal::from(24);
    let (pr, pw) = holders.iter().fold((Decimal::ZERO, Decimal::ZERO), |a, n| {
        (a.0 + unit_hours(&n.hourly_rcu, day) / day, a.1 + unit_hours(&n.hourly_wcu, day) / day)
    });
    let provisioned_cost = pr * p.provisioned_rcu_hour.usd + pw * p.provisioned_wcu_hour.usd;
    let utilization = (!provisioned_cost.is_zero() && !(r + wr).is_zero()).then(|| {
        (r * p.provisioned_rcu_hour.usd + wr * p.provisioned_wcu_hour.usd) / provisioned_cost
    });
    if let Some(be) = break_even {
        w.push(
            "C7 break-even",
            format!(
                "on-demand is cheaper below {}% average utilization",
                (be * Decimal::from(100)).round_dp(1).normalize()
            ),
        );
    }
    let both_modes = own.total.on_demand.is_some()
        && (own.total.provisioned.is_some() || own.total.provisioned_autoscaled.is_some());
    let recommendation = recommend(&own, &other, break_even.filter(|_| both_modes), utilization);
    let mut assumptions = std::mem::take(&mut sizing.assumptions);
    if !t.replicas.is_empty() {
        assumptions.push(
            "replica regions serve no reads; each receives every write as a replicated write"
                .into(),
        );
    }
    if inputs.stream_readers > 0 {
        assumptions.push(format!(
            "each stream reader polls each of {} shards {} time(s) a second (the Kinesis Client Library's default)",
            table_needs.partitions.partitions,
            super::costing::STREAM_POLLS_PER_SECOND
        ));
    }
    let holders = std::iter::once((t.name.as_str(), &table_needs)).chain(
        index_estimates.iter().filter_map(|i| i.needs.as_ref().map(|n| (i.name.as_str(), n))),
    );
    for (holder, n) in holders {
        if n.fixed_rcu > TABLE_QUOTA_UNITS || n.fixed_wcu > TABLE_QUOTA_UNITS {
            assumptions.push(format!(
                "warning: {holder} needs {} RCU / {} WCU provisioned at peak, above the default quota of 40,000 per table or GSI; request a quota increase",
                n.fixed_rcu, n.fixed_wcu
            ));
        }
    }
    Ok(TableEstimate {
        name: t.name.clone(),
        table_class: t.table_class,
        item_bytes: sizing.item_bytes,
        item_count: items,
        storage_bytes: stored,
        operations: d.operations,
        needs: table_needs,
        indexes: index_estimates,
        reserved: t.provisioned.reserved,
        target_utilization: t.provisioned.target_utilization,
        hourly_profile: profile,
        costs: own,
        other_class: other,
        recommendation,
        break_even_utilization: break_even,
        autoscaled_utilization: utilization,
        assumptions,
        working: w,
    })
}
