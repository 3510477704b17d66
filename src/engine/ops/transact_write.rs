//! TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck
//! actions, all or nothing (API Reference, TransactWriteItems; Developer
//! Guide, "Amazon DynamoDB Transactions: How it works").
//!
//! Steps: read every action; compile its expressions; check that no item
//! is named twice ("Transaction request cannot include multiple operations
//! on one item"); work out each action's new item and evaluate its
//! condition against the current state; if any condition fails, nothing is
//! written and TransactionCanceledException lists one reason per action, in
//! order ("None" or "ConditionalCheckFailed"); otherwise plan every write
//! (`Table::plan_write`: index key types, item-collection limit) before
//! applying any, then apply them all.
//!
//! Capacity: each action costs W(max(old, new)) with the transactional
//! multiplier, 2 units per 1 KB (facts sheet §2.2, rule O7; a
//! ConditionCheck is sized on the item it reads); index writes follow the
//! ordinary rules I1-I5 (our reading: the documentation states the 2x rule
//! for the items of the transaction only).
//!
//! Idempotency: a ClientRequestToken makes the call idempotent for 10
//! minutes on the engine's clock: the same request again returns the first
//! response without writing; a different request with the same token is
//! IdempotentParameterMismatchException. Depends on `table`, `expr`,
//! `consumed`, `capacity`.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::capacity::item_size::{MAX_ITEM_BYTES, item_size};
use crate::capacity::write_units;
use crate::value::Item;

use super::super::Engine;
use super::super::clock::Timestamp;
use super::super::consumed::{Consumed, ReturnConsumedCapacity};
use super::super::error::{CancellationReason, DynamoError};
use super::super::expr::{compile_condition, compile_update};
use super::super::expressions::ExpressionInput;
use super::super::request::Request;
use super::super::return_values::{parse_item_collection_metrics, parse_on_condition_failure};
use super::super::table::{OldItem, StoreKey};
use super::common::{CONDITION_FAILED, data_table_name};

/// Most actions in one transaction (API Reference, TransactWriteItems).
pub const MAX_TRANSACT_ITEMS: usize = 100;
/// How long a ClientRequestToken is remembered: 10 minutes.
pub const TOKEN_WINDOW_SECS: u64 = 600;

/// What one action does.
#[derive(Debug, Clone, PartialEq)]
pub enum TransactAction {
    Put { item: Item },
    Update { key: Item, update_expression: String },
    Delete { key: Item },
    ConditionCheck { key: Item },
}

/// One action with its table, condition and placeholders.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactWriteItem {
    pub table_name: String,
    pub action: TransactAction,
    pub condition_expression: Option<String>,
    pub expression: ExpressionInput,
    pub return_old_on_condition_failure: bool,
}

/// A TransactWriteItems request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactWriteInput {
    pub items: Vec<TransactWriteItem>,
    pub client_request_token: Option<String>,
    pub return_consumed_capacity: ReturnConsumedCapacity,
    pub return_item_collection_metrics: bool,
}

/// A TransactWriteItems response: capacity per table, in first-use order.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactWriteOutput {
    pub consumed: Vec<Consumed>,
}

/// Remembered ClientRequestTokens: when first used, the request and its response.
#[derive(Debug, Clone, Default)]
pub(crate) struct TokenLedger {
    tokens: BTreeMap<String, (Timestamp, TransactWriteInput, TransactWriteOutput)>,
}

impl TransactWriteItem {
    fn from_request(req: &Request<'_>) -> Result<TransactWriteItem, DynamoError> {
        let kinds = ["Put", "Update", "Delete", "ConditionCheck"];
        let present: Vec<&str> = kinds.into_iter().filter(|k| req.has(k)).collect();
        let [kind] = present[..] else {
            return Err(DynamoError::validation(
                "TransactItems can only contain one of Check, Put, Update or Delete",
            ));
        };
        let body = req.object(kind)?.expect("present");
        let condition_expression = body.str("ConditionExpression")?.map(str::to_string);
        let key = || body.item("Key")?.ok_or_else(|| DynamoError::missing("key"));
        let action = match kind {
            "Put" => TransactAction::Put {
                item: body.item("Item")?.ok_or_else(|| DynamoError::missing("item"))?,
            },
            "Update" => TransactAction::Update {
                key: key()?,
                update_expression: body
                    .str("UpdateExpression")?
                    .ok_or_else(|| DynamoError::missing("updateExpression"))?
                    .to_string(),
            },
            "Delete" => TransactAction::Delete { key: key()? },
            _ => {
                if condition_expression.is_none() {
                    return Err(DynamoError::missing("conditionExpression"));
                }
                TransactAction::ConditionCheck { key: key()? }
            }
        };
        let expressions =
            condition_expression.is_some() || matches!(action, TransactAction::Update { .. });
        Ok(TransactWriteItem {
            table_name: data_table_name(&body)?,
            action,
            expression: ExpressionInput::parse(&body, expressions)?,
            condition_expression,
            return_old_on_condition_failure: parse_on_condition_failure(
                body.str("ReturnValuesOnConditionCheckFailure")?,
            )?,
        })
    }
}

/// The length rule for TransactItems (1-100).
pub(crate) fn check_transact_count(n: usize) -> Result<(), DynamoError> {
    if n == 0 || n > MAX_TRANSACT_ITEMS {
        let constraint = if n == 0 {
            "Member must have length greater than or equal to 1"
        } else {
            "Member must have length less than or equal to 100"
        };
        // The live service renders the list; we show it empty or elided.
        let value = if n == 0 { "'[]'" } else { "'[...]'" };
        return Err(DynamoError::constraint(value, "transactItems", constraint));
    }
    Ok(())
}

impl TransactWriteInput {
    pub fn from_json(body: &Value) -> Result<TransactWriteInput, DynamoError> {
        let req = Request::new(body)?;
        let list =
            req.objects("TransactItems")?.ok_or_else(|| DynamoError::missing("transactItems"))?;
        check_transact_count(list.len())?;
        let items = list.iter().map(TransactWriteItem::from_request).collect::<Result<_, _>>()?;
        let token = req.str("ClientRequestToken")?.map(str::to_string);
        if let Some(t) = &token
            && (t.is_empty() || t.chars().count() > 36)
        {
            return Err(DynamoError::constraint(
                &format!("'{t}'"),
                "clientRequestToken",
                "Member must have length less than or equal to 36",
            ));
        }
        Ok(TransactWriteInput {
            items,
            client_request_token: token,
            return_consumed_capacity: ReturnConsumedCapacity::parse(
                req.str("ReturnConsumedCapacity")?,
            )?,
            return_item_collection_metrics: parse_item_collection_metrics(
                req.str("ReturnItemCollectionMetrics")?,
            )?,
        })
    }
}

impl TransactWriteOutput {
    pub fn to_json(&self, mode: ReturnConsumedCapacity) -> Value {
        let mut out = Map::new();
        if mode != ReturnConsumedCapacity::None {
            let list = self.consumed.iter().filter_map(|c| c.to_json(mode)).collect();
            out.insert("ConsumedCapacity".into(), Value::Array(list));
        }
        Value::Object(out)
    }
}

/// One action worked out against the current state.
struct Prepared {
    table: String,
    key: StoreKey,
    /// None: a ConditionCheck; Some(None): a delete; Some(Some): a put.
    write: Option<Option<(Item, u64)>>,
    units: crate::capacity::CapacityUnits,
}

/// Adds `c` to the per-table list.
pub(crate) fn add_consumed(list: &mut Vec<Consumed>, c: &Consumed) {
    match list.iter_mut().find(|x| x.table_name == c.table_name) {
        Some(x) => x.merge(c),
        None => list.push(c.clone()),
    }
}

impl Engine {
    /// Works out every action; `Err` for invalid requests, `Ok(Err)` with
    /// the reasons when a condition fails.
    fn prepare_transaction(
        &self,
        input: &TransactWriteInput,
    ) -> Result<Result<Vec<Prepared>, Vec<CancellationReason>>, DynamoError> {
        let mut seen = HashSet::new();
        let mut prepared = Vec::with_capacity(input.items.len());
        let mut reasons = Vec::with_capacity(input.items.len());
        let mut failed = false;
        for item in &input.items {
            let table = self.table(&item.table_name)?;
            let key_names: Vec<&str> = table.def.key.names().collect();
            let mut resolver = item.expression.resolver()?;
            let condition = item
                .condition_expression
                .as_deref()
                .map(|t| compile_condition(t, &mut resolver))
                .transpose()?;
            let update = match &item.action {
                TransactAction::Update { update_expression, .. } => {
                    Some(compile_update(update_expression, &mut resolver, &key_names)?)
                }
                _ => None,
            };
            resolver.finish()?;
            let key = match &item.action {
                TransactAction::Put { item } => table.def.key.key_of_item(item)?,
                TransactAction::Update { key, .. }
                | TransactAction::Delete { key }
                | TransactAction::ConditionCheck { key } => table.def.key.key_of_request(key)?,
            };
            let key = StoreKey::new(key);
            if !seen.insert((table.name.clone(), key.clone())) {
                return Err(DynamoError::validation(
                    "Transaction request cannot include multiple operations on one item",
                ));
            }
            let old = table.get(&key).map(OldItem::new);
            let old_size = old.as_ref().map_or(0, OldItem::size);
            let mut invalid: Option<String> = None;
            let write = match &item.action {
                TransactAction::Put { item } => Some(Some((item.clone(), item_size(item)))),
                TransactAction::Update { .. } => {
                    let mut new_item = match &old {
                        Some(o) => o.to_item(),
                        None => table.def.key.key_item(&key.key),
                    };
                    // API Reference, TransactionCanceledException: "a similar
                    // validation error occurs because of changes made by the
                    // transaction" cancels it with a ValidationError reason in
                    // this action's place (not a request-level error): an
                    // operand of the wrong type, or the item grown past 400 KB.
                    match update.as_ref().expect("an update action").apply(&mut new_item) {
                        Ok(_) => {
                            let size = item_size(&new_item);
                            if size > MAX_ITEM_BYTES {
                                invalid = Some(
                                    "Item size to update has exceeded the maximum allowed size"
                                        .to_string(),
                                );
                                None
                            } else {
                                Some(Some((new_item, size)))
                            }
                        }
                        Err(e) => {
                            invalid = Some(e.message().to_string());
                            None
                        }
                    }
                }
                TransactAction::Delete { .. } => Some(None),
                TransactAction::ConditionCheck { .. } => None,
            };
            if let Some(Some((_, size))) = &write
                && *size > MAX_ITEM_BYTES
            {
                return Err(DynamoError::validation(
                    "Item size has exceeded the maximum allowed size",
                ));
            }
            if condition.as_ref().is_some_and(|c| !c.evaluate(old.as_ref().map(OldItem::item))) {
                failed = true;
                reasons.push(CancellationReason {
                    code: "ConditionalCheckFailed",
                    message: Some(CONDITION_FAILED.to_string()),
                    item: old
                        .as_ref()
                        .filter(|_| item.return_old_on_condition_failure)
                        .map(|o| o.item().clone()),
                });
            } else if let Some(message) = invalid {
                failed = true;
                reasons.push(CancellationReason {
                    code: "ValidationError",
                    message: Some(message),
                    item: None,
                });
            } else {
                reasons.push(CancellationReason::none());
            }
            let new_size = write.as_ref().and_then(|w| w.as_ref().map(|(_, s)| *s)).unwrap_or(0);
            if let Some(w) = &write {
                table.plan_write(key.clone(), old.as_ref(), w.as_ref().map(|(i, s)| (i, *s)))?;
            }
            prepared.push(Prepared {
                table: item.table_name.clone(),
                key,
                write,
                units: write_units(old_size.max(new_size), true),
            });
        }
        Ok(if failed { Err(reasons) } else { Ok(prepared) })
    }

    /// TransactWriteItems through the typed API.
    pub fn transact_write_items(
        &mut self,
        input: TransactWriteInput,
    ) -> Result<TransactWriteOutput, DynamoError> {
        let now = self.now();
        if let Some(token) = &input.client_request_token {
            let ledger = &mut self.transaction_tokens.tokens;
            ledger.retain(|_, (t, _, _)| now.as_secs() < t.as_secs() + TOKEN_WINDOW_SECS);
            if let Some((_, first, out)) = ledger.get(token) {
                if first != &input {
                    return Err(DynamoError::IdempotentParameterMismatch(
                        "DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used."
                            .to_string(),
                    ));
                }
                return Ok(out.clone());
            }
        }
        let prepared = match self.prepare_transaction(&input)? {
            Ok(p) => p,
            Err(reasons) => {
                let codes: Vec<&str> = reasons.iter().map(|r| r.code).collect();
                return Err(DynamoError::TransactionCanceled {
                    message: format!(
                        "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]",
                        codes.join(", ")
                    ),
                    reasons,
                });
            }
        };
        let mut consumed = Vec::new();
        for p in prepared {
            let table = self.table_mut(&p.table)?;
            let mut c = match p.write {
                None => table.failed_write_consumed(p.units),
                Some(write) => {
                    let old = table.get(&p.key).map(OldItem::new);
                    let plan = table.plan_write(
                        p.key.clone(),
                        old.as_ref(),
                        write.as_ref().map(|(i, s)| (i, *s)),
                    )?;
                    let c = table.write_consumed(&plan);
                    table.commit_write(plan, write.as_ref().map(|(i, s)| (i, *s)), now, false);
                    c
                }
            };
            c.table = p.units;
            add_consumed(&mut consumed, &c);
        }
        let out = TransactWriteOutput { consumed };
        if let Some(token) = &input.client_request_token {
            self.transaction_tokens.tokens.insert(token.clone(), (now, input, out.clone()));
        }
        Ok(out)
    }
}
