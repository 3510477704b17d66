//! Request rates: `500/s`, `50k/min`, `1/day`, `10M/month`.
//!
//! A rate keeps the amount and the period it was written with, so that
//! `1/day` over 30 days is exactly 30 requests (no repeating decimals from
//! dividing first).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use super::UnitError;
use super::count::parse_scaled;

const EXPECTED: &str = "a rate such as `500/s`, `50k/min`, `20/hour`, `1/day` or `10M/month` (a bare number means per second)";

/// The period a rate is written per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Second,
    Minute,
    Hour,
    Day,
    /// A month of 730 hours, the AWS Pricing Calculator's month.
    Month,
}

impl Period {
    pub fn seconds(self) -> u64 {
        match self {
            Period::Second => 1,
            Period::Minute => 60,
            Period::Hour => 3_600,
            Period::Day => 86_400,
            Period::Month => 730 * 3_600,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Period::Second => "s",
            Period::Minute => "min",
            Period::Hour => "hour",
            Period::Day => "day",
            Period::Month => "month",
        }
    }
}

/// A number of events per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rate {
    pub amount: Decimal,
    pub period: Period,
}

impl Rate {
    pub fn per_second(amount: Decimal) -> Self {
        Rate { amount, period: Period::Second }
    }

    /// Events per second (may be fractional).
    pub fn per_sec(&self) -> Decimal {
        self.amount / Decimal::from(self.period.seconds())
    }

    /// Events in `hours` hours, multiplying before dividing so whole-period
    /// rates stay exact.
    pub fn over_hours(&self, hours: Decimal) -> Decimal {
        self.amount * hours * Decimal::from(3_600) / Decimal::from(self.period.seconds())
    }

    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }
}

impl FromStr for Rate {
    type Err = UnitError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s = input.trim();
        let (num, per) = match s.split_once('/') {
            Some((n, p)) => (n, p.trim()),
            None => (s, "s"),
        };
        let period = match per.to_ascii_lowercase().as_str() {
            "s" | "sec" | "second" => Period::Second,
            "m" | "min" | "minute" => Period::Minute,
            "h" | "hr" | "hour" => Period::Hour,
            "d" | "day" => Period::Day,
            "mo" | "month" => Period::Month,
            other => {
                return Err(UnitError::new(
                    "rate",
                    input,
                    format!("unknown period `/{other}`"),
                    EXPECTED,
                ));
            }
        };
        let amount = parse_scaled("rate", num, EXPECTED).map_err(|mut e| {
            e.input = input.to_string();
            e
        })?;
        Ok(Rate { amount, period })
    }
}

impl Rate {
    /// Events per second when a month lasts `month_hours` hours (a rate
    /// written per month follows the workload's month; others are fixed).
    pub fn per_sec_in_month(&self, month_hours: Decimal) -> Decimal {
        match self.period {
            Period::Month => self.amount / (month_hours * Decimal::from(3_600)),
            _ => self.per_sec(),
        }
    }
}

impl fmt::Display for Rate {
    /// As written, with whole thousands and millions shortened: `92M/day`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.amount.normalize();
        let million = Decimal::from(1_000_000);
        let thousand = Decimal::from(1_000);
        let text = if a >= million && (a % million).is_zero() {
            format!("{}M", a / million)
        } else if a >= thousand && (a % thousand).is_zero() {
            format!("{}k", a / thousand)
        } else {
            a.to_string()
        };
        write!(f, "{text}/{}", self.period.suffix())
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = super::count::number_or_string(d)?;
        Rate::from_str(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn parses_every_period_and_suffix() {
        let r: Rate = "500/s".parse().unwrap();
        assert_eq!(r.per_sec(), dec!(500));
        let r: Rate = "50k/min".parse().unwrap();
        assert_eq!(r.per_sec(), dec!(50000) / dec!(60));
        let r: Rate = "1/day".parse().unwrap();
        assert_eq!(r.over_hours(dec!(720)), dec!(30));
        let r: Rate = "10M/month".parse().unwrap();
        assert_eq!(r.over_hours(dec!(730)), dec!(10000000));
        let r: Rate = "20/hour".parse().unwrap();
        assert_eq!(r.over_hours(dec!(1)), dec!(20));
        let r: Rate = "7".parse().unwrap();
        assert_eq!(r.per_sec(), dec!(7));
    }

    #[test]
    fn displays_with_k_and_m_suffixes() {
        assert_eq!("92000000/day".parse::<Rate>().unwrap().to_string(), "92M/day");
        assert_eq!("50k/min".parse::<Rate>().unwrap().to_string(), "50k/min");
        assert_eq!("1500/s".parse::<Rate>().unwrap().to_string(), "1500/s");
        assert_eq!("0.5/s".parse::<Rate>().unwrap().to_string(), "0.5/s");
    }

    #[test]
    fn monthly_rates_follow_the_month_length() {
        let r: Rate = "744/month".parse().unwrap();
        assert_eq!(r.per_sec_in_month(dec!(744)), dec!(1) / dec!(3600));
        let s: Rate = "2/s".parse().unwrap();
        assert_eq!(s.per_sec_in_month(dec!(744)), dec!(2));
    }

    #[test]
    fn rejects_bad_rates() {
        for bad in ["-5/s", "5/fortnight", "abc/s", "/s", ""] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
    }
}
