//! Sizes in bytes, written with binary units as DynamoDB uses them:
//! 1 KB = 1,024 B, 1 MB = 1,024 KB, 1 GB = 1,024 MB (DynamoDB quotas page,
//! "binary units"). `2.5KB`, `6 KB`, `6144`, `6144B`, `10GB` all parse.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Deserializer};

use super::UnitError;

const EXPECTED: &str =
    "a size such as `6144`, `6144B`, `2.5KB`, `6 KB`, `1.5MB` or `10GB` (1 KB = 1024 bytes)";

/// A size in whole bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Size(u64);

impl Size {
    pub const KB: u64 = 1024;
    pub const MB: u64 = 1024 * 1024;
    pub const GB: u64 = 1024 * 1024 * 1024;

    pub const fn from_bytes(bytes: u64) -> Self {
        Size(bytes)
    }

    pub const fn bytes(self) -> u64 {
        self.0
    }

    /// The size in GB (2^30 bytes) as an exact decimal.
    pub fn gb(self) -> Decimal {
        Decimal::from(self.0) / Decimal::from(Self::GB)
    }
}

impl FromStr for Size {
    type Err = UnitError;

    /// Parses a size. Fractions are allowed with a unit (`2.5KB` = 2,560 B) and
    /// round **up** to a whole byte, because capacity rules round up too.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s = input.trim();
        if s.is_empty() {
            return Err(UnitError::new("size", input, "it is empty", EXPECTED));
        }
        let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
        let (num, unit) = s.split_at(split);
        let unit = unit.trim();
        let multiplier: u64 = match unit.to_ascii_uppercase().as_str() {
            "" | "B" => 1,
            "KB" | "KIB" | "K" => Self::KB,
            "MB" | "MIB" | "M" => Self::MB,
            "GB" | "GIB" | "G" => Self::GB,
            "TB" | "TIB" | "T" => Self::GB * 1024,
            _ => {
                let problem = if s.starts_with('-') {
                    "sizes cannot be negative".to_string()
                } else {
                    format!("unknown unit `{unit}`")
                };
                return Err(UnitError::new("size", input, problem, EXPECTED));
            }
        };
        if num.is_empty() {
            return Err(UnitError::new("size", input, "there is no number", EXPECTED));
        }
        let value = Decimal::from_str(num).map_err(|_| {
            UnitError::new("size", input, format!("`{num}` is not a number"), EXPECTED)
        })?;
        let bytes = (value * Decimal::from(multiplier)).ceil();
        let bytes = bytes
            .to_u64()
            .ok_or_else(|| UnitError::new("size", input, "it is too large", EXPECTED))?;
        Ok(Size(bytes))
    }
}

impl fmt::Display for Size {
    /// Bytes below 1 KB, then KB/MB/GB with up to two decimals (`2.5 KB`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        let (div, unit) = if b >= Self::GB {
            (Self::GB, "GB")
        } else if b >= Self::MB {
            (Self::MB, "MB")
        } else if b >= Self::KB {
            (Self::KB, "KB")
        } else {
            return write!(f, "{b} B");
        };
        let v = (Decimal::from(b) / Decimal::from(div)).round_dp(2).normalize();
        write!(f, "{v} {unit}")
    }
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = super::count::number_or_string(d)?;
        Size::from_str(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(s: &str) -> u64 {
        s.parse::<Size>().unwrap().bytes()
    }

    #[test]
    fn binary_units_1kb_is_1024_bytes() {
        assert_eq!(bytes("6KB"), 6144);
        assert_eq!(bytes("6 KB"), 6144);
        assert_eq!(bytes("6144"), 6144);
        assert_eq!(bytes("6144B"), 6144);
        assert_eq!(bytes("4.5KB"), 4608);
        assert_eq!(bytes("2.5KB"), 2560);
        assert_eq!(bytes("1MB"), 1_048_576);
        assert_eq!(bytes("10GB"), 10 * 1_073_741_824);
        assert_eq!(bytes("400kb"), 409_600);
    }

    #[test]
    fn fractional_bytes_round_up() {
        assert_eq!(bytes("0.1KB"), 103); // 102.4 -> 103
    }

    #[test]
    fn rejects_bad_sizes() {
        for bad in ["", "KB", "-1KB", "6 XB", "1.2.3KB", "abc"] {
            assert!(bad.parse::<Size>().is_err(), "{bad} should be rejected");
        }
        let err = "-1KB".parse::<Size>().unwrap_err();
        assert!(err.problem.contains("negative"));
    }

    #[test]
    fn displays_in_the_largest_whole_unit() {
        assert_eq!(Size::from_bytes(500).to_string(), "500 B");
        assert_eq!(Size::from_bytes(2560).to_string(), "2.5 KB");
        assert_eq!(Size::from_bytes(10 * Size::GB).to_string(), "10 GB");
    }
}
