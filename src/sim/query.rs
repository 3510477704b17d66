//! A Query on the table or one of its LSIs, run by the engine: the
//! partition key's item collection is stored in full the first time a
//! Query reads it, then the engine's Query returns the first `items` items
//! (or LSI entries) in sort-key order and says what they cost (rule O2:
//! their sizes summed, rounded up to 4 KB read units; a 1 MB page at most;
//! on an LSI, the entries read plus any table items fetched for attributes
//! the index does not project). Items PutItem added to the collection, and
//! items deleted from it, count as they would in DynamoDB.
//!
//! Storing the collection costs memory once per partition key queried
//! (`items_per_key` items, packed). Queries on a GSI are still charged by
//! the capacity rules over the index's entry size (`execute.rs`): a GSI's
//! partition gathers items from the whole table, which cannot be generated
//! one collection at a time. An LSI's partition is the table's.
//!
//! Depends on `run` (the run's state), `execute` (`ensure`), `items` and
//! `engine`.

use std::collections::HashMap;

use super::execute::split;
use super::run::TableSim;
use crate::capacity::CapacityUnits;
use crate::engine::{ExpressionInput, QueryInput, ReadRequest};

/// A Query on an LSI: its name, and whether it asks for all attributes
/// (the engine then fetches each item from the table, charged per item).
pub(super) struct LsiQuery {
    pub(super) index: String,
    pub(super) fetch: bool,
}

impl TableSim<'_> {
    /// Query of partition key `pk` on the table, or on an LSI, for its
    /// first `limit` items; the table's read units consumed.
    pub(super) fn query_table(
        &mut self,
        pk: u64,
        limit: u64,
        strong: bool,
        lsi: Option<LsiQuery>,
    ) -> CapacityUnits {
        for sk in 0..self.items_per_key {
            self.ensure(pk, sk, None);
        }
        let key = self.items.key(pk, 0);
        let name = &self.table.partition_key.name;
        let Some(value) = key.get(name).cloned() else {
            return CapacityUnits::ZERO;
        };
        let input = QueryInput {
            read: ReadRequest {
                table_name: self.table.name.clone(),
                select: lsi.as_ref().filter(|l| l.fetch).map(|_| "ALL_ATTRIBUTES".to_string()),
                index_name: lsi.map(|l| l.index),
                limit: Some(u32::try_from(limit.max(1)).unwrap_or(u32::MAX)),
                consistent_read: strong,
                expression: ExpressionInput {
                    names: Some(HashMap::from([("#pk".to_string(), name.clone())])),
                    values: Some(HashMap::from([(":pk".to_string(), value)])),
                },
                ..Default::default()
            },
            key_condition_expression: "#pk = :pk".into(),
            scan_index_forward: true,
        };
        // The request is well formed for the table the run created; an
        // error would be a simulator bug, and the Query then costs nothing.
        // An LSI's reads are reported under the index and charged to the
        // table's capacity (facts sheet §2.1, "LSI query"), as `split` counts them.
        self.engine
            .query(&input)
            .map(|page| split(&self.table.global_secondary_indexes, page.consumed).0)
            .unwrap_or(CapacityUnits::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::model_tests::units_per_request;

    fn consumed_rcu(ops: &str) -> f64 {
        consumed_rcu_with(ops, 1_000, 10)
    }

    /// Read units per request of a 20 s run of `ops` on a table of `items`
    /// items of 3,000 B over `keys` partition keys.
    fn consumed_rcu_with(ops: &str, items: u64, keys: u64) -> f64 {
        units_per_request(&format!(
            "    partition_key: {{ name: pk, type: S }}
    sort_key: {{ name: sk, type: N }}
    item_count: {items}
    distinct_partition_keys: {keys}
    item_size: 3000B
    operations:
{ops}"
        ))
        .0
    }

    // Rule O2: a Query of 4 items of 3,000 B reads 12,000 B = 3 strongly
    // consistent units (12,000 / 4,096 rounded up), 1.5 eventually
    // consistent; one of 100 items asked but 100 in the collection: 300,000
    // B = 74 units (strong).
    #[test]
    fn a_table_query_is_charged_by_the_engine_for_the_items_it_returns() {
        let strong =
            consumed_rcu("      - { op: Query, rate: 10/s, items: 4, consistency: strong }\n");
        assert_eq!(strong, 3.0);
        let eventual = consumed_rcu("      - { op: Query, rate: 10/s, items: 4 }\n");
        assert_eq!(eventual, 1.5);
        let all =
            consumed_rcu("      - { op: Query, rate: 10/s, items: 100, consistency: strong }\n");
        assert_eq!(all, 74.0);
    }

    /// Units per request of a 20 s run of `ops` on a table of 1,000 items
    /// of 3,000 B (10 partition keys) with LSI `ByDate` (`projection`, on
    /// every item): (read units, write units).
    fn with_lsi(ops: &str, projection: &str) -> (f64, f64) {
        units_per_request(&format!(
            "    partition_key: {{ name: pk, type: S }}
    sort_key: {{ name: sk, type: N }}
    item_count: 1000
    distinct_partition_keys: 10
    item_size: 3000B
    local_secondary_indexes:
      - {{ name: ByDate, partition_key: {{ name: pk, type: S }}, sort_key: {{ name: created, type: N }}, projection: {projection} }}
    operations:
{ops}"
        ))
    }

    // Rule O2 on an LSI, run by the engine: 4 entries of an ALL-projection
    // LSI are the items (3,000 B plus the `created` key, under 3,100 B):
    // about 12,200 B = 3 strongly consistent units; 4 KEYS_ONLY entries
    // are a few dozen bytes = 1 unit.
    #[test]
    fn an_lsi_query_is_charged_by_the_engine_for_the_entries_it_reads() {
        let q = "      - { op: Query, rate: 10/s, items: 4, index: ByDate, consistency: strong }\n";
        assert_eq!(with_lsi(q, "all").0, 3.0);
        assert_eq!(with_lsi(q, "keys_only").0, 1.0);
    }

    // Rule O2 with fetches (facts sheet §2.1, "LSI query"): a Query that
    // wants attributes a KEYS_ONLY LSI does not project reads its 4 entries
    // (1 strong unit) and fetches each item from the table, charged one by
    // one (3,000 B: 1 unit each): 5 units. `fetch_share: 1` asks for that
    // on every request, as `estimate` charges it.
    #[test]
    fn an_lsi_query_with_fetch_share_pays_for_each_fetched_item() {
        let q = "      - { op: Query, rate: 10/s, items: 4, index: ByDate, consistency: strong, fetch_share: 1 }\n";
        assert_eq!(with_lsi(q, "keys_only").0, 5.0);
        let half = "      - { op: Query, rate: 10/s, items: 4, index: ByDate, consistency: strong, fetch_share: 0.5 }\n";
        let mean = with_lsi(half, "keys_only").0;
        assert!((2.0..4.0).contains(&mean), "{mean}: half the Queries fetch");
    }

    // Rules I1-I3 (facts sheet §2.3): a new item written to a table with an
    // LSI it belongs to costs one more write for the index entry, charged
    // to the table (§2.3, "LSI writes consume the table's WCU"): 3 units
    // for the 3,000 B item, plus 3 for an ALL entry or 1 for a KEYS_ONLY
    // one. Before generated items carried LSI sort keys, the simulator
    // charged the 3 units alone.
    #[test]
    fn a_put_pays_for_the_lsi_entry_of_its_item() {
        let put = "      - { op: PutItem, rate: 10/s }\n";
        assert_eq!(with_lsi(put, "all").1, 6.0);
        assert_eq!(with_lsi(put, "keys_only").1, 4.0);
    }

    // Items PutItem adds to the collection are returned (and charged) like
    // the starting ones: one key with 2 starting items and 10 puts a second
    // gives Queries of 10 items (8 strong units) once the puts are in.
    #[test]
    fn a_table_query_returns_items_the_run_added() {
        let ops = "      - { op: Query, rate: 10/s, items: 10, consistency: strong }\n      - { op: PutItem, rate: 10/s }\n";
        let per_request = consumed_rcu_with(ops, 2, 1);
        // Half the requests are puts (no read units); the Queries average
        // well above the 2 units of the 2 starting items.
        assert!(per_request > 3.0, "{per_request}");
    }
}
