//! Exact arithmetic on DynamoDB numbers: the `+` and `-` of update
//! expressions and the `ADD` action.
//!
//! Results are exact. A result that needs more than 38 significant digits
//! or leaves DynamoDB's range is an error with DynamoDB's message, never a
//! silently rounded value (Developer Guide, "Update expressions": "ADD ...
//! If the existing attribute is a number, and if Value is also a number,
//! then Value is mathematically added to the existing attribute").
//!
//! Depends on `number` only.

use std::cmp::Ordering;

use super::error::NumberError;
use super::number::{Number, pow10};

impl Number {
    /// `self + other`, exactly.
    pub fn checked_add(&self, other: &Number) -> Result<Number, NumberError> {
        if self.is_zero() {
            return Ok(*other);
        }
        if other.is_zero() {
            return Ok(*self);
        }
        // Align both mantissas on the smaller exponent.
        let exp = self.exponent().min(other.exponent());
        let (Some(a), Some(b)) = (aligned(self, exp), aligned(other, exp)) else {
            // One operand scaled past u128: its digits run from at least
            // 10^39 down to the other operand's last (non-zero) digit, so the
            // exact result needs more than 38 significant digits.
            return Err(NumberError::TooManyDigits);
        };
        let (negative, magnitude) = if self.is_negative() == other.is_negative() {
            match a.checked_add(b) {
                Some(sum) => (self.is_negative(), sum),
                // Only when one operand was scaled (equal exponents give at
                // most 2 * 10^38): the result's last digit is non-zero and it
                // is above 10^38, so it has more than 38 digits.
                None => return Err(NumberError::TooManyDigits),
            }
        } else {
            match a.cmp(&b) {
                Ordering::Equal => return Ok(Number::ZERO),
                Ordering::Greater => (self.is_negative(), a - b),
                Ordering::Less => (other.is_negative(), b - a),
            }
        };
        Number::from_parts(negative, magnitude, exp)
    }

    /// `self - other`, exactly.
    pub fn checked_sub(&self, other: &Number) -> Result<Number, NumberError> {
        self.checked_add(&other.negate())
    }
}

/// The mantissa of `n` rescaled so its last digit sits at `10^exp`
/// (`exp <= n.exponent()`), or `None` if that does not fit a `u128`.
fn aligned(n: &Number, exp: i32) -> Option<u128> {
    let shift = u32::try_from(n.exponent() - exp).ok()?;
    if shift > 38 {
        return None;
    }
    n.mantissa().checked_mul(pow10(shift))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn n(s: &str) -> Number {
        s.parse().unwrap()
    }

    fn add(a: &str, b: &str) -> Result<String, NumberError> {
        n(a).checked_add(&n(b)).map(|r| r.to_string())
    }

    fn sub(a: &str, b: &str) -> Result<String, NumberError> {
        n(a).checked_sub(&n(b)).map(|r| r.to_string())
    }

    #[test]
    fn add_is_exact_decimal_addition() {
        assert_eq!(add("0.1", "0.2").unwrap(), "0.3");
        assert_eq!(add("1.5", "1.5").unwrap(), "3");
        assert_eq!(add("-1", "1").unwrap(), "0");
        assert_eq!(add("100", "-0.01").unwrap(), "99.99");
        assert_eq!(add("-5", "-7").unwrap(), "-12");
        assert_eq!(add("0", "-3").unwrap(), "-3");
        assert_eq!(add("1E+100", "1E+100").unwrap(), n("2E+100").to_string());
    }

    #[test]
    fn sub_is_exact_decimal_subtraction() {
        assert_eq!(sub("10", "0.001").unwrap(), "9.999");
        assert_eq!(sub("3", "5").unwrap(), "-2");
        assert_eq!(sub("-3", "-3").unwrap(), "0");
        assert_eq!(sub("0", "2.5").unwrap(), "-2.5");
    }

    #[test]
    fn sum_of_38_digit_values_keeps_precision_when_it_fits() {
        let a = "9".repeat(37);
        let b = "1";
        assert_eq!(add(&a, b).unwrap(), format!("1{}", "0".repeat(37)));
        let a = "9".repeat(38);
        // 10^38 is one significant digit: fine.
        assert_eq!(add(&a, "1").unwrap(), format!("1{}", "0".repeat(38)));
    }

    #[test]
    fn sum_needing_more_than_38_digits_is_too_precise() {
        assert_eq!(add("1E+50", "1"), Err(NumberError::TooManyDigits));
        assert_eq!(add(&"1".repeat(38), "0.1"), Err(NumberError::TooManyDigits));
        assert_eq!(add("1E+125", "1E-130"), Err(NumberError::TooManyDigits));
    }

    #[test]
    fn sum_leaving_the_range_overflows() {
        let max = format!("9.{}E+125", "9".repeat(37));
        assert_eq!(add(&max, "1E+88"), Err(NumberError::Overflow));
        assert_eq!(add("9E+125", "9E+125"), Err(NumberError::Overflow));
        assert_eq!(add("-9E+125", "-9E+125"), Err(NumberError::Overflow));
    }

    #[test]
    fn difference_below_range_underflows() {
        assert_eq!(sub("1.1E-130", "1E-130"), Err(NumberError::Underflow));
    }

    /// Reference arithmetic on small decimals: value = m / 10^6 as an i128.
    fn micro(m: i64) -> Number {
        Number::from_parts(m < 0, u128::from(m.unsigned_abs()), -6).unwrap()
    }

    proptest! {
        #[test]
        fn add_matches_integer_reference(a in -1_000_000_000_000i64..1_000_000_000_000, b in -1_000_000_000_000i64..1_000_000_000_000) {
            prop_assert_eq!(micro(a).checked_add(&micro(b)).unwrap(), micro(a + b));
            prop_assert_eq!(micro(a).checked_sub(&micro(b)).unwrap(), micro(a - b));
        }

        #[test]
        fn order_matches_integer_reference(a in any::<i64>(), b in any::<i64>()) {
            prop_assert_eq!(micro(a).cmp(&micro(b)), a.cmp(&b));
            prop_assert_eq!(Number::from_i64(a).cmp(&Number::from_i64(b)), a.cmp(&b));
        }

        #[test]
        fn add_is_commutative_and_sub_inverts_add(
            ma in 1u64..u64::MAX, ea in -60i32..60, na in any::<bool>(),
            mb in 1u64..u64::MAX, eb in -60i32..60, nb in any::<bool>(),
        ) {
            let a = Number::from_parts(na, u128::from(ma), ea).unwrap();
            let b = Number::from_parts(nb, u128::from(mb), eb).unwrap();
            let ab = a.checked_add(&b);
            prop_assert_eq!(ab, b.checked_add(&a));
            if let Ok(sum) = ab {
                prop_assert_eq!(sum.checked_sub(&b).unwrap(), a);
                // Adding a positive number never makes a value smaller.
                if !b.is_negative() { prop_assert!(sum > a); } else { prop_assert!(sum < a); }
            }
        }

        #[test]
        fn canonical_text_round_trips(m in 1u128..10u128.pow(38), e in -150i32..100, neg in any::<bool>()) {
            if let Ok(x) = Number::from_parts(neg, m, e) {
                let text = x.to_string();
                prop_assert_eq!(text.parse::<Number>().unwrap(), x);
                let sci = format!("{}{}E{}", if neg { "-" } else { "" }, m, e);
                prop_assert_eq!(sci.parse::<Number>().unwrap(), x);
            }
        }
    }
}
