//! ListTables (API Reference, ListTables): table names in ascending order,
//! at most `Limit` (1-100, default 100) per page, starting after
//! `ExclusiveStartTableName`; `LastEvaluatedTableName` is set when more
//! names remain. Depends on `request`.

use std::ops::Bound;

use serde_json::{Map, Value, json};

use super::super::Engine;
use super::super::error::DynamoError;
use super::super::request::Request;

/// Most names per ListTables page.
pub const MAX_LIST_TABLES_LIMIT: i64 = 100;

impl Engine {
    /// ListTables from its JSON request.
    pub fn list_tables(&self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let limit = req.i64("Limit")?.unwrap_or(MAX_LIST_TABLES_LIMIT);
        if limit < 1 {
            return Err(DynamoError::constraint(
                &format!("'{limit}'"),
                "limit",
                "Member must have value greater than or equal to 1",
            ));
        }
        if limit > MAX_LIST_TABLES_LIMIT {
            return Err(DynamoError::constraint(
                &format!("'{limit}'"),
                "limit",
                "Member must have value less than or equal to 100",
            ));
        }
        let start = req.str("ExclusiveStartTableName")?;
        let lower = match start {
            Some(s) => Bound::Excluded(s.to_string()),
            None => Bound::Unbounded,
        };
        let mut names = self.tables.range((lower, Bound::Unbounded)).map(|(n, _)| n.clone());
        let page: Vec<String> = names.by_ref().take(limit as usize).collect();
        let mut out = Map::new();
        if names.next().is_some()
            && let Some(last) = page.last()
        {
            out.insert("LastEvaluatedTableName".into(), json!(last));
        }
        out.insert("TableNames".into(), json!(page));
        Ok(Value::Object(out))
    }
}
