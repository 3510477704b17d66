//! Choosing the cheapest billing option and table class, and saying why.

use rust_decimal::Decimal;

use super::model::{BillingOption, ClassCost, Recommendation};
use crate::units::Usd;

fn pct(d: Decimal) -> String {
    format!("{}%", (d * Decimal::from(100)).round_dp(1).normalize())
}

/// The cheapest (option, class) over `own` and `other` class costs, with the
/// reasons a reader needs: the runner-up and by how much, the utilization
/// argument between on-demand and provisioned, and the class trade-off.
pub fn recommend(
    own: &ClassCost,
    other: &ClassCost,
    break_even: Option<Decimal>,
    utilization: Option<Decimal>,
) -> Recommendation {
    let mut all: Vec<(BillingOption, &ClassCost, Usd)> = Vec::new();
    for cc in [own, other] {
        for (o, usd) in cc.total.ranked() {
            all.push((o, cc, usd));
        }
    }
    // Cheapest first; on a tie prefer the table's own class, then option order.
    all.sort_by(|a, b| {
        a.2.cmp(&b.2)
            .then((a.1.class != own.class).cmp(&(b.1.class != own.class)))
            .then(a.0.cmp(&b.0))
    });
    let Some((option, best_class, monthly)) = all.first().map(|(o, c, u)| (*o, *c, *u)) else {
        return Recommendation {
            option: BillingOption::OnDemand,
            table_class: own.class,
            monthly: Usd::ZERO,
            reasons: vec!["no billing option was costed".into()],
        };
    };
    let mut reasons = Vec::new();
    if let Some((o2, c2, u2)) =
        all.iter().find(|(o, c, _)| !(*o == option && c.class == best_class.class))
    {
        reasons.push(format!(
            "{} ({}) at {monthly}/month is {} cheaper than the next option, {} ({}) at {u2}",
            option.label(),
            best_class.class.as_str(),
            *u2 - monthly,
            o2.label(),
            c2.class.as_str()
        ));
    }
    if let (Some(be), Some(u)) = (break_even, utilization) {
        let verdict = if u < be {
            "below it, so on-demand is cheaper than auto scaled provisioned capacity"
        } else {
            "above it, so provisioned capacity is cheaper than on-demand"
        };
        reasons.push(format!("break-even utilization is {}; auto scaling would run at {} average utilization, {verdict}", pct(be), pct(u)));
    }
    if best_class.class != own.class {
        let storage = |cc: &ClassCost| {
            cc.lines.iter().find(|l| l.component == "storage").and_then(|l| l.costs.get(option))
        };
        if let (Some(a), Some(b)) = (storage(own), storage(best_class)) {
            reasons.push(format!("switching to {} saves {} of storage a month, more than its dearer throughput costs", best_class.class.as_str(), a - b));
        }
    }
    Recommendation { option, table_class: best_class.class, monthly, reasons }
}
