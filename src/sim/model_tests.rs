//! End-to-end checks of the simulation model against outcomes that follow
//! from DynamoDB's documented rules (docs/simulation-model.md). Each runs a
//! small workload through `simulate` with retries off (one attempt), so
//! throttled attempts can be counted exactly.

use std::path::PathBuf;

use super::{NoProgress, SimOptions, SimResult, simulate};
use crate::estimate::{PriceLists, estimate};
use crate::pricing::PriceList;
use crate::workload::parse;

/// Simulates a workload given as YAML (with its estimate, us-east-1 prices).
pub(super) fn run(yaml: &str) -> SimResult {
    let file = parse("test.yaml", yaml, PathBuf::new(), 0).unwrap_or_else(|e| panic!("{e}"));
    let home = PriceList::builtin("us-east-1").unwrap();
    let other = |r: &str| PriceList::builtin(r);
    let est = estimate(&file, &PriceLists { home: &home, other: &other })
        .unwrap_or_else(|e| panic!("{e}"));
    simulate(&file, &est, &home, &SimOptions::default(), &mut NoProgress).unwrap()
}

/// Read and write units per request of a 20 s run of one table `Tbl`,
/// given by its lines after `- name: Tbl`, with capacity far above the
/// load (so nothing throttles).
pub(super) fn units_per_request(table: &str) -> (f64, f64) {
    let yaml = format!(
        "version: 1
simulation: {{ duration: 20s, capacity: {{ rcu: 10000, wcu: 10000 }}, autoscaling: {{ enabled: false }} }}
tables:
  - name: Tbl
{table}"
    );
    let r = run(&yaml);
    let n = r.summary.requests as f64;
    (r.summary.consumed_rcu / n, r.summary.consumed_wcu / n)
}

/// A one-table workload writing 1 KB items at `rate` with the given
/// simulation and distribution lines.
fn writes(sim: &str, rate: &str, dist: &str) -> String {
    format!(
        "version: 1
simulation:
{sim}
  client: {{ max_attempts: 1 }}
tables:
  - name: Tbl
    partition_key: {{ name: pk, type: S }}
    item_count: 100000
    item_size: 500B
    distinct_partition_keys: 100000
    key_distribution: {dist}
    operations:
      - {{ op: PutItem, rate: {rate} }}
"
    )
}

fn near(actual: u64, expected: u64, tolerance: f64) -> bool {
    (actual as f64 - expected as f64).abs() <= expected as f64 * tolerance
}

// Uniform load below the table's capacity never throttles.
#[test]
fn uniform_load_below_capacity_never_throttles() {
    let r = run(&writes(
        "  duration: 2m\n  capacity: { rcu: 100, wcu: 1000 }\n  autoscaling: { enabled: false }",
        "700/s",
        "uniform",
    ));
    assert!(r.summary.requests > 80_000, "{}", r.summary.requests);
    assert_eq!(r.summary.throttled_requests, 0);
}

// "A single partition ... throttling will occur if a single partition
// receives more than 1000 write operations": one key offered 1,500 WCU/s is
// throttled at about 500/s, however much capacity the table has.
#[test]
fn a_single_key_above_1000_wcu_throttles_at_the_excess_rate() {
    let r = run(&writes(
        "  duration: 2m\n  capacity: { rcu: 100, wcu: 20000 }\n  autoscaling: { enabled: false }",
        "1500/s",
        "{ hot_keys: { count: 1, share: 1.0 } }",
    ));
    let offered = r.summary.requests;
    assert!(near(offered, 180_000, 0.02), "offered {offered}");
    // 1,000 of every 1,500 get through (plus the first second's full bucket).
    assert!(
        near(r.summary.throttled_requests, 60_000, 0.03),
        "throttled {}",
        r.summary.throttled_requests
    );
    assert_eq!(r.tables[0].splits, 0, "a single key cannot be split for heat");
}

// Burst capacity: 300 s of unused capacity are banked. At 100 WCU
// provisioned the bank holds 30,000 units; a spike to 300/s for 100 s needs
// 20,000 extra units (absorbed), one for 200 s needs 40,000 (10,000 short).
#[test]
fn burst_capacity_absorbs_a_spike_of_known_size_and_no_more() {
    let phases = |secs: u64| {
        format!(
            "  duration: 8m\n  capacity: {{ rcu: 10, wcu: 100 }}\n  autoscaling: {{ enabled: false }}\n  phases:\n    - {{ at: 1m, multiplier: 3 }}\n    - {{ at: {}s, multiplier: 1 }}",
            60 + secs
        )
    };
    let short = run(&writes(&phases(100), "100/s", "uniform"));
    assert!(
        short.summary.throttled_requests < 300,
        "a 20,000-unit spike fits the 30,000-unit bank: {}",
        short.summary.throttled_requests
    );
    let long = run(&writes(&phases(200), "100/s", "uniform"));
    assert!(
        near(long.summary.throttled_requests, 10_000, 0.08),
        "10,000 units over the bank: {}",
        long.summary.throttled_requests
    );
}

// Auto scaling: two minutes above target, then the update takes effect 2
// minutes later; capacity reaches load / target within a few steps.
#[test]
fn auto_scaling_reaches_the_target_within_its_documented_delays() {
    let r = run(&writes(
        "  duration: 12m\n  capacity: { rcu: 10, wcu: 100 }\n  autoscaling: { enabled: true, target_utilization: 0.7, max_wcu: 40000 }",
        "300/s",
        "uniform",
    ));
    let series = &r.series;
    let first_raise =
        series.iter().find(|s| s.provisioned_wcu > 110).map(|s| s.time_s).expect("capacity rose");
    assert!(
        first_raise >= 240,
        "not before 2 minutes of alarms plus the 2-minute update: {first_raise}"
    );
    assert!(first_raise <= 300, "raised by 5 minutes: {first_raise}");
    let last = series.last().unwrap();
    assert!(
        last.provisioned_wcu >= 429,
        "300 WCU/s at 70% needs 429 WCU: {}",
        last.provisioned_wcu
    );
    assert_eq!(last.throttled_requests, 0, "no throttling once scaled");
}

// The capacity reported at the end is the last period's: a scaling change
// falling due at the run's last instant would apply after the run.
#[test]
fn capacity_at_the_end_is_the_last_periods() {
    for minutes in [4, 5, 6] {
        let r = run(&writes(
            &format!(
                "  duration: {minutes}m\n  capacity: {{ rcu: 10, wcu: 100 }}\n  autoscaling: {{ enabled: true, target_utilization: 0.7, max_wcu: 40000 }}"
            ),
            "300/s",
            "uniform",
        ));
        let last = r.series.last().unwrap();
        assert_eq!(r.tables[0].final_wcu, last.provisioned_wcu, "{minutes}m");
        assert_eq!(r.tables[0].final_partitions, last.partitions, "{minutes}m");
    }
}

// On-demand: "instantly accommodates up to double the previous peak".
#[test]
fn on_demand_absorbs_double_the_previous_peak_and_throttles_beyond() {
    let sim = "  duration: 2m\n  capacity: { on_demand: { previous_peak_rru: 100, previous_peak_wru: 1000 } }";
    let within = run(&writes(sim, "1900/s", "uniform"));
    assert_eq!(within.summary.throttled_requests, 0);
    let beyond = run(&writes(sim, "2600/s", "uniform"));
    // 600/s over the 2,000 ceiling for 120 s (less the first second's bucket).
    assert!(
        near(beyond.summary.throttled_requests, 72_000, 0.05),
        "{}",
        beyond.summary.throttled_requests
    );
}

// Same input and seed, same result; another seed, other arrivals.
#[test]
fn runs_are_deterministic() {
    let yaml = writes("  duration: 1m\n  seed: 3", "200/s", "{ zipf: 1.1 }");
    assert_eq!(run(&yaml), run(&yaml));
    let other = writes("  duration: 1m\n  seed: 4", "200/s", "{ zipf: 1.1 }");
    assert_ne!(run(&yaml).summary.requests, run(&other).summary.requests);
}

// Rule I5 (facts sheet §2.3): an update that changes an attribute an index
// projects rewrites the index entry, every time. One item updated 10 times
// a second with an ALL GSI: each update is 1 table write and 1 GSI write
// (500-byte item), so 2 units a request. With the same filler value on
// every update, only the first rewrote the entry (about 1 unit a request).
#[test]
fn every_update_of_an_item_rewrites_its_all_index_entry() {
    let yaml = "version: 1
simulation: { duration: 20s, capacity: { rcu: 1000, wcu: 1000 }, autoscaling: { enabled: false } }
tables:
  - name: Tbl
    partition_key: { name: pk, type: S }
    item_count: 1
    item_size: 500B
    global_secondary_indexes:
      - { name: ByG, partition_key: { name: g, type: S }, projection: all }
    operations:
      - { op: UpdateItem, rate: 10/s }
";
    let r = run(yaml);
    assert!(r.summary.requests > 150, "{}", r.summary.requests);
    assert_eq!(r.summary.consumed_wcu / r.summary.requests as f64, 2.0);
}

/// Units per request of 20 s of updates of one item (600-byte `Notes`, an
/// 8-digit `Total`) with a GSI that projects `Total`; `updated` is the
/// operation's `updated_attributes` line (empty: omitted).
fn include_updates(updated: &str) -> f64 {
    units_per_request(&format!(
        "    partition_key: {{ name: pk, type: S }}
    item_count: 1
    attributes:
      pk: {{ type: S, size: 10 }}
      Status: {{ type: S, size: 8 }}
      Total: {{ type: N, digits: 8 }}
      Notes: {{ type: S, size: 600 }}
    global_secondary_indexes:
      - {{ name: ByStatus, partition_key: {{ name: Status, type: S }}, projection: {{ include: [Total] }} }}
    operations:
      - {{ op: UpdateItem, rate: 10/s{updated} }}
"
    ))
    .1
}

// Rule I5 with an INCLUDE projection: an update that changes a projected
// attribute rewrites the entry (1 table unit + 1 for the small entry); one
// that changes only attributes the index does not project writes the table
// alone. With `updated_attributes` omitted the projected ones are assumed
// to change, as `estimate` assumes. The simulator used to update a filler
// attribute only, so the entry was never rewritten.
#[test]
fn updates_rewrite_include_entries_only_when_they_change_projected_attributes() {
    assert_eq!(include_updates(", updated_attributes: [Total]"), 2.0);
    assert_eq!(include_updates(""), 2.0);
    assert_eq!(include_updates(", updated_attributes: [Notes]"), 1.0);
}

// Rule O5 (docs/capacity-model.md, facts sheet §2.2): an UpdateItem is
// charged W(max(before, after)).
// An update that does not grow the item (no operation `item_size`) of a
// 1 KB item is 1 unit, as `estimate` charges it; with an operation
// `item_size` of 1,100 B the item grows past 1 KB: 2 units. The simulator
// used to add an attribute (~12 bytes) on every update, so 1 KB items cost
// 2 units.
#[test]
fn an_update_is_charged_the_size_it_leaves_the_item() {
    let per_request = |op: &str| {
        units_per_request(&format!(
            "    partition_key: {{ name: pk, type: S }}
    item_count: 1000
    item_size: 1KB
    operations:
      - {{ op: UpdateItem, rate: 10/s{op} }}
"
        ))
        .1
    };
    assert_eq!(per_request(""), 1.0);
    assert_eq!(per_request(", item_size: 1100B"), 2.0);
}

// Rule W1 (facts sheet §2.2): a PutItem is charged its item's size. An
// operation's own `item_size` is the size of the items it writes, as
// `estimate` sizes them: 3 KB puts on a 1 KB table are 3 units. The
// simulator used to write table-shaped items (1 unit).
#[test]
fn a_put_writes_items_of_the_operation_size() {
    let table = "    partition_key: { name: pk, type: S }
    item_count: 1000
    item_size: 1KB
    operations:
      - { op: PutItem, rate: 10/s, item_size: 3KB }
";
    assert_eq!(units_per_request(table).1, 3.0);
}

// Rule R1 (facts sheet §2.1): a strongly consistent GetItem is one unit
// per 4 KB of the item. A GetItem with its own `item_size` reads items of
// that size, as `estimate` charges it: 9 KB, 3 units.
#[test]
fn a_get_reads_items_of_the_operation_size() {
    let table = "    partition_key: { name: pk, type: S }
    item_count: 1000
    item_size: 1KB
    operations:
      - { op: GetItem, rate: 10/s, item_size: 9KB, consistency: strong }
";
    assert_eq!(units_per_request(table).0, 3.0);
}

// Rule O2 on a GSI: `items` entries of the index's entry size, whatever
// the table's items per partition key (a GSI partition gathers items from
// the whole table). 100 entries of 200 B = 20,000 B = 5 units, eventually
// consistent 2.5; the simulator used to cap the entries at the table's one
// item per key (0.5).
#[test]
fn a_gsi_query_reads_its_items_whatever_the_table_collections() {
    let table = "    partition_key: { name: pk, type: S }
    item_count: 1000
    item_size: 1KB
    global_secondary_indexes:
      - { name: ByG, partition_key: { name: g, type: S }, projection: keys_only, entry_size: 200 }
    operations:
      - { op: Query, rate: 10/s, index: ByG, items: 100 }
";
    assert_eq!(units_per_request(table).0, 2.5);
}

// Rule I5 with an ALL GSI on an `example_item` shape: each update changes
// an attribute of the item (same size), so the entry is rewritten: 1 table
// unit + 1 entry unit. The simulator used to send updates that changed
// nothing on such shapes (1 unit, the entry never rewritten).
#[test]
fn updates_of_example_items_rewrite_all_index_entries() {
    let table = r#"    partition_key: { name: pk, type: S }
    item_count: 1000
    example_item: { "pk": { "S": "user-1" }, "name": { "S": "Alice Example" }, "email": { "S": "a@example.com" }, "visits": { "N": "12" } }
    global_secondary_indexes:
      - { name: ByEmail, partition_key: { name: email, type: S }, projection: all }
    operations:
      - { op: UpdateItem, rate: 10/s }
"#;
    assert_eq!(units_per_request(table).1, 2.0);
}
