//! [`Resolver`]: substitutes `#name` and `:value` placeholders, applies
//! DynamoDB's semantic rules to condition expressions, and tracks which
//! placeholders the request's expressions used.
//!
//! One `Resolver` serves every expression of one request, because the
//! unused-placeholder rule spans them all: after compiling them, call
//! [`Resolver::finish`] ("Value provided in ExpressionAttributeValues unused
//! in expressions: keys: {:v}"). Rules applied here, in the order met while
//! walking the tree (dynalite `db/conditionParser.pegjs` has the wording):
//! reserved words need a `#name` (ReservedWords.html), placeholders must be
//! defined, function names and operand counts, functions used as operands
//! (only `size` may be), `attribute_exists`/`attribute_not_exists`/
//! `attribute_type` need a path, `attribute_type` needs a valid type name,
//! `begins_with` takes strings or binaries, `size` no N/BOOL/NULL, a
//! comparison or function may not compare a path with itself, `BETWEEN`
//! bounds must have one type and be in order, `IN` takes at most 100
//! operands, paths at most 32 levels, and doubled parentheses are redundant.
//! Depends on `ast`, `path`, `eval` (the resolved types), `reserved`,
//! `limits`, `error` and `value`.

use std::collections::{HashMap, HashSet};

use super::ast::{self, Expr, FunctionCall, Name, PathElement, ValueRef};
use super::error::{ErrorKind, ExprError};
use super::eval::{Cond, Operand};
use super::limits::{MAX_IN_OPERANDS, MAX_PATH_DEPTH, MAX_PLACEHOLDER_BYTES};
use super::path::{DocPath, PathStep};
use super::reserved::is_reserved;
use crate::value::{AttributeValue, compare_scalars};

/// The type names `attribute_type` accepts (Developer Guide, "Functions").
const TYPE_NAMES: [&str; 10] = ["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"];

/// Placeholder substitution and usage tracking for one request.
#[derive(Debug)]
pub struct Resolver<'a> {
    names: Option<&'a HashMap<String, String>>,
    values: Option<&'a HashMap<String, AttributeValue>>,
    used_names: HashSet<String>,
    used_values: HashSet<String>,
}

fn valid_key(key: &str, sigil: char) -> bool {
    key.strip_prefix(sigil).is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

impl<'a> Resolver<'a> {
    /// A resolver over the request's `ExpressionAttributeNames` and
    /// `ExpressionAttributeValues`. Rejects keys that are not `#`/`:`
    /// followed by `[A-Za-z0-9_]+`, or longer than 255 bytes.
    pub fn new(
        names: Option<&'a HashMap<String, String>>,
        values: Option<&'a HashMap<String, AttributeValue>>,
    ) -> Result<Resolver<'a>, ExprError> {
        for key in names.into_iter().flat_map(HashMap::keys) {
            check_key(key, '#', "Names")?;
        }
        for key in values.into_iter().flat_map(HashMap::keys) {
            check_key(key, ':', "Values")?;
        }
        Ok(Resolver { names, values, used_names: HashSet::new(), used_values: HashSet::new() })
    }

    /// Fails if any supplied name or value was not used by the expressions
    /// compiled so far (names are reported first, keys sorted).
    pub fn finish(&self) -> Result<(), ExprError> {
        let unused = |keys: Vec<&String>, used: &HashSet<String>| {
            let mut out: Vec<String> = keys.into_iter().filter(|k| !used.contains(*k)).cloned().collect();
            out.sort();
            out
        };
        let names = unused(self.names.into_iter().flat_map(HashMap::keys).collect(), &self.used_names);
        if !names.is_empty() {
            return Err(ExprError::new(ErrorKind::UnusedNames { keys: names }));
        }
        let values = unused(self.values.into_iter().flat_map(HashMap::keys).collect(), &self.used_values);
        if !values.is_empty() {
            return Err(ExprError::new(ErrorKind::UnusedValues { keys: values }));
        }
        Ok(())
    }

    /// Substitutes names in a path and checks reserved words and depth.
    pub(crate) fn path(&mut self, path: &ast::Path) -> Result<DocPath, ExprError> {
        let mut steps = Vec::with_capacity(path.elements.len());
        for element in &path.elements {
            match element {
                PathElement::Attribute { name: Name::Plain(word), span } => {
                    if is_reserved(word) {
                        return Err(ExprError::at(ErrorKind::ReservedKeyword { word: word.clone() }, *span));
                    }
                    steps.push(PathStep::Key(word.clone()));
                }
                PathElement::Attribute { name: Name::Placeholder(placeholder), span } => {
                    let Some(name) = self.names.and_then(|n| n.get(placeholder)) else {
                        return Err(ExprError::at(ErrorKind::UndefinedName { name: placeholder.clone() }, *span));
                    };
                    self.used_names.insert(placeholder.clone());
                    steps.push(PathStep::Key(name.clone()));
                }
                PathElement::Index { index, .. } => steps.push(PathStep::Index(*index as usize)),
            }
        }
        let resolved = DocPath::new(steps).ok_or_else(|| {
            ExprError::at(ErrorKind::Syntax { token: "[".into(), near: path.to_string() }, path.span)
        })?;
        if resolved.steps().len() > MAX_PATH_DEPTH {
            return Err(ExprError::at(
                ErrorKind::PathTooDeep { max: MAX_PATH_DEPTH, path: resolved.to_string() },
                path.span,
            ));
        }
        Ok(resolved)
    }

    /// Looks up a `:value` placeholder.
    pub(crate) fn value(&mut self, value: &ValueRef) -> Result<AttributeValue, ExprError> {
        let Some(v) = self.values.and_then(|m| m.get(&value.name)) else {
            return Err(ExprError::at(ErrorKind::UndefinedValue { name: value.name.clone() }, value.span));
        };
        self.used_values.insert(value.name.clone());
        Ok(v.clone())
    }

    /// Resolves a condition-position expression.
    pub(crate) fn condition(&mut self, expr: &Expr) -> Result<Cond, ExprError> {
        match expr {
            Expr::Paren { inner, span } => {
                if matches!(**inner, Expr::Paren { .. }) {
                    return Err(ExprError::at(ErrorKind::RedundantParentheses, *span));
                }
                self.condition(inner)
            }
            Expr::Not { operand, .. } => Ok(Cond::Not(Box::new(self.condition(operand)?))),
            Expr::And { left, right, .. } => {
                Ok(Cond::And(Box::new(self.condition(left)?), Box::new(self.condition(right)?)))
            }
            Expr::Or { left, right, .. } => {
                Ok(Cond::Or(Box::new(self.condition(left)?), Box::new(self.condition(right)?)))
            }
            Expr::Compare { op, left, right, span } => {
                let (a, b) = (self.operand(left)?, self.operand(right)?);
                distinct(op.symbol(), &a, &b, *span)?;
                Ok(Cond::Compare(*op, a, b))
            }
            Expr::Between { value, low, high, span } => {
                let value = self.operand(value)?;
                let (low, high) = (self.operand(low)?, self.operand(high)?);
                if let (Operand::Value(l), Operand::Value(h)) = (&low, &high) {
                    check_between_bounds(l, h, *span)?;
                }
                Ok(Cond::Between(value, low, high))
            }
            Expr::In { value, list, span } => {
                if list.len() > MAX_IN_OPERANDS {
                    return Err(ExprError::at(
                        ErrorKind::TooManyInOperands { max: MAX_IN_OPERANDS, found: list.len() },
                        *span,
                    ));
                }
                let value = self.operand(value)?;
                let list = list.iter().map(|o| self.operand(o)).collect::<Result<_, _>>()?;
                Ok(Cond::In(value, list))
            }
            Expr::Call(call) => self.function_condition(call),
            // The parser never puts a bare operand where a condition goes.
            Expr::Path(_) | Expr::Value(_) => Err(ExprError::at(
                ErrorKind::Syntax { token: "<EOF>".into(), near: expr.to_string() },
                expr.span(),
            )),
        }
    }

    /// Resolves an operand-position expression.
    pub(crate) fn operand(&mut self, expr: &Expr) -> Result<Operand, ExprError> {
        match expr {
            Expr::Paren { inner, span } => {
                if matches!(**inner, Expr::Paren { .. }) {
                    return Err(ExprError::at(ErrorKind::RedundantParentheses, *span));
                }
                self.operand(inner)
            }
            Expr::Path(p) => Ok(Operand::Path(self.path(p)?)),
            Expr::Value(v) => Ok(Operand::Value(self.value(v)?)),
            Expr::Call(call) if call.name == "size" => {
                let [arg] = self.args::<1>(call)?;
                let arg = self.operand(arg)?;
                if let Operand::Value(v) = &arg {
                    if matches!(v, AttributeValue::N(_) | AttributeValue::Bool(_) | AttributeValue::Null) {
                        return Err(operand_type(call, v));
                    }
                }
                Ok(Operand::Size(Box::new(arg)))
            }
            Expr::Call(call) => {
                self.function_condition(call)?;
                Err(ExprError::at(ErrorKind::MisusedFunction { name: call.name.clone() }, call.span))
            }
            // The parser never puts a condition where an operand goes.
            other => Err(ExprError::at(
                ErrorKind::Syntax { token: other.to_string(), near: other.to_string() },
                other.span(),
            )),
        }
    }

    /// Checks the function name and its operand count, returning the args.
    fn args<'e, const N: usize>(&self, call: &'e FunctionCall) -> Result<&'e [Expr; N], ExprError> {
        call.args.as_slice().try_into().map_err(|_| {
            ExprError::at(ErrorKind::WrongOperandCount { name: call.name.clone(), count: call.args.len() }, call.span)
        })
    }

    fn required_path(&mut self, call: &FunctionCall, expr: &Expr) -> Result<DocPath, ExprError> {
        match self.operand(expr)? {
            Operand::Path(p) => Ok(p),
            _ => Err(ExprError::at(ErrorKind::NeedsPath { name: call.name.clone() }, call.span)),
        }
    }

    fn function_condition(&mut self, call: &FunctionCall) -> Result<Cond, ExprError> {
        match call.name.as_str() {
            "attribute_exists" => {
                let [arg] = self.args::<1>(call)?;
                Ok(Cond::Exists(self.required_path(call, arg)?))
            }
            "attribute_not_exists" => {
                let [arg] = self.args::<1>(call)?;
                Ok(Cond::NotExists(self.required_path(call, arg)?))
            }
            "attribute_type" => {
                let [path, type_name] = self.args::<2>(call)?;
                let path = self.required_path(call, path)?;
                let tag = match self.operand(type_name)? {
                    Operand::Value(AttributeValue::S(s)) if TYPE_NAMES.contains(&s.as_str()) => s,
                    Operand::Value(AttributeValue::S(s)) => {
                        return Err(ExprError::at(ErrorKind::InvalidTypeName { name: s }, call.span));
                    }
                    Operand::Value(v) => return Err(operand_type(call, &v)),
                    _ => {
                        return Err(ExprError::at(
                            ErrorKind::OperandType {
                                name: call.name.clone(),
                                type_tag: "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}".into(),
                            },
                            call.span,
                        ));
                    }
                };
                Ok(Cond::IsType(path, tag))
            }
            "begins_with" | "contains" => {
                let [a, b] = self.args::<2>(call)?;
                let (a, b) = (self.operand(a)?, self.operand(b)?);
                if call.name == "begins_with" {
                    for operand in [&a, &b] {
                        if let Operand::Value(v) = operand {
                            if !matches!(v, AttributeValue::S(_) | AttributeValue::B(_)) {
                                return Err(operand_type(call, v));
                            }
                        }
                    }
                }
                distinct(&call.name, &a, &b, call.span)?;
                Ok(if call.name == "begins_with" { Cond::BeginsWith(a, b) } else { Cond::Contains(a, b) })
            }
            "size" => {
                self.operand(&Expr::Call(call.clone()))?;
                Err(ExprError::at(ErrorKind::MisusedFunction { name: call.name.clone() }, call.span))
            }
            _ => Err(ExprError::at(ErrorKind::UnknownFunction { name: call.name.clone() }, call.name_span)),
        }
    }
}

fn check_key(key: &str, sigil: char, which: &'static str) -> Result<(), ExprError> {
    if !valid_key(key, sigil) {
        return Err(ExprError::new(ErrorKind::InvalidPlaceholderKey { which, key: key.to_string() }));
    }
    if key.len() > MAX_PLACEHOLDER_BYTES {
        return Err(ExprError::new(ErrorKind::PlaceholderTooLong { which, key: key.to_string() }));
    }
    Ok(())
}

fn operand_type(call: &FunctionCall, value: &AttributeValue) -> ExprError {
    ExprError::at(ErrorKind::OperandType { name: call.name.clone(), type_tag: value.type_tag().into() }, call.span)
}

/// "The first operand must be distinct from the remaining operands".
fn distinct(operator: &str, a: &Operand, b: &Operand, span: ast::Span) -> Result<(), ExprError> {
    match (a, b) {
        (Operand::Path(x), Operand::Path(y)) if x == y => Err(ExprError::at(
            ErrorKind::NotDistinct { operator: operator.to_string(), path: x.to_string() },
            span,
        )),
        _ => Ok(()),
    }
}

/// `{N:1}`-style rendering used in BETWEEN messages.
pub(crate) fn short_value(v: &AttributeValue) -> String {
    match v {
        AttributeValue::S(s) => format!("{{S:{s}}}"),
        AttributeValue::N(n) => format!("{{N:{n}}}"),
        other => format!("{{{}:...}}", other.type_tag()),
    }
}

fn check_between_bounds(low: &AttributeValue, high: &AttributeValue, span: ast::Span) -> Result<(), ExprError> {
    let (l, h) = (short_value(low), short_value(high));
    if low.type_tag() != high.type_tag() {
        return Err(ExprError::at(ErrorKind::BetweenTypes { low: l, high: h }, span));
    }
    if compare_scalars(low, high) == Some(std::cmp::Ordering::Greater) {
        return Err(ExprError::at(ErrorKind::BetweenOrder { low: l, high: h }, span));
    }
    Ok(())
}
