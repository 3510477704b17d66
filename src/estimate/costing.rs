//! Monthly cost of one table under one table class, for each billing
//! option, line by line: throughput (table, GSIs), replicated writes and
//! replica storage for global tables, storage, streams, PITR and backups.
//!
//! Assumptions (see docs/capacity-model.md):
//! - replicas serve no reads; each replica receives every table write (and
//!   every TTL delete) as a replicated write, maintains its own GSIs, and
//!   stores a full copy;
//! - stream readers (other than Lambda, whose reads are free) poll every
//!   shard once a second (the KCL default), with one shard per partition;
//! - PITR and backups are billed on the table's size.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::model::{BillingOption, CapacityNeeds, ClassCost, CostLine, OptionCosts};
use super::provision::{unit_hours, unit_hours_above};
use crate::capacity::{Working, write_units};
use crate::pricing::cost::{self, Capacity, Term};
use crate::pricing::{PriceList, TableClass, TableClassPrices};
use crate::units::{Size, Usd};
use crate::workload::Reserved;

/// GetRecords calls per second per shard per stream reader: the Kinesis
/// Client Library's default (one poll a second per shard; Lambda, whose
/// reads are free, polls 4 times a second).
pub const STREAM_POLLS_PER_SECOND: u64 = 1;

/// Everything costing needs about one table.
#[derive(Debug, Clone)]
pub struct CostInputs<'a> {
    pub table: &'a str,
    pub options: &'a [BillingOption],
    pub reserved: Reserved,
    pub autoscaling: bool,
    pub target: Decimal,
    pub month_hours: Decimal,
    pub needs: &'a CapacityNeeds,
    /// (GSI name, its needs).
    pub gsis: Vec<(&'a str, &'a CapacityNeeds)>,
    pub table_bytes: u64,
    pub index_bytes: u64,
    /// Items per second deleted by TTL (free locally, replicated to replicas).
    pub ttl_deletes_per_second: Decimal,
    pub item_bytes: u64,
    pub replicas: &'a BTreeMap<String, PriceList>,
    pub stream_readers: u32,
    pub pitr: bool,
    pub backups_retained: u32,
}

fn gb(bytes: u64) -> Decimal {
    Size::from_bytes(bytes).gb()
}

/// Cost of the table under `class`, with `home` the workload region's prices.
pub fn class_cost(
    home: &PriceList,
    class: TableClass,
    x: &CostInputs<'_>,
    w: &mut Working,
) -> ClassCost {
    let p = home.table_class(class);
    let h = x.month_hours;
    let secs = h * Decimal::from(3_600);
    let mut lines = Vec::new();

    let (r, wr) = throughput(home, p, class, x, x.needs, "table", w);
    lines.push(CostLine { component: "table reads".into(), costs: r });
    lines.push(CostLine { component: "table writes".into(), costs: wr });
    for (name, needs) in &x.gsis {
        let (r, wr) = throughput(home, p, class, x, needs, name, w);
        lines.push(CostLine { component: format!("GSI {name}"), costs: add(&r, &wr) });
    }

    // Replicated TTL deletes need write capacity in every replica.
    let ttl_units = x.ttl_deletes_per_second * write_units(x.item_bytes, false).to_decimal();
    let ttl_wcu = crate::capacity::partitions::decimal_ceil_u64(ttl_units / x.target);
    for (region, list) in x.replicas {
        let rp = list.table_class(class);
        let mut c = OptionCosts::default();
        let replicated_units = (x.needs.avg_write
            + x.ttl_deletes_per_second * write_units(x.item_bytes, false).to_decimal())
            * secs;
        let gsi_write_units: Decimal =
            x.gsis.iter().map(|(_, n)| n.avg_write).sum::<Decimal>() * secs;
        for o in x.options {
            let v = match o {
                BillingOption::OnDemand => {
                    cost::replicated_on_demand(rp, replicated_units, region, w)
                        + cost::on_demand_writes(rp, gsi_write_units, w)
                }
                BillingOption::Provisioned => {
                    let gsi: Decimal =
                        x.gsis.iter().map(|(_, n)| Decimal::from(n.fixed_wcu) * h).sum();
                    let table = Decimal::from(x.needs.fixed_wcu + ttl_wcu) * h;
                    cost::replicated_provisioned(rp, table, region, w)
                        + cost::provisioned_writes(rp, gsi, w)
                }
                BillingOption::ProvisionedAutoscaled | BillingOption::Reserved => {
                    // Replicated write capacity cannot be reserved (facts §4.4);
                    // it follows the table's own provisioned profile.
                    let profile = |n: &CapacityNeeds| {
                        if x.autoscaling { n.hourly_wcu.clone() } else { vec![n.fixed_wcu; 24] }
                    };
                    let gsi: Decimal = x.gsis.iter().map(|(_, n)| unit_hours(&profile(n), h)).sum();
                    let table = unit_hours(&profile(x.needs), h) + Decimal::from(ttl_wcu) * h;
                    cost::replicated_provisioned(rp, table, region, w)
                        + cost::provisioned_writes(rp, gsi, w)
                }
            };
            c.set(*o, Some(v));
        }
        lines.push(CostLine { component: format!("replica {region}: writes"), costs: c });
        let storage =
            cost::storage(rp, gb(x.table_bytes + x.index_bytes), &format!("replica {region}"), w);
        lines.push(CostLine {
            component: format!("replica {region}: storage"),
            costs: same(x.options, storage),
        });
    }

    let storage = cost::storage(p, gb(x.table_bytes + x.index_bytes), "table and indexes", w);
    lines.push(CostLine { component: "storage".into(), costs: same(x.options, storage) });
    if x.stream_readers > 0 {
        let shards = x.needs.partitions.partitions;
        let calls =
            Decimal::from(u64::from(x.stream_readers) * shards * STREAM_POLLS_PER_SECOND) * secs;
        w.push(
            "C5 streams",
            format!(
                "{} readers x {shards} shards x {STREAM_POLLS_PER_SECOND} polls/s x {} s",
                x.stream_readers,
                secs.normalize()
            ),
        );
        let v = cost::stream_reads(home, calls, w);
        lines.push(CostLine { component: "stream reads".into(), costs: same(x.options, v) });
    }
    if x.pitr {
        let v = cost::pitr(home, gb(x.table_bytes), w);
        lines.push(CostLine {
            component: "point-in-time recovery".into(),
            costs: same(x.options, v),
        });
    }
    if x.backups_retained > 0 {
        let v = cost::backups(home, gb(x.table_bytes), x.backups_retained, w);
        lines.push(CostLine { component: "on-demand backups".into(), costs: same(x.options, v) });
    }

    let mut total = OptionCosts::default();
    for o in x.options {
        let sum: Option<Usd> = lines.iter().map(|l| l.costs.get(*o)).sum();
        total.set(*o, sum);
    }
    ClassCost { class, lines, total, free_tier: free_tier(home, p, class, x) }
}

/// Throughput cost of one capacity holder: (reads, writes) per option.
fn throughput(
    home: &PriceList,
    p: &TableClassPrices,
    class: TableClass,
    x: &CostInputs<'_>,
    n: &CapacityNeeds,
    holder: &str,
    w: &mut Working,
) -> (OptionCosts, OptionCosts) {
    let h = x.month_hours;
    let secs = h * Decimal::from(3_600);
    let mut reads = OptionCosts::default();
    let mut writes = OptionCosts::default();
    for o in x.options {
        let (r, wr) = match o {
            BillingOption::OnDemand => (
                Some(cost::on_demand_reads(p, n.avg_read * secs, w)),
                Some(cost::on_demand_writes(p, n.avg_write * secs, w)),
            ),
            BillingOption::Provisioned => (
                Some(cost::provisioned_reads(p, Decimal::from(n.fixed_rcu) * h, w)),
                Some(cost::provisioned_writes(p, Decimal::from(n.fixed_wcu) * h, w)),
            ),
            BillingOption::ProvisionedAutoscaled => (
                Some(cost::provisioned_reads(p, unit_hours(&n.hourly_rcu, h), w)),
                Some(cost::provisioned_writes(p, unit_hours(&n.hourly_wcu, h), w)),
            ),
            BillingOption::Reserved => reserved(home, p, class, x, n, holder, w),
        };
        reads.set(*o, r);
        writes.set(*o, wr);
    }
    (reads, writes)
}

fn reserved(
    home: &PriceList,
    p: &TableClassPrices,
    class: TableClass,
    x: &CostInputs<'_>,
    n: &CapacityNeeds,
    holder: &str,
    w: &mut Working,
) -> (Option<Usd>, Option<Usd>) {
    let (term, prices) = match x.reserved {
        Reserved::None => return (None, None),
        Reserved::OneYear => (Term::OneYear, home.reserved.one_year.as_ref()),
        Reserved::ThreeYear => (Term::ThreeYear, home.reserved.three_year.as_ref()),
    };
    let Some(prices) = prices.filter(|_| class == TableClass::Standard) else {
        return (None, None);
    };
    let h = x.month_hours;
    w.push(
        "C3 reserved",
        format!(
            "{holder}: reserved baseline {} RCU / {} WCU, auto scaled above it",
            n.reserved_rcu, n.reserved_wcu
        ),
    );
    let (hourly_r, hourly_w) = if x.autoscaling {
        (n.hourly_rcu.clone(), n.hourly_wcu.clone())
    } else {
        (vec![n.fixed_rcu; 24], vec![n.fixed_wcu; 24])
    };
    let r = cost::reserved(term, prices, Capacity::Read, n.reserved_rcu / 100, h, w)
        + cost::provisioned_reads(p, unit_hours_above(&hourly_r, n.reserved_rcu, h), w);
    let wr = cost::reserved(term, prices, Capacity::Write, n.reserved_wcu / 100, h, w)
        + cost::provisioned_writes(p, unit_hours_above(&hourly_w, n.reserved_wcu, h), w);
    (Some(r), Some(wr))
}

fn same(options: &[BillingOption], v: Usd) -> OptionCosts {
    let mut c = OptionCosts::default();
    for o in options {
        c.set(*o, Some(v));
    }
    c
}

fn add(a: &OptionCosts, b: &OptionCosts) -> OptionCosts {
    let mut c = OptionCosts::default();
    for o in BillingOption::ALL {
        c.set(
            o,
            match (a.get(o), b.get(o)) {
                (Some(x), Some(y)) => Some(x + y),
                (x, y) => x.or(y),
            },
        );
    }
    c
}

/// The always-free allowances this table could draw on (not subtracted from
/// costs: they apply once per account and region).
fn free_tier(
    home: &PriceList,
    p: &TableClassPrices,
    class: TableClass,
    x: &CostInputs<'_>,
) -> Vec<(String, Usd)> {
    let ft = &home.free_tier;
    let mut out = Vec::new();
    if class == TableClass::Standard {
        let used = gb(x.table_bytes + x.index_bytes).min(ft.storage_gb.amount);
        out.push((
            format!("storage: first {} GB", ft.storage_gb.amount),
            Usd(used * p.storage_gb_month.usd),
        ));
    }
    let provisioned = x.options.iter().any(|o| *o != BillingOption::OnDemand);
    if provisioned && class == TableClass::Standard {
        let h = x.month_hours;
        let rcu = ft.provisioned_rcu.amount.min(Decimal::from(x.needs.fixed_rcu));
        let wcu = ft.provisioned_wcu.amount.min(Decimal::from(x.needs.fixed_wcu));
        out.push((
            format!(
                "provisioned: {} RCU + {} WCU",
                ft.provisioned_rcu.amount, ft.provisioned_wcu.amount
            ),
            Usd(rcu * h * p.provisioned_rcu_hour.usd + wcu * h * p.provisioned_wcu_hour.usd),
        ));
    }
    if x.stream_readers > 0 {
        out.push((
            format!(
                "streams: first {} million read requests",
                (ft.stream_read_requests.amount / Decimal::from(1_000_000)).normalize()
            ),
            Usd(ft.stream_read_requests.amount / Decimal::from(100_000)
                * home.streams.read_request_per_100k.usd),
        ));
    }
    out
}
