//! The two DynamoDB table classes, which price throughput and storage differently.

use serde::{Deserialize, Serialize};

/// DynamoDB table class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TableClass {
    /// `STANDARD`: the default; cheaper throughput, dearer storage.
    #[default]
    Standard,
    /// `STANDARD_INFREQUENT_ACCESS`: about 60% cheaper storage, about 25% dearer throughput.
    StandardIa,
}

impl TableClass {
    pub fn as_str(self) -> &'static str {
        match self {
            TableClass::Standard => "standard",
            TableClass::StandardIa => "standard_ia",
        }
    }
}
