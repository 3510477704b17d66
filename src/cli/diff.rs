//! `ddbplan diff`: what a change to a workload does to its capacity,
//! partitions and bill, per table and billing option.
//!
//! Two files (`OLD NEW`), or `--git-base REF FILE...` to compare each file
//! with its version at a git revision (read with `git show REF:./path`, so
//! paths are relative to each file's own directory and work from anywhere
//! in the repository).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, anyhow};
use clap::{Args, ValueEnum};

use super::check::{Prices, estimate_source};
use super::{ExitStatus, InvalidInput};
use crate::check::diff::{Compared, diff, pair_by_name};
use crate::check::source::{SourceKind, has_workload_extension, search_dir, workload_sources};
use crate::estimate::Estimate;
use crate::report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Tables for people.
    Human,
    /// Stable JSON for tools (docs/json-output.md).
    Json,
    /// A Markdown table for a pull-request comment.
    Markdown,
}

/// Compare two versions of workloads: cost, capacity and partitions, before and after.
///
/// For each workload, per table (and GSI) and billing option: monthly cost,
/// read and write capacity, and partitions, before and after, with the
/// change and the change as a percentage.
///
/// Files may be workload YAML or Markdown documents (workload blocks are
/// matched by `name:`; a file with one workload on each side is compared
/// whatever the names). With --git-base, each FILE (or each workload file
/// under a directory) is compared with its version at REF; a file missing at
/// REF counts as added, one deleted since REF as removed.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 compared, 2 invalid input (a bad file, workload or revision), 3 other failure."
)]
pub struct DiffArgs {
    /// OLD and NEW, or with --git-base the files (or directories) to compare.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Compare each FILE with its version at this git revision (branch, tag, commit).
    #[arg(long, value_name = "REF")]
    pub git_base: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// A price list file for both sides instead of each workload's own.
    #[arg(long, value_name = "FILE")]
    pub pricing: Option<PathBuf>,
}

/// One file's two versions: (name shown, text) on each side.
struct Versions {
    kind: SourceKind,
    base_dir: PathBuf,
    old: Option<(String, String)>,
    new: Option<(String, String)>,
}

fn read(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(InvalidInput)?;
    crate::yaml::utf8_text(&path.display().to_string(), bytes)
        .map_err(|e| InvalidInput(e.into()).into())
}

fn base_dir(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Runs git in `dir`: its stdout, or its stderr as the error.
fn git(dir: &Path, args: &[&str]) -> anyhow::Result<Result<String, String>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .context("running git (is it installed and on PATH?)")?;
    if out.status.success() {
        Ok(Ok(String::from_utf8_lossy(&out.stdout).into_owned()))
    } else {
        Ok(Err(String::from_utf8_lossy(&out.stderr).trim().to_string()))
    }
}

/// The directory a file is in (`.` for a bare file name).
fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Checks that `rev` names a commit of the repository holding `dir`.
fn verify_rev(rev: &str, dir: &Path) -> anyhow::Result<()> {
    let commit = format!("{rev}^{{commit}}");
    match git(dir, &["rev-parse", "--verify", "--quiet", "--end-of-options", &commit])? {
        Ok(_) => Ok(()),
        Err(stderr) => {
            let place = match dir.to_str() {
                Some(".") => "the current directory".to_string(),
                _ => dir.display().to_string(),
            };
            let problem = if stderr.contains("not a git repository") {
                format!("--git-base {rev}: {place} is not in a git repository")
            } else {
                let why = if stderr.is_empty() { "no such revision".to_string() } else { stderr };
                format!(
                    "--git-base {rev}: not a revision of the repository holding {place} ({why})"
                )
            };
            Err(InvalidInput(anyhow!(
                "{problem}\n  hint: name a branch, tag or commit that is fetched (in GitHub Actions, check out with `fetch-depth: 0`)"
            ))
            .into())
        }
    }
}

/// The text of `rel` (a `/`-separated path below `dir`) at `rev`, or `None`
/// when it did not exist there.
fn git_show(rev: &str, dir: &Path, rel: &str) -> anyhow::Result<Option<String>> {
    let spec = format!("{rev}:./{rel}");
    if git(dir, &["cat-file", "-e", &spec])?.is_err() {
        return Ok(None);
    }
    match git(dir, &["show", &spec])? {
        Ok(text) => Ok(Some(text)),
        Err(stderr) => Err(anyhow!("git show {spec}: {stderr}")),
    }
}

/// Files below `dir` at `rev` that may hold workloads, `/`-separated and
/// relative to `dir` (hidden entries skipped, as in the directory search).
fn git_files(rev: &str, dir: &Path) -> anyhow::Result<Vec<String>> {
    let listing = git(dir, &["ls-tree", "-r", "--name-only", rev, "--", "."])?
        .map_err(|stderr| anyhow!("git ls-tree {rev} in {}: {stderr}", dir.display()))?;
    Ok(listing
        .lines()
        .filter(|rel| !rel.split('/').any(|part| part.starts_with('.')))
        .filter(|rel| has_workload_extension(Path::new(rel)))
        .map(str::to_string)
        .collect())
}

/// `path` below `dir` as a `/`-separated relative path.
fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Whether a file found in a directory holds workloads (any, budget or not).
fn has_workloads(kind: SourceKind, text: &str) -> bool {
    use crate::check::source::top_level_key_line;
    match kind {
        SourceKind::Markdown => !crate::check::markdown::workload_blocks(text).is_empty(),
        SourceKind::Yaml => {
            top_level_key_line(text, "version").is_some()
                && top_level_key_line(text, "tables").is_some()
        }
    }
}

fn versions(args: &DiffArgs) -> anyhow::Result<Vec<Versions>> {
    let Some(rev) = &args.git_base else {
        let [old, new] = args.files.as_slice() else {
            return Err(InvalidInput(anyhow!(
                "diff takes two files, OLD and NEW (found {})\n  hint: or compare with a git revision: `ddbplan diff --git-base main FILE...`",
                args.files.len()
            ))
            .into());
        };
        return Ok(vec![Versions {
            kind: SourceKind::of(new),
            base_dir: base_dir(new),
            old: Some((old.display().to_string(), read(old)?)),
            new: Some((new.display().to_string(), read(new)?)),
        }]);
    };
    let mut out = Vec::new();
    for f in &args.files {
        let name = f.display().to_string();
        let version = |path: &Path, old: Option<String>, new: Option<String>| Versions {
            kind: SourceKind::of(path),
            base_dir: base_dir(path),
            old: old.map(|text| (format!("{rev}:{}", path.display()), text)),
            new: new.map(|text| (path.display().to_string(), text)),
        };
        if f.is_dir() {
            verify_rev(rev, f)?;
            let now = search_dir(f, &[]).with_context(|| format!("searching {name}"))?;
            for path in &now {
                let text = read(path)?;
                if has_workloads(SourceKind::of(path), &text) {
                    let old = git_show(rev, f, &relative(f, path))?;
                    out.push(version(path, old, Some(text)));
                }
            }
            // Files deleted since `rev` show as removed.
            for rel in git_files(rev, f)? {
                let path = f.join(&rel);
                if path.exists() {
                    continue;
                }
                if let Some(text) = git_show(rev, f, &rel)?
                    && has_workloads(SourceKind::of(&path), &text)
                {
                    out.push(version(&path, Some(text), None));
                }
            }
        } else {
            let dir = dir_of(f);
            let file_name = f.file_name().map(|n| n.to_string_lossy().into_owned());
            let old = match (dir.is_dir(), file_name) {
                (true, Some(file_name)) => {
                    verify_rev(rev, &dir)?;
                    git_show(rev, &dir, &file_name)?
                }
                _ => None,
            };
            let new = if f.exists() || old.is_none() { Some(read(f)?) } else { None };
            out.push(version(f, old, new));
        }
    }
    Ok(out)
}

/// The estimates of every workload in one version, keyed by name: the
/// workload's `name:`, or for an unnamed Markdown block `block N` (its place
/// in the document, so unnamed blocks pair by position); a repeated name gets
/// `#2`, `#3`... in document order.
fn estimates(
    v: &Versions,
    side: &Option<(String, String)>,
    prices: &Prices,
) -> anyhow::Result<Vec<(String, Estimate)>> {
    let Some((name, text)) = side else { return Ok(Vec::new()) };
    let mut out: Vec<(String, Estimate)> = Vec::new();
    for src in workload_sources(name, &v.base_dir, v.kind, text) {
        let (file, e) = estimate_source(&src, prices).map_err(|problems| {
            let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
            InvalidInput(anyhow!("{}", all.join("\n")))
        })?;
        let base = match (&file.workload.name, v.kind) {
            (Some(n), _) => n.clone(),
            (None, SourceKind::Markdown) => format!("block {}", src.index + 1),
            (None, SourceKind::Yaml) => e.name.clone(),
        };
        let seen =
            out.iter().filter(|(k, _)| k == &base || k.starts_with(&format!("{base}#"))).count();
        let key = if seen == 0 { base } else { format!("{base}#{}", seen + 1) };
        out.push((key, e));
    }
    Ok(out)
}

pub(super) fn run(args: DiffArgs) -> anyhow::Result<ExitStatus> {
    let prices = Prices::new(args.pricing.as_deref())?;
    let mut compared = Vec::new();
    for v in versions(&args)? {
        let old = estimates(&v, &v.old, &prices)?;
        let new = estimates(&v, &v.new, &prices)?;
        for (o, n) in pair_by_name(&old, &new, |(k, _)| k.as_str(), true) {
            let mut d = diff(o.map(|x| &x.1), n.map(|x| &x.1));
            d.name = n.or(o).map(|x| x.0.clone()).unwrap_or_default();
            compared.push(Compared {
                old_file: o.and(v.old.as_ref().map(|x| x.0.clone())),
                new_file: n.and(v.new.as_ref().map(|x| x.0.clone())),
                diff: d,
            });
        }
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        DiffFormat::Human => report::diff_human::render(&compared, &mut out),
        DiffFormat::Json => {
            report::diff_json::render(&compared, args.git_base.as_deref(), &mut out)
        }
        DiffFormat::Markdown => report::diff_markdown::render(&compared, &mut out),
    }
    .context("writing the diff")?;
    Ok(ExitStatus::Success)
}
