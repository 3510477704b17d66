//! The golden-transcript harness for engine operations: every
//! `testscripts/*.txt` file is a transcript of requests and the engine's
//! answers, checked by one test (the same format as `expr/testscripts`).
//!
//! A script is `# comments` (each script starts by citing the DynamoDB
//! documentation it checks), commands, and under each command its output
//! indented by two spaces. Commands:
//!
//! | command | output |
//! |---|---|
//! | `<Operation> <JSON request>` | the response JSON, or `error <JSON error>` |
//! | `clock +<seconds>` | advances the engine's clock; no output |
//! | `expire-ttl` | runs [`Engine::expire_ttl`](super::Engine::expire_ttl) at the clock's time; the expired items |
//!
//! Each file starts with a fresh engine at 2024-01-01T00:00:00Z. The harness
//! regenerates each file from its commands and compares; `UPDATE_GOLDEN=1`
//! rewrites the files instead (review the diff before committing).
//! Test-only.

use std::fmt::Write as _;
use std::path::Path;

use super::test_support::engine_with_clock;

fn regenerate(script: &str) -> String {
    let (mut engine, clock) = engine_with_clock();
    let mut out = String::new();
    for line in script.lines() {
        if line.starts_with("  ") {
            continue; // expected output: recomputed below its command
        }
        let _ = writeln!(out, "{line}");
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (command, arg) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
        if command == "clock" {
            let secs: u64 = arg.trim_start_matches('+').parse().expect("clock +<seconds>");
            clock.advance_millis(secs * 1000);
            continue;
        }
        if command == "expire-ttl" {
            use super::clock::Clock;
            let gone: Vec<serde_json::Value> = engine
                .expire_ttl(clock.now())
                .iter()
                .map(|e| {
                    serde_json::json!({"Table": &*e.table_name,
                        "Item": crate::value::item_to_json(&e.item)})
                })
                .collect();
            let _ = writeln!(out, "  {}", serde_json::Value::from(gone));
            continue;
        }
        let body: serde_json::Value = match serde_json::from_str(arg) {
            Ok(b) => b,
            Err(e) => panic!("bad JSON request in script: {line}: {e}"),
        };
        let shown = match engine.call(command, body) {
            Ok(v) => v.to_string(),
            Err(e) => format!("error {}", e.to_json()),
        };
        let _ = writeln!(out, "  {shown}");
    }
    out
}

#[test]
fn golden_transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine/testscripts");
    crate::engine::golden_files::check_scripts(&dir, "golden transcripts", regenerate);
}
