//! Number, money, size and percentage formatting shared by every view.

use comfy_table::{ContentArrangement, Table, presets};
use rust_decimal::Decimal;

use crate::units::{Size, Usd};

/// A whole number with thousands separators: `50,000,000`.
pub fn int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A decimal rounded to `dp` places, trailing zeros dropped, with separators
/// on the integer part: `1,234.5`.
pub fn dec(d: Decimal, dp: u32) -> String {
    let r = d.round_dp(dp).normalize();
    let s = r.abs().to_string();
    let (i, f) = s.split_once('.').unwrap_or((&s, ""));
    let grouped = i.parse::<u64>().map(int).unwrap_or_else(|_| i.to_string());
    let sign = if r.is_sign_negative() && !r.is_zero() { "-" } else { "" };
    if f.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}.{f}") }
}

/// A measured (floating-point) figure with exactly `dp` decimals and
/// separators on the integer part: `398,847.0`.
pub fn float(v: f64, dp: usize) -> String {
    let s = format!("{:.dp$}", v.abs());
    let (i, f) = s.split_once('.').unwrap_or((&s, ""));
    let grouped = i.parse::<u64>().map(int).unwrap_or_else(|_| i.to_string());
    let sign = if v.is_sign_negative() && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        "-"
    } else {
        ""
    };
    if f.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}.{f}") }
}

/// Money as `$1,234.50`, or `-` when absent.
pub fn usd(u: Option<Usd>) -> String {
    u.map(|u| u.to_string()).unwrap_or_else(|| "-".to_string())
}

pub fn size(bytes: u64) -> String {
    Size::from_bytes(bytes).to_string()
}

/// A share as a percentage with one decimal: `28.9%`.
pub fn pct(d: Decimal) -> String {
    format!("{}%", dec(d * Decimal::from(100), 1))
}

/// A table with the house style: condensed UTF-8 borders, header row, no
/// terminal-width dependence (output is the same on a terminal and in a pipe).
pub fn table(header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn floats_keep_their_decimals_and_group_thousands() {
        assert_eq!(float(398_847.0, 1), "398,847.0");
        assert_eq!(float(1_214.06, 1), "1,214.1");
        assert_eq!(float(4.5, 1), "4.5");
        assert_eq!(float(-1_234.5, 1), "-1,234.5");
        assert_eq!(float(-0.01, 1), "0.0");
        assert_eq!(float(999.96, 1), "1,000.0");
    }

    #[test]
    fn formats_numbers_for_people() {
        assert_eq!(int(50_000_000), "50,000,000");
        assert_eq!(int(999), "999");
        assert_eq!(dec(dec!(1234.5678), 2), "1,234.57");
        assert_eq!(dec(dec!(0.5), 2), "0.5");
        assert_eq!(dec(dec!(-1234), 0), "-1,234");
        assert_eq!(pct(dec!(0.28888)), "28.9%");
    }
}
