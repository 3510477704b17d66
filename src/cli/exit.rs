//! Exit codes, in one place.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (and `check`: everything within budget) |
//! | 1 | `check`: a workload is over budget (or a warning with `--strict`) |
//! | 2 | invalid input: a bad file, field, argument or value |
//! | 3 | any other failure (I/O error, internal error) |

use std::process::ExitCode;

/// How a successful run ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    /// The run worked but its verdict is negative (e.g. over budget).
    Failure,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        match s {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
        }
    }
}

/// Marks an error as the user's input being invalid (exit code 2). Wrap any
/// library error that describes bad input in this before returning it.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct InvalidInput(#[from] pub anyhow::Error);

/// Maps an error to its exit code: 2 for invalid input, 3 otherwise.
pub fn exit_code_for(err: &anyhow::Error) -> u8 {
    let invalid = err
        .chain()
        .any(|cause| cause.is::<InvalidInput>() || cause.is::<crate::units::UnitError>());
    if invalid { 2 } else { 3 }
}

pub(super) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
