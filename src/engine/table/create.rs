//! CreateTable's request: parsing and validating the table definition
//! (key schema, attribute definitions, billing, throughput, indexes, stream,
//! class, tags) with DynamoDB's messages, producing a [`TableDef`].
//!
//! Rules (API Reference, CreateTable; Developer Guide, "Service quotas";
//! messages as the live service words them, recorded by mhart/dynalite
//! `validations/createTable.js`): 1-2 key elements, HASH first then RANGE;
//! every key attribute of the table and its indexes defined in
//! AttributeDefinitions and every definition used; LSIs need a table sort
//! key, share the table's partition key and have a sort key; at most 5
//! LSIs and 20 GSIs; index names unique. The member parsers shared with
//! UpdateTable are in `members`. Depends on `members`, `schema`,
//! `definition`, `request`, `error`.

use super::super::clock::Timestamp;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::definition::{IndexDef, IndexKind, IndexStatus, TableDef};
use super::members::{
    parse_billing, parse_global_index, parse_key_elements, parse_projection, parse_stream,
    parse_table_class, parse_tags, resolve_key_schema, stream_label, validate_name,
};
use super::schema::{Projection, ScalarType};

/// Most LSIs per table.
pub const MAX_LOCAL_INDEXES: usize = 5;
/// Most GSIs per table (default quota).
pub const MAX_GLOBAL_INDEXES: usize = 20;

/// Where the new table lives and when, for its ARN and timestamps.
#[derive(Debug, Clone)]
pub struct TablePlacement<'a> {
    pub region: &'a str,
    pub account: &'a str,
    pub now: Timestamp,
    pub table_id: String,
}
fn parse_attributes(req: &Request<'_>) -> Result<Vec<(String, ScalarType)>, DynamoError> {
    let defs = req
        .objects("AttributeDefinitions")?
        .ok_or_else(|| DynamoError::missing("attributeDefinitions"))?;
    let mut out: Vec<(String, ScalarType)> = Vec::new();
    for (i, d) in defs.iter().enumerate() {
        let path = format!("attributeDefinitions.{}.member", i + 1);
        let name = d
            .str("AttributeName")?
            .ok_or_else(|| DynamoError::missing(&format!("{path}.attributeName")))?;
        let t = d
            .str("AttributeType")?
            .ok_or_else(|| DynamoError::missing(&format!("{path}.attributeType")))?;
        let scalar = ScalarType::parse(t).ok_or_else(|| {
            DynamoError::constraint(
                &format!("'{t}'"),
                &format!("{path}.attributeType"),
                "Member must satisfy enum value set: [B, N, S]",
            )
        })?;
        if out.iter().any(|(n, _)| n == name) {
            return Err(DynamoError::invalid_parameter(format!(
                "Duplicate AttributeName in AttributeDefinitions: {name}"
            )));
        }
        out.push((name.to_string(), scalar));
    }
    Ok(out)
}

/// Parses and validates a CreateTable request body into a new table.
pub fn parse_create_table(
    req: &Request<'_>,
    at: TablePlacement<'_>,
) -> Result<TableDef, DynamoError> {
    let name = req.required_str("TableName")?.to_string();
    validate_name(&name, "tableName")?;
    let attributes = parse_attributes(req)?;
    let key =
        resolve_key_schema(&parse_key_elements(req, "KeySchema", "keySchema")?, &attributes, true)?;
    let (billing, throughput) = parse_billing(req)?;

    let mut index_names: Vec<String> = Vec::new();
    let mut check_unique = |n: &str| {
        if index_names.iter().any(|x| x == n) {
            return Err(DynamoError::invalid_parameter(format!("Duplicate index name: {n}")));
        }
        index_names.push(n.to_string());
        Ok(())
    };

    let mut local_indexes = Vec::new();
    if let Some(lsis) = req.objects("LocalSecondaryIndexes")? {
        if lsis.is_empty() {
            return Err(DynamoError::invalid_parameter("List of LocalSecondaryIndexes is empty"));
        }
        if key.range.is_none() {
            return Err(DynamoError::invalid_parameter(
                "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
            ));
        }
        for (i, lsi) in lsis.iter().enumerate() {
            let path = format!("localSecondaryIndexes.{}.member", i + 1);
            let index_name = lsi
                .str("IndexName")?
                .ok_or_else(|| DynamoError::missing(&format!("{path}.indexName")))?
                .to_string();
            validate_name(&index_name, &format!("{path}.indexName"))?;
            let elements = parse_key_elements(lsi, "KeySchema", &format!("{path}.keySchema"))?;
            let index_key = resolve_key_schema(&elements, &attributes, false)?;
            if index_key.range.is_none() {
                return Err(DynamoError::invalid_parameter(format!(
                    "Index KeySchema does not have a range key for index: {index_name}"
                )));
            }
            if index_key.hash.name != key.hash.name {
                return Err(DynamoError::invalid_parameter(format!(
                    "Index KeySchema does not have the same leading hash key as table KeySchema for index: {index_name}. index hash key: {}, table hash key: {}",
                    index_key.hash.name, key.hash.name
                )));
            }
            let projection = parse_projection(lsi, &path)?;
            check_unique(&index_name)?;
            local_indexes.push(IndexDef {
                name: index_name,
                kind: IndexKind::Local,
                key: index_key,
                projection,
                throughput: None,
                status: IndexStatus::Active,
            });
        }
        if local_indexes.len() > MAX_LOCAL_INDEXES {
            return Err(DynamoError::invalid_parameter(
                "Number of LocalSecondaryIndexes exceeds per-table limit of 5",
            ));
        }
    }

    let mut global_indexes = Vec::new();
    if let Some(gsis) = req.objects("GlobalSecondaryIndexes")? {
        if gsis.is_empty() {
            return Err(DynamoError::invalid_parameter("List of GlobalSecondaryIndexes is empty"));
        }
        for (i, gsi) in gsis.iter().enumerate() {
            let path = format!("globalSecondaryIndexes.{}.member", i + 1);
            let index = parse_global_index(gsi, &attributes, billing, IndexStatus::Active, &path)?;
            check_unique(&index.name)?;
            global_indexes.push(index);
        }
        if global_indexes.len() > MAX_GLOBAL_INDEXES {
            return Err(DynamoError::invalid_parameter(
                "GlobalSecondaryIndex count exceeds the per-table limit of 20",
            ));
        }
    }

    // Every definition must be used by the table or an index key.
    let mut used: Vec<&str> = key.names().collect();
    for index in local_indexes.iter().chain(&global_indexes) {
        used.extend(index.key.names());
    }
    if attributes.iter().any(|(n, _)| !used.contains(&n.as_str())) {
        if local_indexes.is_empty() && global_indexes.is_empty() {
            return Err(DynamoError::invalid_parameter(
                "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
            ));
        }
        used.dedup();
        let defs: Vec<&str> = attributes.iter().map(|(n, _)| n.as_str()).collect();
        return Err(DynamoError::invalid_parameter(format!(
            "Some AttributeDefinitions are not used. AttributeDefinitions: [{}], keys used: [{}]",
            defs.join(", "),
            used.join(", ")
        )));
    }

    let projected: usize = local_indexes
        .iter()
        .chain(&global_indexes)
        .map(|i| match &i.projection {
            Projection::Include(a) => a.len(),
            _ => 0,
        })
        .sum();
    if projected > 100 {
        return Err(DynamoError::LimitExceeded(
            "One or more parameter values were invalid: Number of projected attributes in all indexes exceeds limit of 100"
                .into(),
        ));
    }

    let stream = parse_stream(req)?;
    let table_class = parse_table_class(req)?.unwrap_or_else(|| "STANDARD".to_string());
    let tags = parse_tags(req)?;
    let deletion_protection = req.bool("DeletionProtectionEnabled")?.unwrap_or(false);
    let arn = format!("arn:aws:dynamodb:{}:{}:table/{name}", at.region, at.account);
    let stream_label = stream.as_ref().filter(|s| s.enabled).map(|_| stream_label(at.now));
    Ok(TableDef {
        name,
        arn,
        table_id: at.table_id,
        key,
        attributes,
        billing,
        throughput,
        local_indexes,
        global_indexes,
        stream,
        stream_label,
        table_class,
        deletion_protection,
        tags,
        ttl: None,
        created: at.now,
        billing_mode_changed: None,
    })
}
