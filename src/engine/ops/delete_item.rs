//! DeleteItem: delete one item by its primary key, optionally only if a
//! condition holds (API Reference, DeleteItem).
//!
//! Deleting a missing item succeeds and still consumes one write unit
//! (facts sheet §2.2: W(old), minimum 1). Index entries of the deleted item
//! are removed (index rule I3). Depends on `table`, `expressions`,
//! `consumed`, `capacity`.

use serde_json::Value;

use crate::capacity::write_units;
use crate::value::Item;

use super::super::Engine;
use super::super::consumed::{Consumed, ReturnConsumedCapacity};
use super::super::error::DynamoError;
use super::super::expr::compile_condition_cached;
use super::super::expressions::ExpressionInput;
use super::super::request::Request;
use super::super::return_values::ReturnValues;
use super::super::table::{ItemCollectionMetrics, OldItem, StoreKey};
use super::common::{WriteReturns, condition_failed, data_table_name};

/// A DeleteItem request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeleteItemInput {
    pub table_name: String,
    pub key: Item,
    pub condition_expression: Option<String>,
    pub expression: ExpressionInput,
    pub return_values: ReturnValues,
    pub return_consumed_capacity: ReturnConsumedCapacity,
    pub return_item_collection_metrics: bool,
    pub return_old_on_condition_failure: bool,
}

/// A DeleteItem response.
#[derive(Debug, Clone, PartialEq)]
pub struct DeleteItemOutput {
    pub attributes: Option<Item>,
    pub consumed: Consumed,
    pub item_collection_metrics: Option<ItemCollectionMetrics>,
}

impl DeleteItemInput {
    pub fn from_json(body: &Value) -> Result<DeleteItemInput, DynamoError> {
        let req = Request::new(body)?;
        let condition_expression = req.str("ConditionExpression")?.map(str::to_string);
        let table_name = data_table_name(&req)?;
        let key = req.item("Key")?.ok_or_else(|| DynamoError::missing("key"))?;
        let expression = ExpressionInput::parse(&req, condition_expression.is_some())?;
        let return_values = ReturnValues::parse_for_put_or_delete(req.str("ReturnValues")?)?;
        let returns = WriteReturns::parse(&req)?;
        Ok(DeleteItemInput {
            table_name,
            key,
            expression,
            condition_expression,
            return_values,
            return_consumed_capacity: returns.consumed_capacity,
            return_item_collection_metrics: returns.item_collection_metrics,
            return_old_on_condition_failure: returns.old_on_condition_failure,
        })
    }
}

impl DeleteItemOutput {
    pub fn to_json(&self, mode: ReturnConsumedCapacity) -> Value {
        super::common::single_item_write_json(
            self.attributes.as_ref(),
            &self.consumed,
            self.item_collection_metrics.as_ref(),
            mode,
        )
    }
}

impl Engine {
    /// DeleteItem through the typed API.
    pub fn delete_item(&mut self, input: DeleteItemInput) -> Result<DeleteItemOutput, DynamoError> {
        let mut resolver = input.expression.resolver()?;
        let condition = input
            .condition_expression
            .as_deref()
            .map(|text| compile_condition_cached(text, &mut resolver, &mut self.parsed))
            .transpose()?;
        resolver.finish()?;

        let now = self.now();
        let table = self.table_mut(&input.table_name)?;
        let key = StoreKey::new(table.def.key.key_of_request(&input.key)?);
        // Decoded only if a condition, an index or ALL_OLD needs it.
        let old = table.get(&key).map(OldItem::new);
        if let Some(condition) = &condition
            && !condition.evaluate(old.as_ref().map(OldItem::item))
        {
            let consumed = table
                .failed_write_consumed(write_units(old.as_ref().map_or(0, OldItem::size), false));
            let item =
                old.filter(|_| input.return_old_on_condition_failure).map(OldItem::into_item);
            return Err(condition_failed(item, consumed));
        }
        // The key moves into the plan (no copy); ItemCollectionMetrics keep one.
        let metrics_key = input.return_item_collection_metrics.then(|| key.key.clone());
        let plan = table.plan_write(key, old.as_ref(), None)?;
        let consumed = table.write_consumed(&plan);
        let attributes = match input.return_values {
            ReturnValues::AllOld => old.map(OldItem::into_item),
            _ => None,
        };
        table.commit_write(plan, None, now, false);
        let item_collection_metrics = metrics_key.and_then(|k| table.collection_metrics(&k));
        Ok(DeleteItemOutput { attributes, consumed, item_collection_metrics })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::super::test_support::{engine, err, hash_table, indexed_table, ok};

    #[test]
    fn delete_removes_the_item_and_returns_all_old_when_asked() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "v": {"BOOL": true}}}),
        );
        let out = ok(
            &mut e,
            "DeleteItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_OLD"}),
        );
        assert_eq!(out, json!({"Attributes": {"pk": {"S": "a"}, "v": {"BOOL": true}}}));
        assert_eq!(
            ok(&mut e, "GetItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}})),
            json!({})
        );
    }

    // DeleteItem of a missing item succeeds and costs 1 WCU (facts sheet §2.2).
    #[test]
    fn deleting_a_missing_item_succeeds_and_costs_one_unit() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let out = ok(
            &mut e,
            "DeleteItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_OLD", "ReturnConsumedCapacity": "TOTAL"}),
        );
        assert_eq!(out, json!({"ConsumedCapacity": {"TableName": "Tbl", "CapacityUnits": 1.0}}));
    }

    #[test]
    fn delete_charges_the_deleted_item_size() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "d": {"S": "x".repeat(2500)}}}),
        );
        let out = ok(
            &mut e,
            "DeleteItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "ReturnConsumedCapacity": "TOTAL"}),
        );
        assert_eq!(out["ConsumedCapacity"]["CapacityUnits"], json!(3.0));
    }

    #[test]
    fn conditional_delete_fails_when_the_condition_is_false() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "v": {"N": "1"}}}),
        );
        let x = err(
            &mut e,
            "DeleteItem",
            json!({
                "TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "ConditionExpression": "v > :n",
                "ExpressionAttributeValues": {":n": {"N": "5"}}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"
            }),
        );
        assert_eq!(x.name(), "ConditionalCheckFailedException");
        assert_eq!(x.to_json()["Item"]["v"], json!({"N": "1"}));
        ok(
            &mut e,
            "DeleteItem",
            json!({
                "TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "ConditionExpression": "v < :n",
                "ExpressionAttributeValues": {":n": {"N": "5"}}
            }),
        );
    }

    #[test]
    fn delete_rejects_all_new() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let x = err(
            &mut e,
            "DeleteItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_NEW"}),
        );
        assert_eq!(x.message(), "ReturnValues can only be ALL_OLD or NONE");
    }

    // Index rule I3: deleting an item removes its index entries (1 write each).
    #[test]
    fn delete_removes_index_entries_and_charges_each_index() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "x"}, "k": {"S": "y"}}}),
        );
        let out = ok(
            &mut e,
            "DeleteItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}, "ReturnConsumedCapacity": "INDEXES"}),
        );
        assert_eq!(
            out["ConsumedCapacity"]["GlobalSecondaryIndexes"],
            json!({"byG": {"CapacityUnits": 1.0}, "byK": {"CapacityUnits": 1.0}})
        );
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}));
        assert_eq!(d["Table"]["ItemCount"], json!(0));
        assert_eq!(d["Table"]["GlobalSecondaryIndexes"][0]["ItemCount"], json!(0));
    }
}
