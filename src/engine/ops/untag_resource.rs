//! UntagResource (API Reference, UntagResource): remove tags by key from a
//! table named by its ARN; keys that are not present are ignored.
//! Depends on `request`.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::error::DynamoError;
use super::super::request::Request;

impl Engine {
    /// UntagResource from its JSON request; returns `{}`.
    pub fn untag_resource(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let keys: Vec<String> = req
            .strings("TagKeys")?
            .ok_or_else(|| DynamoError::missing("tagKeys"))?
            .into_iter()
            .map(str::to_string)
            .collect();
        let table = self.table_by_arn(&req)?;
        table.def.tags.retain(|(k, _)| !keys.contains(k));
        Ok(json!({}))
    }
}
