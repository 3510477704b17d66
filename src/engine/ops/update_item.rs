//! UpdateItem: edit an item's attributes, or create it if it does not
//! exist, optionally only if a condition holds (API Reference, UpdateItem).
//!
//! Steps: compile the ConditionExpression and UpdateExpression with one
//! resolver (key attributes may not be updated; unused placeholders are
//! rejected); find the table and check the Key; evaluate the condition on
//! the existing item; apply the update to a copy of the item (or to an item
//! holding just the key); check the result is at most 400 KB; plan and
//! apply the write (W(max(before, after)), facts sheet §2.2, plus index
//! writes); answer with the ReturnValues asked for. Without an
//! UpdateExpression the item is created with only its key, or left as is.
//! Depends on `table`, `expressions`, `consumed`, `capacity`.

use serde_json::{Map, Value};

use crate::capacity::item_size::{MAX_ITEM_BYTES, item_size};
use crate::capacity::write_units;
use crate::value::{Item, item_to_json};

use super::super::Engine;
use super::super::consumed::{Consumed, ReturnConsumedCapacity};
use super::super::error::DynamoError;
use super::super::expr::{compile_condition, compile_update};
use super::super::expressions::ExpressionInput;
use super::super::request::Request;
use super::super::return_values::{
    ReturnValues, parse_item_collection_metrics, parse_on_condition_failure,
};
use super::super::table::ItemCollectionMetrics;
use super::common::{condition_failed, data_table_name};

/// An UpdateItem request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateItemInput {
    pub table_name: String,
    pub key: Item,
    pub update_expression: Option<String>,
    pub condition_expression: Option<String>,
    pub expression: ExpressionInput,
    pub return_values: ReturnValues,
    pub return_consumed_capacity: ReturnConsumedCapacity,
    pub return_item_collection_metrics: bool,
    pub return_old_on_condition_failure: bool,
}

/// An UpdateItem response.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateItemOutput {
    pub attributes: Option<Item>,
    pub consumed: Consumed,
    pub item_collection_metrics: Option<ItemCollectionMetrics>,
}

impl UpdateItemInput {
    pub fn from_json(body: &Value) -> Result<UpdateItemInput, DynamoError> {
        let req = Request::new(body)?;
        let update_expression = req.str("UpdateExpression")?.map(str::to_string);
        let condition_expression = req.str("ConditionExpression")?.map(str::to_string);
        let any_expression = update_expression.is_some() || condition_expression.is_some();
        Ok(UpdateItemInput {
            table_name: data_table_name(&req)?,
            key: req.item("Key")?.ok_or_else(|| DynamoError::missing("key"))?,
            expression: ExpressionInput::parse(&req, any_expression)?,
            update_expression,
            condition_expression,
            return_values: ReturnValues::parse_for_update(req.str("ReturnValues")?)?,
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

impl UpdateItemOutput {
    pub fn to_json(&self, mode: ReturnConsumedCapacity) -> Value {
        let mut out = Map::new();
        if let Some(a) = &self.attributes {
            out.insert("Attributes".into(), item_to_json(a));
        }
        if let Some(c) = self.consumed.to_json(mode) {
            out.insert("ConsumedCapacity".into(), c);
        }
        if let Some(m) = &self.item_collection_metrics {
            out.insert("ItemCollectionMetrics".into(), m.to_json());
        }
        Value::Object(out)
    }
}

impl Engine {
    /// UpdateItem through the typed API.
    pub fn update_item(&mut self, input: UpdateItemInput) -> Result<UpdateItemOutput, DynamoError> {
        let table = self.table_mut(&input.table_name)?;
        let key_names: Vec<String> = table.def.key.names().map(str::to_string).collect();
        let key_names: Vec<&str> = key_names.iter().map(String::as_str).collect();

        let mut resolver = input.expression.resolver()?;
        let condition = input
            .condition_expression
            .as_deref()
            .map(|text| compile_condition(text, &mut resolver))
            .transpose()?;
        let update = input
            .update_expression
            .as_deref()
            .map(|text| compile_update(text, &mut resolver, &key_names))
            .transpose()?;
        resolver.finish()?;

        let key = table.def.key.key_of_request(&input.key)?;
        let old = table.get(&key);
        let mut new_item = match old {
            Some(o) => o.item.clone(),
            None => table.def.key.key_item(&key),
        };
        let applied = match &update {
            Some(u) => u.apply(&mut new_item),
            None => Ok(()),
        };
        let old_size = old.map_or(0, |o| u64::from(o.size));
        if let Some(condition) = &condition
            && !condition.evaluate(old.map(|o| &o.item))
        {
            let new_size = if applied.is_ok() { item_size(&new_item) } else { old_size };
            let consumed = table.failed_write_consumed(write_units(old_size.max(new_size), false));
            let item = old.filter(|_| input.return_old_on_condition_failure).map(|o| o.item.clone());
            return Err(condition_failed(item, consumed));
        }
        applied?;
        let size = item_size(&new_item);
        if size > MAX_ITEM_BYTES {
            return Err(DynamoError::validation("Item size to update has exceeded the maximum allowed size"));
        }
        let plan = table.plan_write(&key, old, Some((&new_item, size)))?;
        let consumed = table.write_consumed(&plan);
        let attributes = match (input.return_values, &update) {
            (ReturnValues::None, _) => None,
            (ReturnValues::AllNew, _) => Some(new_item.clone()),
            (ReturnValues::UpdatedNew, Some(u)) => Some(u.updated_projection().apply(&new_item)),
            (ReturnValues::UpdatedNew | ReturnValues::UpdatedOld, None) => None,
            // ALL_OLD and UPDATED_OLD are taken from the replaced item below.
            (ReturnValues::AllOld | ReturnValues::UpdatedOld, _) => None,
        };
        let replaced = table.apply_write(plan, Some((new_item, size)));
        let attributes = match (input.return_values, &update, replaced) {
            (ReturnValues::AllOld, _, Some(old)) => Some(old.item),
            (ReturnValues::UpdatedOld, Some(u), Some(old)) => Some(u.updated_projection().apply(&old.item)),
            _ => attributes,
        }
        .filter(|a| !a.is_empty());
        let item_collection_metrics =
            if input.return_item_collection_metrics { table.collection_metrics(&key) } else { None };
        Ok(UpdateItemOutput { attributes, consumed, item_collection_metrics })
    }
}
