//! The entry points: expression text to a compiled, checked expression.
//!
//! Each `compile_*` runs the same three steps (style rule 5): check the
//! text's length (`limits`), parse it (`parser`, syntax only), resolve it
//! (`resolve` and the per-kind rules), and tags any error with the
//! expression parameter so its message reads `Invalid XExpression: ...`.
//! Depends on every other file of the module.

use super::error::{ExprError, ExpressionKind};
use super::eval::Condition;
use super::key_condition::KeyCondition;
use super::limits::check_expression_text;
use super::parser::{parse_condition, parse_projection, parse_update};
use super::projection::Projection;
use super::resolve::Resolver;
use super::update::Update;

fn condition_of(text: &str, resolver: &mut Resolver<'_>) -> Result<Condition, ExprError> {
    check_expression_text(text)?;
    let ast = parse_condition(text)?;
    Ok(Condition { root: resolver.condition(&ast)? })
}

/// Compiles a `ConditionExpression` (PutItem, UpdateItem, DeleteItem,
/// TransactWriteItems).
pub fn compile_condition(text: &str, resolver: &mut Resolver<'_>) -> Result<Condition, ExprError> {
    condition_of(text, resolver).map_err(|e| e.in_expression(ExpressionKind::Condition))
}

/// Compiles a `FilterExpression` (Query, Scan): same grammar and rules as a
/// condition, different name in error messages.
pub fn compile_filter(text: &str, resolver: &mut Resolver<'_>) -> Result<Condition, ExprError> {
    condition_of(text, resolver).map_err(|e| e.in_expression(ExpressionKind::Filter))
}

/// Compiles a Query's `KeyConditionExpression` against the key schema.
pub fn compile_key_condition(
    text: &str,
    resolver: &mut Resolver<'_>,
    partition_key: &str,
    sort_key: Option<&str>,
) -> Result<KeyCondition, ExprError> {
    let compiled = condition_of(text, resolver).map_err(|e| e.in_expression(ExpressionKind::KeyCondition))?;
    KeyCondition::from_cond(compiled.root, partition_key, sort_key)
        .map_err(|e| e.in_expression(ExpressionKind::KeyCondition))
}

/// Compiles a `ProjectionExpression`.
pub fn compile_projection(text: &str, resolver: &mut Resolver<'_>) -> Result<Projection, ExprError> {
    let compile = |resolver: &mut Resolver<'_>| {
        check_expression_text(text)?;
        Projection::resolve(&parse_projection(text)?, resolver)
    };
    compile(resolver).map_err(|e| e.in_expression(ExpressionKind::Projection))
}

/// Compiles an `UpdateExpression`; `key_attribute_names` are the table's
/// key attributes, which an update may not touch.
pub fn compile_update(
    text: &str,
    resolver: &mut Resolver<'_>,
    key_attribute_names: &[&str],
) -> Result<Update, ExprError> {
    let compile = |resolver: &mut Resolver<'_>| {
        check_expression_text(text)?;
        Update::resolve(&parse_update(text)?, resolver, key_attribute_names)
    };
    compile(resolver).map_err(|e| e.in_expression(ExpressionKind::Update))
}
