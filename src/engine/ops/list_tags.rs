//! ListTagsOfResource (API Reference, ListTagsOfResource): a table's tags
//! as `[{"Key", "Value"}]` in the order they were added (all on one page;
//! at most 50 exist). Depends on `request`.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::error::DynamoError;
use super::super::request::Request;

impl Engine {
    /// ListTagsOfResource from its JSON request.
    pub fn list_tags_of_resource(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let table = self.table_by_arn(&req)?;
        let tags: Vec<Value> =
            table.def.tags.iter().map(|(k, v)| json!({"Key": k, "Value": v})).collect();
        Ok(json!({"Tags": tags}))
    }
}
