//! [`ExprError`]: every way an expression can be rejected, with DynamoDB's
//! own ValidationException wording.
//!
//! [`ExprError::message`] is the full text DynamoDB puts in the
//! `ValidationException` message, e.g.
//! `Invalid UpdateExpression: Syntax error; token: "=", near: "a = ="`.
//! Parse and resolve errors carry the expression they came from (which adds
//! the `Invalid <Name>Expression: ` prefix) and, where it helps, the byte span
//! of the offending text. Errors that DynamoDB reports without a prefix
//! (unused placeholders, key attribute updates, key-condition shape, errors
//! raised while applying an update) have [`ErrorKind::is_prefixed`] false.
//!
//! Wording sources: the DynamoDB Developer Guide where it quotes a message,
//! and dynalite (architect/dynalite `db/*.pegjs`, `db/index.js`,
//! `actions/updateItem.js`), whose messages were recorded against the live
//! service. Messages marked "(ours)" have no known DynamoDB wording; see
//! docs/expressions.md. Depends on `ast` (for [`Span`]).

use std::fmt;

use thiserror::Error;

use super::ast::Span;

/// Which request parameter an expression came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpressionKind {
    Condition,
    Filter,
    KeyCondition,
    Projection,
    Update,
}

impl ExpressionKind {
    /// The request parameter name, e.g. `ConditionExpression`.
    pub fn parameter(self) -> &'static str {
        match self {
            ExpressionKind::Condition => "ConditionExpression",
            ExpressionKind::Filter => "FilterExpression",
            ExpressionKind::KeyCondition => "KeyConditionExpression",
            ExpressionKind::Projection => "ProjectionExpression",
            ExpressionKind::Update => "UpdateExpression",
        }
    }
}

/// What went wrong. `Display` is the message text after the
/// `Invalid XExpression: ` prefix.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ErrorKind {
    // ----- size and shape limits (limits.rs) -----
    #[error("The expression can not be empty;")]
    Empty,
    /// Developer Guide, Constraints: "The maximum length of any expression
    /// string is 4 KB."
    #[error("Expression size has exceeded the maximum allowed size; expression size: {size}")]
    TooLong { size: usize },
    /// (ours) Parser recursion guard; DynamoDB's 4 KB limit usually trips first.
    #[error("The expression is nested too deeply; maximum nesting depth: {max}")]
    TooDeep { max: usize },
    /// (ours) Developer Guide: "The maximum number of operands for the IN
    /// comparator is 100."
    #[error("The IN operator has too many operands; maximum: {max}, found: {found}")]
    TooManyInOperands { max: usize, found: usize },
    /// (ours) Developer Guide: nested attributes up to 32 levels deep.
    #[error("The document path is nested too deeply; maximum depth: {max}, path: {path}")]
    PathTooDeep { max: usize, path: String },
    /// Developer Guide: "The maximum number of operators or functions allowed
    /// in an UpdateExpression is 300." Users report DynamoDB answering with
    /// the expression-size message.
    #[error(
        "Expression size has exceeded the maximum allowed size; operators or functions: {count}"
    )]
    TooManyOperators { count: usize },
    /// (ours) Developer Guide: "The maximum length of any single expression
    /// attribute name or expression attribute value is 255 bytes."
    #[error(
        "ExpressionAttribute{which} contains invalid key: key is longer than 255 bytes; key: \"{key}\""
    )]
    PlaceholderTooLong { which: &'static str, key: String },
    /// dynalite `test/putItem.js`: an empty map is rejected before anything else.
    #[error("ExpressionAttribute{which} must not be empty")]
    EmptyPlaceholderMap { which: &'static str },
    /// dynalite `db/index.js`: keys must be `#`/`:` followed by [0-9a-zA-Z_].
    #[error("ExpressionAttribute{which} contains invalid key: Syntax error; key: \"{key}\"")]
    InvalidPlaceholderKey { which: &'static str, key: String },

    // ----- syntax (parser.rs) -----
    #[error("Syntax error; token: \"{token}\", near: \"{near}\"")]
    Syntax { token: String, near: String },
    #[error("The expression has redundant parentheses;")]
    RedundantParentheses,
    #[error("The \"{section}\" section can only be used once in an update expression;")]
    DuplicateSection { section: &'static str },

    // ----- names and values (resolve.rs) -----
    #[error("Attribute name is a reserved keyword; reserved keyword: {word}")]
    ReservedKeyword { word: String },
    #[error(
        "An expression attribute name used in the document path is not defined; attribute name: {name}"
    )]
    UndefinedName { name: String },
    #[error(
        "An expression attribute value used in expression is not defined; attribute value: {name}"
    )]
    UndefinedValue { name: String },
    #[error("Value provided in ExpressionAttributeNames unused in expressions: keys: {{{}}}", keys.join(", "))]
    UnusedNames { keys: Vec<String> },
    #[error("Value provided in ExpressionAttributeValues unused in expressions: keys: {{{}}}", keys.join(", "))]
    UnusedValues { keys: Vec<String> },

    // ----- functions and operators (resolve.rs) -----
    #[error("Invalid function name; function: {name}")]
    UnknownFunction { name: String },
    #[error(
        "Incorrect number of operands for operator or function; operator or function: {name}, number of operands: {count}"
    )]
    WrongOperandCount { name: String, count: usize },
    #[error("Operator or function requires a document path; operator or function: {name}")]
    NeedsPath { name: String },
    #[error(
        "Incorrect operand type for operator or function; operator or function: {name}, operand type: {type_tag}"
    )]
    OperandType { name: String, type_tag: String },
    #[error(
        "Incorrect operand type for operator or function; operator: {operator}, operand type: {type_name}"
    )]
    UpdateOperandType { operator: &'static str, type_name: &'static str },
    #[error(
        "Invalid attribute type name found; type: {name}, valid types: {{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}"
    )]
    InvalidTypeName { name: String },
    #[error("The function is not allowed to be used this way in an expression; function: {name}")]
    MisusedFunction { name: String },
    #[error(
        "The first operand must be distinct from the remaining operands for this operator or function; operator: {operator}, first operand: {path}"
    )]
    NotDistinct { operator: String, path: String },
    #[error(
        "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {low}, upper bound operand: AttributeValue: {high}"
    )]
    BetweenTypes { low: String, high: String },
    #[error(
        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {low}, upper bound operand: AttributeValue: {high}"
    )]
    BetweenOrder { low: String, high: String },

    // ----- update paths (resolve.rs) -----
    #[error(
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {one}, path two: {two}"
    )]
    PathOverlap { one: String, two: String },
    #[error(
        "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: {one}, path two: {two}"
    )]
    PathConflict { one: String, two: String },
    #[error(
        "One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key"
    )]
    KeyAttributeUpdate { name: String },

    // ----- key conditions (key_condition.rs) -----
    #[error("Invalid operator used in KeyConditionExpression: {operator}")]
    KeyOperator { operator: String },
    #[error("KeyConditionExpressions cannot contain nested operations")]
    KeyNestedOperation,
    #[error("KeyConditionExpressions cannot have conditions on nested attributes")]
    KeyNestedAttribute,
    #[error(
        "Invalid condition in KeyConditionExpression: {operator} operator must have the key attribute as its first operand"
    )]
    KeyFirstOperand { operator: String },
    #[error(
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
    )]
    KeyMultipleNames,
    #[error("Invalid condition in KeyConditionExpression: No key attribute specified")]
    KeyNoAttribute,
    #[error("KeyConditionExpressions must only contain one condition per key")]
    KeyOneConditionPerKey,
    #[error("Query condition missed key schema element: {name}")]
    KeyMissedElement { name: String },
    #[error("Query key condition not supported")]
    KeyNotSupported,

    // ----- applying an update to an item (update.rs) -----
    #[error("The provided expression refers to an attribute that does not exist in the item")]
    MissingAttribute,
    #[error("An operand in the update expression has an incorrect data type")]
    IncorrectOperandType,
    #[error("The document path provided in the update expression is invalid for update")]
    InvalidDocumentPath,
    /// A number result outside DynamoDB's range (value module's wording).
    #[error("{0}")]
    Number(String),
}

impl ErrorKind {
    /// Whether DynamoDB prefixes this message with `Invalid XExpression: `.
    pub fn is_prefixed(&self) -> bool {
        !matches!(
            self,
            ErrorKind::UnusedNames { .. }
                | ErrorKind::UnusedValues { .. }
                | ErrorKind::EmptyPlaceholderMap { .. }
                | ErrorKind::InvalidPlaceholderKey { .. }
                | ErrorKind::PlaceholderTooLong { .. }
                | ErrorKind::KeyAttributeUpdate { .. }
                | ErrorKind::KeyOperator { .. }
                | ErrorKind::KeyNestedOperation
                | ErrorKind::KeyNestedAttribute
                | ErrorKind::KeyFirstOperand { .. }
                | ErrorKind::KeyMultipleNames
                | ErrorKind::KeyNoAttribute
                | ErrorKind::KeyOneConditionPerKey
                | ErrorKind::KeyMissedElement { .. }
                | ErrorKind::KeyNotSupported
                | ErrorKind::MissingAttribute
                | ErrorKind::IncorrectOperandType
                | ErrorKind::InvalidDocumentPath
                | ErrorKind::Number(_)
        )
    }
}

/// An expression was rejected: DynamoDB answers `ValidationException` with
/// [`ExprError::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub kind: ErrorKind,
    /// The expression parameter the error belongs to, if any.
    pub expression: Option<ExpressionKind>,
    /// Byte range of the offending text within that expression.
    pub span: Option<Span>,
}

impl ExprError {
    pub(crate) fn new(kind: ErrorKind) -> ExprError {
        ExprError { kind, expression: None, span: None }
    }

    pub(crate) fn at(kind: ErrorKind, span: Span) -> ExprError {
        ExprError { kind, expression: None, span: Some(span) }
    }

    /// Attaches the expression parameter (first one wins).
    pub(crate) fn in_expression(mut self, expression: ExpressionKind) -> ExprError {
        self.expression.get_or_insert(expression);
        self
    }

    /// DynamoDB's full ValidationException message.
    pub fn message(&self) -> String {
        match self.expression {
            Some(e) if self.kind.is_prefixed() => {
                format!("Invalid {}: {}", e.parameter(), self.kind)
            }
            _ => self.kind.to_string(),
        }
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())?;
        if let Some(span) = self.span {
            write!(f, " (at bytes {}..{})", span.start, span.end)?;
        }
        Ok(())
    }
}

impl std::error::Error for ExprError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_is_prefixed_with_the_parameter_name() {
        // dynalite db/index.js: 'Invalid UpdateExpression: ' + parse error.
        let e = ExprError::new(ErrorKind::Syntax { token: "=".into(), near: "a = =".into() })
            .in_expression(ExpressionKind::Update);
        assert_eq!(
            e.message(),
            "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"a = =\""
        );
    }

    #[test]
    fn unused_values_are_not_prefixed() {
        // dynalite db/index.js: the unused check runs after all expressions.
        let e = ExprError::new(ErrorKind::UnusedValues { keys: vec![":v".into(), ":w".into()] })
            .in_expression(ExpressionKind::Condition);
        assert_eq!(
            e.message(),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v, :w}"
        );
    }

    #[test]
    fn first_expression_wins() {
        let e = ExprError::new(ErrorKind::Empty)
            .in_expression(ExpressionKind::Filter)
            .in_expression(ExpressionKind::Update);
        assert_eq!(e.message(), "Invalid FilterExpression: The expression can not be empty;");
    }
}
