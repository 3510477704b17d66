//! Time to Live expiry: [`Engine::expire_ttl`] deletes every item whose TTL
//! attribute is in the past, as DynamoDB's background TTL process does.
//!
//! Rules (Developer Guide, "Using time to live (TTL) in DynamoDB" and "How
//! TTL works"): only tables with TTL enabled; the attribute must be a
//! Number holding epoch seconds; an item expires when that time is earlier
//! than now; "Items with TTL values more than five years in the past are
//! not deleted" (five years taken as 5 x 365 days); other types are
//! ignored. Deleting an expired item consumes no write capacity, and
//! removes its index entries like any delete (the one write path,
//! `Table::plan_write`/`commit_write`, which also feeds the stream). Until `expire_ttl` runs, expired
//! items can still be read, as in DynamoDB, which deletes them "within a
//! few days". The caller decides when the background process runs (the
//! simulator on its virtual clock). Cost: one pass over every item of every
//! TTL-enabled table. Depends on `table`, `clock`, `value`.

use std::sync::Arc;

use crate::value::{AttributeValue, Item, Number};

use super::Engine;
use super::clock::Timestamp;
use super::table::{OldItem, Table};

/// Expiry times further in the past than this are ignored (five years).
pub const TTL_MAX_AGE_SECS: u64 = 5 * 365 * 24 * 60 * 60;

/// One item the TTL process deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpiredItem {
    pub table_name: Arc<str>,
    /// The item as it was when deleted.
    pub item: Arc<Item>,
}

/// Whether `value` (the item's TTL attribute) has expired at `now`.
pub fn is_expired(value: Option<&AttributeValue>, now: Timestamp) -> bool {
    let Some(AttributeValue::N(n)) = value else { return false };
    let now_secs = now.as_secs();
    let now_n = Number::from_i64(i64::try_from(now_secs).unwrap_or(i64::MAX));
    let oldest =
        Number::from_i64(i64::try_from(now_secs.saturating_sub(TTL_MAX_AGE_SECS)).unwrap_or(0));
    *n < now_n && *n >= oldest
}

fn expire_table(table: &mut Table, attribute: &str, now: Timestamp) -> Vec<ExpiredItem> {
    let keys: Vec<_> = table
        .store
        .iter()
        .filter(|(_, s)| is_expired(s.get_attribute(attribute).as_ref(), now))
        .map(|(k, _)| k.clone())
        .collect();
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let old = table.get(&key).map(OldItem::new);
        // A delete never fails index or collection checks.
        let Ok(plan) = table.plan_write(key, old.as_ref(), None) else { continue };
        if let Some(old) = table.commit_write(plan, None, now, true) {
            out.push(ExpiredItem { table_name: table.name.clone(), item: Arc::new(old.item()) });
        }
    }
    out
}

impl Engine {
    /// Runs the TTL process at `now`: deletes every expired item of every
    /// table with TTL enabled (free of capacity) and returns them, tables in
    /// name order, items in storage order.
    pub fn expire_ttl(&mut self, now: Timestamp) -> Vec<ExpiredItem> {
        let mut out = Vec::new();
        for table in self.tables.values_mut() {
            let Some(ttl) = table.def.ttl.as_ref().filter(|t| t.enabled) else { continue };
            let attribute = ttl.attribute.clone();
            out.extend(expire_table(table, &attribute, now));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::test_support::{START, engine, indexed_table, ok};
    use super::*;

    fn enable(e: &mut Engine, table: &str) {
        ok(
            e,
            "UpdateTimeToLive",
            json!({"TableName": table, "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "exp"}}),
        );
    }

    fn put(e: &mut Engine, sk: i64, exp: serde_json::Value) {
        ok(
            e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "p"}, "sk": {"N": sk.to_string()}, "g": {"S": "x"}, "exp": exp}}),
        );
    }

    fn count(e: &Engine) -> usize {
        e.table("Tbl").unwrap().store.len()
    }

    // "If the epoch time value stored in the attribute is less than the
    // current time, the item is marked as expired and subsequently deleted."
    #[test]
    fn items_past_their_ttl_are_deleted_others_kept() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        enable(&mut e, "Tbl");
        let now = START as i64;
        put(&mut e, 1, json!({"N": (now - 10).to_string()}));
        put(&mut e, 2, json!({"N": now.to_string()}));
        put(&mut e, 3, json!({"N": (now + 10).to_string()}));
        put(&mut e, 4, json!({"S": "yesterday"}));
        put(&mut e, 5, json!({"N": format!("{}.5", now - 1)}));
        let gone = e.expire_ttl(Timestamp::from_secs(START));
        let sks: Vec<String> =
            gone.iter().map(|g| g.item.get("sk").unwrap().as_n().unwrap().to_string()).collect();
        assert_eq!(sks, ["1", "5"]);
        assert_eq!(count(&e), 3);
        // Index entries go with the items (GSI byG had all five).
        assert_eq!(e.table("Tbl").unwrap().indexes["byG"].len(), 3);
        // Later, the others expire too.
        assert_eq!(e.expire_ttl(Timestamp::from_secs(START + 11)).len(), 2);
    }

    // "Items with TTL values more than five years in the past are not deleted".
    #[test]
    fn expiry_times_more_than_five_years_old_are_ignored() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        enable(&mut e, "Tbl");
        let now = START as i64;
        put(&mut e, 1, json!({"N": (now - TTL_MAX_AGE_SECS as i64 - 1).to_string()}));
        put(&mut e, 2, json!({"N": (now - TTL_MAX_AGE_SECS as i64).to_string()}));
        assert_eq!(e.expire_ttl(Timestamp::from_secs(START)).len(), 1);
        assert_eq!(count(&e), 1);
    }

    // Expired items "can still be read until deleted"; tables without TTL
    // enabled are untouched.
    #[test]
    fn nothing_happens_without_ttl_enabled_or_before_the_process_runs() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        put(&mut e, 1, json!({"N": (START - 100).to_string()}));
        assert!(e.expire_ttl(Timestamp::from_secs(START)).is_empty());
        enable(&mut e, "Tbl");
        let got = ok(
            &mut e,
            "GetItem",
            json!({"TableName": "Tbl", "Key": {"pk": {"S": "p"}, "sk": {"N": "1"}}}),
        );
        assert!(got.get("Item").is_some());
        assert_eq!(e.expire_ttl(Timestamp::from_secs(START)).len(), 1);
        assert_eq!(e.table("Tbl").unwrap().store.bytes(), 0);
        assert!(e.table("Tbl").unwrap().collections.is_empty());
    }

    // TTL deletions feed the stream with the service's user identity
    // (Developer Guide, "DynamoDB Streams and Time to Live").
    #[test]
    fn ttl_deletions_are_stream_records_from_the_service() {
        let mut e = engine();
        ok(
            &mut e,
            "CreateTable",
            json!({
                "TableName": "Tbl",
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                "BillingMode": "PAY_PER_REQUEST", "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "OLD_IMAGE"}
            }),
        );
        enable(&mut e, "Tbl");
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "p"}, "sk": {"N": "1"}, "exp": {"N": (START - 1).to_string()}}}),
        );
        assert_eq!(e.expire_ttl(Timestamp::from_secs(START)).len(), 1);
        let log = e.table("Tbl").unwrap().stream.as_ref().unwrap();
        let removed: Vec<_> = log.records_from(0, 10).filter(|r| r.by_ttl).collect();
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].event.name(), "REMOVE");
    }
}
