//! The CSV views of a simulation (`ddbplan simulate --csv DIR`): the metrics
//! series (`all.csv` and one file per table) and the partition heat map
//! (`heat.csv`). Columns are documented in docs/json-output.md.
//!
//! Depends on `sim`'s result types only; computes nothing.

use crate::sim::TableRun;
use crate::sim::metrics::Sample;

/// The metrics series: one line per period.
pub fn series_csv(v: &[Sample]) -> String {
    let mut s = String::from(
        "time_s,consumed_rcu,consumed_wcu,provisioned_rcu,provisioned_wcu,throttled_requests,partitions\n",
    );
    for p in v {
        s.push_str(&format!(
            "{},{:.3},{:.3},{},{},{},{}\n",
            p.time_s,
            p.consumed_rcu,
            p.consumed_wcu,
            p.provisioned_rcu,
            p.provisioned_wcu,
            p.throttled_requests,
            p.partitions
        ));
    }
    s
}

/// The heat map: one line per partition (of each table and GSI) per period,
/// in the order the simulation recorded them.
pub fn heat_csv(tables: &[TableRun]) -> String {
    let mut s = String::from("time_s,table,holder,partition,units_per_sec,throttled\n");
    for t in tables {
        for c in &t.heat {
            s.push_str(&format!(
                "{},{},{},{},{:.3},{}\n",
                c.time_s,
                field(&t.name),
                field(&c.holder),
                c.partition,
                c.units_per_sec,
                c.throttled
            ));
        }
    }
    s
}

/// A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::metrics::HeatCell;
    use crate::sim::{SimMode, Summary};
    use crate::units::Usd;

    fn table(name: &str, heat: Vec<HeatCell>) -> TableRun {
        let summary = Summary {
            requests: 0,
            throttled_requests: 0,
            failed_requests: 0,
            in_flight: 0,
            consumed_rcu: 0.0,
            consumed_wcu: 0.0,
            cost: Usd::ZERO,
            monthly: Usd::ZERO,
            latency_p50_ms: 0.0,
            latency_p90_ms: 0.0,
            latency_p99_ms: 0.0,
            latency_max_ms: 0.0,
        };
        TableRun {
            name: name.to_string(),
            mode: SimMode::OnDemand,
            operations: Vec::new(),
            summary,
            series: Vec::new(),
            heat,
            start_rcu: 0,
            start_wcu: 0,
            final_rcu: 0,
            final_wcu: 0,
            start_partitions: 1,
            final_partitions: 1,
            splits: 0,
            items_materialized: 0,
        }
    }

    fn cell(time_s: u64, holder: &str, partition: u32, units: f64, throttled: u64) -> HeatCell {
        HeatCell { time_s, holder: holder.to_string(), partition, units_per_sec: units, throttled }
    }

    #[test]
    fn heat_csv_has_one_line_per_cell_with_table_and_holder() {
        let tables = vec![
            table(
                "Orders",
                vec![cell(60, "Orders", 0, 12.5, 0), cell(60, "ByCustomer", 3, 1.0 / 3.0, 4)],
            ),
            table("Odd,name", vec![cell(60, "Odd,name", 0, 0.0, 0)]),
        ];
        insta::assert_snapshot!(heat_csv(&tables), @r#"
        time_s,table,holder,partition,units_per_sec,throttled
        60,Orders,Orders,0,12.500,0
        60,Orders,ByCustomer,3,0.333,4
        60,"Odd,name","Odd,name",0,0.000,0
        "#);
    }

    #[test]
    fn series_csv_has_fixed_precision() {
        let s = Sample {
            time_s: 60,
            consumed_rcu: 2.0 / 3.0,
            consumed_wcu: 10.0,
            provisioned_rcu: 5,
            provisioned_wcu: 5,
            throttled_requests: 1,
            partitions: 1,
        };
        insta::assert_snapshot!(series_csv(&[s]), @r#"
        time_s,consumed_rcu,consumed_wcu,provisioned_rcu,provisioned_wcu,throttled_requests,partitions
        60,0.667,10.000,5,5,1,1
        "#);
    }
}
