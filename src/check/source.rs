//! Where workloads come from: the workload texts of a YAML file or a Markdown
//! document, each with what is needed to point errors at the right line and
//! column of the file, and the recursive directory search.
//!
//! - A `.md` or `.markdown` file holds one workload per fenced block whose
//!   info string is `ddbplan` or `yaml ddbplan` ([`super::markdown`]).
//! - Any other file is one workload in YAML.
//! - A directory is searched recursively (hidden entries skipped, symbolic
//!   links not followed, sorted by path) for `*.md`, `*.markdown`, `*.yaml`
//!   and `*.yml` files, narrowed by `--glob` patterns. Whether a file found
//!   there holds workloads is decided by [`holds_workloads`].
//!
//! Depends on `yaml` (located errors) and `check::{markdown, glob}`.

use std::io;
use std::path::{Path, PathBuf};

use super::glob::Glob;
use super::markdown::workload_blocks;
use crate::yaml::YamlError;

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Yaml,
    Markdown,
}

impl SourceKind {
    pub fn of(path: &Path) -> SourceKind {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown") => {
                SourceKind::Markdown
            }
            _ => SourceKind::Yaml,
        }
    }
}

/// One workload's YAML text and where it sits in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadSource {
    /// The file as named to the user.
    pub file: String,
    /// Directory for the workload's relative paths (`pricing:`).
    pub base_dir: PathBuf,
    /// The line results point at: a block's opening fence, or a YAML file's
    /// top-level `budget:` (line 1 without one).
    pub line: usize,
    /// Position among the file's workloads, from 0.
    pub index: usize,
    /// The YAML text.
    pub text: String,
    /// Lines of the file before `text`.
    pub line_offset: usize,
    /// Columns of indentation removed from each line of `text` (indented fences).
    pub column_offset: usize,
}

impl WorkloadSource {
    /// Moves an error located in `text` to its column in the file (lines are
    /// already shifted by `workload::parse`). An error in a Markdown block
    /// without a line of its own points at the block's opening fence.
    pub fn relocate(&self, mut e: YamlError) -> YamlError {
        if e.at.file != self.file {
            return e;
        }
        e.at.column = e.at.column.map(|c| c + self.column_offset);
        if e.at.line.is_none() && self.line_offset > 0 {
            e.at.line = Some(self.line);
        }
        e
    }
}

/// The workloads in `text`, the content of `file` (named as the user knows it).
pub fn workload_sources(
    file: &str,
    base_dir: &Path,
    kind: SourceKind,
    text: &str,
) -> Vec<WorkloadSource> {
    match kind {
        SourceKind::Yaml => vec![WorkloadSource {
            file: file.to_string(),
            base_dir: base_dir.to_path_buf(),
            line: top_level_key_line(text, "budget").unwrap_or(1),
            index: 0,
            text: text.to_string(),
            line_offset: 0,
            column_offset: 0,
        }],
        SourceKind::Markdown => workload_blocks(text)
            .into_iter()
            .enumerate()
            .map(|(index, b)| WorkloadSource {
                file: file.to_string(),
                base_dir: base_dir.to_path_buf(),
                line: b.fence_line,
                index,
                text: b.content,
                line_offset: b.line_offset,
                column_offset: b.indent,
            })
            .collect(),
    }
}

/// Whether a file found in a directory search holds workloads to check: a
/// Markdown document with at least one workload block, or a YAML file with
/// top-level `version:` and `budget:` keys (so price lists, CI files and
/// workloads without a budget are left alone; name a file to check it anyway).
pub fn holds_workloads(kind: SourceKind, text: &str) -> bool {
    match kind {
        SourceKind::Markdown => !workload_blocks(text).is_empty(),
        SourceKind::Yaml => {
            top_level_key_line(text, "version").is_some()
                && top_level_key_line(text, "budget").is_some()
        }
    }
}

/// The 1-based line where `key:` starts a line at column 0.
pub fn top_level_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')))
        .map(|i| i + 1)
}

/// Files under `dir` that may hold workloads, sorted, narrowed by `globs`
/// (any of them; all files with a workload extension when empty).
pub fn search_dir(dir: &Path, globs: &[Glob]) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    walk(dir, dir, globs, &mut found)?;
    found.sort();
    Ok(found)
}

fn walk(root: &Path, dir: &Path, globs: &[Glob], found: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            walk(root, &path, globs, found)?;
        } else if kind.is_file() && has_workload_extension(&path) {
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if globs.is_empty() || globs.iter().any(|g| g.matches(&relative)) {
                found.push(path);
            }
        }
    }
    Ok(())
}

/// Whether `path` ends in `.md`, `.markdown`, `.yaml` or `.yml` (any case).
pub fn has_workload_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["md", "markdown", "yaml", "yml"].iter().any(|x| e.eq_ignore_ascii_case(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_blocks_become_sources_with_offsets() {
        let text = "# Doc\n\n- item\n\n  ```ddbplan\n  version: 1\n  ```\n";
        let s = workload_sources("d.md", Path::new("docs"), SourceKind::Markdown, text);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].line, s[0].line_offset, s[0].column_offset), (5, 5, 2));
        assert_eq!(s[0].text, "version: 1\n");
        assert_eq!(s[0].base_dir, Path::new("docs"));
    }

    #[test]
    fn yaml_sources_point_at_the_budget() {
        let text = "version: 1\nname: x\nbudget: { monthly_usd: 5 }\ntables: []\n";
        let s = workload_sources("w.yaml", Path::new(""), SourceKind::Yaml, text);
        assert_eq!(s[0].line, 3);
        assert!(holds_workloads(SourceKind::Yaml, text));
        assert!(!holds_workloads(SourceKind::Yaml, "version: 1\ntables: []\n"));
        assert!(
            !holds_workloads(SourceKind::Yaml, "jobs:\n  budget: 1\n"),
            "nested keys do not count"
        );
    }

    #[test]
    fn relocation_shifts_columns_of_this_file_only() {
        use crate::yaml::Located;
        let s = &workload_sources(
            "d.md",
            Path::new(""),
            SourceKind::Markdown,
            "   ```ddbplan\n   a: 1\n   ```\n",
        )[0];
        let at = |file: &str| Located {
            file: file.into(),
            line: Some(2),
            column: Some(4),
            path: "a".into(),
        };
        assert_eq!(s.relocate(YamlError::new(at("d.md"), "x")).at.column, Some(7));
        assert_eq!(s.relocate(YamlError::new(at("prices.yaml"), "x")).at.column, Some(4));
        let unplaced = Located { file: "d.md".into(), ..Located::default() };
        assert_eq!(s.relocate(YamlError::new(unplaced, "x")).at.line, Some(1), "the fence line");
    }

    #[test]
    fn kinds_by_extension() {
        assert_eq!(SourceKind::of(Path::new("a/B.MD")), SourceKind::Markdown);
        assert_eq!(SourceKind::of(Path::new("a.markdown")), SourceKind::Markdown);
        assert_eq!(SourceKind::of(Path::new("a.yml")), SourceKind::Yaml);
        assert_eq!(SourceKind::of(Path::new("workload")), SourceKind::Yaml);
    }
}
