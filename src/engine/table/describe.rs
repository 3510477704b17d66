//! The TableDescription JSON that CreateTable, DescribeTable, UpdateTable
//! and DeleteTable return (API Reference, "TableDescription"), built from a
//! live [`Table`]: definition, status, ItemCount, TableSizeBytes, index
//! descriptions with their own counts and sizes, and ARNs.
//!
//! ItemCount and sizes are exact here; DynamoDB refreshes them about every
//! six hours. Depends on `state`, `definition`, `schema`.

use serde_json::{Map, Value, json};

use super::definition::{BillingMode, IndexDef, IndexKind, TableDef, TableStatus, Throughput};
use super::schema::{KeySchema, Projection};
use super::state::Table;

/// The KeySchema list.
pub fn key_schema_json(key: &KeySchema) -> Value {
    let mut out = vec![json!({"AttributeName": key.hash.name, "KeyType": "HASH"})];
    if let Some(r) = &key.range {
        out.push(json!({"AttributeName": r.name, "KeyType": "RANGE"}));
    }
    Value::Array(out)
}

fn projection_json(p: &Projection) -> Value {
    match p {
        Projection::Include(names) => {
            json!({"ProjectionType": "INCLUDE", "NonKeyAttributes": names})
        }
        other => json!({"ProjectionType": other.type_name()}),
    }
}

fn throughput_json(t: Option<&Throughput>) -> Value {
    let Some(t) = t else {
        return json!({"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0});
    };
    let mut out = Map::new();
    if let Some(at) = t.last_increase {
        out.insert("LastIncreaseDateTime".into(), json!(at.as_epoch_seconds_f64()));
    }
    if let Some(at) = t.last_decrease {
        out.insert("LastDecreaseDateTime".into(), json!(at.as_epoch_seconds_f64()));
    }
    out.insert("NumberOfDecreasesToday".into(), json!(t.decreases_today));
    out.insert("ReadCapacityUnits".into(), json!(t.read));
    out.insert("WriteCapacityUnits".into(), json!(t.write));
    Value::Object(out)
}

fn index_json(table: &Table, index: &IndexDef) -> Value {
    let store = table.indexes.get(&index.name);
    let mut out = Map::new();
    out.insert("IndexName".into(), json!(index.name));
    out.insert("KeySchema".into(), key_schema_json(&index.key));
    out.insert("Projection".into(), projection_json(&index.projection));
    if index.kind == IndexKind::Global {
        out.insert("IndexStatus".into(), json!(index.status.name()));
        if index.status == super::definition::IndexStatus::Creating {
            out.insert("Backfilling".into(), json!(true));
        }
        out.insert("ProvisionedThroughput".into(), throughput_json(index.throughput.as_ref()));
    }
    out.insert("IndexSizeBytes".into(), json!(store.map_or(0, |s| s.bytes())));
    out.insert("ItemCount".into(), json!(store.map_or(0, |s| s.len())));
    out.insert("IndexArn".into(), json!(format!("{}/index/{}", table.def.arn, index.name)));
    Value::Object(out)
}

/// The TableDescription of `table`, reporting `status`.
pub fn table_description(table: &Table, status: TableStatus) -> Value {
    let def: &TableDef = &table.def;
    let mut out = Map::new();
    let attrs: Vec<Value> = def
        .attributes
        .iter()
        .map(|(n, t)| json!({"AttributeName": n, "AttributeType": t.tag()}))
        .collect();
    out.insert("AttributeDefinitions".into(), Value::Array(attrs));
    out.insert("TableName".into(), json!(def.name));
    out.insert("KeySchema".into(), key_schema_json(&def.key));
    out.insert("TableStatus".into(), json!(status.name()));
    out.insert("CreationDateTime".into(), json!(def.created.as_epoch_seconds_f64()));
    out.insert("ProvisionedThroughput".into(), throughput_json(def.throughput.as_ref()));
    out.insert("TableSizeBytes".into(), json!(table.store.bytes()));
    out.insert("ItemCount".into(), json!(table.store.len()));
    out.insert("TableArn".into(), json!(def.arn));
    out.insert("TableId".into(), json!(def.table_id));
    if def.billing == BillingMode::PayPerRequest || def.billing_mode_changed.is_some() {
        let mut summary = Map::new();
        summary.insert("BillingMode".into(), json!(def.billing.name()));
        if let Some(at) = def.billing_mode_changed {
            summary.insert(
                "LastUpdateToPayPerRequestDateTime".into(),
                json!(at.as_epoch_seconds_f64()),
            );
        }
        out.insert("BillingModeSummary".into(), Value::Object(summary));
    }
    if !def.local_indexes.is_empty() {
        let lsis: Vec<Value> = def.local_indexes.iter().map(|i| index_json(table, i)).collect();
        out.insert("LocalSecondaryIndexes".into(), Value::Array(lsis));
    }
    if !def.global_indexes.is_empty() {
        let gsis: Vec<Value> = def.global_indexes.iter().map(|i| index_json(table, i)).collect();
        out.insert("GlobalSecondaryIndexes".into(), Value::Array(gsis));
    }
    if let Some(stream) = &def.stream {
        let mut spec = Map::new();
        spec.insert("StreamEnabled".into(), json!(stream.enabled));
        if let Some(v) = &stream.view_type {
            spec.insert("StreamViewType".into(), json!(v));
        }
        out.insert("StreamSpecification".into(), Value::Object(spec));
    }
    if let Some(label) = &def.stream_label {
        out.insert("LatestStreamLabel".into(), json!(label));
        out.insert("LatestStreamArn".into(), json!(format!("{}/stream/{label}", def.arn)));
    }
    out.insert("TableClassSummary".into(), json!({"TableClass": def.table_class}));
    out.insert("DeletionProtectionEnabled".into(), json!(def.deletion_protection));
    Value::Object(out)
}
