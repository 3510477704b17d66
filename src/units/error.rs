use thiserror::Error;

/// A value that could not be read as the unit it should be.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid {kind} `{input}`: {problem} (expected {expected})")]
pub struct UnitError {
    /// What was being parsed: "size", "count", "rate", "duration".
    pub kind: &'static str,
    /// The text as the user wrote it.
    pub input: String,
    /// What is wrong with it.
    pub problem: String,
    /// A description of accepted spellings, with examples.
    pub expected: &'static str,
}

impl UnitError {
    pub(crate) fn new(
        kind: &'static str,
        input: &str,
        problem: impl Into<String>,
        expected: &'static str,
    ) -> Self {
        UnitError { kind, input: input.to_string(), problem: problem.into(), expected }
    }
}
