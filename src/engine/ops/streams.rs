//! The DynamoDB Streams read API: ListStreams, DescribeStream,
//! GetShardIterator and GetRecords (API Reference, "Amazon DynamoDB
//! Streams"), over each table's `StreamLog`.
//!
//! Shapes: a stream's ARN is the table ARN + `/stream/<label>`; each stream
//! has one shard, `shardId-00000000000000000000-00000001`; a shard
//! iterator is an opaque string naming the stream and the next sequence
//! number to read. Iterator types: TRIM_HORIZON (oldest record kept),
//! LATEST (after the newest), AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER.
//! GetRecords returns up to Limit (1-1000, default 1000) records and
//! NextShardIterator. Records older than 24 hours (engine clock) are gone.
//! Depends on `table::stream_log`, `request`.

use serde_json::{Map, Value, json};

use super::super::Engine;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::super::table::Table;
use super::super::table::stream_log::{StreamLog, sequence_text};

/// The one shard of every stream.
pub const SHARD_ID: &str = "shardId-00000000000000000000-00000001";
/// Most records one GetRecords returns.
pub const MAX_GET_RECORDS: i64 = 1000;

fn stream_arn(table: &Table, log: &StreamLog) -> String {
    format!("{}/stream/{}", table.def.arn, log.label)
}

fn not_found(arn: &str) -> DynamoError {
    DynamoError::ResourceNotFound(format!("Requested resource not found: Stream: {arn} not found"))
}

impl Engine {
    /// The table and stream an ARN names.
    fn stream_by_arn(&self, arn: &str) -> Result<(&Table, &StreamLog), DynamoError> {
        self.tables
            .values()
            .find_map(|t| t.stream.as_ref().filter(|l| stream_arn(t, l) == arn).map(|l| (t, l)))
            .ok_or_else(|| not_found(arn))
    }

    /// ListStreams: TableName (optional), Limit, ExclusiveStartStreamArn.
    pub fn list_streams(&self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let table = req.str("TableName")?;
        let limit = req.i64("Limit")?.unwrap_or(100).clamp(1, 100) as usize;
        let after = req.str("ExclusiveStartStreamArn")?;
        let mut all: Vec<(String, &Table, &StreamLog)> = self
            .tables
            .values()
            .filter(|t| table.is_none_or(|n| super::super::db::table_name_of(n) == t.def.name))
            .filter_map(|t| t.stream.as_ref().map(|l| (stream_arn(t, l), t, l)))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let start =
            after.map_or(0, |a| all.iter().position(|x| x.0.as_str() > a).unwrap_or(all.len()));
        let page: Vec<_> = all.iter().skip(start).take(limit).collect();
        let streams: Vec<Value> = page
            .iter()
            .map(|(arn, t, l)| json!({"StreamArn": arn, "TableName": t.def.name, "StreamLabel": l.label}))
            .collect();
        let mut out = Map::new();
        out.insert("Streams".into(), Value::Array(streams));
        if start + limit < all.len()
            && let Some(last) = page.last()
        {
            out.insert("LastEvaluatedStreamArn".into(), json!(last.0));
        }
        Ok(Value::Object(out))
    }

    /// DescribeStream: StreamArn.
    pub fn describe_stream(&self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let arn = req.required_str("StreamArn")?;
        let (table, log) = self.stream_by_arn(arn)?;
        let enabled = table.def.stream.as_ref().is_some_and(|s| s.enabled)
            && table.def.stream_label.as_deref() == Some(log.label.as_str());
        let key_schema: Vec<Value> =
            std::iter::once(json!({"AttributeName": table.def.key.hash.name, "KeyType": "HASH"}))
                .chain(
                    table
                        .def
                        .key
                        .range
                        .as_ref()
                        .map(|r| json!({"AttributeName": r.name, "KeyType": "RANGE"})),
                )
                .collect();
        Ok(json!({"StreamDescription": {
            "StreamArn": arn,
            "StreamLabel": log.label,
            "StreamStatus": if enabled { "ENABLED" } else { "DISABLED" },
            "StreamViewType": log.view_type,
            "CreationRequestDateTime": log.created.as_epoch_seconds_f64(),
            "TableName": table.def.name,
            "KeySchema": key_schema,
            "Shards": [{"ShardId": SHARD_ID, "SequenceNumberRange": {"StartingSequenceNumber": sequence_text(log.first_sequence())}}]
        }}))
    }

    /// GetShardIterator: StreamArn, ShardId, ShardIteratorType, SequenceNumber.
    pub fn get_shard_iterator(&self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let arn = req.required_str("StreamArn")?;
        let shard = req.required_str("ShardId")?;
        let kind = req.required_str("ShardIteratorType")?;
        let (_, log) = self.stream_by_arn(arn)?;
        if shard != SHARD_ID {
            return Err(DynamoError::ResourceNotFound(format!(
                "Requested resource not found: Shard does not exist: {shard}"
            )));
        }
        let sequence = || -> Result<u64, DynamoError> {
            let text = req.str("SequenceNumber")?.ok_or_else(|| {
                DynamoError::validation(format!(
                    "SequenceNumber is required for ShardIteratorType {kind}"
                ))
            })?;
            text.parse::<u64>()
                .map_err(|_| DynamoError::validation(format!("Invalid SequenceNumber: {text}")))
        };
        let position = match kind {
            "TRIM_HORIZON" => log.first_sequence(),
            "LATEST" => log.next_sequence(),
            "AT_SEQUENCE_NUMBER" => sequence()?,
            "AFTER_SEQUENCE_NUMBER" => sequence()? + 1,
            other => {
                return Err(DynamoError::constraint(
                    &format!("'{other}'"),
                    "shardIteratorType",
                    "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]",
                ));
            }
        };
        Ok(json!({"ShardIterator": format!("{arn}|{position}")}))
    }

    /// GetRecords: ShardIterator, Limit.
    pub fn get_records(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let iterator = req.required_str("ShardIterator")?;
        let limit = req.i64("Limit")?.unwrap_or(MAX_GET_RECORDS);
        if !(1..=MAX_GET_RECORDS).contains(&limit) {
            return Err(DynamoError::constraint(
                &format!("'{limit}'"),
                "limit",
                "Member must have value between 1 and 1000",
            ));
        }
        let invalid = || DynamoError::validation("Invalid ShardIterator");
        let (arn, position) = iterator.rsplit_once('|').ok_or_else(invalid)?;
        let position: u64 = position.parse().map_err(|_| invalid())?;
        let now = self.now();
        let region = self.region.clone();
        // Trim first, so records past 24 hours are never returned.
        for t in self.tables.values_mut() {
            if let Some(l) = t.stream.as_mut() {
                l.trim(now);
            }
        }
        let (_, log) = self.stream_by_arn(arn)?;
        let records: Vec<_> = log.records_from(position, limit as usize).collect();
        let next = records.last().map_or(position.max(log.first_sequence()), |r| r.sequence + 1);
        let list: Vec<Value> = records.iter().map(|r| r.to_json(&log.view_type, &region)).collect();
        Ok(json!({"Records": list, "NextShardIterator": format!("{arn}|{next}")}))
    }
}
