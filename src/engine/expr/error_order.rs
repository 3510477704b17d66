//! Which error DynamoDB reports when an expression has several.
//!
//! DynamoDB does not report the first problem in the text: it checks
//! categories in a fixed order. dynalite (`db/conditionParser.pegjs` and
//! `db/updateParser.pegjs`, `checkErrors`), built against the live service,
//! records the order:
//! - conditions: redundant parentheses, unknown function names, functions
//!   used in the wrong place, reserved words, then everything else;
//! - updates: reserved words, unknown function names, repeated sections,
//!   undefined names, undefined values, then everything else.
//!
//! These passes run over the syntax tree before resolution and report the
//! first error of the highest category; `resolve`, `update` and
//! `projection` then report the rest in written order. Depends on `ast`,
//! `error`, `reserved` and `resolve`.

use super::ast::{Expr, FunctionCall, Name, Path, PathElement, SetValue, UpdateAction, UpdateExpr};
use super::error::{ErrorKind, ExprError};
use super::reserved::is_reserved;
use super::resolve::Resolver;

/// Functions of condition expressions (Developer Guide, "Functions").
const CONDITION_FUNCTIONS: [&str; 6] = [
    "attribute_exists",
    "attribute_not_exists",
    "attribute_type",
    "begins_with",
    "contains",
    "size",
];
/// Functions of `SET` values (Developer Guide, "Using update expressions").
const UPDATE_FUNCTIONS: [&str; 2] = ["if_not_exists", "list_append"];

/// Where a node sits: where a condition or where an operand is expected.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Condition,
    Operand,
}

/// What a walk calls at every node; `Some` stops the walk.
type Visitor<'v, 'e> = &'v mut dyn FnMut(&'e Expr, Place) -> Option<ExprError>;

/// Visits every node with its place, in written order, stopping at the first
/// `Some` the visitor returns.
fn walk<'e>(expr: &'e Expr, place: Place, visit: Visitor<'_, 'e>) -> Option<ExprError> {
    if let Some(e) = visit(expr, place) {
        return Some(e);
    }
    match expr {
        Expr::Path(_) | Expr::Value(_) => None,
        Expr::Call(call) => walk_all(&call.args, Place::Operand, visit),
        Expr::Compare { left, right, .. } => walk_all([&**left, &**right], Place::Operand, visit),
        Expr::Between { value, low, high, .. } => {
            walk_all([&**value, &**low, &**high], Place::Operand, visit)
        }
        Expr::In { value, list, .. } => {
            walk_all(std::iter::once(&**value).chain(list), Place::Operand, visit)
        }
        Expr::Not { operand, .. } => walk(operand, Place::Condition, visit),
        Expr::And { operands, .. } | Expr::Or { operands, .. } => {
            walk_all(operands, Place::Condition, visit)
        }
        Expr::Paren { inner, .. } => walk(inner, place, visit),
    }
}

fn walk_all<'e>(
    children: impl IntoIterator<Item = &'e Expr>,
    place: Place,
    visit: Visitor<'_, 'e>,
) -> Option<ExprError> {
    children.into_iter().find_map(|child| walk(child, place, visit))
}

/// The first reserved word used as a plain name in `path`.
fn reserved_in(path: &Path) -> Option<ExprError> {
    path.elements.iter().find_map(|element| match element {
        PathElement::Attribute { name: Name::Plain(word), span } if is_reserved(word) => {
            Some(ExprError::at(ErrorKind::ReservedKeyword { word: word.clone() }, *span))
        }
        _ => None,
    })
}

fn unknown(call: &FunctionCall, known: &[&str]) -> Option<ExprError> {
    (!known.contains(&call.name.as_str())).then(|| {
        ExprError::at(ErrorKind::UnknownFunction { name: call.name.clone() }, call.name_span)
    })
}

/// One category check of a condition node.
type Check = fn(&Expr, Place) -> Option<ExprError>;

fn redundant_parentheses(e: &Expr, _: Place) -> Option<ExprError> {
    match e {
        Expr::Paren { inner, span } if matches!(**inner, Expr::Paren { .. }) => {
            Some(ExprError::at(ErrorKind::RedundantParentheses, *span))
        }
        _ => None,
    }
}

fn unknown_condition_function(e: &Expr, _: Place) -> Option<ExprError> {
    match e {
        Expr::Call(call) => unknown(call, &CONDITION_FUNCTIONS),
        _ => None,
    }
}

/// Only `size` may be an operand, and `size` may not be a condition.
fn misplaced_function(e: &Expr, place: Place) -> Option<ExprError> {
    match e {
        Expr::Call(call) if (call.name == "size") == (place == Place::Condition) => {
            Some(ExprError::at(ErrorKind::MisusedFunction { name: call.name.clone() }, call.span))
        }
        _ => None,
    }
}

fn reserved_word(e: &Expr, _: Place) -> Option<ExprError> {
    match e {
        Expr::Path(path) => reserved_in(path),
        _ => None,
    }
}

/// The category checks DynamoDB reports before any other in a condition.
pub(crate) fn check_condition(expr: &Expr) -> Result<(), ExprError> {
    let checks: [Check; 4] =
        [redundant_parentheses, unknown_condition_function, misplaced_function, reserved_word];
    for check in checks {
        if let Some(error) = walk(expr, Place::Condition, &mut |e, p| check(e, p)) {
            return Err(error);
        }
    }
    Ok(())
}

/// Every expression inside a `SET` value, in written order.
fn set_operands(value: &SetValue) -> Vec<&Expr> {
    match value {
        SetValue::Operand(e) => vec![e],
        SetValue::Plus(a, b) | SetValue::Minus(a, b) => vec![a, b],
    }
}

/// Every action of an update, in written order.
fn actions(ast: &UpdateExpr) -> Vec<&UpdateAction> {
    ast.sections.iter().flat_map(|s| &s.actions).collect()
}

/// Every document path an update names: each action's target, then the
/// paths inside its `SET` value, in written order.
fn update_paths<'a>(actions: &[&'a UpdateAction]) -> Vec<&'a Path> {
    let mut paths: Vec<&Path> = Vec::new();
    for action in actions {
        paths.push(action.path());
        if let UpdateAction::Set { value, .. } = action {
            for operand in set_operands(value) {
                walk(operand, Place::Operand, &mut |e, _| {
                    if let Expr::Path(p) = e {
                        paths.push(p);
                    }
                    None
                });
            }
        }
    }
    paths
}

/// The category checks DynamoDB reports before any other in an update that
/// depend on its text alone: reserved words, unknown functions, repeated
/// sections (`check_update_names` follows with the rest).
pub(crate) fn check_update_text(ast: &UpdateExpr) -> Result<(), ExprError> {
    let actions = actions(ast);
    let operands: Vec<&Expr> = actions
        .iter()
        .flat_map(|a| match a {
            UpdateAction::Set { value, .. } => set_operands(value),
            _ => vec![],
        })
        .collect();
    if let Some(error) = update_paths(&actions).iter().find_map(|p| reserved_in(p)) {
        return Err(error);
    }
    let unknown_function = |e: &Expr| match e {
        Expr::Call(call) => unknown(call, &UPDATE_FUNCTIONS),
        _ => None,
    };
    if let Some(error) =
        operands.iter().find_map(|o| walk(o, Place::Operand, &mut |e, _| unknown_function(e)))
    {
        return Err(error);
    }
    let mut seen = Vec::new();
    for section in &ast.sections {
        if seen.contains(&section.kind) {
            let kind = ErrorKind::DuplicateSection { section: section.kind.keyword() };
            return Err(ExprError::at(kind, section.span));
        }
        seen.push(section.kind);
    }
    Ok(())
}

/// The checks that follow `check_update_text`: undefined names, then
/// undefined values (which `resolver` records as used).
pub(crate) fn check_update_names(
    ast: &UpdateExpr,
    resolver: &mut Resolver<'_>,
) -> Result<(), ExprError> {
    let actions = actions(ast);
    let paths = update_paths(&actions);
    for path in &paths {
        resolver.path(path)?;
    }
    for action in &actions {
        if let UpdateAction::Add { value, .. } | UpdateAction::Delete { value, .. } = action {
            resolver.value(value)?;
        }
        for operand in match action {
            UpdateAction::Set { value, .. } => set_operands(value),
            _ => vec![],
        } {
            let mut first_error = None;
            walk(operand, Place::Operand, &mut |e, _| {
                if let Expr::Value(v) = e
                    && let Err(error) = resolver.value(v)
                {
                    first_error = Some(error);
                    return first_error.clone();
                }
                None
            });
            if let Some(error) = first_error {
                return Err(error);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Expressions with two problems report the one DynamoDB reports
    //! (dynalite `checkErrors` order, recorded against the live service).
    use super::super::test_support::{condition_error, updated};

    #[test]
    fn conditions_report_redundant_parentheses_first() {
        assert_eq!(
            condition_error("((status = :x))", &[], "{}"),
            "Invalid ConditionExpression: The expression has redundant parentheses;"
        );
    }

    #[test]
    fn conditions_report_unknown_functions_before_reserved_words() {
        assert_eq!(
            condition_error("status = :x AND foo(a)", &[], "{}"),
            "Invalid ConditionExpression: Invalid function name; function: foo"
        );
    }

    #[test]
    fn conditions_report_misused_functions_before_reserved_words() {
        assert_eq!(
            condition_error("status = :x AND size(a)", &[], "{}"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"
        );
    }

    #[test]
    fn conditions_report_reserved_words_before_undefined_values() {
        assert_eq!(
            condition_error(":x = status", &[], "{}"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"
        );
    }

    #[test]
    fn updates_report_reserved_words_before_repeated_sections() {
        assert_eq!(
            updated("SET a = :v SET name = :v", r#"{":v": {"N": "1"}}"#, "{}").unwrap_err(),
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name"
        );
    }

    #[test]
    fn updates_report_unknown_functions_before_repeated_sections() {
        assert_eq!(
            updated("SET a = :v SET b = foo(c)", r#"{":v": {"N": "1"}}"#, "{}").unwrap_err(),
            "Invalid UpdateExpression: Invalid function name; function: foo"
        );
    }

    #[test]
    fn updates_report_undefined_names_before_undefined_values() {
        assert_eq!(
            updated("SET a = :nope, #b = :v", r#"{":v": {"N": "1"}}"#, "{}").unwrap_err(),
            "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #b"
        );
    }

    #[test]
    fn updates_report_overlaps_before_conflicts_before_operand_types() {
        let v = r#"{":v": {"N": "1"}, ":s": {"S": "x"}}"#;
        assert_eq!(
            updated("SET a.b = :v, a[0] = :v, c = :v ADD c.d :s", v, r#"{"a": {"M": {}}}"#)
                .unwrap_err(),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c], path two: [c, d]"
        );
        assert_eq!(
            updated("SET a.b = :v, a[0] = :v ADD e :s", v, "{}").unwrap_err(),
            "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]"
        );
    }

    #[test]
    fn updates_report_add_operand_types_before_set_operand_types() {
        let v = r#"{":v": {"N": "1"}, ":s": {"S": "x"}}"#;
        assert_eq!(
            updated("SET a = b + :s ADD c :s", v, "{}").unwrap_err(),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"
        );
    }
}
