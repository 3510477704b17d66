//! Reading YAML files into typed models with errors that say where and why.
//!
//! Every YAML input (workloads, price lists) goes through [`from_str`], which
//! wraps serde-saphyr with serde_path_to_error so a failure names the file,
//! the line and column, the field path (`tables[0].operations[2].rate`), what
//! was expected, and a hint (the closest valid field name for a typo).
//! [`LocationIndex`] maps field paths back to lines for errors found after
//! deserialization (cross-field validation). Every input is read under the
//! size and nesting [`limits`], and a breach is reported in words.
//!
//! Depends on nothing else in the crate.

mod error;
pub mod limits;
mod load;
mod locate;
mod read;
mod suggest;

pub use error::{Located, YamlError};
pub use load::from_str;
pub use locate::LocationIndex;
pub use read::{is_blank, utf8_text};
pub use suggest::closest;
