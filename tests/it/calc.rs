//! `ddbplan calc` end to end: a snapshot of every subcommand's human output,
//! the JSON field contract, a table of worked examples from AWS's
//! documentation and the study guide, and bad arguments (exit code 2).

use serde_json::{Value, json};

use crate::util::{run, run_with_stdin, temp_file};

/// Splits a command line written as one string (no quoted arguments).
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Runs a calc that must succeed and returns its stdout.
fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "ddbplan {args:?} failed: {err}");
    out
}

fn json_of(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(&all)).expect("calc --format json prints JSON")
}

const BOOK: &str = r#"{"Id": {"N": "101"}, "Title": {"S": "Book 101 Title"}, "ISBN": {"S": "111-1111111111"},
 "Authors": {"L": [{"S": "Author1"}]}, "Price": {"N": "2"}, "Dimensions": {"S": "8.5 x 11.0 x 0.5"},
 "PageCount": {"N": "500"}, "InPublication": {"BOOL": true}, "ProductCategory": {"S": "Book"}}"#;

// --- human output, one snapshot per subcommand ---------------------------

#[test]
fn human_item_size() {
    insta::assert_snapshot!("item_size", ok(&["calc", "item-size", "--item", BOOK]));
}

#[test]
fn human_rcu() {
    let line = "calc rcu --item-size 6KB --reads-per-second 10 --consistency strong";
    insta::assert_snapshot!("rcu", ok(&words(line)));
}

#[test]
fn human_wcu() {
    let args =
        ["calc", "wcu", "--item-size", "3 KB", "--writes-per-second", "15", "--transactional"];
    insta::assert_snapshot!("wcu", ok(&args));
}

#[test]
fn human_partitions() {
    insta::assert_snapshot!(
        "partitions",
        ok(&words("calc partitions --rcu 7500 --wcu 3000 --size 25GB"))
    );
}

#[test]
fn human_cost_provisioned() {
    insta::assert_snapshot!(
        "cost_provisioned",
        ok(&words("calc cost provisioned --rcu 30 --wcu 20"))
    );
}

#[test]
fn human_cost_on_demand() {
    let line = "calc cost on-demand --read-request-units 8M --write-request-units 3M";
    insta::assert_snapshot!("cost_on_demand", ok(&words(line)));
}

#[test]
fn human_cost_storage() {
    let line = "calc cost storage --size 100GB --table-class standard-ia";
    insta::assert_snapshot!("cost_storage", ok(&words(line)));
}

#[test]
fn human_gsi() {
    let line = "calc gsi --item-size 4KB --writes-per-second 100 --projection include \
                --projected-size 1500B --key-change-share 0.1";
    insta::assert_snapshot!("gsi", ok(&words(line)));
}

#[test]
fn human_break_even() {
    insta::assert_snapshot!("break_even", ok(&words("calc break-even --rcu 100 --wcu 100")));
}

// --- JSON field contract (docs/json-output.md, ## calc) ------------------

#[rustfmt::skip]
const CONTRACT: [(&str, &str); 8] = [
    ("calc rcu --item-size 6KB --reads-per-second 10",
     "rcu units_per_read units_per_second item_bytes reads_per_second consistency working"),
    ("calc wcu --item-size 3KB --writes-per-second 15",
     "wcu units_per_write item_bytes writes_per_second transactional working"),
    ("calc partitions --rcu 1 --wcu 1 --size 1GB",
     "partitions by_throughput by_size bound working"),
    ("calc cost provisioned --rcu 1 --wcu 1",
     "monthly_usd read_usd write_usd rcu wcu hours region table_class working"),
    ("calc cost on-demand --read-request-units 1 --write-request-units 1",
     "usd read_usd write_usd read_request_units write_request_units region table_class working"),
    ("calc cost storage --size 1GB",
     "monthly_usd bytes gb region table_class working"),
    ("calc gsi --item-size 1KB --writes-per-second 1 --projection all",
     "table_wcu index_wcu total_wcu index_entry_bytes index_writes_per_write working"),
    ("calc break-even --rcu 1 --wcu 1",
     "break_even_utilization provisioned_monthly_usd on_demand_full_utilization_monthly_usd rcu wcu region table_class working"),
];

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn json_fields_are_the_documented_ones() {
    for (line, fields) in CONTRACT {
        let v = json_of(&words(line));
        assert_eq!(keys(&v), words(fields), "{line}");
        let step = &v["working"][0];
        assert!(step["rule"].is_string() && step["formula"].is_string(), "{line}: {step}");
    }
    let item = json_of(&["calc", "item-size", "--item", BOOK]);
    assert_eq!(
        keys(&item),
        [
            "bytes",
            "read_units_strong",
            "read_units_eventual",
            "write_units",
            "attributes",
            "working"
        ]
    );
    assert_eq!(item["attributes"][0], json!({"name": "Authors", "type": "L", "bytes": 18}));
}

// --- worked examples ----------------------------------------------------

const SHIRT: &str = r#"{"shirt-color":{"S":"R"},"shirt-size":{"S":"M"}}"#;
const NESTED_MAP: &str = r#"{"m":{"M":{"a":{"N":"1"},"bb":{"S":"xyz"}}}}"#;
const EMPTY_LIST: &str = r#"{"l":{"L":[]}}"#;
const NUMBER_SET: &str = r#"{"ns":{"NS":["1","12","123"]}}"#;

/// Worked examples: (command line, JSON field, answer, source). Item
/// examples name one of the items above instead of a command line.
#[rustfmt::skip]
fn examples() -> Vec<(&'static str, &'static str, Value, &'static str)> {
    vec![
        ("calc rcu --item-size 6KB --reads-per-second 10 --consistency strong", "rcu", json!(20),
         "study guide, Capacity Calculation Examples: 6 KB, 10 strong reads/s = 20 RCU"),
        ("calc rcu --item-size 6KB --reads-per-second 10", "rcu", json!(10),
         "study guide: the same reads eventually consistent = 10 RCU"),
        ("calc wcu --item-size 3KB --writes-per-second 15", "wcu", json!(45),
         "study guide: 3 KB, 15 writes/s = 45 WCU"),
        ("calc rcu --item-size 4KB --reads-per-second 1 --consistency strong", "rcu", json!(1),
         "Developer Guide, read/write capacity: 1 RCU = 1 strongly consistent read/s of up to 4 KB"),
        ("calc rcu --item-size 8KB --reads-per-second 1 --consistency strong", "rcu", json!(2),
         "Developer Guide: an 8 KB item needs 2 RCU for a strongly consistent read"),
        ("calc rcu --item-size 8KB --reads-per-second 1", "units_per_read", json!("1"),
         "Developer Guide: eventually consistent reads take half (facts §0)"),
        ("calc rcu --item-size 8KB --reads-per-second 1 --consistency transactional", "rcu", json!(4),
         "Developer Guide, transactions: 2 RCU per 4 KB (facts §2.1)"),
        ("calc rcu --item-size 4KB --reads-per-second 1", "units_per_read", json!("0.5"),
         "Developer Guide: an eventually consistent read of up to 4 KB is half a unit"),
        ("calc rcu --item-size 4KB --reads-per-second 5", "rcu", json!(3),
         "rule T2: 5 x 0.5 = 2.5 RCU, provisioned as 3 whole units"),
        ("calc rcu --item-size 20KB --reads-per-second 1 --consistency strong", "rcu", json!(5),
         "Developer Guide, burst/adaptive capacity: a strong read of a 20 KB item = 5 units (facts §3.1)"),
        ("calc rcu --item-size 20KB --reads-per-second 600 --consistency strong", "rcu", json!(3000),
         "Developer Guide: 20 KB items -> at most 600 strong reads/s within a partition's 3,000 units (facts §3.1)"),
        ("calc rcu --item-size 1.5KB --reads-per-second 1 --consistency strong", "rcu", json!(1),
         "Developer Guide, BatchGetItem: 1.5 KB rounds up to 4 KB (facts §2.1)"),
        ("calc rcu --item-size 6.5KB --reads-per-second 1 --consistency strong", "rcu", json!(2),
         "Developer Guide, BatchGetItem: 6.5 KB rounds up to 8 KB (facts §2.1)"),
        ("calc wcu --item-size 1KB --writes-per-second 1", "wcu", json!(1),
         "Developer Guide: 1 WCU = 1 write/s of up to 1 KB"),
        ("calc wcu --item-size 1.5KB --writes-per-second 1", "wcu", json!(2),
         "Developer Guide: a 1.5 KB item rounds up to 2 KB -> 2 WCU"),
        ("calc wcu --item-size 500B --writes-per-second 1", "wcu", json!(1),
         "Developer Guide, BatchWriteItem: 500 B -> 1 WCU (facts §2.2)"),
        ("calc wcu --item-size 3.5KB --writes-per-second 1", "wcu", json!(4),
         "Developer Guide, BatchWriteItem: 3.5 KB -> 4 WCU (facts §2.2)"),
        ("calc wcu --item-size 1KB --writes-per-second 1 --transactional", "units_per_write", json!(2),
         "Developer Guide, transactions: 2 WCU per 1 KB, prepare + commit (facts §2.2)"),
        ("SHIRT", "bytes", json!(23),
         "Developer Guide, item sizes: shirt-color/shirt-size = 23 bytes (facts §1.3)"),
        ("BOOK", "bytes", json!(137),
         "AWS ddb-calc README sample = 137 bytes (facts §1.4, S26)"),
        ("BOOK", "read_units_strong", json!(1),
         "AWS ddb-calc README sample -> 1 RCU (facts §1.4)"),
        ("BOOK", "write_units", json!(1),
         "AWS ddb-calc README sample -> 1 WCU (facts §1.4)"),
        ("NESTED_MAP", "bytes", json!(14),
         "Developer Guide map rule: 1 + 3 + (1+2+1) + (2+3+1) = 14 (facts §1.4)"),
        ("EMPTY_LIST", "bytes", json!(4),
         "Developer Guide: an empty list is 3 bytes, plus the name (facts §1.4)"),
        ("NUMBER_SET", "bytes", json!(9),
         "number set = sum of member sizes (facts §1.4, dynalite and ddb-calc)"),
        ("calc partitions --rcu 7500 --wcu 3000 --size 1GB", "partitions", json!(6),
         "exam formula ceil(RCU/3000 + WCU/1000) (facts §3.2, S33)"),
        ("calc partitions --rcu 1000 --wcu 500 --size 50GB", "partitions", json!(5),
         "exam formula: size binds at ceil(50 GB / 10 GB) (facts §3.2)"),
        ("calc partitions --rcu 0 --wcu 0 --size 0", "partitions", json!(1),
         "a table has at least one partition (rule P3)"),
        ("calc cost provisioned --rcu 30 --wcu 0", "read_usd", json!("2.85"),
         "infracost golden: 30 RCU for 730 h = $2.85 (facts §4.2, S20)"),
        ("calc cost provisioned --rcu 0 --wcu 20", "write_usd", json!("9.49"),
         "infracost golden: 20 WCU for 730 h = $9.49 (facts §4.2, S20)"),
        ("calc cost provisioned --rcu 0 --wcu 1", "monthly_usd", json!("0.47"),
         "facts §4.2, derived: 1 WCU = $0.4745 a month"),
        ("calc cost on-demand --read-request-units 8M --write-request-units 0", "usd", json!("1.00"),
         "infracost golden: 8M RRU = $1.00 (facts §4.2, S20)"),
        ("calc cost on-demand --read-request-units 0 --write-request-units 3M", "usd", json!("1.88"),
         "infracost golden: 3M WRU = $1.88 (facts §4.2, S20)"),
        ("calc cost storage --size 100GB", "monthly_usd", json!("25.00"),
         "pricing page: $0.25 per GB-month, Standard (facts §4.2)"),
        ("calc cost storage --size 100GB --table-class standard-ia", "monthly_usd", json!("10.00"),
         "Standard-IA storage: $0.10 per GB-month (facts §4.3)"),
        ("calc cost provisioned --rcu 0 --wcu 20 --region eu-west-1", "monthly_usd", json!("10.73"),
         "eu-west-1 WCU-hour $0.000735 (facts §4.5, S21, S23): 20 x 730 x 0.000735"),
        ("calc break-even --rcu 0 --wcu 1", "break_even_utilization", json!("0.2889"),
         "facts §4.2, derived: 0.00065 / (3600 x 0.625e-6) = 28.9%"),
        ("calc break-even --rcu 1 --wcu 0", "break_even_utilization", json!("0.2889"),
         "facts §4.2: the same break-even for reads"),
        ("calc gsi --item-size 4KB --writes-per-second 1 --projection all", "index_wcu", json!(4),
         "AWS agent-toolkit, measured: ALL on a 4 KB item = 4 WCU on the GSI (facts §1.3, S24)"),
        ("calc gsi --item-size 4KB --writes-per-second 1 --projection keys-only --projected-size 100B",
         "index_wcu", json!(1),
         "AWS agent-toolkit, measured: KEYS_ONLY = 1 WCU (facts §1.3, S24)"),
        ("calc gsi --item-size 1KB --writes-per-second 1 --projection all --key-change-share 1",
         "index_wcu", json!(2),
         "Developer Guide, GSI: a key change is a delete plus a put = 2 writes (facts §2.3)"),
    ]
}

#[test]
fn worked_examples_from_aws_docs_and_the_study_guide() {
    let examples = examples();
    assert!(examples.len() >= 30);
    for (line, field, answer, source) in examples {
        let item = match line {
            "SHIRT" => Some(SHIRT),
            "BOOK" => Some(BOOK),
            "NESTED_MAP" => Some(NESTED_MAP),
            "EMPTY_LIST" => Some(EMPTY_LIST),
            "NUMBER_SET" => Some(NUMBER_SET),
            _ => None,
        };
        let args = match item {
            Some(json) => vec!["calc", "item-size", "--item", json],
            None => words(line),
        };
        assert_eq!(json_of(&args)[field], answer, "{source} ({line})");
    }
}

// --- inputs ---------------------------------------------------------------

#[test]
fn item_size_reads_a_file_or_stdin() {
    let path = temp_file("item.json", SHIRT);
    let v = json_of(&["calc", "item-size", "--item-file", path.to_str().unwrap()]);
    assert_eq!(v["bytes"], 23);
    let (code, out, err) = run_with_stdin(&["calc", "item-size", "--item-file", "-"], SHIRT);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Item size: 23 bytes"), "{out}");
}

#[test]
fn sizes_accept_every_documented_spelling() {
    for size in ["6KB", "6 KB", "6144", "6144B", "6kb"] {
        let v = json_of(&["calc", "rcu", "--item-size", size, "--reads-per-second", "1"]);
        assert_eq!(v["item_bytes"], 6144, "{size}");
    }
    let v = json_of(&words("calc rcu --item-size 4.5KB --reads-per-second 50k"));
    assert_eq!((&v["item_bytes"], &v["reads_per_second"]), (&json!(4608), &json!(50_000)));
}

// --- bad arguments: clap-style errors, exit code 2 -------------------------

fn fails(args: &[&str], message: &str) {
    let (code, out, err) = run(args);
    assert_eq!(code, 2, "ddbplan {args:?}: {err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains(message), "ddbplan {args:?}: expected `{message}` in:\n{err}");
}

#[rustfmt::skip]
const BAD_ARGUMENTS: &[(&str, &str)] = &[
    ("calc rcu --item-size -6KB --reads-per-second 1", "sizes cannot be negative"),
    ("calc rcu --item-size 6XB --reads-per-second 1", "unknown unit `XB`"),
    ("calc rcu --item-size 0 --reads-per-second 1", "at least 1 byte"),
    ("calc rcu --item-size 1KB --reads-per-second 0", "it must be at least 1"),
    ("calc rcu --item-size 401KB --reads-per-second 1", "at most 400 KB"),
    ("calc wcu --item-size 1KB --writes-per-second 18446744073709551615", "at most 1000000000 per second"),
    ("calc rcu --item-size 1KB --reads-per-second 1.5", "not a whole number"),
    ("calc wcu --item-size 1KB --writes-per-second -5", "cannot be negative"),
    ("calc rcu --item-size 1KB --reads-per-second 1 --consistency weak", "invalid value 'weak'"),
    ("calc partitions --rcu ten --wcu 1 --size 1GB", "`ten` is not a number"),
    ("calc partitions --rcu 1 --wcu 1", "--size <SIZE>"),
    ("calc cost provisioned --rcu 1 --wcu 1 --hours 0", "hours must be more than 0"),
    ("calc cost storage --size 1GB --region mars-1", "no built-in price list for region `mars-1`"),
    ("calc gsi --item-size 1KB --writes-per-second 1 --projection all --key-change-share 2", "between 0 and 1"),
    ("calc gsi --item-size 1KB --writes-per-second 1 --projection keys-only", "--projected-size <SIZE>"),
    ("calc break-even --rcu 0 --wcu 0", "both 0"),
    ("calc item-size", "required"),
];

#[test]
fn bad_arguments_exit_2_with_a_clear_message() {
    for (line, message) in BAD_ARGUMENTS {
        fails(&words(line), message);
    }
}

#[test]
fn invalid_items_are_clear_errors() {
    let cases = [
        (r#"{"a": {"STR": "x"}}"#, "unknown type tag `STR`"),
        (r#"{"tags": {"SS": []}}"#, "may not be empty"),
        (r#"{"n": {"N": "12abc"}}"#, "cannot be converted into a number"),
        (r#"{"s": {"SS": ["a", "a"]}}"#, "duplicate"),
        ("{not json", "not valid DynamoDB JSON"),
    ];
    for (json, message) in cases {
        let (code, _, err) = run(&["calc", "item-size", "--item", json]);
        assert_eq!(code, 2, "{json}: {err}");
        assert!(err.to_lowercase().contains(&message.to_lowercase()), "{json}: {err}");
    }
    let big = format!(r#"{{"d": {{"S": "{}"}}}}"#, "x".repeat(409_600));
    let path = temp_file("big.json", &big);
    fails(&["calc", "item-size", "--item-file", path.to_str().unwrap()], "limit is 409600 bytes");
}
