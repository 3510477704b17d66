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
    pub(crate) fn from_cond(
        cond: Cond,
        partition_key: &str,
        sort_key: Option<&str>,
    ) -> Result<KeyCondition, ExprError> {
        let mut leaves: Vec<Leaf> = Vec::new();
        flatten(cond, &mut leaves)?;
        let mut partition_value = None;
        let mut sort = None;
        let missed =
            |name: &str| ExprError::new(ErrorKind::KeyMissedElement { name: name.to_string() });
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

fn push(
    leaves: &mut Vec<Leaf>,
    attribute: &DocPath,
    condition: SortKeyCondition,
) -> Result<(), ExprError> {
    if leaves.iter().any(|l| l.attribute == attribute.top()) {
        return Err(ExprError::new(ErrorKind::KeyOneConditionPerKey));
    }
    leaves.push(Leaf { attribute: attribute.top().to_string(), condition });
    Ok(())
}

fn flatten(cond: Cond, leaves: &mut Vec<Leaf>) -> Result<(), ExprError> {
    match cond {
        Cond::And(all) => all.into_iter().try_for_each(|c| flatten(c, leaves)),
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
                (None, Some(p)) => {
                    push(leaves, &p, SortKeyCondition::Compare(op.flipped(), value_of(a)?))
                }
            }
        }
        Cond::Between(v, low, high) => {
            let Some(p) = key_path(&v)?.cloned() else {
                return Err(ExprError::new(ErrorKind::KeyFirstOperand {
                    operator: "BETWEEN".into(),
                }));
            };
            push(leaves, &p, SortKeyCondition::Between(value_of(low)?, value_of(high)?))
        }
        Cond::BeginsWith(a, b) => {
            let Some(p) = key_path(&a)?.cloned() else {
                return Err(ExprError::new(ErrorKind::KeyFirstOperand {
                    operator: "begins_with".into(),
                }));
            };
            push(leaves, &p, SortKeyCondition::BeginsWith(value_of(b)?))
        }
    }
}

#[cfg(test)]
mod tests {
    //! API Reference, Query, `KeyConditionExpression`; error wording from
    //! dynalite `test/query.js` (recorded against the live service).
    use super::super::test_support::values;
    use super::super::{Resolver, compile_key_condition};
    use super::*;

    const V: &str = r#"{":p": {"S": "a"}, ":s": {"N": "5"}, ":t": {"N": "9"}}"#;

    fn key(text: &str) -> Result<KeyCondition, String> {
        let v = values(V);
        let mut r = Resolver::new(None, Some(&v)).unwrap();
        compile_key_condition(text, &mut r, "pk", Some("sk")).map_err(|e| e.message())
    }

    fn n(v: i64) -> AttributeValue {
        AttributeValue::n(v)
    }

    #[test]
    fn partition_key_equality_alone() {
        // "You must specify the partition key name and value as an equality condition."
        let k = key("pk = :p").unwrap();
        assert_eq!(k.partition_value, AttributeValue::s("a"));
        assert_eq!(k.sort, None);
    }

    #[test]
    fn every_sort_key_comparison() {
        // "Valid comparisons for the sort key condition": =, <, <=, >, >=,
        // BETWEEN, begins_with.
        for (text, op) in [
            ("sk = :s", Comparator::Eq),
            ("sk < :s", Comparator::Lt),
            ("sk <= :s", Comparator::Le),
            ("sk > :s", Comparator::Gt),
            ("sk >= :s", Comparator::Ge),
        ] {
            let k = key(&format!("pk = :p AND {text}")).unwrap();
            assert_eq!(k.sort, Some(SortKeyCondition::Compare(op, n(5))), "{text}");
        }
        let k = key("sk BETWEEN :s AND :t AND pk = :p").unwrap();
        assert_eq!(k.sort, Some(SortKeyCondition::Between(n(5), n(9))));
        let k = key("pk = :p and begins_with(sk, :p)").unwrap();
        assert_eq!(k.sort, Some(SortKeyCondition::BeginsWith(AttributeValue::s("a"))));
    }

    #[test]
    fn value_first_comparisons_are_flipped() {
        let k = key(":p = pk AND :s < sk").unwrap();
        assert_eq!(k.sort, Some(SortKeyCondition::Compare(Comparator::Gt, n(5))));
    }

    #[test]
    fn sort_key_matching() {
        assert!(SortKeyCondition::Between(n(5), n(9)).matches(&n(5)));
        assert!(SortKeyCondition::Between(n(5), n(9)).matches(&n(9)));
        assert!(!SortKeyCondition::Between(n(5), n(9)).matches(&n(10)));
        assert!(SortKeyCondition::Compare(Comparator::Lt, n(5)).matches(&n(4)));
        assert!(!SortKeyCondition::Compare(Comparator::Lt, n(5)).matches(&AttributeValue::s("4")));
        assert!(
            SortKeyCondition::BeginsWith(AttributeValue::s("ab"))
                .matches(&AttributeValue::s("abc"))
        );
        assert!(
            !SortKeyCondition::BeginsWith(AttributeValue::s("ab")).matches(&AttributeValue::s("a"))
        );
    }

    #[test]
    fn invalid_operators() {
        for (text, op) in [
            ("pk = :p OR sk = :s", "OR"),
            ("NOT pk = :p", "NOT"),
            ("pk IN (:p)", "IN"),
            ("pk <> :p", "<>"),
            ("attribute_exists(pk)", "attribute_exists"),
            ("attribute_not_exists(pk)", "attribute_not_exists"),
            ("contains(pk, :p)", "contains"),
        ] {
            assert_eq!(
                key(text).unwrap_err(),
                format!("Invalid operator used in KeyConditionExpression: {op}"),
                "{text}"
            );
        }
    }

    #[test]
    fn shape_errors() {
        assert_eq!(
            key("pk = :p AND sk = :s AND sk = :t").unwrap_err(),
            "KeyConditionExpressions must only contain one condition per key"
        );
        assert_eq!(
            key("pk.x = :p").unwrap_err(),
            "KeyConditionExpressions cannot have conditions on nested attributes"
        );
        assert_eq!(
            key("size(pk) = :s").unwrap_err(),
            "KeyConditionExpressions cannot contain nested operations"
        );
        assert_eq!(
            key("pk = sk").unwrap_err(),
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
        );
        assert_eq!(
            key(":p = :s").unwrap_err(),
            "Invalid condition in KeyConditionExpression: No key attribute specified"
        );
        assert_eq!(
            key("pk = :p AND :s BETWEEN sk AND :t").unwrap_err(),
            "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand"
        );
        assert_eq!(
            key("pk = :p AND begins_with(:p, sk)").unwrap_err(),
            "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand"
        );
    }

    #[test]
    fn schema_errors() {
        assert_eq!(key("sk = :s").unwrap_err(), "Query condition missed key schema element: pk");
        assert_eq!(key("extra = :s").unwrap_err(), "Query condition missed key schema element: pk");
        assert_eq!(
            key("pk = :p AND extra = :s").unwrap_err(),
            "Query condition missed key schema element: sk"
        );
        assert_eq!(key("pk < :p").unwrap_err(), "Query key condition not supported");
    }

    #[test]
    fn syntax_errors_name_the_key_condition_parameter() {
        assert_eq!(
            key("pk = ").unwrap_err(),
            "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\""
        );
    }
}
