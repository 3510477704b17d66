//! Applying an [`Update`] to an item.
//!
//! Order and rules (Developer Guide, "Using update expressions"; runtime
//! wording from dynalite `actions/updateItem.js`):
//! 1. Every `SET` value is computed from the item as it was before the
//!    update, so `SET a = b, b = a` swaps. Reading a path that does not exist
//!    fails with "The provided expression refers to an attribute that does
//!    not exist in the item" (unless inside `if_not_exists`); `+`/`-` on
//!    non-numbers and `list_append` on non-lists fail with "An operand in the
//!    update expression has an incorrect data type".
//! 2. Actions then run in written order. Every step above the last must
//!    exist and be a map (for a key) or a list (for an index), else "The
//!    document path provided in the update expression is invalid for update"
//!    (`SET absent.child = :v` on live DynamoDB: ExtendDB/extenddb#78; the
//!    parent is never created).
//! 3. `SET l[i]` past the end of a list appends. `REMOVE` of a missing
//!    attribute or index is a no-op; `REMOVE l[i], l[j]` both refer to the
//!    original positions (list removals run last, highest index first).
//! 4. `ADD` adds to a number (missing counts as 0) or unions a set (missing
//!    counts as empty); `DELETE` subtracts from a set and removes the
//!    attribute when the set becomes empty; type mismatches fail as in 1.
//!
//! An error leaves the item partly updated: callers apply to a copy.
//! Depends on `update`, `path`, `error` and `value`.

use super::error::{ErrorKind, ExprError};
use super::path::{DocPath, PathStep};
use super::update::{Action, SetExpr, Update, UpdateOperand};
use crate::value::{AttributeMap, AttributeValue, Item};

fn err(kind: ErrorKind) -> ExprError {
    ExprError::new(kind)
}

impl Update {
    /// Applies the update to `item` in place (see the module doc).
    pub fn apply(&self, item: &mut Item) -> Result<(), ExprError> {
        let mut set_values = Vec::new();
        for action in &self.actions {
            if let Action::Set(_, value) = action {
                set_values.push(set_value(value, item)?);
            }
        }
        let mut set_values = set_values.into_iter();
        let mut list_removals: Vec<(&DocPath, usize)> = Vec::new();
        for action in &self.actions {
            match action {
                Action::Set(path, _) => {
                    // One value was computed per SET action above.
                    let value =
                        set_values.next().ok_or_else(|| err(ErrorKind::InvalidDocumentPath))?;
                    let (mut parent, last) = parent_of(item, path)?;
                    parent.put(last, value);
                }
                Action::Remove(path) => match path.steps().last() {
                    Some(PathStep::Index(i)) if path.steps().len() > 1 => {
                        list_removals.push((path, *i))
                    }
                    _ => {
                        let (mut parent, last) = parent_of(item, path)?;
                        parent.take(last);
                    }
                },
                Action::Add(path, value) => {
                    let (mut parent, last) = parent_of(item, path)?;
                    let new = match parent.get(last) {
                        None => value.clone(),
                        Some(existing) => add(existing, value)?,
                    };
                    parent.put(last, new);
                }
                Action::Delete(path, value) => {
                    let (mut parent, last) = parent_of(item, path)?;
                    let Some(existing) = parent.get(last) else { continue };
                    match subtract(existing, value)? {
                        Some(rest) => parent.put(last, rest),
                        None => parent.take(last),
                    }
                }
            }
        }
        list_removals.sort_by_key(|r| std::cmp::Reverse(r.1));
        for (path, _) in list_removals {
            let (mut parent, last) = parent_of(item, path)?;
            parent.take(last);
        }
        Ok(())
    }
}

/// The container holding a path's last step.
enum Parent<'a> {
    Map(&'a mut AttributeMap),
    List(&'a mut Vec<AttributeValue>),
}

impl Parent<'_> {
    fn get(&self, step: &PathStep) -> Option<&AttributeValue> {
        match (self, step) {
            (Parent::Map(m), PathStep::Key(k)) => m.get(k),
            (Parent::List(l), PathStep::Index(i)) => l.get(*i),
            _ => None,
        }
    }

    fn put(&mut self, step: &PathStep, value: AttributeValue) {
        match (self, step) {
            (Parent::Map(m), PathStep::Key(k)) => {
                m.insert(k.clone(), value);
            }
            (Parent::List(l), PathStep::Index(i)) => match l.get_mut(*i) {
                Some(slot) => *slot = value,
                None => l.push(value),
            },
            // `parent_of` only pairs maps with keys and lists with indexes.
            _ => {}
        }
    }

    fn take(&mut self, step: &PathStep) {
        match (self, step) {
            (Parent::Map(m), PathStep::Key(k)) => {
                m.remove(k);
            }
            (Parent::List(l), PathStep::Index(i)) if *i < l.len() => {
                l.remove(*i);
            }
            _ => {}
        }
    }
}

/// Walks to the container of the path's last step, which must be a map for
/// a key and a list for an index.
fn parent_of<'a, 'p>(
    item: &'a mut Item,
    path: &'p DocPath,
) -> Result<(Parent<'a>, &'p PathStep), ExprError> {
    let steps = path.steps();
    let (last, above) = steps.split_last().ok_or_else(|| err(ErrorKind::InvalidDocumentPath))?;
    if above.is_empty() {
        return Ok((Parent::Map(item), last));
    }
    let invalid = || err(ErrorKind::InvalidDocumentPath);
    let mut current = item.get_mut(path.top()).ok_or_else(invalid)?;
    for step in &above[1..] {
        current = match (current, step) {
            (AttributeValue::M(m), PathStep::Key(k)) => m.get_mut(k).ok_or_else(invalid)?,
            (AttributeValue::L(l), PathStep::Index(i)) => l.get_mut(*i).ok_or_else(invalid)?,
            _ => return Err(invalid()),
        };
    }
    match (current, last) {
        (AttributeValue::M(m), PathStep::Key(_)) => Ok((Parent::Map(m), last)),
        (AttributeValue::L(l), PathStep::Index(_)) => Ok((Parent::List(l), last)),
        _ => Err(invalid()),
    }
}

fn set_value(value: &SetExpr, item: &Item) -> Result<AttributeValue, ExprError> {
    match value {
        SetExpr::Operand(o) => operand(o, item),
        SetExpr::Plus(a, b) | SetExpr::Minus(a, b) => {
            let (a, b) = (operand(a, item)?, operand(b, item)?);
            let (AttributeValue::N(x), AttributeValue::N(y)) = (&a, &b) else {
                return Err(err(ErrorKind::IncorrectOperandType));
            };
            let result = if matches!(value, SetExpr::Plus(..)) {
                x.checked_add(y)
            } else {
                x.checked_sub(y)
            };
            result.map(AttributeValue::N).map_err(|e| err(ErrorKind::Number(e.to_string())))
        }
    }
}

fn operand(o: &UpdateOperand, item: &Item) -> Result<AttributeValue, ExprError> {
    match o {
        UpdateOperand::Path(p) => {
            p.get(item).cloned().ok_or_else(|| err(ErrorKind::MissingAttribute))
        }
        UpdateOperand::Value(v) => Ok(v.clone()),
        UpdateOperand::IfNotExists(p, fallback) => match p.get(item) {
            Some(v) => Ok(v.clone()),
            None => operand(fallback, item),
        },
        UpdateOperand::ListAppend(a, b) => match (operand(a, item)?, operand(b, item)?) {
            (AttributeValue::L(mut x), AttributeValue::L(y)) => {
                x.extend(y);
                Ok(AttributeValue::L(x))
            }
            _ => Err(err(ErrorKind::IncorrectOperandType)),
        },
    }
}

/// `ADD`: number plus number, or set union of the same set type.
fn add(existing: &AttributeValue, value: &AttributeValue) -> Result<AttributeValue, ExprError> {
    match (existing, value) {
        (AttributeValue::N(x), AttributeValue::N(y)) => x
            .checked_add(y)
            .map(AttributeValue::N)
            .map_err(|e| err(ErrorKind::Number(e.to_string()))),
        (AttributeValue::Ss(x), AttributeValue::Ss(y)) => {
            Ok(AttributeValue::Ss(x.union(y).cloned().collect()))
        }
        (AttributeValue::Ns(x), AttributeValue::Ns(y)) => {
            Ok(AttributeValue::Ns(x.union(y).cloned().collect()))
        }
        (AttributeValue::Bs(x), AttributeValue::Bs(y)) => {
            Ok(AttributeValue::Bs(x.union(y).cloned().collect()))
        }
        _ => Err(err(ErrorKind::IncorrectOperandType)),
    }
}

/// `DELETE`: set difference; `None` when nothing is left.
fn subtract(
    existing: &AttributeValue,
    value: &AttributeValue,
) -> Result<Option<AttributeValue>, ExprError> {
    let rest = match (existing, value) {
        (AttributeValue::Ss(x), AttributeValue::Ss(y)) => {
            let d: std::collections::BTreeSet<_> = x.difference(y).cloned().collect();
            (!d.is_empty()).then_some(AttributeValue::Ss(d))
        }
        (AttributeValue::Ns(x), AttributeValue::Ns(y)) => {
            let d: std::collections::BTreeSet<_> = x.difference(y).cloned().collect();
            (!d.is_empty()).then_some(AttributeValue::Ns(d))
        }
        (AttributeValue::Bs(x), AttributeValue::Bs(y)) => {
            let d: std::collections::BTreeSet<_> = x.difference(y).cloned().collect();
            (!d.is_empty()).then_some(AttributeValue::Bs(d))
        }
        _ => return Err(err(ErrorKind::IncorrectOperandType)),
    };
    Ok(rest)
}

#[cfg(test)]
mod tests {
    //! Cases from the Developer Guide page "Using update expressions in
    //! DynamoDB" (Expressions.UpdateExpressions) unless another source is named.
    use super::super::test_support::updated;

    const ITEM: &str = r#"{
        "pk": {"S": "789"}, "Price": {"N": "52"}, "Title": {"S": "t"},
        "ProductCategory": {"S": "Home Improvement"},
        "RelatedItems": {"L": [{"S": "Hammer"}, {"S": "Nails"}, {"S": "Screwdriver"}]},
        "ProductReviews": {"M": {"FiveStar": {"L": [{"S": "a"}]}}},
        "Color": {"SS": ["Red", "Green"]}, "Quantity": {"N": "1"}
    }"#;

    fn apply(update: &str, values: &str) -> String {
        updated(update, values, ITEM).unwrap_or_else(|e| panic!("{update}: {e}"))
    }

    fn fails(update: &str, values: &str) -> String {
        updated(update, values, ITEM).unwrap_err()
    }

    #[test]
    fn set_adds_and_replaces_attributes() {
        // "Use the SET action in an update expression to add one or more
        // attributes to an item. If any of these attributes already exists,
        // they are overwritten by the new values."
        let out = apply(
            "SET ProductCategory = :c, Brand = :b",
            r#"{":c": {"S": "Hardware"}, ":b": {"S": "Acme"}}"#,
        );
        assert!(out.contains(r#""ProductCategory":{"S":"Hardware"}"#));
        assert!(out.contains(r#""Brand":{"S":"Acme"}"#));
    }

    #[test]
    fn set_list_element_replaces_and_past_the_end_appends() {
        // "If you use SET to update a list element, the contents of that
        // element are replaced" ... "If you add an element beyond the end,
        // it is added at the end of the list" (RelatedItems[6] example).
        let out = apply("SET RelatedItems[1] = :x", r#"{":x": {"S": "Pliers"}}"#);
        assert!(out.contains(r#"[{"S":"Hammer"},{"S":"Pliers"},{"S":"Screwdriver"}]"#));
        let out = apply("SET RelatedItems[6] = :x", r#"{":x": {"S": "Saw"}}"#);
        assert!(out.contains(r#"{"S":"Screwdriver"},{"S":"Saw"}]"#));
    }

    #[test]
    fn set_nested_map_key() {
        // "SET #pr.#5star[1] = :r5, #pr.#3star = :r3" style nested adds.
        let out = apply("SET ProductReviews.ThreeStar = :r", r#"{":r": {"L": [{"S": "ok"}]}}"#);
        assert!(out.contains(r#""ThreeStar":{"L":[{"S":"ok"}]}"#));
    }

    #[test]
    fn set_arithmetic() {
        // "SET Price = Price - :p" decreases the price.
        assert!(
            apply("SET Price = Price - :p", r#"{":p": {"N": "15"}}"#)
                .contains(r#""Price":{"N":"37"}"#)
        );
        assert!(
            apply("SET Price = :p + Price", r#"{":p": {"N": "0.5"}}"#)
                .contains(r#""Price":{"N":"52.5"}"#)
        );
    }

    #[test]
    fn set_values_are_computed_before_any_action_runs() {
        // Swapping works because every SET value reads the original item.
        let out = apply("SET Price = Quantity, Quantity = Price", "{}");
        assert!(out.contains(r#""Price":{"N":"1"}"#) && out.contains(r#""Quantity":{"N":"52"}"#));
    }

    #[test]
    fn list_append_at_either_end() {
        // "SET #ri = list_append(#ri, :vals)" adds to the end; swapping the
        // operands adds to the beginning.
        let out = apply(
            "SET RelatedItems = list_append(RelatedItems, :v)",
            r#"{":v": {"L": [{"S": "Drill"}]}}"#,
        );
        assert!(out.contains(r#"{"S":"Screwdriver"},{"S":"Drill"}]"#));
        let out = apply(
            "SET RelatedItems = list_append(:v, RelatedItems)",
            r#"{":v": {"L": [{"S": "Drill"}]}}"#,
        );
        assert!(out.contains(r#"[{"S":"Drill"},{"S":"Hammer"}"#));
    }

    #[test]
    fn if_not_exists_keeps_an_existing_value() {
        // "SET Price = if_not_exists(Price, :p)": "If the item does not have
        // a Price attribute, ... set to 100", otherwise unchanged.
        assert!(
            apply("SET Price = if_not_exists(Price, :p)", r#"{":p": {"N": "100"}}"#)
                .contains(r#""Price":{"N":"52"}"#)
        );
        assert!(
            apply("SET Cost = if_not_exists(Cost, :p)", r#"{":p": {"N": "100"}}"#)
                .contains(r#""Cost":{"N":"100"}"#)
        );
        let counter = apply(
            "SET PageViews = if_not_exists(PageViews, :zero) + :one",
            r#"{":zero": {"N": "0"}, ":one": {"N": "1"}}"#,
        );
        assert!(counter.contains(r#""PageViews":{"N":"1"}"#));
    }

    #[test]
    fn reading_a_missing_attribute_fails() {
        // dynalite actions/updateItem.js resolveValue.
        assert_eq!(
            fails("SET Price = Cost + :p", r#"{":p": {"N": "1"}}"#),
            "The provided expression refers to an attribute that does not exist in the item"
        );
    }

    #[test]
    fn arithmetic_on_a_non_number_fails() {
        assert_eq!(
            fails("SET Price = Title + :p", r#"{":p": {"N": "1"}}"#),
            "An operand in the update expression has an incorrect data type"
        );
        assert_eq!(
            fails("SET Title = list_append(Title, :l)", r#"{":l": {"L": []}}"#),
            "An operand in the update expression has an incorrect data type"
        );
    }

    #[test]
    fn nested_set_through_a_missing_or_wrong_parent_fails() {
        assert_eq!(
            fails("SET Nope.a = :p", r#"{":p": {"N": "1"}}"#),
            "The document path provided in the update expression is invalid for update"
        );
        assert_eq!(
            fails("SET Title[0] = :p", r#"{":p": {"N": "1"}}"#),
            "The document path provided in the update expression is invalid for update"
        );
        assert_eq!(
            fails("SET RelatedItems.a = :p", r#"{":p": {"N": "1"}}"#),
            "The document path provided in the update expression is invalid for update"
        );
    }

    #[test]
    fn remove_attributes_and_list_elements() {
        // "REMOVE Brand, InStock, QuantityOnHand" and "REMOVE RelatedItems[1],
        // RelatedItems[2]": indexes refer to the list before the update.
        let out = apply("REMOVE Title, Nothing", "{}");
        assert!(!out.contains("Title"));
        let out = apply("REMOVE RelatedItems[0], RelatedItems[2]", "{}");
        assert!(out.contains(r#""RelatedItems":{"L":[{"S":"Nails"}]}"#));
        let out = apply("REMOVE RelatedItems[9]", "{}");
        assert!(out.contains(r#"{"S":"Screwdriver"}]"#), "an index past the end is a no-op");
    }

    #[test]
    fn add_to_numbers() {
        // "ADD QuantityOnHand :q": "If the attribute doesn't already exist,
        // ... sets it to the value"; otherwise adds.
        assert!(
            apply("ADD Quantity :q", r#"{":q": {"N": "5"}}"#).contains(r#""Quantity":{"N":"6"}"#)
        );
        assert!(
            apply("ADD Quantity :q", r#"{":q": {"N": "-1"}}"#).contains(r#""Quantity":{"N":"0"}"#)
        );
        assert!(
            apply("ADD NewCount :q", r#"{":q": {"N": "5"}}"#).contains(r#""NewCount":{"N":"5"}"#)
        );
    }

    #[test]
    fn add_to_sets() {
        // "ADD Color :c" adds elements to the set (a union).
        let out = apply("ADD Color :c", r#"{":c": {"SS": ["Orange", "Red"]}}"#);
        assert!(out.contains(r#""Color":{"SS":["Green","Orange","Red"]}"#));
        assert!(
            apply("ADD Tags :c", r#"{":c": {"NS": ["1"]}}"#).contains(r#""Tags":{"NS":["1"]}"#)
        );
        assert_eq!(
            fails("ADD Color :c", r#"{":c": {"NS": ["1"]}}"#),
            "An operand in the update expression has an incorrect data type"
        );
        assert_eq!(
            fails("ADD Title :c", r#"{":c": {"N": "1"}}"#),
            "An operand in the update expression has an incorrect data type"
        );
    }

    #[test]
    fn delete_from_sets() {
        // "DELETE Color :p" removes elements; "If all elements are deleted,
        // the attribute is removed" (a set cannot be empty).
        assert!(
            apply("DELETE Color :c", r#"{":c": {"SS": ["Red", "Blue"]}}"#)
                .contains(r#""Color":{"SS":["Green"]}"#)
        );
        assert!(!apply("DELETE Color :c", r#"{":c": {"SS": ["Red", "Green"]}}"#).contains("Color"));
        assert!(!apply("DELETE Nothing :c", r#"{":c": {"SS": ["Red"]}}"#).contains("Nothing"));
        assert_eq!(
            fails("DELETE Color :c", r#"{":c": {"NS": ["1"]}}"#),
            "An operand in the update expression has an incorrect data type"
        );
    }

    #[test]
    fn number_overflow_is_reported_with_the_value_module_wording() {
        let big = r#"{":b": {"N": "9.9999999999999999999999999999999999999E+125"}}"#;
        assert_eq!(
            fails("SET Price = :b + :b", big),
            "Number overflow. Attempting to store a number with magnitude larger than supported range"
        );
    }

    #[test]
    fn sections_combine_in_one_expression() {
        let out = apply(
            "SET Price = Price + :one REMOVE Title ADD Quantity :one DELETE Color :red",
            r#"{":one": {"N": "1"}, ":red": {"SS": ["Red"]}}"#,
        );
        assert!(out.contains(r#""Price":{"N":"53"}"#) && out.contains(r#""Quantity":{"N":"2"}"#));
        assert!(!out.contains("Title") && out.contains(r#""Color":{"SS":["Green"]}"#));
    }
}
