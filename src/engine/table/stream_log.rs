//! [`StreamLog`]: one table's DynamoDB stream — the change records its
//! writes produce, in order, kept for 24 hours on the engine's clock.
//!
//! Rules (Developer Guide, "Change data capture for DynamoDB Streams"):
//! every write that changes an item produces one record — INSERT (a new
//! item), MODIFY (an item replaced or updated), REMOVE (an item deleted) —
//! and a write that changes nothing produces none; the record holds the
//! item's key attributes and, per StreamViewType, the new image
//! (NEW_IMAGE), the old image (OLD_IMAGE), both (NEW_AND_OLD_IMAGES) or
//! neither (KEYS_ONLY); "All data in DynamoDB Streams is subject to a 24
//! hour lifetime"; records of TTL deletions carry the user identity
//! `{"type": "Service", "principalId": "dynamodb.amazonaws.com"}`.
//! Sequence numbers are increasing 21-digit strings. One shard per stream
//! (DynamoDB splits shards as it sees fit; readers must not rely on a
//! count). Depends on `value`, `clock`, `capacity::item_size`.

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::capacity::item_size::item_size;
use crate::value::{Item, item_to_json};

use super::super::clock::Timestamp;

/// How long a record is kept: 24 hours.
pub const STREAM_RETENTION_SECS: u64 = 24 * 60 * 60;

/// What a record says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventName {
    Insert,
    Modify,
    Remove,
}

impl EventName {
    pub fn name(self) -> &'static str {
        match self {
            EventName::Insert => "INSERT",
            EventName::Modify => "MODIFY",
            EventName::Remove => "REMOVE",
        }
    }
}

/// One stream record.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamRecord {
    pub sequence: u64,
    pub at: Timestamp,
    pub event: EventName,
    pub keys: Item,
    pub old: Option<Arc<Item>>,
    pub new: Option<Arc<Item>>,
    /// Deleted by the TTL process.
    pub by_ttl: bool,
}

/// A table's stream.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamLog {
    pub label: String,
    pub view_type: String,
    pub created: Timestamp,
    records: VecDeque<StreamRecord>,
    next_sequence: u64,
}

/// The text form of a sequence number.
pub fn sequence_text(n: u64) -> String {
    format!("{n:021}")
}

impl StreamLog {
    pub fn new(label: String, view_type: String, created: Timestamp) -> StreamLog {
        StreamLog { label, view_type, created, records: VecDeque::new(), next_sequence: 1 }
    }

    /// Drops records older than 24 hours at `now`.
    pub fn trim(&mut self, now: Timestamp) {
        let horizon = now.as_secs().saturating_sub(STREAM_RETENTION_SECS);
        while self.records.front().is_some_and(|r| r.at.as_secs() < horizon) {
            self.records.pop_front();
        }
    }

    /// Records one change; nothing if the item did not change.
    pub fn record(
        &mut self,
        now: Timestamp,
        keys: Item,
        old: Option<Arc<Item>>,
        new: Option<Arc<Item>>,
        by_ttl: bool,
    ) {
        let event = match (&old, &new) {
            (None, None) => return,
            (Some(o), Some(n)) if o == n => return,
            (None, Some(_)) => EventName::Insert,
            (Some(_), Some(_)) => EventName::Modify,
            (Some(_), None) => EventName::Remove,
        };
        self.trim(now);
        let sequence = self.next_sequence;
        self.next_sequence += 1;
        self.records.push_back(StreamRecord { sequence, at: now, event, keys, old, new, by_ttl });
    }

    /// The first retained sequence number (TRIM_HORIZON), or the next one.
    pub fn first_sequence(&self) -> u64 {
        self.records.front().map_or(self.next_sequence, |r| r.sequence)
    }

    /// The sequence number the next record will get (LATEST).
    pub fn next_sequence(&self) -> u64 {
        self.next_sequence
    }

    /// Up to `limit` records from sequence `from` on.
    pub fn records_from(&self, from: u64, limit: usize) -> impl Iterator<Item = &StreamRecord> {
        self.records.iter().filter(move |r| r.sequence >= from).take(limit)
    }
}

impl StreamRecord {
    /// The record in the Streams API's shape.
    pub fn to_json(&self, view_type: &str, region: &str) -> Value {
        let mut dynamodb = Map::new();
        dynamodb.insert("ApproximateCreationDateTime".into(), json!(self.at.as_secs()));
        dynamodb.insert("Keys".into(), item_to_json(&self.keys));
        let mut size = item_size(&self.keys);
        if matches!(view_type, "NEW_IMAGE" | "NEW_AND_OLD_IMAGES")
            && let Some(n) = &self.new
        {
            dynamodb.insert("NewImage".into(), item_to_json(n));
            size += item_size(n);
        }
        if matches!(view_type, "OLD_IMAGE" | "NEW_AND_OLD_IMAGES")
            && let Some(o) = &self.old
        {
            dynamodb.insert("OldImage".into(), item_to_json(o));
            size += item_size(o);
        }
        dynamodb.insert("SequenceNumber".into(), json!(sequence_text(self.sequence)));
        dynamodb.insert("SizeBytes".into(), json!(size));
        dynamodb.insert("StreamViewType".into(), json!(view_type));
        let mut out = Map::new();
        out.insert("eventID".into(), json!(format!("{:032x}", self.sequence)));
        out.insert("eventName".into(), json!(self.event.name()));
        out.insert("eventVersion".into(), json!("1.1"));
        out.insert("eventSource".into(), json!("aws:dynamodb"));
        out.insert("awsRegion".into(), json!(region));
        out.insert("dynamodb".into(), Value::Object(dynamodb));
        if self.by_ttl {
            out.insert(
                "userIdentity".into(),
                json!({"type": "Service", "principalId": "dynamodb.amazonaws.com"}),
            );
        }
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::value::AttributeValue;

    fn item(v: i64) -> Arc<Item> {
        Arc::new(
            [("pk", AttributeValue::s("a")), ("v", AttributeValue::n(v))].into_iter().collect(),
        )
    }

    fn keys() -> Item {
        [("pk", AttributeValue::s("a"))].into_iter().collect()
    }

    fn log() -> StreamLog {
        StreamLog::new("L".into(), "NEW_AND_OLD_IMAGES".into(), Timestamp::from_secs(100))
    }

    // "DynamoDB Streams writes a stream record ... whenever an item is
    // added, updated or deleted"; an unchanged item produces none.
    #[test]
    fn insert_modify_remove_and_nothing_for_no_change() {
        let mut l = log();
        let t = Timestamp::from_secs(100);
        l.record(t, keys(), None, Some(item(1)), false);
        l.record(t, keys(), Some(item(1)), Some(item(1)), false);
        l.record(t, keys(), Some(item(1)), Some(item(2)), false);
        l.record(t, keys(), Some(item(2)), None, false);
        l.record(t, keys(), None, None, false);
        let events: Vec<&str> = l.records_from(0, 10).map(|r| r.event.name()).collect();
        assert_eq!(events, ["INSERT", "MODIFY", "REMOVE"]);
        let seqs: Vec<u64> = l.records_from(0, 10).map(|r| r.sequence).collect();
        assert_eq!(seqs, [1, 2, 3]);
        assert_eq!(l.records_from(2, 1).count(), 1);
        assert_eq!(l.next_sequence(), 4);
    }

    // StreamViewType: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES
    // (API Reference, StreamSpecification).
    #[test]
    fn each_view_type_carries_its_images() {
        let r = StreamRecord {
            sequence: 7,
            at: Timestamp::from_secs(5),
            event: EventName::Modify,
            keys: keys(),
            old: Some(item(1)),
            new: Some(item(2)),
            by_ttl: false,
        };
        let members = |view: &str| {
            let j = r.to_json(view, "eu-west-1");
            let d = j["dynamodb"].as_object().unwrap();
            (d.contains_key("NewImage"), d.contains_key("OldImage"), d["SizeBytes"].clone())
        };
        // Keys "pk"+"a" = 3 bytes; each image 3 + "v"+1 (3) = 6.
        assert_eq!(members("KEYS_ONLY"), (false, false, json!(3)));
        assert_eq!(members("NEW_IMAGE"), (true, false, json!(9)));
        assert_eq!(members("OLD_IMAGE"), (false, true, json!(9)));
        assert_eq!(members("NEW_AND_OLD_IMAGES"), (true, true, json!(15)));
        let j = r.to_json("KEYS_ONLY", "eu-west-1");
        assert_eq!(j["awsRegion"], json!("eu-west-1"));
        assert_eq!(j["dynamodb"]["SequenceNumber"], json!("000000000000000000007"));
        assert!(j.get("userIdentity").is_none());
    }

    // TTL deletions: "userIdentity": {"type": "Service", "principalId":
    // "dynamodb.amazonaws.com"} (Developer Guide, "DynamoDB Streams and Time to Live").
    #[test]
    fn ttl_deletions_carry_the_service_identity() {
        let mut l = log();
        l.record(Timestamp::from_secs(100), keys(), Some(item(1)), None, true);
        let r = l.records_from(0, 1).next().unwrap().to_json("OLD_IMAGE", "us-east-1");
        assert_eq!(
            r["userIdentity"],
            json!({"type": "Service", "principalId": "dynamodb.amazonaws.com"})
        );
        assert_eq!(r["eventName"], json!("REMOVE"));
    }

    // "All data in DynamoDB Streams is subject to a 24 hour lifetime."
    #[test]
    fn records_older_than_24_hours_are_trimmed() {
        let mut l = log();
        l.record(Timestamp::from_secs(100), keys(), None, Some(item(1)), false);
        l.record(Timestamp::from_secs(200), keys(), Some(item(1)), Some(item(2)), false);
        l.trim(Timestamp::from_secs(100 + STREAM_RETENTION_SECS));
        assert_eq!(l.first_sequence(), 1);
        l.trim(Timestamp::from_secs(101 + STREAM_RETENTION_SECS));
        assert_eq!(l.first_sequence(), 2);
        l.trim(Timestamp::from_secs(300 + STREAM_RETENTION_SECS));
        assert_eq!(l.first_sequence(), 3);
        assert_eq!(l.records_from(0, 10).count(), 0);
    }
}
