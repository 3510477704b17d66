//! Proptest strategies for [`AttributeValue`] and [`Item`] (tests only):
//! every data type, nested documents up to a few levels, sets, numbers over
//! DynamoDB's whole range, and strings and binaries that mix arbitrary text
//! with long runs of one byte (the shape of simulated filler). Depends on
//! `attribute`, `number`.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::attribute::{AttributeMap, AttributeValue, Item};
use super::number::Number;

/// Text: pieces of arbitrary Unicode and runs of one character (ASCII or
/// multibyte), up to 0-60 long, concatenated.
pub(crate) fn text() -> impl Strategy<Value = String> {
    let piece =
        prop_oneof!["\\PC{0,6}", ("[xu0é名😀\u{0}]", 0usize..60).prop_map(|(c, n)| c.repeat(n)),];
    prop::collection::vec(piece, 0..4).prop_map(|pieces| pieces.concat())
}

/// Binary: random bytes and runs of one byte, concatenated.
pub(crate) fn binary() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..8),
        (any::<u8>(), 0usize..60).prop_map(|(b, n)| vec![b; n]),
    ];
    prop::collection::vec(piece, 0..4).prop_map(|pieces| pieces.concat())
}

/// A DynamoDB number: small integers, and any sign, up to 38 digits and
/// any exponent within the range (out-of-range draws are redrawn).
pub(crate) fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        (-1000i64..1000).prop_map(Number::from_i64),
        (any::<bool>(), 0u128..10u128.pow(38), -167i32..=125)
            .prop_filter_map("out of range", |(neg, m, e)| Number::from_parts(neg, m, e).ok()),
    ]
}

/// Attribute names: short, any UTF-8.
pub(crate) fn name() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z]{1,3}", "\\PC{0,4}"]
}

fn scalar() -> impl Strategy<Value = AttributeValue> {
    prop_oneof![
        text().prop_map(AttributeValue::S),
        number().prop_map(AttributeValue::N),
        binary().prop_map(AttributeValue::B),
        any::<bool>().prop_map(AttributeValue::Bool),
        Just(AttributeValue::Null),
        prop::collection::btree_set(text(), 1..4).prop_map(AttributeValue::Ss),
        prop::collection::btree_set(number(), 1..4).prop_map(AttributeValue::Ns),
        prop::collection::btree_set(binary(), 1..4)
            .prop_map(|s: BTreeSet<Vec<u8>>| AttributeValue::Bs(s)),
    ]
}

/// Any attribute value, with L and M nested up to three levels.
pub(crate) fn attribute_value() -> impl Strategy<Value = AttributeValue> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(AttributeValue::L),
            prop::collection::vec((name(), inner), 0..4)
                .prop_map(|entries| AttributeValue::M(entries.into_iter().collect())),
        ]
    })
}

/// An item of up to eight attributes.
pub(crate) fn item() -> impl Strategy<Value = Item> {
    prop::collection::vec((name(), attribute_value()), 0..8)
        .prop_map(|entries| entries.into_iter().collect::<AttributeMap>())
}
