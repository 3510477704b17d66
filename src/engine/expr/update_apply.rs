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
//!    document path provided in the update expression is invalid for update".
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
                    let value = set_values.next().ok_or_else(|| err(ErrorKind::InvalidDocumentPath))?;
                    let (mut parent, last) = parent_of(item, path)?;
                    parent.put(last, value);
                }
                Action::Remove(path) => match path.steps().last() {
                    Some(PathStep::Index(i)) if path.steps().len() > 1 => list_removals.push((path, *i)),
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
        list_removals.sort_by(|a, b| b.1.cmp(&a.1));
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
fn parent_of<'a, 'p>(item: &'a mut Item, path: &'p DocPath) -> Result<(Parent<'a>, &'p PathStep), ExprError> {
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
            let result = if matches!(value, SetExpr::Plus(..)) { x.checked_add(y) } else { x.checked_sub(y) };
            result.map(AttributeValue::N).map_err(|e| err(ErrorKind::Number(e.to_string())))
        }
    }
}

fn operand(o: &UpdateOperand, item: &Item) -> Result<AttributeValue, ExprError> {
    match o {
        UpdateOperand::Path(p) => p.get(item).cloned().ok_or_else(|| err(ErrorKind::MissingAttribute)),
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
        (AttributeValue::N(x), AttributeValue::N(y)) => {
            x.checked_add(y).map(AttributeValue::N).map_err(|e| err(ErrorKind::Number(e.to_string())))
        }
        (AttributeValue::Ss(x), AttributeValue::Ss(y)) => Ok(AttributeValue::Ss(x.union(y).cloned().collect())),
        (AttributeValue::Ns(x), AttributeValue::Ns(y)) => Ok(AttributeValue::Ns(x.union(y).cloned().collect())),
        (AttributeValue::Bs(x), AttributeValue::Bs(y)) => Ok(AttributeValue::Bs(x.union(y).cloned().collect())),
        _ => Err(err(ErrorKind::IncorrectOperandType)),
    }
}

/// `DELETE`: set difference; `None` when nothing is left.
fn subtract(existing: &AttributeValue, value: &AttributeValue) -> Result<Option<AttributeValue>, ExprError> {
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
