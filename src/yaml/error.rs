use std::fmt;

use thiserror::Error;

/// A position and field path in a named source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Located {
    /// The file (or other source) name as the user knows it.
    pub file: String,
    /// 1-based line, if known.
    pub line: Option<usize>,
    /// 1-based column, if known.
    pub column: Option<usize>,
    /// Field path such as `tables[0].operations[2].rate`; empty for the root.
    pub path: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if !self.path.is_empty() {
            write!(f, ": field `{}`", self.path)?;
        }
        Ok(())
    }
}

/// A YAML input that could not be read into its model.
///
/// Displays as `file:line:col: field `path`: message` followed by an
/// optional `hint: ...` line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct YamlError {
    pub at: Located,
    /// What is wrong, including what was expected.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl YamlError {
    pub fn new(at: Located, message: impl Into<String>) -> Self {
        YamlError { at, message: message.into(), hint: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}
