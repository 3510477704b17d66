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
    let bad = temp_file("bad.yaml", "version: 1\ntables:\n  - name: T\n    item_count: 1k\n");
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
