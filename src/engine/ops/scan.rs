//! Scan: every item of a table or index, in storage (hash) order, filtered
//! and projected one page at a time, optionally as one segment of a
//! parallel scan (API Reference, Scan; Developer Guide, "Parallel scan").
//!
//! Parallel scan: segment `s` of `T` covers the partition-hash buckets
//! `[s * 2^64 / T, (s + 1) * 2^64 / T)`: a fixed split of the key space, so
//! the segments are disjoint, cover every item and are reproducible. An
//! ExclusiveStartKey outside its segment is rejected as DynamoDB does
//! (wording from dynalite's `scan` action). Depends on `read_page`, `expr`,
//! `table`.

use serde_json::Value;

use super::super::Engine;
use super::super::error::DynamoError;
use super::super::expr::{Condition, compile_filter, compile_projection};
use super::super::request::Request;
use super::read_page::{
    Candidate, PagePlan, Position, ReadPage, ReadRequest, Select, Source, read_page,
};

/// Most segments a parallel scan may have (API Reference, Scan, `TotalSegments`).
pub const MAX_TOTAL_SEGMENTS: u32 = 1_000_000;

/// A Scan request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScanInput {
    pub read: ReadRequest,
    /// (Segment, TotalSegments) of a parallel scan.
    pub segment: Option<(u32, u32)>,
}

impl ScanInput {
    pub fn from_json(body: &Value) -> Result<ScanInput, DynamoError> {
        let req = Request::new(body)?;
        let read = ReadRequest::parse(&req, false)?;
        let segment = req.i64("Segment")?;
        let total = req.i64("TotalSegments")?;
        if let Some(t) = total
            && !(1..=i64::from(MAX_TOTAL_SEGMENTS)).contains(&t)
        {
            let constraint = if t < 1 {
                "Member must have value greater than or equal to 1"
            } else {
                "Member must have value less than or equal to 1000000"
            };
            return Err(DynamoError::constraint(&format!("'{t}'"), "totalSegments", constraint));
        }
        if let Some(s) = segment
            && !(0..i64::from(MAX_TOTAL_SEGMENTS)).contains(&s)
        {
            let constraint = if s < 0 {
                "Member must have value greater than or equal to 0"
            } else {
                "Member must have value less than or equal to 999999"
            };
            return Err(DynamoError::constraint(&format!("'{s}'"), "segment", constraint));
        }
        let segment = match (segment, total) {
            (None, None) => None,
            (Some(_), None) => {
                return Err(DynamoError::validation(
                    "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
                ));
            }
            (None, Some(_)) => {
                return Err(DynamoError::validation(
                    "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
                ));
            }
            (Some(s), Some(t)) if s >= t => {
                return Err(DynamoError::validation(format!(
                    "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {s} is not less than TotalSegments: {t}"
                )));
            }
            (Some(s), Some(t)) => Some((s as u32, t as u32)),
        };
        Ok(ScanInput { read, segment })
    }
}

/// The bucket range `[first, end)` of segment `s` of `t` (`end` None = to
/// the last bucket).
pub fn segment_buckets(s: u32, t: u32) -> (u64, Option<u64>) {
    let bound = |i: u32| ((u128::from(i) << 64) / u128::from(t)) as u64;
    (bound(s), if s + 1 == t { None } else { Some(bound(s + 1)) })
}

impl Engine {
    /// Scan through the typed API: one page.
    pub fn scan(&self, input: &ScanInput) -> Result<ReadPage, DynamoError> {
        let r = &input.read;
        let mut resolver = r.expression.resolver()?;
        let filter: Option<Condition> =
            r.filter_expression.as_deref().map(|t| compile_filter(t, &mut resolver)).transpose()?;
        let projection = r
            .projection_expression
            .as_deref()
            .map(|t| compile_projection(t, &mut resolver))
            .transpose()?;
        resolver.finish()?;
        let select =
            Select::parse(r.select.as_deref(), projection.is_some(), r.index_name.is_some())?;
        let table = self.table(&r.table_name)?;
        let source = Source::open(table, r.index_name.as_deref(), r.consistent_read)?;
        source.check_select(select)?;
        let start = r.exclusive_start_key.as_ref().map(|k| source.start_position(k)).transpose()?;
        let (first, end) = input.segment.map_or((0, None), |(s, t)| segment_buckets(s, t));
        if let (Some(pos), Some((s, t))) = (&start, input.segment) {
            let bucket = match pos {
                Position::Table(k) => k.bucket,
                Position::Index(k) => k.bucket,
            };
            if bucket < first || end.is_some_and(|e| bucket >= e) {
                return Err(DynamoError::validation(format!(
                    "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: {t} Segment: {s}"
                )));
            }
        }
        let candidates: Box<dyn Iterator<Item = Candidate<'_>>> = match source.index {
            None => {
                let start = match &start {
                    Some(Position::Table(k)) => Some(k),
                    _ => None,
                };
                Box::new(
                    table
                        .store
                        .scan_range(start, first, end)
                        .map(|(k, s)| source.table_candidate(k, s)),
                )
            }
            Some(index) => {
                let start = match &start {
                    Some(Position::Index(k)) => Some(k),
                    _ => None,
                };
                let store = table.indexes.get(&index.name).expect("every index has a store");
                Box::new(
                    store
                        .scan_range(start, first, end)
                        .filter_map(|(k, size)| source.index_candidate(k, size)),
                )
            }
        };
        let plan = PagePlan::new(select, projection, filter, r.limit, r.consistent_read);
        Ok(read_page(source, &plan, candidates))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::{Value, json};

    use super::super::super::test_support::{composite_table, engine, err, indexed_table, ok};
    use super::*;

    fn fill(e: &mut Engine, n: i64, pad: usize) {
        composite_table(e, "Tbl");
        for i in 0..n {
            ok(
                e,
                "PutItem",
                json!({"TableName": "Tbl", "Item": {"pk": {"S": format!("p{}", i % 13)}, "sk": {"N": i.to_string()}, "d": {"S": "x".repeat(pad)}}}),
            );
        }
    }

    fn scan(e: &mut Engine, extra: Value) -> Value {
        let mut body = json!({"TableName": "Tbl"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        ok(e, "Scan", body)
    }

    fn scan_err(e: &mut Engine, extra: Value) -> String {
        let mut body = json!({"TableName": "Tbl"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        err(e, "Scan", body).message().to_string()
    }

    fn sks(out: &Value) -> Vec<i64> {
        out["Items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["sk"]["N"].as_str().unwrap().parse().unwrap())
            .collect()
    }

    /// Every page of a scan (with `extra`), following LastEvaluatedKey.
    fn all_pages(e: &mut Engine, extra: Value) -> (Vec<i64>, usize) {
        let mut seen = Vec::new();
        let mut pages = 0;
        let mut start: Option<Value> = None;
        loop {
            let mut x = extra.clone();
            if let Some(s) = &start {
                x["ExclusiveStartKey"] = s.clone();
            }
            let out = scan(e, x);
            pages += 1;
            seen.extend(sks(&out));
            match out.get("LastEvaluatedKey") {
                Some(k) => start = Some(k.clone()),
                None => return (seen, pages),
            }
        }
    }

    // API Reference, Scan: "returns one or more items ... by accessing every
    // item in a table or a secondary index".
    #[test]
    fn a_scan_returns_every_item_once() {
        let mut e = engine();
        fill(&mut e, 50, 0);
        let out = scan(&mut e, json!({}));
        assert_eq!((out["Count"].clone(), out["ScannedCount"].clone()), (json!(50), json!(50)));
        let got: BTreeSet<i64> = sks(&out).into_iter().collect();
        assert_eq!(got, (0..50).collect());
        assert!(out.get("LastEvaluatedKey").is_none());
    }

    // Items of one partition come back together, in sort-key order (hash
    // order between partitions, sort order within).
    #[test]
    fn scan_order_keeps_partitions_together_in_sort_order() {
        let mut e = engine();
        fill(&mut e, 40, 0);
        let out = scan(&mut e, json!({}));
        let pks: Vec<String> = out["Items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["pk"]["S"].as_str().unwrap().to_string())
            .collect();
        let mut runs = pks.clone();
        runs.dedup();
        assert_eq!(runs.len(), 13, "each partition is one run");
        for w in out["Items"].as_array().unwrap().windows(2) {
            if w[0]["pk"] == w[1]["pk"] {
                let a: i64 = w[0]["sk"]["N"].as_str().unwrap().parse().unwrap();
                let b: i64 = w[1]["sk"]["N"].as_str().unwrap().parse().unwrap();
                assert!(a < b);
            }
        }
    }

    #[test]
    fn limit_pages_chain_through_the_table() {
        let mut e = engine();
        fill(&mut e, 23, 0);
        let (seen, pages) = all_pages(&mut e, json!({"Limit": 5}));
        assert_eq!(pages, 5);
        let set: BTreeSet<i64> = seen.iter().copied().collect();
        assert_eq!(set.len(), 23);
        assert_eq!(seen.len(), 23);
    }

    // Developer Guide, "Parallel scan": each worker scans its own segment;
    // together the segments cover the table exactly once.
    #[test]
    fn parallel_segments_are_disjoint_and_cover_the_table() {
        let mut e = engine();
        fill(&mut e, 60, 0);
        for total in [1, 2, 3, 7, 16, 100] {
            let mut all = Vec::new();
            for s in 0..total {
                let (seen, _) =
                    all_pages(&mut e, json!({"Segment": s, "TotalSegments": total, "Limit": 4}));
                all.extend(seen);
            }
            all.sort_unstable();
            assert_eq!(all, (0..60).collect::<Vec<_>>(), "TotalSegments {total}");
        }
    }

    #[test]
    fn segment_buckets_split_the_hash_space_evenly() {
        assert_eq!(segment_buckets(0, 1), (0, None));
        assert_eq!(segment_buckets(0, 2), (0, Some(1 << 63)));
        assert_eq!(segment_buckets(1, 2), (1 << 63, None));
        assert_eq!(segment_buckets(1, 4), (1 << 62, Some(1 << 63)));
    }

    // Wording from dynalite's scan validation (recorded against the live service).
    #[test]
    fn segment_parameters_are_validated() {
        let mut e = engine();
        fill(&mut e, 1, 0);
        let cases = [
            (
                json!({"Segment": 0}),
                "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
            ),
            (
                json!({"TotalSegments": 2}),
                "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
            ),
            (
                json!({"Segment": 2, "TotalSegments": 2}),
                "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2",
            ),
            (
                json!({"Segment": 0, "TotalSegments": 0}),
                "1 validation error detected: Value '0' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1",
            ),
            (
                json!({"Segment": 0, "TotalSegments": 1_000_001}),
                "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000",
            ),
            (
                json!({"Segment": -1, "TotalSegments": 2}),
                "1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0",
            ),
        ];
        for (extra, message) in cases {
            assert_eq!(scan_err(&mut e, extra), message);
        }
    }

    #[test]
    fn a_start_key_from_another_segment_is_rejected() {
        let mut e = engine();
        fill(&mut e, 30, 0);
        let first = scan(&mut e, json!({"Segment": 0, "TotalSegments": 2, "Limit": 1}));
        let key = first["LastEvaluatedKey"].clone();
        assert_eq!(
            scan_err(&mut e, json!({"Segment": 1, "TotalSegments": 2, "ExclusiveStartKey": key})),
            "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 1"
        );
    }

    // "A Scan operation ... reads up to the maximum number of items set (if
    // using the Limit parameter) or a maximum of 1 MB of data and then
    // applies any filtering" (API Reference, Scan); capacity per page is the
    // summed size rounded up to 4 KB.
    #[test]
    fn one_mb_pages_and_capacity_per_page() {
        let mut e = engine();
        // "pk"+"pN" (4-5) + "sk"+N (2+2..3) + "d"+pad ~ 50 KB items: 30 items, about 1.5 MB.
        fill(&mut e, 30, 50_000);
        let first = scan(&mut e, json!({"Select": "COUNT", "ReturnConsumedCapacity": "TOTAL"}));
        // 21 items of ~50,010 bytes reach 1,048,576 (20 make ~1,000,200).
        assert_eq!(first["ScannedCount"], json!(21));
        assert!(first.get("LastEvaluatedKey").is_some());
        let (seen, pages) = all_pages(&mut e, json!({}));
        assert_eq!((seen.len(), pages), (30, 2));
    }

    #[test]
    fn filter_and_capacity_follow_the_items_read() {
        let mut e = engine();
        fill(&mut e, 10, 488); // 10 items of 500 bytes or so
        let out = scan(
            &mut e,
            json!({"FilterExpression": "sk < :n", "ExpressionAttributeValues": {":n": {"N": "3"}},
            "ReturnConsumedCapacity": "TOTAL", "ConsistentRead": true}),
        );
        assert_eq!((out["Count"].clone(), out["ScannedCount"].clone()), (json!(3), json!(10)));
        // Sizes: "pk"+"pN" 4 + "sk"+N 4 + "d"+488 489 = 497 bytes each, 4,970 summed -> 2 units.
        assert_eq!(out["ConsumedCapacity"]["CapacityUnits"], json!(2.0));
    }

    // Scanning a GSI reads only the items that have its key (sparse index),
    // projected; ALL_PROJECTED_ATTRIBUTES is the default on an index.
    #[test]
    fn scanning_an_index_reads_its_entries() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        for (sk, k) in [(1, Some("a")), (2, None), (3, Some("b"))] {
            let mut item =
                json!({"pk": {"S": "p"}, "sk": {"N": sk.to_string()}, "o": {"S": "other"}});
            if let Some(k) = k {
                item["k"] = json!({"S": k});
            }
            ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": item}));
        }
        let out = scan(&mut e, json!({"IndexName": "byK", "ReturnConsumedCapacity": "INDEXES"}));
        let mut got = sks(&out);
        got.sort_unstable();
        assert_eq!(got, [1, 3]);
        assert!(out["Items"][0].get("o").is_none());
        assert_eq!(
            out["ConsumedCapacity"]["GlobalSecondaryIndexes"],
            json!({"byK": {"CapacityUnits": 0.5}})
        );
        let (seen, pages) = all_pages(&mut e, json!({"IndexName": "byK", "Limit": 1}));
        assert_eq!((seen.len(), pages), (2, 3));
        assert_eq!(
            scan_err(&mut e, json!({"IndexName": "byK", "ConsistentRead": true})),
            "Consistent reads are not supported on global secondary indexes"
        );
    }

    #[test]
    fn select_rules_match_query() {
        let mut e = engine();
        fill(&mut e, 2, 0);
        assert_eq!(
            scan(&mut e, json!({"Select": "COUNT"})),
            json!({"Count": 2, "ScannedCount": 2})
        );
        assert_eq!(
            scan_err(&mut e, json!({"Select": "ALL_PROJECTED_ATTRIBUTES"})),
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
        );
        assert_eq!(
            scan_err(&mut e, json!({"ExclusiveStartKey": {"pk": {"S": "p"}}})),
            "The provided starting key is invalid: The provided key element does not match the schema"
        );
    }

    #[test]
    fn scan_of_an_empty_table_costs_the_minimum() {
        let mut e = engine();
        composite_table(&mut e, "Tbl");
        assert_eq!(
            scan(&mut e, json!({"ReturnConsumedCapacity": "TOTAL"})),
            json!({"Items": [], "Count": 0, "ScannedCount": 0, "ConsumedCapacity": {"TableName": "Tbl", "CapacityUnits": 0.5}})
        );
    }

    #[test]
    fn legacy_scan_filter_names_the_expression_parameter() {
        let mut e = engine();
        fill(&mut e, 1, 0);
        assert_eq!(
            scan_err(&mut e, json!({"ScanFilter": {}})),
            "The legacy parameter ScanFilter is not supported by this engine; use FilterExpression"
        );
    }
}
