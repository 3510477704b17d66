//! [`Condition`]: a resolved condition or filter expression, and its
//! evaluation against an item.
//!
//! Semantics (Developer Guide, "Condition and filter expressions, operators,
//! and functions"):
//! - A path that does not exist has no value; every comparison, `BETWEEN`,
//!   `IN` and function on it is false, except `<>` (not equal), which is true
//!   (`#status <> :s` holds on an item without `status`, truora/minidyn#23),
//!   and `attribute_not_exists`.
//! - `=`/`<>` compare type and value (sets regardless of order, numbers
//!   numerically). `<`, `<=`, `>`, `>=` and `BETWEEN` only compare S with S
//!   (UTF-8 bytes), N with N and B with B; other pairings are false
//!   (`value::compare_scalars`, the one implementation shared with keys).
//! - `size`: S gives its length in UTF-16 code units (live DynamoDB answers
//!   `size("é𝄞") = 3`, ExtendDB/extenddb#60), B its bytes, sets, L and M their
//!   element count; N, BOOL and NULL have no size.
//! - `contains(path, x)`: substring of an S, member of a set of x's type,
//!   or element of an L.
//! - `begins_with`: S prefix of an S, or B prefix of a B.
//!
//! Evaluation cannot fail: type problems the resolver can see are rejected
//! at compile time, the rest evaluate to false, as in DynamoDB. Depends on
//! `path`, `ast` (Comparator) and `value`.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::ast::Comparator;
use super::path::DocPath;
use crate::value::{AttributeValue, Item, Number, compare_scalars};

/// A resolved operand.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Path(DocPath),
    Value(AttributeValue),
    Size(Box<Operand>),
}

/// A resolved condition tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cond {
    Compare(Comparator, Operand, Operand),
    Between(Operand, Operand, Operand),
    In(Operand, Vec<Operand>),
    Exists(DocPath),
    NotExists(DocPath),
    /// `attribute_type(path, :t)` with the type tag (`"S"`, `"SS"`, ...).
    IsType(DocPath, String),
    BeginsWith(Operand, Operand),
    Contains(Operand, Operand),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

/// A compiled condition, filter or key-condition expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub(crate) root: Cond,
}

impl Condition {
    /// Whether `item` satisfies the condition; `None` is an item that does
    /// not exist (every attribute is missing).
    pub fn evaluate(&self, item: Option<&Item>) -> bool {
        eval(&self.root, item)
    }

    /// The top-level attribute names the condition reads, in first-use
    /// order (e.g. for "Filter Expression can only contain non-primary key
    /// attributes").
    pub fn top_level_attributes(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_tops(&self.root, &mut out);
        out
    }
}

fn collect_tops<'a>(cond: &'a Cond, out: &mut Vec<&'a str>) {
    let push_path = |p: &'a DocPath, out: &mut Vec<&'a str>| {
        if !out.contains(&p.top()) {
            out.push(p.top());
        }
    };
    fn operand_path(o: &Operand) -> Option<&DocPath> {
        match o {
            Operand::Path(p) => Some(p),
            Operand::Size(inner) => operand_path(inner),
            Operand::Value(_) => None,
        }
    }
    match cond {
        Cond::Compare(_, a, b) | Cond::BeginsWith(a, b) | Cond::Contains(a, b) => {
            for o in [a, b] {
                if let Some(p) = operand_path(o) {
                    push_path(p, out);
                }
            }
        }
        Cond::Between(a, b, c) => {
            for o in [a, b, c] {
                if let Some(p) = operand_path(o) {
                    push_path(p, out);
                }
            }
        }
        Cond::In(a, list) => {
            for o in std::iter::once(a).chain(list) {
                if let Some(p) = operand_path(o) {
                    push_path(p, out);
                }
            }
        }
        Cond::Exists(p) | Cond::NotExists(p) | Cond::IsType(p, _) => push_path(p, out),
        Cond::Not(c) => collect_tops(c, out),
        Cond::And(all) | Cond::Or(all) => {
            for c in all {
                collect_tops(c, out);
            }
        }
    }
}

fn eval(cond: &Cond, item: Option<&Item>) -> bool {
    match cond {
        Cond::Compare(op, a, b) => compare(*op, a.value(item).as_deref(), b.value(item).as_deref()),
        Cond::Between(v, low, high) => {
            let (Some(v), Some(low), Some(high)) =
                (v.value(item), low.value(item), high.value(item))
            else {
                return false;
            };
            matches!(compare_scalars(&v, &low), Some(Ordering::Greater | Ordering::Equal))
                && matches!(compare_scalars(&v, &high), Some(Ordering::Less | Ordering::Equal))
        }
        Cond::In(v, list) => {
            let Some(v) = v.value(item) else { return false };
            list.iter().any(|o| o.value(item).is_some_and(|x| *x == *v))
        }
        Cond::Exists(p) => item.and_then(|i| p.get(i)).is_some(),
        Cond::NotExists(p) => item.and_then(|i| p.get(i)).is_none(),
        Cond::IsType(p, tag) => item.and_then(|i| p.get(i)).is_some_and(|v| v.type_tag() == tag),
        Cond::BeginsWith(a, b) => match (a.value(item).as_deref(), b.value(item).as_deref()) {
            (Some(AttributeValue::S(s)), Some(AttributeValue::S(prefix))) => {
                s.starts_with(prefix.as_str())
            }
            (Some(AttributeValue::B(s)), Some(AttributeValue::B(prefix))) => s.starts_with(prefix),
            _ => false,
        },
        Cond::Contains(a, b) => match (a.value(item), b.value(item)) {
            (Some(a), Some(b)) => contains(&a, &b),
            _ => false,
        },
        Cond::Not(c) => !eval(c, item),
        Cond::And(all) => all.iter().all(|c| eval(c, item)),
        Cond::Or(any) => any.iter().any(|c| eval(c, item)),
    }
}

fn compare(op: Comparator, a: Option<&AttributeValue>, b: Option<&AttributeValue>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        // A missing operand equals nothing, so it is "not equal" to anything.
        return op == Comparator::Ne;
    };
    match op {
        Comparator::Eq => a == b,
        Comparator::Ne => a != b,
        Comparator::Lt => compare_scalars(a, b) == Some(Ordering::Less),
        Comparator::Le => matches!(compare_scalars(a, b), Some(Ordering::Less | Ordering::Equal)),
        Comparator::Gt => compare_scalars(a, b) == Some(Ordering::Greater),
        Comparator::Ge => {
            matches!(compare_scalars(a, b), Some(Ordering::Greater | Ordering::Equal))
        }
    }
}

fn contains(haystack: &AttributeValue, needle: &AttributeValue) -> bool {
    match (haystack, needle) {
        (AttributeValue::S(s), AttributeValue::S(sub)) => s.contains(sub.as_str()),
        (AttributeValue::Ss(set), AttributeValue::S(x)) => set.contains(x),
        (AttributeValue::Ns(set), AttributeValue::N(x)) => set.contains(x),
        (AttributeValue::Bs(set), AttributeValue::B(x)) => set.contains(x),
        (AttributeValue::L(list), x) => list.contains(x),
        _ => false,
    }
}

/// `size(value)` as DynamoDB computes it (see the module doc).
pub(crate) fn size_of(value: &AttributeValue) -> Option<usize> {
    match value {
        AttributeValue::S(s) => Some(s.encode_utf16().count()),
        AttributeValue::B(b) => Some(b.len()),
        AttributeValue::Ss(set) => Some(set.len()),
        AttributeValue::Ns(set) => Some(set.len()),
        AttributeValue::Bs(set) => Some(set.len()),
        AttributeValue::L(list) => Some(list.len()),
        AttributeValue::M(map) => Some(map.len()),
        AttributeValue::N(_) | AttributeValue::Bool(_) | AttributeValue::Null => None,
    }
}

impl Operand {
    /// The operand's value in `item`, if it has one.
    pub(crate) fn value<'a>(&'a self, item: Option<&'a Item>) -> Option<Cow<'a, AttributeValue>> {
        match self {
            Operand::Path(p) => item.and_then(|i| p.get(i)).map(Cow::Borrowed),
            Operand::Value(v) => Some(Cow::Borrowed(v)),
            Operand::Size(inner) => {
                let value = inner.value(item)?;
                let size = size_of(&value)?;
                let size = i64::try_from(size).ok()?;
                Some(Cow::Owned(AttributeValue::N(Number::from_i64(size))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Cases from the Developer Guide page "Condition and filter expressions,
    //! operators, and functions in DynamoDB" (Expressions.OperatorsAndFunctions)
    //! unless another source is named.
    use super::super::test_support::holds;

    const PRODUCT: &str = r#"{
        "Id": {"N": "456"}, "ProductCategory": {"S": "Sporting Goods"},
        "Price": {"N": "650"}, "Title": {"S": "18-Bicycle 456"},
        "Color": {"SS": ["Red", "Black"]}, "Sizes": {"NS": ["1", "2"]},
        "Bytes": {"B": "AQID"}, "InStock": {"BOOL": true}, "Gone": {"NULL": true},
        "Tags": {"L": [{"S": "bike"}, {"N": "7"}]},
        "Pictures": {"M": {"FrontView": {"S": "http://example.com/products/456_front.jpg"},
                            "RearView": {"S": "r"}}},
        "Brand": {"S": "é𝄞"}
    }"#;

    fn check(condition: &str, values: &str) -> bool {
        holds(condition, values, PRODUCT)
    }

    #[test]
    fn equal_compares_type_and_value() {
        // "a = b – True if a is equal to b."
        assert!(check("Price = :p", r#"{":p": {"N": "650"}}"#));
        assert!(check("Price = :p", r#"{":p": {"N": "650.000"}}"#), "numbers compare numerically");
        assert!(!check("Price = :p", r#"{":p": {"S": "650"}}"#), "different types are never equal");
    }

    #[test]
    fn not_equal_is_true_for_different_types_and_missing_attributes() {
        // "a <> b – True if a is not equal to b."
        assert!(check("Price <> :p", r#"{":p": {"N": "651"}}"#));
        assert!(check("Price <> :p", r#"{":p": {"S": "650"}}"#));
        assert!(check("Absent <> :p", r#"{":p": {"N": "1"}}"#));
        assert!(!check("Price <> :p", r#"{":p": {"N": "650"}}"#));
    }

    #[test]
    fn ordering_numbers_numerically() {
        // "a < b – True if a is less than b." (and <=, >, >=)
        assert!(check("Price < :p", r#"{":p": {"N": "1000"}}"#));
        assert!(check("Price <= :p", r#"{":p": {"N": "650"}}"#));
        assert!(check("Price > :p", r#"{":p": {"N": "99.5"}}"#));
        assert!(check("Price >= :p", r#"{":p": {"N": "650"}}"#));
        assert!(!check("Price > :p", r#"{":p": {"N": "650"}}"#));
    }

    #[test]
    fn ordering_strings_by_utf8_bytes() {
        // Developer Guide, "Supported data types": strings compare by the
        // bytes of their UTF-8 encoding ("a" (0x61) > "A" (0x41)).
        assert!(check("ProductCategory > :c", r#"{":c": {"S": "S"}}"#));
        assert!(check("ProductCategory < :c", r#"{":c": {"S": "sporting"}}"#));
    }

    #[test]
    fn ordering_binaries_as_unsigned_bytes() {
        // "DynamoDB treats each byte of the binary data as unsigned".
        assert!(check("Bytes < :b", r#"{":b": {"B": "/w=="}}"#)); // 0x01.. < 0xff
        assert!(check("Bytes > :b", r#"{":b": {"B": "AQ=="}}"#)); // longer prefix-equal is greater
    }

    #[test]
    fn ordering_other_types_or_mixed_types_is_false() {
        assert!(!check("Price < :p", r#"{":p": {"S": "x"}}"#));
        assert!(!check("Color < :p", r#"{":p": {"SS": ["z"]}}"#));
        assert!(!check("InStock >= :p", r#"{":p": {"BOOL": true}}"#));
        assert!(!check("Absent < :p", r#"{":p": {"N": "1"}}"#));
    }

    #[test]
    fn between_is_inclusive() {
        // "a BETWEEN b AND c – True if a is greater than or equal to b, and
        // less than or equal to c."
        assert!(check(
            "Price BETWEEN :lo AND :hi",
            r#"{":lo": {"N": "650"}, ":hi": {"N": "650"}}"#
        ));
        assert!(check("Price BETWEEN :lo AND :hi", r#"{":lo": {"N": "1"}, ":hi": {"N": "1000"}}"#));
        assert!(!check(
            "Price BETWEEN :lo AND :hi",
            r#"{":lo": {"N": "651"}, ":hi": {"N": "1000"}}"#
        ));
        assert!(!check("Title BETWEEN :lo AND :hi", r#"{":lo": {"N": "1"}, ":hi": {"N": "2"}}"#));
        assert!(check("Title BETWEEN :lo AND :hi", r#"{":lo": {"S": "1"}, ":hi": {"S": "2"}}"#));
    }

    #[test]
    fn in_matches_any_listed_value() {
        // "a IN (b, c, d) – True if a is equal to any value in the list".
        assert!(check(
            "ProductCategory IN (:a, :b)",
            r#"{":a": {"S": "Books"}, ":b": {"S": "Sporting Goods"}}"#
        ));
        assert!(!check("ProductCategory IN (:a)", r#"{":a": {"S": "Books"}}"#));
        assert!(!check("Absent IN (:a)", r#"{":a": {"S": "Books"}}"#));
        assert!(
            check("Color IN (:a)", r#"{":a": {"SS": ["Black", "Red"]}}"#),
            "sets compare unordered"
        );
    }

    #[test]
    fn attribute_exists_and_not_exists() {
        // "attribute_exists (path) True if the item contains the attribute
        // specified by path." Nested: "attribute_exists (Pictures.SideView)".
        assert!(check("attribute_exists(Pictures.FrontView)", "{}"));
        assert!(!check("attribute_exists(Pictures.SideView)", "{}"));
        assert!(check("attribute_not_exists(Manufacturer)", "{}"));
        assert!(!check("attribute_not_exists(Price)", "{}"));
        assert!(check("attribute_exists(Tags[1])", "{}"));
        assert!(!check("attribute_exists(Tags[2])", "{}"));
        assert!(check("attribute_exists(Gone)", "{}"), "a NULL attribute exists");
    }

    #[test]
    fn attribute_type_names_every_type() {
        // "attribute_type (path, type) True if the attribute at the specified
        // path is of a particular data type." S SS N NS B BS BOOL NULL L M.
        for (path, tag) in [
            ("ProductCategory", "S"),
            ("Color", "SS"),
            ("Price", "N"),
            ("Sizes", "NS"),
            ("Bytes", "B"),
            ("InStock", "BOOL"),
            ("Gone", "NULL"),
            ("Tags", "L"),
            ("Pictures", "M"),
        ] {
            let values = format!(r#"{{":t": {{"S": "{tag}"}}}}"#);
            assert!(check(&format!("attribute_type({path}, :t)"), &values), "{path} is {tag}");
            assert!(!check(&format!("attribute_type({path}, :t)"), r#"{":t": {"S": "BS"}}"#));
        }
        assert!(!check("attribute_type(Absent, :t)", r#"{":t": {"S": "S"}}"#));
    }

    #[test]
    fn begins_with_strings_and_binaries() {
        // "begins_with (path, substr) True if the attribute specified by path
        // begins with a particular substring."
        assert!(check("begins_with(Pictures.FrontView, :v)", r#"{":v": {"S": "http://"}}"#));
        assert!(!check("begins_with(Pictures.FrontView, :v)", r#"{":v": {"S": "https://"}}"#));
        assert!(check("begins_with(Bytes, :v)", r#"{":v": {"B": "AQ=="}}"#));
        assert!(
            !check("begins_with(Price, :v)", r#"{":v": {"S": "6"}}"#),
            "numbers are not strings"
        );
    }

    #[test]
    fn contains_substring_set_member_and_list_element() {
        // "contains (path, operand) True if the attribute specified by path
        // is: a String that contains a particular substring; a Set that
        // contains a particular element within the set; a List that contains
        // a particular element within the list."
        assert!(check("contains(Title, :v)", r#"{":v": {"S": "Bicycle"}}"#));
        assert!(check("contains(Color, :v)", r#"{":v": {"S": "Red"}}"#));
        assert!(!check("contains(Color, :v)", r#"{":v": {"S": "Blue"}}"#));
        assert!(check("contains(Sizes, :v)", r#"{":v": {"N": "2.0"}}"#));
        assert!(
            !check("contains(Sizes, :v)", r#"{":v": {"S": "2"}}"#),
            "member must have the set's type"
        );
        assert!(check("contains(Tags, :v)", r#"{":v": {"N": "7"}}"#));
        assert!(!check("contains(Price, :v)", r#"{":v": {"N": "6"}}"#));
    }

    #[test]
    fn size_per_type() {
        // "size (path) Returns a number that represents an attribute's size":
        // String: length; Binary: number of bytes; Set/List/Map: elements.
        assert!(check("size(Title) = :n", r#"{":n": {"N": "14"}}"#));
        assert!(check("size(Bytes) = :n", r#"{":n": {"N": "3"}}"#));
        assert!(check("size(Color) = :n", r#"{":n": {"N": "2"}}"#));
        assert!(check("size(Tags) = :n", r#"{":n": {"N": "2"}}"#));
        assert!(check("size(Pictures) = :n", r#"{":n": {"N": "2"}}"#));
        assert!(!check("size(Price) >= :n", r#"{":n": {"N": "0"}}"#), "a number has no size");
        assert!(!check("size(Absent) >= :n", r#"{":n": {"N": "0"}}"#));
    }

    #[test]
    fn size_of_a_string_counts_utf16_code_units() {
        // Live DynamoDB: size("é𝄞") = 3 (ExtendDB/extenddb#60, PR #67).
        assert!(check("size(Brand) = :n", r#"{":n": {"N": "3"}}"#));
    }

    #[test]
    fn size_compares_with_paths_too() {
        // "size(VideoClip) > :v" style: size is an operand on either side.
        assert!(check(":n < size(Title)", r#"{":n": {"N": "3"}}"#));
    }

    #[test]
    fn logical_operators_and_precedence() {
        // "Precedence in conditions": NOT > AND > OR; parentheses change it.
        let v = r#"{":a": {"N": "650"}, ":b": {"S": "x"}}"#;
        assert!(check("Price = :a OR Title = :b AND Price = :b", v));
        assert!(!check("(Price = :a OR Title = :b) AND Price = :b", v));
        assert!(check("NOT Title = :b", v));
        assert!(!check("NOT Price = :a", v));
        assert!(check("NOT NOT Price = :a", v));
    }

    #[test]
    fn a_missing_item_has_no_attributes() {
        use super::super::test_support::values;
        use super::super::{Resolver, compile_condition};
        let vals = values(r#"{":v": {"N": "1"}}"#);
        let mut r = Resolver::new(None, Some(&vals)).unwrap();
        assert!(compile_condition("attribute_not_exists(pk)", &mut r).unwrap().evaluate(None));
        assert!(!compile_condition("pk = :v", &mut r).unwrap().evaluate(None));
        assert!(compile_condition("pk <> :v", &mut r).unwrap().evaluate(None));
    }

    #[test]
    fn top_level_attributes_lists_each_once() {
        use super::super::test_support::values;
        use super::super::{Resolver, compile_filter};
        let vals = values(r#"{":v": {"N": "1"}}"#);
        let mut r = Resolver::new(None, Some(&vals)).unwrap();
        let c = compile_filter("a.b = :v AND (size(c) > :v OR a.d = :v)", &mut r).unwrap();
        assert_eq!(c.top_level_attributes(), vec!["a", "c"]);
    }
}
