//! `ddbplan estimate` end to end.

use crate::util::run;

#[test]
fn estimate_runs_a_bundled_scenario() {
    let (code, out, err) = run(&["estimate", "scenarios/ecommerce-orders.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Recommendation:"), "{out}");
}

use crate::util::temp_file;

/// A minimal valid workload; tests break one thing at a time.
const GOOD: &str = "version: 1
tables:
  - name: Users
    partition_key: { name: UserID, type: S }
    sort_key: { name: Created, type: N }
    item_count: 1M
    item_size: 2KB
    operations:
      - { op: GetItem, rate: 100/s }
      - { op: PutItem, rate: 10/s }
";

/// Runs estimate on `yaml` and returns (exit code, stderr).
fn estimate_err(yaml: &str) -> (i32, String) {
    let path = temp_file("workload.yaml", yaml);
    let (code, _, err) = run(&["estimate", path.to_str().unwrap()]);
    (code, err)
}

fn assert_invalid(yaml: &str, line: usize, expected: &[&str]) {
    let (code, err) = estimate_err(yaml);
    assert_eq!(code, 2, "exit code for invalid input; stderr: {err}");
    assert!(err.contains(&format!("workload.yaml:{line}:")), "expected line {line} in: {err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in: {err}");
    }
}

#[test]
fn the_minimal_workload_is_valid() {
    let path = temp_file("workload.yaml", GOOD);
    let (code, out, err) = run(&["estimate", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Table Users"));
}

#[test]
fn bad_yaml_syntax_is_located() {
    assert_invalid("version: 1\ntables:\n  - name: \"Users\n    item_count: 5\n", 3, &["error:"]);
}

#[test]
fn unknown_field_names_the_field_and_suggests() {
    let yaml = GOOD.replace("item_size: 2KB", "item_sise: 2KB");
    assert_invalid(
        &yaml,
        7,
        &["unknown field `item_sise`", "did you mean `item_size`?", "tables[0]"],
    );
}

#[test]
fn wrong_type_names_the_field_path() {
    let yaml = GOOD.replace("item_count: 1M", "item_count: many");
    assert_invalid(&yaml, 6, &["tables[0].item_count", "invalid count `many`"]);
}

#[test]
fn zero_rate_is_rejected() {
    let yaml = GOOD.replace("rate: 10/s", "rate: 0/s");
    assert_invalid(&yaml, 10, &["tables[0].operations[1].rate", "rate must be greater than zero"]);
}

#[test]
fn negative_rate_is_rejected() {
    let yaml = GOOD.replace("rate: 10/s", "rate: -5/s");
    assert_invalid(&yaml, 10, &["tables[0].operations[1].rate", "cannot be negative"]);
}

#[test]
fn missing_partition_key_is_named() {
    let yaml = GOOD.replace("    partition_key: { name: UserID, type: S }\n", "");
    assert_invalid(&yaml, 3, &["missing required field `partition_key`"]);
}

#[test]
fn items_over_400kb_are_rejected() {
    let yaml = GOOD.replace("item_size: 2KB", "item_size: 401KB");
    assert_invalid(&yaml, 7, &["exceed DynamoDB's 400 KB item limit", "tables[0].item_size"]);
}

#[test]
fn unknown_region_lists_the_known_ones() {
    let yaml = format!("region: us-east-9\n{GOOD}");
    assert_invalid(&yaml, 1, &["us-east-9", "us-east-1", "field `region`"]);
}

#[test]
fn lsi_with_another_partition_key_is_rejected() {
    let yaml = GOOD.replace(
        "    operations:",
        "    local_secondary_indexes:\n      - name: ByEmail\n        partition_key: { name: Email, type: S }\n        sort_key: { name: Age, type: N }\n    operations:",
    );
    assert_invalid(
        &yaml,
        10,
        &[
            "local_secondary_indexes[0].partition_key",
            "must have the table's partition key `UserID`",
            "use a global secondary index",
        ],
    );
}

#[test]
fn strong_reads_on_a_gsi_are_rejected() {
    let yaml = GOOD.replace(
        "    operations:\n",
        "    global_secondary_indexes:\n      - name: ByEmail\n        partition_key: { name: Email, type: S }\n    operations:\n      - { op: Query, rate: 5/s, items: 3, index: ByEmail, consistency: strong }\n",
    );
    assert_invalid(
        &yaml,
        12,
        &["strongly consistent reads are not supported on global secondary indexes"],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let yaml = GOOD.replace("rate: 10/s", "rate: 0/s").replace("rate: 100/s", "rate: 0/s");
    let (code, err) = estimate_err(&yaml);
    assert_eq!(code, 2);
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn a_missing_file_is_invalid_input() {
    let (code, _, err) = run(&["estimate", "no/such/file.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read the workload file"), "{err}");
}

#[test]
fn query_without_items_asks_for_them() {
    let yaml = GOOD.replace("{ op: GetItem, rate: 100/s }", "{ op: Query, rate: 100/s }");
    assert_invalid(&yaml, 9, &["Query needs `items`"]);
}

#[test]
fn example_item_with_a_bad_type_tag_is_located() {
    let yaml = GOOD.replace(
        "item_size: 2KB",
        "example_item: { \"UserID\": {\"S\": \"u1\"}, \"Created\": {\"X\": \"1\"} }",
    );
    let (code, err) = estimate_err(&yaml);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("example_item"), "{err}");
}

/// Every bundled scenario, in every format, is a reviewed snapshot: a change
/// to any number shows up in review.
#[test]
fn scenarios_snapshot_human_json_and_markdown() {
    insta::glob!("../../scenarios", "*.yaml", |path| {
        let rel = path.strip_prefix(crate::util::root()).unwrap().to_str().unwrap().to_string();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_suffix(stem);
        let _guard = settings.bind_to_scope();
        for (format, name) in [("human", "human"), ("json", "json"), ("markdown", "markdown")] {
            let (code, out, err) = run(&["estimate", &rel, "--format", format]);
            assert_eq!(code, 0, "{rel} --format {format}: {err}");
            insta::assert_snapshot!(name, out);
        }
        let (code, out, err) = run(&["estimate", &rel, "--explain"]);
        assert_eq!(code, 0, "{rel} --explain: {err}");
        insta::assert_snapshot!("explain", out);
    });
}

/// The JSON contract (docs/json-output.md) read back into independently
/// written types: a renamed or missing field fails here.
#[test]
fn estimate_json_has_the_documented_fields() {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Out {
        schema_version: u32,
        tables: Vec<Table>,
        total_monthly_cost: Costs,
        recommendation: Rec,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Table {
        name: String,
        item_size_bytes: u64,
        read_capacity_units: u64,
        write_capacity_units: u64,
        peak_read_capacity_units: u64,
        peak_write_capacity_units: u64,
        partitions: u64,
        indexes: Vec<Index>,
        monthly_cost: Costs,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Index {
        name: String,
        kind: String,
        read_capacity_units: u64,
        write_capacity_units: u64,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Costs {
        on_demand: Option<String>,
        provisioned: Option<String>,
        provisioned_autoscaled: Option<String>,
        reserved: Option<String>,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Rec {
        mode: String,
        monthly_usd: String,
    }
    let (code, out, err) =
        run(&["estimate", "scenarios/ecommerce-orders.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let parsed: Out =
        serde_json::from_str(&out).expect("estimate JSON matches docs/json-output.md");
    let t = &parsed.tables[0];
    assert_eq!(t.name, "Orders");
    assert!(t.indexes.iter().any(|i| i.kind == "gsi") && t.indexes.iter().any(|i| i.kind == "lsi"));
    let od: rust_decimal::Decimal = t.monthly_cost.on_demand.as_deref().unwrap().parse().unwrap();
    assert!(od > rust_decimal::Decimal::ZERO);
    assert!(parsed.total_monthly_cost.reserved.is_some(), "reserved is costed when asked");
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let a = run(&["estimate", "scenarios/ecommerce-orders.yaml", "--format", "json"]);
    let b = run(&["estimate", "scenarios/ecommerce-orders.yaml", "--format", "json"]);
    assert_eq!(a, b);
}

#[test]
fn table_names_follow_dynamodb_rules() {
    let yaml = GOOD.replace("name: Users", "name: U!");
    assert_invalid(&yaml, 3, &["`U!` is not a valid DynamoDB table name", "3 to 255 characters"]);
}

/// The complete example in docs/workload-format.md runs, so the reference
/// cannot drift from the code.
#[test]
fn the_documented_complete_example_runs() {
    let doc = std::fs::read_to_string(crate::util::root().join("docs/workload-format.md")).unwrap();
    let section = doc.split("## A complete example").nth(1).expect("the section exists");
    let block = section
        .split("```yaml\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("a yaml block");
    let path = temp_file("complete.yaml", block);
    let (code, out, err) = run(&["estimate", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Recommendation:"), "{out}");
}

#[test]
fn a_table_assumption_is_printed_once_in_the_human_report() {
    let (code, out, err) = run(&["estimate", "scenarios/ecommerce-orders.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("each stream reader polls each of 12 shards").count(), 1, "{out}");
    assert!(out.contains("note: prices: us-east-1"), "other notes stay: {out}");
}

#[test]
fn human_and_markdown_show_the_same_average_consumed_capacity() {
    let (_, human, _) = run(&["estimate", "scenarios/session-store.yaml"]);
    let (_, markdown, _) =
        run(&["estimate", "scenarios/session-store.yaml", "--format", "markdown"]);
    assert!(
        human.contains("average consumed /s            ┆       578.7 ┆       254.17"),
        "{human}"
    );
    assert!(markdown.contains("| average consumed /s | 578.7 | 254.17 |"), "{markdown}");
}
