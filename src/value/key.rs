//! [`KeyValue`]: the value of a key attribute (partition or sort key), and
//! the order DynamoDB sorts items by.
//!
//! Key attributes must be scalar S, N or B (Developer Guide, "Core
//! components": "Each primary key attribute must be a scalar (meaning that
//! it can hold only a single value). The only data types allowed for primary
//! key attributes are string, number, or binary"). Within one type the
//! order is the one Query returns: "If the data type of the sort key is
//! Number, the results are returned in numeric order; otherwise, the results
//! are returned in order of UTF-8 bytes" (API Reference, Query,
//! ScanIndexForward). Binary compares as unsigned bytes. Depends on
//! `attribute` and `number`.

use std::cmp::Ordering;

use super::attribute::AttributeValue;
use super::number::Number;

/// A key attribute's value. A table's key attributes have one declared type,
/// so values of different types never meet in one ordering; the derived order
/// across types (S < N < B) only keeps `Ord` total.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyValue {
    /// Ordered by UTF-8 bytes (Rust's `String` order is byte order).
    S(String),
    /// Ordered numerically.
    N(Number),
    /// Ordered by unsigned bytes.
    B(Vec<u8>),
}

impl KeyValue {
    /// A 64-bit summary that never orders two values of one type against
    /// their order: `a < b` implies `a.order_prefix() <= b.order_prefix()`
    /// (S and B: the first 8 bytes, big-endian, zero-padded; N:
    /// [`Number::order_prefix`]). Equal prefixes say nothing.
    pub fn order_prefix(&self) -> u64 {
        let bytes = |b: &[u8]| {
            let mut first = [0u8; 8];
            let n = b.len().min(8);
            first[..n].copy_from_slice(&b[..n]);
            u64::from_be_bytes(first)
        };
        match self {
            KeyValue::S(s) => bytes(s.as_bytes()),
            KeyValue::N(n) => n.order_prefix(),
            KeyValue::B(b) => bytes(b),
        }
    }

    /// The key value held by an attribute value, if it is S, N or B.
    pub fn from_attribute(value: &AttributeValue) -> Option<KeyValue> {
        match value {
            AttributeValue::S(s) => Some(KeyValue::S(s.clone())),
            AttributeValue::N(n) => Some(KeyValue::N(*n)),
            AttributeValue::B(b) => Some(KeyValue::B(b.clone())),
            _ => None,
        }
    }

    /// Back into an attribute value.
    pub fn to_attribute(&self) -> AttributeValue {
        match self {
            KeyValue::S(s) => AttributeValue::S(s.clone()),
            KeyValue::N(n) => AttributeValue::N(*n),
            KeyValue::B(b) => AttributeValue::B(b.clone()),
        }
    }

    /// "S", "N" or "B".
    pub fn type_tag(&self) -> &'static str {
        match self {
            KeyValue::S(_) => "S",
            KeyValue::N(_) => "N",
            KeyValue::B(_) => "B",
        }
    }

    /// Size in bytes as DynamoDB counts it for key length limits (UTF-8 or
    /// raw bytes; numbers are not length-limited and report 0).
    pub fn byte_len(&self) -> usize {
        match self {
            KeyValue::S(s) => s.len(),
            KeyValue::B(b) => b.len(),
            KeyValue::N(_) => 0,
        }
    }
}

/// Compares two attribute values the way DynamoDB compares them in key
/// conditions and `<`, `<=`, `>`, `>=`, `BETWEEN`: only S with S, N with N
/// and B with B; any other pairing is not comparable (`None`).
pub fn compare_scalars(a: &AttributeValue, b: &AttributeValue) -> Option<Ordering> {
    match (a, b) {
        (AttributeValue::S(x), AttributeValue::S(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (AttributeValue::N(x), AttributeValue::N(y)) => Some(x.cmp(y)),
        (AttributeValue::B(x), AttributeValue::B(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> KeyValue {
        KeyValue::N(s.parse().unwrap())
    }

    // The prefix is a shortcut for KeyValue's order (numeric for N, byte
    // order for S and B: Developer Guide, "Query": results "are returned in
    // numeric order" / "in order of UTF-8 bytes"): it may tie, never
    // contradict.
    #[test]
    fn order_prefixes_never_contradict_the_order() {
        let ordered = [
            "-1E+125",
            "-123456789012345678",
            "-123456789012345677",
            "-1",
            "-0.5",
            "-1E-130",
            "0",
            "1E-130",
            "0.000001",
            "0.5",
            "1",
            "1.0000000000000001",
            "2",
            "10",
            "99",
            "100",
            "12345678901234567890123456789012345678",
            "9.9E+125",
        ];
        for pair in ordered.windows(2) {
            let (a, b) = (n(pair[0]), n(pair[1]));
            assert!(a < b, "{pair:?}");
            assert!(a.order_prefix() <= b.order_prefix(), "{pair:?}");
        }
        // Different magnitudes and signs are told apart by the prefix alone.
        assert!(n("-1").order_prefix() < n("0").order_prefix());
        assert!(n("0").order_prefix() < n("1E-130").order_prefix());
        assert!(n("99").order_prefix() < n("100").order_prefix());
        // Past the 16th digit the prefix ties and the numbers decide.
        assert_eq!(n("1").order_prefix(), n("1.0000000000000001").order_prefix(),);
        let s = |v: &str| KeyValue::S(v.into()).order_prefix();
        assert!(s("") < s("a") && s("a") < s("ab") && s("ab") < s("b"));
        assert_eq!(s("abcdefgh1"), s("abcdefgh2"));
        let b = |v: &[u8]| KeyValue::B(v.to_vec()).order_prefix();
        assert!(b(&[]) < b(&[0, 1]) && b(&[0, 1]) < b(&[0xff]));
    }

    proptest::proptest! {
        #[test]
        fn number_prefixes_agree_with_numeric_order(
            a in crate::value::arbitrary::number(),
            b in crate::value::arbitrary::number(),
        ) {
            let (ka, kb) = (KeyValue::N(a), KeyValue::N(b));
            if ka < kb {
                proptest::prop_assert!(ka.order_prefix() <= kb.order_prefix());
            }
            if ka.order_prefix() < kb.order_prefix() {
                proptest::prop_assert!(ka < kb);
            }
        }

        #[test]
        fn string_prefixes_agree_with_byte_order(
            a in crate::value::arbitrary::text(),
            b in crate::value::arbitrary::text(),
        ) {
            let (ka, kb) = (KeyValue::S(a), KeyValue::S(b));
            if ka.order_prefix() < kb.order_prefix() {
                proptest::prop_assert!(ka < kb);
            }
            if ka < kb {
                proptest::prop_assert!(ka.order_prefix() <= kb.order_prefix());
            }
        }
    }

    #[test]
    fn number_keys_sort_numerically_not_lexically() {
        // ScanIndexForward: "If the data type of the sort key is Number, the
        // results are returned in numeric order".
        let mut keys = vec![n("10"), n("9"), n("-1"), n("1.5"), n("100")];
        keys.sort();
        assert_eq!(keys, vec![n("-1"), n("1.5"), n("9"), n("10"), n("100")]);
    }

    #[test]
    fn string_keys_sort_by_utf8_bytes() {
        // "otherwise, the results are returned in order of UTF-8 bytes":
        // uppercase before lowercase, and U+00E9 after 'z'.
        let mut keys = [
            KeyValue::S("b".into()),
            KeyValue::S("é".into()),
            KeyValue::S("B".into()),
            KeyValue::S("z".into()),
        ];
        keys.sort();
        let order: Vec<_> = keys
            .iter()
            .map(|k| match k {
                KeyValue::S(s) => s.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(order, ["B", "b", "z", "é"]);
    }

    #[test]
    fn binary_keys_sort_as_unsigned_bytes() {
        let mut keys =
            vec![KeyValue::B(vec![0xff]), KeyValue::B(vec![0x00, 0x01]), KeyValue::B(vec![0x7f])];
        keys.sort();
        assert_eq!(
            keys,
            vec![KeyValue::B(vec![0x00, 0x01]), KeyValue::B(vec![0x7f]), KeyValue::B(vec![0xff])]
        );
    }

    #[test]
    fn only_scalars_of_one_type_are_key_values_and_comparable() {
        assert_eq!(KeyValue::from_attribute(&AttributeValue::Bool(true)), None);
        assert_eq!(
            KeyValue::from_attribute(&AttributeValue::s("a")).unwrap().to_attribute(),
            AttributeValue::s("a")
        );
        assert_eq!(compare_scalars(&AttributeValue::s("1"), &AttributeValue::n(1)), None);
        assert_eq!(
            compare_scalars(&AttributeValue::n(2), &AttributeValue::n(10)),
            Some(Ordering::Less)
        );
    }
}
