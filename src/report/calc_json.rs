//! The JSON view of a `calc` result: one object per subcommand, wire types
//! of their own, field names as documented in docs/json-output.md (`## calc`).
//! Money is a decimal string with two places; fractional units are decimal
//! strings; whole units and byte counts are integers.

use std::io::{self, Write};

use serde::Serialize;

use crate::calc::Calculation;
use crate::capacity::{CapacityUnits, PartitionBound, Step};
use crate::units::Usd;

#[derive(Serialize)]
struct Attribute<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    type_tag: &'a str,
    bytes: u64,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Wire<'a> {
    ItemSize {
        bytes: u64,
        read_units_strong: u64,
        read_units_eventual: String,
        write_units: u64,
        attributes: Vec<Attribute<'a>>,
        working: &'a [Step],
    },
    Rcu {
        rcu: u64,
        units_per_read: String,
        units_per_second: String,
        item_bytes: u64,
        reads_per_second: u64,
        consistency: &'a str,
        working: &'a [Step],
    },
    Wcu {
        wcu: u64,
        units_per_write: u64,
        item_bytes: u64,
        writes_per_second: u64,
        transactional: bool,
        working: &'a [Step],
    },
    Partitions {
        partitions: u64,
        by_throughput: u64,
        by_size: u64,
        bound: PartitionBound,
        working: &'a [Step],
    },
    Provisioned {
        monthly_usd: String,
        read_usd: String,
        write_usd: String,
        rcu: u64,
        wcu: u64,
        hours: String,
        region: &'a str,
        table_class: &'a str,
        working: &'a [Step],
    },
    OnDemand {
        usd: String,
        read_usd: String,
        write_usd: String,
        read_request_units: u64,
        write_request_units: u64,
        region: &'a str,
        table_class: &'a str,
        working: &'a [Step],
    },
    Storage {
        monthly_usd: String,
        bytes: u64,
        gb: String,
        region: &'a str,
        table_class: &'a str,
        working: &'a [Step],
    },
    Gsi {
        table_wcu: u64,
        index_wcu: u64,
        total_wcu: u64,
        index_entry_bytes: u64,
        index_writes_per_write: String,
        working: &'a [Step],
    },
    BreakEven {
        break_even_utilization: String,
        provisioned_monthly_usd: String,
        on_demand_full_utilization_monthly_usd: String,
        rcu: u64,
        wcu: u64,
        region: &'a str,
        table_class: &'a str,
        working: &'a [Step],
    },
}

/// Whole units as an integer (strongly consistent reads and writes are whole).
fn whole(u: CapacityUnits) -> u64 {
    u.halves().div_ceil(2)
}

fn money(u: Usd) -> String {
    u.to_decimal_string()
}

fn wire(c: &Calculation) -> Wire<'_> {
    let working = c.working().steps();
    match c {
        Calculation::ItemSize(r) => Wire::ItemSize {
            bytes: r.bytes,
            read_units_strong: whole(r.read_units_strong),
            read_units_eventual: r.read_units_eventual.to_string(),
            write_units: whole(r.write_units),
            attributes: r
                .attributes
                .iter()
                .map(|a| Attribute { name: &a.name, type_tag: a.type_tag, bytes: a.bytes() })
                .collect(),
            working,
        },
        Calculation::Rcu(r) => Wire::Rcu {
            rcu: r.rcu,
            units_per_read: r.units_per_read.to_string(),
            units_per_second: r.units_per_second.normalize().to_string(),
            item_bytes: r.item_bytes,
            reads_per_second: r.reads_per_second,
            consistency: match r.consistency {
                crate::capacity::ReadConsistency::Eventual => "eventual",
                crate::capacity::ReadConsistency::Strong => "strong",
                crate::capacity::ReadConsistency::Transactional => "transactional",
            },
            working,
        },
        Calculation::Wcu(r) => Wire::Wcu {
            wcu: r.wcu,
            units_per_write: whole(r.units_per_write),
            item_bytes: r.item_bytes,
            writes_per_second: r.writes_per_second,
            transactional: r.transactional,
            working,
        },
        Calculation::Partitions(r) => Wire::Partitions {
            partitions: r.partitions,
            by_throughput: r.by_throughput,
            by_size: r.by_size,
            bound: r.bound,
            working,
        },
        Calculation::Provisioned(r) => Wire::Provisioned {
            monthly_usd: money(r.total),
            read_usd: money(r.read),
            write_usd: money(r.write),
            rcu: r.rcu,
            wcu: r.wcu,
            hours: r.hours.normalize().to_string(),
            region: &r.region,
            table_class: r.table_class.as_str(),
            working,
        },
        Calculation::OnDemand(r) => Wire::OnDemand {
            usd: money(r.total),
            read_usd: money(r.read),
            write_usd: money(r.write),
            read_request_units: r.read_request_units,
            write_request_units: r.write_request_units,
            region: &r.region,
            table_class: r.table_class.as_str(),
            working,
        },
        Calculation::Storage(r) => Wire::Storage {
            monthly_usd: money(r.monthly),
            bytes: r.bytes,
            gb: r.gb.round_dp(6).normalize().to_string(),
            region: &r.region,
            table_class: r.table_class.as_str(),
            working,
        },
        Calculation::Gsi(r) => Wire::Gsi {
            table_wcu: r.table_wcu,
            index_wcu: r.index_wcu,
            total_wcu: r.total_wcu,
            index_entry_bytes: r.index_entry_bytes,
            index_writes_per_write: r.index_writes_per_write.normalize().to_string(),
            working,
        },
        Calculation::BreakEven(r) => Wire::BreakEven {
            break_even_utilization: r.utilization.round_dp(4).normalize().to_string(),
            provisioned_monthly_usd: money(r.provisioned_monthly),
            on_demand_full_utilization_monthly_usd: money(r.on_demand_full_monthly),
            rcu: r.rcu,
            wcu: r.wcu,
            region: &r.region,
            table_class: r.table_class.as_str(),
            working,
        },
    }
}

/// Writes `c` as one pretty-printed JSON object and a newline.
pub fn render(c: &Calculation, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &wire(c))?;
    writeln!(out)
}
