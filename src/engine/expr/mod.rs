//! DynamoDB expressions: lexer, parser, resolution of `#names`/`:values`,
//! and evaluation of condition, filter, key-condition, projection and update
//! expressions.

mod ast;
mod error;
mod lexer;
mod limits;
mod parser;
mod reserved;

pub use ast::Span;
pub use error::{ErrorKind, ExprError, ExpressionKind};
