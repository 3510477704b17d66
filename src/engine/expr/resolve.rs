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
    key.strip_prefix(sigil).is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

impl<'a> Resolver<'a> {
    /// A resolver over the request's `ExpressionAttributeNames` and
    /// `ExpressionAttributeValues` (`None` when the request has none).
    /// Rejects an empty map ("ExpressionAttributeValues must not be empty"),
    /// keys that are not `#`/`:` followed by `[A-Za-z0-9_]+`, and keys longer
    /// than 255 bytes.
    pub fn new(
        names: Option<&'a HashMap<String, String>>,
        values: Option<&'a HashMap<String, AttributeValue>>,
    ) -> Result<Resolver<'a>, ExprError> {
        if names.is_some_and(HashMap::is_empty) {
            return Err(ExprError::new(ErrorKind::EmptyPlaceholderMap { which: "Names" }));
        }
        if values.is_some_and(HashMap::is_empty) {
            return Err(ExprError::new(ErrorKind::EmptyPlaceholderMap { which: "Values" }));
        }
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
            let mut out: Vec<String> =
                keys.into_iter().filter(|k| !used.contains(*k)).cloned().collect();
            out.sort();
            out
        };
        let names =
            unused(self.names.into_iter().flat_map(HashMap::keys).collect(), &self.used_names);
        if !names.is_empty() {
            return Err(ExprError::new(ErrorKind::UnusedNames { keys: names }));
        }
        let values =
            unused(self.values.into_iter().flat_map(HashMap::keys).collect(), &self.used_values);
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
                        return Err(ExprError::at(
                            ErrorKind::ReservedKeyword { word: word.clone() },
                            *span,
                        ));
                    }
                    steps.push(PathStep::Key(word.clone()));
                }
                PathElement::Attribute { name: Name::Placeholder(placeholder), span } => {
                    let Some(name) = self.names.and_then(|n| n.get(placeholder)) else {
                        return Err(ExprError::at(
                            ErrorKind::UndefinedName { name: placeholder.clone() },
                            *span,
                        ));
                    };
                    self.used_names.insert(placeholder.clone());
                    steps.push(PathStep::Key(name.clone()));
                }
                PathElement::Index { index, .. } => steps.push(PathStep::Index(*index as usize)),
            }
        }
        let resolved = DocPath::new(steps).ok_or_else(|| {
            ExprError::at(
                ErrorKind::Syntax { token: "[".into(), near: path.to_string() },
                path.span,
            )
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
            return Err(ExprError::at(
                ErrorKind::UndefinedValue { name: value.name.clone() },
                value.span,
            ));
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
            Expr::And { operands, .. } => {
                Ok(Cond::And(operands.iter().map(|c| self.condition(c)).collect::<Result<_, _>>()?))
            }
            Expr::Or { operands, .. } => {
                Ok(Cond::Or(operands.iter().map(|c| self.condition(c)).collect::<Result<_, _>>()?))
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
                if let Operand::Value(v) = &arg
                    && matches!(
                        v,
                        AttributeValue::N(_) | AttributeValue::Bool(_) | AttributeValue::Null
                    )
                {
                    return Err(operand_type(call, v));
                }
                Ok(Operand::Size(Box::new(arg)))
            }
            Expr::Call(call) => {
                self.function_condition(call)?;
                Err(ExprError::at(
                    ErrorKind::MisusedFunction { name: call.name.clone() },
                    call.span,
                ))
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
            ExprError::at(
                ErrorKind::WrongOperandCount { name: call.name.clone(), count: call.args.len() },
                call.span,
            )
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
                        return Err(ExprError::at(
                            ErrorKind::InvalidTypeName { name: s },
                            call.span,
                        ));
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
                        if let Operand::Value(v) = operand
                            && !matches!(v, AttributeValue::S(_) | AttributeValue::B(_))
                        {
                            return Err(operand_type(call, v));
                        }
                    }
                }
                distinct(&call.name, &a, &b, call.span)?;
                Ok(if call.name == "begins_with" {
                    Cond::BeginsWith(a, b)
                } else {
                    Cond::Contains(a, b)
                })
            }
            "size" => {
                self.operand(&Expr::Call(call.clone()))?;
                Err(ExprError::at(
                    ErrorKind::MisusedFunction { name: call.name.clone() },
                    call.span,
                ))
            }
            _ => Err(ExprError::at(
                ErrorKind::UnknownFunction { name: call.name.clone() },
                call.name_span,
            )),
        }
    }
}

fn check_key(key: &str, sigil: char, which: &'static str) -> Result<(), ExprError> {
    if !valid_key(key, sigil) {
        return Err(ExprError::new(ErrorKind::InvalidPlaceholderKey {
            which,
            key: key.to_string(),
        }));
    }
    if key.len() > MAX_PLACEHOLDER_BYTES {
        return Err(ExprError::new(ErrorKind::PlaceholderTooLong { which, key: key.to_string() }));
    }
    Ok(())
}

fn operand_type(call: &FunctionCall, value: &AttributeValue) -> ExprError {
    ExprError::at(
        ErrorKind::OperandType { name: call.name.clone(), type_tag: value.type_tag().into() },
        call.span,
    )
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

fn check_between_bounds(
    low: &AttributeValue,
    high: &AttributeValue,
    span: ast::Span,
) -> Result<(), ExprError> {
    let (l, h) = (short_value(low), short_value(high));
    if low.type_tag() != high.type_tag() {
        return Err(ExprError::at(ErrorKind::BetweenTypes { low: l, high: h }, span));
    }
    if compare_scalars(low, high) == Some(std::cmp::Ordering::Greater) {
        return Err(ExprError::at(ErrorKind::BetweenOrder { low: l, high: h }, span));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Validation messages for condition expressions. Wording as recorded
    //! against the live service by dynalite (`test/updateItem.js`,
    //! `db/conditionParser.pegjs`) unless another source is named.
    use super::super::test_support::{condition_error, names, values};
    use super::*;

    const V: &str = r#"{":v": {"S": "x"}}"#;

    #[test]
    fn reserved_word_needs_a_name_placeholder() {
        // Developer Guide, "Expression attribute names": "Status" is reserved.
        assert_eq!(
            condition_error("status = :v", &[], V),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"
        );
        assert_eq!(
            condition_error("a.Size = :v", &[], V),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Size"
        );
    }

    #[test]
    fn a_name_placeholder_may_stand_for_a_reserved_word() {
        let n = names(&[("#s", "status")]);
        let v = values(V);
        let mut r = Resolver::new(Some(&n), Some(&v)).unwrap();
        assert!(super::super::compile_condition("#s = :v", &mut r).is_ok());
        assert!(r.finish().is_ok());
    }

    #[test]
    fn undefined_placeholders() {
        assert_eq!(
            condition_error("#x = :v", &[("#y", "y")], V),
            "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"
        );
        assert_eq!(
            condition_error("a = :x", &[], V),
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x"
        );
    }

    #[test]
    fn unused_placeholders_are_reported_names_first_sorted() {
        assert_eq!(
            condition_error("a = :v", &[("#n", "n")], r#"{":v": {"S": "x"}, ":w": {"S": "y"}}"#),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}"
        );
        assert_eq!(
            condition_error(
                "a = :v",
                &[],
                r#"{":v": {"S": "x"}, ":z": {"S": "y"}, ":w": {"S": "y"}}"#
            ),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w, :z}"
        );
    }

    #[test]
    fn unknown_function_and_operand_counts() {
        assert_eq!(
            condition_error("foo(a)", &[], "{}"),
            "Invalid ConditionExpression: Invalid function name; function: foo"
        );
        assert_eq!(
            condition_error("attribute_exists(a, b)", &[], "{}"),
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"
        );
        assert_eq!(
            condition_error("begins_with(a)", &[], "{}"),
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1"
        );
    }

    #[test]
    fn function_names_are_case_sensitive() {
        // Developer Guide: "The function names are case sensitive."
        assert_eq!(
            condition_error("ATTRIBUTE_EXISTS(a)", &[], "{}"),
            "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS"
        );
    }

    #[test]
    fn existence_functions_need_a_path() {
        assert_eq!(
            condition_error("attribute_exists(:v)", &[], V),
            "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"
        );
        assert_eq!(
            condition_error("attribute_not_exists(size(a))", &[], "{}"),
            "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_not_exists"
        );
    }

    #[test]
    fn attribute_type_needs_a_known_type_name() {
        assert_eq!(
            condition_error("attribute_type(a, :v)", &[], r#"{":v": {"S": "STRING"}}"#),
            "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"
        );
        assert_eq!(
            condition_error("attribute_type(a, :v)", &[], r#"{":v": {"N": "1"}}"#),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"
        );
    }

    #[test]
    fn begins_with_and_size_operand_types() {
        assert_eq!(
            condition_error("begins_with(a, :v)", &[], r#"{":v": {"N": "1"}}"#),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
        );
        assert_eq!(
            condition_error("size(:v) > a", &[], r#"{":v": {"BOOL": true}}"#),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: BOOL"
        );
    }

    #[test]
    fn only_size_may_be_an_operand_and_size_is_not_a_condition() {
        assert_eq!(
            condition_error("attribute_exists(a) = :v", &[], V),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists"
        );
        assert_eq!(
            condition_error("size(a)", &[], "{}"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"
        );
    }

    #[test]
    fn operands_must_be_distinct() {
        assert_eq!(
            condition_error("a.b = a.b", &[], "{}"),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a, b]"
        );
        assert_eq!(
            condition_error("contains(#x, x)", &[("#x", "x")], "{}"),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [x]"
        );
    }

    #[test]
    fn between_bounds_need_one_type_and_order() {
        assert_eq!(
            condition_error("a BETWEEN :l AND :h", &[], r#"{":l": {"N": "1"}, ":h": {"S": "a"}}"#),
            "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"
        );
        assert_eq!(
            condition_error("a BETWEEN :l AND :h", &[], r#"{":l": {"N": "10"}, ":h": {"N": "9"}}"#),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:9}"
        );
    }

    #[test]
    fn doubled_parentheses_are_redundant() {
        assert_eq!(
            condition_error("((a = :v))", &[], V),
            "Invalid ConditionExpression: The expression has redundant parentheses;"
        );
        assert_eq!(
            condition_error("((a)) = :v", &[], V),
            "Invalid ConditionExpression: The expression has redundant parentheses;"
        );
    }

    #[test]
    fn in_takes_at_most_100_operands() {
        // Constraints: "The maximum number of operands for the IN comparator is 100."
        let list: Vec<String> = (0..101).map(|i| format!(":v{i}")).collect();
        let vals: String =
            (0..101).map(|i| format!(r#""':v{i}": {{"N": "{i}"}}"#)).collect::<Vec<_>>().join(",");
        let vals = format!("{{{}}}", vals.replace("\"'", "\""));
        let text = format!("a IN ({})", list.join(", "));
        assert!(
            condition_error(&text, &[], &vals)
                .contains("too many operands; maximum: 100, found: 101")
        );
        let hundred = format!("a IN ({})", list[..100].join(", "));
        let v = values(&vals);
        let mut r = Resolver::new(None, Some(&v)).unwrap();
        assert!(super::super::compile_condition(&hundred, &mut r).is_ok());
    }

    #[test]
    fn paths_nest_at_most_32_levels() {
        // Developer Guide: nested attributes up to 32 levels deep.
        let ok = format!("attribute_exists(a{})", ".b".repeat(31));
        let too_deep = format!("attribute_exists(a{})", ".b".repeat(32));
        let mut r = Resolver::new(None, None).unwrap();
        assert!(super::super::compile_condition(&ok, &mut r).is_ok());
        assert!(condition_error(&too_deep, &[], "{}").contains("maximum depth: 32"));
    }

    #[test]
    fn empty_maps_are_rejected() {
        let n = names(&[]);
        assert_eq!(
            Resolver::new(Some(&n), None).unwrap_err().message(),
            "ExpressionAttributeNames must not be empty"
        );
        let v = values("{}");
        assert_eq!(
            Resolver::new(None, Some(&v)).unwrap_err().message(),
            "ExpressionAttributeValues must not be empty"
        );
    }

    #[test]
    fn placeholder_keys_are_validated() {
        let n = names(&[("x", "y")]);
        let err = Resolver::new(Some(&n), None).unwrap_err();
        assert_eq!(
            err.message(),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"x\""
        );
        let v = values(r#"{":a-b": {"S": "x"}}"#);
        let err = Resolver::new(None, Some(&v)).unwrap_err();
        assert_eq!(
            err.message(),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \":a-b\""
        );
        let long = format!("#{}", "n".repeat(255));
        let n = names(&[(long.as_str(), "y")]);
        assert!(
            Resolver::new(Some(&n), None).unwrap_err().message().contains("longer than 255 bytes")
        );
    }

    #[test]
    fn errors_carry_the_span_of_the_offending_text() {
        let v = values(V);
        let mut r = Resolver::new(None, Some(&v)).unwrap();
        let err = super::super::compile_condition("a = :v AND #missing = :v", &mut r).unwrap_err();
        assert_eq!(err.span, Some(ast::Span::new(11, 19)));
        assert_eq!((err.span.unwrap().start, err.span.unwrap().end), (11, 19));
    }
}
