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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::super::test_support::{engine, err, hash_table, ok};

    // ListTables: "LastEvaluatedTableName ... Use this value as the
    // ExclusiveStartTableName in a new request to obtain more results".
    #[test]
    fn pages_through_names_in_order() {
        let mut e = engine();
        for n in ["ccc", "aaa", "bbb", "ddd", "eee"] {
            hash_table(&mut e, n);
        }
        let p1 = ok(&mut e, "ListTables", json!({"Limit": 2}));
        assert_eq!(p1, json!({"TableNames": ["aaa", "bbb"], "LastEvaluatedTableName": "bbb"}));
        let p2 = ok(&mut e, "ListTables", json!({"Limit": 2, "ExclusiveStartTableName": "bbb"}));
        assert_eq!(p2, json!({"TableNames": ["ccc", "ddd"], "LastEvaluatedTableName": "ddd"}));
        let p3 = ok(&mut e, "ListTables", json!({"Limit": 2, "ExclusiveStartTableName": "ddd"}));
        assert_eq!(p3, json!({"TableNames": ["eee"]}));
        assert_eq!(ok(&mut e, "ListTables", json!({}))["TableNames"].as_array().unwrap().len(), 5);
    }

    #[test]
    fn exact_page_has_no_last_evaluated_name() {
        let mut e = engine();
        hash_table(&mut e, "aaa");
        hash_table(&mut e, "bbb");
        assert_eq!(
            ok(&mut e, "ListTables", json!({"Limit": 2})),
            json!({"TableNames": ["aaa", "bbb"]})
        );
        assert_eq!(ok(&mut engine(), "ListTables", json!({})), json!({"TableNames": []}));
    }

    #[test]
    fn limit_must_be_1_to_100() {
        let mut e = engine();
        assert!(
            err(&mut e, "ListTables", json!({"Limit": 0}))
                .message()
                .contains("greater than or equal to 1")
        );
        assert!(
            err(&mut e, "ListTables", json!({"Limit": 101}))
                .message()
                .contains("less than or equal to 100")
        );
    }
}
