//! `ddbplan exec`: requests in, DynamoDB-shaped responses and errors out,
//! one line each; malformed lines are reported by number and the run goes on.

use crate::util::{run, run_with_stdin, temp_file};

const CREATE: &str = r#"{"op": "CreateTable", "request": {"TableName": "Music", "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}], "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}}"#;
const PUT: &str = r#"{"op": "PutItem", "request": {"TableName": "Music", "Item": {"Artist": {"S": "Acme"}, "Year": {"N": "02015.0"}}, "ReturnConsumedCapacity": "TOTAL"}}"#;
const GET: &str =
    r#"{"op": "GetItem", "request": {"TableName": "Music", "Key": {"Artist": {"S": "Acme"}}}}"#;

#[test]
fn exec_prints_one_response_per_request() {
    let file = temp_file("requests.jsonl", &[CREATE, PUT, GET].join("\n"));
    let (code, stdout, stderr) = run(&["exec", file.to_str().unwrap(), "--clock", "1700000000"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with(r#"{"TableDescription":{"#), "{}", lines[0]);
    assert!(lines[0].contains(r#""CreationDateTime":1700000000.0"#));
    assert_eq!(lines[1], r#"{"ConsumedCapacity":{"TableName":"Music","CapacityUnits":1.0}}"#);
    assert_eq!(lines[2], r#"{"Item":{"Artist":{"S":"Acme"},"Year":{"N":"2015"}}}"#);
}

#[test]
fn exec_reads_stdin_and_reports_errors_in_dynamodb_shape() {
    let input = [
        r#"{"op": "GetItem", "request": {"TableName": "Nope", "Key": {"Artist": {"S": "x"}}}}"#,
        r#"{"op": "ExecuteStatement", "request": {"Statement": "SELECT * FROM Nope"}}"#,
    ]
    .join("\n");
    let (code, stdout, _) = run_with_stdin(&["exec", "-"], &input);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#
    );
    assert!(
        lines[1].starts_with(r#"{"__type":"com.amazon.coral.service#UnknownOperationException""#),
        "{}",
        lines[1]
    );
}

// Query and Scan through exec (API Reference, Query/Scan response shapes).
#[test]
fn exec_runs_query_and_scan() {
    let query = r#"{"op": "Query", "request": {"TableName": "Music", "KeyConditionExpression": "Artist = :a", "ExpressionAttributeValues": {":a": {"S": "Acme"}}, "ReturnConsumedCapacity": "TOTAL"}}"#;
    let scan = r#"{"op": "Scan", "request": {"TableName": "Music", "Select": "COUNT"}}"#;
    let input = [CREATE, PUT, query, scan].join("\n");
    let (code, stdout, stderr) = run_with_stdin(&["exec", "-"], &input);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[2],
        r#"{"Items":[{"Artist":{"S":"Acme"},"Year":{"N":"2015"}}],"Count":1,"ScannedCount":1,"ConsumedCapacity":{"TableName":"Music","CapacityUnits":0.5}}"#
    );
    assert_eq!(lines[3], r#"{"Count":1,"ScannedCount":1}"#);
}

// Batches, transactions, streams and backups through exec, with --summary
// counting single-table batch capacity.
#[test]
fn exec_runs_batches_transactions_streams_and_backups() {
    let create = r#"{"op": "CreateTable", "request": {"TableName": "Music", "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}], "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST", "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"}}}"#;
    let batch = r#"{"op": "BatchWriteItem", "request": {"RequestItems": {"Music": [{"PutRequest": {"Item": {"Artist": {"S": "A"}}}}, {"PutRequest": {"Item": {"Artist": {"S": "B"}}}}]}}}"#;
    let get = r#"{"op": "BatchGetItem", "request": {"RequestItems": {"Music": {"Keys": [{"Artist": {"S": "A"}}]}}}}"#;
    let tx = r#"{"op": "TransactWriteItems", "request": {"TransactItems": [{"Delete": {"TableName": "Music", "Key": {"Artist": {"S": "B"}}, "ConditionExpression": "attribute_exists(Artist)"}}]}}"#;
    let streams = r#"{"op": "ListStreams", "request": {}}"#;
    let backup =
        r#"{"op": "CreateBackup", "request": {"TableName": "Music", "BackupName": "nightly"}}"#;
    let input = [create, batch, get, tx, streams, backup].join("\n");
    let (code, stdout, stderr) =
        run_with_stdin(&["exec", "-", "--summary", "--clock", "1700000000"], &input);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[1], r#"{"UnprocessedItems":{}}"#);
    assert_eq!(lines[2], r#"{"Responses":{"Music":[{"Artist":{"S":"A"}}]},"UnprocessedKeys":{}}"#);
    assert_eq!(lines[3], "{}");
    assert!(lines[4].contains(r#""StreamLabel":"2023-11-14T22:13:20.000""#), "{}", lines[4]);
    assert!(lines[5].contains(r#""BackupStatus":"AVAILABLE""#), "{}", lines[5]);
    assert!(stderr.contains("BatchWriteItem"), "{stderr}");
}

#[test]
fn exec_names_malformed_lines_goes_on_and_exits_2() {
    let input = [CREATE, "{oops", "", r#"{"op": "PutItem"}"#, PUT].join("\n");
    let (code, stdout, stderr) = run_with_stdin(&["exec", "-", "--summary"], &input);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines[1].contains(r#""message":"line 2: not a request"#), "{}", lines[1]);
    assert!(lines[2].contains(r#""message":"line 4: not a request"#), "{}", lines[2]);
    assert!(lines[3].contains("ConsumedCapacity"));
    assert!(stderr.contains("| Music | PutItem"), "{stderr}");
    assert!(stderr.contains("2 malformed line(s)"), "{stderr}");
}

#[test]
fn exec_missing_file_is_invalid_input() {
    let (code, _, stderr) = run(&["exec", "no/such/file.jsonl"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot open no/such/file.jsonl"), "{stderr}");
}

#[test]
fn without_clock_the_output_is_fixed_at_the_simulator_epoch() {
    let file = temp_file("requests.jsonl", &[CREATE, PUT, GET].join("\n"));
    let path = file.to_str().unwrap();
    let (code, first, stderr) = run(&["exec", path]);
    assert_eq!(code, 0, "{stderr}");
    assert!(first.contains(r#""CreationDateTime":1735689600.0"#), "2025-01-01T00:00:00Z: {first}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (_, second, _) = run(&["exec", path]);
    assert_eq!(first, second, "the same file gives the same bytes");
    let (code, now, stderr) = run(&["exec", path, "--clock", "now"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(now.contains(r#""CreationDateTime":"#), "{now}");
    assert!(
        !now.contains(r#""CreationDateTime":1735689600.0"#),
        "`now` is the system clock: {now}"
    );
}
