//! [`PricingError`]: why a price list could not be had.
//!
//! Depends on `crate::yaml` (for the located YAML error).

use std::path::PathBuf;

use thiserror::Error;

use crate::yaml::YamlError;

/// A price list that could not be loaded or found.
#[derive(Debug, Error)]
pub enum PricingError {
    /// The file or text is not a valid price list; located (file, line,
    /// column, field path) with what was expected and a hint.
    #[error("{0}")]
    Invalid(Box<YamlError>),

    /// The `--pricing` file could not be read.
    #[error("cannot read price list `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// No built-in price list for this region.
    #[error(
        "no built-in price list for region `{region}`; built-in regions: {}\n  hint: {}",
        known.join(", "),
        unknown_region_hint(closest.as_deref())
    )]
    UnknownRegion {
        region: String,
        /// The regions that do have a built-in price list.
        known: Vec<String>,
        /// The built-in region closest to what was asked, if any is close.
        closest: Option<String>,
    },
}

fn unknown_region_hint(closest: Option<&str>) -> String {
    let file = "or pass `--pricing FILE` with a price list of your own (format: docs/pricing.md)";
    match closest {
        Some(best) => format!("did you mean `{best}`? {file}"),
        None => format!("use one of the built-in regions, {file}"),
    }
}

impl From<YamlError> for PricingError {
    fn from(error: YamlError) -> Self {
        PricingError::Invalid(Box::new(error))
    }
}
