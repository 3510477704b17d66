//! Item size: THE one implementation of how DynamoDB sizes an item, used by
//! `estimate`, `calc`, the engine's ConsumedCapacity and the simulator.
//!
//! Rules (Developer Guide, "Item sizes and formats"; facts sheet §1.1-§1.2):
//! - **S1 item**: an item's size is the sum, over its top-level attributes,
//!   of the attribute name's UTF-8 length plus the value's size.
//! - **S2 string**: UTF-8 byte length.
//! - **S3 binary**: raw byte length (after base64 decoding).
//! - **S4 bool/null**: 1 byte.
//! - **S5 number**: 1 exponent byte plus one byte per base-100 digit pair
//!   aligned to the decimal point, plus 1 for a negative number; zero is 1.
//!   With `n` significant digits and `e` the exponent of the leading digit:
//!   `1 + ceil(n/2) + (n even and e even ? 1 : 0) + (negative ? 1 : 0)`
//!   (dynalite `valSize`, tested against live DynamoDB; agrees with AWS's
//!   ddb-calc on every case in facts sheet §1.2).
//! - **S6 list**: [`LIST_OVERHEAD`] (3) plus, per element, its size plus
//!   [`ELEMENT_OVERHEAD`] (1).
//! - **S7 map**: [`MAP_OVERHEAD`] (3) plus, per entry, the key's UTF-8
//!   length, the value's size and [`ELEMENT_OVERHEAD`] (1).
//! - **S8 sets**: the sum of the members' sizes, with no overhead.
//! - **S9 limit**: an item may be at most [`MAX_ITEM_BYTES`] (400 KB).
//!
//! Depends on `value` only.

use crate::value::{AttributeValue, Item, Number};

/// Largest item DynamoDB stores: 400 KB including attribute names (rule S9).
pub const MAX_ITEM_BYTES: u64 = 409_600;
/// Fixed bytes of every L value (rule S6).
pub const LIST_OVERHEAD: u64 = 3;
/// Fixed bytes of every M value (rule S7).
pub const MAP_OVERHEAD: u64 = 3;
/// Bytes added per element of an L or M (rules S6, S7).
pub const ELEMENT_OVERHEAD: u64 = 1;

/// Size of an item: names plus values (rule S1).
pub fn item_size(item: &Item) -> u64 {
    item.iter().map(|(name, value)| name.len() as u64 + attribute_value_size(value)).sum()
}

/// Size of one value, excluding its attribute name (rules S2-S8).
pub fn attribute_value_size(v: &AttributeValue) -> u64 {
    match v {
        AttributeValue::S(s) => s.len() as u64,
        AttributeValue::N(n) => number_size(n),
        AttributeValue::B(b) => b.len() as u64,
        AttributeValue::Bool(_) | AttributeValue::Null => 1,
        AttributeValue::L(list) => {
            LIST_OVERHEAD
                + list.iter().map(|e| attribute_value_size(e) + ELEMENT_OVERHEAD).sum::<u64>()
        }
        AttributeValue::M(map) => {
            MAP_OVERHEAD
                + map
                    .iter()
                    .map(|(k, e)| k.len() as u64 + attribute_value_size(e) + ELEMENT_OVERHEAD)
                    .sum::<u64>()
        }
        AttributeValue::Ss(set) => set.iter().map(|s| s.len() as u64).sum(),
        AttributeValue::Ns(set) => set.iter().map(number_size).sum(),
        AttributeValue::Bs(set) => set.iter().map(|b| b.len() as u64).sum(),
    }
}

/// Exact size of a number (rule S5).
pub fn number_size(n: &Number) -> u64 {
    if n.is_zero() {
        return 1;
    }
    let digits = u64::from(n.significant_digits());
    let pad = u64::from(digits % 2 == 0 && n.leading_exponent() % 2 == 0);
    1 + digits.div_ceil(2) + pad + u64::from(n.is_negative())
}

/// Size of a typical positive integer with `significant_digits` significant
/// digits and no trailing zeros (e.g. 123456 for 6): `1 + ceil(d/2)`, or 1
/// for zero digits (the number 0). For such integers the leading exponent is
/// `d - 1`, so an even digit count never needs the padding byte of rule S5.
/// Used where a workload gives a number's width, not its value.
pub fn number_size_for_digits(significant_digits: u32) -> u64 {
    1 + u64::from(significant_digits.div_ceil(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{item_from_json, value_from_json};
    use serde_json::json;

    fn num(s: &str) -> u64 {
        number_size(&s.parse().unwrap())
    }

    fn size_of(v: serde_json::Value) -> u64 {
        item_size(&item_from_json(&v).unwrap())
    }

    fn value_size(v: serde_json::Value) -> u64 {
        attribute_value_size(&value_from_json(&v, "v").unwrap())
    }

    // Rule S5, facts sheet §1.2 quick table.
    #[test]
    fn s5_number_quick_table() {
        let table = [
            ("0", 1),
            ("1", 2),
            ("10", 2),
            ("12", 2),
            ("99", 2),
            ("100", 2),
            ("500", 2),
            ("1000", 2),
            ("101", 3),
            ("123", 3),
            ("1234", 3),
            ("12345", 4),
            ("1.5", 3),
            ("0.5", 2),
            ("-1", 3),
            ("-123", 4),
        ];
        for (n, bytes) in table {
            assert_eq!(num(n), bytes, "{n}");
        }
    }

    // Rule S5, facts sheet §1.2 further agreed cases (dynalite = ddb-calc).
    #[test]
    fn s5_number_decimals_and_exponents() {
        assert_eq!(num("1.05"), 3);
        assert_eq!(num("0.005"), 2);
        assert_eq!(num("3.14159"), 5); // pairs 03 14 15 90
        assert_eq!(num("1E125"), 2);
        assert_eq!(num("-0"), 1);
    }

    // Rule S5, facts sheet §1.2 live-verified boundary cases (dynalite
    // putItem tests that sit exactly at the 409,600-byte limit).
    #[test]
    fn s5_number_live_verified_boundaries() {
        assert_eq!(num(&format!("{}{}", "1".repeat(38), "0".repeat(88))), 20);
        assert_eq!(num(&format!("1{}", "0".repeat(125))), 2);
        assert_eq!(num(&format!("11{}", "0".repeat(124))), 2);
        assert_eq!(num(&format!("11111{}", "0".repeat(121))), 4);
        assert_eq!(num(&format!("111111{}", "0".repeat(120))), 4);
        assert_eq!(num(&format!("1111111{}", "0".repeat(119))), 5);
    }

    #[test]
    fn s5_number_size_is_at_most_21_bytes_for_non_negative() {
        assert_eq!(num(&format!("1.{}", "1".repeat(37))), 21);
        assert_eq!(num(&"9".repeat(38)), 20);
    }

    #[test]
    fn number_size_for_digits_matches_typical_integers() {
        assert_eq!(number_size_for_digits(0), 1);
        assert_eq!(number_size_for_digits(1), 2);
        assert_eq!(number_size_for_digits(2), 2);
        assert_eq!(number_size_for_digits(6), 4);
        assert_eq!(number_size_for_digits(38), 20);
        for d in 1..=38u32 {
            let typical: String = (1..=d).map(|i| char::from(b'0' + (i % 9 + 1) as u8)).collect();
            assert_eq!(number_size_for_digits(d), num(&typical), "{typical}");
        }
    }

    // Rule S2: UTF-8 bytes, so non-ASCII characters count 2-4 bytes.
    #[test]
    fn s2_string_is_utf8_length() {
        assert_eq!(value_size(json!({"S": ""})), 0);
        assert_eq!(value_size(json!({"S": "abc"})), 3);
        assert_eq!(value_size(json!({"S": "é€😀"})), 2 + 3 + 4);
    }

    // Rule S3: the decoded bytes, not the base64 text.
    #[test]
    fn s3_binary_is_decoded_length() {
        assert_eq!(value_size(json!({"B": "AAECAwQ="})), 5);
    }

    #[test]
    fn s4_bool_and_null_are_one_byte() {
        assert_eq!(value_size(json!({"BOOL": false})), 1);
        assert_eq!(value_size(json!({"NULL": true})), 1);
    }

    // Rule S6: "3 bytes of overhead regardless of contents", plus 1 per element.
    #[test]
    fn s6_list_overhead_and_per_element_byte() {
        assert_eq!(LIST_OVERHEAD, 3);
        assert_eq!(ELEMENT_OVERHEAD, 1);
        assert_eq!(value_size(json!({"L": []})), 3);
        assert_eq!(value_size(json!({"L": [{"S": "ab"}, {"N": "1"}]})), 3 + (2 + 1) + (2 + 1));
        assert_eq!(value_size(json!({"L": [{"L": []}]})), 3 + (3 + 1));
    }

    // Rule S7: 3 + per entry (key bytes + value + 1).
    #[test]
    fn s7_map_overhead_key_bytes_and_per_entry_byte() {
        assert_eq!(MAP_OVERHEAD, 3);
        assert_eq!(value_size(json!({"M": {}})), 3);
        assert_eq!(value_size(json!({"M": {"k": {"BOOL": true}}})), 3 + 1 + 1 + 1);
    }

    // Rule S8: members summed, no per-set or per-member overhead.
    #[test]
    fn s8_sets_sum_members_without_overhead() {
        assert_eq!(value_size(json!({"SS": ["a", "bcd"]})), 4);
        assert_eq!(value_size(json!({"BS": ["AQ==", "AgM="]})), 3);
        assert_eq!(value_size(json!({"NS": ["-1", "12345"]})), 3 + 4);
    }

    // Facts sheet §1.4 worked checks.
    #[test]
    fn s1_worked_check_shirt_color_and_size_is_23_bytes() {
        assert_eq!(size_of(json!({"shirt-color": {"S": "R"}, "shirt-size": {"S": "M"}})), 23);
    }

    #[test]
    fn s1_worked_check_ddb_calc_readme_sample_is_137_bytes() {
        let item = json!({
            "Id": {"N": "101"}, "Title": {"S": "Book 101 Title"}, "ISBN": {"S": "111-1111111111"},
            "Authors": {"L": [{"S": "Author1"}]}, "Price": {"N": "2"},
            "Dimensions": {"S": "8.5 x 11.0 x 0.5"}, "PageCount": {"N": "500"},
            "InPublication": {"BOOL": true}, "ProductCategory": {"S": "Book"}
        });
        assert_eq!(size_of(item), 137);
    }

    #[test]
    fn s1_worked_checks_nested_map_empty_list_number_set() {
        assert_eq!(size_of(json!({"m": {"M": {"a": {"N": "1"}, "bb": {"S": "xyz"}}}})), 14);
        assert_eq!(size_of(json!({"l": {"L": []}})), 4);
        assert_eq!(size_of(json!({"ns": {"NS": ["1", "12", "123"]}})), 9);
    }

    #[test]
    fn s9_max_item_is_400_kb() {
        assert_eq!(MAX_ITEM_BYTES, 400 * 1024);
    }
}
