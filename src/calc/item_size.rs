//! `calc item-size`: the size of a DynamoDB JSON item, attribute by
//! attribute, and the read and write units one access to it costs.
//!
//! Rules S1-S9 (`capacity::item_size`), R1 and W1 (`capacity::units`).

use crate::capacity::item_size::{MAX_ITEM_BYTES, attribute_value_size, item_size as size_of_item};
use crate::capacity::{CapacityUnits, ReadConsistency, Working, read_units, write_units};
use crate::value::{AttributeValue, Item, item_from_json_str};

use super::CalcError;

/// One top-level attribute's share of the item size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeSize {
    pub name: String,
    /// The DynamoDB JSON type tag (`S`, `N`, `L`, ...).
    pub type_tag: &'static str,
    pub name_bytes: u64,
    pub value_bytes: u64,
}

impl AttributeSize {
    /// Name plus value: this attribute's contribution to the item (rule S1).
    pub fn bytes(&self) -> u64 {
        self.name_bytes + self.value_bytes
    }
}

/// The size of an item and what one read or write of it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSize {
    pub bytes: u64,
    pub attributes: Vec<AttributeSize>,
    pub read_units_strong: CapacityUnits,
    pub read_units_eventual: CapacityUnits,
    pub write_units: CapacityUnits,
    pub working: Working,
}

/// Parses DynamoDB JSON (`{"Id": {"N": "1"}, ...}`) and sizes the item.
pub fn item_size_of_json(text: &str) -> Result<ItemSize, CalcError> {
    let item = item_from_json_str(text).map_err(CalcError::Item)?;
    item_size(&item)
}

/// Sizes an item (rules S1-S9) and prices one access to it (R1, W1).
pub fn item_size(item: &Item) -> Result<ItemSize, CalcError> {
    let mut w = Working::new();
    let attributes: Vec<AttributeSize> = item
        .iter()
        .map(|(name, value)| AttributeSize {
            name: name.clone(),
            type_tag: value.type_tag(),
            name_bytes: name.len() as u64,
            value_bytes: attribute_value_size(value),
        })
        .collect();
    for (a, (_, value)) in attributes.iter().zip(item.iter()) {
        w.push(
            value_rule(value),
            format!(
                "{} ({}): {} B name + {} B value = {} B",
                a.name,
                a.type_tag,
                a.name_bytes,
                a.value_bytes,
                a.bytes()
            ),
        );
    }
    let bytes = size_of_item(item);
    let terms: Vec<String> = attributes.iter().map(|a| a.bytes().to_string()).collect();
    let sum = if terms.is_empty() { "0".to_string() } else { terms.join(" + ") };
    w.push("S1 item", format!("{sum} = {bytes} B"));
    if bytes > MAX_ITEM_BYTES {
        return Err(CalcError::ItemTooLarge { bytes });
    }
    let strong = read_units(bytes, ReadConsistency::Strong);
    let eventual = read_units(bytes, ReadConsistency::Eventual);
    let write = write_units(bytes, false);
    w.push(
        "R1 read unit",
        format!(
            "ceil({bytes} B / 4096 B) = {strong} RCU strongly consistent, {eventual} eventually consistent"
        ),
    );
    w.push("W1 write unit", format!("ceil({bytes} B / 1024 B) = {write} WCU"));
    Ok(ItemSize {
        bytes,
        attributes,
        read_units_strong: strong,
        read_units_eventual: eventual,
        write_units: write,
        working: w,
    })
}

/// The name of the size rule for a value's type.
fn value_rule(v: &AttributeValue) -> &'static str {
    match v {
        AttributeValue::S(_) => "S2 string",
        AttributeValue::N(_) => "S5 number",
        AttributeValue::B(_) => "S3 binary",
        AttributeValue::Bool(_) | AttributeValue::Null => "S4 bool/null",
        AttributeValue::L(_) => "S6 list",
        AttributeValue::M(_) => "S7 map",
        AttributeValue::Ss(_) | AttributeValue::Ns(_) | AttributeValue::Bs(_) => "S8 set",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Facts §1.4 / S4-2023: "shirt-color"="R", "shirt-size"="M" is 23 bytes.
    #[test]
    fn s1_shirt_example_is_23_bytes_one_rcu_one_wcu() {
        let r = item_size_of_json(r#"{"shirt-color":{"S":"R"},"shirt-size":{"S":"M"}}"#).unwrap();
        assert_eq!(r.bytes, 23);
        assert_eq!(r.attributes[0].bytes(), 12);
        assert_eq!(r.attributes[1].bytes(), 11);
        assert_eq!(r.read_units_strong, CapacityUnits::whole(1));
        assert_eq!(r.read_units_eventual.to_string(), "0.5");
        assert_eq!(r.write_units, CapacityUnits::whole(1));
        assert_eq!(r.working.steps().last().unwrap().formula, "ceil(23 B / 1024 B) = 1 WCU");
    }

    // R1/W1 on a 5,000-byte item: 2 RCU strong, 5 WCU.
    #[test]
    fn r1_w1_units_follow_the_size() {
        let text = format!(r#"{{"d":{{"S":"{}"}}}}"#, "x".repeat(4999));
        let r = item_size_of_json(&text).unwrap();
        assert_eq!(r.bytes, 5000);
        assert_eq!(r.read_units_strong, CapacityUnits::whole(2));
        assert_eq!(r.write_units, CapacityUnits::whole(5));
    }

    // Rule S9: 400 KB is the limit, attribute names included.
    #[test]
    fn s9_items_over_400kb_are_rejected() {
        let at_limit = format!(r#"{{"d":{{"S":"{}"}}}}"#, "x".repeat(409_599));
        assert_eq!(item_size_of_json(&at_limit).unwrap().bytes, 409_600);
        let over = format!(r#"{{"d":{{"S":"{}"}}}}"#, "x".repeat(409_600));
        let err = item_size_of_json(&over).unwrap_err();
        assert!(matches!(err, CalcError::ItemTooLarge { bytes: 409_601 }), "{err}");
    }

    #[test]
    fn invalid_json_is_an_item_error() {
        for bad in [r#"{"a":{"N":"x"}}"#, r#"{"a":{"NS":["1","1"]}}"#, "[", r#"{"a":{"Q":"1"}}"#] {
            assert!(matches!(item_size_of_json(bad), Err(CalcError::Item(_))), "{bad}");
        }
    }
}
