//! GetItem: read one item by its full primary key (API Reference, GetItem).
//!
//! Steps: read the request; compile the ProjectionExpression; find the
//! table; check the Key against the schema; look the item up (one B-tree
//! search); charge R(item size) — a missing item still costs the minimum,
//! 0.5 eventually consistent or 1 strongly consistent (facts sheet §2.1) —
//! and project. Projection does not reduce the charge. Depends on `table`,
//! `expressions`, `consumed`, `capacity`.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::capacity::{ReadConsistency, read_units};
use crate::value::{Item, item_to_json};

use super::super::Engine;
use super::super::consumed::{CapacityKind, Consumed, ReturnConsumedCapacity};
use super::super::error::DynamoError;
use super::super::expr::compile_projection;
use super::super::expressions::ExpressionInput;
use super::super::request::Request;
use super::super::table::StoreKey;
use super::common::data_table_name;

/// A GetItem request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GetItemInput {
    pub table_name: String,
    pub key: Item,
    pub consistent_read: bool,
    pub projection_expression: Option<String>,
    pub expression: ExpressionInput,
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

/// A GetItem response.
#[derive(Debug, Clone, PartialEq)]
pub struct GetItemOutput {
    /// The item (projected), or `None` if there is none with that key:
    /// decoded from the store's packed form once.
    pub item: Option<Arc<Item>>,
    pub consumed: Consumed,
}

impl GetItemInput {
    pub fn from_json(body: &Value) -> Result<GetItemInput, DynamoError> {
        let req = Request::new(body)?;
        let projection_expression = req.str("ProjectionExpression")?.map(str::to_string);
        Ok(GetItemInput {
            table_name: data_table_name(&req)?,
            key: req.item("Key")?.ok_or_else(|| DynamoError::missing("key"))?,
            consistent_read: req.bool("ConsistentRead")?.unwrap_or(false),
            expression: ExpressionInput::parse(&req, projection_expression.is_some())?,
            projection_expression,
            return_consumed_capacity: ReturnConsumedCapacity::parse(
                req.str("ReturnConsumedCapacity")?,
            )?,
        })
    }
}

impl GetItemOutput {
    pub fn to_json(&self, mode: ReturnConsumedCapacity) -> Value {
        let mut out = Map::new();
        if let Some(item) = &self.item {
            out.insert("Item".into(), item_to_json(item));
        }
        if let Some(c) = self.consumed.to_json(mode) {
            out.insert("ConsumedCapacity".into(), c);
        }
        Value::Object(out)
    }
}

impl Engine {
    /// GetItem through the typed API.
    pub fn get_item(&self, input: &GetItemInput) -> Result<GetItemOutput, DynamoError> {
        let mut resolver = input.expression.resolver()?;
        let projection = input
            .projection_expression
            .as_deref()
            .map(|text| compile_projection(text, &mut resolver))
            .transpose()?;
        resolver.finish()?;

        let table = self.table(&input.table_name)?;
        let key = StoreKey::new(table.def.key.key_of_request(&input.key)?);
        let stored = table.get(&key);
        let consistency =
            if input.consistent_read { ReadConsistency::Strong } else { ReadConsistency::Eventual };
        let size = stored.map_or(0, |s| u64::from(s.size));
        let consumed =
            Consumed::new(table.name.clone(), CapacityKind::Read, read_units(size, consistency));
        let item = stored.map(|s| match &projection {
            Some(p) => Arc::new(p.apply(&s.item())),
            None => Arc::new(s.item()),
        });
        Ok(GetItemOutput { item, consumed })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::super::test_support::{composite_table, engine, err, hash_table, ok};
    use super::*;

    fn put_sized(e: &mut Engine, pk: &str, bytes: usize) {
        // "pk" + value, "data" + string: 2 + len(pk) + 4 + n bytes.
        let data = "x".repeat(bytes - 6 - pk.len());
        ok(
            e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": pk}, "data": {"S": data}}}),
        );
    }

    fn units(e: &mut Engine, pk: &str, consistent: bool) -> serde_json::Value {
        ok(e, "GetItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": pk}}, "ConsistentRead": consistent, "ReturnConsumedCapacity": "TOTAL"}))["ConsumedCapacity"]["CapacityUnits"].clone()
    }

    // GetItem of a missing item: no Item member, and still the minimum
    // charge, 0.5 eventually consistent / 1 strongly consistent (facts sheet §2.1).
    #[test]
    fn missing_item_has_no_item_member_and_costs_the_minimum() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let out = ok(
            &mut e,
            "GetItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "nope"}}, "ReturnConsumedCapacity": "TOTAL"}),
        );
        assert_eq!(out, json!({"ConsumedCapacity": {"TableName": "Tbl", "CapacityUnits": 0.5}}));
        assert_eq!(units(&mut e, "nope", true), json!(1.0));
    }

    // R1: one strongly consistent read per 4 KB; eventual is half (facts sheet §2.1).
    #[test]
    fn read_units_round_up_per_4_kb() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        put_sized(&mut e, "a", 4096);
        put_sized(&mut e, "b", 4097);
        put_sized(&mut e, "c", 10_000);
        assert_eq!(units(&mut e, "a", false), json!(0.5));
        assert_eq!(units(&mut e, "a", true), json!(1.0));
        assert_eq!(units(&mut e, "b", false), json!(1.0));
        assert_eq!(units(&mut e, "b", true), json!(2.0));
        assert_eq!(units(&mut e, "c", true), json!(3.0));
    }

    // "ProjectionExpression ... If no attribute names are specified, then all
    // attributes are returned"; projection does not reduce the charge.
    #[test]
    fn projection_returns_only_named_attributes_at_full_cost() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "big": {"S": "x".repeat(5000)}, "m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}}}),
        );
        let out = ok(
            &mut e,
            "GetItem",
            json!({
                "TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "ProjectionExpression": "#m.x, pk",
                "ExpressionAttributeNames": {"#m": "m"}, "ReturnConsumedCapacity": "TOTAL", "ConsistentRead": true
            }),
        );
        assert_eq!(out["Item"], json!({"pk": {"S": "a"}, "m": {"M": {"x": {"N": "1"}}}}));
        assert_eq!(out["ConsumedCapacity"]["CapacityUnits"], json!(2.0));
    }

    #[test]
    fn key_must_match_the_schema() {
        let mut e = engine();
        composite_table(&mut e, "Tbl");
        for key in [
            json!({"pk": {"S": "a"}}),
            json!({"pk": {"S": "a"}, "sk": {"S": "1"}}),
            json!({"pk": {"S": "a"}, "sk": {"N": "1"}, "x": {"N": "1"}}),
        ] {
            let x = err(&mut e, "GetItem", json!({"TableName": "Tbl", "Key": key}));
            assert_eq!(x.message(), "The provided key element does not match the schema");
        }
    }

    #[test]
    fn wrong_json_types_are_serialization_exceptions() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let x = err(
            &mut e,
            "GetItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "ConsistentRead": "yes"}),
        );
        assert_eq!(x.name(), "SerializationException");
        assert_eq!(x.type_name(), "com.amazon.coral.service#SerializationException");
    }

    #[test]
    fn names_without_a_projection_are_rejected() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let x = err(
            &mut e,
            "GetItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "ExpressionAttributeNames": {"#a": "a"}}),
        );
        assert_eq!(
            x.message(),
            "ExpressionAttributeNames can only be specified when using expressions"
        );
    }

    #[test]
    fn typed_api_reports_capacity_whatever_the_request_asks() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let input = GetItemInput {
            table_name: "Tbl".into(),
            key: [("pk", crate::value::AttributeValue::s("a"))].into_iter().collect(),
            ..GetItemInput::default()
        };
        let out = e.get_item(&input).unwrap();
        assert_eq!(out.item, None);
        assert_eq!(out.consumed.total(), crate::capacity::CapacityUnits::from_halves(1));
        assert_eq!(out.to_json(ReturnConsumedCapacity::None), json!({}));
    }
}
