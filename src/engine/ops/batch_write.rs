//! BatchWriteItem: up to 25 puts and deletes across tables in one call
//! (API Reference, BatchWriteItem).
//!
//! Rules: 1-25 requests in all ("Too many items requested for the
//! BatchWriteItem call"); no two requests for the same item ("Provided list
//! of item keys contains duplicates"); every table must exist and every
//! request must be valid before anything is written (the whole batch is
//! rejected otherwise); each write is charged as its own PutItem/DeleteItem
//! (rule O6: each item rounded up to 1 KB separately) and keeps indexes the
//! same way, through the one write path (`Table::plan_write`). Writes are
//! not conditional. This engine never throttles, so UnprocessedItems is
//! always empty. Wording from dynalite's validations (recorded against the
//! live service). Depends on `put_item`, `delete_item`, `table`.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::capacity::item_size::{MAX_ITEM_BYTES, item_size};
use crate::value::Item;

use super::super::Engine;
use super::super::consumed::{Consumed, ReturnConsumedCapacity};
use super::super::error::DynamoError;
use super::super::request::Request;
use super::super::return_values::parse_item_collection_metrics;
use super::super::table::members::validate_name;
use super::super::table::{ItemCollectionMetrics, OldItem, StoreKey};
use super::{DeleteItemInput, PutItemInput};

/// Most write requests in one BatchWriteItem.
pub const MAX_BATCH_WRITES: usize = 25;

/// One write of a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteRequest {
    Put(Item),
    Delete(Item),
}

/// A BatchWriteItem request: per table (in request order), its writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchWriteInput {
    pub request_items: Vec<(String, Vec<WriteRequest>)>,
    pub return_consumed_capacity: ReturnConsumedCapacity,
    pub return_item_collection_metrics: bool,
}

/// A BatchWriteItem response.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchWriteOutput {
    /// One entry per table written, in request order.
    pub consumed: Vec<Consumed>,
    pub item_collection_metrics: Vec<(String, Vec<ItemCollectionMetrics>)>,
}

fn too_many() -> DynamoError {
    DynamoError::validation("Too many items requested for the BatchWriteItem call")
}

impl BatchWriteInput {
    pub fn from_json(body: &Value) -> Result<BatchWriteInput, DynamoError> {
        let req = Request::new(body)?;
        let items =
            req.object("RequestItems")?.ok_or_else(|| DynamoError::missing("requestItems"))?;
        let map = items.members();
        if map.is_empty() {
            return Err(DynamoError::constraint(
                "'{}'",
                "requestItems",
                "Member must have length greater than or equal to 1",
            ));
        }
        let mut request_items = Vec::new();
        let mut total = 0;
        for (table, writes) in map {
            if !table.starts_with("arn:") {
                validate_name(table, "requestItems.member.key")?;
            }
            let Value::Array(writes) = writes else {
                return Err(DynamoError::Serialization(format!(
                    "RequestItems.{table} must be an array of write requests"
                )));
            };
            if writes.is_empty() {
                return Err(DynamoError::constraint(
                    "'[]'",
                    "requestItems",
                    "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]",
                ));
            }
            total += writes.len();
            if total > MAX_BATCH_WRITES {
                return Err(too_many());
            }
            let mut list = Vec::with_capacity(writes.len());
            for w in writes {
                let w = Request::new(w)?;
                let put = w.object("PutRequest")?;
                let delete = w.object("DeleteRequest")?;
                list.push(match (put, delete) {
                    (Some(p), None) => WriteRequest::Put(
                        p.item("Item")?.ok_or_else(|| DynamoError::missing("item"))?,
                    ),
                    (None, Some(d)) => WriteRequest::Delete(
                        d.item("Key")?.ok_or_else(|| DynamoError::missing("key"))?,
                    ),
                    _ => {
                        return Err(DynamoError::validation(
                            "Supplied write request must contain exactly one of PutRequest or DeleteRequest",
                        ));
                    }
                });
            }
            request_items.push((table.clone(), list));
        }
        Ok(BatchWriteInput {
            request_items,
            return_consumed_capacity: ReturnConsumedCapacity::parse(
                req.str("ReturnConsumedCapacity")?,
            )?,
            return_item_collection_metrics: parse_item_collection_metrics(
                req.str("ReturnItemCollectionMetrics")?,
            )?,
        })
    }
}

impl BatchWriteOutput {
    pub fn to_json(&self, mode: ReturnConsumedCapacity) -> Value {
        let mut out = Map::new();
        out.insert("UnprocessedItems".into(), Value::Object(Map::new()));
        if mode != ReturnConsumedCapacity::None {
            let list = self.consumed.iter().filter_map(|c| c.to_json(mode)).collect();
            out.insert("ConsumedCapacity".into(), Value::Array(list));
        }
        if !self.item_collection_metrics.is_empty() {
            let map = self
                .item_collection_metrics
                .iter()
                .map(|(t, m)| (t.clone(), Value::Array(m.iter().map(|x| x.to_json()).collect())))
                .collect();
            out.insert("ItemCollectionMetrics".into(), Value::Object(map));
        }
        Value::Object(out)
    }
}

impl Engine {
    /// Checks every write of the batch without applying any.
    fn check_batch_writes(&self, input: &BatchWriteInput) -> Result<(), DynamoError> {
        let mut seen = HashSet::new();
        for (name, writes) in &input.request_items {
            let table = self.table(name)?;
            for w in writes {
                let (key, new) = match w {
                    WriteRequest::Put(item) => {
                        let key = StoreKey::new(table.def.key.key_of_item(item)?);
                        let size = item_size(item);
                        if size > MAX_ITEM_BYTES {
                            return Err(DynamoError::validation(
                                "Item size has exceeded the maximum allowed size",
                            ));
                        }
                        (key, Some((item, size)))
                    }
                    WriteRequest::Delete(key) => {
                        (StoreKey::new(table.def.key.key_of_request(key)?), None)
                    }
                };
                if !seen.insert((table.name.clone(), key.clone())) {
                    return Err(DynamoError::validation(
                        "Provided list of item keys contains duplicates",
                    ));
                }
                // Index key types and the item-collection limit.
                table.plan_write(key.clone(), table.get(&key).map(OldItem::new).as_ref(), new)?;
            }
        }
        Ok(())
    }

    /// BatchWriteItem through the typed API.
    pub fn batch_write_item(
        &mut self,
        input: BatchWriteInput,
    ) -> Result<BatchWriteOutput, DynamoError> {
        self.check_batch_writes(&input)?;
        let mut consumed: Vec<Consumed> = Vec::new();
        let mut metrics = Vec::new();
        let want_metrics = input.return_item_collection_metrics;
        for (name, writes) in input.request_items {
            let mut table_metrics = Vec::new();
            for w in writes {
                let (c, m) = match w {
                    WriteRequest::Put(item) => {
                        let out = self.put_item(PutItemInput {
                            table_name: name.clone(),
                            item,
                            return_item_collection_metrics: want_metrics,
                            ..PutItemInput::default()
                        })?;
                        (out.consumed, out.item_collection_metrics)
                    }
                    WriteRequest::Delete(key) => {
                        let out = self.delete_item(DeleteItemInput {
                            table_name: name.clone(),
                            key,
                            return_item_collection_metrics: want_metrics,
                            ..DeleteItemInput::default()
                        })?;
                        (out.consumed, out.item_collection_metrics)
                    }
                };
                match consumed.iter_mut().find(|x| x.table_name == c.table_name) {
                    Some(x) => x.merge(&c),
                    None => consumed.push(c),
                }
                table_metrics.extend(m);
            }
            if !table_metrics.is_empty() {
                metrics.push((name, table_metrics));
            }
        }
        Ok(BatchWriteOutput { consumed, item_collection_metrics: metrics })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::super::test_support::{
        composite_table, engine, err, hash_table, indexed_table, ok,
    };
    use super::*;

    fn put(pk: &str, extra: Value) -> Value {
        let mut item = json!({"pk": {"S": pk}});
        for (k, v) in extra.as_object().unwrap() {
            item[k] = v.clone();
        }
        json!({"PutRequest": {"Item": item}})
    }

    fn count(e: &mut Engine, table: &str) -> u64 {
        e.table(table).unwrap().store.len() as u64
    }

    // API Reference, BatchWriteItem: puts and deletes across tables; each
    // item is charged as its own write (rule O6) and ConsumedCapacity lists
    // one entry per table.
    #[test]
    fn puts_and_deletes_across_tables_with_per_table_capacity() {
        let mut e = engine();
        hash_table(&mut e, "Aaa");
        hash_table(&mut e, "Bbb");
        ok(&mut e, "PutItem", json!({"TableName": "Bbb", "Item": {"pk": {"S": "gone"}}}));
        let out = ok(
            &mut e,
            "BatchWriteItem",
            json!({"RequestItems": {
                "Aaa": [put("a1", json!({"d": {"S": "x".repeat(1500)}})), put("a2", json!({}))],
                "Bbb": [{"DeleteRequest": {"Key": {"pk": {"S": "gone"}}}}, put("b1", json!({}))]
            }, "ReturnConsumedCapacity": "TOTAL"}),
        );
        assert_eq!(
            out,
            json!({"UnprocessedItems": {}, "ConsumedCapacity": [
                {"TableName": "Aaa", "CapacityUnits": 3.0},
                {"TableName": "Bbb", "CapacityUnits": 2.0}
            ]})
        );
        assert_eq!((count(&mut e, "Aaa"), count(&mut e, "Bbb")), (2, 1));
    }

    // "The individual PutItem and DeleteItem operations specified in
    // BatchWriteItem are atomic; however BatchWriteItem as a whole is not"
    // — but a request that fails validation writes nothing.
    #[test]
    fn an_invalid_request_writes_nothing() {
        let mut e = engine();
        composite_table(&mut e, "Tbl");
        let x = err(
            &mut e,
            "BatchWriteItem",
            json!({"RequestItems": {"Tbl": [
                {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": "1"}}}},
                {"PutRequest": {"Item": {"pk": {"S": "a"}}}}
            ]}}),
        );
        assert_eq!(x.name(), "ValidationException");
        assert_eq!(count(&mut e, "Tbl"), 0);
        let x = err(
            &mut e,
            "BatchWriteItem",
            json!({"RequestItems": {"Tbl": [{"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": "1"}}}}], "Missing": [put("x", json!({}))]}}),
        );
        assert_eq!(x.name(), "ResourceNotFoundException");
        assert_eq!(count(&mut e, "Tbl"), 0);
    }

    // "There are more than 25 requests in the batch" and "The same item is
    // put or deleted more than once" are rejected (API Reference,
    // BatchWriteItem); wording from dynalite.
    #[test]
    fn limits_and_duplicates() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let many: Vec<Value> = (0..26).map(|i| put(&format!("k{i}"), json!({}))).collect();
        let x = err(&mut e, "BatchWriteItem", json!({"RequestItems": {"Tbl": many}}));
        assert_eq!(x.message(), "Too many items requested for the BatchWriteItem call");
        let exactly: Vec<Value> = (0..25).map(|i| put(&format!("k{i}"), json!({}))).collect();
        ok(&mut e, "BatchWriteItem", json!({"RequestItems": {"Tbl": exactly}}));
        assert_eq!(count(&mut e, "Tbl"), 25);
        let x = err(
            &mut e,
            "BatchWriteItem",
            json!({"RequestItems": {"Tbl": [put("d", json!({})), {"DeleteRequest": {"Key": {"pk": {"S": "d"}}}}]}}),
        );
        assert_eq!(x.message(), "Provided list of item keys contains duplicates");
        let x = err(&mut e, "BatchWriteItem", json!({"RequestItems": {}}));
        assert!(
            x.message().contains("'requestItems' failed to satisfy constraint"),
            "{}",
            x.message()
        );
        let x = err(&mut e, "BatchWriteItem", json!({"RequestItems": {"Tbl": [{}]}}));
        assert_eq!(
            x.message(),
            "Supplied write request must contain exactly one of PutRequest or DeleteRequest"
        );
    }

    // Index maintenance on the batch path: the same rules (I1-I5) as PutItem,
    // reported under GlobalSecondaryIndexes with INDEXES; a wrong index key
    // type rejects the whole batch.
    #[test]
    fn batch_writes_maintain_indexes() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        let out = ok(
            &mut e,
            "BatchWriteItem",
            json!({"RequestItems": {"Tbl": [
                {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "x"}}}},
                {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": "2"}, "g": {"S": "y"}, "k": {"S": "z"}}}}
            ]}, "ReturnConsumedCapacity": "INDEXES"}),
        );
        assert_eq!(
            out["ConsumedCapacity"][0]["GlobalSecondaryIndexes"],
            json!({"byG": {"CapacityUnits": 2.0}, "byK": {"CapacityUnits": 1.0}})
        );
        let t = e.table("Tbl").unwrap();
        assert_eq!((t.indexes["byG"].len(), t.indexes["byK"].len()), (2, 1));
        let x = err(
            &mut e,
            "BatchWriteItem",
            json!({"RequestItems": {"Tbl": [
                {"DeleteRequest": {"Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}}},
                {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": "3"}, "g": {"N": "1"}}}}
            ]}}),
        );
        assert!(x.message().contains("Type mismatch for Index Key g"), "{}", x.message());
        assert_eq!(e.table("Tbl").unwrap().indexes["byG"].len(), 2);
        ok(
            &mut e,
            "BatchWriteItem",
            json!({"RequestItems": {"Tbl": [{"DeleteRequest": {"Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}}}]}}),
        );
        assert_eq!(e.table("Tbl").unwrap().indexes["byG"].len(), 1);
    }

    #[test]
    fn item_collection_metrics_for_tables_with_lsis() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        let out = ok(
            &mut e,
            "BatchWriteItem",
            json!({"RequestItems": {"Tbl": [{"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": "1"}}}}]}, "ReturnItemCollectionMetrics": "SIZE"}),
        );
        assert_eq!(
            out["ItemCollectionMetrics"],
            json!({"Tbl": [{"ItemCollectionKey": {"pk": {"S": "a"}}, "SizeEstimateRangeGB": [0.0, 1.0]}]})
        );
    }
}
