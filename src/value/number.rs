//! The exact DynamoDB number: parsing, canonical text and ordering.
//!
//! DynamoDB numbers (Developer Guide, "Supported data types" and "Service,
//! account, and table quotas"; facts sheet §1.2) hold up to 38 significant
//! digits, with a magnitude between 1E-130 and
//! 9.9999999999999999999999999999999999999E+125, or zero. Leading and
//! trailing zeros are not significant.
//!
//! A [`Number`] is held normalised as `±mantissa × 10^exponent` where the
//! mantissa has no trailing zeros (at most 38 digits, so it fits a `u128`).
//! Normalisation makes equal values structurally equal, so `Eq` and `Hash`
//! are derived; ordering is numeric. Arithmetic lives in `number_arith.rs`.
//!
//! Depends on nothing outside this module.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use super::error::NumberError;

/// Most significant digits a DynamoDB number may hold.
pub const MAX_SIGNIFICANT_DIGITS: u32 = 38;
/// Largest decimal exponent of the leading digit (9.99..E+125).
pub const MAX_LEADING_EXPONENT: i32 = 125;
/// Smallest decimal exponent of the leading digit (1E-130).
pub const MIN_LEADING_EXPONENT: i32 = -130;

/// An exact DynamoDB number (see the module doc for the representation).
///
/// The mantissa is split in two `u64` halves so the type is 8-byte aligned
/// and an `AttributeValue` stays small.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Number {
    lo: u64,
    hi: u64,
    /// Power of ten applied to the mantissa's last digit.
    exponent: i16,
    negative: bool,
}

impl Number {
    /// Zero (DynamoDB has no negative zero: "-0" reads back as "0").
    pub const ZERO: Number = Number { lo: 0, hi: 0, exponent: 0, negative: false };

    /// Builds a number from sign, mantissa and exponent, normalising it and
    /// checking DynamoDB's precision and range limits.
    pub fn from_parts(
        negative: bool,
        mantissa: u128,
        exponent: i32,
    ) -> Result<Number, NumberError> {
        if mantissa == 0 {
            return Ok(Number::ZERO);
        }
        let (mut m, mut e) = (mantissa, exponent);
        while m % 10 == 0 {
            m /= 10;
            e += 1;
        }
        let digits = decimal_digits(m);
        let leading = e + digits as i32 - 1;
        if leading > MAX_LEADING_EXPONENT {
            return Err(NumberError::Overflow);
        }
        if leading < MIN_LEADING_EXPONENT {
            return Err(NumberError::Underflow);
        }
        if digits > MAX_SIGNIFICANT_DIGITS {
            return Err(NumberError::TooManyDigits);
        }
        // In range, so |e| <= 130 + 38 fits an i16.
        Ok(Number { lo: m as u64, hi: (m >> 64) as u64, exponent: e as i16, negative })
    }

    /// A number from parts that already came out of a `Number` (its
    /// `is_negative`, `mantissa` and `exponent`): no normalising or range
    /// checks, for decoding the packed stored form (`packed.rs`).
    pub(super) fn from_normalised_parts(negative: bool, mantissa: u128, exponent: i16) -> Number {
        debug_assert!(mantissa == 0 || !mantissa.is_multiple_of(10), "mantissa has trailing zeros");
        debug_assert!(mantissa != 0 || (exponent == 0 && !negative), "non-canonical zero");
        Number { lo: mantissa as u64, hi: (mantissa >> 64) as u64, exponent, negative }
    }

    /// A number from an integer (always in range).
    pub fn from_i64(v: i64) -> Number {
        Number::from_parts(v < 0, u128::from(v.unsigned_abs()), 0)
            .expect("every i64 has at most 19 digits and is in range")
    }

    /// The significant digits as an integer (no trailing zeros; 0 for zero).
    pub fn mantissa(&self) -> u128 {
        (u128::from(self.hi) << 64) | u128::from(self.lo)
    }

    /// The power of ten applied to the mantissa's last digit.
    pub fn exponent(&self) -> i32 {
        i32::from(self.exponent)
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    pub fn is_zero(&self) -> bool {
        self.lo == 0 && self.hi == 0
    }

    /// Number of significant digits (0 for zero).
    pub fn significant_digits(&self) -> u32 {
        if self.is_zero() { 0 } else { decimal_digits(self.mantissa()) }
    }

    /// Decimal exponent of the leading digit: `d1.d2… × 10^e` (0 for zero).
    pub fn leading_exponent(&self) -> i32 {
        if self.is_zero() { 0 } else { self.exponent() + self.significant_digits() as i32 - 1 }
    }

    /// A 64-bit summary that never orders two numbers against their
    /// values: `a < b` implies `a.order_prefix() <= b.order_prefix()`.
    /// Equal prefixes say nothing (compare the numbers); different ones
    /// decide. Stores compare it before the number to skip most full
    /// comparisons.
    ///
    /// Layout: bit 63 is set for zero and positive numbers; the magnitude
    /// is the leading exponent (biased to 1..=256, 9 bits) above the first
    /// 16 significant digits (below 10^16 < 2^54); negative numbers mirror
    /// their magnitude below 2^63.
    pub fn order_prefix(&self) -> u64 {
        const POSITIVE: u64 = 1 << 63;
        if self.is_zero() {
            return POSITIVE;
        }
        let digits = self.significant_digits();
        let m = self.mantissa();
        let leading16 = if digits >= 16 {
            (m / pow10(digits - 16)) as u64
        } else {
            (m * pow10(16 - digits)) as u64
        };
        let biased = (self.leading_exponent() - MIN_LEADING_EXPONENT + 1) as u64;
        let magnitude = (biased << 54) | leading16;
        if self.negative { POSITIVE - 1 - magnitude } else { POSITIVE | magnitude }
    }

    /// The negated number.
    pub fn negate(&self) -> Number {
        if self.is_zero() { *self } else { Number { negative: !self.negative, ..*self } }
    }

    /// Compares magnitudes, ignoring signs.
    pub(super) fn cmp_magnitude(&self, other: &Number) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        self.leading_exponent().cmp(&other.leading_exponent()).then_with(|| {
            // Same leading exponent: align both mantissas to the same digit
            // count (both <= 38 digits, so the scaled value fits a u128).
            let (a, b) = (self.mantissa(), other.mantissa());
            let (da, db) = (self.significant_digits(), other.significant_digits());
            if da >= db { a.cmp(&(b * pow10(da - db))) } else { (a * pow10(db - da)).cmp(&b) }
        })
    }
}

/// Number of decimal digits of a non-zero integer.
pub(super) fn decimal_digits(mut m: u128) -> u32 {
    let mut n = 0;
    while m > 0 {
        m /= 10;
        n += 1;
    }
    n
}

/// 10^n for n <= 38.
pub(super) fn pow10(n: u32) -> u128 {
    10u128.pow(n)
}

impl Ord for Number {
    /// Numeric order, as DynamoDB orders N sort keys and compares numbers in
    /// conditions.
    fn cmp(&self, other: &Number) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Number {
    type Err = NumberError;

    /// Parses DynamoDB number text: optional sign, digits with an optional
    /// decimal point, optional `e`/`E` exponent. Leading and trailing zeros
    /// are not significant ("0012" is 12 with 2 significant digits).
    fn from_str(text: &str) -> Result<Number, NumberError> {
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut negative = false;
        if let Some(&sign) = bytes.first()
            && (sign == b'-' || sign == b'+')
        {
            negative = sign == b'-';
            i = 1;
        }
        // Significant digits, collected without leading zeros.
        let mut mantissa: u128 = 0;
        let mut kept_digits: u32 = 0;
        // Digits dropped because they do not fit: only trailing zeros may be
        // dropped; any other dropped digit means too many significant digits.
        let mut dropped_nonzero = false;
        let mut dropped: i32 = 0;
        let mut seen_digit = false;
        let mut seen_point = false;
        let mut fraction_digits: i32 = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'0'..=b'9' => {
                    let d = u128::from(bytes[i] - b'0');
                    seen_digit = true;
                    if seen_point {
                        fraction_digits += 1;
                    }
                    if mantissa == 0 && d == 0 {
                        // leading zero: not significant
                    } else if kept_digits < MAX_SIGNIFICANT_DIGITS {
                        mantissa = mantissa * 10 + d;
                        kept_digits += 1;
                    } else {
                        dropped += 1;
                        dropped_nonzero |= d != 0;
                    }
                }
                b'.' if !seen_point => seen_point = true,
                b'e' | b'E' => break,
                _ => return Err(NumberError::NotANumber),
            }
            i += 1;
        }
        if !seen_digit {
            return Err(NumberError::NotANumber);
        }
        let mut exp: i64 = 0;
        if i < bytes.len() {
            // bytes[i] is 'e' or 'E'
            i += 1;
            let mut exp_negative = false;
            if let Some(&sign) = bytes.get(i)
                && (sign == b'-' || sign == b'+')
            {
                exp_negative = sign == b'-';
                i += 1;
            }
            if i >= bytes.len() {
                return Err(NumberError::NotANumber);
            }
            for &b in &bytes[i..] {
                if !b.is_ascii_digit() {
                    return Err(NumberError::NotANumber);
                }
                // Saturate: any exponent this large is out of range anyway.
                exp = (exp * 10 + i64::from(b - b'0')).min(1_000_000_000);
            }
            if exp_negative {
                exp = -exp;
            }
        }
        if mantissa == 0 {
            return Ok(Number::ZERO);
        }
        let exponent = exp - i64::from(fraction_digits) + i64::from(dropped);
        // Strip trailing zeros before judging precision ("1000…0" with 40
        // digits is one significant digit).
        let (mut m, mut e) = (mantissa, exponent);
        while m % 10 == 0 {
            m /= 10;
            e += 1;
        }
        let digits = decimal_digits(m);
        let leading = e + i64::from(digits) - 1;
        if leading > i64::from(MAX_LEADING_EXPONENT) {
            return Err(NumberError::Overflow);
        }
        if leading < i64::from(MIN_LEADING_EXPONENT) {
            return Err(NumberError::Underflow);
        }
        if dropped_nonzero || digits > MAX_SIGNIFICANT_DIGITS {
            return Err(NumberError::TooManyDigits);
        }
        Number::from_parts(negative, m, e as i32)
    }
}

impl fmt::Display for Number {
    /// DynamoDB's canonical text: plain notation, no exponent, no leading or
    /// trailing zeros, no "+", no negative zero ("1.50" -> "1.5",
    /// "0012" -> "12", "1E+2" -> "100", "-0" -> "0").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        let digits = self.mantissa().to_string();
        let exp = self.exponent();
        let mut out = String::with_capacity(digits.len() + exp.unsigned_abs() as usize + 3);
        if self.negative {
            out.push('-');
        }
        if exp >= 0 {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', exp as usize));
        } else {
            let frac = exp.unsigned_abs() as usize;
            if digits.len() > frac {
                let (int, rest) = digits.split_at(digits.len() - frac);
                out.push_str(int);
                out.push('.');
                out.push_str(rest);
            } else {
                out.push_str("0.");
                out.extend(std::iter::repeat_n('0', frac - digits.len()));
                out.push_str(&digits);
            }
        }
        f.write_str(&out)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn canon(s: &str) -> String {
        n(s).to_string()
    }

    // Canonical output form: DynamoDB returns numbers without insignificant
    // zeros or exponent notation (Developer Guide, "Number": "Leading and
    // trailing zeroes are trimmed").
    #[test]
    fn canonical_form_trims_leading_and_trailing_zeros() {
        assert_eq!(canon("1.50"), "1.5");
        assert_eq!(canon("0012"), "12");
        assert_eq!(canon("00.0100"), "0.01");
        assert_eq!(canon("100"), "100");
        assert_eq!(canon("1."), "1");
        assert_eq!(canon(".5"), "0.5");
    }

    #[test]
    fn canonical_form_expands_exponents() {
        assert_eq!(canon("1E+2"), "100");
        assert_eq!(canon("1e2"), "100");
        assert_eq!(canon("1.5E-3"), "0.0015");
        assert_eq!(canon("12.34e1"), "123.4");
        assert_eq!(canon("-2.5E+0"), "-2.5");
    }

    #[test]
    fn canonical_form_has_no_negative_zero_or_plus() {
        assert_eq!(canon("-0"), "0");
        assert_eq!(canon("-0.000"), "0");
        assert_eq!(canon("+7"), "7");
        assert_eq!(canon("0E+999999999999"), "0");
    }

    #[test]
    fn rejects_text_that_is_not_a_number() {
        for bad in [
            "", "-", ".", "abc", "1e", "1e+", "1.2.3", " 1", "1 ", "0x10", "NaN", "Infinity",
            "1,5", "--1", "e5",
        ] {
            assert_eq!(bad.parse::<Number>(), Err(NumberError::NotANumber), "{bad:?}");
        }
    }

    // Limits: "Numbers can have up to 38 digits of precision" (Developer
    // Guide, "Supported data types").
    #[test]
    fn accepts_38_significant_digits_rejects_39() {
        let d38 = "1".repeat(38);
        assert_eq!(n(&d38).significant_digits(), 38);
        assert_eq!("1".repeat(39).parse::<Number>(), Err(NumberError::TooManyDigits));
        assert_eq!(
            format!("0.{}", "1".repeat(39)).parse::<Number>(),
            Err(NumberError::TooManyDigits)
        );
    }

    #[test]
    fn trailing_and_leading_zeros_do_not_count_toward_38_digits() {
        let s = format!("000{}{}", "1".repeat(38), "0".repeat(50));
        assert_eq!(n(&s).significant_digits(), 38);
        let s = format!("0.{}{}", "0".repeat(40), "2".repeat(38));
        assert_eq!(n(&s).significant_digits(), 38);
        // 40 digits whose last two are zero: 38 significant.
        let s = format!("{}00", "9".repeat(38));
        assert_eq!(n(&s).to_string(), s);
    }

    #[test]
    fn a_nonzero_digit_after_many_digits_is_too_precise() {
        let s = format!("1{}1", "0".repeat(60));
        assert_eq!(s.parse::<Number>(), Err(NumberError::TooManyDigits));
    }

    // Limits: "Positive range: 1E-130 to 9.9999999999999999999999999999999999999E+125"
    // (Developer Guide, "Supported data types").
    #[test]
    fn range_limits_are_inclusive() {
        assert_eq!(n("1E-130").leading_exponent(), -130);
        assert_eq!(n("-1E-130").leading_exponent(), -130);
        let max = format!("9.{}E+125", "9".repeat(37));
        assert_eq!(n(&max).leading_exponent(), 125);
        assert_eq!(n(&format!("-{max}")).significant_digits(), 38);
    }

    #[test]
    fn magnitude_above_range_overflows() {
        assert_eq!("1E+126".parse::<Number>(), Err(NumberError::Overflow));
        assert_eq!("-1E+126".parse::<Number>(), Err(NumberError::Overflow));
        assert_eq!(format!("1{}", "0".repeat(126)).parse::<Number>(), Err(NumberError::Overflow));
        assert_eq!("1e999999999999999999999".parse::<Number>(), Err(NumberError::Overflow));
    }

    #[test]
    fn magnitude_below_range_underflows() {
        assert_eq!("1E-131".parse::<Number>(), Err(NumberError::Underflow));
        assert_eq!("0.9E-130".parse::<Number>(), Err(NumberError::Underflow));
        assert_eq!("1e-999999999999999999999".parse::<Number>(), Err(NumberError::Underflow));
    }

    #[test]
    fn equal_values_written_differently_are_equal() {
        assert_eq!(n("1.0"), n("1"));
        assert_eq!(n("100"), n("1E2"));
        assert_eq!(n("0.10"), n("1e-1"));
        assert_eq!(n("-0"), n("0"));
    }

    #[test]
    fn ordering_is_numeric() {
        let sorted = [
            "-100", "-2", "-1.5", "-0.001", "0", "1E-130", "0.5", "1", "1.01", "2", "10", "99.9",
            "100",
        ];
        for pair in sorted.windows(2) {
            assert!(n(pair[0]) < n(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn from_parts_checks_limits() {
        assert_eq!(Number::from_parts(false, 1, 126), Err(NumberError::Overflow));
        assert_eq!(Number::from_parts(false, 15, -131), Ok(n("1.5E-130")));
        assert_eq!(Number::from_parts(false, pow10(38) + 1, 0), Err(NumberError::TooManyDigits));
        assert_eq!(Number::from_parts(true, 0, 5), Ok(Number::ZERO));
    }

    #[test]
    fn accepts_every_decimal_spelling() {
        let cases = [
            ("+.5", "0.5"),
            ("-.5e1", "-5"),
            ("5e-0", "5"),
            ("1.e2", "100"),
            ("0.000", "0"),
            ("00", "0"),
            ("7E+00002", "700"),
            ("-0.00120E3", "-1.2"),
            ("123456789.987654321", "123456789.987654321"),
            ("1e-5", "0.00001"),
        ];
        for (text, canonical) in cases {
            assert_eq!(canon(text), canonical, "{text}");
        }
    }

    #[test]
    fn rejects_malformed_exponents_and_non_ascii_digits() {
        for bad in ["1e+-1", "1..2", "1e1.5", "1e", "+", "\u{663}", "1_000", "1 000"] {
            assert_eq!(bad.parse::<Number>(), Err(NumberError::NotANumber), "{bad:?}");
        }
    }

    #[test]
    fn precision_is_checked_inside_the_range_too() {
        // 39 digits at the top of the range: in range, too precise.
        let s = format!("9.{}E+125", "9".repeat(38));
        assert_eq!(s.parse::<Number>(), Err(NumberError::TooManyDigits));
        // 38 digits at the bottom of the range.
        let s = format!("1.{}1E-130", "0".repeat(36));
        assert_eq!(n(&s).significant_digits(), 38);
    }

    #[test]
    fn leading_exponent_and_digits_describe_the_value() {
        let x = n("-123.45");
        assert_eq!((x.significant_digits(), x.leading_exponent(), x.is_negative()), (5, 2, true));
        assert_eq!((x.mantissa(), x.exponent()), (12345, -2));
        assert_eq!(x.negate().to_string(), "123.45");
        assert_eq!(Number::ZERO.negate(), Number::ZERO);
        assert_eq!(format!("{:?}", n("1.50")), "Number(1.5)");
    }

    #[test]
    fn from_i64_round_trips() {
        assert_eq!(Number::from_i64(-42).to_string(), "-42");
        assert_eq!(Number::from_i64(i64::MIN).to_string(), i64::MIN.to_string());
    }
}
