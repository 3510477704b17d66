//! Generators for the multiple-choice topics: billing mode and consistency
//! (including LSI vs GSI). Scenarios come from a bank of realistic cases,
//! each with the fact that decides it and its source in the facts sheet
//! (`../shared/reference/dynamodb-facts.md`); the billing-mode utilization
//! questions are decided by rule C7 through `calc::break_even`.

use rust_decimal::Decimal;

use super::dice::Dice;
use super::question::{Answer, Question, Topic, Unit, letter};
use crate::calc;
use crate::capacity::Working;
use crate::pricing::{PriceList, TableClass};
use crate::report::fmt::int;

/// One scenario: the right choice first, then three distractors.
struct Scenario {
    text: &'static str,
    right: &'static str,
    wrong: [&'static str; 3],
    rule: &'static str,
    why: &'static str,
}

const BILLING: &[Scenario] = &[
    Scenario {
        text: "A start-up launches a new app. Nobody can predict its traffic yet, and it may sit idle for hours. Which capacity mode fits best?",
        right: "On-demand",
        wrong: [
            "Provisioned, fixed at the expected peak",
            "Provisioned with reserved capacity",
            "Provisioned at 1 RCU and 1 WCU",
        ],
        rule: "billing mode",
        why: "On-demand bills per request and needs no capacity planning: suited to unknown or spiky traffic and idle periods (Developer Guide, capacity modes; facts §3.5).",
    },
    Scenario {
        text: "A table serves a steady, predictable load around the clock, year after year. Which option costs least?",
        right: "Provisioned capacity with reserved capacity for the base load",
        wrong: [
            "On-demand",
            "On-demand with the Standard-IA table class",
            "Provisioned, scaled to the peak by hand every morning",
        ],
        rule: "C3 reserved",
        why: "Reserved capacity (1 or 3 years, blocks of 100 units) saves up to 54% / 77% on steady provisioned capacity; on-demand costs more at high, steady utilization (facts §4.4, C7).",
    },
    Scenario {
        text: "Traffic follows a smooth daily curve: quiet at night, busy by day, with no sudden spikes. Which setup suits it?",
        right: "Provisioned capacity with auto scaling",
        wrong: [
            "On-demand, because it is always cheaper",
            "Provisioned at the night-time level",
            "Reserved capacity for the daytime peak",
        ],
        rule: "billing mode",
        why: "Auto scaling (target tracking) follows gradual changes and keeps utilization high, which is where provisioned beats on-demand (facts §3.6, C7).",
    },
    Scenario {
        text: "A table holds 3 TB of order history that is rarely read. Storage dominates its bill. What lowers the cost most?",
        right: "Switch the table to the Standard-IA table class",
        wrong: ["Switch to on-demand", "Buy reserved capacity", "Add a global secondary index"],
        rule: "C4 storage",
        why: "Standard-IA storage is about 60% cheaper ($0.10 vs $0.25 per GB-month in us-east-1) at about 25% dearer throughput (facts §4.3).",
    },
    Scenario {
        text: "A ticket sale opens at 09:00 and traffic jumps from nothing to 50 times its usual level within seconds. Which mode avoids throttling without planning?",
        right: "Pre-warm (or set warm throughput) and use on-demand",
        wrong: [
            "Provisioned with auto scaling from a low baseline",
            "Provisioned at the average daily level",
            "Reserved capacity at the usual level",
        ],
        rule: "billing mode",
        why: "Auto scaling reacts in minutes; on-demand instantly serves up to double the previous peak, so a 50x jump needs warm throughput raised in advance (facts §3.5, §3.6).",
    },
];

const CONSISTENCY: &[Scenario] = &[
    Scenario {
        text: "After saving a user's profile, the app must read it back and always see the new values. Which read should it use?",
        right: "A strongly consistent GetItem on the table",
        wrong: [
            "An eventually consistent GetItem",
            "A Query on a global secondary index",
            "A Scan with a filter",
        ],
        rule: "R1 read unit",
        why: "Only strongly consistent reads return every write acknowledged before the read; they cost 1 RCU per 4 KB against 0.5 for eventual (facts §0).",
    },
    Scenario {
        text: "A developer wants strongly consistent queries on an index whose partition key is the customer's email, not the table's key. What is possible?",
        right: "Nothing: a GSI supports only eventually consistent reads",
        wrong: [
            "A GSI queried with ConsistentRead=true",
            "An LSI keyed on email",
            "A strongly consistent Scan of the GSI",
        ],
        rule: "GSI reads",
        why: "GSI reads are eventually consistent only; an LSI shares the table's partition key, so it cannot be keyed on email (facts §2.1).",
    },
    Scenario {
        text: "Orders must be listed per customer by date and by total, with strongly consistent reads, and the table is being created now. Which index fits the second sort order?",
        right: "A local secondary index with Total as its sort key",
        wrong: [
            "A global secondary index with Total as its sort key",
            "A second table",
            "A Scan sorted in the application",
        ],
        rule: "LSI vs GSI",
        why: "An LSI keeps the table's partition key with another sort key, supports strong consistency, and must be created with the table (facts §2.1; study guide LSI vs GSI).",
    },
    Scenario {
        text: "A table has been in production for a year. The team now needs to query it by a new attribute, ProductId. What can they add?",
        right: "A global secondary index on ProductId",
        wrong: [
            "A local secondary index on ProductId",
            "A strongly consistent LSI",
            "Nothing without recreating the table",
        ],
        rule: "LSI vs GSI",
        why: "GSIs can be added to an existing table at any time (backfill uses the GSI's write capacity); LSIs only at table creation (facts §2.3).",
    },
    Scenario {
        text: "A table with a local secondary index stores every event of one busy device under one partition key, and that device's data grows past 10 GB. What happens?",
        right: "Writes for that key fail: an item collection is limited to 10 GB with an LSI",
        wrong: [
            "DynamoDB splits the partition and carries on",
            "The LSI becomes eventually consistent",
            "Nothing: the 10 GB limit applies only to GSIs",
        ],
        rule: "LSI limit",
        why: "Tables with an LSI limit each partition key value's item collection to 10 GB (facts §0).",
    },
    Scenario {
        text: "A payment flow reads a balance and an order together, and both must be consistent with each other. What does it cost compared with two strongly consistent reads of 4 KB items?",
        right: "Twice as much: TransactGetItems takes 2 RCU per 4 KB per item",
        wrong: [
            "The same: 1 RCU per item",
            "Half: transactions are eventually consistent",
            "Nothing extra: transactions are free",
        ],
        rule: "R1 read unit",
        why: "Transactional reads take two units per 4 KB (prepare and commit) (facts §2.1, TransactGetItems).",
    },
    Scenario {
        text: "A leaderboard refreshed every minute reads 8 KB items millions of times a day; a few seconds of staleness is fine. Which read minimises RCUs?",
        right: "Eventually consistent reads: 1 RCU per 8 KB item instead of 2",
        wrong: [
            "Strongly consistent reads",
            "TransactGetItems",
            "Strongly consistent reads on an LSI",
        ],
        rule: "R1 read unit",
        why: "Eventually consistent reads cost half: ceil(8 KB / 4 KB) x 0.5 = 1 RCU (facts §0).",
    },
];

fn from_bank(d: &mut Dice, topic: Topic, bank: &[Scenario]) -> Question {
    let s = d.pick(bank);
    let mut options: Vec<&str> = std::iter::once(s.right).chain(s.wrong).collect();
    d.shuffle(&mut options);
    let index = options.iter().position(|o| *o == s.right).unwrap_or(0);
    let mut text = s.text.to_string();
    for (i, o) in options.iter().enumerate() {
        text.push_str(&format!("\n  {}) {o}", letter(i)));
    }
    let mut working = Working::new();
    working.push(s.rule, s.why);
    Question { topic, text, answer: Answer::Choice { index, text: s.right.to_string() }, working }
}

pub(super) fn consistency(d: &mut Dice) -> Question {
    from_bank(d, Topic::Consistency, CONSISTENCY)
}

pub(super) fn billing_mode(d: &mut Dice, list: &PriceList) -> Question {
    match d.between(0, 2) {
        0 => from_bank(d, Topic::BillingMode, BILLING),
        n => utilization(d, list, n == 1),
    }
}

/// Rule C7 questions: which mode is cheaper at a given utilization, or
/// where the break-even lies.
fn utilization(d: &mut Dice, list: &PriceList, which_is_cheaper: bool) -> Question {
    let rcu = u64::from(d.step(100, 5_000, 100));
    let wcu = u64::from(d.step(50, 2_000, 50));
    // Fails only when both capacities are 0; both are drawn from 50 upwards.
    let b = calc::break_even(list, TableClass::Standard, rcu, wcu)
        .expect("generated capacities are never both 0");
    if !which_is_cheaper {
        return Question {
            topic: Topic::BillingMode,
            text: format!(
                "A table needs {} RCU and {} WCU at peak ({}, Standard). Below what average \
                 utilization of that capacity is on-demand cheaper than provisioned? (one decimal, e.g. 12.3%)",
                int(rcu),
                int(wcu),
                list.region
            ),
            answer: Answer::Quantity { value: b.utilization, unit: Unit::Percent },
            working: b.working,
        };
    }
    // A utilization at least 5 points away from the break-even.
    let percent = loop {
        let p = d.step(5, 90, 5);
        if (Decimal::from(p) - b.utilization * Decimal::ONE_HUNDRED).abs() >= Decimal::from(5) {
            break p;
        }
    };
    let provisioned_wins = Decimal::from(percent) > b.utilization * Decimal::ONE_HUNDRED;
    let options = ["Provisioned capacity", "On-demand capacity", "They cost the same"];
    let index = usize::from(!provisioned_wins);
    let mut working = b.working;
    working.push(
        "C7 decision",
        format!(
            "{percent}% {} the break-even, so {} is cheaper",
            if provisioned_wins { "is above" } else { "is below" },
            if provisioned_wins { "provisioned" } else { "on-demand" }
        ),
    );
    let mut text = format!(
        "A table is provisioned with {} RCU and {} WCU ({}, Standard), but its traffic uses on \
         average only {percent}% of that capacity. Which billing mode costs less for this traffic?",
        int(rcu),
        int(wcu),
        list.region
    );
    for (i, o) in options.iter().enumerate() {
        text.push_str(&format!("\n  {}) {o}", letter(i)));
    }
    Question {
        topic: Topic::BillingMode,
        text,
        answer: Answer::Choice { index, text: options[index].to_string() },
        working,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::grade::{Grade, grade};

    #[test]
    fn every_choice_question_is_answered_by_its_letter() {
        let list = PriceList::builtin("us-east-1").unwrap();
        let mut d = Dice::new(3);
        for _ in 0..60 {
            for q in [consistency(&mut d), billing_mode(&mut d, &list)] {
                let typed = match &q.answer {
                    Answer::Choice { index, text } => {
                        assert!(
                            q.text.contains(&format!("{}) {text}", letter(*index))),
                            "{}",
                            q.text
                        );
                        letter(*index).to_string()
                    }
                    Answer::Quantity { value, .. } => {
                        format!("{}%", (value * Decimal::ONE_HUNDRED).round_dp(1))
                    }
                };
                assert_eq!(grade(&q, &typed), Grade::Right, "{}", q.text);
            }
        }
    }

    // C7 at 28.9% in us-east-1: 60% use -> provisioned, 10% -> on-demand.
    #[test]
    fn c7_decides_the_utilization_questions() {
        let list = PriceList::builtin("us-east-1").unwrap();
        let mut d = Dice::new(11);
        for _ in 0..40 {
            let q = utilization(&mut d, &list, true);
            let percent: u32 = q
                .text
                .split("only ")
                .nth(1)
                .and_then(|s| s.split('%').next())
                .and_then(|s| s.parse().ok())
                .unwrap();
            let Answer::Choice { index, .. } = q.answer else { panic!("choice") };
            assert_eq!(index, if percent > 29 { 0 } else { 1 }, "{}", q.text);
        }
    }
}
