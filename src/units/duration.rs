//! Durations for simulated time: `30m`, `25ms`, `1h`, `20s`, `500us`.
//! Held as whole microseconds so simulated time never touches floating point.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Deserializer};

use super::UnitError;

const EXPECTED: &str = "a duration such as `500us`, `25ms`, `20s`, `30m`, `2h` or `1d`";

/// A non-negative duration in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimDuration(u64);

impl SimDuration {
    pub const fn from_micros(us: u64) -> Self {
        SimDuration(us)
    }

    pub const fn from_secs(s: u64) -> Self {
        SimDuration(s * 1_000_000)
    }

    pub const fn micros(self) -> u64 {
        self.0
    }
}

impl FromStr for SimDuration {
    type Err = UnitError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s = input.trim();
        if s.strip_prefix('-')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
        {
            return Err(UnitError::new(
                "duration",
                input,
                "a duration cannot be negative",
                EXPECTED,
            ));
        }
        let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
        let (num, unit) = s.split_at(split);
        let per_unit: u64 = match unit.trim() {
            "us" | "µs" => 1,
            "ms" => 1_000,
            "s" | "sec" => 1_000_000,
            "m" | "min" => 60_000_000,
            "h" | "hour" => 3_600_000_000,
            "d" | "day" => 86_400_000_000,
            "" => return Err(UnitError::new("duration", input, "it has no unit", EXPECTED)),
            u => {
                return Err(UnitError::new(
                    "duration",
                    input,
                    format!("unknown unit `{u}`"),
                    EXPECTED,
                ));
            }
        };
        let value = Decimal::from_str(num).map_err(|_| {
            UnitError::new("duration", input, format!("`{num}` is not a number"), EXPECTED)
        })?;
        (value * Decimal::from(per_unit))
            .round()
            .to_u64()
            .map(SimDuration)
            .ok_or_else(|| UnitError::new("duration", input, "it is out of range", EXPECTED))
    }
}

impl fmt::Display for SimDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let us = self.0;
        match us {
            0 => write!(f, "0s"),
            _ if us.is_multiple_of(3_600_000_000) => write!(f, "{}h", us / 3_600_000_000),
            _ if us.is_multiple_of(60_000_000) => write!(f, "{}m", us / 60_000_000),
            _ if us.is_multiple_of(1_000_000) => write!(f, "{}s", us / 1_000_000),
            _ if us.is_multiple_of(1_000) => write!(f, "{}ms", us / 1_000),
            _ => write!(f, "{us}us"),
        }
    }
}

impl<'de> Deserialize<'de> for SimDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = super::count::number_or_string(d)?;
        SimDuration::from_str(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_to_microseconds() {
        assert_eq!("25ms".parse::<SimDuration>().unwrap().micros(), 25_000);
        assert_eq!("30m".parse::<SimDuration>().unwrap().micros(), 1_800_000_000);
        assert_eq!("1.5s".parse::<SimDuration>().unwrap().micros(), 1_500_000);
        assert_eq!("2h".parse::<SimDuration>().unwrap().to_string(), "2h");
        assert!("30".parse::<SimDuration>().is_err());
        assert!("30 parsecs".parse::<SimDuration>().is_err());
    }

    #[test]
    fn a_negative_duration_is_named_as_negative() {
        let e = "-5m".parse::<SimDuration>().unwrap_err().to_string();
        assert!(e.contains("invalid duration `-5m`: a duration cannot be negative"), "{e}");
    }
}
