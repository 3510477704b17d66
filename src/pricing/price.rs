//! One sourced figure of a price list: [`Price`] (an exact dollar amount) and
//! [`Allowance`] (a free-tier quantity), each carrying the URL it was read
//! from ([`SourceUrl`]) and the date it took effect ([`EffectiveDate`]).
//!
//! Every field validates itself while it is deserialized, so a bad value is
//! reported by `crate::yaml::from_str` at its own line, column and field path
//! (`table_classes.standard.storage_gb_month.usd`).
//!
//! Depends on `rust_decimal` and serde only.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A price in US dollars, exactly as written in the price list, with where it
/// came from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// The amount: a quoted decimal string such as `"0.625"`, never negative.
    #[serde(deserialize_with = "usd_amount", serialize_with = "decimal_as_string")]
    pub usd: Decimal,
    /// The http(s) URL the figure was read from.
    pub source: SourceUrl,
    /// The date from which the figure is in force.
    pub effective: EffectiveDate,
    /// How the figure was found or derived, when that is not obvious.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A free-tier allowance: a non-negative quantity (GB, units, requests) per
/// month, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Allowance {
    /// The quantity: a whole number (`25`) or a quoted decimal (`"0.5"`).
    #[serde(deserialize_with = "allowance_amount", serialize_with = "decimal_as_string")]
    pub amount: Decimal,
    pub source: SourceUrl,
    pub effective: EffectiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An `http://` or `https://` URL with a host part.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct SourceUrl(String);

impl SourceUrl {
    /// Checks that `text` is an http(s) URL with a non-empty host.
    pub fn parse(text: &str) -> Result<SourceUrl, String> {
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| format!("`{text}` is not an http(s) URL"))?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty() || text.chars().any(char::is_whitespace) {
            return Err(format!("`{text}` is not an http(s) URL with a host"));
        }
        Ok(SourceUrl(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SourceUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SourceUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        SourceUrl::parse(&text).map_err(de::Error::custom)
    }
}

/// A calendar date written `YYYY-MM-DD` (no time, no zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EffectiveDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl EffectiveDate {
    /// Parses `YYYY-MM-DD`, checking the day exists in that month.
    pub fn parse(text: &str) -> Result<EffectiveDate, String> {
        let bad = || format!("`{text}` is not a date written YYYY-MM-DD");
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(bad());
        }
        let digits = |range: std::ops::Range<usize>| -> Result<u16, String> {
            let part = &text[range];
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}`: month {month} is not 01-12"));
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day == 0 || day > days_in_month {
            return Err(format!("`{text}`: day {day} does not exist in that month"));
        }
        // Both fit: month <= 12, day <= 31 were checked above.
        Ok(EffectiveDate { year, month: month as u8, day: day as u8 })
    }
}

impl fmt::Display for EffectiveDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for EffectiveDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EffectiveDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        EffectiveDate::parse(&text).map_err(de::Error::custom)
    }
}

/// Parses a non-negative decimal written with digits and at most one point
/// (`"0.625"`, `"150"`), exactly: no float, no exponent, no sign, no
/// separators.
pub(super) fn parse_amount(text: &str) -> Result<Decimal, String> {
    if text.starts_with('-') {
        return Err(format!("`{text}` is negative; prices and allowances cannot be"));
    }
    let well_formed = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && text.bytes().filter(|b| *b == b'.').count() <= 1
        && text.bytes().any(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(format!("`{text}` is not a plain decimal number such as \"0.625\""));
    }
    Decimal::from_str_exact(text)
        .map_err(|e| format!("`{text}` cannot be held exactly as a decimal: {e}"))
}

/// `usd:` must be a decimal in a string; an unquoted YAML number is refused
/// so nobody mistakes it for a float.
fn usd_amount<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    struct UsdVisitor;
    impl Visitor<'_> for UsdVisitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a quoted decimal string such as \"0.625\"")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            parse_amount(v).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Err(E::invalid_type(Unexpected::Unsigned(v), &self))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Err(E::invalid_type(Unexpected::Signed(v), &self))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            Err(E::invalid_type(Unexpected::Float(v), &self))
        }
    }
    deserializer.deserialize_any(UsdVisitor)
}

/// `amount:` may be a whole YAML number or a quoted decimal, never negative
/// and never a float.
fn allowance_amount<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    struct AmountVisitor;
    impl Visitor<'_> for AmountVisitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number such as 25, or a quoted decimal")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            parse_amount(v).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            if v < 0 {
                Err(E::custom(format!("`{v}` is negative; allowances cannot be")))
            } else {
                Ok(Decimal::from(v))
            }
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            Err(E::invalid_type(Unexpected::Float(v), &self))
        }
    }
    deserializer.deserialize_any(AmountVisitor)
}

fn decimal_as_string<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

impl FromStr for EffectiveDate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EffectiveDate::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_parse_exactly_without_floats() {
        assert_eq!(parse_amount("0.625"), Ok(dec!(0.625)));
        assert_eq!(parse_amount("0.0000001"), Ok(dec!(0.0000001)));
        assert_eq!(parse_amount("150"), Ok(dec!(150)));
        // Trailing zeros are kept: "0.10" is the figure as published.
        assert_eq!(parse_amount("0.10").unwrap().to_string(), "0.10");
    }

    #[test]
    fn amounts_refuse_signs_exponents_and_junk() {
        assert!(parse_amount("-0.5").unwrap_err().contains("negative"));
        for bad in ["", ".", "1e-7", "+1", "1,000", "0.1.2", " 1", "$1", "NaN"] {
            assert!(parse_amount(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(
            EffectiveDate::parse("2024-11-01"),
            Ok(EffectiveDate { year: 2024, month: 11, day: 1 })
        );
        assert!(EffectiveDate::parse("2024-02-29").is_ok(), "2024 is a leap year");
        assert!(EffectiveDate::parse("2023-02-29").is_err());
        assert!(EffectiveDate::parse("2100-02-29").is_err(), "2100 is not a leap year");
        for bad in ["2024-13-01", "2024-04-31", "2024-11-00", "24-11-01", "2024/11/01", "2024-1-01"]
        {
            assert!(EffectiveDate::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(EffectiveDate::parse("2024-11-01").unwrap().to_string(), "2024-11-01");
    }

    #[test]
    fn sources_must_be_http_urls_with_a_host() {
        assert!(SourceUrl::parse("https://aws.amazon.com/dynamodb/pricing/").is_ok());
        assert!(SourceUrl::parse("http://example.com").is_ok());
        for bad in [
            "aws.amazon.com",
            "ftp://x.y/z",
            "https://",
            "https:///path",
            "see docs",
            "https://a b",
        ] {
            assert!(SourceUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
