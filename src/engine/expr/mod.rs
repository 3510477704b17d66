//! DynamoDB expressions: lexer, parser, resolution of `#names`/`:values`,
//! and evaluation of condition, filter, key-condition, projection and update
//! expressions.
