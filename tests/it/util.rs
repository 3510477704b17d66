//! Helpers shared by the integration tests.

use std::path::PathBuf;

use assert_cmd::Command;

/// The `ddbplan` binary built by cargo for this test run, run from the
/// repository root with a clean environment for colours.
pub(crate) fn ddbplan() -> Command {
    let mut cmd = Command::cargo_bin("ddbplan").expect("the ddbplan binary is built by cargo test");
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
}

/// The repository root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `ddbplan args...` and returns (exit code, stdout, stderr).
pub(crate) fn run(args: &[&str]) -> (i32, String, String) {
    let out = ddbplan().args(args).output().expect("ddbplan runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[allow(dead_code)] // used by the practice tests
/// Runs `ddbplan args...` with `stdin` and returns (exit code, stdout, stderr).
pub(crate) fn run_with_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = ddbplan().args(args).write_stdin(stdin).output().expect("ddbplan runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `text` to a fresh file named `name` in a temporary directory and returns its path.
pub(crate) fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ddbplan-it-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp file");
    path
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}
