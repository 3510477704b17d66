//! Money in US dollars as an exact decimal. Never `f64`.
//!
//! Amounts are kept exact through every sum; rounding to cents happens once,
//! at presentation ([`Usd::cents`]), half away from zero as the AWS bill does.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Sub};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// An exact amount of US dollars.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Usd(pub Decimal);

impl Usd {
    pub const ZERO: Usd = Usd(Decimal::ZERO);

    pub fn new(amount: Decimal) -> Self {
        Usd(amount)
    }

    pub fn amount(self) -> Decimal {
        self.0
    }

    /// Rounded to whole cents, half away from zero.
    pub fn cents(self) -> Decimal {
        self.0.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    }

    /// The cent-rounded amount as a plain decimal string with two places
    /// (`"1234.50"`), the form JSON output uses.
    pub fn to_decimal_string(self) -> String {
        let mut d = self.cents();
        d.rescale(2);
        d.to_string()
    }

    pub fn max(self, other: Usd) -> Usd {
        if other > self { other } else { self }
    }

    pub fn min(self, other: Usd) -> Usd {
        if other < self { other } else { self }
    }
}

impl fmt::Display for Usd {
    /// `$1,234.50`; negative amounts as `-$3.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.to_decimal_string();
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, "00"));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{}${grouped}.{frac}", if neg { "-" } else { "" })
    }
}

impl Add for Usd {
    type Output = Usd;
    fn add(self, rhs: Usd) -> Usd {
        Usd(self.0 + rhs.0)
    }
}

impl AddAssign for Usd {
    fn add_assign(&mut self, rhs: Usd) {
        self.0 += rhs.0;
    }
}

impl Sub for Usd {
    type Output = Usd;
    fn sub(self, rhs: Usd) -> Usd {
        Usd(self.0 - rhs.0)
    }
}

impl Mul<Decimal> for Usd {
    type Output = Usd;
    fn mul(self, rhs: Decimal) -> Usd {
        Usd(self.0 * rhs)
    }
}

impl Sum for Usd {
    fn sum<I: Iterator<Item = Usd>>(iter: I) -> Usd {
        iter.fold(Usd::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero_to_cents() {
        assert_eq!(Usd(dec!(0.125)).to_decimal_string(), "0.13");
        assert_eq!(Usd(dec!(9.4899)).to_decimal_string(), "9.49");
        assert_eq!(Usd(dec!(3)).to_decimal_string(), "3.00");
    }

    #[test]
    fn displays_with_thousands_separators() {
        assert_eq!(Usd(dec!(1234567.891)).to_string(), "$1,234,567.89");
        assert_eq!(Usd(dec!(12.5)).to_string(), "$12.50");
        assert_eq!(Usd(dec!(-3)).to_string(), "-$3.00");
        assert_eq!(Usd(dec!(0)).to_string(), "$0.00");
    }
}
