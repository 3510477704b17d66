//! [`Update`]: a resolved update expression and the rules DynamoDB checks
//! before touching the item (applying it is in `update_apply`).
//!
//! Rules (Developer Guide, "Using update expressions"; wording from
//! dynalite `db/updateParser.pegjs`):
//! - each of `SET`, `REMOVE`, `ADD`, `DELETE` at most once;
//! - `SET` values: `operand [+|- operand]`, functions `if_not_exists(path,
//!   operand)` and `list_append(operand, operand)` only; `+`/`-` take numbers,
//!   `list_append` lists (when the operand is a value we can check now);
//! - `ADD` takes a number or a set, `DELETE` a set ("Incorrect operand type
//!   for operator or function; operator: ADD, operand type: STRING");
//! - no two paths may overlap (`a` and `a.b`) or conflict (`a.b` and `a[0]`);
//! - key attributes cannot be updated ("Cannot update attribute pk. This
//!   attribute is part of the key");
//! - at most 300 operators and functions (Constraints, "Expression parameters").
//!
//! Depends on `ast`, `path`, `resolve`, `projection`, `limits`, `error`, `value`.

use super::ast::{Expr, FunctionCall, SetValue, Span, UpdateAction, UpdateExpr};
use super::error::{ErrorKind, ExprError};
use super::error_order::check_update_names;
use super::limits::check_operator_count;
use super::path::{DocPath, check_paths_apart};
use super::projection::Projection;
use super::resolve::Resolver;
use crate::value::AttributeValue;

/// A resolved operand of a `SET` value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum UpdateOperand {
    Path(DocPath),
    Value(AttributeValue),
    IfNotExists(DocPath, Box<UpdateOperand>),
    ListAppend(Box<UpdateOperand>, Box<UpdateOperand>),
}

/// A resolved `SET` right-hand side.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SetExpr {
    Operand(UpdateOperand),
    Plus(UpdateOperand, UpdateOperand),
    Minus(UpdateOperand, UpdateOperand),
}

/// One resolved action.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Action {
    Set(DocPath, SetExpr),
    Remove(DocPath),
    Add(DocPath, AttributeValue),
    Delete(DocPath, AttributeValue),
}

impl Action {
    pub(crate) fn path(&self) -> &DocPath {
        match self {
            Action::Set(p, _) | Action::Remove(p) | Action::Add(p, _) | Action::Delete(p, _) => p,
        }
    }
}

/// A compiled update expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub(crate) actions: Vec<Action>,
}

impl Update {
    /// The top-level attributes the update touches, in first-use order.
    pub fn top_level_attributes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for action in &self.actions {
            if !out.contains(&action.path().top()) {
                out.push(action.path().top());
            }
        }
        out
    }

    /// A projection of exactly the updated paths: applied to the old item it
    /// gives `ReturnValues: UPDATED_OLD`, to the new item `UPDATED_NEW`.
    pub fn updated_projection(&self) -> Projection {
        Projection { paths: self.actions.iter().map(|a| a.path().clone()).collect() }
    }

    /// Resolves a parsed update expression.
    /// Resolves a parsed update expression, checking DynamoDB's rules in
    /// its order (see `error_order`): reserved words, unknown functions,
    /// repeated sections, names, values; then overlapping and conflicting
    /// paths; then `ADD`/`DELETE` operand types; then `SET` operand types;
    /// then the operator count and key attributes.
    pub(crate) fn resolve(
        ast: &UpdateExpr,
        resolver: &mut Resolver<'_>,
        keys: &[&str],
    ) -> Result<Update, ExprError> {
        check_update_names(ast, resolver)?;
        let written: Vec<&UpdateAction> = ast.sections.iter().flat_map(|s| &s.actions).collect();
        let paths = written
            .iter()
            .map(|a| Ok((resolver.path(a.path())?, a.path().span)))
            .collect::<Result<Vec<_>, ExprError>>()?;
        check_paths_apart(&paths)?;
        let mut values = Vec::with_capacity(written.len());
        for action in &written {
            values.push(match action {
                UpdateAction::Add { value, .. } | UpdateAction::Delete { value, .. } => {
                    let operator =
                        if matches!(action, UpdateAction::Add { .. }) { "ADD" } else { "DELETE" };
                    let v = resolver.value(value)?;
                    check_add_delete(operator, &v, value.span)?;
                    Some(v)
                }
                _ => None,
            });
        }
        let mut operators = 0;
        let mut actions = Vec::with_capacity(written.len());
        for ((action, (path, _)), value) in written.iter().zip(paths).zip(values) {
            actions.push(match (action, value) {
                (UpdateAction::Set { value, .. }, _) => {
                    Action::Set(path, set_expr(resolver, value, &mut operators)?)
                }
                (UpdateAction::Add { .. }, Some(v)) => Action::Add(path, v),
                (UpdateAction::Delete { .. }, Some(v)) => Action::Delete(path, v),
                _ => Action::Remove(path),
            });
        }
        check_operator_count(operators)?;
        if let Some(key) = actions.iter().map(|a| a.path().top()).find(|top| keys.contains(top)) {
            return Err(ExprError::new(ErrorKind::KeyAttributeUpdate { name: key.to_string() }));
        }
        Ok(Update { actions })
    }
}

fn check_add_delete(
    operator: &'static str,
    value: &AttributeValue,
    span: Span,
) -> Result<(), ExprError> {
    let type_name = match value {
        AttributeValue::Ss(_) | AttributeValue::Ns(_) | AttributeValue::Bs(_) => return Ok(()),
        AttributeValue::N(_) if operator == "ADD" => return Ok(()),
        AttributeValue::S(_) => "STRING",
        AttributeValue::N(_) => "NUMBER",
        AttributeValue::B(_) => "BINARY",
        AttributeValue::Null => "NULL",
        AttributeValue::Bool(_) => "BOOLEAN",
        AttributeValue::L(_) => "LIST",
        AttributeValue::M(_) => "MAP",
    };
    Err(ExprError::at(ErrorKind::UpdateOperandType { operator, type_name }, span))
}

fn set_expr(
    resolver: &mut Resolver<'_>,
    value: &SetValue,
    operators: &mut usize,
) -> Result<SetExpr, ExprError> {
    match value {
        SetValue::Operand(e) => Ok(SetExpr::Operand(operand(resolver, e, operators)?)),
        SetValue::Plus(a, b) => {
            let (a, b) = arithmetic(resolver, "+", a, b, operators)?;
            Ok(SetExpr::Plus(a, b))
        }
        SetValue::Minus(a, b) => {
            let (a, b) = arithmetic(resolver, "-", a, b, operators)?;
            Ok(SetExpr::Minus(a, b))
        }
    }
}

/// The operands of `+` or `-`; values must be numbers.
fn arithmetic(
    resolver: &mut Resolver<'_>,
    symbol: &str,
    a: &Expr,
    b: &Expr,
    operators: &mut usize,
) -> Result<(UpdateOperand, UpdateOperand), ExprError> {
    *operators += 1;
    let span = a.span().to(b.span());
    let (a, b) = (operand(resolver, a, operators)?, operand(resolver, b, operators)?);
    for o in [&a, &b] {
        if let UpdateOperand::Value(v) = o
            && !matches!(v, AttributeValue::N(_))
        {
            let kind =
                ErrorKind::OperandType { name: symbol.to_string(), type_tag: v.type_tag().into() };
            return Err(ExprError::at(kind, span));
        }
    }
    Ok((a, b))
}

fn operand(
    resolver: &mut Resolver<'_>,
    expr: &Expr,
    operators: &mut usize,
) -> Result<UpdateOperand, ExprError> {
    match expr {
        Expr::Path(p) => Ok(UpdateOperand::Path(resolver.path(p)?)),
        Expr::Value(v) => Ok(UpdateOperand::Value(resolver.value(v)?)),
        Expr::Call(call) => {
            *operators += 1;
            function(resolver, call, operators)
        }
        // The update parser drops parentheses and builds no conditions.
        other => Err(ExprError::at(
            ErrorKind::Syntax { token: other.to_string(), near: other.to_string() },
            other.span(),
        )),
    }
}

fn function(
    resolver: &mut Resolver<'_>,
    call: &FunctionCall,
    operators: &mut usize,
) -> Result<UpdateOperand, ExprError> {
    let name = call.name.as_str();
    if name != "if_not_exists" && name != "list_append" {
        return Err(ExprError::at(
            ErrorKind::UnknownFunction { name: call.name.clone() },
            call.name_span,
        ));
    }
    let [a, b] = call.args.as_slice() else {
        return Err(ExprError::at(
            ErrorKind::WrongOperandCount { name: call.name.clone(), count: call.args.len() },
            call.span,
        ));
    };
    let (a, b) = (operand(resolver, a, operators)?, operand(resolver, b, operators)?);
    if name == "if_not_exists" {
        let UpdateOperand::Path(path) = a else {
            return Err(ExprError::at(ErrorKind::NeedsPath { name: call.name.clone() }, call.span));
        };
        return Ok(UpdateOperand::IfNotExists(path, Box::new(b)));
    }
    for o in [&a, &b] {
        if let UpdateOperand::Value(v) = o
            && !matches!(v, AttributeValue::L(_))
        {
            let kind =
                ErrorKind::OperandType { name: call.name.clone(), type_tag: v.type_tag().into() };
            return Err(ExprError::at(kind, call.span));
        }
    }
    Ok(UpdateOperand::ListAppend(Box::new(a), Box::new(b)))
}

#[cfg(test)]
mod tests {
    //! Compile-time rules of update expressions (wording: dynalite
    //! `test/updateItem.js`, recorded against the live service).
    use super::super::test_support::updated;

    fn error(update: &str, values: &str) -> String {
        updated(update, values, r#"{"pk": {"S": "k"}}"#).unwrap_err()
    }

    const V: &str = r#"{":v": {"N": "1"}}"#;

    #[test]
    fn each_section_at_most_once() {
        assert_eq!(
            error("SET a = :v SET b = :v", V),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"
        );
        assert_eq!(
            error("REMOVE a REMOVE b", "{}"),
            "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;"
        );
    }

    #[test]
    fn overlapping_paths_are_rejected() {
        assert_eq!(
            error("SET a = :v REMOVE a.b", V),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"
        );
        assert_eq!(
            error("SET a = :v, a = :v", V),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"
        );
        assert_eq!(
            error("SET l[0] = :v REMOVE l[0]", V),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, [0]]"
        );
    }

    #[test]
    fn conflicting_paths_are_rejected() {
        assert_eq!(
            error("SET a.b = :v REMOVE a[1]", V),
            "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]"
        );
    }

    #[test]
    fn siblings_do_not_overlap() {
        assert!(
            updated(
                "SET a.b = :v, a.c = :v REMOVE l[1], l[2]",
                V,
                r#"{"pk": {"S": "k"}, "a": {"M": {}}, "l": {"L": []}}"#
            )
            .is_ok()
        );
    }

    #[test]
    fn key_attributes_cannot_be_updated() {
        assert_eq!(
            error("SET pk = :v", V),
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
        );
        assert_eq!(
            error("REMOVE pk", "{}"),
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
        );
    }

    #[test]
    fn add_takes_numbers_and_sets_delete_takes_sets() {
        // "The ADD action supports only number and set data types." "The
        // DELETE action supports only set data types."
        assert_eq!(
            error("ADD a :v", r#"{":v": {"S": "x"}}"#),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"
        );
        assert_eq!(
            error("ADD a :v", r#"{":v": {"L": []}}"#),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST"
        );
        assert_eq!(
            error("DELETE a :v", V),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER"
        );
    }

    #[test]
    fn set_functions_are_if_not_exists_and_list_append_only() {
        assert_eq!(
            error("SET a = size(b)", "{}"),
            "Invalid UpdateExpression: Invalid function name; function: size"
        );
        assert_eq!(
            error("SET a = if_not_exists(:v, b)", V),
            "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"
        );
        assert_eq!(
            error("SET a = list_append(b)", "{}"),
            "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"
        );
        assert_eq!(
            error("SET a = list_append(b, :v)", V),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: N"
        );
    }

    #[test]
    fn arithmetic_takes_numbers() {
        assert_eq!(
            error("SET a = b + :v", r#"{":v": {"S": "x"}}"#),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"
        );
    }

    #[test]
    fn reserved_words_and_syntax_errors() {
        assert_eq!(
            error("SET name = :v", V),
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name"
        );
        assert_eq!(
            error("SET a :v", V),
            "Invalid UpdateExpression: Syntax error; token: \":v\", near: \"a :v\""
        );
        assert_eq!(error("", "{}"), "Invalid UpdateExpression: The expression can not be empty;");
    }

    #[test]
    fn at_most_300_operators_and_functions() {
        // Constraints: "The maximum number of operators or functions allowed
        // in an UpdateExpression is 300."
        let actions =
            |n: usize| (0..n).map(|i| format!("a{i}=:v+:v")).collect::<Vec<_>>().join(",");
        assert!(updated(&format!("SET {}", actions(300)), V, r#"{"pk": {"S": "k"}}"#).is_ok());
        assert_eq!(
            error(&format!("SET {}", actions(301)), V),
            "Invalid UpdateExpression: The expression contains too many operators; operator count: 301"
        );
    }

    #[test]
    fn touched_attributes_and_updated_projection() {
        use super::super::test_support::{item, values};
        use super::super::{Resolver, compile_update};
        let v = values(V);
        let mut r = Resolver::new(None, Some(&v)).unwrap();
        let u = compile_update("SET a.b = :v, c = :v REMOVE a.d ADD e :v", &mut r, &[]).unwrap();
        assert_eq!(u.top_level_attributes(), vec!["a", "c", "e"]);
        let old = item(
            r#"{"a": {"M": {"b": {"N": "0"}, "d": {"N": "9"}, "z": {"N": "5"}}}, "q": {"N": "1"}}"#,
        );
        let shown = crate::value::item_to_json(&u.updated_projection().apply(&old)).to_string();
        assert_eq!(shown, r#"{"a":{"M":{"b":{"N":"0"},"d":{"N":"9"}}}}"#);
    }
}
