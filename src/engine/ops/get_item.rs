//! GetItem: read one item by its full primary key (API Reference, GetItem).
//!
//! Steps: read the request; compile the ProjectionExpression; find the
//! table; check the Key against the schema; look the item up (one B-tree
//! search); charge R(item size) — a missing item still costs the minimum,
//! 0.5 eventually consistent or 1 strongly consistent (facts sheet §2.1) —
//! and project. Projection does not reduce the charge. Depends on `table`,
//! `expressions`, `consumed`, `capacity`.

use serde_json::{Map, Value};

use crate::capacity::{ReadConsistency, read_units};
use crate::value::{Item, item_to_json};

use super::super::Engine;
use super::super::consumed::{CapacityKind, Consumed, ReturnConsumedCapacity};
use super::super::error::DynamoError;
use super::super::expr::compile_projection;
use super::super::expressions::ExpressionInput;
use super::super::request::Request;
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
    /// The item (projected), or `None` if there is none with that key.
    pub item: Option<Item>,
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
            return_consumed_capacity: ReturnConsumedCapacity::parse(req.str("ReturnConsumedCapacity")?)?,
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
        let key = table.def.key.key_of_request(&input.key)?;
        let stored = table.get(&key);
        let consistency =
            if input.consistent_read { ReadConsistency::Strong } else { ReadConsistency::Eventual };
        let size = stored.map_or(0, |s| u64::from(s.size));
        let consumed =
            Consumed::new(&table.def.name, CapacityKind::Read, read_units(size, consistency));
        let item = stored.map(|s| match &projection {
            Some(p) => p.apply(&s.item),
            None => s.item.clone(),
        });
        Ok(GetItemOutput { item, consumed })
    }
}
