//! [`KeyCondition`]: a Query's `KeyConditionExpression`, checked against
//! the key schema and reduced to a partition key value and an optional sort
//! key range.
//!
//! Rules (API Reference, Query, `KeyConditionExpression`): "You must
//! specify the partition key name and value as an equality condition";
//! the sort key may take one of `=`, `<`, `<=`, `>`, `>=`, `BETWEEN` or
//! `begins_with`; conditions are joined with `AND` only. Wording of the
//! errors from dynalite `db/index.js` (`checkExpr`), recorded against the
//! live service: "Invalid operator used in KeyConditionExpression: OR",
//! "KeyConditionExpressions must only contain one condition per key",
//! "Query condition missed key schema element: pk". Whether a value's type
//! matches the key's declared type is the engine's check (it knows the
//! attribute definitions). Depends on `eval`, `path`, `ast`, `error`, `value`.

use std::cmp::Ordering;

use super::ast::Comparator;
use super::error::{ErrorKind, ExprError};
use super::eval::{Cond, Operand};
use super::path::DocPath;
use crate::value::{AttributeValue, compare_scalars};

/// The sort key part of a key condition.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKeyCondition {
    /// `sk = :v`, `sk < :v`, ... (never `<>`).
    Compare(Comparator, AttributeValue),
    /// `sk BETWEEN :low AND :high` (inclusive).
    Between(AttributeValue, AttributeValue),
    /// `begins_with(sk, :prefix)`.
    BeginsWith(AttributeValue),
}

impl SortKeyCondition {
    /// Whether a sort key value satisfies the condition.
    pub fn matches(&self, value: &AttributeValue) -> bool {
        let ord = |v: &AttributeValue| compare_scalars(value, v);
        match self {
            SortKeyCondition::Compare(op, v) => match (op, ord(v)) {
                (_, None) => false,
                (Comparator::Eq, Some(o)) => o == Ordering::Equal,
                (Comparator::Ne, Some(o)) => o != Ordering::Equal,
                (Comparator::Lt, Some(o)) => o == Ordering::Less,
                (Comparator::Le, Some(o)) => o != Ordering::Greater,
                (Comparator::Gt, Some(o)) => o == Ordering::Greater,
                (Comparator::Ge, Some(o)) => o != Ordering::Less,
            },
            SortKeyCondition::Between(low, high) => {
                matches!(ord(low), Some(Ordering::Greater | Ordering::Equal))
                    && matches!(ord(high), Some(Ordering::Less | Ordering::Equal))
            }
            SortKeyCondition::BeginsWith(prefix) => match (value, prefix) {
                (AttributeValue::S(s), AttributeValue::S(p)) => s.starts_with(p.as_str()),
                (AttributeValue::B(s), AttributeValue::B(p)) => s.starts_with(p),
                _ => false,
            },
        }
    }
}

/// A compiled key condition.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCondition {
    /// The partition key value (always an equality).
    pub partition_value: AttributeValue,
    /// The sort key condition, if any.
    pub sort: Option<SortKeyCondition>,
}

/// One leaf condition: which attribute, and what it must satisfy.
struct Leaf {
    attribute: String,
    condition: SortKeyCondition,
}

impl KeyCondition {
    pub(crate) fn from_cond(cond: Cond, partition_key: &str, sort_key: Option<&str>) -> Result<KeyCondition, ExprError> {
        let mut leaves: Vec<Leaf> = Vec::new();
        flatten(cond, &mut leaves)?;
        let mut partition_value = None;
        let mut sort = None;
        let missed = |name: &str| ExprError::new(ErrorKind::KeyMissedElement { name: name.to_string() });
        for leaf in leaves {
            if leaf.attribute == partition_key {
                let SortKeyCondition::Compare(Comparator::Eq, value) = leaf.condition else {
                    return Err(ExprError::new(ErrorKind::KeyNotSupported));
                };
                partition_value = Some(value);
            } else if Some(leaf.attribute.as_str()) == sort_key {
                sort = Some(leaf.condition);
            } else if partition_value.is_none() {
                return Err(missed(partition_key));
            } else {
                return Err(sort_key.map_or(ExprError::new(ErrorKind::KeyNotSupported), missed));
            }
        }
        let partition_value = partition_value.ok_or_else(|| missed(partition_key))?;
        Ok(KeyCondition { partition_value, sort })
    }
}

fn operator_error(operator: &str) -> ExprError {
    ExprError::new(ErrorKind::KeyOperator { operator: operator.to_string() })
}

/// The key attribute an operand names, if it is a path.
fn key_path(operand: &Operand) -> Result<Option<&DocPath>, ExprError> {
    match operand {
        Operand::Path(p) if p.is_top_level() => Ok(Some(p)),
        Operand::Path(_) => Err(ExprError::new(ErrorKind::KeyNestedAttribute)),
        Operand::Size(_) => Err(ExprError::new(ErrorKind::KeyNestedOperation)),
        Operand::Value(_) => Ok(None),
    }
}

fn value_of(operand: Operand) -> Result<AttributeValue, ExprError> {
    match operand {
        Operand::Value(v) => Ok(v),
        Operand::Path(_) => Err(ExprError::new(ErrorKind::KeyMultipleNames)),
        Operand::Size(_) => Err(ExprError::new(ErrorKind::KeyNestedOperation)),
    }
}

fn push(leaves: &mut Vec<Leaf>, attribute: &DocPath, condition: SortKeyCondition) -> Result<(), ExprError> {
    if leaves.iter().any(|l| l.attribute == attribute.top()) {
        return Err(ExprError::new(ErrorKind::KeyOneConditionPerKey));
    }
    leaves.push(Leaf { attribute: attribute.top().to_string(), condition });
    Ok(())
}

fn flatten(cond: Cond, leaves: &mut Vec<Leaf>) -> Result<(), ExprError> {
    match cond {
        Cond::And(a, b) => {
            flatten(*a, leaves)?;
            flatten(*b, leaves)
        }
        Cond::Or(..) => Err(operator_error("OR")),
        Cond::Not(_) => Err(operator_error("NOT")),
        Cond::In(..) => Err(operator_error("IN")),
        Cond::Compare(Comparator::Ne, ..) => Err(operator_error("<>")),
        Cond::Exists(_) => Err(operator_error("attribute_exists")),
        Cond::NotExists(_) => Err(operator_error("attribute_not_exists")),
        Cond::IsType(..) => Err(operator_error("attribute_type")),
        Cond::Contains(..) => Err(operator_error("contains")),
        Cond::Compare(op, a, b) => {
            let (pa, pb) = (key_path(&a)?.cloned(), key_path(&b)?.cloned());
            match (pa, pb) {
                (Some(_), Some(_)) => Err(ExprError::new(ErrorKind::KeyMultipleNames)),
                (None, None) => Err(ExprError::new(ErrorKind::KeyNoAttribute)),
                (Some(p), None) => push(leaves, &p, SortKeyCondition::Compare(op, value_of(b)?)),
                (None, Some(p)) => push(leaves, &p, SortKeyCondition::Compare(op.flipped(), value_of(a)?)),
            }
        }
        Cond::Between(v, low, high) => {
            let Some(p) = key_path(&v)?.cloned() else {
                return Err(ExprError::new(ErrorKind::KeyFirstOperand { operator: "BETWEEN".into() }));
            };
            push(leaves, &p, SortKeyCondition::Between(value_of(low)?, value_of(high)?))
        }
        Cond::BeginsWith(a, b) => {
            let Some(p) = key_path(&a)?.cloned() else {
                return Err(ExprError::new(ErrorKind::KeyFirstOperand { operator: "begins_with".into() }));
            };
            push(leaves, &p, SortKeyCondition::BeginsWith(value_of(b)?))
        }
    }
}
