//! DynamoDB expressions: condition, filter, key-condition, projection and
//! update expressions, with `ExpressionAttributeNames`/`Values`.
//!
//! Pipeline (style rule 5), one file per step:
//! `lexer` (text to tokens with byte spans) -> `parser` (tokens to the `ast`,
//! syntax only, precedence climbing with a depth guard) -> `resolve`
//! (substitutes `#name`/`:value`, applies DynamoDB's semantic rules, records
//! used placeholders; `update`, `projection` and `key_condition` add their
//! own rules) -> `eval` (conditions), `update_apply` (updates),
//! `projection` (projections). `compile` strings the steps together;
//! `limits` and `reserved` hold DynamoDB's documented limits and reserved
//! words; `path` is the resolved document path; `error` holds every message
//! in DynamoDB's wording and `error_order` picks which of several errors to
//! report, as DynamoDB does. Grammar, semantics and known differences from
//! DynamoDB: docs/expressions.md.
//!
//! # Using it (one UpdateItem request)
//!
//! ```text
//! let mut resolver = Resolver::new(names.as_ref(), values.as_ref())?;
//! let condition = compile_condition(cond_text, &mut resolver)?;   // if given
//! let update = compile_update(update_text, &mut resolver, &["pk", "sk"])?;
//! resolver.finish()?;                       // unused names/values across all
//! if !condition.evaluate(old_item.as_ref()) { /* ConditionalCheckFailed */ }
//! let mut new_item = old_item.clone().unwrap_or(key_item);
//! update.apply(&mut new_item)?;             // ValidationException on error
//! let updated_new = update.updated_projection().apply(&new_item);
//! ```
//!
//! Query: `compile_key_condition(text, &mut r, "pk", Some("sk"))` gives the
//! partition value and a [`SortKeyCondition`]; `compile_filter` and
//! `compile_projection` give a [`Condition`] and a [`Projection`].
//! Every error is an [`ExprError`]; [`ExprError::message`] is the text of
//! DynamoDB's `ValidationException`. Depends on `value` only.

mod ast;
mod cache;
mod compile;
mod error;
mod error_order;
mod eval;
mod key_condition;
mod lexer;
mod limits;
mod parser;
mod path;
mod projection;
mod reserved;
mod resolve;
mod update;
mod update_apply;

#[cfg(test)]
mod golden;
#[cfg(test)]
mod test_support;

pub use ast::{Comparator, Span};
pub use cache::{ParseCache, UpdateContext};
pub use compile::{
    compile_condition, compile_condition_cached, compile_filter, compile_key_condition,
    compile_projection, compile_update, compile_update_cached,
};
pub use error::{ErrorKind, ExprError, ExpressionKind};
pub use eval::Condition;
pub use key_condition::{KeyCondition, SortKeyCondition};
pub use limits::{MAX_EXPRESSION_BYTES, MAX_IN_OPERANDS, MAX_PATH_DEPTH, MAX_UPDATE_OPERATORS};
pub use path::{DocPath, PathStep};
pub use projection::Projection;
pub use resolve::Resolver;
pub use update::Update;
