//! DeleteTable (API Reference, DeleteTable): remove a table and its items;
//! the response reports TableStatus DELETING. A table with deletion
//! protection enabled cannot be deleted. Depends on `table`, `request`.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::db::table_name_of;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::super::table::TableStatus;
use super::super::table::describe::table_description;

impl Engine {
    /// DeleteTable from its JSON request; returns `{"TableDescription": ...}`.
    pub fn delete_table(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let name = super::common::data_table_name(&req)?;
        let key = table_name_of(&name).to_string();
        let table =
            self.tables.get(&key).ok_or_else(|| DynamoError::table_not_found_named(&name))?;
        if table.def.deletion_protection {
            return Err(DynamoError::validation(
                "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
            ));
        }
        let table = self.tables.remove(&key).expect("checked above");
        Ok(json!({"TableDescription": table_description(&table, TableStatus::Deleting)}))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::super::test_support::{engine, err, hash_table, ok};

    #[test]
    fn delete_table_reports_deleting_and_removes_the_table() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let out = ok(&mut e, "DeleteTable", json!({"TableName": "Tbl"}));
        assert_eq!(out["TableDescription"]["TableStatus"], json!("DELETING"));
        assert_eq!(
            err(&mut e, "DescribeTable", json!({"TableName": "Tbl"})).name(),
            "ResourceNotFoundException"
        );
        assert_eq!(
            err(&mut e, "DeleteTable", json!({"TableName": "Tbl"})).message(),
            "Requested resource not found: Table: Tbl not found"
        );
    }

    #[test]
    fn deletion_protection_blocks_delete_until_disabled() {
        let mut e = engine();
        ok(
            &mut e,
            "CreateTable",
            json!({
                "TableName": "Tbl", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
                "DeletionProtectionEnabled": true
            }),
        );
        assert!(
            err(&mut e, "DeleteTable", json!({"TableName": "Tbl"}))
                .message()
                .contains("protected against deletion")
        );
        ok(&mut e, "UpdateTable", json!({"TableName": "Tbl", "DeletionProtectionEnabled": false}));
        ok(&mut e, "DeleteTable", json!({"TableName": "Tbl"}));
    }
}
