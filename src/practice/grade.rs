//! Reading a student's answer and deciding whether it is right.
//!
//! Answers accept the same spellings as `calc`: `20`, `20 RCU`, `6KB`,
//! `6 KB`, `6144 bytes`, `$12.34`, `12.34`, `28.9%`, `b`, `B)`. Money must be
//! right to the cent; a percentage to the shown decimal (within 0.1 point);
//! everything else exactly.

use rust_decimal::Decimal;

use super::question::{Answer, Question, Unit, letter};
use crate::units::{Count, Size};

/// The verdict on one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grade {
    Right,
    Wrong,
    /// The answer could not be read; says what was expected.
    Unreadable(String),
}

/// Grades `input` against `q`'s answer.
pub fn grade(q: &Question, input: &str) -> Grade {
    let input = input.trim();
    match &q.answer {
        Answer::Choice { index, .. } => match read_letter(input) {
            Some(i) if i == *index => Grade::Right,
            Some(_) => Grade::Wrong,
            None => {
                Grade::Unreadable(format!("answer with a letter, A to {}", letter(choices(q) - 1)))
            }
        },
        Answer::Quantity { value, unit } => match read_quantity(input, *unit) {
            Some(given) if close_enough(given, *value, *unit) => Grade::Right,
            Some(_) => Grade::Wrong,
            None => Grade::Unreadable(expected(*unit).to_string()),
        },
    }
}

/// How many lettered choices the question lists (`  A) ...` lines).
fn choices(q: &Question) -> usize {
    q.text.lines().filter(|l| l.trim_start().get(1..2) == Some(")")).count().max(1)
}

fn read_letter(input: &str) -> Option<usize> {
    let s = input.trim_end_matches([')', '.']).trim();
    let mut chars = s.chars();
    let c = chars.next()?.to_ascii_uppercase();
    if chars.next().is_some() || !c.is_ascii_uppercase() {
        return None;
    }
    Some(usize::from(c as u8 - b'A'))
}

fn read_quantity(input: &str, unit: Unit) -> Option<Decimal> {
    let lower = input.to_ascii_lowercase();
    let s = lower.as_str();
    match unit {
        Unit::Bytes => {
            let s = s.trim_end_matches("bytes").trim_end_matches("byte").trim();
            s.parse::<Size>().ok().map(|b| Decimal::from(b.bytes()))
        }
        Unit::Usd => {
            let s = s.trim_end_matches("usd").trim().trim_start_matches('$').replace(',', "");
            s.trim().parse::<Decimal>().ok()
        }
        Unit::Percent => {
            let s = s.trim_end_matches('%').trim();
            s.parse::<Decimal>().ok().map(|p| p / Decimal::ONE_HUNDRED)
        }
        Unit::Rcu | Unit::Wcu | Unit::Partitions => {
            let words = ["partitions", "partition", "rcus", "wcus", "rcu", "wcu", "units"];
            let s = words.iter().fold(s.trim(), |s, w| s.strip_suffix(w).unwrap_or(s).trim());
            let s = s.replace(',', "");
            s.parse::<Count>().ok().map(|c| Decimal::from(c.get()))
        }
    }
}

fn close_enough(given: Decimal, right: Decimal, unit: Unit) -> bool {
    match unit {
        Unit::Usd => (given - right.round_dp(2)).abs() <= Decimal::new(1, 2),
        Unit::Percent => (given - right).abs() <= Decimal::new(1, 3),
        _ => given == right,
    }
}

fn expected(unit: Unit) -> &'static str {
    match unit {
        Unit::Rcu => "answer with a whole number of RCUs, e.g. 20 or 20 RCU",
        Unit::Wcu => "answer with a whole number of WCUs, e.g. 45 or 45 WCU",
        Unit::Partitions => "answer with a whole number of partitions, e.g. 6",
        Unit::Bytes => "answer with a size, e.g. 137, 137 bytes, 6KB or 6 KB (1 KB = 1024 bytes)",
        Unit::Usd => "answer in dollars, e.g. 12.34 or $12.34",
        Unit::Percent => "answer with a percentage, e.g. 28.9%",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::Working;
    use rust_decimal_macros::dec;

    fn q(answer: Answer) -> Question {
        let text = "Which?\n  A) one\n  B) two\n  C) three".to_string();
        Question { topic: super::super::Topic::Rcu, text, answer, working: Working::new() }
    }

    fn quantity(value: Decimal, unit: Unit) -> Question {
        q(Answer::Quantity { value, unit })
    }

    #[test]
    fn capacity_answers_accept_units_and_suffixes() {
        let r = quantity(dec!(20), Unit::Rcu);
        for ok in ["20", "20 RCU", "20rcu", " 20 RCUs "] {
            assert_eq!(grade(&r, ok), Grade::Right, "{ok}");
        }
        assert_eq!(grade(&r, "21"), Grade::Wrong);
        assert!(matches!(grade(&r, "twenty"), Grade::Unreadable(_)));
        assert_eq!(grade(&quantity(dec!(50000), Unit::Wcu), "50k"), Grade::Right);
    }

    #[test]
    fn sizes_accept_the_calc_spellings() {
        let s = quantity(dec!(6144), Unit::Bytes);
        for ok in ["6144", "6144B", "6KB", "6 KB", "6144 bytes"] {
            assert_eq!(grade(&s, ok), Grade::Right, "{ok}");
        }
        assert_eq!(grade(&s, "6000"), Grade::Wrong);
    }

    #[test]
    fn money_is_right_to_the_cent_and_percent_to_a_tenth() {
        let m = quantity(dec!(12.3449), Unit::Usd);
        for ok in ["12.34", "$12.34", "12.35", "$12.34 USD"] {
            assert_eq!(grade(&m, ok), Grade::Right, "{ok}");
        }
        assert_eq!(grade(&m, "12.40"), Grade::Wrong);
        let p = quantity(dec!(0.28888), Unit::Percent);
        assert_eq!(grade(&p, "28.9%"), Grade::Right);
        assert_eq!(grade(&p, "30%"), Grade::Wrong);
    }

    #[test]
    fn choices_take_a_letter() {
        let c = q(Answer::Choice { index: 1, text: "two".into() });
        for ok in ["b", "B", "B)", " b. "] {
            assert_eq!(grade(&c, ok), Grade::Right, "{ok}");
        }
        assert_eq!(grade(&c, "A"), Grade::Wrong);
        assert_eq!(grade(&c, "two"), Grade::Unreadable("answer with a letter, A to C".into()));
    }
}
