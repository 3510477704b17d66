//! The entry points: expression text to a compiled, checked expression.
//!
//! Each `compile_*` runs the same three steps (style rule 5): check the
//! text's length (`limits`), parse it (`parser`, syntax only), resolve it
//! (`resolve` and the per-kind rules), and tags any error with the
//! expression parameter so its message reads `Invalid XExpression: ...`.
//! The `_cached` variants take the parse from a [`ParseCache`] (the
//! resolve step still runs on every call, as it depends on the request's
//! names and values). Depends on every other file of the module.

use super::ast::{Expr, UpdateExpr};
use super::cache::ParseCache;
use super::error::{ExprError, ExpressionKind};
use super::error_order::{check_condition, check_update_text};
use super::eval::Condition;
use super::key_condition::KeyCondition;
use super::limits::{check_expression_text, check_operator_count, condition_operators};
use super::parser::{parse_condition, parse_projection, parse_update};
use super::projection::Projection;
use super::resolve::Resolver;
use super::update::Update;

/// The steps of a condition that depend on its text alone (what
/// [`ParseCache`] keeps).
pub(super) fn parse_checked_condition(text: &str) -> Result<Expr, ExprError> {
    check_expression_text(text)?;
    let ast = parse_condition(text)?;
    check_condition(&ast)?;
    check_operator_count(condition_operators(&ast))?;
    Ok(ast)
}

/// The steps of an update expression that depend on its text alone.
pub(super) fn parse_checked_update(text: &str) -> Result<UpdateExpr, ExprError> {
    check_expression_text(text)?;
    let ast = parse_update(text)?;
    check_update_text(&ast)?;
    Ok(ast)
}

fn condition_of(text: &str, resolver: &mut Resolver<'_>) -> Result<Condition, ExprError> {
    let ast = parse_checked_condition(text)?;
    Ok(Condition { root: resolver.condition(&ast)? })
}

/// Compiles a `ConditionExpression` (PutItem, UpdateItem, DeleteItem,
/// TransactWriteItems).
pub fn compile_condition(text: &str, resolver: &mut Resolver<'_>) -> Result<Condition, ExprError> {
    condition_of(text, resolver).map_err(|e| e.in_expression(ExpressionKind::Condition))
}

/// [`compile_condition`] with the parse taken from (or left in) `cache`.
pub fn compile_condition_cached(
    text: &str,
    resolver: &mut Resolver<'_>,
    cache: &mut ParseCache,
) -> Result<Condition, ExprError> {
    let mut compile = |resolver: &mut Resolver<'_>| {
        let ast = cache.condition(text)?;
        Ok(Condition { root: resolver.condition(&ast)? })
    };
    compile(resolver).map_err(|e: ExprError| e.in_expression(ExpressionKind::Condition))
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
    let compiled =
        condition_of(text, resolver).map_err(|e| e.in_expression(ExpressionKind::KeyCondition))?;
    KeyCondition::from_cond(compiled.root, partition_key, sort_key)
        .map_err(|e| e.in_expression(ExpressionKind::KeyCondition))
}

/// Compiles a `ProjectionExpression`.
pub fn compile_projection(
    text: &str,
    resolver: &mut Resolver<'_>,
) -> Result<Projection, ExprError> {
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
        Update::resolve(&parse_checked_update(text)?, resolver, key_attribute_names)
    };
    compile(resolver).map_err(|e| e.in_expression(ExpressionKind::Update))
}

/// [`compile_update`] with the parse taken from (or left in) `cache`.
pub fn compile_update_cached(
    text: &str,
    resolver: &mut Resolver<'_>,
    key_attribute_names: &[&str],
    cache: &mut ParseCache,
) -> Result<Update, ExprError> {
    let mut compile = |resolver: &mut Resolver<'_>| {
        Update::resolve(&*cache.update(text)?, resolver, key_attribute_names)
    };
    compile(resolver).map_err(|e: ExprError| e.in_expression(ExpressionKind::Update))
}

#[cfg(test)]
mod tests {
    //! Hostile input: limits, deep nesting, garbage. None may panic,
    //! overflow the stack or take more than linear time.
    use std::time::Instant;

    use super::super::error::ErrorKind;
    use super::super::parser::{parse_condition, parse_update};
    use super::*;

    fn condition(text: &str) -> Result<Condition, ExprError> {
        let mut r = Resolver::new(None, None).unwrap();
        compile_condition(text, &mut r)
    }

    #[test]
    fn whitespace_only_is_a_syntax_error_at_eof() {
        let err = condition("   ").unwrap_err();
        assert_eq!(
            err.message(),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"\""
        );
        let mut r = Resolver::new(None, None).unwrap();
        assert!(compile_update(" \n", &mut r, &[]).is_err());
        assert!(compile_projection("\t", &mut r).is_err());
    }

    #[test]
    fn too_long_expression_names_its_size() {
        // A real FilterExpression error reported by a user:
        // "Invalid FilterExpression: Expression size has exceeded the maximum
        // allowed size; expression size: 5872".
        let text = format!("attribute_exists(a){}", " OR attribute_exists(a)".repeat(200));
        let mut r = Resolver::new(None, None).unwrap();
        let err = compile_filter(&text, &mut r).unwrap_err();
        assert_eq!(
            err.message(),
            format!(
                "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: {}",
                text.len()
            )
        );
    }

    #[test]
    fn filters_are_limited_to_300_operators() {
        // aws/aws-sdk-js#3721, live service: "Invalid FilterExpression: The
        // expression contains too many operators; operator count: 301".
        let values = std::collections::HashMap::from([(
            ":v".to_string(),
            crate::value::AttributeValue::n(1),
        )]);
        let mut r = Resolver::new(None, Some(&values)).unwrap();
        // 151 comparisons joined by 150 ANDs: 301 operators in 1,359 bytes.
        let text = vec!["a=:v"; 151].join(" AND ");
        assert_eq!(
            compile_filter(&text, &mut r).unwrap_err().message(),
            "Invalid FilterExpression: The expression contains too many operators; operator count: 301"
        );
        let text = vec!["a=:v"; 150].join(" AND ");
        assert!(compile_filter(&text, &mut r).is_ok(), "299 operators are fine");
    }

    #[test]
    fn hundred_thousand_parentheses_fail_cleanly() {
        // Through the public API the 4 KB limit trips first ...
        let text = format!("{}a = :v{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(matches!(condition(&text).unwrap_err().kind, ErrorKind::TooLong { .. }));
        // ... and the parser's own depth guard stops it without the limit.
        let err = parse_condition(&text).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooDeep { max: 32 });
        let nots = format!("{}a = :v", "NOT ".repeat(100_000));
        assert_eq!(parse_condition(&nots).unwrap_err().kind, ErrorKind::TooDeep { max: 32 });
        let calls = format!("{}a{}", "f(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(parse_condition(&calls).unwrap_err().kind, ErrorKind::TooDeep { max: 32 });
        let sets = format!("SET a = {}b{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(parse_update(&sets).unwrap_err().kind, ErrorKind::TooDeep { max: 32 });
    }

    #[test]
    fn the_depth_guard_fits_in_a_small_stack() {
        // The guard must trip long before a 1 MB thread stack runs out (32
        // levels take 256-512 KB in a debug build).
        let handle = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(|| {
                let text = format!("{}a = :v{}", "(".repeat(100_000), ")".repeat(100_000));
                parse_condition(&text).unwrap_err().kind
            })
            .unwrap();
        assert_eq!(handle.join().unwrap(), ErrorKind::TooDeep { max: 32 });
    }

    #[test]
    fn nesting_within_the_guard_works() {
        let text = format!("{}a = :v{}", "(".repeat(31), ")".repeat(31));
        // Parses; the resolver then rejects the doubled parentheses.
        assert!(parse_condition(&text).is_ok());
    }

    #[test]
    #[ignore = "timing: flaky on a loaded 2-core machine; run `cargo test --release -- --ignored parsing_time_is_linear` on an idle one"]
    fn parsing_time_is_linear() {
        // 10x the input must cost well under 100x the time (quadratic). The
        // best of seven runs each (noise only ever adds time) and a threshold
        // halfway on a log scale keep a busy machine from failing the test
        // (linear: about 10x; quadratic: 100x).
        let expr = |n: usize| vec!["a = :v"; n].join(" AND ");
        let time = |n: usize| {
            let text = expr(n);
            (0..7)
                .map(|_| {
                    let start = Instant::now();
                    parse_condition(&text).unwrap();
                    start.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min)
        };
        let (small, large) = (time(4_000), time(40_000));
        assert!(large < small * 32.0 + 0.01, "4k: {small}s, 40k: {large}s");
    }

    #[test]
    fn long_and_chains_do_not_recurse() {
        // Left-associative AND builds an iterative chain, not nested calls.
        let text = vec!["a = :v"; 50_000].join(" AND ");
        assert!(parse_condition(&text).is_ok());
    }
}
