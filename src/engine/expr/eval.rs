//! [`Condition`]: a resolved condition or filter expression, and its
//! evaluation against an item.
//!
//! Semantics (Developer Guide, "Condition and filter expressions, operators,
//! and functions"):
//! - A path that does not exist has no value; every comparison, `BETWEEN`,
//!   `IN` and function on it is false, except `<>` (not equal), which is true,
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
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
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
        Cond::And(a, b) | Cond::Or(a, b) => {
            collect_tops(a, out);
            collect_tops(b, out);
        }
    }
}

fn eval(cond: &Cond, item: Option<&Item>) -> bool {
    match cond {
        Cond::Compare(op, a, b) => compare(*op, a.value(item).as_deref(), b.value(item).as_deref()),
        Cond::Between(v, low, high) => {
            let (Some(v), Some(low), Some(high)) = (v.value(item), low.value(item), high.value(item)) else {
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
            (Some(AttributeValue::S(s)), Some(AttributeValue::S(prefix))) => s.starts_with(prefix.as_str()),
            (Some(AttributeValue::B(s)), Some(AttributeValue::B(prefix))) => s.starts_with(prefix),
            _ => false,
        },
        Cond::Contains(a, b) => match (a.value(item), b.value(item)) {
            (Some(a), Some(b)) => contains(&a, &b),
            _ => false,
        },
        Cond::Not(c) => !eval(c, item),
        Cond::And(a, b) => eval(a, item) && eval(b, item),
        Cond::Or(a, b) => eval(a, item) || eval(b, item),
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
        Comparator::Ge => matches!(compare_scalars(a, b), Some(Ordering::Greater | Ordering::Equal)),
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
