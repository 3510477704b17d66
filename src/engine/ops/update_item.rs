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

use std::sync::Arc;

use serde_json::Value;

use crate::capacity::item_size::{MAX_ITEM_BYTES, item_size};
use crate::capacity::write_units;
use crate::value::{AttributeValue, Item};

use super::super::Engine;
use super::super::consumed::{Consumed, ReturnConsumedCapacity};
use super::super::db::table_name_of;
use super::super::error::DynamoError;
use super::super::expr::{UpdateContext, compile_condition_cached, compile_update_cached};
use super::super::expressions::ExpressionInput;
use super::super::request::Request;
use super::super::return_values::ReturnValues;
use super::super::table::{ItemCollectionMetrics, OldItem, StoreKey, Stored};
use super::common::{WriteReturns, condition_failed, data_table_name};
use super::put_item::PutItemInput;

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
        let table_name = data_table_name(&req)?;
        let key = req.item("Key")?.ok_or_else(|| DynamoError::missing("key"))?;
        let expression = ExpressionInput::parse(&req, any_expression)?;
        let return_values = ReturnValues::parse_for_update(req.str("ReturnValues")?)?;
        let returns = WriteReturns::parse(&req)?;
        Ok(UpdateItemInput {
            table_name,
            key,
            expression,
            update_expression,
            condition_expression,
            return_values,
            return_consumed_capacity: returns.consumed_capacity,
            return_item_collection_metrics: returns.item_collection_metrics,
            return_old_on_condition_failure: returns.old_on_condition_failure,
        })
    }
}

impl UpdateItemOutput {
    pub fn to_json(&self, mode: ReturnConsumedCapacity) -> Value {
        super::common::single_item_write_json(
            self.attributes.as_ref(),
            &self.consumed,
            self.item_collection_metrics.as_ref(),
            mode,
        )
    }
}

/// The starting item [`Engine::update_item_seeded`] writes first: the item,
/// its packed form made ahead by a caller with time to spare (the
/// simulator's generating thread), or both. The packed form is stored as it
/// is by an update that changes nothing; a seed known only packed is
/// decoded only if the update needs the item.
#[derive(Debug, Clone)]
pub struct Seed {
    // At least one of the two is present (every constructor makes one).
    item: Option<Item>,
    /// `Stored::new(&item, item_size(&item))`.
    stored: Option<Stored>,
}

impl Seed {
    /// A seed with its packed form made now.
    pub fn packed(item: Item) -> Seed {
        let stored = Stored::new(&item, item_size(&item));
        Seed { item: Some(item), stored: Some(stored) }
    }

    /// A seed known only packed (for an update that will not change it):
    /// the item itself stays with the caller.
    pub fn packed_only(item: &Item) -> Seed {
        Seed { item: None, stored: Some(Stored::new(item, item_size(item))) }
    }

    /// Whether the seed is known only packed ([`Seed::packed_only`]).
    pub fn is_packed_only(&self) -> bool {
        self.item.is_none()
    }

    /// The packed form, if made.
    pub fn stored(&self) -> Option<&Stored> {
        self.stored.as_ref()
    }

    /// The item (decoded if the seed is known only packed).
    pub fn to_item(&self) -> Item {
        match (&self.item, &self.stored) {
            (Some(item), _) => item.clone(),
            (None, Some(stored)) => stored.item(),
            (None, None) => Item::new(),
        }
    }

    /// The item's DynamoDB size.
    fn size(&self) -> u64 {
        match (&self.stored, &self.item) {
            (Some(stored), _) => u64::from(stored.size),
            (None, Some(item)) => item_size(item),
            (None, None) => 0,
        }
    }

    /// Whether the seed's attribute `name` is `value` (both absent counts).
    fn has(&self, name: &str, value: Option<&AttributeValue>) -> bool {
        match (&self.item, &self.stored) {
            (Some(item), _) => item.get(name) == value,
            (None, Some(stored)) => stored.get_attribute(name).as_ref() == value,
            (None, None) => value.is_none(),
        }
    }

    /// The item, owned (decoded if known only packed).
    pub fn into_item(self) -> Item {
        match (self.item, self.stored) {
            (Some(item), _) => item,
            (None, Some(stored)) => stored.item(),
            (None, None) => Item::new(),
        }
    }
}

impl From<Item> for Seed {
    fn from(item: Item) -> Seed {
        Seed { item: Some(item), stored: None }
    }
}

/// Whether an UpdateItem leaves the item it updates exactly as it was and
/// asks for nothing about it: no update or condition expression, no
/// expression names or values (which would have to be used), no returned
/// attributes or collection metrics.
fn changes_nothing(input: &UpdateItemInput) -> bool {
    input.update_expression.is_none()
        && input.condition_expression.is_none()
        && input.expression.names.is_none()
        && input.expression.values.is_none()
        && input.return_values == ReturnValues::None
        && !input.return_item_collection_metrics
}

impl Engine {
    /// UpdateItem through the typed API.
    pub fn update_item(&mut self, input: UpdateItemInput) -> Result<UpdateItemOutput, DynamoError> {
        self.update_over(&input, None)
    }

    /// A PutItem of `seed` (its answer dropped) and then the UpdateItem
    /// `input`: the same answer and the same table afterwards as the two
    /// calls, in one write where that is exact. On a table with no
    /// secondary index, stream or PITR, with a seed holding `input.key`'s
    /// values, the update applies to the seed as the item it
    /// replaces and only its result is stored (the seed alone if the
    /// update fails); otherwise the two calls are made. A seed given
    /// packed ([`Seed::packed`], [`Seed::packed_only`]) is stored as packed,
    /// never decoded, by an update that changes nothing
    /// (`changes_nothing`) of a valid key. The simulator writes a starting
    /// item and updates it this way.
    pub fn update_item_seeded(
        &mut self,
        input: UpdateItemInput,
        seed: impl Into<Seed>,
    ) -> Result<UpdateItemOutput, DynamoError> {
        let mut seed = seed.into();
        let size = seed.size();
        let fused = self.table(&input.table_name).is_ok_and(|t| {
            t.def.indexes().next().is_none()
                && t.pitr.is_none()
                && !t.def.stream.as_ref().is_some_and(|s| s.enabled)
                && size <= MAX_ITEM_BYTES
                // The seed's key is the request's: valid or not together.
                // If not, the update fails and the seed's PutItem below
                // fails the same way, as the two calls would.
                && t.def.key.names().all(|n| seed.has(n, input.key.get(n)))
        });
        // An update that changes nothing, of a valid key: the seed is the
        // result. (A bad key takes the general path: the update fails, and
        // the seed's own PutItem still runs.)
        if fused && changes_nothing(&input) && seed.stored.is_some() {
            let key =
                self.table(&input.table_name).and_then(|t| t.def.key.key_of_request(&input.key));
            if let Ok(key) = key
                && let Some(stored) = seed.stored.take()
            {
                return self.store_unchanged_seed(&input, StoreKey::new(key), stored);
            }
        }
        let seed = seed.into_item();
        let put = |item| PutItemInput {
            table_name: input.table_name.clone(),
            item,
            ..PutItemInput::default()
        };
        if !fused {
            // The seed's answer (or error) is the caller's to ignore, as
            // with any PutItem whose answer is dropped.
            let _ = self.put_item(put(seed));
            return self.update_over(&input, None);
        }
        let out = self.update_over(&input, Some((&seed, size)));
        if out.is_err() {
            // The update changed nothing: the seed's PutItem runs as it
            // would have alone (storing the seed, or failing on the same
            // bad key the update failed on).
            let _ = self.put_item(put(seed));
        }
        out
    }

    /// A seeded update that changes nothing ([`changes_nothing`]), of
    /// valid key `key`, on a fused table: the seed, packed, is stored as it
    /// is, and the answer is the update's (its units by the seed's size,
    /// no attributes).
    fn store_unchanged_seed(
        &mut self,
        input: &UpdateItemInput,
        key: StoreKey,
        stored: Stored,
    ) -> Result<UpdateItemOutput, DynamoError> {
        let now = self.now();
        let table = self.table_mut(&input.table_name)?;
        let size = u64::from(stored.size);
        // The update's old item is the seed: units by the seed's size.
        let plan = table.plan_packed_write(key, size, size)?;
        let consumed = table.write_consumed(&plan);
        table.commit_packed(plan, stored, now);
        Ok(UpdateItemOutput { attributes: None, consumed, item_collection_metrics: None })
    }

    /// UpdateItem, over `seed` (an item and its size) instead of the
    /// stored item when given.
    fn update_over(
        &mut self,
        input: &UpdateItemInput,
        seed: Option<(&Item, u64)>,
    ) -> Result<UpdateItemOutput, DynamoError> {
        let now = self.now();
        // The table (read-only) and the parse cache are separate fields, so
        // the key names are borrowed, not copied.
        let schema = &self
            .tables
            .get(table_name_of(&input.table_name))
            .ok_or_else(DynamoError::table_not_found)?
            .def
            .key;
        let key_names: Vec<&str> = schema.names().collect();

        let context = UpdateContext {
            names: input.expression.names.as_ref(),
            values: input.expression.values.as_ref(),
            keys: &key_names,
        };
        // Alone, an update expression's resolve depends only on its text and
        // `context`: the last one is reused when those are the same.
        let alone =
            input.update_expression.as_deref().filter(|_| input.condition_expression.is_none());
        let reused = alone.and_then(|text| self.parsed.resolved_update(text, context));
        let (condition, update) = match reused {
            Some(update) => (None, Some(update)),
            None => {
                let mut resolver = input.expression.resolver()?;
                let condition = input
                    .condition_expression
                    .as_deref()
                    .map(|text| compile_condition_cached(text, &mut resolver, &mut self.parsed))
                    .transpose()?;
                let update = input
                    .update_expression
                    .as_deref()
                    .map(|text| {
                        compile_update_cached(text, &mut resolver, &key_names, &mut self.parsed)
                    })
                    .transpose()?
                    .map(Arc::new);
                resolver.finish()?;
                if let (Some(text), Some(update)) = (alone, &update) {
                    self.parsed.keep_resolved(text, context, update);
                }
                (condition, update)
            }
        };
        let table = self.table_mut(&input.table_name)?;

        let key = StoreKey::new(table.def.key.key_of_request(&input.key)?);
        // The update applies to a fresh decode of the old item; the
        // condition, index maintenance and *_OLD share one more decode,
        // made only if one of them is needed.
        let old = match seed {
            Some((item, size)) => Some(OldItem::held(item, size)),
            None => table.get(&key).map(OldItem::new),
        };
        let holds = condition.as_ref().is_none_or(|c| c.evaluate(old.as_ref().map(OldItem::item)));
        // Without an update expression the new item is the old one: over a
        // seed it is stored as it is, not copied.
        let unchanged_seed = seed.filter(|_| update.is_none()).map(|(item, _)| item);
        let mut changed = match (&old, unchanged_seed) {
            (_, Some(_)) => Item::new(),
            (Some(o), None) => o.to_item(),
            (None, None) => table.def.key.key_item(&key.key),
        };
        let applied = match &update {
            Some(u) => u.apply(&mut changed),
            None => Ok(()),
        };
        let new_item = unchanged_seed.unwrap_or(&changed);
        let old_size = old.as_ref().map_or(0, OldItem::size);
        if !holds {
            let new_size = if applied.is_ok() { item_size(new_item) } else { old_size };
            let consumed = table.failed_write_consumed(write_units(old_size.max(new_size), false));
            let item =
                old.filter(|_| input.return_old_on_condition_failure).map(OldItem::into_item);
            return Err(condition_failed(item, consumed));
        }
        applied?;
        let size = item_size(new_item);
        if size > MAX_ITEM_BYTES {
            return Err(DynamoError::validation(
                "Item size to update has exceeded the maximum allowed size",
            ));
        }
        // The key moves into the plan (no copy); ItemCollectionMetrics keep one.
        let metrics_key = input.return_item_collection_metrics.then(|| key.key.clone());
        let plan = table.plan_write(key, old.as_ref(), Some((new_item, size)))?;
        let consumed = table.write_consumed(&plan);
        let attributes = match (input.return_values, &update, old) {
            (ReturnValues::None, _, _) => None,
            (ReturnValues::AllNew, _, _) => Some(new_item.clone()),
            (ReturnValues::UpdatedNew, Some(u), _) => Some(u.updated_projection().apply(new_item)),
            (ReturnValues::AllOld, _, Some(old)) => Some(old.into_item()),
            (ReturnValues::UpdatedOld, Some(u), Some(old)) => {
                Some(u.updated_projection().apply(old.item()))
            }
            (ReturnValues::UpdatedNew | ReturnValues::UpdatedOld, None, _) => None,
            (ReturnValues::AllOld | ReturnValues::UpdatedOld, _, None) => None,
        }
        .filter(|a| !a.is_empty());
        table.commit_write(plan, Some((new_item, size)), now, false);
        let item_collection_metrics = metrics_key.and_then(|k| table.collection_metrics(&k));
        Ok(UpdateItemOutput { attributes, consumed, item_collection_metrics })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::super::test_support::{
        composite_table, engine, err, hash_table, indexed_table, ok,
    };

    fn update(e: &mut super::Engine, body: Value) -> Value {
        let mut body = body;
        body["TableName"] = json!("Tbl");
        body["Key"] = json!({"pk": {"S": "a"}});
        ok(e, "UpdateItem", body)
    }

    // UpdateItem: "Edits an existing item's attributes, or adds a new item to
    // the table if it does not already exist."
    #[test]
    fn update_without_expression_creates_a_key_only_item() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let out =
            update(&mut e, json!({"ReturnValues": "ALL_NEW", "ReturnConsumedCapacity": "TOTAL"}));
        assert_eq!(
            out,
            json!({"Attributes": {"pk": {"S": "a"}}, "ConsumedCapacity": {"TableName": "Tbl", "CapacityUnits": 1.0}})
        );
    }

    // A repeated request reuses its resolved update; one naming another
    // table's key attribute must still be refused ("Cannot update attribute
    // sk. This attribute is part of the key"), and a condition still counts.
    #[test]
    fn a_repeated_update_gives_the_same_answers_as_a_fresh_one() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        super::super::super::test_support::composite_table(&mut e, "Two");
        let body = |table: &str, key: Value| {
            json!({"TableName": table, "Key": key, "UpdateExpression": "SET sk = :v",
                   "ExpressionAttributeValues": {":v": {"N": "1"}}, "ReturnValues": "ALL_NEW"})
        };
        for _ in 0..2 {
            let out = ok(&mut e, "UpdateItem", body("Tbl", json!({"pk": {"S": "a"}})));
            assert_eq!(out["Attributes"], json!({"pk": {"S": "a"}, "sk": {"N": "1"}}));
        }
        let x = err(&mut e, "UpdateItem", body("Two", json!({"pk": {"S": "a"}, "sk": {"N": "1"}})));
        assert!(x.message().contains("part of the key"), "{}", x.message());
        let mut with_condition = body("Tbl", json!({"pk": {"S": "a"}}));
        with_condition["ConditionExpression"] = json!("attribute_not_exists(pk)");
        let x = err(&mut e, "UpdateItem", with_condition);
        assert_eq!(x.message(), "The conditional request failed");
    }

    /// Runs `update` over `seed` four ways (PutItem then UpdateItem;
    /// `update_item_seeded`, with the seed plain, packed ahead, and packed
    /// only) on
    /// tables made by `setup` holding `before`, and checks the answers and
    /// the tables' items, count and size agree.
    fn seeded_matches_two_calls(
        setup: fn(&mut super::Engine, &str),
        before: Option<Value>,
        seed: Value,
        update: Value,
    ) {
        let seed = crate::value::item_from_json(&seed).unwrap();
        let mut results = Vec::new();
        for way in 0..4 {
            let mut e = engine();
            setup(&mut e, "Tbl");
            if let Some(item) = &before {
                ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": item}));
            }
            let input = super::UpdateItemInput::from_json(&update).unwrap();
            let out = if way == 1 {
                e.update_item_seeded(input, seed.clone())
            } else if way == 2 {
                e.update_item_seeded(input, super::Seed::packed(seed.clone()))
            } else if way == 3 {
                e.update_item_seeded(input, super::Seed::packed_only(&seed))
            } else {
                let put = super::PutItemInput {
                    table_name: "Tbl".into(),
                    item: seed.clone(),
                    ..Default::default()
                };
                let _ = e.put_item(put);
                e.update_item(input)
            };
            let scan = ok(&mut e, "Scan", json!({"TableName": "Tbl"}));
            let table = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}))["Table"].clone();
            let out = out.map_err(|x| x.to_string());
            results.push((out, scan, table["ItemCount"].clone(), table["TableSizeBytes"].clone()));
        }
        assert_eq!(results[0], results[1], "{update}");
        assert_eq!(results[0], results[2], "packed ahead: {update}");
        assert_eq!(results[0], results[3], "packed only: {update}");
    }

    // update_item_seeded is PutItem(seed) then UpdateItem, whether the update
    // succeeds, fails its condition, outgrows 400 KB or names a bad key, and
    // whether an item was stored before (the seed replaces it).
    #[test]
    fn a_seeded_update_equals_a_put_then_the_update() {
        let seed = json!({"pk": {"S": "a"}, "v": {"N": "1"}, "data": {"S": "x".repeat(900)}});
        let body = |extra: Value| {
            let mut b = json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}},
                               "UpdateExpression": "SET w = :w",
                               "ExpressionAttributeValues": {":w": {"S": "new"}},
                               "ReturnValues": "ALL_OLD", "ReturnConsumedCapacity": "TOTAL"});
            for (k, v) in extra.as_object().unwrap() {
                b[k] = v.clone();
            }
            b
        };
        let stored = Some(json!({"pk": {"S": "a"}, "old": {"BOOL": true}}));
        for before in [None, stored.clone()] {
            for extra in [
                json!({}),
                json!({"ConditionExpression": "v = :w", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}),
                json!({"ExpressionAttributeValues": {":w": {"S": "y".repeat(400 * 1024)}}}),
                json!({"Key": {"pk": {"S": "a"}, "extra": {"N": "1"}}}),
                json!({"Key": {"pk": {"S": "b"}}}),
                json!({"UpdateExpression": "SET pk = :w"}),
            ] {
                seeded_matches_two_calls(hash_table, before.clone(), seed.clone(), body(extra));
            }
        }
        // No update expression: the seed is stored as it is, whatever the
        // ReturnValues, with or without a condition (held or not); with a
        // key that is not the table's (an error, nothing stored), or of
        // another item (not fused); asking for metrics or index units.
        for extra in [
            json!({"Key": {"pk": {"S": "a"}, "extra": {"N": "1"}}}),
            json!({"Key": {"pk": {"S": "b"}}}),
            json!({"Key": {"pk": {"N": "1"}}}),
            json!({"ReturnItemCollectionMetrics": "SIZE"}),
            json!({"ReturnConsumedCapacity": "INDEXES"}),
        ] {
            let mut b = json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}});
            for (k, v) in extra.as_object().unwrap() {
                b[k] = v.clone();
            }
            seeded_matches_two_calls(hash_table, None, seed.clone(), b);
        }
        for before in [None, stored] {
            for rv in ["NONE", "ALL_NEW", "ALL_OLD", "UPDATED_NEW", "UPDATED_OLD"] {
                for condition in [None, Some("attribute_exists(v)"), Some("v = :one")] {
                    let mut b = json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}},
                                       "ReturnValues": rv, "ReturnConsumedCapacity": "TOTAL"});
                    if let Some(c) = condition {
                        b["ConditionExpression"] = json!(c);
                        if c.contains(":one") {
                            b["ExpressionAttributeValues"] = json!({":one": {"N": "2"}});
                        }
                    }
                    seeded_matches_two_calls(hash_table, before.clone(), seed.clone(), b);
                }
            }
        }
        // A table with a sort key: the exact key, the sort key written
        // otherwise (1.0), missing, another item's, or of the wrong type.
        let composite_seed = json!({"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"N": "1"}});
        for key in [
            json!({"pk": {"S": "a"}, "sk": {"N": "1"}}),
            json!({"pk": {"S": "a"}, "sk": {"N": "1.0"}}),
            json!({"pk": {"S": "a"}}),
            json!({"pk": {"S": "a"}, "sk": {"N": "2"}}),
            json!({"pk": {"S": "a"}, "sk": {"S": "1"}}),
        ] {
            let b = json!({"TableName": "Tbl", "Key": key, "ReturnConsumedCapacity": "TOTAL"});
            seeded_matches_two_calls(composite_table, None, composite_seed.clone(), b);
        }
        // A seed over 400 KB is not stored (its PutItem fails).
        let big = json!({"pk": {"S": "a"}, "data": {"S": "x".repeat(401 * 1024)}});
        seeded_matches_two_calls(hash_table, None, big, body(json!({})));
        // A seed and a request sharing a key of the wrong type (N for an S
        // key): both calls fail, nothing is stored.
        let wrong_type = json!({"pk": {"N": "1"}, "v": {"N": "1"}});
        seeded_matches_two_calls(
            hash_table,
            None,
            wrong_type,
            body(json!({"Key": {"pk": {"N": "1"}}})),
        );
        // Secondary indexes: the two calls are made.
        let indexed_seed = json!({"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "g1"}});
        let mut indexed = body(json!({"Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}}));
        indexed["UpdateExpression"] = json!("SET g = :w");
        seeded_matches_two_calls(indexed_table, None, indexed_seed, indexed);
    }

    #[test]
    fn set_creates_the_item_and_returns_all_new() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let out = update(
            &mut e,
            json!({"UpdateExpression": "SET v = :v, w = :w", "ExpressionAttributeValues": {":v": {"N": "1"}, ":w": {"S": "x"}}, "ReturnValues": "ALL_NEW"}),
        );
        assert_eq!(out["Attributes"], json!({"pk": {"S": "a"}, "v": {"N": "1"}, "w": {"S": "x"}}));
    }

    // ReturnValues: "UPDATED_OLD - Returns only the updated attributes, as
    // they appeared before the UpdateItem operation."
    #[test]
    fn updated_old_and_updated_new_return_only_updated_attributes() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        update(
            &mut e,
            json!({"UpdateExpression": "SET v = :v, keep = :k", "ExpressionAttributeValues": {":v": {"N": "1"}, ":k": {"S": "same"}}}),
        );
        let old = update(
            &mut e,
            json!({"UpdateExpression": "SET v = v + :one", "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "UPDATED_OLD"}),
        );
        assert_eq!(old, json!({"Attributes": {"v": {"N": "1"}}}));
        let new = update(
            &mut e,
            json!({"UpdateExpression": "SET v = v + :one", "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "UPDATED_NEW"}),
        );
        assert_eq!(new, json!({"Attributes": {"v": {"N": "3"}}}));
        let all_old =
            update(&mut e, json!({"UpdateExpression": "REMOVE keep", "ReturnValues": "ALL_OLD"}));
        assert_eq!(all_old["Attributes"]["keep"], json!({"S": "same"}));
    }

    #[test]
    fn updated_old_of_a_new_item_has_no_attributes() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let out = update(
            &mut e,
            json!({"UpdateExpression": "SET v = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}, "ReturnValues": "UPDATED_OLD"}),
        );
        assert_eq!(out, json!({}));
    }

    // "ADD ... If the existing attribute is a number, and if Value is also a
    // number, then the Value is mathematically added"; a missing attribute
    // starts from 0.
    #[test]
    fn add_counts_exactly() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        for _ in 0..3 {
            update(
                &mut e,
                json!({"UpdateExpression": "ADD c :d", "ExpressionAttributeValues": {":d": {"N": "0.1"}}}),
            );
        }
        let got = ok(&mut e, "GetItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}}));
        assert_eq!(got["Item"]["c"], json!({"N": "0.3"}));
    }

    #[test]
    fn key_attributes_cannot_be_updated() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let x = err(
            &mut e,
            "UpdateItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": {"S": "b"}}}),
        );
        assert_eq!(x.name(), "ValidationException");
        assert!(x.message().contains("part of the key"), "{x}");
    }

    #[test]
    fn failed_condition_leaves_the_item_unchanged() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        update(
            &mut e,
            json!({"UpdateExpression": "SET v = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}}),
        );
        let x = err(
            &mut e,
            "UpdateItem",
            json!({
                "TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET v = :v",
                "ConditionExpression": "v = :old", "ExpressionAttributeValues": {":v": {"N": "9"}, ":old": {"N": "2"}}
            }),
        );
        assert_eq!(x.name(), "ConditionalCheckFailedException");
        let got = ok(&mut e, "GetItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}}));
        assert_eq!(got["Item"]["v"], json!({"N": "1"}));
    }

    #[test]
    fn update_that_grows_past_400_kb_is_rejected() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        update(
            &mut e,
            json!({"UpdateExpression": "SET a = :v", "ExpressionAttributeValues": {":v": {"S": "x".repeat(300_000)}}}),
        );
        let x = err(
            &mut e,
            "UpdateItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET b = :v", "ExpressionAttributeValues": {":v": {"S": "x".repeat(200_000)}}}),
        );
        assert_eq!(x.message(), "Item size to update has exceeded the maximum allowed size");
    }

    // UpdateItem charges W(max(before, after)) on the full item (facts sheet §2.2).
    #[test]
    fn update_charges_the_larger_of_before_and_after() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        update(
            &mut e,
            json!({"UpdateExpression": "SET big = :v", "ExpressionAttributeValues": {":v": {"S": "x".repeat(5000)}}}),
        );
        let out = update(
            &mut e,
            json!({"UpdateExpression": "REMOVE big", "ReturnConsumedCapacity": "TOTAL"}),
        );
        assert_eq!(out["ConsumedCapacity"]["CapacityUnits"], json!(5.0));
        let out = update(
            &mut e,
            json!({"UpdateExpression": "SET small = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}, "ReturnConsumedCapacity": "TOTAL"}),
        );
        assert_eq!(out["ConsumedCapacity"]["CapacityUnits"], json!(1.0));
    }

    fn gsi_units(out: &Value) -> Value {
        out["ConsumedCapacity"].get("GlobalSecondaryIndexes").cloned().unwrap_or(json!({}))
    }

    fn upd(e: &mut super::Engine, expr: &str, values: Value) -> Value {
        let mut body = json!({"TableName": "Tbl", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}, "UpdateExpression": expr, "ReturnConsumedCapacity": "INDEXES"});
        if !values.is_null() {
            body["ExpressionAttributeValues"] = values;
        }
        ok(e, "UpdateItem", body)
    }

    // Index rules I1-I5 (Developer Guide, "Provisioned throughput
    // considerations for global secondary indexes"; facts sheet §2.3).
    #[test]
    fn index_write_rules_i1_to_i5() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        // I4: no index key attributes, no index writes.
        let out = upd(&mut e, "SET misc = :v", json!({":v": {"S": "o"}}));
        assert_eq!(gsi_units(&out), json!({}));
        // I1: gains the index key: one write.
        let out = upd(&mut e, "SET g = :v", json!({":v": {"S": "x"}}));
        assert_eq!(gsi_units(&out), json!({"byG": {"CapacityUnits": 1.0}}));
        // I5 (ALL projection): a projected non-key attribute changes: one write.
        let out = upd(&mut e, "SET misc = :v", json!({":v": {"S": "o2"}}));
        assert_eq!(gsi_units(&out), json!({"byG": {"CapacityUnits": 1.0}}));
        // I2: the index key changes: delete + put, two writes.
        let out = upd(&mut e, "SET g = :v", json!({":v": {"S": "y"}}));
        assert_eq!(gsi_units(&out), json!({"byG": {"CapacityUnits": 2.0}}));
        // KEYS_ONLY index: gaining its key is one write; a non-key change is none.
        let out = upd(&mut e, "SET k = :v", json!({":v": {"S": "k1"}}));
        assert_eq!(gsi_units(&out)["byK"], json!({"CapacityUnits": 1.0}));
        let out = upd(&mut e, "SET misc = :v", json!({":v": {"S": "o3"}}));
        assert_eq!(gsi_units(&out).get("byK"), None);
        // I3: loses the index key: one write (delete).
        let out = upd(&mut e, "REMOVE g", Value::Null);
        assert_eq!(gsi_units(&out), json!({"byG": {"CapacityUnits": 1.0}}));
    }
}
