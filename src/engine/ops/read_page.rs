//! What Query and Scan share: the request members they have in common
//! (IndexName, Select, ProjectionExpression, FilterExpression, Limit,
//! ConsistentRead, ExclusiveStartKey), the source they read (a table or one
//! of its indexes) and the page loop with its capacity.
//!
//! Rules (API Reference, Query and Scan; Developer Guide, "Paginating table
//! query results", "Query ... read capacity unit consumption"):
//! - a page stops after `Limit` items are *read* (before the filter), or
//!   once the items read reach 1 MB (`capacity::operations::PAGE_BYTES`;
//!   our reading: the item that reaches 1 MB is still in the page);
//! - LastEvaluatedKey is returned whenever a page stopped early, even if no
//!   item is left ("the result set might be empty even when
//!   LastEvaluatedKey is present"); it holds the table key plus, on an
//!   index, the index key;
//! - ScannedCount counts items read, Count items that passed the filter;
//! - capacity is the page's summed read sizes rounded up once to 4 KB
//!   (`capacity::read_units`); on an index the size is the projected entry;
//!   a Query on an LSI that needs non-projected attributes also reads each
//!   base item, rounded one by one (rule O8, `capacity::operations`).
//!
//! Depends on `table`, `expr`, `consumed`, `capacity`.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::capacity::operations::PAGE_BYTES;
use crate::capacity::{CapacityUnits, ReadConsistency, read_units};
use crate::value::{Item, item_to_json};

use super::super::consumed::{CapacityKind, Consumed, ReturnConsumedCapacity};
use super::super::error::DynamoError;
use super::super::expr::{Condition, Projection as ExprProjection};
use super::super::expressions::ExpressionInput;
use super::super::request::Request;
use super::super::table::index::{IndexEntryKey, is_projected};
use super::super::table::store::partition_hash;
use super::super::table::{IndexDef, IndexKind, Projection, StoreKey, Stored, Table};

/// The Select parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Select {
    AllAttributes,
    AllProjectedAttributes,
    SpecificAttributes,
    Count,
}

impl Select {
    /// Parses Select and checks it against ProjectionExpression and
    /// IndexName (messages as the live service words them, recorded by
    /// DynamoDB emulators' conformance tests). Absent: SPECIFIC_ATTRIBUTES
    /// with a projection, else ALL_PROJECTED_ATTRIBUTES on an index and
    /// ALL_ATTRIBUTES on a table (API Reference, Query, `Select`).
    pub fn parse(
        text: Option<&str>,
        has_projection: bool,
        has_index: bool,
    ) -> Result<Select, DynamoError> {
        let select = match text {
            None if has_projection => return Ok(Select::SpecificAttributes),
            None if has_index => return Ok(Select::AllProjectedAttributes),
            None => return Ok(Select::AllAttributes),
            Some("ALL_ATTRIBUTES") => Select::AllAttributes,
            Some("ALL_PROJECTED_ATTRIBUTES") => Select::AllProjectedAttributes,
            Some("SPECIFIC_ATTRIBUTES") => Select::SpecificAttributes,
            Some("COUNT") => Select::Count,
            Some(other) => {
                return Err(DynamoError::constraint(
                    &format!("'{other}'"),
                    "select",
                    "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
                ));
            }
        };
        let cannot = |what: &str| {
            DynamoError::validation(format!(
                "Cannot specify the ProjectionExpression when choosing to get {what}"
            ))
        };
        match select {
            Select::SpecificAttributes if !has_projection => Err(DynamoError::validation(
                "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
            )),
            Select::AllAttributes if has_projection => Err(cannot("ALL_ATTRIBUTES")),
            Select::Count if has_projection => Err(cannot("only the Count")),
            Select::AllProjectedAttributes if !has_index => Err(DynamoError::validation(
                "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
            )),
            Select::AllProjectedAttributes if has_projection => {
                Err(cannot("ALL_PROJECTED_ATTRIBUTES"))
            }
            s => Ok(s),
        }
    }
}

/// The members Query and Scan share, as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadRequest {
    pub table_name: String,
    pub index_name: Option<String>,
    pub select: Option<String>,
    pub projection_expression: Option<String>,
    pub filter_expression: Option<String>,
    pub limit: Option<u32>,
    pub consistent_read: bool,
    pub exclusive_start_key: Option<Item>,
    pub expression: ExpressionInput,
    pub return_consumed_capacity: ReturnConsumedCapacity,
}

impl ReadRequest {
    /// Reads the shared members; `other_expressions` says whether the
    /// operation's own expression (KeyConditionExpression) is present.
    pub(crate) fn parse(
        req: &Request<'_>,
        other_expressions: bool,
    ) -> Result<ReadRequest, DynamoError> {
        let projection_expression = req.str("ProjectionExpression")?.map(str::to_string);
        let filter_expression = req.str("FilterExpression")?.map(str::to_string);
        let limit = match req.i64("Limit")? {
            None => None,
            Some(n) if n < 1 => {
                return Err(DynamoError::constraint(
                    &format!("'{n}'"),
                    "limit",
                    "Member must have value greater than or equal to 1",
                ));
            }
            Some(n) => Some(u32::try_from(n).unwrap_or(u32::MAX)),
        };
        let index_name = req.str("IndexName")?.map(str::to_string);
        if let Some(name) = &index_name {
            super::super::table::members::validate_name(name, "indexName")?;
        }
        let expressions =
            other_expressions || projection_expression.is_some() || filter_expression.is_some();
        Ok(ReadRequest {
            table_name: super::common::data_table_name(req)?,
            index_name,
            select: req.str("Select")?.map(str::to_string),
            expression: ExpressionInput::parse(req, expressions)?,
            projection_expression,
            filter_expression,
            limit,
            consistent_read: req.bool("ConsistentRead")?.unwrap_or(false),
            exclusive_start_key: req.item("ExclusiveStartKey")?,
            return_consumed_capacity: ReturnConsumedCapacity::parse(
                req.str("ReturnConsumedCapacity")?,
            )?,
        })
    }
}

/// What a page reads from: a table, or one of its indexes.
#[derive(Clone, Copy)]
pub(super) struct Source<'a> {
    pub table: &'a Table,
    pub index: Option<&'a IndexDef>,
}

/// A position in the source's order (for ExclusiveStartKey).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Position {
    Table(StoreKey),
    Index(IndexEntryKey),
}

/// One item read: where it is, the stored item and the bytes it costs.
pub(super) struct Candidate<'a> {
    pub position: Position,
    pub stored: &'a Stored,
    pub size: u64,
}

impl<'a> Source<'a> {
    /// The table, or the named index ("The table does not have the
    /// specified index: X"); ConsistentRead on a GSI is rejected
    /// (API Reference, Query, `ConsistentRead`).
    pub(super) fn open(
        table: &'a Table,
        index_name: Option<&str>,
        consistent: bool,
    ) -> Result<Source<'a>, DynamoError> {
        let index = match index_name {
            None => None,
            Some(name) => Some(table.def.index(name).ok_or_else(|| {
                DynamoError::validation(format!(
                    "The table does not have the specified index: {name}"
                ))
            })?),
        };
        if consistent && index.is_some_and(|i| i.kind == IndexKind::Global) {
            return Err(DynamoError::validation(
                "Consistent reads are not supported on global secondary indexes",
            ));
        }
        Ok(Source { table, index })
    }

    /// A table entry as a candidate.
    pub(super) fn table_candidate(&self, key: &StoreKey, stored: &'a Stored) -> Candidate<'a> {
        Candidate { position: Position::Table(key.clone()), stored, size: u64::from(stored.size) }
    }

    /// An index entry as a candidate (the entry's size, the table's item).
    pub(super) fn index_candidate(&self, key: &IndexEntryKey, size: u32) -> Option<Candidate<'a>> {
        let stored = self.table.get(&StoreKey::new(key.table_key.clone()))?;
        Some(Candidate { position: Position::Index(key.clone()), stored, size: u64::from(size) })
    }

    /// Reads ExclusiveStartKey as a position: the table key, plus the index
    /// key on an index. Wording from dynalite's `scan`/`query` actions
    /// (recorded against the live service).
    pub(super) fn start_position(&self, esk: &Item) -> Result<Position, DynamoError> {
        let def = &self.table.def;
        let Some(index) = self.index else {
            let key = def.key.key_of_request(esk).map_err(|e| {
                DynamoError::validation(format!(
                    "The provided starting key is invalid: {}",
                    e.message()
                ))
            })?;
            return Ok(Position::Table(StoreKey::new(key)));
        };
        let invalid = || DynamoError::validation("The provided starting key is invalid");
        let names = def.index_key_names(index);
        if esk.len() != names.len() || names.iter().any(|n| esk.get(n).is_none()) {
            return Err(invalid());
        }
        let mut table_key = Item::new();
        for n in def.key.names() {
            table_key.insert(n.to_string(), esk.get(n).expect("checked").clone());
        }
        let table_key = def.key.key_of_request(&table_key).map_err(|_| invalid())?;
        let index_key = match super::super::table::index::index_key_of(index, esk) {
            Ok(Some(k)) => k,
            _ => return Err(invalid()),
        };
        Ok(Position::Index(IndexEntryKey {
            bucket: partition_hash(&index_key.hash),
            index_key,
            table_key,
        }))
    }

    /// Whether reading `select`/`projection`/`filter` from this source needs
    /// the base item (an LSI whose projection lacks what is asked for).
    fn fetches(
        &self,
        select: Select,
        projection: Option<&ExprProjection>,
        filter: Option<&Condition>,
    ) -> bool {
        let Some(index) = self.index else { return false };
        if index.kind != IndexKind::Local || index.projection == Projection::All {
            return false;
        }
        let missing =
            |names: Vec<&str>| names.into_iter().any(|n| !is_projected(&self.table.def, index, n));
        select == Select::AllAttributes
            || projection.is_some_and(|p| missing(p.top_level_attributes()))
            || filter.is_some_and(|f| missing(f.top_level_attributes()))
    }

    /// Checks Select against the source: ALL_ATTRIBUTES on a GSI needs an
    /// ALL projection.
    pub(super) fn check_select(&self, select: Select) -> Result<(), DynamoError> {
        if let Some(index) = self.index
            && select == Select::AllAttributes
            && index.kind == IndexKind::Global
            && index.projection != Projection::All
        {
            return Err(DynamoError::invalid_parameter(format!(
                "Select type ALL_ATTRIBUTES is not supported for global secondary index {} because its projection type is not ALL",
                index.name
            )));
        }
        Ok(())
    }

    /// The item as the source shows it (decoded once): the whole item, or
    /// the index's projected attributes.
    fn visible(&self, stored: &Stored, fetch: bool) -> Item {
        let item = stored.item();
        match self.index {
            Some(index) if !fetch && index.projection != Projection::All => {
                item.into_iter().filter(|(n, _)| is_projected(&self.table.def, index, n)).collect()
            }
            _ => item,
        }
    }

    /// LastEvaluatedKey for an item: table key plus index key attributes
    /// (decoding only those).
    fn last_key(&self, stored: &Stored) -> Item {
        let names = match self.index {
            Some(index) => self.table.def.index_key_names(index),
            None => self.table.def.key.names().collect(),
        };
        names
            .into_iter()
            .filter_map(|n| stored.get_attribute(n).map(|v| (n.to_string(), v)))
            .collect()
    }
}

/// How a page is read.
pub(super) struct PagePlan {
    pub select: Select,
    pub projection: Option<ExprProjection>,
    pub filter: Option<Condition>,
    pub limit: Option<u32>,
    pub consistency: ReadConsistency,
}

impl PagePlan {
    pub(super) fn new(
        select: Select,
        projection: Option<ExprProjection>,
        filter: Option<Condition>,
        limit: Option<u32>,
        consistent: bool,
    ) -> PagePlan {
        PagePlan {
            select,
            projection,
            filter,
            limit,
            consistency: if consistent {
                ReadConsistency::Strong
            } else {
                ReadConsistency::Eventual
            },
        }
    }
}

/// One page of a Query or Scan.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadPage {
    /// The items (projected); empty for Select=COUNT.
    pub items: Vec<Arc<Item>>,
    pub count: u64,
    pub scanned_count: u64,
    pub last_evaluated_key: Option<Item>,
    pub consumed: Consumed,
    /// Whether Items is shown (not for Select=COUNT).
    pub with_items: bool,
}

impl ReadPage {
    pub fn to_json(&self, mode: ReturnConsumedCapacity) -> Value {
        let mut out = Map::new();
        if self.with_items {
            out.insert(
                "Items".into(),
                Value::Array(self.items.iter().map(|i| item_to_json(i)).collect()),
            );
        }
        out.insert("Count".into(), json!(self.count));
        out.insert("ScannedCount".into(), json!(self.scanned_count));
        if let Some(k) = &self.last_evaluated_key {
            out.insert("LastEvaluatedKey".into(), item_to_json(k));
        }
        if let Some(c) = self.consumed.to_json(mode) {
            out.insert("ConsumedCapacity".into(), c);
        }
        Value::Object(out)
    }
}

/// Reads one page from `candidates` (already in order, already past the
/// ExclusiveStartKey and, for Query, inside the key condition).
pub(super) fn read_page<'a>(
    source: Source<'a>,
    plan: &PagePlan,
    candidates: impl Iterator<Item = Candidate<'a>>,
) -> ReadPage {
    let fetch = source.fetches(plan.select, plan.projection.as_ref(), plan.filter.as_ref());
    let mut items = Vec::new();
    let (mut count, mut scanned, mut bytes) = (0u64, 0u64, 0u64);
    let mut fetch_units = CapacityUnits::ZERO;
    let mut last = None;
    for c in candidates {
        scanned += 1;
        bytes += c.size;
        if fetch {
            fetch_units += read_units(u64::from(c.stored.size), plan.consistency);
        }
        // Select=COUNT without a filter needs no item: nothing is decoded.
        let visible = (plan.select != Select::Count || plan.filter.is_some())
            .then(|| source.visible(c.stored, fetch));
        if plan.filter.as_ref().is_none_or(|f| f.evaluate(visible.as_ref())) {
            count += 1;
            if let Some(visible) = visible
                && plan.select != Select::Count
            {
                items.push(Arc::new(match &plan.projection {
                    Some(p) => p.apply(&visible),
                    None => visible,
                }));
            }
        }
        if plan.limit.is_some_and(|l| scanned >= u64::from(l)) || bytes >= PAGE_BYTES {
            last = Some(source.last_key(c.stored));
            break;
        }
    }
    let units = read_units(bytes, plan.consistency);
    let consumed = match source.index {
        None => Consumed::new(source.table.name.clone(), CapacityKind::Read, units),
        Some(index) => {
            let mut c = Consumed::new(source.table.name.clone(), CapacityKind::Read, fetch_units);
            match index.kind {
                IndexKind::Local => c.local_indexes.push((index.name.clone(), units)),
                IndexKind::Global => c.global_indexes.push((index.name.clone(), units)),
            }
            c
        }
    };
    ReadPage {
        items,
        count,
        scanned_count: scanned,
        last_evaluated_key: last,
        consumed,
        with_items: plan.select != Select::Count,
    }
}
