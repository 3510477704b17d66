//! DescribeTable (API Reference, DescribeTable): the table's current
//! description, or ResourceNotFoundException "Requested resource not found:
//! Table: `<name>` not found". Depends on `table`, `request`.

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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::super::test_support::{engine, err, hash_table, ok};

    #[test]
    fn missing_table_names_the_table() {
        let mut e = engine();
        let x = err(&mut e, "DescribeTable", json!({"TableName": "Nope"}));
        assert_eq!(x.message(), "Requested resource not found: Table: Nope not found");
    }

    // DescribeTable: ItemCount and TableSizeBytes (exact here; DynamoDB
    // updates them about every six hours).
    #[test]
    fn item_count_and_size_follow_writes() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "a"}, "v": {"S": "xyz"}}}),
        );
        ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": {"pk": {"S": "b"}}}));
        let t = &ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}))["Table"];
        assert_eq!(t["ItemCount"], json!(2));
        // "pk"+"a" (3) + "v"+"xyz" (4) + "pk"+"b" (3)
        assert_eq!(t["TableSizeBytes"], json!(10));
    }
}
