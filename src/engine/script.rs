//! Running a script of requests, one JSON object per line
//! (`{"op": "PutItem", "request": {...}}`), against an engine: the library
//! half of `ddbplan exec`. Each line yields the response JSON or the error
//! in DynamoDB's JSON error shape; a malformed line yields an error naming
//! its line number and the run goes on. A [`CapacityLedger`] adds up the
//! capacity each table and operation consumed.
//!
//! Besides DynamoDB operations, a script may run DynamoDB's background TTL
//! process, which has no API: `{"op": "ExpireTtl", "request": {"Now":
//! <epoch seconds>}}` (`Now` defaults to the engine's clock) deletes the
//! expired items (`Engine::expire_ttl`) and answers `{"Expired":
//! [{"TableName", "Keys"}]}`. Depends on `db`, `error`, `consumed`,
//! `capacity`, `ttl`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::capacity::CapacityUnits;

use super::Engine;
use super::consumed::{CapacityKind, Consumed};

/// The script-only operation that runs the TTL process.
pub const EXPIRE_TTL: &str = "ExpireTtl";

/// Totals for one (table, operation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerRow {
    pub requests: u64,
    pub errors: u64,
    pub read_units: CapacityUnits,
    pub write_units: CapacityUnits,
}

/// Consumed capacity per table and operation, in name order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CapacityLedger {
    pub rows: BTreeMap<(String, String), LedgerRow>,
}

impl CapacityLedger {
    fn record(&mut self, table: &str, op: &str, consumed: Option<&Consumed>, failed: bool) {
        let row = self.rows.entry((table.to_string(), op.to_string())).or_default();
        row.requests += 1;
        row.errors += u64::from(failed);
        if let Some(c) = consumed {
            match c.kind {
                CapacityKind::Read => row.read_units += c.total(),
                CapacityKind::Write => row.write_units += c.total(),
            }
        }
    }
}

/// One line's outcome.
#[derive(Debug, Clone, PartialEq)]
pub enum LineOutcome {
    /// The line was blank: nothing to print.
    Blank,
    /// The operation's response.
    Response(Value),
    /// The operation's DynamoDB error, as JSON.
    Error(Value),
    /// The line was not a request; the JSON error names the line.
    Malformed(Value),
}

impl LineOutcome {
    /// What to print for the line, if anything.
    pub fn json(&self) -> Option<&Value> {
        match self {
            LineOutcome::Blank => None,
            LineOutcome::Response(v) | LineOutcome::Error(v) | LineOutcome::Malformed(v) => Some(v),
        }
    }
}

/// Runs request lines against one engine and keeps the ledger.
#[derive(Debug)]
pub struct ScriptRunner {
    pub engine: Engine,
    pub ledger: CapacityLedger,
    pub malformed_lines: Vec<usize>,
}

fn malformed(line_no: usize, detail: &str) -> Value {
    json!({
        "__type": "com.amazon.coral.service#SerializationException",
        "message": format!("line {line_no}: not a request ({detail}); expected {{\"op\": \"<Operation>\", \"request\": {{...}}}}"),
    })
}

impl ScriptRunner {
    pub fn new(engine: Engine) -> ScriptRunner {
        ScriptRunner { engine, ledger: CapacityLedger::default(), malformed_lines: Vec::new() }
    }

    /// The TTL process at the request's `Now` (or the engine's clock).
    fn expire_ttl(&mut self, request: &Value) -> LineOutcome {
        let now = match request.get("Now") {
            None | Some(Value::Null) => self.engine.now(),
            Some(v) => match v.as_u64() {
                Some(secs) => super::Timestamp::from_secs(secs),
                None => {
                    return LineOutcome::Error(
                        super::DynamoError::Serialization(
                            "Unexpected value type for Now: expected epoch seconds".into(),
                        )
                        .to_json(),
                    );
                }
            },
        };
        let expired: Vec<Value> = self
            .engine
            .expire_ttl(now)
            .into_iter()
            .map(|x| {
                let table = self.engine.table(&x.table_name).ok();
                let keys = table.map_or_else(crate::value::Item::new, |t| {
                    t.def
                        .key
                        .names()
                        .filter_map(|n| x.item.get(n).map(|v| (n.to_string(), v.clone())))
                        .collect()
                });
                json!({"TableName": &*x.table_name, "Keys": crate::value::item_to_json(&keys)})
            })
            .collect();
        LineOutcome::Response(json!({"Expired": expired}))
    }

    /// Runs one line (`line_no` counts from 1).
    pub fn run_line(&mut self, line_no: usize, text: &str) -> LineOutcome {
        if text.trim().is_empty() {
            return LineOutcome::Blank;
        }
        let parsed: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                self.malformed_lines.push(line_no);
                return LineOutcome::Malformed(malformed(line_no, &e.to_string()));
            }
        };
        let (Some(op), Some(request)) =
            (parsed.get("op").and_then(Value::as_str), parsed.get("request"))
        else {
            self.malformed_lines.push(line_no);
            return LineOutcome::Malformed(malformed(
                line_no,
                "missing \"op\" string or \"request\" object",
            ));
        };
        if op == EXPIRE_TTL {
            return self.expire_ttl(request);
        }
        let table = request.get("TableName").and_then(Value::as_str).unwrap_or("-").to_string();
        let result = self.engine.call(op, request.clone());
        let consumed = self.engine.take_last_consumed();
        let table = consumed.as_ref().map_or(table, |c| c.table_name.to_string());
        self.ledger.record(&table, op, consumed.as_ref(), result.is_err());
        match result {
            Ok(v) => LineOutcome::Response(v),
            Err(e) => LineOutcome::Error(e.to_json()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::test_support::engine;

    fn run(lines: &[&str]) -> (Vec<LineOutcome>, ScriptRunner) {
        let mut r = ScriptRunner::new(engine());
        let out = lines.iter().enumerate().map(|(i, l)| r.run_line(i + 1, l)).collect();
        (out, r)
    }

    #[test]
    fn runs_requests_and_keeps_going_after_errors_and_bad_lines() {
        let (out, r) = run(&[
            r#"{"op": "CreateTable", "request": {"TableName": "Tbl", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}}"#,
            "",
            "this is not json",
            r#"{"op": "PutItem", "request": {"TableName": "Tbl", "Item": {"pk": {"S": "a"}}}}"#,
            r#"{"op": "PutItem", "request": {"TableName": "Tbl", "Item": {"pk": {"S": "a"}}, "ConditionExpression": "attribute_not_exists(pk)"}}"#,
            r#"{"op": "GetItem", "request": {"TableName": "Tbl", "Key": {"pk": {"S": "a"}}}}"#,
            r#"{"request": {}}"#,
        ]);
        assert_eq!(out[1], LineOutcome::Blank);
        assert!(
            matches!(&out[2], LineOutcome::Malformed(v) if v["message"].as_str().unwrap().starts_with("line 3: "))
        );
        assert_eq!(out[3], LineOutcome::Response(json!({})));
        assert!(
            matches!(&out[4], LineOutcome::Error(v) if v["__type"] == "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException")
        );
        assert_eq!(out[5], LineOutcome::Response(json!({"Item": {"pk": {"S": "a"}}})));
        assert_eq!(r.malformed_lines, vec![3, 7]);
        let put = &r.ledger.rows[&("Tbl".to_string(), "PutItem".to_string())];
        assert_eq!((put.requests, put.errors, put.write_units), (2, 1, CapacityUnits::whole(2)));
        let get = &r.ledger.rows[&("Tbl".to_string(), "GetItem".to_string())];
        assert_eq!(get.read_units, CapacityUnits::from_halves(1));
    }

    // The TTL process from a script: expired items are deleted and listed.
    #[test]
    fn expire_ttl_lines_run_the_ttl_process() {
        let (outcomes, _) = run(&[
            r#"{"op": "CreateTable", "request": {"TableName": "Tbl", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}}"#,
            r#"{"op": "UpdateTimeToLive", "request": {"TableName": "Tbl", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "exp"}}}"#,
            r#"{"op": "PutItem", "request": {"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "exp": {"N": "1704067100"}}}}"#,
            r#"{"op": "PutItem", "request": {"TableName": "Tbl", "Item": {"pk": {"S": "b"}, "exp": {"N": "1704067300"}}}}"#,
            r#"{"op": "ExpireTtl", "request": {}}"#,
            r#"{"op": "ExpireTtl", "request": {"Now": 1704067400}}"#,
            r#"{"op": "ExpireTtl", "request": {"Now": "soon"}}"#,
        ]);
        assert_eq!(
            outcomes[4].json(),
            Some(&json!({"Expired": [{"TableName": "Tbl", "Keys": {"pk": {"S": "a"}}}]}))
        );
        assert_eq!(
            outcomes[5].json(),
            Some(&json!({"Expired": [{"TableName": "Tbl", "Keys": {"pk": {"S": "b"}}}]}))
        );
        assert!(matches!(outcomes[6], LineOutcome::Error(_)));
    }
}
