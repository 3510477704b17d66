//! CreateTable (API Reference, CreateTable): validate the definition
//! (`table::create`), refuse a name already in use (ResourceInUseException
//! "Table already exists: <name>"), and add the table.
//!
//! The response reports TableStatus CREATING, as DynamoDB does; this engine
//! has nothing to wait for, so the table is ACTIVE and usable at once.
//! Depends on `table`, `request`.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::super::table::create::{TablePlacement, parse_create_table};
use super::super::table::describe::table_description;
use super::super::table::{Table, TableStatus};

impl Engine {
    /// CreateTable from its JSON request; returns `{"TableDescription": ...}`.
    pub fn create_table(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let table_id = format!("00000000-0000-4000-8000-{:012x}", self.tables_created + 1);
        let placement = TablePlacement {
            region: &self.region,
            account: &self.account,
            now: self.now(),
            table_id,
        };
        let def = parse_create_table(&req, placement)?;
        if self.tables.contains_key(&def.name) {
            return Err(DynamoError::ResourceInUse(format!("Table already exists: {}", def.name)));
        }
        self.tables_created += 1;
        let table = Table::new(def);
        let description = table_description(&table, TableStatus::Creating);
        self.tables.insert(table.def.name.clone(), table);
        Ok(json!({"TableDescription": description}))
    }
}
