//! Counts written with `k`, `M` and `B` suffixes (`50M` = 50,000,000), as
//! people write item counts and request volumes.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Deserializer};

use super::UnitError;

const EXPECTED: &str = "a count such as `1000`, `50k`, `50M` or `1.5B`";

/// A whole, non-negative count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Count(u64);

impl Count {
    pub const fn new(n: u64) -> Self {
        Count(n)
    }

    pub const fn get(self) -> u64 {
        self.0
    }
}

/// Parses a decimal with an optional `k`/`M`/`B` suffix into an exact decimal.
/// Shared by counts and rates.
pub(crate) fn parse_scaled(
    kind: &'static str,
    input: &str,
    expected: &'static str,
) -> Result<Decimal, UnitError> {
    let s = input.trim().replace('_', "");
    if s.is_empty() {
        return Err(UnitError::new(kind, input, "it is empty", expected));
    }
    let (num, mult) = match s.chars().last() {
        Some('k' | 'K') => (&s[..s.len() - 1], Decimal::from(1_000)),
        Some('M') => (&s[..s.len() - 1], Decimal::from(1_000_000)),
        Some('B' | 'G') => (&s[..s.len() - 1], Decimal::from(1_000_000_000)),
        _ => (s.as_str(), Decimal::ONE),
    };
    let value = Decimal::from_str(num.trim()).map_err(|_| {
        UnitError::new(kind, input, format!("`{}` is not a number", num.trim()), expected)
    })?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(UnitError::new(kind, input, "it cannot be negative", expected));
    }
    value.checked_mul(mult).ok_or_else(|| UnitError::new(kind, input, "it is too large", expected))
}

impl FromStr for Count {
    type Err = UnitError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let value = parse_scaled("count", input, EXPECTED)?;
        if value.fract() != Decimal::ZERO {
            return Err(UnitError::new("count", input, "it is not a whole number", EXPECTED));
        }
        value
            .to_u64()
            .map(Count)
            .ok_or_else(|| UnitError::new("count", input, "it is too large", EXPECTED))
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = number_or_string(d)?;
        Count::from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// Reads a YAML scalar that may be written as a number (`2048`) or a string
/// (`2KB`), returning its text. Floats keep their written digits as far as
/// `f64` `Display` allows; callers parse the text exactly.
pub(crate) fn number_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number or a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_scale_by_powers_of_1000() {
        assert_eq!("50M".parse::<Count>().unwrap().get(), 50_000_000);
        assert_eq!("50k".parse::<Count>().unwrap().get(), 50_000);
        assert_eq!("1.5M".parse::<Count>().unwrap().get(), 1_500_000);
        assert_eq!("2B".parse::<Count>().unwrap().get(), 2_000_000_000);
        assert_eq!("1_000".parse::<Count>().unwrap().get(), 1_000);
        assert_eq!("1000".parse::<Count>().unwrap().get(), 1_000);
    }

    #[test]
    fn rejects_negative_fractional_and_garbage() {
        for bad in ["-5", "1.5", "x", "", "5X"] {
            assert!(bad.parse::<Count>().is_err(), "{bad}");
        }
    }
}
