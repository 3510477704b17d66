//! Files that are not usable workloads at all: empty, comments only, not
//! UTF-8 (binary, Latin-1), nested too deep or too large for the YAML reader.
//! Every command that reads a workload (`estimate`, `simulate`, `check`) must
//! say what is wrong with the file in words, name it, and exit 2.

use std::path::Path;

use crate::util::{ddbplan, temp_file};

/// The commands that read a workload file.
const COMMANDS: [&str; 3] = ["estimate", "simulate", "check"];

/// Writes `bytes` to `name` in a fresh directory and runs `ddbplan COMMAND
/// name` there (so messages show the bare file name): (exit code, stderr).
fn run_on(command: &str, name: &str, bytes: &[u8]) -> (i32, String) {
    let path = temp_file(name, "");
    std::fs::write(&path, bytes).expect("write the test file");
    let dir = path.parent().expect("the file is in a directory");
    run_in(dir, &[command, name])
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = ddbplan().current_dir(dir).args(args).output().expect("ddbplan runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A valid workload whose `example_item` (any JSON value) is `item`, so only
/// the YAML reader's limits can reject it.
fn workload_with_item(item: &str) -> String {
    format!(
        "version: 1\nname: limits\ntables:\n  - name: T\n    partition_key: {{ name: id, type: S }}\n    \
         item_count: 1\n    operations:\n      - {{ op: GetItem, rate: 1/s }}\n    example_item: {item}\n"
    )
}

#[test]
fn an_empty_file_says_it_is_empty_and_what_was_expected() {
    for command in COMMANDS {
        let (code, err) = run_on(command, "empty.yaml", b"");
        assert_eq!(code, 2, "{command}: {err}");
        assert!(
            err.contains("empty.yaml: the file is empty; expected a workload with `version: 1`"),
            "{command}: {err}"
        );
        assert!(err.contains("see docs/workload-format.md"), "{command}: {err}");
    }
    let (_, err) = run_on("estimate", "empty.yaml", b"");
    insta::assert_snapshot!("empty_file", err);
}

#[test]
fn a_file_of_comments_only_is_reported_as_such() {
    for command in COMMANDS {
        let (code, err) = run_on(command, "notes.yaml", b"# to do: the tables\n\n---\n");
        assert_eq!(code, 2, "{command}: {err}");
        assert!(
            err.contains("notes.yaml: the file holds only comments and blank lines"),
            "{command}: {err}"
        );
    }
}

#[test]
fn an_empty_markdown_block_is_reported_at_its_fence() {
    let (code, err) = run_on("check", "doc.md", b"# Doc\n\n```ddbplan\n\n```\n");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("doc.md:3: the workload block is empty"), "{err}");
}

#[test]
fn a_binary_file_names_the_offset_of_the_first_invalid_byte() {
    let elf = b"\x7FELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3E\x00\x01\x00\x00\x00\xF0\x5B";
    for command in COMMANDS {
        let (code, err) = run_on(command, "ddbplan.yaml", elf);
        assert_eq!(code, 2, "{command}: {err}");
        assert!(
            err.contains(
                "ddbplan.yaml:1:25: the file is not UTF-8 text: the byte at offset 24 (0xF0)"
            ),
            "{command}: {err}"
        );
        assert!(err.contains("looks like a binary file"), "{command}: {err}");
    }
    let (_, err) = run_on("estimate", "ddbplan.yaml", elf);
    insta::assert_snapshot!("binary_file", err);
}

#[test]
fn a_latin1_file_is_located_at_the_bad_byte() {
    let (code, err) = run_on("simulate", "w.yaml", b"version: 1\nname: caf\xE9\ntables: []\n");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("w.yaml:2:10: the file is not UTF-8 text: the byte at offset 20 (0xE9)"),
        "{err}"
    );
}

#[test]
fn nesting_past_the_depth_limit_names_the_limit() {
    let deep = format!("{}1{}", "{a: ".repeat(100), "}".repeat(100));
    for command in COMMANDS {
        let (code, err) = run_on(command, "deep.yaml", workload_with_item(&deep).as_bytes());
        assert_eq!(code, 2, "{command}: {err}");
        assert!(err.contains("deep.yaml:9:"), "{command}: {err}");
        assert!(
            err.contains("nested more than 64 levels deep (the limit is 64"),
            "{command}: {err}"
        );
        assert!(!err.contains("budget breached"), "no parser internals: {err}");
    }
    let (_, err) = run_on("estimate", "deep.yaml", workload_with_item(&deep).as_bytes());
    insta::assert_snapshot!("too_deep", err);
}

#[test]
fn too_many_nodes_names_the_limit() {
    let huge = format!("[{}]", vec!["1"; 260_000].join(","));
    let (code, err) = run_on("estimate", "huge.yaml", workload_with_item(&huge).as_bytes());
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("Nodes {"), "no parser internals: {err}");
    insta::assert_snapshot!("too_many_nodes", err);
}
