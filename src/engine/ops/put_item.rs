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

use serde_json::Value;

use crate::capacity::item_size::{MAX_ITEM_BYTES, item_size};
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
        let expression = ExpressionInput::parse(&req, condition_expression.is_some())?;
        let return_values = ReturnValues::parse_for_put_or_delete(req.str("ReturnValues")?)?;
        let returns = WriteReturns::parse(&req)?;
        Ok(PutItemInput {
            table_name,
            item,
            expression,
            condition_expression,
            return_values,
            return_consumed_capacity: returns.consumed_capacity,
            return_item_collection_metrics: returns.item_collection_metrics,
            return_old_on_condition_failure: returns.old_on_condition_failure,
        })
    }
}

impl PutItemOutput {
    pub fn to_json(&self, input_mode: ReturnConsumedCapacity) -> Value {
        super::common::single_item_write_json(
            self.attributes.as_ref(),
            &self.consumed,
            self.item_collection_metrics.as_ref(),
            input_mode,
        )
    }
}

impl Engine {
    /// PutItem through the typed API.
    pub fn put_item(&mut self, input: PutItemInput) -> Result<PutItemOutput, DynamoError> {
        let mut resolver = input.expression.resolver()?;
        let condition = input
            .condition_expression
            .as_deref()
            .map(|text| compile_condition_cached(text, &mut resolver, &mut self.parsed))
            .transpose()?;
        resolver.finish()?;

        let now = self.now();
        let table = self.table_mut(&input.table_name)?;
        let key = StoreKey::new(table.def.key.key_of_item(&input.item)?);
        let size = item_size(&input.item);
        if size > MAX_ITEM_BYTES {
            return Err(DynamoError::validation("Item size has exceeded the maximum allowed size"));
        }
        let old = table.get(&key).map(OldItem::new);
        if let Some(condition) = &condition
            && !condition.evaluate(old.as_ref().map(OldItem::item))
        {
            let units = write_units(size.max(old.as_ref().map_or(0, OldItem::size)), false);
            let consumed = table.failed_write_consumed(units);
            let item =
                old.filter(|_| input.return_old_on_condition_failure).map(OldItem::into_item);
            return Err(condition_failed(item, consumed));
        }
        // The key moves into the plan (no copy); ItemCollectionMetrics keep one.
        let metrics_key = input.return_item_collection_metrics.then(|| key.key.clone());
        let plan = table.plan_write(key, old.as_ref(), Some((&input.item, size)))?;
        let consumed = table.write_consumed(&plan);
        // ALL_OLD: the replaced item, taken (decoded at most once) before
        // the write drops it.
        let attributes = match input.return_values {
            ReturnValues::AllOld => old.map(OldItem::into_item),
            _ => None,
        };
        table.commit_write(plan, Some((&input.item, size)), now, false);
        let item_collection_metrics = metrics_key.and_then(|k| table.collection_metrics(&k));
        Ok(PutItemOutput { attributes, consumed, item_collection_metrics })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::super::test_support::{
        composite_table, engine, err, hash_table, indexed_table, ok,
    };

    /// An item of exactly `bytes` bytes in a table keyed "pk": "pk"+"a" is 3
    /// bytes, "data" 4 more, the rest is the string.
    fn item_of_size(pk: &str, bytes: usize) -> serde_json::Value {
        json!({"pk": {"S": pk}, "data": {"S": "x".repeat(bytes - 6 - pk.len())}})
    }

    #[test]
    fn put_then_get_returns_the_item_with_canonical_numbers() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let out = ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "n": {"N": "01.50"}, "l": {"L": [{"NULL": true}]}}}),
        );
        assert_eq!(out, json!({}));
        let got = ok(&mut e, "GetItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}}));
        assert_eq!(
            got,
            json!({"Item": {"pk": {"S": "a"}, "n": {"N": "1.5"}, "l": {"L": [{"NULL": true}]}}})
        );
    }

    // PutItem: "ALL_OLD - If PutItem overwrote an attribute name-value pair,
    // then the content of the old item is returned."
    #[test]
    fn return_values_all_old_gives_the_replaced_item_only() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let first = ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "v": {"N": "1"}}, "ReturnValues": "ALL_OLD"}),
        );
        assert_eq!(first, json!({}));
        let second = ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "v": {"N": "2"}}, "ReturnValues": "ALL_OLD"}),
        );
        assert_eq!(second, json!({"Attributes": {"pk": {"S": "a"}, "v": {"N": "1"}}}));
    }

    #[test]
    fn put_rejects_return_values_other_than_none_and_all_old() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let x = err(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}}, "ReturnValues": "ALL_NEW"}),
        );
        assert_eq!(x.message(), "ReturnValues can only be ALL_OLD or NONE");
    }

    #[test]
    fn put_validates_the_key_attributes() {
        let mut e = engine();
        composite_table(&mut e, "Tbl");
        let x = err(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}}}));
        assert_eq!(
            x.message(),
            "One or more parameter values were invalid: Missing the key sk in the item"
        );
        let x = err(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}}}),
        );
        assert_eq!(
            x.message(),
            "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S"
        );
        let x = err(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": ""}, "sk": {"N": "1"}}}),
        );
        assert_eq!(x.name(), "ValidationException");
    }

    #[test]
    fn put_to_a_missing_table_is_resource_not_found() {
        let mut e = engine();
        let x = err(&mut e, "PutItem", json!({"TableName": "Nope", "Item": {"pk": {"S": "a"}}}));
        assert_eq!(
            x.to_json(),
            json!({"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": "Requested resource not found"})
        );
    }

    #[test]
    fn put_requires_table_name_and_item() {
        let mut e = engine();
        let x = err(&mut e, "PutItem", json!({"Item": {"pk": {"S": "a"}}}));
        assert!(x.message().contains("Value null at 'tableName'"), "{x}");
        let x = err(&mut e, "PutItem", json!({"TableName": "Tbl"}));
        assert!(x.message().contains("Value null at 'item'"), "{x}");
        let x = err(&mut e, "PutItem", json!({"TableName": "ab", "Item": {}}));
        assert_eq!(
            x.message(),
            "TableName must be at least 3 characters long and at most 255 characters long"
        );
    }

    // Item size limit: 400 KB including attribute names (facts sheet §1.3).
    #[test]
    fn item_of_exactly_400_kb_is_accepted_one_byte_more_is_not() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": item_of_size("a", 409_600)}));
        let x =
            err(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": item_of_size("b", 409_601)}));
        assert_eq!(x.message(), "Item size has exceeded the maximum allowed size");
    }

    // W1: "one write capacity unit ... for an item up to 1 KB"; larger items
    // round up per 1 KB (facts sheet §2.2).
    #[test]
    fn consumed_write_units_round_up_per_kilobyte() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        for (pk, bytes, units) in
            [("a", 1024, 1.0), ("b", 1025, 2.0), ("c", 10, 1.0), ("d", 4096, 4.0)]
        {
            let out = ok(
                &mut e,
                "PutItem",
                json!({"TableName": "Tbl", "Item": item_of_size(pk, bytes), "ReturnConsumedCapacity": "TOTAL"}),
            );
            assert_eq!(
                out["ConsumedCapacity"],
                json!({"TableName": "Tbl", "CapacityUnits": units}),
                "{bytes}"
            );
        }
    }

    // PutItem replacing an item: W(max(old, new)) (facts sheet §2.2).
    #[test]
    fn replacing_a_larger_item_charges_the_larger_size() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": item_of_size("a", 3000)}));
        let out = ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": item_of_size("a", 100), "ReturnConsumedCapacity": "TOTAL"}),
        );
        assert_eq!(out["ConsumedCapacity"]["CapacityUnits"], json!(3.0));
    }

    #[test]
    fn condition_attribute_not_exists_prevents_overwrite() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let put = json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "v": {"N": "1"}}, "ConditionExpression": "attribute_not_exists(pk)"});
        ok(&mut e, "PutItem", put.clone());
        let x = err(&mut e, "PutItem", put);
        assert_eq!(
            x.to_json(),
            json!({"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "message": "The conditional request failed"})
        );
        match x {
            crate::engine::DynamoError::ConditionalCheckFailed { consumed: Some(c), .. } => {
                assert_eq!(c.total(), crate::capacity::CapacityUnits::whole(1));
            }
            other => panic!("{other:?}"),
        }
    }

    // ReturnValuesOnConditionCheckFailure=ALL_OLD returns the item in the error.
    #[test]
    fn condition_failure_returns_the_old_item_when_asked() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "v": {"N": "1"}}}),
        );
        let x = err(
            &mut e,
            "PutItem",
            json!({
                "TableName": "Tbl", "Item": {"pk": {"S": "a"}, "v": {"N": "2"}},
                "ConditionExpression": "v = :two", "ExpressionAttributeValues": {":two": {"N": "2"}},
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD"
            }),
        );
        assert_eq!(x.to_json()["Item"], json!({"pk": {"S": "a"}, "v": {"N": "1"}}));
        let got = ok(&mut e, "GetItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}}));
        assert_eq!(got["Item"]["v"], json!({"N": "1"}));
    }

    #[test]
    fn condition_that_holds_lets_the_put_through() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "v": {"N": "1"}}}),
        );
        ok(
            &mut e,
            "PutItem",
            json!({
                "TableName": "Tbl", "Item": {"pk": {"S": "a"}, "v": {"N": "2"}},
                "ConditionExpression": "#v = :one", "ExpressionAttributeNames": {"#v": "v"},
                "ExpressionAttributeValues": {":one": {"N": "1"}}
            }),
        );
        assert_eq!(
            ok(&mut e, "GetItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}}))["Item"]["v"],
            json!({"N": "2"})
        );
    }

    #[test]
    fn unused_placeholders_and_bad_expressions_are_validation_errors() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let x = err(
            &mut e,
            "PutItem",
            json!({
                "TableName": "Tbl", "Item": {"pk": {"S": "a"}}, "ConditionExpression": "attribute_not_exists(pk)",
                "ExpressionAttributeValues": {":unused": {"N": "1"}}
            }),
        );
        assert_eq!(x.name(), "ValidationException");
        assert!(x.message().contains(":unused"), "{x}");
        let x = err(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}}, "ConditionExpression": "pk = "}),
        );
        assert!(x.message().starts_with("Invalid ConditionExpression"), "{x}");
    }

    // Index write rule I1 and ReturnConsumedCapacity=INDEXES (facts sheet §2.3, §2.5).
    #[test]
    fn indexes_mode_breaks_down_table_lsi_and_gsi_units() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        let out = ok(
            &mut e,
            "PutItem",
            json!({
                "TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "x"}, "l": {"N": "5"}},
                "ReturnConsumedCapacity": "INDEXES"
            }),
        );
        assert_eq!(
            out["ConsumedCapacity"],
            json!({
                "TableName": "Tbl", "CapacityUnits": 3.0, "Table": {"CapacityUnits": 1.0},
                "LocalSecondaryIndexes": {"byL": {"CapacityUnits": 1.0}},
                "GlobalSecondaryIndexes": {"byG": {"CapacityUnits": 1.0}}
            })
        );
    }

    #[test]
    fn wrong_type_for_an_index_key_is_rejected() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        let x = err(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"N": "1"}}}),
        );
        assert_eq!(
            x.message(),
            "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: byG"
        );
    }

    // ReturnItemCollectionMetrics=SIZE on a table with an LSI.
    #[test]
    fn item_collection_metrics_for_tables_with_lsis() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        let out = ok(
            &mut e,
            "PutItem",
            json!({
                "TableName": "Tbl", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}},
                "ReturnItemCollectionMetrics": "SIZE"
            }),
        );
        assert_eq!(
            out["ItemCollectionMetrics"],
            json!({"ItemCollectionKey": {"pk": {"S": "a"}}, "SizeEstimateRangeGB": [0.0, 1.0]})
        );
        hash_table(&mut e, "Hsh");
        let out = ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Hsh", "Item": {"pk": {"S": "a"}}, "ReturnItemCollectionMetrics": "SIZE"}),
        );
        assert_eq!(out, json!({}));
    }

    #[test]
    fn table_arn_is_accepted_as_table_name() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "arn:aws:dynamodb:us-east-1:000000000000:table/Tbl", "Item": {"pk": {"S": "a"}}}),
        );
        assert!(
            ok(&mut e, "GetItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}}))
                .get("Item")
                .is_some()
        );
    }
}
