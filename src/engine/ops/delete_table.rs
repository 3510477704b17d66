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
