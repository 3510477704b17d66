//! Reading a DynamoDB JSON request body: typed accessors for its members
//! that fail the way DynamoDB does (a member of the wrong JSON type is a
//! SerializationException; a missing required member is a
//! ValidationException "Member must not be null").
//!
//! Member names are PascalCase in the body (`TableName`) and camelCase in
//! DynamoDB's constraint messages (`tableName`). Depends on `value`, `error`.

use serde_json::{Map, Value};

use crate::value::{AttributeMap, Item, item_from_json};

use super::error::DynamoError;

/// A request body, checked to be a JSON object.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    body: &'a Map<String, Value>,
}

/// `TableName` -> `tableName`, as DynamoDB names members in messages.
pub(crate) fn camel(member: &str) -> String {
    let mut chars = member.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn wrong_type(member: &str, expected: &str) -> DynamoError {
    DynamoError::Serialization(format!("Unexpected value type for {member}: expected {expected}"))
}

impl<'a> Request<'a> {
    pub fn new(body: &'a Value) -> Result<Request<'a>, DynamoError> {
        match body {
            Value::Object(body) => Ok(Request { body }),
            _ => Err(DynamoError::Serialization("Request body must be a JSON object".into())),
        }
    }

    /// Every member, in request order (for maps keyed by table name).
    pub fn members(&self) -> &'a Map<String, Value> {
        self.body
    }

    /// The raw member, treating JSON null as absent.
    pub fn raw(&self, member: &str) -> Option<&'a Value> {
        self.body.get(member).filter(|v| !v.is_null())
    }

    pub fn has(&self, member: &str) -> bool {
        self.raw(member).is_some()
    }

    pub fn str(&self, member: &str) -> Result<Option<&'a str>, DynamoError> {
        match self.raw(member) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(wrong_type(member, "a string")),
        }
    }

    pub fn required_str(&self, member: &str) -> Result<&'a str, DynamoError> {
        self.str(member)?.ok_or_else(|| DynamoError::missing(&camel(member)))
    }

    pub fn bool(&self, member: &str) -> Result<Option<bool>, DynamoError> {
        match self.raw(member) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(wrong_type(member, "a boolean")),
        }
    }

    /// A whole number (DynamoDB's Long/Integer members).
    pub fn i64(&self, member: &str) -> Result<Option<i64>, DynamoError> {
        match self.raw(member) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                .map(Some)
                .ok_or_else(|| wrong_type(member, "an integer")),
            Some(_) => Err(wrong_type(member, "an integer")),
        }
    }

    pub fn object(&self, member: &str) -> Result<Option<Request<'a>>, DynamoError> {
        match self.raw(member) {
            None => Ok(None),
            Some(Value::Object(body)) => Ok(Some(Request { body })),
            Some(_) => Err(wrong_type(member, "an object")),
        }
    }

    pub fn array(&self, member: &str) -> Result<Option<&'a Vec<Value>>, DynamoError> {
        match self.raw(member) {
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(_) => Err(wrong_type(member, "an array")),
        }
    }

    /// Each element of an array member as a request object.
    pub fn objects(&self, member: &str) -> Result<Option<Vec<Request<'a>>>, DynamoError> {
        let Some(items) = self.array(member)? else { return Ok(None) };
        items.iter().map(Request::new).collect::<Result<Vec<_>, _>>().map(Some)
    }

    /// An array of strings.
    pub fn strings(&self, member: &str) -> Result<Option<Vec<&'a str>>, DynamoError> {
        let Some(items) = self.array(member)? else { return Ok(None) };
        items
            .iter()
            .map(|v| v.as_str().ok_or_else(|| wrong_type(member, "an array of strings")))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A map of attribute names to DynamoDB JSON values (Item, Key).
    pub fn item(&self, member: &str) -> Result<Option<Item>, DynamoError> {
        match self.raw(member) {
            None => Ok(None),
            Some(v @ Value::Object(_)) => Ok(Some(item_from_json(v)?)),
            Some(_) => Err(wrong_type(member, "a map of attribute values")),
        }
    }

    /// A map of strings to strings (ExpressionAttributeNames).
    pub fn string_map(&self, member: &str) -> Result<Option<Vec<(String, String)>>, DynamoError> {
        let Some(map) = self.object(member)? else { return Ok(None) };
        map.body
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|s| (k.clone(), s.to_string()))
                    .ok_or_else(|| wrong_type(member, "a map of strings"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// ExpressionAttributeValues: a map of placeholders to attribute values.
    pub fn value_map(&self, member: &str) -> Result<Option<AttributeMap>, DynamoError> {
        self.item(member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_of_the_wrong_json_type_are_serialization_errors() {
        let body = json!({"TableName": 5, "Limit": "x", "Item": []});
        let r = Request::new(&body).unwrap();
        assert_eq!(r.str("TableName").unwrap_err().name(), "SerializationException");
        assert_eq!(r.i64("Limit").unwrap_err().name(), "SerializationException");
        assert_eq!(r.item("Item").unwrap_err().name(), "SerializationException");
    }

    #[test]
    fn missing_required_member_is_member_must_not_be_null() {
        let body = json!({"TableName": null});
        let r = Request::new(&body).unwrap();
        assert_eq!(
            r.required_str("TableName").unwrap_err().message(),
            "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
        );
    }

    #[test]
    fn items_are_parsed_and_validated() {
        let body = json!({"Item": {"id": {"S": "1"}}, "Bad": {"x": {"SS": []}}});
        let r = Request::new(&body).unwrap();
        assert_eq!(r.item("Item").unwrap().unwrap().len(), 1);
        assert_eq!(r.item("Bad").unwrap_err().name(), "ValidationException");
        assert!(Request::new(&json!([])).is_err());
    }
}
