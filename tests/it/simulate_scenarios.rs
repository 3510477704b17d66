//! `ddbplan simulate` on every bundled scenario with a `simulation:`
//! section: reviewed snapshots of the report and of the JSON, and
//! byte-identical output for the same seed.
//!
//! The snapshots cover the first 90 simulated seconds of each scenario
//! (`--duration 90s`) to keep the suite fast on a 2-core machine; the
//! scenarios' full runs are measured in docs/performance.md.

use crate::util::run;

const SIMULATED: &[&str] =
    &["session-store", "gaming-leaderboard", "hot-partition", "ecommerce-orders"];

// Every bundled scenario with a `simulation:` section is snapshotted.
#[test]
fn every_scenario_with_a_simulation_section_is_listed() {
    let mut with_section: Vec<String> = std::fs::read_dir("scenarios")
        .expect("scenarios/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            text.lines().any(|l| l.starts_with("simulation:"))
        })
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    with_section.sort();
    let mut listed: Vec<String> = SIMULATED.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(listed, with_section);
}

#[test]
fn scenarios_with_a_simulation_section_snapshot() {
    for name in SIMULATED {
        let path = format!("scenarios/{name}.yaml");
        let text = std::fs::read_to_string(crate::util::root().join(&path)).unwrap();
        assert!(text.contains("\nsimulation:"), "{path} has a simulation section");
        let (code, human, err) = run(&["simulate", &path, "--duration", "90s"]);
        assert_eq!(code, 0, "{path}: {err}");
        insta::assert_snapshot!(format!("simulate_human_{name}"), human);
        let (code, json, err) = run(&["simulate", &path, "--duration", "90s", "--format", "json"]);
        assert_eq!(code, 0, "{path}: {err}");
        insta::assert_snapshot!(format!("simulate_json_{name}"), json);
    }
}

#[test]
fn the_same_seed_gives_byte_identical_json() {
    let args =
        ["simulate", "scenarios/hot-partition.yaml", "--duration", "30s", "--format", "json"];
    let a = run(&args);
    let b = run(&args);
    assert_eq!(a.0, 0, "{}", a.2);
    assert_eq!(a, b);
    let c = run(&[
        "simulate",
        "scenarios/hot-partition.yaml",
        "--duration",
        "30s",
        "--format",
        "json",
        "--seed",
        "99",
    ]);
    assert_ne!(a.1, c.1, "another seed draws other arrivals");
}

#[test]
fn the_hot_partition_scenario_throttles_one_key() {
    let (code, json, err) =
        run(&["simulate", "scenarios/hot-partition.yaml", "--duration", "60s", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let throttled = v["summary"]["throttled_requests"].as_u64().unwrap();
    assert!(
        throttled > 10_000,
        "the viral product's reads exceed 3,000 RCU/s on one partition: {throttled}"
    );
    let hot = &v["hot_keys"][0];
    assert!(
        hot["throttled_requests"].as_u64().unwrap() > throttled / 2,
        "one key takes most throttles: {hot}"
    );
    // docs/json-output.md: `partition_key` is a string of DynamoDB JSON; an
    // `S` key is the key number in hex padded with `x` to the key's size (12
    // here), and the hot key is key number 0.
    for key in v["hot_keys"].as_array().unwrap() {
        let text = key["partition_key"].as_str().expect("partition_key is a string");
        let value: serde_json::Value = serde_json::from_str(text).expect("of DynamoDB JSON");
        let s = value["S"].as_str().expect("an S value, the only member");
        assert_eq!(value.as_object().unwrap().len(), 1, "{text}");
        assert_eq!(s.len(), 12, "{text}");
        let hex = s.trim_end_matches('x');
        assert!(u64::from_str_radix(hex, 16).is_ok(), "{text}");
    }
    assert_eq!(hot["partition_key"], r#"{"S":"0xxxxxxxxxxx"}"#, "key number 0");
}

#[test]
fn compare_runs_both_modes() {
    let (code, out, err) =
        run(&["simulate", "scenarios/hot-partition.yaml", "--duration", "20s", "--compare"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("provisioned") && out.contains("on_demand"), "{out}");
}

#[test]
fn a_workload_without_a_simulation_section_asks_for_one() {
    let (code, _, err) = run(&["simulate", "scenarios/archive-standard-ia.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("add a `simulation:` section"), "{err}");
}

#[test]
fn csv_series_are_written() {
    let dir = std::env::temp_dir().join(format!("ddbplan-csv-{}", std::process::id()));
    let (code, _, err) = run(&[
        "simulate",
        "scenarios/hot-partition.yaml",
        "--duration",
        "2m",
        "--csv",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let all = std::fs::read_to_string(dir.join("all.csv")).unwrap();
    assert!(all.starts_with("time_s,consumed_rcu,consumed_wcu,provisioned_rcu,provisioned_wcu,throttled_requests,partitions\n"));
    assert_eq!(all.lines().count(), 3, "a header and two one-minute periods:\n{all}");
    assert!(dir.join("Products.csv").exists());
}

#[test]
fn bad_simulation_sections_are_located() {
    let yaml = "version: 1\nsimulation: { duration: 0s }\ntables:\n  - name: Users\n    partition_key: { name: id, type: S }\n    item_count: 10\n    item_size: 1KB\n    key_distribution: { zipf: -1 }\n    operations: [{ op: GetItem, rate: 1/s, key_distribution: { hot_keys: { count: 50, share: 2 } } }]\n";
    let path = crate::util::temp_file("sim.yaml", yaml);
    let (code, _, err) = run(&["simulate", path.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    for expected in [
        "sim.yaml:2:15: field `simulation.duration`: must be longer than zero",
        "field `tables[0].key_distribution.zipf`: the Zipf exponent must be greater than 0",
        "field `tables[0].operations[0].key_distribution.hot_keys.count`",
        "field `tables[0].operations[0].key_distribution.hot_keys.share`",
        "4 problems found",
    ] {
        assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
    }
}

#[test]
fn the_duration_flag_has_the_yaml_limits() {
    for bad in ["0s", "32d"] {
        let (code, _, err) = run(&["simulate", "scenarios/hot-partition.yaml", "--duration", bad]);
        assert_eq!(code, 2, "{bad}: {err}");
    }
}

#[test]
fn a_negative_duration_is_refused_as_negative_in_both_spellings() {
    for args in [["--duration", "-5m"].as_slice(), ["--duration=-5m"].as_slice()] {
        let mut all = vec!["simulate", "scenarios/session-store.yaml"];
        all.extend_from_slice(args);
        let (code, out, err) = run(&all);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: nothing is simulated");
        assert!(
            err.contains("invalid value '-5m' for '--duration <DURATION>': invalid duration `-5m`: a duration cannot be negative"),
            "{args:?}: {err}"
        );
    }
    let (code, _, err) = run(&["simulate", "scenarios/session-store.yaml", "--duration", "--seed"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`--seed` is an option, not a duration"), "{err}");
}
