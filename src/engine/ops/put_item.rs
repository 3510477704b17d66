//! PutItem: create or replace an item, optionally only if a condition holds
//! (API Reference, PutItem).
//!
//! Steps: read the request; compile the ConditionExpression (unused
//! placeholders rejected); find the table; take the key from the item and
//! check its size (at most 400 KB); evaluate the condition on the existing
//! item; plan the write (table units W(max(old, new)), index writes,
//! item-collection limit); apply it; answer with ALL_OLD attributes,
//! ConsumedCapacity and ItemCollectionMetrics as asked. A failed condition
//! still consumes W(max(old, new)) table units (facts sheet §2.2, Q1).
//! Depends on `table`, `expressions`, `consumed`, `capacity`.

use serde_json::{Map, Value};

use crate::capacity::item_size::{MAX_ITEM_BYTES, item_size};
use crate::capacity::write_units;
use crate::value::{Item, item_to_json};

use super::super::Engine;
use super::super::consumed::{Consumed, ReturnConsumedCapacity};
use super::super::error::DynamoError;
use super::super::expr::compile_condition;
use super::super::expressions::ExpressionInput;
use super::super::request::Request;
use super::super::return_values::{
    ReturnValues, parse_item_collection_metrics, parse_on_condition_failure,
};
use super::super::table::ItemCollectionMetrics;
use super::common::{condition_failed, data_table_name};

/// A PutItem request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PutItemInput {
    pub table_name: String,
    pub item: Item,
    pub condition_expression: Option<String>,
    pub expression: ExpressionInput,
    pub return_values: ReturnValues,
    pub return_consumed_capacity: ReturnConsumedCapacity,
    pub return_item_collection_metrics: bool,
    /// ReturnValuesOnConditionCheckFailure=ALL_OLD.
    pub return_old_on_condition_failure: bool,
}

/// A PutItem response.
#[derive(Debug, Clone, PartialEq)]
pub struct PutItemOutput {
    /// The replaced item, when ReturnValues=ALL_OLD and there was one.
    pub attributes: Option<Item>,
    pub consumed: Consumed,
    pub item_collection_metrics: Option<ItemCollectionMetrics>,
}

impl PutItemInput {
    pub fn from_json(body: &Value) -> Result<PutItemInput, DynamoError> {
        let req = Request::new(body)?;
        let table_name = data_table_name(&req)?;
        let item = req.item("Item")?.ok_or_else(|| DynamoError::missing("item"))?;
        let condition_expression = req.str("ConditionExpression")?.map(str::to_string);
        Ok(PutItemInput {
            table_name,
            item,
            expression: ExpressionInput::parse(&req, condition_expression.is_some())?,
            condition_expression,
            return_values: ReturnValues::parse_for_put_or_delete(req.str("ReturnValues")?)?,
            return_consumed_capacity: ReturnConsumedCapacity::parse(req.str("ReturnConsumedCapacity")?)?,
            return_item_collection_metrics: parse_item_collection_metrics(
                req.str("ReturnItemCollectionMetrics")?,
            )?,
            return_old_on_condition_failure: parse_on_condition_failure(
                req.str("ReturnValuesOnConditionCheckFailure")?,
            )?,
        })
    }
}

impl PutItemOutput {
    pub fn to_json(&self, input_mode: ReturnConsumedCapacity) -> Value {
        let mut out = Map::new();
        if let Some(a) = &self.attributes {
            out.insert("Attributes".into(), item_to_json(a));
        }
        if let Some(c) = self.consumed.to_json(input_mode) {
            out.insert("ConsumedCapacity".into(), c);
        }
        if let Some(m) = &self.item_collection_metrics {
            out.insert("ItemCollectionMetrics".into(), m.to_json());
        }
        Value::Object(out)
    }
}

impl Engine {
    /// PutItem through the typed API.
    pub fn put_item(&mut self, input: PutItemInput) -> Result<PutItemOutput, DynamoError> {
        let mut resolver = input.expression.resolver()?;
        let condition = input
            .condition_expression
            .as_deref()
            .map(|text| compile_condition(text, &mut resolver))
            .transpose()?;
        resolver.finish()?;

        let table = self.table_mut(&input.table_name)?;
        let key = table.def.key.key_of_item(&input.item)?;
        let size = item_size(&input.item);
        if size > MAX_ITEM_BYTES {
            return Err(DynamoError::validation("Item size has exceeded the maximum allowed size"));
        }
        let old = table.get(&key);
        if let Some(condition) = &condition
            && !condition.evaluate(old.map(|o| &o.item))
        {
            let units = write_units(size.max(old.map_or(0, |o| u64::from(o.size))), false);
            let consumed = table.failed_write_consumed(units);
            let item = old.filter(|_| input.return_old_on_condition_failure).map(|o| o.item.clone());
            return Err(condition_failed(item, consumed));
        }
        let plan = table.plan_write(&key, old, Some((&input.item, size)))?;
        let consumed = table.write_consumed(&plan);
        let replaced = table.apply_write(plan, Some((input.item, size)));
        let item_collection_metrics =
            if input.return_item_collection_metrics { table.collection_metrics(&key) } else { None };
        let attributes = match input.return_values {
            ReturnValues::AllOld => replaced.map(|o| o.item),
            _ => None,
        };
        Ok(PutItemOutput { attributes, consumed, item_collection_metrics })
    }
}
