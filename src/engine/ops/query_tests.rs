//! Query's tests: sort key conditions, order, pagination, the 1 MB page,
//! filters, Select, projections, indexes (GSI, LSI, fetches) and DynamoDB's
//! error wording (API Reference, Query). Test-only.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::test_support::{composite_table, engine, err, indexed_table, ok};

/// Hash "pk" (S), range "sk" (S).
fn string_range_table(e: &mut Engine) {
    ok(
        e,
        "CreateTable",
        json!({
            "TableName": "Tbl",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
    for sk in ["a", "ab", "abc", "b", "ba", "c"] {
        ok(e, "PutItem", json!({"TableName": "Tbl", "Item": {"pk": {"S": "p"}, "sk": {"S": sk}}}));
    }
    ok(e, "PutItem", json!({"TableName": "Tbl", "Item": {"pk": {"S": "q"}, "sk": {"S": "a"}}}));
}

fn query(e: &mut Engine, extra: Value) -> Value {
    let mut body = json!({"TableName": "Tbl", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p"}}});
    merge(&mut body, extra);
    ok(e, "Query", body)
}

fn query_err(e: &mut Engine, extra: Value) -> String {
    let mut body = json!({"TableName": "Tbl", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p"}}});
    merge(&mut body, extra);
    err(e, "Query", body).message().to_string()
}

fn merge(body: &mut Value, extra: Value) {
    for (k, v) in extra.as_object().unwrap() {
        if k == "ExpressionAttributeValues" {
            for (n, x) in v.as_object().unwrap() {
                body[k][n] = x.clone();
            }
        } else {
            body[k] = v.clone();
        }
    }
}

fn sort_keys(out: &Value) -> Vec<String> {
    out["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let v = &i["sk"];
            v.get("S").or_else(|| v.get("N")).unwrap().as_str().unwrap().to_string()
        })
        .collect()
}

fn numbers(n: i64, pk: &str, e: &mut Engine, pad: usize) {
    for i in 0..n {
        ok(
            e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": pk}, "sk": {"N": i.to_string()}, "d": {"S": "x".repeat(pad)}}}),
        );
    }
}

// API Reference, Query, KeyConditionExpression: the sort key may use
// =, <, <=, >, >=, BETWEEN and begins_with; results come back in sort-key order.
#[test]
fn each_sort_key_comparison_selects_its_range() {
    let mut e = engine();
    string_range_table(&mut e);
    let cases: [(&str, Value, &[&str]); 8] = [
        ("pk = :p AND sk = :v", json!({":v": {"S": "ab"}}), &["ab"]),
        ("pk = :p AND sk < :v", json!({":v": {"S": "b"}}), &["a", "ab", "abc"]),
        ("pk = :p AND sk <= :v", json!({":v": {"S": "b"}}), &["a", "ab", "abc", "b"]),
        ("pk = :p AND sk > :v", json!({":v": {"S": "b"}}), &["ba", "c"]),
        ("pk = :p AND sk >= :v", json!({":v": {"S": "b"}}), &["b", "ba", "c"]),
        (
            "pk = :p AND sk BETWEEN :v AND :w",
            json!({":v": {"S": "ab"}, ":w": {"S": "b"}}),
            &["ab", "abc", "b"],
        ),
        ("pk = :p AND begins_with(sk, :v)", json!({":v": {"S": "ab"}}), &["ab", "abc"]),
        ("sk > :v AND pk = :p", json!({":v": {"S": "bz"}}), &["c"]),
    ];
    for (kc, values, want) in cases {
        let out = query(
            &mut e,
            json!({"KeyConditionExpression": kc, "ExpressionAttributeValues": values}),
        );
        assert_eq!(sort_keys(&out), want, "{kc}");
        assert_eq!(out["Count"], json!(want.len()), "{kc}");
    }
}

#[test]
fn only_the_named_partition_is_read() {
    let mut e = engine();
    string_range_table(&mut e);
    let out = query(&mut e, json!({"ExpressionAttributeValues": {":p": {"S": "q"}}}));
    assert_eq!(sort_keys(&out), ["a"]);
    let none = query(&mut e, json!({"ExpressionAttributeValues": {":p": {"S": "zz"}}}));
    assert_eq!(none, json!({"Items": [], "Count": 0, "ScannedCount": 0}));
}

// "Query results are always sorted by the sort key value ... numeric
// order" and ScanIndexForward=false reverses it (API Reference, Query).
#[test]
fn numbers_sort_numerically_and_scan_index_forward_false_reverses() {
    let mut e = engine();
    composite_table(&mut e, "Tbl");
    for n in ["10", "-5", "2", "100", "2.5"] {
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "p"}, "sk": {"N": n}}}),
        );
    }
    assert_eq!(sort_keys(&query(&mut e, json!({}))), ["-5", "2", "2.5", "10", "100"]);
    let back = query(&mut e, json!({"ScanIndexForward": false}));
    assert_eq!(sort_keys(&back), ["100", "10", "2.5", "2", "-5"]);
}

// Developer Guide, "Paginating table query results": LastEvaluatedKey
// marks where to resume; passing it as ExclusiveStartKey reads the next page.
#[test]
fn limit_pages_chain_through_every_item_both_directions() {
    for forward in [true, false] {
        let mut e = engine();
        composite_table(&mut e, "Tbl");
        numbers(7, "p", &mut e, 0);
        let mut seen = Vec::new();
        let mut start: Option<Value> = None;
        let mut pages = 0;
        loop {
            let mut extra = json!({"Limit": 3, "ScanIndexForward": forward});
            if let Some(s) = &start {
                extra["ExclusiveStartKey"] = s.clone();
            }
            let out = query(&mut e, extra);
            pages += 1;
            seen.extend(sort_keys(&out));
            match out.get("LastEvaluatedKey") {
                Some(k) => start = Some(k.clone()),
                None => break,
            }
        }
        let mut want: Vec<String> = (0..7).map(|i: i32| i.to_string()).collect();
        if !forward {
            want.reverse();
        }
        assert_eq!(seen, want);
        assert_eq!(pages, 3);
    }
}

// A page that stops at Limit carries LastEvaluatedKey even when nothing
// is left; the next page is then empty ("the result set might be empty
// even when LastEvaluatedKey is present", Developer Guide, pagination).
#[test]
fn limit_equal_to_the_item_count_still_returns_last_evaluated_key() {
    let mut e = engine();
    composite_table(&mut e, "Tbl");
    numbers(2, "p", &mut e, 0);
    let out = query(&mut e, json!({"Limit": 2}));
    assert_eq!(out["LastEvaluatedKey"], json!({"pk": {"S": "p"}, "sk": {"N": "1"}}));
    let next = query(&mut e, json!({"Limit": 2, "ExclusiveStartKey": out["LastEvaluatedKey"]}));
    assert_eq!(next, json!({"Items": [], "Count": 0, "ScannedCount": 0}));
    assert!(query(&mut e, json!({"Limit": 3})).get("LastEvaluatedKey").is_none());
}

// Developer Guide, "Filter expressions for Query": the filter applies
// after the items are read; "a Query consumes the same amount of read
// capacity, regardless of whether a filter expression is present";
// ScannedCount counts items before the filter, Count after.
#[test]
fn filter_reduces_count_not_scanned_count_or_capacity() {
    let mut e = engine();
    composite_table(&mut e, "Tbl");
    numbers(10, "p", &mut e, 490); // each item 2+1 + 2+2 + 1+490 ≈ 500 bytes
    let all = query(&mut e, json!({"ReturnConsumedCapacity": "TOTAL", "ConsistentRead": true}));
    let some = query(
        &mut e,
        json!({"FilterExpression": "size(d) > :z AND attribute_not_exists(nope)", "ExpressionAttributeValues": {":z": {"N": "1000"}},
               "ReturnConsumedCapacity": "TOTAL", "ConsistentRead": true}),
    );
    assert_eq!((some["Count"].clone(), some["ScannedCount"].clone()), (json!(0), json!(10)));
    assert_eq!(some["Items"], json!([]));
    assert_eq!(all["ConsumedCapacity"], some["ConsumedCapacity"]);
}

// Rule O2 (capacity::operations): sizes of all items read are summed and
// the page total rounded up to 4 KB once: 10 items of 500 bytes = 5,000
// bytes = 2 strongly consistent units, 1 eventually consistent.
#[test]
fn capacity_sums_item_sizes_then_rounds_once() {
    let mut e = engine();
    composite_table(&mut e, "Tbl");
    // Item: "pk"+"p" (3) + "sk"+N (2 + 2) + "d"+string (1 + n) = 500 with n = 492 (sk < 10).
    numbers(10, "p", &mut e, 492);
    let strong = query(&mut e, json!({"ReturnConsumedCapacity": "TOTAL", "ConsistentRead": true}));
    assert_eq!(strong["ConsumedCapacity"], json!({"TableName": "Tbl", "CapacityUnits": 2.0}));
    let eventual = query(&mut e, json!({"ReturnConsumedCapacity": "TOTAL"}));
    assert_eq!(eventual["ConsumedCapacity"]["CapacityUnits"], json!(1.0));
    // An empty result still costs the minimum 0.5 (rounded up to one block).
    let none = query(
        &mut e,
        json!({"ReturnConsumedCapacity": "TOTAL", "ExpressionAttributeValues": {":p": {"S": "none"}}}),
    );
    assert_eq!(none["ConsumedCapacity"]["CapacityUnits"], json!(0.5));
}

// API Reference, Query: "A single Query operation will read up to the
// maximum number of items set (if using the Limit parameter) or a maximum
// of 1 MB of data". Items of 100 KB: ten make 1,024,000 bytes, the
// eleventh reaches 1 MB, so a page holds 11 (our boundary reading).
#[test]
fn a_page_stops_once_1_mb_is_read() {
    let mut e = engine();
    composite_table(&mut e, "Tbl");
    // 2+1 + 2+2 + 1+n = 102,400 with n = 102,392 (sk < 10); 20 items.
    for i in 0..20 {
        let pad = if i < 10 { 102_392 } else { 102_391 };
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "p"}, "sk": {"N": i.to_string()}, "d": {"S": "x".repeat(pad)}}}),
        );
    }
    let page = query(
        &mut e,
        json!({"ReturnConsumedCapacity": "TOTAL", "ConsistentRead": true, "Select": "COUNT"}),
    );
    assert_eq!(page["ScannedCount"], json!(11));
    assert_eq!(page["LastEvaluatedKey"], json!({"pk": {"S": "p"}, "sk": {"N": "10"}}));
    // 11 x 102,400 = 1,126,400 bytes = 275 blocks of 4 KB.
    assert_eq!(page["ConsumedCapacity"]["CapacityUnits"], json!(275.0));
    let rest =
        query(&mut e, json!({"Select": "COUNT", "ExclusiveStartKey": page["LastEvaluatedKey"]}));
    assert_eq!(rest["ScannedCount"], json!(9));
    assert!(rest.get("LastEvaluatedKey").is_none());
}

// Select=COUNT: "Returns the number of matching items, rather than the
// matching items themselves" (API Reference, Query, Select).
#[test]
fn select_count_returns_counts_only() {
    let mut e = engine();
    string_range_table(&mut e);
    assert_eq!(query(&mut e, json!({"Select": "COUNT"})), json!({"Count": 6, "ScannedCount": 6}));
}

#[test]
fn projection_expression_returns_the_named_attributes() {
    let mut e = engine();
    composite_table(&mut e, "Tbl");
    numbers(2, "p", &mut e, 3);
    let out = query(&mut e, json!({"ProjectionExpression": "d"}));
    assert_eq!(out["Items"], json!([{"d": {"S": "xxx"}}, {"d": {"S": "xxx"}}]));
    let out = query(&mut e, json!({"ProjectionExpression": "d", "Select": "SPECIFIC_ATTRIBUTES"}));
    assert_eq!(out["Count"], json!(2));
}

// Select's rules (API Reference, Query, Select); wording as the live
// service returns it (recorded in DynamoDB emulators' conformance tests).
#[test]
fn select_conflicts_are_validation_errors() {
    let mut e = engine();
    string_range_table(&mut e);
    let cases = [
        (
            json!({"Select": "SPECIFIC_ATTRIBUTES"}),
            "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
        ),
        (
            json!({"Select": "ALL_ATTRIBUTES", "ProjectionExpression": "sk"}),
            "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
        ),
        (
            json!({"Select": "COUNT", "ProjectionExpression": "sk"}),
            "Cannot specify the ProjectionExpression when choosing to get only the Count",
        ),
        (
            json!({"Select": "ALL_PROJECTED_ATTRIBUTES"}),
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
        ),
        (
            json!({"Select": "SOME"}),
            "1 validation error detected: Value 'SOME' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
        ),
        (
            json!({"Limit": 0}),
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
        ),
    ];
    for (extra, message) in cases {
        assert_eq!(query_err(&mut e, extra), message);
    }
}

#[test]
fn key_condition_errors_use_dynamodb_wording() {
    let mut e = engine();
    string_range_table(&mut e);
    let cases = [
        (
            json!({"KeyConditionExpression": "sk = :p"}),
            "Query condition missed key schema element: pk",
        ),
        (
            json!({"ExpressionAttributeValues": {":p": {"N": "1"}}}),
            "One or more parameter values were invalid: Condition parameter type does not match schema type",
        ),
        (
            json!({"KeyConditionExpression": "pk = :p AND sk > :n", "ExpressionAttributeValues": {":n": {"N": "1"}}}),
            "One or more parameter values were invalid: Condition parameter type does not match schema type",
        ),
        (
            json!({"FilterExpression": "sk = :p"}),
            "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
        ),
        (
            json!({"KeyConditionExpression": "pk = :p AND sk BETWEEN :b AND :a", "ExpressionAttributeValues": {":a": {"S": "a"}, ":b": {"S": "b"}}}),
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}",
        ),
        (
            json!({"ExpressionAttributeValues": {":unused": {"S": "x"}}}),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
        ),
    ];
    for (extra, message) in cases {
        assert_eq!(query_err(&mut e, extra), message);
    }
    let x = err(&mut e, "Query", json!({"TableName": "Tbl"}));
    assert_eq!(
        x.message(),
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."
    );
}

#[test]
fn begins_with_on_a_number_sort_key_is_rejected() {
    let mut e = engine();
    composite_table(&mut e, "Tbl");
    let m = query_err(
        &mut e,
        json!({"KeyConditionExpression": "pk = :p AND begins_with(sk, :n)", "ExpressionAttributeValues": {":n": {"N": "1"}}}),
    );
    assert!(m.contains("operator or function: begins_with, operand type: N"), "{m}");
}

// ExclusiveStartKey must be a key of this table, in the queried partition
// (wording from dynalite's tests against the live service).
#[test]
fn exclusive_start_key_is_checked() {
    let mut e = engine();
    string_range_table(&mut e);
    assert_eq!(
        query_err(&mut e, json!({"ExclusiveStartKey": {"pk": {"S": "p"}}})),
        "The provided starting key is invalid: The provided key element does not match the schema"
    );
    assert_eq!(
        query_err(&mut e, json!({"ExclusiveStartKey": {"pk": {"S": "q"}, "sk": {"S": "a"}}})),
        "The provided starting key is outside query boundaries based on provided conditions"
    );
    // A start key that names no stored item still positions the page.
    let out = query(&mut e, json!({"ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"S": "abz"}}}));
    assert_eq!(sort_keys(&out), ["b", "ba", "c"]);
}

fn fill_indexed(e: &mut Engine) {
    indexed_table(e, "Tbl");
    for (sk, g, k, l) in [
        (1, Some("x"), Some("k1"), Some(30)),
        (2, Some("x"), None, Some(10)),
        (3, None, Some("k1"), None),
        (4, Some("y"), None, Some(20)),
    ] {
        let mut item = json!({"pk": {"S": "p"}, "sk": {"N": sk.to_string()}, "other": {"S": "o"}});
        if let Some(g) = g {
            item["g"] = json!({"S": g});
        }
        if let Some(k) = k {
            item["k"] = json!({"S": k});
        }
        if let Some(l) = l {
            item["l"] = json!({"N": l.to_string()});
        }
        ok(e, "PutItem", json!({"TableName": "Tbl", "Item": item}));
    }
}

// Developer Guide, "Querying a GSI": only items with the index key are in
// the index (sparse); results include the projected attributes; capacity
// is charged to the index and reported under GlobalSecondaryIndexes.
#[test]
fn gsi_query_reads_the_sparse_index_and_charges_it() {
    let mut e = engine();
    fill_indexed(&mut e);
    let out = ok(
        &mut e,
        "Query",
        json!({"TableName": "Tbl", "IndexName": "byG", "KeyConditionExpression": "g = :g",
        "ExpressionAttributeValues": {":g": {"S": "x"}}, "ReturnConsumedCapacity": "INDEXES"}),
    );
    assert_eq!(sort_keys(&out), ["1", "2"]);
    assert_eq!(
        out["ConsumedCapacity"],
        json!({"TableName": "Tbl", "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.0},
        "GlobalSecondaryIndexes": {"byG": {"CapacityUnits": 0.5}}})
    );
    // KEYS_ONLY: table key and index key only.
    let out = ok(
        &mut e,
        "Query",
        json!({"TableName": "Tbl", "IndexName": "byK", "KeyConditionExpression": "k = :k",
        "ExpressionAttributeValues": {":k": {"S": "k1"}}}),
    );
    assert_eq!(
        out["Items"],
        json!([
            {"k": {"S": "k1"}, "pk": {"S": "p"}, "sk": {"N": "1"}},
            {"k": {"S": "k1"}, "pk": {"S": "p"}, "sk": {"N": "3"}}
        ])
    );
}

#[test]
fn index_errors() {
    let mut e = engine();
    fill_indexed(&mut e);
    let q = |extra: Value| {
        let mut b = json!({"TableName": "Tbl", "IndexName": "byK", "KeyConditionExpression": "k = :k", "ExpressionAttributeValues": {":k": {"S": "k1"}}});
        merge(&mut b, extra);
        b
    };
    let m = |e: &mut Engine, b: Value| err(e, "Query", b).message().to_string();
    assert_eq!(
        m(&mut e, q(json!({"ConsistentRead": true}))),
        "Consistent reads are not supported on global secondary indexes"
    );
    assert_eq!(
        m(&mut e, q(json!({"IndexName": "nope"}))),
        "The table does not have the specified index: nope"
    );
    assert_eq!(
        m(&mut e, q(json!({"Select": "ALL_ATTRIBUTES"}))),
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byK because its projection type is not ALL"
    );
    assert_eq!(
        m(&mut e, q(json!({"ExclusiveStartKey": {"pk": {"S": "p"}, "sk": {"N": "1"}}}))),
        "The provided starting key is invalid"
    );
    assert_eq!(
        m(&mut e, q(json!({"KeyConditionExpression": "pk = :k"}))),
        "Query condition missed key schema element: k"
    );
}

// An index's LastEvaluatedKey holds the table key and the index key;
// entries with equal index keys are ordered by table key.
#[test]
fn gsi_pages_resume_from_last_evaluated_key() {
    let mut e = engine();
    fill_indexed(&mut e);
    let body = |start: Option<&Value>| {
        let mut b = json!({"TableName": "Tbl", "IndexName": "byG", "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": {":g": {"S": "x"}}, "Limit": 1});
        if let Some(s) = start {
            b["ExclusiveStartKey"] = s.clone();
        }
        b
    };
    let first = ok(&mut e, "Query", body(None));
    assert_eq!(
        first["LastEvaluatedKey"],
        json!({"g": {"S": "x"}, "pk": {"S": "p"}, "sk": {"N": "1"}})
    );
    let second = ok(&mut e, "Query", body(Some(&first["LastEvaluatedKey"])));
    assert_eq!(sort_keys(&second), ["2"]);
}

// LSI: sorted by the LSI sort key; eventually or strongly consistent;
// charged under LocalSecondaryIndexes.
#[test]
fn lsi_query_orders_by_the_index_sort_key() {
    let mut e = engine();
    fill_indexed(&mut e);
    let out = ok(
        &mut e,
        "Query",
        json!({"TableName": "Tbl", "IndexName": "byL", "KeyConditionExpression": "pk = :p AND l >= :l",
        "ExpressionAttributeValues": {":p": {"S": "p"}, ":l": {"N": "15"}}, "ConsistentRead": true, "ReturnConsumedCapacity": "INDEXES"}),
    );
    assert_eq!(sort_keys(&out), ["4", "1"]);
    assert_eq!(
        out["ConsumedCapacity"]["LocalSecondaryIndexes"],
        json!({"byL": {"CapacityUnits": 1.0}})
    );
}

// Rule O8: a Query on an LSI that asks for attributes the index does not
// project reads each base item too ("fetches"), charged per item.
#[test]
fn lsi_fetch_of_unprojected_attributes_is_charged_per_item() {
    let mut e = engine();
    ok(
        &mut e,
        "CreateTable",
        json!({
            "TableName": "Tbl",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}, {"AttributeName": "l", "AttributeType": "N"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST",
            "LocalSecondaryIndexes": [{"IndexName": "byLk", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}]
        }),
    );
    for i in 0..3 {
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "p"}, "sk": {"N": i.to_string()}, "l": {"N": i.to_string()}, "big": {"S": "x".repeat(5000)}}}),
        );
    }
    let q = |select: &str| {
        json!({"TableName": "Tbl", "IndexName": "byLk", "KeyConditionExpression": "pk = :p",
        "ExpressionAttributeValues": {":p": {"S": "p"}}, "Select": select, "ReturnConsumedCapacity": "INDEXES", "ConsistentRead": true})
    };
    let keys = ok(&mut e, "Query", q("ALL_PROJECTED_ATTRIBUTES"));
    assert!(keys["Items"][0].get("big").is_none());
    assert_eq!(keys["ConsumedCapacity"]["Table"], json!({"CapacityUnits": 0.0}));
    let all = ok(&mut e, "Query", q("ALL_ATTRIBUTES"));
    assert_eq!(all["Items"][0]["big"]["S"].as_str().unwrap().len(), 5000);
    // Each base item (about 5 KB) is 2 units strongly consistent: 3 x 2.
    assert_eq!(all["ConsumedCapacity"]["Table"], json!({"CapacityUnits": 6.0}));
    assert_eq!(
        all["ConsumedCapacity"]["LocalSecondaryIndexes"],
        json!({"byLk": {"CapacityUnits": 1.0}})
    );
}

#[test]
fn query_on_a_missing_table_is_resource_not_found() {
    let mut e = engine();
    let x = err(
        &mut e,
        "Query",
        json!({"TableName": "Nope", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p"}}}),
    );
    assert_eq!(x.name(), "ResourceNotFoundException");
}
