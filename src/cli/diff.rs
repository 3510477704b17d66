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
use crate::check::source::{SourceKind, search_dir, workload_sources};
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
/// in a directory) is compared with its version at REF; a file missing at
/// REF counts as added.
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
    std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(|e| InvalidInput(e).into())
}

fn base_dir(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Runs git in the directory of `path` and returns its stdout, or its stderr as the error.
fn git(path: &Path, args: &[&str]) -> anyhow::Result<Result<String, String>> {
    let dir = match base_dir(path) {
        d if d.as_os_str().is_empty() => PathBuf::from("."),
        d => d,
    };
    let out = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(args)
        .output()
        .context("running git (is it installed and on PATH?)")?;
    if out.status.success() {
        Ok(Ok(String::from_utf8_lossy(&out.stdout).into_owned()))
    } else {
        Ok(Err(String::from_utf8_lossy(&out.stderr).trim().to_string()))
    }
}

/// The text of `path` at `rev`, or `None` when the file did not exist there.
fn git_show(rev: &str, path: &Path) -> anyhow::Result<Option<String>> {
    let verify = format!("{rev}^{{commit}}");
    if let Err(stderr) =
        git(path, &["rev-parse", "--verify", "--quiet", "--end-of-options", &verify])?
    {
        let why = if stderr.is_empty() { "no such revision".to_string() } else { stderr };
        return Err(InvalidInput(anyhow!(
            "--git-base {rev}: not a revision of the repository holding {} ({why})\n  hint: fetch it first (in CI, `actions/checkout` with `fetch-depth: 0`), or name a branch, tag or commit",
            path.display()
        ))
        .into());
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let spec = format!("{rev}:./{name}");
    if git(path, &["cat-file", "-e", &spec])?.is_err() {
        return Ok(None);
    }
    match git(path, &["show", &spec])? {
        Ok(text) => Ok(Some(text)),
        Err(stderr) => Err(anyhow!("git show {spec}: {stderr}")),
    }
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
    let mut files = Vec::new();
    for f in &args.files {
        if f.is_dir() {
            for found in search_dir(f, &[]).with_context(|| format!("searching {}", f.display()))? {
                if has_workloads(SourceKind::of(&found), &read(&found)?) {
                    files.push(found);
                }
            }
        } else {
            files.push(f.clone());
        }
    }
    let mut out = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let new = read(&f)?;
        let old = git_show(rev, &f)?.map(|text| (format!("{rev}:{name}"), text));
        out.push(Versions {
            kind: SourceKind::of(&f),
            base_dir: base_dir(&f),
            old,
            new: Some((name, new)),
        });
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
