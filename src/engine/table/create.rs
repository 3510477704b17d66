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
//! LSIs and 20 GSIs; index names unique. The parsers for key schemas,
//! projections and throughput are shared with UpdateTable. Depends on
//! `schema`, `definition`, `request`, `error`.

use super::super::clock::Timestamp;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::definition::{
    BillingMode, IndexDef, IndexKind, IndexStatus, StreamSpec, TableDef, Throughput,
};
use super::schema::{KeyAttribute, KeySchema, Projection, ScalarType};

/// Most LSIs per table.
pub const MAX_LOCAL_INDEXES: usize = 5;
/// Most GSIs per table (default quota).
pub const MAX_GLOBAL_INDEXES: usize = 20;
/// Largest provisioned value DynamoDB accepts for a throughput member.
const MAX_THROUGHPUT: i64 = 1_000_000_000_000;

/// Where the new table lives and when, for its ARN and timestamps.
#[derive(Debug, Clone)]
pub struct TablePlacement<'a> {
    pub region: &'a str,
    pub account: &'a str,
    pub now: Timestamp,
    pub table_id: String,
}

/// Checks a table or index name: 3-255 characters of `[a-zA-Z0-9_.-]`.
pub fn validate_name(name: &str, member: &str) -> Result<(), DynamoError> {
    if name.len() < 3 {
        return Err(DynamoError::constraint(
            &format!("'{name}'"),
            member,
            "Member must have length greater than or equal to 3",
        ));
    }
    if name.len() > 255 {
        return Err(DynamoError::constraint(
            &format!("'{name}'"),
            member,
            "Member must have length less than or equal to 255",
        ));
    }
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b)) {
        return Err(DynamoError::constraint(
            &format!("'{name}'"),
            member,
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        ));
    }
    Ok(())
}

/// A KeySchema list as written: (name, KeyType) pairs, checked for shape.
pub fn parse_key_elements(
    req: &Request<'_>,
    member: &str,
) -> Result<Vec<(String, String)>, DynamoError> {
    let path = super::super::request::camel(member);
    let elements = req.objects(member)?.ok_or_else(|| DynamoError::missing(&path))?;
    if elements.is_empty() || elements.len() > 2 {
        let bound = if elements.is_empty() {
            "greater than or equal to 1"
        } else {
            "less than or equal to 2"
        };
        return Err(DynamoError::constraint(
            "[]",
            &path,
            &format!("Member must have length {bound}"),
        ));
    }
    elements
        .iter()
        .map(|e| {
            let name = e.required_str("AttributeName")?.to_string();
            let key_type = e.required_str("KeyType")?.to_string();
            if key_type != "HASH" && key_type != "RANGE" {
                return Err(DynamoError::constraint(
                    &format!("'{key_type}'"),
                    &format!("{path}.member.keyType"),
                    "Member must satisfy enum value set: [HASH, RANGE]",
                ));
            }
            Ok((name, key_type))
        })
        .collect()
}

/// Resolves key elements against the attribute definitions.
pub fn resolve_key_schema(
    elements: &[(String, String)],
    attributes: &[(String, ScalarType)],
) -> Result<KeySchema, DynamoError> {
    let defined = |n: &str| attributes.iter().find(|(a, _)| a == n).map(|(_, t)| *t);
    let names: Vec<&str> = elements.iter().map(|(n, _)| n.as_str()).collect();
    if names.iter().any(|n| defined(n).is_none()) {
        let defs: Vec<&str> = attributes.iter().map(|(n, _)| n.as_str()).collect();
        return Err(DynamoError::invalid_parameter(format!(
            "Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
            names.join(", "),
            defs.join(", ")
        )));
    }
    if names.len() == 2 && names[0] == names[1] {
        return Err(DynamoError::validation(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name",
        ));
    }
    if elements[0].1 != "HASH" {
        return Err(DynamoError::validation(
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        ));
    }
    if elements.get(1).is_some_and(|(_, t)| t != "RANGE") {
        return Err(DynamoError::validation(
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
        ));
    }
    let attr =
        |n: &str| KeyAttribute { name: n.to_string(), scalar: defined(n).expect("checked above") };
    Ok(KeySchema { hash: attr(names[0]), range: names.get(1).map(|n| attr(n)) })
}

/// ProvisionedThroughput: both members required and in 1..=10^12.
pub fn parse_throughput(req: &Request<'_>, member: &str) -> Result<Throughput, DynamoError> {
    let path = super::super::request::camel(member);
    let mut read_write = [0u64; 2];
    for (slot, field) in read_write.iter_mut().zip(["ReadCapacityUnits", "WriteCapacityUnits"]) {
        let field_path = format!("{path}.{}", super::super::request::camel(field));
        let v = req.i64(field)?.ok_or_else(|| DynamoError::missing(&field_path))?;
        if v < 1 {
            return Err(DynamoError::constraint(
                &v.to_string(),
                &field_path,
                "Member must have value greater than or equal to 1",
            ));
        }
        if v > MAX_THROUGHPUT {
            return Err(DynamoError::validation(format!(
                "Given value {v} for {field} is out of bounds"
            )));
        }
        *slot = v as u64;
    }
    Ok(Throughput { read: read_write[0], write: read_write[1], ..Throughput::default() })
}

/// A Projection member.
pub fn parse_projection(req: &Request<'_>) -> Result<Projection, DynamoError> {
    let p = req.object("Projection")?.ok_or_else(|| DynamoError::missing("projection"))?;
    let non_key = p.strings("NonKeyAttributes")?;
    let kind = p.str("ProjectionType")?;
    match (kind, non_key) {
        (None, _) => Err(DynamoError::invalid_parameter("Unknown ProjectionType: null")),
        (Some("INCLUDE"), attrs) => Ok(Projection::Include(
            attrs.unwrap_or_default().into_iter().map(str::to_string).collect(),
        )),
        (Some(other @ ("ALL" | "KEYS_ONLY")), Some(_)) => Err(DynamoError::invalid_parameter(
            format!("ProjectionType is {other}, but NonKeyAttributes is specified"),
        )),
        (Some("ALL"), None) => Ok(Projection::All),
        (Some("KEYS_ONLY"), None) => Ok(Projection::KeysOnly),
        (Some(other), _) => Err(DynamoError::constraint(
            &format!("'{other}'"),
            "projection.projectionType",
            "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]",
        )),
    }
}

/// One GSI definition (CreateTable's or UpdateTable's Create action).
pub fn parse_global_index(
    req: &Request<'_>,
    attributes: &[(String, ScalarType)],
    billing: BillingMode,
    status: IndexStatus,
) -> Result<IndexDef, DynamoError> {
    let name = req.required_str("IndexName")?.to_string();
    validate_name(&name, "indexName")?;
    let key = resolve_key_schema(&parse_key_elements(req, "KeySchema")?, attributes)?;
    let projection = parse_projection(req)?;
    let throughput = match (billing, req.object("ProvisionedThroughput")?) {
        (BillingMode::Provisioned, Some(t)) => Some(parse_throughput(&t, "ProvisionedThroughput")?),
        (BillingMode::Provisioned, None) => {
            return Err(DynamoError::invalid_parameter(format!(
                "ProvisionedThroughput must be specified for index: {name}"
            )));
        }
        (BillingMode::PayPerRequest, Some(_)) => {
            return Err(DynamoError::invalid_parameter(format!(
                "ProvisionedThroughput should not be specified for index: {name} when BillingMode is PAY_PER_REQUEST"
            )));
        }
        (BillingMode::PayPerRequest, None) => None,
    };
    Ok(IndexDef { name, kind: IndexKind::Global, key, projection, throughput, status })
}

/// The table's BillingMode and ProvisionedThroughput, checked together.
pub fn parse_billing(req: &Request<'_>) -> Result<(BillingMode, Option<Throughput>), DynamoError> {
    let billing = match req.str("BillingMode")? {
        None | Some("PROVISIONED") => BillingMode::Provisioned,
        Some("PAY_PER_REQUEST") => BillingMode::PayPerRequest,
        Some(other) => {
            return Err(DynamoError::constraint(
                &format!("'{other}'"),
                "billingMode",
                "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
            ));
        }
    };
    let throughput = req.object("ProvisionedThroughput")?;
    match (billing, throughput) {
        (BillingMode::Provisioned, None) => Err(DynamoError::invalid_parameter(
            "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
        )),
        (BillingMode::Provisioned, Some(t)) => {
            Ok((billing, Some(parse_throughput(&t, "ProvisionedThroughput")?)))
        }
        (BillingMode::PayPerRequest, Some(_)) => Err(DynamoError::invalid_parameter(
            "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
        )),
        (BillingMode::PayPerRequest, None) => Ok((billing, None)),
    }
}

/// A StreamSpecification member.
pub fn parse_stream(req: &Request<'_>) -> Result<Option<StreamSpec>, DynamoError> {
    let Some(s) = req.object("StreamSpecification")? else { return Ok(None) };
    let enabled = s
        .bool("StreamEnabled")?
        .ok_or_else(|| DynamoError::missing("streamSpecification.streamEnabled"))?;
    let view_type = s.str("StreamViewType")?.map(str::to_string);
    if let Some(v) = &view_type
        && !["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"].contains(&v.as_str())
    {
        return Err(DynamoError::constraint(
            &format!("'{v}'"),
            "streamSpecification.streamViewType",
            "Member must satisfy enum value set: [NEW_IMAGE, KEYS_ONLY, OLD_IMAGE, NEW_AND_OLD_IMAGES]",
        ));
    }
    if enabled && view_type.is_none() {
        return Err(DynamoError::validation(
            "One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true",
        ));
    }
    Ok(Some(StreamSpec { enabled, view_type }))
}

/// A TableClass member.
pub fn parse_table_class(req: &Request<'_>) -> Result<Option<String>, DynamoError> {
    match req.str("TableClass")? {
        None => Ok(None),
        Some(c @ ("STANDARD" | "STANDARD_INFREQUENT_ACCESS")) => Ok(Some(c.to_string())),
        Some(other) => Err(DynamoError::constraint(
            &format!("'{other}'"),
            "tableClass",
            "Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]",
        )),
    }
}

/// A Tags list: 1-128 character keys, 0-256 character values, at most 50.
pub fn parse_tags(req: &Request<'_>) -> Result<Vec<(String, String)>, DynamoError> {
    let Some(tags) = req.objects("Tags")? else { return Ok(Vec::new()) };
    if tags.len() > 50 {
        return Err(DynamoError::LimitExceeded(
            "The number of tags exceeds the limit of 50".into(),
        ));
    }
    tags.iter()
        .map(|t| {
            let key = t.required_str("Key")?;
            let value = t.required_str("Value")?;
            if key.is_empty() || key.chars().count() > 128 {
                return Err(DynamoError::invalid_parameter("Invalid TagKey length"));
            }
            if value.chars().count() > 256 {
                return Err(DynamoError::invalid_parameter("Invalid TagValue length"));
            }
            Ok((key.to_string(), value.to_string()))
        })
        .collect()
}

fn parse_attributes(req: &Request<'_>) -> Result<Vec<(String, ScalarType)>, DynamoError> {
    let defs = req
        .objects("AttributeDefinitions")?
        .ok_or_else(|| DynamoError::missing("attributeDefinitions"))?;
    let mut out: Vec<(String, ScalarType)> = Vec::new();
    for d in defs {
        let name = d.required_str("AttributeName")?;
        let t = d.required_str("AttributeType")?;
        let scalar = ScalarType::parse(t).ok_or_else(|| {
            DynamoError::constraint(
                &format!("'{t}'"),
                "attributeDefinitions.member.attributeType",
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
    let key = resolve_key_schema(&parse_key_elements(req, "KeySchema")?, &attributes)?;
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
        for lsi in &lsis {
            let index_name = lsi.required_str("IndexName")?.to_string();
            validate_name(&index_name, "indexName")?;
            let index_key =
                resolve_key_schema(&parse_key_elements(lsi, "KeySchema")?, &attributes)?;
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
            let projection = parse_projection(lsi)?;
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
        for gsi in &gsis {
            let index = parse_global_index(gsi, &attributes, billing, IndexStatus::Active)?;
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

/// A stream label: the ISO 8601 time the stream was enabled, as
/// LatestStreamLabel shows it (e.g. `2024-01-02T03:04:05.678`).
pub fn stream_label(t: Timestamp) -> String {
    let secs = t.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        t.0 % 1000
    )
}
