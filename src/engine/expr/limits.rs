//! DynamoDB's documented limits on expressions, as constants with their
//! source, and the checks that need no parsing.
//!
//! Developer Guide, "Constraints in Amazon DynamoDB", section "Expression
//! parameters" (<https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html>):
//! - "The maximum length of any expression string is 4 KB. For example, the
//!   size of the ConditionExpression a=b is 3 bytes."
//! - "The maximum length of any single expression attribute name or
//!   expression attribute value is 255 bytes. For example, #name is five
//!   bytes; :val is four bytes."
//! - "The maximum number of operators or functions allowed in an
//!   UpdateExpression is 300."
//! - "The maximum number of operands for the IN comparator is 100."
//! - Nested attributes: "DynamoDB supports nested attributes up to 32 levels deep."
//!
//! [`MAX_NESTING`] is ours: a recursion guard for the parser so hostile
//! input cannot overflow the stack even if the 4 KB check is bypassed.
//! DynamoDB documents no nesting limit; we allow 32 levels of parentheses,
//! `NOT` and function calls (the same number as document path levels),
//! which takes 256-512 KB of stack in a debug build, far less in release.
//! Deeper input is rejected with our own message (`TooDeep`).
//! Depends on `error`.

use super::error::{ErrorKind, ExprError};

/// Maximum expression length in bytes (4 KB).
pub const MAX_EXPRESSION_BYTES: usize = 4 * 1024;
/// Maximum length of one placeholder (`#name` or `:value`) in bytes.
pub(crate) const MAX_PLACEHOLDER_BYTES: usize = 255;
/// Maximum number of operators and functions in one update expression.
pub const MAX_UPDATE_OPERATORS: usize = 300;
/// Maximum number of operands in the list of an `IN`.
pub const MAX_IN_OPERANDS: usize = 100;
/// Maximum number of elements in a document path (nesting levels).
pub const MAX_PATH_DEPTH: usize = 32;
/// Maximum parser recursion depth (ours; see the module doc).
pub(crate) const MAX_NESTING: usize = 32;

/// Rejects empty and over-long expression text before any parsing.
pub(crate) fn check_expression_text(text: &str) -> Result<(), ExprError> {
    if text.is_empty() {
        return Err(ExprError::new(ErrorKind::Empty));
    }
    if text.len() > MAX_EXPRESSION_BYTES {
        return Err(ExprError::new(ErrorKind::TooLong { size: text.len() }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_kb_is_allowed_one_more_byte_is_not() {
        // Constraints: "The maximum length of any expression string is 4 KB."
        assert!(check_expression_text(&"a".repeat(4096)).is_ok());
        let err = check_expression_text(&"a".repeat(4097)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooLong { size: 4097 });
    }

    #[test]
    fn length_is_counted_in_bytes() {
        // "the size of the ConditionExpression a=b is 3 bytes": bytes, so a
        // two-byte character counts twice.
        assert!(check_expression_text(&"é".repeat(2048)).is_ok());
        assert!(check_expression_text(&"é".repeat(2049)).is_err());
    }

    #[test]
    fn empty_expression_is_rejected() {
        assert_eq!(check_expression_text("").unwrap_err().kind, ErrorKind::Empty);
    }
}
