//! The golden-script harness: every `testscripts/*.txt` file is a
//! transcript of commands and their expected output, checked by one test.
//!
//! A script is lines of `# comments` (each script starts by citing the
//! DynamoDB documentation it checks), commands, and under each command its
//! output indented by two spaces. Commands:
//!
//! | command | effect / output |
//! |---|---|
//! | `names {"#s": "status"}` / `names none` | sets `ExpressionAttributeNames` |
//! | `values {":v": {"N": "1"}}` / `values none` | sets `ExpressionAttributeValues` |
//! | `item {...}` / `item none` | sets the current item (DynamoDB JSON) |
//! | `keys pk [sk]` | sets the key schema |
//! | `condition <expr>` / `filter <expr>` | `true`, `false` or `error: ...` |
//! | `update <expr>` | the updated item (which becomes current) or `error: ...` |
//! | `project <expr>` | the projected item or `error: ...` |
//! | `query <expr>` | the key condition or `error: ...` |
//!
//! Each compile command uses a fresh `Resolver` over the current names and
//! values and then calls `finish`, so unused placeholders are reported.
//! Errors print with a caret under the offending text (`ExprError::render`). The harness regenerates each file
//! from its commands and compares; `UPDATE_GOLDEN=1` rewrites the files
//! instead (review the diff before committing). Test-only.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use super::test_support::{item, values};
use super::{
    Comparator, ExprError, Resolver, SortKeyCondition, compile_condition, compile_filter,
    compile_key_condition, compile_projection, compile_update,
};
use crate::value::{AttributeValue, Item, item_to_json, value_to_json};

#[derive(Default)]
struct State {
    names: Option<HashMap<String, String>>,
    values: Option<HashMap<String, AttributeValue>>,
    item: Option<Item>,
    keys: Vec<String>,
}

impl State {
    fn resolver(&self) -> Result<Resolver<'_>, ExprError> {
        Resolver::new(self.names.as_ref(), self.values.as_ref())
    }

    /// Runs one command; returns its output lines.
    fn run(&mut self, command: &str, arg: &str) -> Vec<String> {
        let shown = |r: Result<String, ExprError>| match r {
            Ok(text) => vec![text],
            Err(e) => error_lines(&e, arg),
        };
        match command {
            "names" => {
                self.names = (arg != "none")
                    .then(|| serde_json::from_str(arg).expect("names are a JSON object"));
                vec![]
            }
            "values" => {
                self.values = (arg != "none").then(|| values(arg));
                vec![]
            }
            "item" => {
                self.item = (arg != "none").then(|| item(arg));
                vec![]
            }
            "keys" => {
                self.keys = arg.split_whitespace().map(str::to_string).collect();
                vec![]
            }
            "condition" | "filter" => shown(self.resolver().and_then(|mut r| {
                let compiled = if command == "condition" {
                    compile_condition(arg, &mut r)
                } else {
                    compile_filter(arg, &mut r)
                }?;
                r.finish()?;
                Ok(compiled.evaluate(self.item.as_ref()).to_string())
            })),
            "update" => {
                let keys: Vec<&str> = self.keys.iter().map(String::as_str).collect();
                let result = self.resolver().and_then(|mut r| {
                    let compiled = compile_update(arg, &mut r, &keys)?;
                    r.finish()?;
                    let mut next = self.item.clone().unwrap_or_default();
                    compiled.apply(&mut next)?;
                    Ok(next)
                });
                match result {
                    Ok(next) => {
                        let text = item_to_json(&next).to_string();
                        self.item = Some(next);
                        vec![text]
                    }
                    Err(e) => error_lines(&e, arg),
                }
            }
            "project" => shown(self.resolver().and_then(|mut r| {
                let compiled = compile_projection(arg, &mut r)?;
                r.finish()?;
                Ok(item_to_json(&compiled.apply(&self.item.clone().unwrap_or_default()))
                    .to_string())
            })),
            "query" => shown(self.resolver().and_then(|mut r| {
                let partition = self.keys.first().map_or("pk", String::as_str);
                let compiled = compile_key_condition(
                    arg,
                    &mut r,
                    partition,
                    self.keys.get(1).map(String::as_str),
                )?;
                r.finish()?;
                Ok(format!(
                    "partition {}; sort {}",
                    value_to_json(&compiled.partition_value),
                    compiled.sort.as_ref().map_or("none".to_string(), describe_sort)
                ))
            })),
            other => panic!("unknown golden command {other:?}"),
        }
    }
}

/// An error as `error: <message>`, then the expression with a caret under
/// the offending text when the error has a position.
fn error_lines(error: &ExprError, text: &str) -> Vec<String> {
    let rendered = error.render(text);
    let mut lines: Vec<String> = rendered.lines().map(str::to_string).collect();
    lines[0] = format!("error: {}", lines[0]);
    lines
}

fn describe_sort(sort: &SortKeyCondition) -> String {
    match sort {
        SortKeyCondition::Compare(op, v) => {
            format!("{} {}", Comparator::symbol(*op), value_to_json(v))
        }
        SortKeyCondition::Between(low, high) => {
            format!("BETWEEN {} AND {}", value_to_json(low), value_to_json(high))
        }
        SortKeyCondition::BeginsWith(prefix) => format!("begins_with {}", value_to_json(prefix)),
    }
}

/// Re-runs a script and returns its text with freshly computed outputs.
fn regenerate(script: &str) -> String {
    let mut state = State::default();
    let mut out = String::new();
    for line in script.lines() {
        if line.starts_with("  ") {
            continue; // an expected output line: recomputed below its command
        }
        let _ = writeln!(out, "{line}");
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (command, arg) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
        for output in state.run(command, arg.trim()) {
            let _ = writeln!(out, "  {output}");
        }
    }
    out
}

#[test]
fn golden_scripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine/expr/testscripts");
    crate::engine::golden_files::check_scripts(&dir, "golden scripts", regenerate);
}
