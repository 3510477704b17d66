//! [`DocPath`]: a resolved document path (placeholders substituted), how to
//! read it from an item, and how two paths relate (the overlap and conflict
//! rules of update and projection expressions).
//!
//! Paths print the way DynamoDB prints them in error messages: `[a, b, [3]]`
//! (dynalite `db/updateParser.pegjs` `pathStr`). Depends on `value`.

use std::fmt;

use crate::value::{AttributeValue, Item};

/// One step of a resolved path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathStep {
    /// A top-level attribute name or a map key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// A resolved document path. Never empty; the first step is always a `Key`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocPath {
    steps: Vec<PathStep>,
}

/// How two paths in one expression relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRelation {
    /// Neither is a prefix of the other and they part at the same kind of step.
    Disjoint,
    /// One is a prefix of (or equal to) the other: `a` and `a.b`.
    Overlap,
    /// Same prefix, then a map key in one and a list index in the other:
    /// `a.b` and `a[0]`.
    Conflict,
}

impl DocPath {
    /// Builds a path; `None` if `steps` is empty or starts with an index.
    pub fn new(steps: Vec<PathStep>) -> Option<DocPath> {
        match steps.first() {
            Some(PathStep::Key(_)) => Some(DocPath { steps }),
            _ => None,
        }
    }

    /// A one-step path naming a top-level attribute.
    pub fn attribute(name: impl Into<String>) -> DocPath {
        DocPath { steps: vec![PathStep::Key(name.into())] }
    }

    pub fn steps(&self) -> &[PathStep] {
        &self.steps
    }

    /// The top-level attribute this path starts at.
    pub fn top(&self) -> &str {
        match &self.steps[0] {
            PathStep::Key(k) => k,
            // Unreachable: `new` guarantees the first step is a key.
            PathStep::Index(_) => "",
        }
    }

    /// Whether the path names a top-level attribute (no nesting).
    pub fn is_top_level(&self) -> bool {
        self.steps.len() == 1
    }

    /// The value at this path, or `None` when any step is missing or goes
    /// through a value of the wrong type.
    pub fn get<'a>(&self, item: &'a Item) -> Option<&'a AttributeValue> {
        let mut current = item.get(self.top())?;
        for step in &self.steps[1..] {
            current = step_into(current, step)?;
        }
        Some(current)
    }

    /// How `self` and `other` relate (see `PathRelation`).
    pub fn relation(&self, other: &DocPath) -> PathRelation {
        for (a, b) in self.steps.iter().zip(&other.steps) {
            match (a, b) {
                (PathStep::Key(x), PathStep::Key(y)) if x == y => {}
                (PathStep::Index(x), PathStep::Index(y)) if x == y => {}
                (PathStep::Key(_), PathStep::Key(_)) | (PathStep::Index(_), PathStep::Index(_)) => {
                    return PathRelation::Disjoint;
                }
                _ => return PathRelation::Conflict,
            }
        }
        PathRelation::Overlap
    }
}

/// One step down from `value`: a map key into an `M`, an index into an `L`.
pub(crate) fn step_into<'a>(
    value: &'a AttributeValue,
    step: &PathStep,
) -> Option<&'a AttributeValue> {
    match (value, step) {
        (AttributeValue::M(map), PathStep::Key(key)) => map.get(key),
        (AttributeValue::L(list), PathStep::Index(i)) => list.get(*i),
        _ => None,
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match step {
                PathStep::Key(k) => f.write_str(k)?,
                PathStep::Index(n) => write!(f, "[{n}]")?,
            }
        }
        f.write_str("]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::AttributeMap;

    fn path(steps: &[&str]) -> DocPath {
        let steps = steps
            .iter()
            .map(|s| match s.parse::<usize>() {
                Ok(n) => PathStep::Index(n),
                Err(_) => PathStep::Key((*s).to_string()),
            })
            .collect();
        DocPath::new(steps).unwrap()
    }

    fn item() -> Item {
        let inner: AttributeMap = [(
            "b".to_string(),
            AttributeValue::L(vec![AttributeValue::n(1), AttributeValue::n(2)]),
        )]
        .into_iter()
        .collect();
        [("a".to_string(), AttributeValue::M(inner)), ("s".to_string(), AttributeValue::s("x"))]
            .into_iter()
            .collect()
    }

    #[test]
    fn get_follows_map_keys_and_list_indexes() {
        assert_eq!(path(&["a", "b", "1"]).get(&item()), Some(&AttributeValue::n(2)));
        assert_eq!(path(&["a", "b", "2"]).get(&item()), None);
        assert_eq!(path(&["s", "x"]).get(&item()), None, "a string has no keys");
        assert_eq!(path(&["a", "0"]).get(&item()), None, "a map has no indexes");
    }

    #[test]
    fn display_matches_dynamodb_error_format() {
        // dynalite updateParser.pegjs pathStr: '[a, [3], b]'.
        assert_eq!(path(&["a", "3", "b"]).to_string(), "[a, [3], b]");
    }

    #[test]
    fn relations() {
        assert_eq!(path(&["a"]).relation(&path(&["a", "b"])), PathRelation::Overlap);
        assert_eq!(path(&["a", "b"]).relation(&path(&["a", "b"])), PathRelation::Overlap);
        assert_eq!(path(&["a", "b"]).relation(&path(&["a", "c"])), PathRelation::Disjoint);
        assert_eq!(path(&["a", "1"]).relation(&path(&["a", "2"])), PathRelation::Disjoint);
        assert_eq!(path(&["a", "b"]).relation(&path(&["a", "0"])), PathRelation::Conflict);
    }

    #[test]
    fn a_path_cannot_start_with_an_index() {
        assert!(DocPath::new(vec![PathStep::Index(0)]).is_none());
        assert!(DocPath::new(vec![]).is_none());
    }
}
