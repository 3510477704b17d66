//! Request members that CreateTable and UpdateTable share, each parsed and
//! checked with DynamoDB's messages: table and index names, KeySchema,
//! ProvisionedThroughput, Projection, a GSI definition, BillingMode,
//! StreamSpecification, TableClass and Tags; and the stream label format.
//!
//! Rules (API Reference, CreateTable/UpdateTable; Developer Guide,
//! "Service quotas"; messages as recorded by mhart/dynalite
//! `validations/createTable.js`): names are 3-255 characters of
//! `[a-zA-Z0-9_.-]`; 1-2 key elements, HASH first then RANGE, both defined
//! in AttributeDefinitions; throughput 1..=10^12; PROVISIONED needs
//! throughput and PAY_PER_REQUEST forbids it (tables and GSIs alike);
//! NonKeyAttributes only with INCLUDE; at most 50 tags. Depends on
//! `schema`, `definition`, `request`, `error`, `clock`.

use super::super::clock::Timestamp;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::definition::{BillingMode, IndexDef, IndexKind, IndexStatus, StreamSpec, Throughput};
use super::schema::{KeyAttribute, KeySchema, Projection, ScalarType};

/// Largest provisioned value DynamoDB accepts for a throughput member.
const MAX_THROUGHPUT: i64 = 1_000_000_000_000;

/// Checks a table or index name: 3-255 characters of `[a-zA-Z0-9_.-]`.
/// `member` is the member's path in messages (`tableName`,
/// `globalSecondaryIndexes.1.member.indexName`); a table name of the wrong
/// length has its own message.
pub fn validate_name(name: &str, member: &str) -> Result<(), DynamoError> {
    if member == "tableName" && !(3..=255).contains(&name.len()) {
        return Err(DynamoError::validation(
            "TableName must be at least 3 characters long and at most 255 characters long",
        ));
    }
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
/// `path` names the list in messages (`keySchema`,
/// `localSecondaryIndexes.1.member.keySchema`); elements are numbered from 1.
pub fn parse_key_elements(
    req: &Request<'_>,
    member: &str,
    path: &str,
) -> Result<Vec<(String, String)>, DynamoError> {
    let elements = req.objects(member)?.ok_or_else(|| DynamoError::missing(path))?;
    if elements.is_empty() || elements.len() > 2 {
        let bound = if elements.is_empty() {
            "greater than or equal to 1"
        } else {
            "less than or equal to 2"
        };
        return Err(DynamoError::constraint(
            "'[]'",
            path,
            &format!("Member must have length {bound}"),
        ));
    }
    elements
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let element = format!("{path}.{}.member", i + 1);
            let name = e
                .str("AttributeName")?
                .ok_or_else(|| DynamoError::missing(&format!("{element}.attributeName")))?
                .to_string();
            let key_type = e
                .str("KeyType")?
                .ok_or_else(|| DynamoError::missing(&format!("{element}.keyType")))?
                .to_string();
            if key_type != "HASH" && key_type != "RANGE" {
                return Err(DynamoError::constraint(
                    &format!("'{key_type}'"),
                    &format!("{element}.keyType"),
                    "Member must satisfy enum value set: [HASH, RANGE]",
                ));
            }
            Ok((name, key_type))
        })
        .collect()
}

/// Resolves key elements against the attribute definitions. A table's
/// two-element key schema with an undefined attribute has DynamoDB's
/// shorter message ("Some index key attribute have no definition").
pub fn resolve_key_schema(
    elements: &[(String, String)],
    attributes: &[(String, ScalarType)],
    table_level: bool,
) -> Result<KeySchema, DynamoError> {
    let defined = |n: &str| attributes.iter().find(|(a, _)| a == n).map(|(_, t)| *t);
    let names: Vec<&str> = elements.iter().map(|(n, _)| n.as_str()).collect();
    let undefined = names.iter().any(|n| defined(n).is_none());
    if table_level
        && names.len() == 2
        && (undefined || (names[0] == names[1] && attributes.len() == 1))
    {
        return Err(DynamoError::validation(
            "Invalid KeySchema: Some index key attribute have no definition",
        ));
    }
    if undefined {
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
/// `path` names the member in messages (`provisionedThroughput`,
/// `globalSecondaryIndexes.1.member.provisionedThroughput`).
pub fn parse_throughput(req: &Request<'_>, path: &str) -> Result<Throughput, DynamoError> {
    let mut read_write = [0u64; 2];
    for (slot, field) in read_write.iter_mut().zip(["ReadCapacityUnits", "WriteCapacityUnits"]) {
        let field_path = format!("{path}.{}", super::super::request::camel(field));
        let v = req.i64(field)?.ok_or_else(|| DynamoError::missing(&field_path))?;
        if v < 1 {
            return Err(DynamoError::constraint(
                &format!("'{v}'"),
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

/// An index's Projection member; `path` names the index in messages
/// (`localSecondaryIndexes.1.member`).
pub fn parse_projection(req: &Request<'_>, path: &str) -> Result<Projection, DynamoError> {
    let p = req
        .object("Projection")?
        .ok_or_else(|| DynamoError::missing(&format!("{path}.projection")))?;
    let non_key = p.strings("NonKeyAttributes")?;
    let kind = p.str("ProjectionType")?;
    let known = matches!(kind, None | Some("ALL" | "KEYS_ONLY" | "INCLUDE"));
    if known && non_key.as_ref().is_some_and(Vec::is_empty) {
        return Err(DynamoError::constraint(
            "'[]'",
            &format!("{path}.projection.nonKeyAttributes"),
            "Member must have length greater than or equal to 1",
        ));
    }
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
            &format!("{path}.projection.projectionType"),
            "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]",
        )),
    }
}

/// One GSI definition (CreateTable's or UpdateTable's Create action);
/// `path` names it in messages (`globalSecondaryIndexes.1.member`).
pub fn parse_global_index(
    req: &Request<'_>,
    attributes: &[(String, ScalarType)],
    billing: BillingMode,
    status: IndexStatus,
    path: &str,
) -> Result<IndexDef, DynamoError> {
    let name = req
        .str("IndexName")?
        .ok_or_else(|| DynamoError::missing(&format!("{path}.indexName")))?
        .to_string();
    validate_name(&name, &format!("{path}.indexName"))?;
    let elements = parse_key_elements(req, "KeySchema", &format!("{path}.keySchema"))?;
    let key = resolve_key_schema(&elements, attributes, false)?;
    let projection = parse_projection(req, path)?;
    let throughput = match (billing, req.object("ProvisionedThroughput")?) {
        (BillingMode::Provisioned, Some(t)) => {
            Some(parse_throughput(&t, &format!("{path}.provisionedThroughput"))?)
        }
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
            Ok((billing, Some(parse_throughput(&t, "provisionedThroughput")?)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_3_to_255_safe_characters() {
        assert!(validate_name("abc", "tableName").is_ok());
        assert!(validate_name("a.b-c_D9", "tableName").is_ok());
        assert!(
            validate_name("ab", "indexName")
                .unwrap_err()
                .message()
                .contains("greater than or equal to 3")
        );
        assert!(
            validate_name("a/b", "indexName").unwrap_err().message().contains("at 'indexName'")
        );
        assert_eq!(
            validate_name("a;", "tableName").unwrap_err().message(),
            "TableName must be at least 3 characters long and at most 255 characters long"
        );
    }

    // LatestStreamLabel is an ISO 8601 timestamp.
    #[test]
    fn stream_labels_are_iso_8601_utc() {
        assert_eq!(stream_label(Timestamp(0)), "1970-01-01T00:00:00.000");
        assert_eq!(stream_label(Timestamp(951_782_400_123)), "2000-02-29T00:00:00.123");
        assert_eq!(stream_label(Timestamp(1_704_067_199_999)), "2023-12-31T23:59:59.999");
    }

    #[test]
    fn stream_specification_needs_a_view_type_when_enabled() {
        let body = json!({"StreamSpecification": {"StreamEnabled": true}});
        let e = parse_stream(&Request::new(&body).unwrap()).unwrap_err();
        assert!(e.message().contains("StreamViewType is required"), "{e}");
        let body = json!({"StreamSpecification": {"StreamEnabled": false}});
        assert_eq!(
            parse_stream(&Request::new(&body).unwrap()).unwrap().map(|s| s.enabled),
            Some(false)
        );
    }

    #[test]
    fn throughput_bounds() {
        let body = json!({"ReadCapacityUnits": 1_000_000_000_001i64, "WriteCapacityUnits": 1});
        let e =
            parse_throughput(&Request::new(&body).unwrap(), "provisionedThroughput").unwrap_err();
        assert_eq!(e.message(), "Given value 1000000000001 for ReadCapacityUnits is out of bounds");
        let body = json!({"ReadCapacityUnits": 1});
        let e =
            parse_throughput(&Request::new(&body).unwrap(), "provisionedThroughput").unwrap_err();
        assert!(e.message().contains("'provisionedThroughput.writeCapacityUnits'"), "{e}");
    }
}
