//! Parsed expressions by text, so a client that sends the same
//! `UpdateExpression` or `ConditionExpression` a million times (the
//! simulator, an SDK in a loop) is lexed, parsed and checked once.
//!
//! Only the steps that depend on the text alone are kept by text: length
//! limit, parse, the checks on the syntax tree (`compile::parse_checked_*`).
//! The resolve step, which substitutes the request's
//! `ExpressionAttributeNames` and `Values`, runs again unless the request
//! is the last one's over again: the last update expression resolved on
//! its own (no condition sharing its placeholders) is kept with the
//! text, names, values and key attribute names it was resolved against,
//! and a request with all four equal gets it back. Resolving is a pure
//! function of those four, so answers and error messages are the same with
//! or without the cache. Failed parses and failed resolves are not kept
//! (their error is recomputed, identically, next time). The cache holds at
//! most [`MAX_ENTRIES`] texts of each kind and starts over when full:
//! bounded memory whatever the client sends, and no eviction order to get
//! wrong.
//!
//! Depends on `ast`, `compile`, `update` and `value`.

use std::collections::HashMap;
use std::sync::Arc;

use super::ast::{Expr, UpdateExpr};
use super::compile::{parse_checked_condition, parse_checked_update};
use super::error::ExprError;
use super::update::Update;
use crate::value::AttributeValue;

/// Texts of each kind kept before the cache starts over.
pub(super) const MAX_ENTRIES: usize = 1_024;

/// Parsed condition and update expressions by their text.
#[derive(Debug, Default)]
pub struct ParseCache {
    conditions: HashMap<Box<str>, Arc<Expr>>,
    updates: HashMap<Box<str>, Arc<UpdateExpr>>,
    last_resolved: Option<ResolvedUpdate>,
}

/// An update expression resolved without a condition, and everything the
/// resolve depended on.
#[derive(Debug)]
struct ResolvedUpdate {
    text: Box<str>,
    names: Option<HashMap<String, String>>,
    values: Option<HashMap<String, AttributeValue>>,
    keys: Vec<String>,
    update: Arc<Update>,
}

/// What an update expression is resolved against: the request's
/// `ExpressionAttributeNames` and `Values` and the table's key attribute
/// names.
#[derive(Debug, Clone, Copy)]
pub struct UpdateContext<'a> {
    pub names: Option<&'a HashMap<String, String>>,
    pub values: Option<&'a HashMap<String, AttributeValue>>,
    pub keys: &'a [&'a str],
}

impl ParseCache {
    /// The checked syntax tree of condition (or filter) `text`.
    pub(super) fn condition(&mut self, text: &str) -> Result<Arc<Expr>, ExprError> {
        cached(&mut self.conditions, text, parse_checked_condition)
    }

    /// The syntax tree of update expression `text`.
    pub(super) fn update(&mut self, text: &str) -> Result<Arc<UpdateExpr>, ExprError> {
        cached(&mut self.updates, text, parse_checked_update)
    }

    /// The update `text` resolved against `context`, if the last update
    /// kept by [`ParseCache::keep_resolved`] was resolved from exactly
    /// these (a request with no ConditionExpression).
    pub fn resolved_update(&self, text: &str, context: UpdateContext<'_>) -> Option<Arc<Update>> {
        let last = self.last_resolved.as_ref()?;
        let same = *last.text == *text
            && last.keys.iter().map(String::as_str).eq(context.keys.iter().copied())
            && last.names.as_ref() == context.names
            && last.values.as_ref() == context.values;
        same.then(|| Arc::clone(&last.update))
    }

    /// Keeps `update`, resolved from `text` and `context` alone (no
    /// condition shared the placeholders, and the unused-placeholder check
    /// passed), for [`ParseCache::resolved_update`].
    pub fn keep_resolved(&mut self, text: &str, context: UpdateContext<'_>, update: &Arc<Update>) {
        self.last_resolved = Some(ResolvedUpdate {
            text: text.into(),
            names: context.names.cloned(),
            values: context.values.cloned(),
            keys: context.keys.iter().map(|k| k.to_string()).collect(),
            update: Arc::clone(update),
        });
    }

    /// Texts held (both kinds).
    pub fn len(&self) -> usize {
        self.conditions.len() + self.updates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn cached<T>(
    map: &mut HashMap<Box<str>, Arc<T>>,
    text: &str,
    parse: impl Fn(&str) -> Result<T, ExprError>,
) -> Result<Arc<T>, ExprError> {
    if let Some(hit) = map.get(text) {
        return Ok(Arc::clone(hit));
    }
    let parsed = Arc::new(parse(text)?);
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(text.into(), Arc::clone(&parsed));
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::super::resolve::Resolver;
    use super::super::{
        compile_condition, compile_condition_cached, compile_update, compile_update_cached,
    };
    use super::*;
    use crate::value::{AttributeValue, Item};

    fn values(pairs: &[(&str, AttributeValue)]) -> HashMap<String, AttributeValue> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    // Same answers with and without the cache, for hits, misses and errors,
    // with different values bound to the same text.
    #[test]
    fn cached_compiles_equal_uncached_ones() {
        let mut cache = ParseCache::default();
        let texts = ["SET a = :v", "SET a = :v, b = :v", "SET a = :v REMOVE a", "SET = :v"];
        for v in [AttributeValue::n(1), AttributeValue::s("x")] {
            for text in texts {
                let vals = values(&[(":v", v.clone())]);
                let mut r1 = Resolver::new(None, Some(&vals)).unwrap();
                let mut r2 = Resolver::new(None, Some(&vals)).unwrap();
                let plain = compile_update(text, &mut r1, &["pk"]);
                let cached = compile_update_cached(text, &mut r2, &["pk"], &mut cache);
                match (plain, cached) {
                    (Ok(a), Ok(b)) => {
                        let (mut i1, mut i2) = (Item::new(), Item::new());
                        assert_eq!(a.apply(&mut i1).is_ok(), b.apply(&mut i2).is_ok());
                        assert_eq!(i1, i2, "{text}");
                    }
                    (Err(a), Err(b)) => assert_eq!(a.message(), b.message(), "{text}"),
                    (a, b) => panic!("{text}: {:?} vs {:?}", a.is_ok(), b.is_ok()),
                }
            }
        }
        // The two valid texts (and the overlap error text) parsed once each;
        // failed parses are not kept.
        assert_eq!(cache.len(), 3);
        for text in ["attribute_exists(a)", "a = :v AND", "size(a) > :v"] {
            let vals = values(&[(":v", AttributeValue::n(3))]);
            let mut r1 = Resolver::new(None, Some(&vals)).unwrap();
            let mut r2 = Resolver::new(None, Some(&vals)).unwrap();
            let plain = compile_condition(text, &mut r1).map_err(|e| e.message());
            let cached =
                compile_condition_cached(text, &mut r2, &mut cache).map_err(|e| e.message());
            let item: Item = [("a", AttributeValue::s("abcd"))].into_iter().collect();
            assert_eq!(
                plain.map(|c| c.evaluate(Some(&item))),
                cached.map(|c| c.evaluate(Some(&item)))
            );
        }
    }

    // The kept resolve comes back only for the same text, names, values and
    // key names: any difference resolves afresh.
    #[test]
    fn a_resolved_update_is_reused_only_for_the_same_request() {
        let mut cache = ParseCache::default();
        let vals = values(&[(":v", AttributeValue::n(1))]);
        let names: HashMap<String, String> = [("#a".to_string(), "a".to_string())].into();
        let context = UpdateContext { names: Some(&names), values: Some(&vals), keys: &["pk"] };
        let text = "SET #a = :v";
        assert!(cache.resolved_update(text, context).is_none());
        let mut r = Resolver::new(Some(&names), Some(&vals)).unwrap();
        let update = Arc::new(compile_update_cached(text, &mut r, &["pk"], &mut cache).unwrap());
        cache.keep_resolved(text, context, &update);
        let again = cache.resolved_update(text, context).expect("same request");
        assert!(Arc::ptr_eq(&again, &update));

        let other_vals = values(&[(":v", AttributeValue::n(2))]);
        let other_names: HashMap<String, String> = [("#a".to_string(), "b".to_string())].into();
        for changed in [
            UpdateContext { values: Some(&other_vals), ..context },
            UpdateContext { names: Some(&other_names), ..context },
            UpdateContext { names: None, ..context },
            UpdateContext { keys: &["pk", "sk"], ..context },
            UpdateContext { keys: &["a"], ..context },
        ] {
            assert!(cache.resolved_update(text, changed).is_none(), "{changed:?}");
        }
        assert!(cache.resolved_update("SET #a = :v ", context).is_none());
    }

    #[test]
    fn the_cache_starts_over_when_full() {
        let mut cache = ParseCache::default();
        for i in 0..=MAX_ENTRIES {
            cache.update(&format!("SET a{i} = :v")).unwrap();
        }
        assert_eq!(cache.len(), 1);
    }
}
