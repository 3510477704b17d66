//! DescribeTable (API Reference, DescribeTable): the table's current
//! description, or ResourceNotFoundException "Requested resource not found:
//! Table: <name> not found". Depends on `table`, `request`.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::db::table_name_of;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::super::table::describe::table_description;

impl Engine {
    /// DescribeTable from its JSON request; returns `{"Table": ...}`.
    pub fn describe_table(&self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let name = super::common::data_table_name(&req)?;
        let table = self
            .tables
            .get(table_name_of(&name))
            .ok_or_else(|| DynamoError::table_not_found_named(&name))?;
        Ok(json!({"Table": table_description(table, table.status)}))
    }
}
