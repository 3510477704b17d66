//! [`WorkloadError`]: everything wrong with a workload file, located.

use std::fmt;

use thiserror::Error;

use crate::yaml::YamlError;

/// A workload file that cannot be used. Holds every problem found (not just
/// the first), each with file, line, column and field path.
#[derive(Debug, Clone, Error)]
pub struct WorkloadError {
    pub problems: Vec<YamlError>,
}

impl WorkloadError {
    pub fn single(problem: YamlError) -> Self {
        WorkloadError { problems: vec![problem] }
    }
}

impl fmt::Display for WorkloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.problems.len() > 1 {
            write!(f, "\n{} problems found", self.problems.len())?;
        }
        Ok(())
    }
}
