//! [`Working`]: the steps of a calculation recorded as data, so reports can
//! show the working the way an exam answer does ("ceil(6 KB / 4 KB) = 2").

use serde::Serialize;

/// One step: which rule, and the formula with the numbers put in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Short rule name, e.g. "R1 read unit".
    pub rule: &'static str,
    /// The formula with values, e.g. "ceil(6144 B / 4096 B) x 1 = 2 RCU".
    pub formula: String,
}

/// An ordered list of steps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Working {
    steps: Vec<Step>,
}

impl Working {
    pub fn new() -> Self {
        Working::default()
    }

    pub fn push(&mut self, rule: &'static str, formula: impl Into<String>) {
        self.steps.push(Step { rule, formula: formula.into() });
    }

    pub fn extend(&mut self, other: Working) {
        self.steps.extend(other.steps);
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}
