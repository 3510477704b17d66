//! The JUnit XML view of `ddbplan check`, for CI test reports (GitHub test
//! reporters, GitLab `artifacts:reports:junit`, Jenkins).
//!
//! One `<testsuite>` with one `<testcase>` per workload: `name` is the
//! workload and its line, `classname` and `file` the document. Over budget
//! (and a warning under `--strict`) is a `<failure>`; an invalid workload is
//! an `<error>`; a warning otherwise passes with the warning in
//! `<system-out>`. Text and attributes are escaped, and characters XML 1.0
//! cannot hold are dropped.

use std::io::{self, Write};

use super::check_text::{finding_message, summary_line};
use crate::check::{CheckRun, Outcome, Verdict};

const SUITE: &str = "ddbplan check";

/// Writes `run` as a JUnit XML document.
pub fn render(run: &CheckRun, out: &mut dyn Write) -> io::Result<()> {
    let s = run.summary();
    let failures = run.entries.iter().filter(|e| e.verdict().is_some_and(|v| run.fails(v))).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    let counts = format!(r#"tests="{}" failures="{failures}" errors="{}""#, s.total(), s.invalid);
    writeln!(out, r#"<testsuites name="{SUITE}" {counts}>"#)?;
    writeln!(out, r#"  <testsuite name="{SUITE}" {counts} skipped="0">"#)?;
    for e in &run.entries {
        write!(
            out,
            r#"    <testcase name="{}" classname="{}" file="{}" line="{}""#,
            escape(&format!("{} (line {})", e.label(), e.line)),
            escape(&e.file),
            escape(&e.file),
            e.line
        )?;
        match &e.outcome {
            Outcome::Checked(c) => {
                let lines: Vec<String> = c
                    .findings
                    .iter()
                    .map(|f| format!("{}: {}", f.verdict.key(), finding_message(c, f)))
                    .collect();
                let body = lines.join("\n");
                let headline = c.problems().next().map(|f| finding_message(c, f));
                match (c.verdict, headline) {
                    (v, Some(headline)) if run.fails(v) => {
                        let kind = if v == Verdict::Over { "over_budget" } else { "warn_strict" };
                        writeln!(out, ">")?;
                        writeln!(
                            out,
                            r#"      <failure message="{}" type="{kind}">{}</failure>"#,
                            escape(&headline),
                            escape(&body)
                        )?;
                    }
                    _ => {
                        writeln!(out, ">")?;
                        writeln!(out, "      <system-out>{}</system-out>", escape(&body))?;
                    }
                }
            }
            Outcome::Invalid(problems) => {
                let body: Vec<String> = problems.iter().map(ToString::to_string).collect();
                let headline = problems.first().map(|p| p.message.clone()).unwrap_or_default();
                writeln!(out, ">")?;
                writeln!(
                    out,
                    r#"      <error message="{}" type="invalid_input">{}</error>"#,
                    escape(&headline),
                    escape(&body.join("\n"))
                )?;
            }
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "    <system-out>{}</system-out>", escape(&summary_line(run)))?;
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Escapes text for XML content and attribute values; drops characters
/// XML 1.0 does not allow (control characters other than tab, CR, LF).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::check::Entry;
    use crate::yaml::{Located, YamlError};

    #[test]
    fn an_invalid_workload_is_an_error_with_escaped_text() {
        let at =
            Located { file: "a&b.md".into(), line: Some(7), column: Some(3), path: "x".into() };
        let run = CheckRun {
            entries: vec![Entry {
                file: "a&b.md".into(),
                line: 5,
                name: Some("<orders>".into()),
                outcome: Outcome::Invalid(vec![YamlError::new(at, "expected \"a\" < b")]),
            }],
            strict: false,
        };
        let mut out = Vec::new();
        render(&run, &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(xml.contains(r#"tests="1" failures="0" errors="1""#), "{xml}");
        assert!(
            xml.contains(r#"<testcase name="&lt;orders&gt; (line 5)" classname="a&amp;b.md""#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<error message="expected &quot;a&quot; &lt; b" type="invalid_input">a&amp;b.md:7:3: field `x`: expected &quot;a&quot; &lt; b</error>"#),
            "{xml}"
        );
    }

    #[test]
    fn xml_escaping() {
        assert_eq!(escape(r#"a<b>&"c"'d'"#), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
        assert_eq!(escape("bell\u{7}\ttab"), "bell\ttab");
    }
}
