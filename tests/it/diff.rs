//! `ddbplan diff` end to end: two YAML files, two Markdown documents matched
//! by workload name, every format (insta snapshots), `--git-base` in a
//! temporary git repository, and bad input (exit 2).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::{run, temp_file};

const OLD: &str = "tests/fixtures/check/diff/old.yaml";
const NEW: &str = "tests/fixtures/check/diff/new.yaml";
const OLD_MD: &str = "tests/fixtures/check/diff/old.md";
const NEW_MD: &str = "tests/fixtures/check/diff/new.md";

#[test]
fn yaml_files_human() {
    let (code, out, err) = run(&["diff", OLD, NEW]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("human_yaml", out);
}

#[test]
fn yaml_files_markdown() {
    let (code, out, err) = run(&["diff", OLD, NEW, "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("markdown_yaml", out);
}

#[test]
fn yaml_files_json() {
    let (code, out, err) = run(&["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("json_yaml", out);
}

#[test]
fn markdown_documents_are_matched_by_workload_name() {
    let (code, out, err) = run(&["diff", OLD_MD, NEW_MD, "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("markdown_documents", out);
}

#[test]
fn doubling_reads_shows_in_capacity_and_cost() {
    let (_, out, _) = run(&["diff", OLD, NEW, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let sessions = &v["workloads"][0]["tables"][0];
    assert_eq!(sessions["table"], "Sessions");
    let read = sessions["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["metric"] == "read_capacity_units")
        .unwrap();
    // 200 -> 400 eventually consistent reads of 1 KB per second: 100 -> 200 RCU (0.5 each).
    assert_eq!((read["before"].as_str(), read["after"].as_str()), (Some("100"), Some("200")));
    assert_eq!(read["delta_share"], "1");
    let gsi = &v["workloads"][0]["tables"][1];
    assert_eq!((gsi["index"].as_str(), gsi["status"].as_str()), (Some("ByUser"), Some("added")));
}

#[test]
fn identical_files_show_no_change() {
    let (code, out, _) = run(&["diff", OLD, OLD, "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(out.contains("### user-sessions: no change"), "{out}");
    assert!(!out.contains("| table |"), "{out}");
}

#[test]
fn exit_2_for_bad_arguments_and_invalid_workloads() {
    let (code, _, err) = run(&["diff", OLD]);
    assert_eq!(code, 2);
    assert!(err.contains("diff takes two files"), "{err}");
    let bad = temp_file("bad.yaml", "version: 1\ntables:\n  - name: Things\n    item_count: 1k\n");
    let (code, _, err) = run(&["diff", OLD, bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.yaml:3:"), "{err}");
}

// --- --git-base ---------------------------------------------------------------

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=ddbplan", "-c", "user.email=ddbplan@example.com"])
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn git_base_compares_with_the_committed_version() {
    let root = crate::util::root();
    let old = std::fs::read_to_string(root.join(OLD)).unwrap();
    let new = std::fs::read_to_string(root.join(NEW)).unwrap();
    let file = temp_file("sessions.yaml", &old);
    let dir = file.parent().unwrap();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "sessions.yaml"]);
    git(dir, &["commit", "-q", "-m", "base"]);
    std::fs::write(&file, new).unwrap();
    std::fs::write(dir.join("added.md"), std::fs::read_to_string(root.join(NEW_MD)).unwrap())
        .unwrap();

    let (code, out, err) = run(&[
        "diff",
        "--git-base",
        "HEAD",
        file.to_str().unwrap(),
        dir.join("added.md").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["git_base"], "HEAD");
    let w = v["workloads"].as_array().unwrap();
    assert_eq!(w.len(), 3, "sessions changed, then the two workloads of added.md");
    assert_eq!(w[0]["status"], "changed");
    assert!(w[0]["old_file"].as_str().unwrap().starts_with("HEAD:"), "{}", w[0]["old_file"]);
    let rec =
        w[0]["total"].as_array().unwrap().iter().find(|r| r["metric"] == "recommended").unwrap();
    // The same figures as diffing the two files directly.
    assert_eq!((rec["before"].as_str(), rec["after"].as_str()), (Some("48.26"), Some("76.42")));
    assert_eq!((w[1]["status"].as_str(), w[2]["status"].as_str()), (Some("added"), Some("added")));

    // Committed and unchanged: no change.
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "next"]);
    let (code, out, _) = run(&["diff", "--git-base", "HEAD", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.starts_with("user-sessions: no change"), "{out}");

    // A revision that does not exist is invalid input.
    let (code, _, err) = run(&["diff", "--git-base", "no-such-branch", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--git-base no-such-branch: not a revision"), "{err}");
}

#[test]
fn exit_3_when_git_cannot_run() {
    // Not the user's input: the environment (no `git` on PATH).
    let out = crate::util::ddbplan()
        .args(["diff", "--git-base", "HEAD", OLD])
        .env("PATH", "")
        .output()
        .expect("ddbplan runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("running git"));
}

#[test]
fn unnamed_blocks_pair_by_position() {
    let block = |rate: &str| {
        format!(
            "```ddbplan\nversion: 1\ntables:\n  - name: Things\n    partition_key: {{ name: ID, type: S }}\n    item_count: 1k\n    item_size: 1KB\n    operations: [{{ op: GetItem, rate: {rate} }}]\n```\n"
        )
    };
    let old = temp_file("v1.md", &format!("{}\n{}", block("1/s"), block("5/s")));
    let new = temp_file("v2.md", &format!("{}\n{}", block("1/s"), block("10/s")));
    let (code, out, err) =
        run(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: DiffOut = serde_json::from_str(&out).unwrap();
    let got: Vec<(&str, &str)> =
        v.workloads.iter().map(|w| (w.name.as_str(), w.status.as_str())).collect();
    assert_eq!(got, vec![("block 1", "unchanged"), ("block 2", "changed")]);
}

// --- the JSON contract, read back into independently written types ----------

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // fields exist to pin the contract
struct DiffOut {
    schema_version: u32,
    git_base: Option<String>,
    workloads: Vec<WorkloadOut>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct WorkloadOut {
    name: String,
    old_file: Option<String>,
    new_file: Option<String>,
    status: String,
    total: Vec<RowOut>,
    tables: Vec<TableOut>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TableOut {
    table: String,
    index: Option<String>,
    status: String,
    recommended_before: Option<String>,
    recommended_after: Option<String>,
    rows: Vec<RowOut>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RowOut {
    metric: String,
    unit: String,
    before: Option<String>,
    after: Option<String>,
    delta: Option<String>,
    delta_share: Option<String>,
}

#[test]
fn json_output_reads_back_into_the_documented_shape() {
    let (_, out, _) = run(&["diff", OLD_MD, NEW_MD, "--format", "json"]);
    let v: DiffOut = serde_json::from_str(&out).expect("the documented shape");
    assert_eq!((v.schema_version, v.git_base.as_deref()), (1, None));
    let status: Vec<&str> = v.workloads.iter().map(|w| w.status.as_str()).collect();
    assert_eq!(status, vec!["unchanged", "added", "removed"]);
    let removed = &v.workloads[2];
    assert_eq!((removed.old_file.is_some(), removed.new_file.is_none()), (true, true));
    let rec = removed.total.iter().find(|r| r.metric == "recommended").unwrap();
    assert_eq!((rec.after.as_deref(), rec.delta_share.as_deref()), (None, Some("-1")));
}

#[test]
fn git_base_on_a_directory_finds_changed_added_and_deleted_files() {
    let root = crate::util::root();
    let old = std::fs::read_to_string(root.join(OLD)).unwrap();
    let new = std::fs::read_to_string(root.join(NEW)).unwrap();
    let repo = temp_file("README.md", "# repo\n").parent().unwrap().to_path_buf();
    let docs = repo.join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    std::fs::write(docs.join("sessions.yaml"), &old).unwrap();
    std::fs::write(docs.join("sub/gone.md"), std::fs::read_to_string(root.join(OLD_MD)).unwrap())
        .unwrap();
    std::fs::write(docs.join("price-notes.yaml"), "not: a workload\n").unwrap();
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    std::fs::write(docs.join("sessions.yaml"), &new).unwrap();
    std::fs::remove_file(docs.join("sub/gone.md")).unwrap();
    std::fs::write(docs.join("new.md"), std::fs::read_to_string(root.join(NEW_MD)).unwrap())
        .unwrap();

    let (code, out, err) =
        run(&["diff", "--git-base", "HEAD", docs.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: DiffOut = serde_json::from_str(&out).unwrap();
    let got: Vec<(&str, &str)> =
        v.workloads.iter().map(|w| (w.name.as_str(), w.status.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("sessions", "added"),
            ("events", "added"),
            ("user-sessions", "changed"),
            ("sessions", "removed"),
            ("audit", "removed"),
        ],
        "new.md (added), sessions.yaml (changed), then sub/gone.md (deleted)"
    );
    let removed = &v.workloads[3];
    assert!(removed.old_file.as_deref().unwrap().ends_with("docs/sub/gone.md"), "{removed:?}");
    assert!(removed.old_file.as_deref().unwrap().starts_with("HEAD:"), "{removed:?}");
}
