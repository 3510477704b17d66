//! Helpers for this module's tests: items and placeholder maps from
//! DynamoDB JSON, and one-line compile-and-run wrappers. Test-only.

use std::collections::HashMap;

use super::{Resolver, compile_condition, compile_projection, compile_update};
use crate::value::{AttributeValue, Item, item_from_json_str, item_to_json, value_from_json};

/// An item from DynamoDB JSON, e.g. `{"a": {"N": "1"}}`.
pub(crate) fn item(json: &str) -> Item {
    item_from_json_str(json).unwrap_or_else(|e| panic!("bad test item {json}: {e}"))
}

/// `ExpressionAttributeValues` from DynamoDB JSON, e.g. `{":v": {"S": "x"}}`.
pub(crate) fn values(json: &str) -> HashMap<String, AttributeValue> {
    let parsed: serde_json::Value = serde_json::from_str(json).expect("test values are JSON");
    let serde_json::Value::Object(map) = parsed else { panic!("test values must be an object") };
    map.iter().map(|(k, v)| (k.clone(), value_from_json(v, k).expect("valid test value"))).collect()
}

/// `ExpressionAttributeNames` from pairs.
pub(crate) fn names(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect()
}

/// Evaluates `condition` (values as JSON, no names) against `item_json`.
pub(crate) fn holds(condition: &str, values_json: &str, item_json: &str) -> bool {
    let vals = values(values_json);
    let mut resolver =
        Resolver::new(None, Some(&vals).filter(|m| !m.is_empty())).expect("valid placeholders");
    let compiled =
        compile_condition(condition, &mut resolver).unwrap_or_else(|e| panic!("{condition}: {e}"));
    compiled.evaluate(Some(&item(item_json)))
}

/// The error message compiling `condition` gives, including the unused
/// placeholder check.
pub(crate) fn condition_error(
    condition: &str,
    names_pairs: &[(&str, &str)],
    values_json: &str,
) -> String {
    let (n, v) = (names(names_pairs), values(values_json));
    let result =
        Resolver::new(Some(&n).filter(|m| !m.is_empty()), Some(&v).filter(|m| !m.is_empty()))
            .and_then(|mut r| compile_condition(condition, &mut r).and_then(|_| r.finish()));
    match result {
        Ok(()) => panic!("{condition}: expected an error"),
        Err(e) => e.message(),
    }
}

/// Applies `update` (values as JSON, keys `pk`) to `item_json`; returns the
/// new item as DynamoDB JSON text or the error message.
pub(crate) fn updated(update: &str, values_json: &str, item_json: &str) -> Result<String, String> {
    let vals = values(values_json);
    let mut resolver =
        Resolver::new(None, Some(&vals).filter(|m| !m.is_empty())).map_err(|e| e.message())?;
    let compiled = compile_update(update, &mut resolver, &["pk"]).map_err(|e| e.message())?;
    resolver.finish().map_err(|e| e.message())?;
    let mut target = item(item_json);
    compiled.apply(&mut target).map_err(|e| e.message())?;
    Ok(item_to_json(&target).to_string())
}

/// Projects `item_json` with `projection` (names from pairs).
pub(crate) fn projected(
    projection: &str,
    names_pairs: &[(&str, &str)],
    item_json: &str,
) -> Result<String, String> {
    let n = names(names_pairs);
    let mut resolver =
        Resolver::new(Some(&n).filter(|m| !m.is_empty()), None).map_err(|e| e.message())?;
    let compiled = compile_projection(projection, &mut resolver).map_err(|e| e.message())?;
    resolver.finish().map_err(|e| e.message())?;
    Ok(item_to_json(&compiled.apply(&item(item_json))).to_string())
}
