//! Generators for the numeric topics: each draws realistic inputs, asks the
//! question in words and takes the answer and the working from `calc`, so a
//! practice answer is always what `ddbplan calc` would print.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::dice::Dice;
use super::question::{Answer, Question, Topic, Unit};
use crate::calc::{self, GsiInput, Projection};
use crate::capacity::ReadConsistency;
use crate::pricing::{PriceList, TableClass};
use crate::report::fmt::int;
use crate::units::Size;

/// Item sizes that exam questions use: mostly round KB, some odd byte counts.
const ITEM_BYTES: [u32; 22] = [
    512, 700, 1024, 1300, 1536, 2048, 2560, 2900, 3072, 3584, 4096, 4608, 5120, 5500, 6144, 7168,
    8192, 9000, 10240, 12288, 15360, 20480,
];

/// "6 KB" for whole half-KB sizes, "1,300 bytes" otherwise.
pub(super) fn describe_size(bytes: u64) -> String {
    if bytes.is_multiple_of(512) {
        Size::from_bytes(bytes).to_string()
    } else {
        format!("{} bytes", int(bytes))
    }
}

fn quantity(value: impl Into<Decimal>, unit: Unit) -> Answer {
    Answer::Quantity { value: value.into(), unit }
}

pub(super) fn rcu(d: &mut Dice) -> Question {
    let bytes = u64::from(*d.pick(&ITEM_BYTES));
    let rate = u64::from(d.step(5, 600, 5));
    let consistency = *d.pick(&[
        ReadConsistency::Strong,
        ReadConsistency::Strong,
        ReadConsistency::Eventual,
        ReadConsistency::Eventual,
        ReadConsistency::Transactional,
    ]);
    let how = match consistency {
        ReadConsistency::Transactional => "transactional (TransactGetItems)",
        other => other.name(),
    };
    let r = calc::rcu(bytes, rate, consistency);
    Question {
        topic: Topic::Rcu,
        text: format!(
            "An application makes {} {how} reads per second of items that are {} each. \
             How many read capacity units (RCUs) must the table provision?",
            int(rate),
            describe_size(bytes)
        ),
        answer: quantity(r.rcu, Unit::Rcu),
        working: r.working,
    }
}

pub(super) fn wcu(d: &mut Dice) -> Question {
    let bytes = u64::from(*d.pick(&ITEM_BYTES));
    let rate = u64::from(d.step(5, 500, 5));
    let transactional = d.chance(25);
    let r = calc::wcu(bytes, rate, transactional);
    let how = if transactional { ", all inside TransactWriteItems calls" } else { "" };
    Question {
        topic: Topic::Wcu,
        text: format!(
            "A service writes {} items per second{how}; each item is {}. \
             How many write capacity units (WCUs) must the table provision?",
            int(rate),
            describe_size(bytes)
        ),
        answer: quantity(r.wcu, Unit::Wcu),
        working: r.working,
    }
}

pub(super) fn item_size(d: &mut Dice) -> Question {
    let text = one_attribute_per_line(&random_item(d));
    // Generated items are valid DynamoDB JSON far below 400 KB by
    // construction (checked over many seeds by the tests below).
    let r = calc::item_size_of_json(&text).expect("generated items are valid DynamoDB JSON");
    Question {
        topic: Topic::ItemSize,
        text: format!("How many bytes does DynamoDB count for this item?\n{text}"),
        answer: quantity(r.bytes, Unit::Bytes),
        working: r.working,
    }
}

/// `{"PK": {"S": "USER#1"}, ...}` with one attribute per line.
fn one_attribute_per_line(item: &Map<String, Value>) -> String {
    let lines: Vec<String> =
        item.iter().map(|(k, v)| format!("  {}: {}", Value::String(k.clone()), v)).collect();
    format!("{{\n{}\n}}", lines.join(",\n"))
}

fn random_item(d: &mut Dice) -> Map<String, Value> {
    const WORDS: [&str; 12] = [
        "red", "blue", "green", "sale", "new", "gift", "café", "promo", "eco", "bulk", "vip",
        "returns",
    ];
    const CITIES: [&str; 6] = ["Lisbon", "Austin", "Osaka", "Nairobi", "Zürich", "Perth"];
    let mut m = Map::new();
    m.insert("PK".into(), json!({"S": format!("USER#{}", d.between(1, 99_999))}));
    m.insert("SK".into(), json!({"S": format!("ORDER#{:06}", d.between(1, 999_999))}));
    let mut optional: Vec<u32> = (0..8).collect();
    d.shuffle(&mut optional);
    let extra = d.between(2, 4) as usize;
    for kind in optional.into_iter().take(extra) {
        let (name, value) = match kind {
            0 => ("Total", json!({"N": d.between(1, 250_000).to_string()})),
            1 => ("Price", json!({"N": format!("{}.{:02}", d.between(1, 999), d.between(0, 99))})),
            2 => ("Paid", json!({"BOOL": d.chance(50)})),
            3 => {
                let mut tags: Vec<&str> = WORDS.to_vec();
                d.shuffle(&mut tags);
                let n = d.between(1, 3) as usize;
                ("Tags", json!({"SS": tags[..n]}))
            }
            4 => ("City", json!({"S": *d.pick(&CITIES)})),
            5 => (
                "Ship",
                json!({"M": {"Zip": {"S": format!("{:05}", d.between(1000, 99_999))}, "Qty": {"N": d.between(1, 20).to_string()}}}),
            ),
            6 => (
                "Lines",
                json!({"L": [{"S": *d.pick(&WORDS)}, {"N": d.between(1, 500).to_string()}]}),
            ),
            _ => ("Note", json!({"NULL": true})),
        };
        m.insert(name.into(), value);
    }
    m
}

pub(super) fn partitions(d: &mut Dice) -> Question {
    let rcu = u64::from(d.step(500, 24_000, 500));
    let wcu = u64::from(d.step(100, 9_000, 100));
    let gb = u64::from(*d.pick(&[5u32, 8, 20, 35, 60, 120, 250]));
    let r = calc::partitions(rcu, wcu, gb * Size::GB);
    Question {
        topic: Topic::Partitions,
        text: format!(
            "A provisioned table has {} RCU and {} WCU and stores {gb} GB. Using the classic \
             formula (3,000 RCU or 1,000 WCU and 10 GB per partition), how many partitions does it need?",
            int(rcu),
            int(wcu)
        ),
        answer: quantity(r.partitions, Unit::Partitions),
        working: r.working,
    }
}

pub(super) fn gsi(d: &mut Dice) -> Question {
    let item_bytes = u64::from(*d.pick(&ITEM_BYTES[2..]));
    let n = u64::from(d.step(10, 500, 10));
    let projection = *d.pick(&[Projection::All, Projection::KeysOnly, Projection::Include]);
    let projected = match projection {
        Projection::All => None,
        Projection::KeysOnly => Some(u64::from(*d.pick(&[40u32, 64, 100, 200]))),
        Projection::Include => {
            Some(u64::from(*d.pick(&[300u32, 700, 1000, 1500, 2500])).min(item_bytes))
        }
    };
    let share = *d.pick(&[0, 0, 10, 20, 25]);
    let input = GsiInput {
        item_bytes,
        writes_per_second: n,
        projection,
        projected_bytes: projected,
        key_change_share: Decimal::new(i64::from(share), 2),
    };
    // Only KEYS_ONLY or INCLUDE without a projected size fail; both get one above.
    let r = calc::gsi_writes(input).expect("generated GSI inputs carry a projected size");
    let index = match projected {
        None => "projects ALL attributes".to_string(),
        Some(p) => {
            format!("projects {} (index entries of {})", projection.as_str(), describe_size(p))
        }
    };
    let keys = if share > 0 {
        format!(" {share}% of the writes change the value of the GSI's partition key.")
    } else {
        " No write changes the GSI's key.".to_string()
    };
    Question {
        topic: Topic::Gsi,
        text: format!(
            "A table receives {} writes per second of {} items. Its one global secondary index \
             {index}.{keys} How many WCUs must be provisioned in total, table plus GSI?",
            int(n),
            describe_size(item_bytes)
        ),
        answer: quantity(r.total_wcu, Unit::Wcu),
        working: r.working,
    }
}

pub(super) fn cost(d: &mut Dice, list: &PriceList) -> Question {
    let place = format!("{} (Standard table class)", list.region);
    match d.between(0, 2) {
        0 => {
            let (rcu, wcu) = (u64::from(d.step(5, 2_000, 5)), u64::from(d.step(5, 1_000, 5)));
            let r = calc::provisioned_cost(
                list,
                TableClass::Standard,
                rcu,
                wcu,
                Decimal::from(calc::cost::MONTH_HOURS),
            );
            Question {
                topic: Topic::Cost,
                text: format!(
                    "What does a month (730 hours) of {} RCU and {} WCU of provisioned capacity cost in {place}?",
                    int(rcu),
                    int(wcu)
                ),
                answer: quantity(r.total.amount(), Unit::Usd),
                working: r.working,
            }
        }
        1 => {
            let reads = u64::from(d.between(1, 500)) * 1_000_000;
            let writes = u64::from(d.between(1, 200)) * 1_000_000;
            let r = calc::on_demand_cost(list, TableClass::Standard, reads, writes);
            Question {
                topic: Topic::Cost,
                text: format!(
                    "An on-demand table consumes {} million read request units and {} million write \
                     request units in a month. What do they cost in {place}?",
                    reads / 1_000_000,
                    writes / 1_000_000
                ),
                answer: quantity(r.total.amount(), Unit::Usd),
                working: r.working,
            }
        }
        _ => {
            let gb = u64::from(d.step(10, 2_000, 10));
            let class = *d.pick(&[TableClass::Standard, TableClass::StandardIa]);
            let r = calc::storage_cost(list, class, Size::from_bytes(gb * Size::GB));
            Question {
                topic: Topic::Cost,
                text: format!(
                    "A table stores {} GB in the {} table class in {}. What does a month of storage \
                     cost, before any free tier?",
                    int(gb),
                    match class {
                        TableClass::Standard => "Standard",
                        TableClass::StandardIa => "Standard-IA",
                    },
                    list.region
                ),
                answer: quantity(r.monthly.amount(), Unit::Usd),
                working: r.working,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::grade::{Grade, grade};

    // Every generated numeric question is answered right by its own answer,
    // and its working is never empty.
    #[test]
    fn generated_answers_grade_as_right() {
        let list = PriceList::builtin("us-east-1").unwrap();
        let mut d = Dice::new(42);
        for _ in 0..50 {
            for q in [
                rcu(&mut d),
                wcu(&mut d),
                item_size(&mut d),
                partitions(&mut d),
                gsi(&mut d),
                cost(&mut d, &list),
            ] {
                let Answer::Quantity { value, unit } = &q.answer else { panic!("numeric") };
                let typed = match unit {
                    Unit::Usd => value.round_dp(2).to_string(),
                    _ => value.normalize().to_string(),
                };
                assert_eq!(grade(&q, &typed), Grade::Right, "{}: {typed}", q.text);
                assert!(!q.working.is_empty());
            }
        }
    }

    #[test]
    fn sizes_are_described_as_exam_questions_write_them() {
        assert_eq!(describe_size(6144), "6 KB");
        assert_eq!(describe_size(1536), "1.5 KB");
        assert_eq!(describe_size(1300), "1,300 bytes");
    }
}
