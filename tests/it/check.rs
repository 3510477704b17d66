//! `ddbplan check` end to end: every exit code, every format (insta
//! snapshots of stdout), Markdown edge cases (indented and `~~~` fences,
//! several blocks, blocks in lists, CRLF) and errors located on the right
//! line and column of the Markdown document.

use serde::Deserialize;

use crate::util::{run, temp_file};

const FIX: &str = "tests/fixtures/check";

fn check(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    run(&all)
}

fn fixture(name: &str) -> String {
    format!("{FIX}/{name}")
}

// --- exit 0 -----------------------------------------------------------------

#[test]
fn exit_0_within_budget_with_a_warning_human() {
    // several.md: a top-level ``` block, a ~~~ `yaml ddbplan` block in a
    // numbered list item (indented 3), and a ``` block indented 2 spaces.
    let (code, out, err) = check(&[&fixture("several.md")]);
    assert_eq!(code, 0, "warnings pass without --strict; stderr: {err}");
    assert!(err.is_empty(), "{err}");
    insta::assert_snapshot!("human_several", out);
}

#[test]
fn blocks_are_found_on_their_fence_lines() {
    let (_, out, _) = check(&[&fixture("several.md"), "--format", "json"]);
    let r: CheckOut = serde_json::from_str(&out).unwrap();
    let at: Vec<(usize, &str)> =
        r.workloads.iter().map(|w| (w.line, w.name.as_deref().unwrap())).collect();
    assert_eq!(at, vec![(5, "user-sessions"), (25, "session-archive"), (44, "audit")]);
}

#[test]
fn crlf_documents_check_like_lf_ones() {
    let (code, out, err) = check(&[&fixture("crlf.md"), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let r: CheckOut = serde_json::from_str(&out).unwrap();
    assert_eq!(r.workloads.len(), 1);
    assert_eq!(r.workloads[0].line, 5);
    assert_eq!(r.workloads[0].projected_monthly_usd.as_deref(), Some("48.26"));
    assert_eq!(r.workloads[0].verdict, "ok");
}

#[test]
fn allow_empty_accepts_a_document_without_workloads() {
    let (code, out, err) = check(&[&fixture("empty.md"), "--allow-empty"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no workloads to check"), "{out}");
}

// --- exit 1 -----------------------------------------------------------------

#[test]
fn exit_1_over_budget_human() {
    let (code, out, _) = check(&[&fixture("over.md"), &fixture("over.yaml")]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("human_over", out);
}

#[test]
fn exit_1_over_budget_json() {
    let (code, out, _) = check(&[&fixture("over.md"), &fixture("several.md"), "--format", "json"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("json_over", out);
}

#[test]
fn exit_1_over_budget_junit() {
    let (code, out, _) = check(&[&fixture("over.md"), &fixture("several.md"), "--format", "junit"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("junit_over", out);
}

#[test]
fn exit_1_over_budget_github() {
    let (code, out, _) =
        check(&[&fixture("over.md"), &fixture("several.md"), "--format", "github"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("github_over", out);
}

#[test]
fn strict_turns_warnings_into_failures() {
    let (code, out, _) = check(&[&fixture("several.md"), "--strict", "--format", "github"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("::error file=tests/fixtures/check/several.md,line=25,"), "{out}");
    let (code, out, _) = check(&[&fixture("several.md"), "--strict", "--format", "junit"]);
    assert_eq!(code, 1);
    assert!(out.contains(r#"type="warn_strict""#), "{out}");
}

// --- exit 2 -----------------------------------------------------------------

#[test]
fn exit_2_invalid_block_is_located_in_the_markdown_document() {
    // The typo is on line 27, column 10, of invalid.md: the block sits in a
    // list item, indented 3 spaces, so both line and column are shifted.
    let (code, out, err) = check(&[&fixture("invalid.md")]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("tests/fixtures/check/invalid.md:27:10: field `tables[0].partition_key.tpye`"),
        "{err}"
    );
    assert!(err.contains("did you mean `type`?"), "{err}");
    assert!(out.contains("invalid.md:5 "), "the valid block is still checked: {out}");
}

#[test]
fn exit_2_invalid_json_and_github_carry_the_location() {
    let (code, out, _) = check(&[&fixture("invalid.md"), "--format", "json"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("json_invalid", out);
    let (code, out, _) = check(&[&fixture("invalid.md"), "--format", "github"]);
    assert_eq!(code, 2);
    assert!(
        out.starts_with("::error file=tests/fixtures/check/invalid.md,line=27,col=10,"),
        "{out}"
    );
}

#[test]
fn exit_2_for_a_document_without_workloads() {
    let (code, _, err) = check(&[&fixture("empty.md")]);
    assert_eq!(code, 2);
    assert!(err.contains("no workload blocks in this document"), "{err}");
    assert!(err.contains("--allow-empty"), "{err}");
}

#[test]
fn exit_2_for_a_workload_without_a_budget() {
    let (code, _, err) = check(&[&fixture("no-budget.md")]);
    assert_eq!(code, 2);
    assert!(err.contains("no-budget.md:3: this workload has no `budget:` section"), "{err}");
    assert!(err.contains("hint: add `budget: { monthly_usd: 500 }`"), "{err}");
}

#[test]
fn exit_2_for_a_missing_file_and_a_bad_glob() {
    let (code, _, err) = check(&["no/such/file.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/file.md: cannot read this file"), "{err}");
    let (code, _, err) = check(&[FIX, "--glob", "*.{md"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid --glob pattern"), "{err}");
}

#[test]
fn exit_2_when_the_budget_mode_was_not_costed() {
    let doc = "# Doc\n\n```ddbplan\nversion: 1\nbudget:\n  monthly_usd: 10\n  mode: on_demand\ntables:\n  - name: Things\n    partition_key: { name: ID, type: S }\n    billing_mode: provisioned\n    item_count: 1k\n    item_size: 1KB\n    operations: [{ op: GetItem, rate: 1/s }]\n```\n";
    let path = temp_file("mode.md", doc);
    let (code, _, err) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("mode.md:7:3: field `budget.mode`"), "{err}");
    assert!(err.contains("was not costed for table(s) `Things`"), "{err}");
}

#[test]
fn error_lines_point_into_tilde_fences_in_lists_with_crlf() {
    // Line 8 of the document holds the bad rate, inside a ~~~ fence in a
    // list item (content column 2), with CRLF line endings.
    let doc = "# Title\r\n\r\n- item\r\n\r\n  ~~~ddbplan\r\n  version: 1\r\n  budget: { monthly_usd: 10 }\r\n  tables: [{ name: Things, partition_key: { name: ID, type: S }, item_count: 1k, item_size: 1KB, operations: [{ op: GetItem, rate: fast }] }]\r\n  ~~~\r\n";
    let path = temp_file("doc.md", doc);
    let (code, _, err) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("doc.md:8:"), "expected line 8 in: {err}");
    assert!(err.contains("rate"), "{err}");
}

#[test]
fn errors_in_block_quotes_point_past_the_markers() {
    // `item_count` is misspelt on line 6, column 7: `> ` takes two columns, `  - ` four.
    let doc = "> Proposal:\n>\n> ```ddbplan\n> version: 1\n> tables:\n>   - itm_count: 1\n> ```\n";
    let path = temp_file("quoted.md", doc);
    let (code, _, err) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("quoted.md:6:7: field `tables[0].itm_count`"), "{err}");
}

#[test]
fn validation_errors_found_after_parsing_are_located_too() {
    // budget.tables names an unknown table: found by validation, not serde.
    let doc = "intro\n\n```ddbplan\nversion: 1\nbudget:\n  monthly_usd: 10\n  tables:\n    Ordrs: { monthly_usd: 5 }\ntables:\n  - name: Orders\n    partition_key: { name: ID, type: S }\n    item_count: 1k\n    item_size: 1KB\n    operations: [{ op: GetItem, rate: 1/s }]\n```\n";
    let path = temp_file("design.md", doc);
    let (code, _, err) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("design.md:8:"), "expected line 8 in: {err}");
    assert!(err.contains("did you mean `Orders`?"), "{err}");
}

#[test]
fn pricing_override_applies_to_every_workload() {
    // eu-west-1 prices are higher than us-east-1's ($48.26 there).
    let (code, out, err) =
        check(&[&fixture("crlf.md"), "--pricing", "pricing/eu-west-1.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let r: CheckOut = serde_json::from_str(&out).unwrap();
    assert_eq!(r.workloads[0].projected_monthly_usd.as_deref(), Some("54.57"));
    let (code, _, err) = check(&[&fixture("crlf.md"), "--pricing", "no/such/prices.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read price list `no/such/prices.yaml`"), "{err}");
}

// --- directories ------------------------------------------------------------

#[test]
fn directories_are_searched_for_workloads() {
    // dir/: design.md (3 blocks), sub/over.yaml (budget), sub/unbudgeted.yaml
    // (no budget: skipped), notes.md (no ddbplan block: skipped).
    let (code, out, err) = check(&[&fixture("dir"), "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let r: CheckOut = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = r.workloads.iter().map(|w| w.file.as_str()).collect();
    assert_eq!(
        files,
        vec![
            "tests/fixtures/check/dir/design.md",
            "tests/fixtures/check/dir/design.md",
            "tests/fixtures/check/dir/design.md",
            "tests/fixtures/check/dir/sub/over.yaml"
        ]
    );
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let (_, out, _) =
        check(&[&fixture("dir"), &fixture("dir/design.md"), &fixture("dir/"), "--format", "json"]);
    let r: CheckOut = serde_json::from_str(&out).unwrap();
    assert_eq!(r.summary.workloads, 4, "design.md's three blocks and sub/over.yaml");
}

#[test]
fn glob_narrows_the_search() {
    let (code, out, err) = check(&[&fixture("dir"), "--glob", "*.md", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let r: CheckOut = serde_json::from_str(&out).unwrap();
    assert_eq!(r.summary.workloads, 3);
    let (code, _, err) = check(&[&fixture("dir"), "--glob", "nothing-*.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("no workloads found in this directory"), "{err}");
    let (code, _, _) = check(&[&fixture("dir"), "--glob", "nothing-*.md", "--allow-empty"]);
    assert_eq!(code, 0);
}

#[test]
fn the_example_design_doc_passes() {
    let (code, out, err) = check(&["docs/examples/design-doc.md"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 over, 0 invalid: passed"), "{out}");
}

// --- the JSON contract, read back into independently written types ----------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // fields exist to pin the contract
struct CheckOut {
    schema_version: u32,
    status: String,
    strict: bool,
    summary: SummaryOut,
    workloads: Vec<WorkloadOut>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SummaryOut {
    workloads: usize,
    ok: usize,
    warn: usize,
    over: usize,
    invalid: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct WorkloadOut {
    file: String,
    line: usize,
    name: Option<String>,
    verdict: String,
    mode: Option<String>,
    option: Option<String>,
    projected_monthly_usd: Option<String>,
    budget_monthly_usd: Option<String>,
    budget_used: Option<String>,
    warn_at: Option<String>,
    findings: Vec<FindingOut>,
    errors: Vec<ErrorOut>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct FindingOut {
    kind: String,
    subject: Option<String>,
    field: String,
    verdict: String,
    actual: String,
    limit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ErrorOut {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    field: String,
    message: String,
    hint: Option<String>,
}

#[test]
fn json_output_reads_back_into_the_documented_shape() {
    let (_, out, _) = check(&[&fixture("over.md"), &fixture("invalid.md"), "--format", "json"]);
    let r: CheckOut = serde_json::from_str(&out).expect("the documented shape");
    assert_eq!((r.schema_version, r.status.as_str()), (1, "invalid"));
    let over = &r.workloads[0];
    assert_eq!(over.verdict, "over");
    assert_eq!(over.findings.len(), 3, "total, table budget, partition cap");
    assert_eq!(over.findings[2].kind, "partitions");
    let bad = r.workloads.iter().find(|w| w.verdict == "invalid").unwrap();
    assert_eq!((bad.errors[0].line, bad.errors[0].column), (Some(27), Some(10)));
    assert_eq!(bad.errors[0].field, "tables[0].partition_key.tpye");
}

#[test]
fn help_documents_the_exit_codes() {
    let (code, out, _) = check(&["--help"]);
    assert_eq!(code, 0);
    for line in [
        "Exit codes:",
        "  0  every workload",
        "  1  a workload is over budget",
        "  2  invalid input",
        "  3  any other failure",
    ] {
        assert!(out.contains(line), "missing `{line}` in:\n{out}");
    }
}

/// Runs `ddbplan check ARGS` in `dir`: (exit code, stdout, stderr).
fn check_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = crate::util::ddbplan().current_dir(dir).arg("check").args(args).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

#[test]
fn an_empty_directory_is_nothing_to_check_not_an_invalid_workload() {
    let parent = temp_file("placeholder", "").parent().unwrap().to_path_buf();
    std::fs::create_dir_all(parent.join("designs")).unwrap();
    let (code, out, err) = check_in(&parent, &["designs"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "no report of zero workloads: {out}");
    assert!(!err.contains("invalid"), "{err}");
    insta::assert_snapshot!("empty_directory", err);
    let (code, out, err) = check_in(&parent, &["designs", "--format", "json"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    let (code, out, _) = check_in(&parent, &["designs", "--allow-empty"]);
    assert_eq!(code, 0);
    assert!(out.contains("no workloads to check"), "{out}");
}

#[test]
fn a_glob_that_matches_nothing_is_quoted() {
    let (code, out, err) = check(&[&fixture("dir"), "--glob", "nothing-*.md", "--glob", "*.txt"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("dir: no workloads found in this directory: no *.md, *.markdown, *.yaml or *.yml file in it matches --glob `nothing-*.md` or `*.txt`"),
        "{err}"
    );
}

#[test]
fn an_empty_directory_beside_a_workload_fails_the_run_but_is_not_counted() {
    let parent = temp_file("placeholder", "").parent().unwrap().to_path_buf();
    std::fs::create_dir_all(parent.join("empty")).unwrap();
    let design = crate::util::root().join("docs/examples/design-doc.md");
    let (code, out, err) = check_in(&parent, &["empty", design.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(out.contains("1 workload: 1 ok, 0 warn, 0 over, 0 invalid"), "{out}");
    assert!(err.starts_with("error: nothing to check:\nempty: no workloads found"), "{err}");
}
