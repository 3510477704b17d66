//! TransactGetItems: up to 100 Get actions read as one consistent snapshot
//! (API Reference, TransactGetItems).
//!
//! Rules: 1-100 actions; one action per item; each item costs
//! R(item size) with the transactional multiplier, 2 units per 4 KB (facts
//! sheet §2.1, rule O4; a missing item still costs the minimum, 2 units);
//! Responses hold one entry per action in order, `{}` when the item does
//! not exist. The engine runs one request at a time, so no transaction
//! conflict can cancel a read. Depends on `get_item`, `table`.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

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
use super::transact_write::{add_consumed, check_transact_count};

/// One Get action.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactGet {
    pub table_name: String,
    pub key: Item,
    pub projection_expression: Option<String>,
    pub expression: ExpressionInput,
}

/// A TransactGetItems request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactGetInput {
    pub items: Vec<TransactGet>,
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

/// A TransactGetItems response.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactGetOutput {
    /// One entry per action: the (projected) item, if it exists.
    pub responses: Vec<Option<Item>>,
    pub consumed: Vec<Consumed>,
}

impl TransactGetInput {
    pub fn from_json(body: &Value) -> Result<TransactGetInput, DynamoError> {
        let req = Request::new(body)?;
        let list =
            req.objects("TransactItems")?.ok_or_else(|| DynamoError::missing("transactItems"))?;
        check_transact_count(list.len())?;
        let mut items = Vec::with_capacity(list.len());
        for action in &list {
            let get = action.object("Get")?.ok_or_else(|| DynamoError::missing("get"))?;
            let projection_expression = get.str("ProjectionExpression")?.map(str::to_string);
            items.push(TransactGet {
                table_name: data_table_name(&get)?,
                key: get.item("Key")?.ok_or_else(|| DynamoError::missing("key"))?,
                expression: ExpressionInput::parse(&get, projection_expression.is_some())?,
                projection_expression,
            });
        }
        Ok(TransactGetInput {
            items,
            return_consumed_capacity: ReturnConsumedCapacity::parse(
                req.str("ReturnConsumedCapacity")?,
            )?,
        })
    }
}

impl TransactGetOutput {
    pub fn to_json(&self, mode: ReturnConsumedCapacity) -> Value {
        let mut out = Map::new();
        let responses = self
            .responses
            .iter()
            .map(|r| match r {
                Some(item) => json!({"Item": item_to_json(item)}),
                None => json!({}),
            })
            .collect();
        out.insert("Responses".into(), Value::Array(responses));
        if mode != ReturnConsumedCapacity::None {
            let list = self.consumed.iter().filter_map(|c| c.to_json(mode)).collect();
            out.insert("ConsumedCapacity".into(), Value::Array(list));
        }
        Value::Object(out)
    }
}

impl Engine {
    /// TransactGetItems through the typed API.
    pub fn transact_get_items(
        &self,
        input: &TransactGetInput,
    ) -> Result<TransactGetOutput, DynamoError> {
        let mut seen = HashSet::new();
        let mut responses = Vec::with_capacity(input.items.len());
        let mut consumed = Vec::new();
        for get in &input.items {
            let mut resolver = get.expression.resolver()?;
            let projection = get
                .projection_expression
                .as_deref()
                .map(|t| compile_projection(t, &mut resolver))
                .transpose()?;
            resolver.finish()?;
            let table = self.table(&get.table_name)?;
            let key = StoreKey::new(table.def.key.key_of_request(&get.key)?);
            if !seen.insert((table.name.clone(), key.clone())) {
                return Err(DynamoError::validation(
                    "Transaction request cannot include multiple operations on one item",
                ));
            }
            let stored = table.get(&key);
            let size = stored.map_or(0, |s| u64::from(s.size));
            let units = read_units(size, ReadConsistency::Transactional);
            add_consumed(
                &mut consumed,
                &Consumed::new(table.name.clone(), CapacityKind::Read, units),
            );
            responses.push(stored.map(|s| match &projection {
                Some(p) => p.apply(&s.item()),
                None => s.item(),
            }));
        }
        Ok(TransactGetOutput { responses, consumed })
    }
}
