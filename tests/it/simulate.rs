//! `ddbplan simulate` output files: the `--plot` SVG (well-formed, with the
//! heat-map rows, suffixed per mode under `--compare`) and `--csv`'s heat.csv.

use crate::util::{run, temp_file};

/// Checks the SVG is well-formed enough for a browser: it starts with
/// `<svg`, every tag is closed in order (a stack of names), and no `&` starts
/// anything but an entity.
fn assert_well_formed(svg: &str) {
    assert!(svg.starts_with("<svg "), "does not start with <svg: {}", &svg[..svg.len().min(80)]);
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').expect("every tag ends with >");
        let tag = &rest[i + 1..i + end];
        rest = &rest[i + end + 1..];
        if tag.ends_with('/') {
            continue;
        }
        match tag.strip_prefix('/') {
            Some(name) => assert_eq!(stack.pop(), Some(name), "closing </{name}> out of order"),
            None => stack.push(tag.split_whitespace().next().expect("a tag has a name")),
        }
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
    for (i, _) in svg.match_indices('&') {
        let entity = &svg[i..svg.len().min(i + 6)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|e| entity.starts_with(e)),
            "bare & at {i}: {entity}"
        );
    }
}

#[test]
fn plot_writes_a_well_formed_svg_with_the_heat_map_rows() {
    let dir = temp_file("placeholder", "");
    let svg_path = dir.with_file_name("hot.svg");
    let csv_dir = dir.with_file_name("csv");
    let (code, _, stderr) = run(&[
        "simulate",
        "scenarios/hot-partition.yaml",
        "--duration",
        "1m",
        "--plot",
        svg_path.to_str().expect("UTF-8 temp path"),
        "--csv",
        csv_dir.to_str().expect("UTF-8 temp path"),
    ]);
    assert_eq!(code, 0, "stderr: {stderr}");
    let svg = std::fs::read_to_string(&svg_path).expect("the SVG is written");
    assert_well_formed(&svg);
    assert!(svg.contains(">hot-partition — 1 min simulated, provisioned mode, seed 3</text>"));

    let heat = std::fs::read_to_string(csv_dir.join("heat.csv")).expect("heat.csv is written");
    let mut lines = heat.lines();
    assert_eq!(lines.next(), Some("time_s,table,holder,partition,units_per_sec,throttled"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // 12,000 RCU need at least 4 partitions (3,000 RCU each): one line per
    // partition for the one 60 s period.
    assert!(rows.len() >= 4, "one line per partition per period: {heat}");
    assert!(
        rows.iter()
            .all(|r| r.len() == 6 && r[0] == "60" && r[1] == "Products" && r[2] == "Products")
    );
    assert!(rows.iter().any(|r| r[4].parse::<f64>().expect("units/s is a number") > 1000.0));
    // Every partition in heat.csv is a labelled row of the SVG heat map, and no other.
    for r in &rows {
        assert!(
            svg.contains(&format!(">Products/p{}</text>", r[3])),
            "no heat-map row Products/p{}",
            r[3]
        );
    }
    assert_eq!(svg.matches("text-anchor=\"end\">Products/p").count(), rows.len());
    assert!(csv_dir.join("all.csv").exists() && csv_dir.join("Products.csv").exists());
}

/// The hot key's partition throttles (hot-partition.yaml: 3,600 units/s on
/// one key against a 3,000 RCU partition limit), so its heat-map cell must
/// carry the throttles and a red outline.
#[test]
fn the_hot_partition_throttles_in_the_heat_map() {
    let dir = temp_file("placeholder", "");
    let svg_path = dir.with_file_name("hot.svg");
    let csv_dir = dir.with_file_name("csv");
    let (code, _, stderr) = run(&[
        "simulate",
        "scenarios/hot-partition.yaml",
        "--duration",
        "1m",
        "--plot",
        svg_path.to_str().expect("UTF-8 temp path"),
        "--csv",
        csv_dir.to_str().expect("UTF-8 temp path"),
    ]);
    assert_eq!(code, 0, "stderr: {stderr}");
    let heat = std::fs::read_to_string(csv_dir.join("heat.csv")).expect("heat.csv is written");
    assert!(heat.lines().skip(1).any(|l| !l.ends_with(",0")), "no partition throttled: {heat}");
    let svg = std::fs::read_to_string(&svg_path).expect("the SVG is written");
    assert!(svg.contains("fill=\"none\" stroke=\"#d62728\""), "no throttled cell is outlined");
}

#[test]
fn the_same_run_draws_the_same_bytes() {
    let dir = temp_file("placeholder", "");
    let paths = [dir.with_file_name("a.svg"), dir.with_file_name("b.svg")];
    for p in &paths {
        let args = ["simulate", "scenarios/hot-partition.yaml", "--duration", "1m", "--plot"];
        let (code, _, stderr) = run(&[&args[..], &[p.to_str().expect("UTF-8")]].concat());
        assert_eq!(code, 0, "stderr: {stderr}");
    }
    let [a, b] = paths.map(|p| std::fs::read(p).expect("written"));
    assert!(a == b, "two runs with the same seed drew different SVGs");
}

#[test]
fn compare_writes_one_plot_per_mode() {
    let dir = temp_file("placeholder", "");
    let base = dir.with_file_name("run.svg");
    let (code, _, stderr) = run(&[
        "simulate",
        "scenarios/hot-partition.yaml",
        "--duration",
        "1m",
        "--compare",
        "--plot",
        base.to_str().expect("UTF-8 temp path"),
    ]);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert!(!base.exists(), "the unsuffixed file is not written");
    for (file, mode) in [("run-provisioned.svg", "provisioned"), ("run-on_demand.svg", "on-demand")]
    {
        let svg = std::fs::read_to_string(dir.with_file_name(file)).expect("the plot is written");
        assert_well_formed(&svg);
        assert!(svg.contains(&format!("{mode} mode, seed 3")), "{file} is not the {mode} run");
    }
}

#[test]
fn an_unwritable_plot_path_is_an_error_naming_the_file() {
    let dir = temp_file("placeholder", "");
    let bad = dir.with_file_name("missing-dir").join("x.svg");
    let (code, _, stderr) = run(&[
        "simulate",
        "scenarios/hot-partition.yaml",
        "--duration",
        "1m",
        "--plot",
        bad.to_str().expect("UTF-8 temp path"),
    ]);
    assert_ne!(code, 0);
    assert!(stderr.contains("x.svg"), "stderr: {stderr}");
}

/// A small table over a long run: 3 hours of 1-minute periods at 2 requests a
/// second, with a burst at 1h that overruns its 5 RCU.
const LONG_RUN: &str = "version: 1
name: long-run
simulation:
  duration: 3h
  seed: 7
  capacity: { rcu: 5, wcu: 5 }
  phases:
    - { at: 1h, multiplier: 4 }
    - { at: 70m, multiplier: 1 }
tables:
  - name: Small
    partition_key: { name: id, type: S }
    billing_mode: provisioned
    item_count: 1k
    item_size: 1KB
    operations:
      - { op: GetItem, rate: 2/s, consistency: strong }
";

#[test]
fn a_long_run_is_shown_in_coarser_rows_and_json_keeps_every_period() {
    let path = temp_file("long-run.yaml", LONG_RUN);
    let file = path.to_str().expect("UTF-8 temp path");
    let (code, human, err) = run(&["simulate", file]);
    assert_eq!(code, 0, "{err}");
    let series = human
        .split("Capacity over time")
        .nth(1)
        .and_then(|s| s.split("Hot partitions").next())
        .expect("the report has a series table");
    insta::assert_snapshot!("long_run_series", format!("Capacity over time{series}"));
    let (code, json, err) = run(&["simulate", file, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON output");
    let periods = json["series"].as_array().expect("a series array");
    assert_eq!(periods.len(), 180, "JSON keeps all 180 one-minute periods");
}
