//! UpdateTimeToLive (API Reference, UpdateTimeToLive): enable or disable
//! TTL on a table, naming the attribute that holds each item's expiry
//! (epoch seconds). Enabling an enabled TTL or disabling a disabled one is
//! rejected. Expiry itself (deleting items whose TTL has passed) is not
//! implemented yet. Depends on `table`, `request`.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::super::table::definition::TtlSpec;

impl Engine {
    /// UpdateTimeToLive from its JSON request.
    pub fn update_time_to_live(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let name = super::common::data_table_name(&req)?;
        let spec = req
            .object("TimeToLiveSpecification")?
            .ok_or_else(|| DynamoError::missing("timeToLiveSpecification"))?;
        let enabled = spec
            .bool("Enabled")?
            .ok_or_else(|| DynamoError::missing("timeToLiveSpecification.enabled"))?;
        let attribute = spec.required_str("AttributeName")?.to_string();
        if attribute.is_empty() || attribute.len() > 255 {
            return Err(DynamoError::constraint(
                &format!("'{attribute}'"),
                "timeToLiveSpecification.attributeName",
                "Member must have length between 1 and 255",
            ));
        }
        let table = self.table_mut(&name)?;
        let currently = table.def.ttl.as_ref().filter(|t| t.enabled);
        match (currently, enabled) {
            (Some(_), true) => {
                return Err(DynamoError::validation("TimeToLive is already enabled"));
            }
            (None, false) => return Err(DynamoError::validation("TimeToLive is already disabled")),
            (Some(t), false) if t.attribute != attribute => {
                return Err(DynamoError::validation(format!(
                    "TimeToLive is enabled on attribute {}; disable it with that attribute name",
                    t.attribute
                )));
            }
            _ => {}
        }
        table.def.ttl = Some(TtlSpec { enabled, attribute: attribute.clone() });
        Ok(json!({"TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": attribute}}))
    }
}
