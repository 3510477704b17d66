//! Cell formatting shared by the `diff` views: values before and after,
//! signed changes (`+$12.40`, `-3`) and signed percentages (`+10.8%`).

use rust_decimal::Decimal;

use super::fmt::{dec, pct};
use crate::check::diff::{Change, Metric, Row, TableDiff};
use crate::units::Usd;

/// What is shown for a side that does not exist (added or removed).
pub const NONE: &str = "—";

/// A value: money as `$1,234.50`, counts with separators.
pub fn value(metric: Metric, v: Option<Decimal>) -> String {
    match v {
        None => NONE.to_string(),
        Some(v) if metric.is_money() => Usd::new(v).to_string(),
        Some(v) => dec(v, 0),
    }
}

/// The change with its sign: `+$12.40`, `-$3.00`, `+2`, `0`.
pub fn delta(metric: Metric, c: &Change) -> String {
    match c.delta() {
        None => NONE.to_string(),
        Some(d) if d.is_zero() => {
            if metric.is_money() {
                "$0.00".into()
            } else {
                "0".into()
            }
        }
        Some(d) => {
            let sign = if d.is_sign_negative() { "-" } else { "+" };
            let abs = value(metric, Some(d.abs()));
            format!("{sign}{abs}")
        }
    }
}

/// The change as a percentage of before: `+10.8%`; `—` without a before.
pub fn percent(c: &Change) -> String {
    match c.share() {
        None => NONE.to_string(),
        Some(s) if s.is_zero() => "0%".into(),
        Some(s) => format!("{}{}", if s.is_sign_negative() { "" } else { "+" }, pct(s)),
    }
}

/// The subject of a table's rows: `Orders` or `Orders / GSI ByStatus`.
pub fn subject(t: &TableDiff) -> String {
    match &t.index {
        Some(i) => format!("{} / GSI {i}", t.table),
        None => t.table.clone(),
    }
}

/// The label of a row, with the recommended option's change for that row.
pub fn metric_label(t: Option<&TableDiff>, r: &Row) -> String {
    if r.metric != Metric::RecommendedCost {
        return r.metric.label().to_string();
    }
    match t.map(|t| t.recommended) {
        Some((Some(b), Some(a))) if a != b => format!("recommended ({} → {})", b.key(), a.key()),
        Some((_, Some(a))) => format!("recommended ({})", a.key()),
        Some((Some(b), None)) => format!("recommended ({})", b.key()),
        _ => "recommended".into(),
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::estimate::BillingOption;

    #[test]
    fn signed_cells() {
        let m = Metric::Cost(BillingOption::OnDemand);
        let c = Change { before: Some(dec!(1000)), after: Some(dec!(1107.79)) };
        assert_eq!(
            (value(m, c.before), delta(m, &c), percent(&c)),
            ("$1,000.00".into(), "+$107.79".into(), "+10.8%".into())
        );
        let down = Change { before: Some(dec!(4)), after: Some(dec!(3)) };
        assert_eq!(
            (delta(Metric::Partitions, &down), percent(&down)),
            ("-1".into(), "-25%".into())
        );
        let added = Change { before: None, after: Some(dec!(3)) };
        assert_eq!(
            (value(Metric::Partitions, added.before), percent(&added)),
            (NONE.into(), NONE.into())
        );
        let same = Change { before: Some(dec!(3)), after: Some(dec!(3)) };
        assert_eq!((delta(Metric::Partitions, &same), percent(&same)), ("0".into(), "0%".into()));
    }
}
