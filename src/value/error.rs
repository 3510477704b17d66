//! Errors for values: a bad number ([`NumberError`]) and a bad DynamoDB
//! JSON attribute value ([`ValueError`], which carries the path to the
//! offending value, such as `Tags.L[2].N`).
//!
//! `message()` returns the text DynamoDB itself sends in its
//! ValidationException (as recorded by dynalite's tests against the live
//! service, mhart/dynalite `validations/index.js`); `Display` prefixes the
//! path for humans. Depends on nothing.

use thiserror::Error;

/// Why a number was rejected, with DynamoDB's ValidationException text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum NumberError {
    #[error("A value provided cannot be converted into a number")]
    NotANumber,
    #[error(
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    )]
    Overflow,
    #[error(
        "Number underflow. Attempting to store a number with magnitude smaller than supported range"
    )]
    Underflow,
    #[error("Attempting to store more than 38 significant digits in a Number")]
    TooManyDigits,
}

/// What was wrong with an attribute value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueErrorKind {
    /// The value is not a JSON object (e.g. `"x"` instead of `{"S":"x"}`).
    NotAnObject,
    /// `{}` or only unknown type tags: no data type set.
    NoType { unknown_tags: Vec<String> },
    /// More than one data type set, e.g. `{"S":"a","N":"1"}`.
    MultipleTypes,
    /// The JSON under a type tag has the wrong JSON type (`{"S": 5}`).
    WrongJsonType { tag: &'static str, expected: &'static str },
    /// `{"NULL": false}`.
    NullNotTrue,
    /// A number that does not parse or is out of DynamoDB's limits.
    Number(NumberError),
    /// A B/BS member that is not valid base64.
    InvalidBase64,
    /// An empty SS/NS/BS.
    EmptySet { tag: &'static str },
    /// A set with a repeated member; `members` is the set as written.
    DuplicateSetMember { members: String },
    /// L/M nested deeper than DynamoDB's 32 levels.
    TooDeep,
    /// An item (or key) that is not a JSON object of attributes.
    ItemNotAnObject,
    /// The text is not JSON at all.
    Syntax { message: String },
}

/// A rejected attribute value and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{path}: {}", self.message())]
pub struct ValueError {
    /// Path to the value, e.g. `Tags.L[2].N` (empty for the whole item).
    pub path: String,
    pub kind: ValueErrorKind,
}

impl ValueError {
    pub(crate) fn new(path: impl Into<String>, kind: ValueErrorKind) -> ValueError {
        ValueError { path: path.into(), kind }
    }

    /// True when DynamoDB reports this as a SerializationException (the
    /// request body's JSON shape is wrong) rather than a
    /// ValidationException.
    pub fn is_serialization(&self) -> bool {
        matches!(
            self.kind,
            ValueErrorKind::NotAnObject
                | ValueErrorKind::WrongJsonType { .. }
                | ValueErrorKind::InvalidBase64
                | ValueErrorKind::ItemNotAnObject
                | ValueErrorKind::Syntax { .. }
        )
    }

    /// The message DynamoDB sends for this error.
    pub fn message(&self) -> String {
        const INVALID: &str = "One or more parameter values were invalid: ";
        match &self.kind {
            ValueErrorKind::NotAnObject => {
                "Unexpected value type in payload: expected an AttributeValue object".to_string()
            }
            ValueErrorKind::NoType { .. } => "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes".to_string(),
            ValueErrorKind::MultipleTypes => "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes".to_string(),
            ValueErrorKind::WrongJsonType { tag, expected } => {
                format!("Unexpected value type in payload: {tag} must be {expected}")
            }
            ValueErrorKind::NullNotTrue => {
                format!("{INVALID}Null attribute value types must have the value of true")
            }
            ValueErrorKind::Number(e) => e.to_string(),
            ValueErrorKind::InvalidBase64 => "Base64 encoded value is not valid".to_string(),
            ValueErrorKind::EmptySet { tag } => {
                let kind = match *tag {
                    "SS" => "string",
                    "NS" => "number",
                    _ => "binary",
                };
                // DynamoDB's own text, including "An" and the double space.
                format!("{INVALID}An {kind} set  may not be empty")
            }
            ValueErrorKind::DuplicateSetMember { members } => {
                format!("{INVALID}Input collection {members} contains duplicates.")
            }
            ValueErrorKind::TooDeep => "Nesting Levels have exceeded supported limits".to_string(),
            ValueErrorKind::ItemNotAnObject => {
                "Unexpected value type in payload: expected a map of attribute names to values"
                    .to_string()
            }
            ValueErrorKind::Syntax { message } => format!("Invalid JSON: {message}"),
        }
    }
}
