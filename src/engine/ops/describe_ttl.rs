//! DescribeTimeToLive (API Reference, DescribeTimeToLive): TTL status
//! (ENABLED or DISABLED) and attribute name. Changes take effect at once
//! here, so ENABLING/DISABLING are never reported. Depends on `request`.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::error::DynamoError;
use super::super::request::Request;

impl Engine {
    /// DescribeTimeToLive from its JSON request.
    pub fn describe_time_to_live(&self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let name = super::common::data_table_name(&req)?;
        let table = self.table(&name)?;
        let description = match table.def.ttl.as_ref().filter(|t| t.enabled) {
            Some(t) => json!({"TimeToLiveStatus": "ENABLED", "AttributeName": t.attribute}),
            None => json!({"TimeToLiveStatus": "DISABLED"}),
        };
        Ok(json!({"TimeToLiveDescription": description}))
    }
}
