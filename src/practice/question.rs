//! [`Question`]: one exam-style problem with its answer and worked solution,
//! and [`Topic`], what it is about.

use std::fmt;

use rust_decimal::Decimal;

use crate::capacity::Working;
use crate::units::{Size, Usd};

/// What a question practises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    Rcu,
    Wcu,
    ItemSize,
    Partitions,
    Gsi,
    Cost,
    BillingMode,
    Consistency,
}

impl Topic {
    /// Every topic, in the order `--topic all` deals them.
    pub const ALL: [Topic; 8] = [
        Topic::Rcu,
        Topic::Wcu,
        Topic::ItemSize,
        Topic::Partitions,
        Topic::Gsi,
        Topic::Cost,
        Topic::BillingMode,
        Topic::Consistency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Rcu => "rcu",
            Topic::Wcu => "wcu",
            Topic::ItemSize => "item-size",
            Topic::Partitions => "partitions",
            Topic::Gsi => "gsi",
            Topic::Cost => "cost",
            Topic::BillingMode => "billing-mode",
            Topic::Consistency => "consistency",
        }
    }
}

/// The unit a numeric answer is given in; it decides how answers are read
/// and how close they must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Rcu,
    Wcu,
    Partitions,
    /// Bytes; answers may use B/KB/MB (1 KB = 1024 bytes).
    Bytes,
    /// US dollars, right to the cent.
    Usd,
    /// A share shown as a percentage with one decimal (28.9%).
    Percent,
}

/// The right answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A number in a unit. Percentages are held as shares (0.289).
    Quantity { value: Decimal, unit: Unit },
    /// The index into the question's choices (0 = A).
    Choice { index: usize, text: String },
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Quantity { value, unit } => match unit {
                Unit::Rcu => write!(f, "{} RCU", value.normalize()),
                Unit::Wcu => write!(f, "{} WCU", value.normalize()),
                Unit::Partitions => write!(f, "{} partitions", value.normalize()),
                Unit::Bytes => {
                    let bytes = value.normalize();
                    match u64::try_from(*value).ok().filter(|b| *b >= Size::KB) {
                        Some(b) => write!(f, "{bytes} bytes ({})", Size::from_bytes(b)),
                        None => write!(f, "{bytes} bytes"),
                    }
                }
                Unit::Usd => write!(f, "{}", Usd(*value)),
                Unit::Percent => {
                    write!(f, "{}%", (value * Decimal::ONE_HUNDRED).round_dp(1).normalize())
                }
            },
            Answer::Choice { index, text } => write!(f, "{}) {text}", letter(*index)),
        }
    }
}

/// One generated problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub topic: Topic,
    /// The question as asked, including lettered choices if any.
    pub text: String,
    pub answer: Answer,
    /// The worked solution: the calculation's working, or the facts that
    /// decide a multiple-choice question.
    pub working: Working,
}

/// `A`, `B`, ... for a choice index.
pub fn letter(index: usize) -> char {
    char::from(b'A' + (index % 26) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn answers_display_with_their_units() {
        let q = |value, unit| Answer::Quantity { value, unit }.to_string();
        assert_eq!(q(dec!(20), Unit::Rcu), "20 RCU");
        assert_eq!(q(dec!(6144), Unit::Bytes), "6144 bytes (6 KB)");
        assert_eq!(q(dec!(137), Unit::Bytes), "137 bytes");
        assert_eq!(q(dec!(12.3449), Unit::Usd), "$12.34");
        assert_eq!(q(dec!(0.28888), Unit::Percent), "28.9%");
        let c = Answer::Choice { index: 1, text: "On-demand".into() };
        assert_eq!(c.to_string(), "B) On-demand");
    }
}
