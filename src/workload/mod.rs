//! The workload file: a YAML description of tables, keys, items, indexes and
//! access patterns (format version 1, documented in `docs/workload-format.md`).
//!
//! [`parse`] reads text into the serde [`model`] (syntax, types, unknown
//! fields), then `validate` applies the rules serde cannot express. Both
//! report every problem with its file, line, column and field path.
//!
//! Depends on `units`, `yaml` and `pricing::TableClass` (a name only).

mod error;
pub mod model;
pub mod simulation;
mod validate;
mod validate_simulation;

use std::path::{Path, PathBuf};

pub use error::WorkloadError;
pub use model::*;
pub use simulation::*;

use crate::yaml::{Located, LocationIndex, YamlError};

/// A parsed, validated workload with what is needed to locate later errors.
#[derive(Debug, Clone)]
pub struct WorkloadFile {
    /// The name used in messages (the path as given, or `<stdin>`).
    pub name: String,
    /// Directory that relative paths in the file (`pricing:`) are read from.
    pub base_dir: PathBuf,
    /// Lines before the YAML in its containing file (for workloads embedded in Markdown).
    pub line_offset: usize,
    pub workload: Workload,
    locations: LocationIndex,
}

impl WorkloadFile {
    /// A problem at `path` (a field path such as `tables[0].item_size`).
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> YamlError {
        let pos = self.locations.find(path);
        YamlError::new(
            Located {
                file: self.name.clone(),
                line: pos.map(|p| p.0 + self.line_offset),
                column: pos.map(|p| p.1),
                path: path.to_string(),
            },
            message,
        )
    }

    /// The workload's display name: its `name:` or the file stem.
    pub fn display_name(&self) -> String {
        if let Some(n) = &self.workload.name {
            return n.clone();
        }
        Path::new(&self.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.name.clone())
    }
}

/// Reads and validates a workload file.
pub fn load(path: &Path) -> Result<WorkloadFile, WorkloadError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let at = Located { file: name.clone(), ..Located::default() };
        WorkloadError::single(
            YamlError::new(at, format!("cannot read the workload file: {e}"))
                .with_hint("check the path; `ddbplan estimate scenarios/session-store.yaml` runs a bundled example"),
        )
    })?;
    let text = crate::yaml::utf8_text(&name, bytes).map_err(WorkloadError::single)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse(&name, &text, base, 0)
}

/// Parses and validates workload text. `line_offset` shifts reported lines
/// (for YAML embedded in a larger file, where a problem without a line of its
/// own is placed by the caller).
pub fn parse(
    name: &str,
    text: &str,
    base_dir: PathBuf,
    line_offset: usize,
) -> Result<WorkloadFile, WorkloadError> {
    if crate::yaml::is_blank(text) {
        return Err(WorkloadError::single(empty(name, text, line_offset > 0)));
    }
    let workload: Workload = crate::yaml::from_str(name, text).map_err(|mut e| {
        e.at.line = e.at.line.map(|l| l + line_offset);
        WorkloadError::single(e)
    })?;
    let file = WorkloadFile {
        name: name.to_string(),
        base_dir,
        line_offset,
        workload,
        locations: LocationIndex::build(text),
    };
    let problems = validate::validate(&file);
    if problems.is_empty() { Ok(file) } else { Err(WorkloadError { problems }) }
}

/// The error for a workload with no YAML content.
fn empty(name: &str, text: &str, embedded: bool) -> YamlError {
    let what = match (embedded, text.trim().is_empty()) {
        (false, true) => "the file is empty",
        (false, false) => "the file holds only comments and blank lines",
        (true, _) => "the workload block is empty",
    };
    let at = Located { file: name.to_string(), ..Located::default() };
    YamlError::new(
        at,
        format!("{what}; expected a workload with `version: 1` and at least one table under `tables:`"),
    )
    .with_hint(
        "see docs/workload-format.md; `ddbplan estimate scenarios/session-store.yaml` runs a bundled example",
    )
}

/// Hours per day at the peak rate when `traffic.peak_to_average` is given
/// without `peak_hours`.
pub const DEFAULT_PEAK_HOURS: u32 = 4;
