//! BatchWriteItem and TransactWriteItems through the engine's multi-item
//! operations: the request's new items (made ahead by `arrivals.rs`) are
//! written in one call, and the engine says what the call consumed (a
//! transaction's writes at twice the table's units, rule I8 as the engine
//! reads it). Batch and transactional reads stay per item (`execute.rs`):
//! reads of items a run never wrote are served from the generator, which
//! keeps them out of memory, and cost what the engine would charge.
//!
//! A batch can only name an item once. On a table without a sort key two
//! puts may pick the same partition key, which DynamoDB (and the engine)
//! refuse as a whole; the simulator then writes the items one PutItem at a
//! time, as a client splitting the batch would.
//!
//! Depends on `run` (the run's state), `execute` and `engine`.

use super::execute::split;
use super::run::TableSim;
use super::touched::ItemState;
use crate::capacity::CapacityUnits;
use crate::engine::{
    BatchWriteInput, ExpressionInput, TransactAction, TransactWriteInput, TransactWriteItem,
    WriteRequest,
};
use crate::value::Item;

impl TableSim<'_> {
    /// Writes `items` (partition key number, new item) in one
    /// BatchWriteItem, or one TransactWriteItems when `transact`; the
    /// table's units (LSIs included) and each GSI's.
    pub(super) fn write_batch(
        &mut self,
        items: Vec<(u64, Item)>,
        transact: bool,
    ) -> (CapacityUnits, Vec<(usize, CapacityUnits)>) {
        if self.table.sort_key.is_none() {
            for (pk, _) in &items {
                // As in `put`: a put replacing starting item (pk, 0) after a
                // read made it part of the run's data sees it stored first.
                if self.touch.get(self.item_no(*pk, 0)) == ItemState::Read {
                    self.ensure(*pk, 0, None);
                }
            }
        }
        let table = self.table.name.clone();
        let consumed = if transact {
            let input = TransactWriteInput {
                items: items
                    .iter()
                    .map(|(_, item)| TransactWriteItem {
                        table_name: table.clone(),
                        action: TransactAction::Put { item: item.clone() },
                        condition_expression: None,
                        expression: ExpressionInput::default(),
                        return_old_on_condition_failure: false,
                    })
                    .collect(),
                ..Default::default()
            };
            self.engine.transact_write_items(input).map(|o| o.consumed)
        } else {
            let writes = items.iter().map(|(_, item)| WriteRequest::Put(item.clone())).collect();
            let input =
                BatchWriteInput { request_items: vec![(table, writes)], ..Default::default() };
            self.engine.batch_write_item(input).map(|o| o.consumed)
        };
        match consumed.ok().and_then(|c| c.into_iter().next()) {
            Some(c) => {
                self.added += items.len() as u64;
                split(&self.table.global_secondary_indexes, c)
            }
            // `put` counts the items it adds.
            None => self.write_one_by_one(items, transact),
        }
    }

    /// The batch's items as single PutItems (units doubled for a
    /// transaction's table writes, as the engine charges them).
    fn write_one_by_one(
        &mut self,
        items: Vec<(u64, Item)>,
        transact: bool,
    ) -> (CapacityUnits, Vec<(usize, CapacityUnits)>) {
        let mut total = (CapacityUnits::ZERO, Vec::new());
        for (pk, item) in items {
            let (t, g) = self.put(pk, item);
            total.0 += if transact { t * 2 } else { t };
            total.1.extend(g);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::SimResult;

    fn run(sort_key: &str, op: &str) -> SimResult {
        let yaml = format!(
            "version: 1
simulation: {{ duration: 10s, capacity: {{ rcu: 10000, wcu: 10000 }}, autoscaling: {{ enabled: false }} }}
tables:
  - name: Tbl
    partition_key: {{ name: pk, type: S }}
{sort_key}    item_count: 1000
    distinct_partition_keys: 3
    item_size: 1500B
    operations:
      - {{ {op} }}
"
        );
        crate::sim::model_tests::run(&yaml)
    }

    // Rule W: a 1,500 B item costs 2 write units; a batch of 10 costs 20, a
    // transaction of 10 twice that (rule I8).
    #[test]
    fn batches_and_transactions_are_charged_per_item_by_the_engine() {
        let sk = "    sort_key: { name: sk, type: N }\n";
        let batch = run(sk, "op: BatchWriteItem, rate: 10/s, items: 10");
        assert_eq!(batch.summary.consumed_wcu, 20.0 * batch.summary.requests as f64);
        let tx = run(sk, "op: TransactWriteItems, rate: 10/s, items: 10");
        assert_eq!(tx.summary.consumed_wcu, 40.0 * tx.summary.requests as f64);
        assert_eq!(tx.tables[0].items_materialized, 10 * tx.summary.requests);
        // Each put adds one item to the run's data, counted once.
        let puts = run(sk, "op: PutItem, rate: 10/s");
        assert_eq!(puts.tables[0].items_materialized, puts.summary.requests);
    }

    // Three partition keys and no sort key: a batch of 10 always repeats a
    // key, which DynamoDB refuses; the items are then put one at a time,
    // at the same price.
    #[test]
    fn a_batch_repeating_a_key_is_written_one_item_at_a_time() {
        let batch = run("", "op: BatchWriteItem, rate: 10/s, items: 10");
        assert!(batch.summary.requests > 50);
        assert_eq!(batch.summary.consumed_wcu, 20.0 * batch.summary.requests as f64);
    }
}
