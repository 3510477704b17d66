//! Rendering: turns result structs into text for people (comfy-table), for
//! tools (JSON, with wire types of their own) and for documents (Markdown).
//!
//! Renderers take finished results and write to `impl Write`; they compute
//! nothing beyond formatting. One file per view and format.
//! Depends on the result types of `estimate`, `capacity`, `pricing` and `units`.

pub mod calc_human;
pub mod calc_json;
pub mod check_github;
pub mod check_human;
pub mod check_json;
pub mod check_junit;
pub mod check_text;
pub mod diff_cells;
pub mod diff_human;
pub mod diff_json;
pub mod diff_markdown;
pub mod estimate_human;
pub mod estimate_json;
pub mod estimate_markdown;
pub mod fmt;
pub mod practice_human;
pub mod practice_json;
pub mod pricing_show;
pub mod sim_csv;
pub mod sim_human;
pub mod sim_json;
pub mod sim_rows;
pub mod sim_svg;
mod sim_svg_heat;
pub mod svg;

/// The output formats a command may offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Markdown,
}
