//! `--glob` patterns that narrow a directory search.
//!
//! Syntax: `*` matches any run of characters except `/`, `**` any run
//! including `/` (so `docs/**/*.md` matches at any depth, including none),
//! `?` one character other than `/`, and `{a,b}` either alternative (not
//! nested). A pattern without `/` is matched against the file name alone, as
//! in `.gitignore`; a pattern with `/` against the path relative to the
//! directory searched, with `/` separators.
//!
//! Depends on nothing else in the crate.

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    pattern: String,
    /// The pattern with `{..}` alternatives expanded.
    alternatives: Vec<Vec<char>>,
    name_only: bool,
}

/// A pattern that cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid --glob pattern `{pattern}`: {problem}")]
pub struct GlobError {
    pub pattern: String,
    pub problem: &'static str,
}

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, GlobError> {
        let fail = |problem| GlobError { pattern: pattern.to_string(), problem };
        if pattern.is_empty() {
            return Err(fail("the pattern is empty"));
        }
        let alternatives = expand(pattern).ok_or_else(|| fail("unbalanced or nested `{`"))?;
        Ok(Glob {
            pattern: pattern.to_string(),
            alternatives: alternatives.into_iter().map(|a| a.chars().collect()).collect(),
            name_only: !pattern.contains('/'),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether `relative` (a `/`-separated path under the searched directory) matches.
    pub fn matches(&self, relative: &str) -> bool {
        let subject =
            if self.name_only { relative.rsplit('/').next().unwrap_or(relative) } else { relative };
        let s: Vec<char> = subject.chars().collect();
        self.alternatives.iter().any(|p| matches(p, &s))
    }
}

/// Expands `{a,b}` alternatives; `None` when braces are unbalanced or nested.
fn expand(pattern: &str) -> Option<Vec<String>> {
    let Some(open) = pattern.find('{') else {
        return (!pattern.contains('}')).then(|| vec![pattern.to_string()]);
    };
    let close = open + pattern[open..].find('}')?;
    let inner = &pattern[open + 1..close];
    if inner.contains('{') || pattern[..open].contains('}') {
        return None;
    }
    let rest = expand(&pattern[close + 1..])?;
    let mut out = Vec::new();
    for alt in inner.split(',') {
        for r in &rest {
            out.push(format!("{}{alt}{r}", &pattern[..open]));
        }
    }
    Some(out)
}

fn matches(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            // `**/` may match no directories at all.
            let rest = &p[2..];
            if let Some(after_slash) = rest.strip_prefix(&['/'])
                && matches(after_slash, s)
            {
                return true;
            }
            (0..=s.len()).any(|i| matches(rest, &s[i..]))
        }
        Some('*') => {
            let rest = &p[1..];
            for i in 0..=s.len() {
                if matches(rest, &s[i..]) {
                    return true;
                }
                if s.get(i) == Some(&'/') {
                    return false;
                }
            }
            false
        }
        Some('?') => s.first().is_some_and(|c| *c != '/') && matches(&p[1..], &s[1..]),
        Some(c) => s.first() == Some(c) && matches(&p[1..], &s[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        Glob::new(p).unwrap().matches(s)
    }

    #[test]
    fn star_stays_within_a_path_segment() {
        assert!(m("docs/*.md", "docs/a.md"));
        assert!(!m("docs/*.md", "docs/sub/a.md"));
        assert!(m("*.md", "docs/sub/a.md"), "no slash: matched against the file name");
    }

    #[test]
    fn double_star_crosses_directories_including_none() {
        assert!(m("docs/**/*.md", "docs/a.md"));
        assert!(m("docs/**/*.md", "docs/x/y/a.md"));
        assert!(!m("docs/**/*.md", "other/a.md"));
        assert!(m("**/design-*", "a/b/design-orders.md"));
    }

    #[test]
    fn question_mark_and_alternatives() {
        assert!(m("v?.yaml", "v1.yaml"));
        assert!(!m("v?.yaml", "v10.yaml"));
        assert!(m("*.{md,yml}", "x.yml"));
        assert!(m("*.{md,yml}", "x.md"));
        assert!(!m("*.{md,yml}", "x.yaml"));
    }

    #[test]
    fn bad_patterns_are_errors() {
        assert!(Glob::new("").is_err());
        assert!(Glob::new("*.{md").is_err());
        assert!(Glob::new("{a,{b}}").is_err());
        assert!(Glob::new("a}").is_err());
    }
}
