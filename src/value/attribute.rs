//! [`AttributeValue`], every DynamoDB data type, and [`AttributeMap`], the
//! map of attribute names to values that is both an item ([`Item`]) and the
//! payload of an `M` value.
//!
//! Data types (Developer Guide, "Supported data types and naming rules"):
//! scalar S, N, B, BOOL, NULL; document L, M; set SS, NS, BS. Sets hold
//! distinct members of one type and are never empty; they are kept sorted
//! (DynamoDB does not preserve set order), which also makes membership tests
//! and set equality cheap. Depends on `number`.

use std::collections::BTreeSet;

use super::number::Number;

/// One DynamoDB attribute value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeValue {
    S(String),
    N(Number),
    B(Vec<u8>),
    Bool(bool),
    Null,
    L(Vec<AttributeValue>),
    M(AttributeMap),
    Ss(BTreeSet<String>),
    Ns(BTreeSet<Number>),
    Bs(BTreeSet<Vec<u8>>),
}

impl AttributeValue {
    /// The DynamoDB JSON type tag: "S", "N", "B", "BOOL", "NULL", "L", "M",
    /// "SS", "NS" or "BS".
    pub fn type_tag(&self) -> &'static str {
        match self {
            AttributeValue::S(_) => "S",
            AttributeValue::N(_) => "N",
            AttributeValue::B(_) => "B",
            AttributeValue::Bool(_) => "BOOL",
            AttributeValue::Null => "NULL",
            AttributeValue::L(_) => "L",
            AttributeValue::M(_) => "M",
            AttributeValue::Ss(_) => "SS",
            AttributeValue::Ns(_) => "NS",
            AttributeValue::Bs(_) => "BS",
        }
    }

    /// A string value.
    pub fn s(text: impl Into<String>) -> AttributeValue {
        AttributeValue::S(text.into())
    }

    /// A number value from an integer.
    pub fn n(v: i64) -> AttributeValue {
        AttributeValue::N(Number::from_i64(v))
    }

    pub fn as_s(&self) -> Option<&str> {
        match self {
            AttributeValue::S(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_n(&self) -> Option<&Number> {
        match self {
            AttributeValue::N(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_b(&self) -> Option<&[u8]> {
        match self {
            AttributeValue::B(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_m(&self) -> Option<&AttributeMap> {
        match self {
            AttributeValue::M(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_l(&self) -> Option<&[AttributeValue]> {
        match self {
            AttributeValue::L(l) => Some(l),
            _ => None,
        }
    }

    /// True for SS, NS and BS.
    pub fn is_set(&self) -> bool {
        matches!(self, AttributeValue::Ss(_) | AttributeValue::Ns(_) | AttributeValue::Bs(_))
    }
}

/// An item: attribute names to values.
pub type Item = AttributeMap;

/// A map of attribute names to values, ordered by name (UTF-8 bytes).
///
/// Held as a vector of entries sorted by name: lookups are a binary search
/// and, unlike a B-tree, an item costs exactly its entries (no half-empty
/// nodes), which keeps a stored item within about twice its DynamoDB size.
/// Items have few attributes, so inserts that shift entries are cheap. A
/// newtype, so the representation can change without touching callers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttributeMap {
    entries: Vec<(String, AttributeValue)>,
}

impl AttributeMap {
    pub fn new() -> AttributeMap {
        AttributeMap::default()
    }

    /// A map from entries already sorted by name with no duplicates (as
    /// another map's entries are): no sorting, for decoding (`packed.rs`).
    pub(super) fn from_sorted_entries(entries: Vec<(String, AttributeValue)>) -> AttributeMap {
        debug_assert!(entries.windows(2).all(|w| w[0].0 < w[1].0), "entries not sorted");
        AttributeMap { entries }
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&AttributeValue> {
        self.position(name).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut AttributeValue> {
        self.position(name).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets `name`, returning the value it replaced.
    pub fn insert(
        &mut self,
        name: impl Into<String>,
        value: AttributeValue,
    ) -> Option<AttributeValue> {
        let name = name.into();
        match self.position(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (name, value));
                None
            }
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<AttributeValue> {
        self.position(name).ok().map(|i| self.entries.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in name order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.iter())
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut AttributeValue)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &AttributeValue> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The value at `name`, inserting `default()` first if absent.
    pub fn get_or_insert_with(
        &mut self,
        name: &str,
        default: impl FnOnce() -> AttributeValue,
    ) -> &mut AttributeValue {
        let i = match self.position(name) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (name.to_string(), default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Keeps only the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut AttributeValue) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

/// Iterator over an [`AttributeMap`]'s entries in name order.
#[derive(Debug, Clone)]
pub struct Iter<'a>(std::slice::Iter<'a, (String, AttributeValue)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a String, &'a AttributeValue);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl FromIterator<(String, AttributeValue)> for AttributeMap {
    /// Later entries win over earlier ones with the same name, as in a map.
    fn from_iter<I: IntoIterator<Item = (String, AttributeValue)>>(iter: I) -> Self {
        let mut entries: Vec<(String, AttributeValue)> = iter.into_iter().collect();
        // Stable sort keeps same-name entries in input order; keep the last.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut deduped: Vec<(String, AttributeValue)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match deduped.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => deduped.push(entry),
            }
        }
        deduped.shrink_to_fit();
        AttributeMap { entries: deduped }
    }
}

impl<'a> FromIterator<(&'a str, AttributeValue)> for AttributeMap {
    fn from_iter<I: IntoIterator<Item = (&'a str, AttributeValue)>>(iter: I) -> Self {
        iter.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }
}

impl Extend<(String, AttributeValue)> for AttributeMap {
    fn extend<I: IntoIterator<Item = (String, AttributeValue)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl IntoIterator for AttributeMap {
    type Item = (String, AttributeValue);
    type IntoIter = std::vec::IntoIter<(String, AttributeValue)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a AttributeMap {
    type Item = (&'a String, &'a AttributeValue);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_tags_match_dynamodb_json_names() {
        let tags: Vec<_> = [
            AttributeValue::s("x"),
            AttributeValue::n(1),
            AttributeValue::B(vec![1]),
            AttributeValue::Bool(true),
            AttributeValue::Null,
            AttributeValue::L(vec![]),
            AttributeValue::M(AttributeMap::new()),
            AttributeValue::Ss(["a".to_string()].into()),
            AttributeValue::Ns([Number::from_i64(1)].into()),
            AttributeValue::Bs([vec![0u8]].into()),
        ]
        .iter()
        .map(AttributeValue::type_tag)
        .collect();
        assert_eq!(tags, ["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"]);
    }

    #[test]
    fn map_insert_replaces_and_iterates_in_name_order() {
        let mut m = AttributeMap::new();
        assert_eq!(m.insert("b", AttributeValue::n(1)), None);
        m.insert("a", AttributeValue::n(2));
        assert_eq!(m.insert("b", AttributeValue::n(3)), Some(AttributeValue::n(1)));
        let names: Vec<_> = m.keys().map(String::as_str).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(m.remove("a"), Some(AttributeValue::n(2)));
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn maps_compare_by_content_and_later_duplicates_win() {
        let a: AttributeMap =
            [("x", AttributeValue::n(1)), ("y", AttributeValue::n(2))].into_iter().collect();
        let b: AttributeMap =
            [("y", AttributeValue::n(2)), ("x", AttributeValue::n(0)), ("x", AttributeValue::n(1))]
                .into_iter()
                .collect();
        assert_eq!(a, b);
        let mut c = AttributeMap::new();
        *c.get_or_insert_with("z", || AttributeValue::n(0)) = AttributeValue::n(5);
        c.extend([("a".to_string(), AttributeValue::Null)]);
        c.retain(|k, _| k != "a");
        assert_eq!(c.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["z"]);
        assert!(c.contains_key("z") && !c.contains_key("a"));
    }

    // Memory: an attribute value is 32 bytes and a map entry 56, so an item
    // stays within about twice its DynamoDB size (issue 5, storage target).
    #[test]
    fn values_stay_small() {
        assert_eq!(std::mem::size_of::<Number>(), 24);
        assert_eq!(std::mem::size_of::<AttributeValue>(), 32);
        assert_eq!(std::mem::size_of::<AttributeMap>(), 24);
    }

    #[test]
    fn sets_compare_by_members_not_insertion_order() {
        let a = AttributeValue::Ss(["x".to_string(), "y".to_string()].into());
        let b = AttributeValue::Ss(["y".to_string(), "x".to_string()].into());
        assert_eq!(a, b);
    }
}
