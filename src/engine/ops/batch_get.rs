//! BatchGetItem: up to 100 items by primary key, across tables, in one
//! call (API Reference, BatchGetItem).
//!
//! Rules: 1-100 keys in all ("Too many items requested for the
//! BatchGetItem call"); no key twice for one table ("Provided list of item
//! keys contains duplicates"); per table, ProjectionExpression,
//! ExpressionAttributeNames and ConsistentRead; each key is read and
//! charged as its own GetItem (rule O3: each item rounded up to 4 KB
//! separately; a missing item still costs the minimum, our reading of
//! GetItem's rule); a response holds at most 16 MB: "If ... the result
//! exceeds the 16 MB limit, BatchGetItem returns a partial result" with the
//! rest in UnprocessedKeys, each table's keys there with its projection and
//! consistency. Sizes counted toward 16 MB are the stored items' sizes.
//! Wording from dynalite's validations. Depends on `get_item`, `table`.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::value::{Item, item_to_json};

use super::super::Engine;
use super::super::consumed::{Consumed, ReturnConsumedCapacity};
use super::super::error::DynamoError;
use super::super::expressions::ExpressionInput;
use super::super::request::Request;
use super::super::table::StoreKey;
use super::super::table::members::validate_name;
use super::GetItemInput;

/// Most keys in one BatchGetItem.
pub const MAX_BATCH_GET_KEYS: usize = 100;
/// Largest BatchGetItem response (16 MB).
pub const MAX_BATCH_GET_BYTES: u64 = 16 * 1024 * 1024;

/// One table's part of a BatchGetItem (a KeysAndAttributes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeysAndAttributes {
    pub keys: Vec<Item>,
    pub projection_expression: Option<String>,
    pub expression: ExpressionInput,
    pub consistent_read: bool,
}

/// A BatchGetItem request, tables in request order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchGetInput {
    pub request_items: Vec<(String, KeysAndAttributes)>,
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

/// A BatchGetItem response.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchGetOutput {
    /// Items found, per table (tables in request order).
    pub responses: Vec<(String, Vec<Arc<Item>>)>,
    /// Keys not read because of the 16 MB limit.
    pub unprocessed: Vec<(String, KeysAndAttributes)>,
    pub consumed: Vec<Consumed>,
}

fn too_many() -> DynamoError {
    DynamoError::validation("Too many items requested for the BatchGetItem call")
}

impl BatchGetInput {
    pub fn from_json(body: &Value) -> Result<BatchGetInput, DynamoError> {
        let req = Request::new(body)?;
        let items =
            req.object("RequestItems")?.ok_or_else(|| DynamoError::missing("requestItems"))?;
        if items.members().is_empty() {
            return Err(DynamoError::constraint(
                "'{}'",
                "requestItems",
                "Member must have length greater than or equal to 1",
            ));
        }
        let mut request_items = Vec::new();
        let mut total = 0;
        for (table, spec) in items.members() {
            if !table.starts_with("arn:") {
                validate_name(table, "requestItems.member.key")?;
            }
            let spec = Request::new(spec)?;
            let keys = spec.array("Keys")?.ok_or_else(|| DynamoError::missing("keys"))?;
            if keys.is_empty() {
                return Err(DynamoError::constraint(
                    "'[]'",
                    "requestItems.member.keys",
                    "Member must have length greater than or equal to 1",
                ));
            }
            total += keys.len();
            if total > MAX_BATCH_GET_KEYS {
                return Err(too_many());
            }
            let keys = keys
                .iter()
                .map(|k| crate::value::item_from_json(k).map_err(DynamoError::from))
                .collect::<Result<Vec<_>, _>>()?;
            let projection_expression = spec.str("ProjectionExpression")?.map(str::to_string);
            request_items.push((
                table.clone(),
                KeysAndAttributes {
                    keys,
                    expression: ExpressionInput::parse(&spec, projection_expression.is_some())?,
                    projection_expression,
                    consistent_read: spec.bool("ConsistentRead")?.unwrap_or(false),
                },
            ));
        }
        Ok(BatchGetInput {
            request_items,
            return_consumed_capacity: ReturnConsumedCapacity::parse(
                req.str("ReturnConsumedCapacity")?,
            )?,
        })
    }
}

impl KeysAndAttributes {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("Keys".into(), Value::Array(self.keys.iter().map(item_to_json).collect()));
        if let Some(p) = &self.projection_expression {
            out.insert("ProjectionExpression".into(), json!(p));
        }
        if let Some(names) = &self.expression.names {
            out.insert("ExpressionAttributeNames".into(), json!(names));
        }
        if self.consistent_read {
            out.insert("ConsistentRead".into(), json!(true));
        }
        Value::Object(out)
    }
}

impl BatchGetOutput {
    pub fn to_json(&self, mode: ReturnConsumedCapacity) -> Value {
        let mut out = Map::new();
        let responses = self
            .responses
            .iter()
            .map(|(t, items)| {
                (t.clone(), Value::Array(items.iter().map(|i| item_to_json(i)).collect()))
            })
            .collect();
        out.insert("Responses".into(), Value::Object(responses));
        let unprocessed = self.unprocessed.iter().map(|(t, k)| (t.clone(), k.to_json())).collect();
        out.insert("UnprocessedKeys".into(), Value::Object(unprocessed));
        if mode != ReturnConsumedCapacity::None {
            let list = self.consumed.iter().filter_map(|c| c.to_json(mode)).collect();
            out.insert("ConsumedCapacity".into(), Value::Array(list));
        }
        Value::Object(out)
    }
}

impl Engine {
    /// BatchGetItem through the typed API.
    pub fn batch_get_item(&self, input: &BatchGetInput) -> Result<BatchGetOutput, DynamoError> {
        // Validate everything first: tables, keys, duplicates, expressions.
        for (name, spec) in &input.request_items {
            let table = self.table(name)?;
            let mut seen = HashSet::new();
            for key in &spec.keys {
                if !seen.insert(StoreKey::new(table.def.key.key_of_request(key)?)) {
                    return Err(DynamoError::validation(
                        "Provided list of item keys contains duplicates",
                    ));
                }
            }
            let mut resolver = spec.expression.resolver()?;
            if let Some(p) = &spec.projection_expression {
                super::super::expr::compile_projection(p, &mut resolver)?;
            }
            resolver.finish()?;
        }
        let mut bytes = 0u64;
        let mut responses = Vec::new();
        let mut unprocessed: Vec<(String, KeysAndAttributes)> = Vec::new();
        let mut consumed: Vec<Consumed> = Vec::new();
        for (name, spec) in &input.request_items {
            let mut found = Vec::new();
            let mut left = Vec::new();
            for key in &spec.keys {
                let table = self.table(name)?;
                let store_key = StoreKey::new(table.def.key.key_of_request(key)?);
                let size = table.get(&store_key).map_or(0, |s| u64::from(s.size));
                if !left.is_empty() || bytes + size > MAX_BATCH_GET_BYTES {
                    left.push(key.clone());
                    continue;
                }
                bytes += size;
                let out = self.get_item(&GetItemInput {
                    table_name: name.clone(),
                    key: key.clone(),
                    consistent_read: spec.consistent_read,
                    projection_expression: spec.projection_expression.clone(),
                    expression: spec.expression.clone(),
                    return_consumed_capacity: ReturnConsumedCapacity::None,
                })?;
                match consumed.iter_mut().find(|c| c.table_name == out.consumed.table_name) {
                    Some(c) => c.merge(&out.consumed),
                    None => consumed.push(out.consumed),
                }
                found.extend(out.item);
            }
            responses.push((name.clone(), found));
            if !left.is_empty() {
                unprocessed.push((name.clone(), KeysAndAttributes { keys: left, ..spec.clone() }));
            }
        }
        Ok(BatchGetOutput { responses, unprocessed, consumed })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::super::test_support::{engine, err, hash_table, ok};
    use super::*;

    fn keys(names: &[&str]) -> Vec<Value> {
        names.iter().map(|n| json!({"pk": {"S": n}})).collect()
    }

    fn setup(e: &mut Engine) {
        hash_table(e, "Aaa");
        hash_table(e, "Bbb");
        for (t, pk, pad) in [("Aaa", "a1", 10), ("Aaa", "a2", 5000), ("Bbb", "b1", 1)] {
            ok(
                e,
                "PutItem",
                json!({"TableName": t, "Item": {"pk": {"S": pk}, "d": {"S": "x".repeat(pad)}}}),
            );
        }
    }

    // API Reference, BatchGetItem: items from several tables; missing keys
    // are simply absent; capacity per table, each item rounded to 4 KB
    // separately (rule O3): A = 0.5 (a1) + 1.0 (a2, ~5 KB) + 0.5 (missing).
    #[test]
    fn reads_several_tables_with_per_item_rounding() {
        let mut e = engine();
        setup(&mut e);
        let out = ok(
            &mut e,
            "BatchGetItem",
            json!({"RequestItems": {
                "Aaa": {"Keys": keys(&["a1", "a2", "nope"]), "ProjectionExpression": "pk"},
                "Bbb": {"Keys": keys(&["b1"]), "ConsistentRead": true}
            }, "ReturnConsumedCapacity": "TOTAL"}),
        );
        assert_eq!(out["Responses"]["Aaa"], json!([{"pk": {"S": "a1"}}, {"pk": {"S": "a2"}}]));
        assert_eq!(out["Responses"]["Bbb"][0]["d"], json!({"S": "x"}));
        assert_eq!(out["UnprocessedKeys"], json!({}));
        assert_eq!(
            out["ConsumedCapacity"],
            json!([{"TableName": "Aaa", "CapacityUnits": 2.0}, {"TableName": "Bbb", "CapacityUnits": 1.0}])
        );
    }

    // "A single operation can retrieve up to 16 MB of data, which can contain
    // as many as 100 items"; past 16 MB the rest comes back in
    // UnprocessedKeys with the table's projection and consistency.
    #[test]
    fn past_16_mb_the_rest_is_unprocessed() {
        let mut e = engine();
        hash_table(&mut e, "Aaa");
        let big = "x".repeat(399_000);
        let names: Vec<String> = (0..50).map(|i| format!("k{i:02}")).collect();
        for n in &names {
            ok(
                &mut e,
                "PutItem",
                json!({"TableName": "Aaa", "Item": {"pk": {"S": n}, "d": {"S": big}}}),
            );
        }
        let all: Vec<&str> = names.iter().map(String::as_str).collect();
        let out = ok(
            &mut e,
            "BatchGetItem",
            json!({"RequestItems": {"Aaa": {"Keys": keys(&all), "ConsistentRead": true}}, "ReturnConsumedCapacity": "TOTAL"}),
        );
        // Items of 399,007 bytes: 42 fit in 16,777,216 bytes.
        let got = out["Responses"]["Aaa"].as_array().unwrap().len();
        assert_eq!(got, 42);
        let left = &out["UnprocessedKeys"]["Aaa"];
        assert_eq!(left["Keys"].as_array().unwrap().len(), 8);
        assert_eq!(left["Keys"][0], json!({"pk": {"S": "k42"}}));
        assert_eq!(left["ConsistentRead"], json!(true));
        // 42 items of 98 blocks each, strongly consistent.
        assert_eq!(out["ConsumedCapacity"][0]["CapacityUnits"], json!(42.0 * 98.0));
    }

    #[test]
    fn limits_duplicates_and_missing_tables() {
        let mut e = engine();
        setup(&mut e);
        let many: Vec<String> = (0..101).map(|i| format!("k{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let x =
            err(&mut e, "BatchGetItem", json!({"RequestItems": {"Aaa": {"Keys": keys(&many)}}}));
        assert_eq!(x.message(), "Too many items requested for the BatchGetItem call");
        let x = err(
            &mut e,
            "BatchGetItem",
            json!({"RequestItems": {"Aaa": {"Keys": keys(&["a1", "a1"])}}}),
        );
        assert_eq!(x.message(), "Provided list of item keys contains duplicates");
        let x =
            err(&mut e, "BatchGetItem", json!({"RequestItems": {"Nope": {"Keys": keys(&["a1"])}}}));
        assert_eq!(x.name(), "ResourceNotFoundException");
        let x = err(
            &mut e,
            "BatchGetItem",
            json!({"RequestItems": {"Aaa": {"Keys": [{"pk": {"N": "1"}}]}}}),
        );
        assert_eq!(x.message(), "The provided key element does not match the schema");
        let x = err(
            &mut e,
            "BatchGetItem",
            json!({"RequestItems": {"Aaa": {"Keys": keys(&["a1"]), "ProjectionExpression": "pk", "ExpressionAttributeNames": {"#x": "x"}}}}),
        );
        assert_eq!(
            x.message(),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}"
        );
    }
}
