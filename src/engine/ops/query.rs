//! Query: the items of one partition (of a table or an index), in sort-key
//! order, optionally narrowed by a sort key condition, then filtered and
//! projected, one page at a time (API Reference, Query).
//!
//! Steps: read the request (`read_page::ReadRequest` plus
//! KeyConditionExpression and ScanIndexForward); compile the key condition,
//! filter and projection with one resolver; open the source (table or
//! index); check the key condition's value types against the key schema;
//! walk the partition forwards or backwards from the ExclusiveStartKey,
//! keeping items inside the sort key condition; hand them to
//! `read_page::read_page`, which applies Limit, the 1 MB page, the filter,
//! the projection and the capacity rules. Depends on `read_page`, `expr`,
//! `table`.

use serde_json::Value;

use crate::value::{AttributeValue, KeyValue};

use super::super::Engine;
use super::super::consumed::ReturnConsumedCapacity;
use super::super::error::DynamoError;
use super::super::expr::{
    Condition, KeyCondition, SortKeyCondition, compile_filter, compile_key_condition,
    compile_projection,
};
use super::super::request::Request;
use super::super::table::ScalarType;
use super::read_page::{
    Candidate, PagePlan, Position, ReadPage, ReadRequest, Select, Source, read_page,
};

/// A Query request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryInput {
    pub read: ReadRequest,
    pub key_condition_expression: String,
    /// ScanIndexForward (default true: ascending sort key order).
    pub scan_index_forward: bool,
}

impl QueryInput {
    pub fn from_json(body: &Value) -> Result<QueryInput, DynamoError> {
        let req = Request::new(body)?;
        let key_condition = req.str("KeyConditionExpression")?;
        let read = ReadRequest::parse(&req, key_condition.is_some())?;
        let key_condition_expression = key_condition
            .ok_or_else(|| {
                DynamoError::validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
                )
            })?
            .to_string();
        Ok(QueryInput {
            read,
            key_condition_expression,
            scan_index_forward: req.bool("ScanIndexForward")?.unwrap_or(true),
        })
    }

    /// The mode the response renders ConsumedCapacity in.
    pub fn return_consumed_capacity(&self) -> ReturnConsumedCapacity {
        self.read.return_consumed_capacity
    }
}

fn type_mismatch() -> DynamoError {
    DynamoError::invalid_parameter("Condition parameter type does not match schema type")
}

/// Checks the key condition's values against the key's declared types.
fn check_key_types(
    kc: &KeyCondition,
    hash: ScalarType,
    range: Option<ScalarType>,
) -> Result<(), DynamoError> {
    if !hash.matches(&kc.partition_value) {
        return Err(type_mismatch());
    }
    let (Some(sort), Some(range)) = (&kc.sort, range) else { return Ok(()) };
    let values: Vec<&AttributeValue> = match sort {
        SortKeyCondition::Compare(_, v) | SortKeyCondition::BeginsWith(v) => vec![v],
        SortKeyCondition::Between(a, b) => vec![a, b],
    };
    if values.iter().any(|v| !range.matches(v)) {
        return Err(type_mismatch());
    }
    if matches!(sort, SortKeyCondition::BeginsWith(_)) && range == ScalarType::N {
        return Err(DynamoError::validation(
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
        ));
    }
    Ok(())
}

impl Engine {
    /// Query through the typed API: one page.
    pub fn query(&self, input: &QueryInput) -> Result<ReadPage, DynamoError> {
        let r = &input.read;
        let table = self.table(&r.table_name)?;
        let index = match &r.index_name {
            Some(name) => Some(table.def.index(name).ok_or_else(|| {
                DynamoError::validation(format!(
                    "The table does not have the specified index: {name}"
                ))
            })?),
            None => None,
        };
        let schema = index.map_or(&table.def.key, |i| &i.key);
        let mut resolver = r.expression.resolver()?;
        let kc = compile_key_condition(
            &input.key_condition_expression,
            &mut resolver,
            &schema.hash.name,
            schema.range.as_ref().map(|a| a.name.as_str()),
        )?;
        let filter: Option<Condition> =
            r.filter_expression.as_deref().map(|t| compile_filter(t, &mut resolver)).transpose()?;
        let projection = r
            .projection_expression
            .as_deref()
            .map(|t| compile_projection(t, &mut resolver))
            .transpose()?;
        resolver.finish()?;
        let select =
            Select::parse(r.select.as_deref(), projection.is_some(), r.index_name.is_some())?;

        let source = Source::open(table, r.index_name.as_deref(), r.consistent_read)?;
        source.check_select(select)?;
        check_key_types(&kc, schema.hash.scalar, schema.range.as_ref().map(|a| a.scalar))?;
        // "A filter expression cannot contain partition key or sort key
        // attributes" (Developer Guide, "Filter expressions for Query").
        if let Some(f) = &filter
            && let Some(k) =
                f.top_level_attributes().into_iter().find(|n| schema.is_key_attribute(n))
        {
            return Err(DynamoError::validation(format!(
                "Filter Expression can only contain non-primary key attributes: Primary key attribute: {k}"
            )));
        }
        let hash = KeyValue::from_attribute(&kc.partition_value).expect("type checked");
        let start = r.exclusive_start_key.as_ref().map(|k| source.start_position(k)).transpose()?;
        if let Some(pos) = &start {
            let start_hash = match pos {
                Position::Table(k) => &k.key.hash,
                Position::Index(k) => &k.index_key.hash,
            };
            if start_hash != &hash {
                return Err(DynamoError::validation(
                    "The provided starting key is outside query boundaries based on provided conditions",
                ));
            }
        }

        let candidates: Box<dyn Iterator<Item = Candidate<'_>>> = match source.index {
            None => {
                let it = table.store.partition(&hash).map(|(k, s)| source.table_candidate(k, s));
                if input.scan_index_forward { Box::new(it) } else { Box::new(it.rev()) }
            }
            Some(index) => {
                let store = table.indexes.get(&index.name).expect("every index has a store");
                let it = store.partition(&hash);
                let it: Box<dyn Iterator<Item = _>> =
                    if input.scan_index_forward { Box::new(it) } else { Box::new(it.rev()) };
                Box::new(it.filter_map(|(k, size)| source.index_candidate(k, size)))
            }
        };
        let forward = input.scan_index_forward;
        let candidates = candidates.skip_while(|c| match &start {
            None => false,
            Some(s) if forward => &c.position <= s,
            Some(s) => &c.position >= s,
        });
        let range_name = schema.range.as_ref().map(|a| a.name.as_str());
        let candidates = candidates.filter(|c| match (&kc.sort, range_name) {
            (Some(cond), Some(name)) => {
                c.stored.get_attribute(name).is_some_and(|v| cond.matches(&v))
            }
            _ => true,
        });
        let plan = PagePlan::new(select, projection, filter, r.limit, r.consistent_read);
        Ok(read_page(source, &plan, candidates))
    }
}
