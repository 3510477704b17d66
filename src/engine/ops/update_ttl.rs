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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::super::test_support::{engine, err, hash_table, ok};

    #[test]
    fn enable_describe_and_disable_ttl() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        assert_eq!(
            ok(&mut e, "DescribeTimeToLive", json!({"TableName": "Tbl"})),
            json!({"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}})
        );
        let spec = json!({"Enabled": true, "AttributeName": "expires"});
        let out = ok(
            &mut e,
            "UpdateTimeToLive",
            json!({"TableName": "Tbl", "TimeToLiveSpecification": spec}),
        );
        assert_eq!(out, json!({"TimeToLiveSpecification": spec}));
        assert_eq!(
            ok(&mut e, "DescribeTimeToLive", json!({"TableName": "Tbl"})),
            json!({"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}})
        );
        assert_eq!(
            err(
                &mut e,
                "UpdateTimeToLive",
                json!({"TableName": "Tbl", "TimeToLiveSpecification": spec})
            )
            .message(),
            "TimeToLive is already enabled"
        );
        ok(
            &mut e,
            "UpdateTimeToLive",
            json!({"TableName": "Tbl", "TimeToLiveSpecification": {"Enabled": false, "AttributeName": "expires"}}),
        );
        assert_eq!(
            err(&mut e, "UpdateTimeToLive", json!({"TableName": "Tbl", "TimeToLiveSpecification": {"Enabled": false, "AttributeName": "expires"}})).message(),
            "TimeToLive is already disabled"
        );
    }

    #[test]
    fn ttl_on_a_missing_table_or_without_specification() {
        let mut e = engine();
        assert_eq!(
            err(&mut e, "DescribeTimeToLive", json!({"TableName": "Nope"})).name(),
            "ResourceNotFoundException"
        );
        hash_table(&mut e, "Tbl");
        assert!(
            err(&mut e, "UpdateTimeToLive", json!({"TableName": "Tbl"}))
                .message()
                .contains("timeToLiveSpecification")
        );
    }
}
