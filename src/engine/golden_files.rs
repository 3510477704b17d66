//! The part both golden harnesses share (`golden.rs` for operations,
//! `expr/golden.rs` for expressions): regenerate every `*.txt` script of a
//! directory from its commands and compare it with the file, reporting the
//! first differing line of each; with `UPDATE_GOLDEN=1` the files are
//! rewritten instead (review the diff before committing). Test-only.

use std::path::Path;

/// Checks every script in `dir` against `regenerate`'s output for it;
/// `what` names the scripts in messages ("golden transcripts").
pub(crate) fn check_scripts(dir: &Path, what: &str, regenerate: impl Fn(&str) -> String) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {what} in {}", dir.display());
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for file in files {
        let expected = std::fs::read_to_string(&file).expect("readable script");
        let actual = regenerate(&expected);
        if actual == expected {
            continue;
        }
        if update {
            std::fs::write(&file, &actual).expect("writable script");
            continue;
        }
        let line =
            expected.lines().zip(actual.lines()).position(|(e, a)| e != a).map_or(0, |i| i + 1);
        let (e, a) = (
            expected.lines().nth(line.saturating_sub(1)),
            actual.lines().nth(line.saturating_sub(1)),
        );
        failures.push(format!("{}:{line}\n  expected: {e:?}\n  actual:   {a:?}", file.display()));
    }
    assert!(
        failures.is_empty(),
        "{what} differ (UPDATE_GOLDEN=1 to rewrite):\n{}",
        failures.join("\n")
    );
}
