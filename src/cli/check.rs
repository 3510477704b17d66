//! `ddbplan check`: hold every workload (YAML files, ```` ```ddbplan ````
//! blocks in Markdown documents, directories of both) against its `budget:`
//! and report ok / warn / over, for people and for CI.
//!
//! Also home to the loading shared with `diff`: a workload source parsed,
//! priced and estimated, with every error located in the file the user knows.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::{ExitStatus, InvalidInput};
use crate::check::glob::Glob;
use crate::check::source::{
    SourceKind, WorkloadSource, holds_workloads, search_dir, workload_sources,
};
use crate::check::verdict::check_budget;
use crate::check::{CheckRun, Entry, Outcome, RunStatus};
use crate::estimate::{Estimate, PriceLists, estimate};
use crate::pricing::{PriceList, PricingError};
use crate::report;
use crate::workload::{self, WorkloadFile};
use crate::yaml::{Located, YamlError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// A table for people, then the problems and a summary.
    Human,
    /// Stable JSON for tools (docs/json-output.md).
    Json,
    /// JUnit XML: one test case per workload, for CI test reports.
    Junit,
    /// GitHub Actions annotations (`::error file=...,line=...::`) on each block.
    Github,
}

const EXIT_CODES: &str = "\
Exit codes:
  0  every workload is within budget (warnings allowed unless --strict)
  1  a workload is over budget (or warned about, with --strict)
  2  invalid input: a bad file, block, field or argument, a workload without
     a budget, or nothing to check: a directory without workloads (none of
     its files, or none matching --glob, holds one) or a document without
     workload blocks, unless --allow-empty
  3  any other failure (I/O error, internal error)

See docs/ci.md for the budget rules and copy-paste CI jobs.";

/// Check workloads against their budgets (for CI and design documents).
///
/// Each PATH is a workload YAML file with a `budget:` section, a Markdown
/// document whose ```ddbplan (or ```yaml ddbplan) fenced blocks are
/// workloads, or a directory searched recursively for both. In a directory,
/// YAML files count only when they have top-level `version:` and `budget:`
/// keys, and Markdown documents only when they hold a workload block.
#[derive(Debug, Args)]
#[command(after_help = EXIT_CODES)]
pub struct CheckArgs {
    /// Workload files, Markdown documents or directories.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Fail (exit 1) on warnings too, not only on workloads over budget.
    #[arg(long)]
    pub strict: bool,
    /// Succeed when there is nothing to check (a document without workload
    /// blocks, a directory without workloads). Without it, such a PATH is an
    /// error (exit 2) naming the path and the --glob patterns; it is not
    /// counted as a workload.
    #[arg(long)]
    pub allow_empty: bool,
    /// In directories, only files matching PATTERN (repeatable): `*`, `**`,
    /// `?`, `{a,b}`; without `/` it matches the file name, e.g. `design-*.md`.
    #[arg(long, value_name = "PATTERN")]
    pub glob: Vec<String>,
    /// A price list file used for every workload instead of its own (same
    /// schema as pricing/*.yaml).
    #[arg(long, value_name = "FILE")]
    pub pricing: Option<PathBuf>,
}

/// Price lists for a run: the `--pricing` override, read once, or each
/// workload's own.
pub(super) struct Prices {
    override_list: Option<PriceList>,
}

impl Prices {
    /// Reads `--pricing` now, so a bad file is one error, not one per workload.
    pub(super) fn new(cli_override: Option<&Path>) -> anyhow::Result<Prices> {
        let override_list = match cli_override {
            Some(path) => {
                Some(PriceList::from_file(path).map_err(|e| InvalidInput(anyhow::Error::new(e)))?)
            }
            None => None,
        };
        Ok(Prices { override_list })
    }

    fn home_for(&self, file: &WorkloadFile) -> Result<PriceList, YamlError> {
        if let Some(list) = &self.override_list {
            return Ok(list.clone());
        }
        super::estimate::price_list_for(file, None).map_err(|e| {
            match e.chain().find_map(|c| c.downcast_ref::<PricingError>()) {
                Some(PricingError::Invalid(located)) => (**located).clone(),
                _ => {
                    let field = if file.workload.pricing.is_some() { "pricing" } else { "region" };
                    file.error_at(field, format!("{e:#}"))
                }
            }
        })
    }
}

/// Parses, prices and estimates one workload source. Errors are located in
/// the file the source came from (line and column in the Markdown document).
pub(super) fn estimate_source(
    src: &WorkloadSource,
    prices: &Prices,
) -> Result<(WorkloadFile, Estimate), Vec<YamlError>> {
    let relocate = |problems: Vec<YamlError>| -> Vec<YamlError> {
        problems.into_iter().map(|p| src.relocate(p)).collect()
    };
    let file = workload::parse(&src.file, &src.text, src.base_dir.clone(), src.line_offset)
        .map_err(|e| relocate(e.problems))?;
    let home = prices.home_for(&file).map_err(|e| relocate(vec![e]))?;
    let lookup = |region: &str| PriceList::builtin(region);
    let e = estimate(&file, &PriceLists { home: &home, other: &lookup })
        .map_err(|e| relocate(e.problems))?;
    Ok((file, e))
}

/// An error about a whole file (or a place in it without a field path).
pub(super) fn file_error(
    file: &str,
    line: Option<usize>,
    message: String,
    hint: &str,
) -> YamlError {
    let at = Located { file: file.to_string(), line, column: None, path: String::new() };
    YamlError::new(at, message).with_hint(hint)
}

/// Checks one workload: estimate, then budget verdict.
fn check_source(src: &WorkloadSource, prices: &Prices) -> Entry {
    let entry = |name: Option<String>, outcome| Entry {
        file: src.file.clone(),
        line: src.line,
        name,
        outcome,
    };
    let (file, estimate) = match estimate_source(src, prices) {
        Ok(ok) => ok,
        Err(problems) => return entry(written_name(&src.text), Outcome::Invalid(problems)),
    };
    let name = Some(file.display_name());
    let Some(budget) = &file.workload.budget else {
        let e = file_error(
            &src.file,
            Some(src.line),
            "this workload has no `budget:` section, so there is nothing to check it against"
                .into(),
            "add `budget: { monthly_usd: 500 }` (docs/ci.md), or use `ddbplan estimate` for an estimate without a budget",
        );
        return entry(name, Outcome::Invalid(vec![e]));
    };
    match check_budget(budget, &estimate) {
        Ok(c) => entry(name, Outcome::Checked(c)),
        Err(e) => {
            // Point at `mode:` when it is written, else at `budget:` (the default mode).
            let written = file.error_at("budget.mode", "").at.line.is_some();
            let field = if written { "budget.mode" } else { "budget" };
            let err = src.relocate(file.error_at(field, e.to_string()).with_hint(
                "every table must be costed for that option: `billing_mode: compare` (the default) costs both modes, and `provisioned_autoscaled` also needs `provisioned.autoscaling: true`; or use `mode: recommended`",
            ));
            entry(name, Outcome::Invalid(vec![err]))
        }
    }
}

/// The top-level `name:` of a workload that could not be parsed, for reports.
fn written_name(text: &str) -> Option<String> {
    let line = crate::check::source::top_level_key_line(text, "name")?;
    let value = text.lines().nth(line - 1)?.split_once(':')?.1;
    let value = value.split(" #").next()?.trim().trim_matches(|c| c == '"' || c == '\'');
    (!value.is_empty()).then(|| value.to_string())
}

/// Reads a file given or found; an error entry when it cannot be read.
fn read(path: &Path) -> Result<String, Entry> {
    let file = path.display().to_string();
    let invalid = |error| Entry {
        line: 1,
        name: None,
        outcome: Outcome::Invalid(vec![error]),
        file: file.clone(),
    };
    let bytes = std::fs::read(path).map_err(|e| {
        invalid(file_error(&file, None, format!("cannot read this file: {e}"), "check the path"))
    })?;
    crate::yaml::utf8_text(&file, bytes).map_err(invalid)
}

/// What one PATH holds.
#[derive(Default)]
struct Found {
    sources: Vec<WorkloadSource>,
    /// Entries for files that could not be read.
    unreadable: Vec<Entry>,
    /// Why there is nothing to check at this path (a directory without
    /// workloads, a document without blocks); not a workload, so not an entry.
    nothing: Option<YamlError>,
}

/// Every workload source of one path, entries for what could not be read,
/// and why there is nothing to check when there is not.
/// A file named twice (directly and in a directory, or twice) is read once.
fn sources_of(path: &Path, globs: &[Glob], seen: &mut HashSet<PathBuf>) -> anyhow::Result<Found> {
    let mut first_time =
        |p: &Path| seen.insert(p.canonicalize().unwrap_or_else(|_| p.to_path_buf()));
    let name = path.display().to_string();
    let base = |p: &Path| p.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut found = Found::default();
    if path.is_dir() {
        let files =
            search_dir(path, globs).with_context(|| format!("searching directory {name}"))?;
        let mut repeated = 0;
        for f in &files {
            if !first_time(f) {
                repeated += 1;
                continue;
            }
            let text = match read(f) {
                Ok(t) => t,
                Err(entry) => {
                    found.unreadable.push(entry);
                    continue;
                }
            };
            let kind = SourceKind::of(f);
            if holds_workloads(kind, &text) {
                found.sources.extend(workload_sources(
                    &f.display().to_string(),
                    &base(f),
                    kind,
                    &text,
                ));
            }
        }
        if found.sources.is_empty() && found.unreadable.is_empty() && repeated == 0 {
            found.nothing = Some(empty_directory(&name, globs, files.len()));
        }
        return Ok(found);
    }
    if !first_time(path) {
        return Ok(found);
    }
    let text = match read(path) {
        Ok(t) => t,
        Err(entry) => {
            found.unreadable.push(entry);
            return Ok(found);
        }
    };
    let kind = SourceKind::of(path);
    found.sources = workload_sources(&name, &base(path), kind, &text);
    if found.sources.is_empty() {
        found.nothing = Some(file_error(
            &name,
            None,
            "no workload blocks in this document: a workload is a fenced code block with the info string `ddbplan` or `yaml ddbplan`".into(),
            "start the block with ```ddbplan; pass --allow-empty to accept documents without workloads",
        ));
    }
    Ok(found)
}

/// Why directory `name` has nothing to check: no candidate files, none
/// matching the globs, or candidates without workloads.
fn empty_directory(name: &str, globs: &[Glob], candidates: usize) -> YamlError {
    let kinds = "*.md, *.markdown, *.yaml or *.yml";
    let reason = match (candidates, globs.is_empty()) {
        (0, true) => {
            format!("it holds no {kinds} file (searched recursively, hidden entries skipped)")
        }
        (0, false) => {
            let globs = globs.iter().map(|g| format!("`{}`", g.as_str())).collect::<Vec<_>>();
            format!("no {kinds} file in it matches --glob {}", globs.join(" or "))
        }
        (1, _) => "its one candidate file holds no workload".to_string(),
        (n, _) => format!("none of its {n} candidate files holds a workload"),
    };
    file_error(
        name,
        None,
        format!("no workloads found in this directory: {reason}"),
        "a Markdown file counts when it has a ```ddbplan block, a YAML file when it has top-level `version:` and `budget:` keys; pass --allow-empty to succeed when there is nothing to check",
    )
}

pub(super) fn run(args: CheckArgs) -> anyhow::Result<ExitStatus> {
    let globs = args
        .glob
        .iter()
        .map(|g| Glob::new(g))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| InvalidInput(e.into()))?;
    let prices = Prices::new(args.pricing.as_deref())?;
    let (mut entries, mut seen, mut nothing) = (Vec::new(), HashSet::new(), Vec::new());
    for path in &args.paths {
        let found = sources_of(path, &globs, &mut seen)?;
        entries.extend(found.unreadable);
        entries.extend(found.sources.iter().map(|s| check_source(s, &prices)));
        nothing.extend(found.nothing.filter(|_| !args.allow_empty));
    }
    let run = CheckRun { entries, strict: args.strict };
    if run.entries.is_empty() && !nothing.is_empty() {
        // Nothing at all to report on: the reason is the whole answer.
        return Err(InvalidInput(invalid_summary(&run, &nothing)).into());
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        CheckFormat::Human => report::check_human::render(&run, &mut out),
        CheckFormat::Json => report::check_json::render(&run, &mut out),
        CheckFormat::Junit => report::check_junit::render(&run, &mut out),
        CheckFormat::Github => report::check_github::render(&run, &mut out),
    }
    .context("writing the check report")?;
    match run.status() {
        _ if !nothing.is_empty() => Err(InvalidInput(invalid_summary(&run, &nothing)).into()),
        RunStatus::Passed => Ok(ExitStatus::Success),
        RunStatus::Failed => Ok(ExitStatus::Failure),
        RunStatus::Invalid => Err(InvalidInput(invalid_summary(&run, &nothing)).into()),
    }
}

/// The error `main` prints for a run with invalid workloads or paths with
/// nothing to check: every problem, located.
fn invalid_summary(run: &CheckRun, nothing: &[YamlError]) -> anyhow::Error {
    let problems: Vec<String> = run
        .entries
        .iter()
        .filter_map(|e| match &e.outcome {
            Outcome::Invalid(p) => Some(p.iter().map(ToString::to_string).collect::<Vec<_>>()),
            Outcome::Checked(_) => None,
        })
        .flatten()
        .collect();
    let mut parts = Vec::new();
    let n = run.summary().invalid;
    if n > 0 {
        let what = if n == 1 {
            "1 workload or file".to_string()
        } else {
            format!("{n} workloads or files")
        };
        parts.push(format!("{what} could not be checked:\n{}", problems.join("\n")));
    }
    if !nothing.is_empty() {
        let lines: Vec<String> = nothing.iter().map(ToString::to_string).collect();
        parts.push(format!("nothing to check:\n{}", lines.join("\n")));
    }
    anyhow::anyhow!("{}", parts.join("\n"))
}
