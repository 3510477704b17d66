//! The GitHub Actions view of `ddbplan check`: one workflow command per
//! problem, so each shows as an annotation on the workload block's line of
//! the file in the pull request
//! (<https://docs.github.com/actions/reference/workflow-commands-for-github-actions>):
//! `::error file=F,line=N,title=T::message` for over budget (and for
//! warnings under `--strict`), `::warning ...` for warnings, and one
//! `::error` per located problem of an invalid workload. Workloads within
//! budget get no annotation. The human table and the summary follow as plain
//! log lines, so the job log shows every workload's numbers.

use std::io::{self, Write};

use super::check_text::{finding_message, summary_line};
use crate::check::{CheckRun, Outcome, Verdict};

/// Writes the annotations of `run`.
pub fn render(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    for e in &run.entries {
        match &e.outcome {
            Outcome::Checked(c) => {
                for f in c.problems() {
                    let (level, title) = match f.verdict {
                        Verdict::Over => ("error", "over budget"),
                        _ if run.strict => ("error", "near budget (--strict)"),
                        _ => ("warning", "near budget"),
                    };
                    let props = format!(
                        "file={},line={},title={}",
                        property(&e.file),
                        e.line,
                        property(&format!("ddbplan check: {title}"))
                    );
                    let message = format!("{}: {}", e.label(), finding_message(c, f));
                    writeln!(out, "::{level} {props}::{}", data(&message))?;
                }
            }
            Outcome::Invalid(problems) => {
                for p in problems {
                    let mut props = format!("file={}", property(&p.at.file));
                    if let Some(line) = p.at.line {
                        props.push_str(&format!(",line={line}"));
                        if let Some(col) = p.at.column {
                            props.push_str(&format!(",col={col}"));
                        }
                    }
                    props.push_str(&format!(
                        ",title={}",
                        property("ddbplan check: invalid workload")
                    ));
                    let mut message = if p.at.path.is_empty() {
                        p.message.clone()
                    } else {
                        format!("field `{}`: {}", p.at.path, p.message)
                    };
                    if let Some(hint) = &p.hint {
                        message.push_str(&format!("\nhint: {hint}"));
                    }
                    writeln!(out, "::error {props}::{}", data(&message))?;
                }
            }
        }
    }
    if !run.entries.is_empty() {
        super::check_human::render_table(run, out)?;
    }
    writeln!(out, "{}", summary_line(run))
}

/// Escapes a message (`%`, CR, LF), as the Actions toolkit's `escapeData` does.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: as [`data`], plus `:` and `,` (`escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(data("50% of\r\nbudget"), "50%25 of%0D%0Abudget");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
