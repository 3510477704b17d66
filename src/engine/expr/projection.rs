//! [`Projection`]: a resolved projection expression and how it cuts an item
//! down to the requested paths.
//!
//! Shapes (Developer Guide, "Using projection expressions"): a nested path
//! returns its value inside the same nesting (`a.b` gives `{a: {M: {b}}}`);
//! list indexes keep only the chosen elements, in index order, packed into a
//! shorter list (`l[3], l[1]` gives `{l: {L: [l[1], l[3]]}}`); paths that
//! do not exist, or go through a value of the wrong type, are left out.
//! Two paths may not overlap or conflict ("Invalid ProjectionExpression: Two
//! document paths overlap with each other; ..."). Depends on `ast`, `path`,
//! `resolve`, `error` and `value`.

use std::collections::BTreeMap;

use super::ast::ProjectionExpr;
use super::error::{ErrorKind, ExprError};
use super::path::{DocPath, PathRelation, PathStep, step_into};
use super::resolve::Resolver;
use crate::value::{AttributeMap, AttributeValue, Item};

/// A compiled projection expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub(crate) paths: Vec<DocPath>,
}

/// The part of an item a projection keeps, before lists are packed.
enum Node {
    Leaf(AttributeValue),
    Map(BTreeMap<String, Node>),
    List(BTreeMap<usize, Node>),
}

impl Projection {
    /// A projection of whole top-level attributes (e.g. `AttributesToGet`).
    pub fn of_attributes<S: AsRef<str>>(names: &[S]) -> Projection {
        Projection { paths: names.iter().map(|n| DocPath::attribute(n.as_ref())).collect() }
    }

    /// The top-level attributes the projection reads, in written order.
    pub fn top_level_attributes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.paths {
            if !out.contains(&p.top()) {
                out.push(p.top());
            }
        }
        out
    }

    pub(crate) fn resolve(
        ast: &ProjectionExpr,
        resolver: &mut Resolver<'_>,
    ) -> Result<Projection, ExprError> {
        let mut paths: Vec<DocPath> = Vec::with_capacity(ast.paths.len());
        for written in &ast.paths {
            let path = resolver.path(written)?;
            for earlier in &paths {
                let (one, two) = (earlier.to_string(), path.to_string());
                let kind = match earlier.relation(&path) {
                    PathRelation::Disjoint => continue,
                    PathRelation::Overlap => ErrorKind::PathOverlap { one, two },
                    PathRelation::Conflict => ErrorKind::PathConflict { one, two },
                };
                return Err(ExprError::at(kind, written.span));
            }
            paths.push(path);
        }
        Ok(Projection { paths })
    }

    /// The attributes of `item` the projection selects.
    pub fn apply(&self, item: &Item) -> Item {
        let mut root: BTreeMap<String, Node> = BTreeMap::new();
        for path in &self.paths {
            let Some(top) = item.get(path.top()) else { continue };
            insert(&mut root, path.top(), top, &path.steps()[1..]);
        }
        root.into_iter().map(|(k, node)| (k, node.into_value())).collect()
    }
}

/// Records `value` (reached through `rest`) under `key` of `map`.
fn insert(map: &mut BTreeMap<String, Node>, key: &str, value: &AttributeValue, rest: &[PathStep]) {
    if rest.is_empty() {
        map.insert(key.to_string(), Node::Leaf(value.clone()));
        return;
    }
    // Check the whole remaining path exists before creating containers.
    if rest.iter().try_fold(value, step_into).is_none() {
        return;
    }
    let node = map.entry(key.to_string()).or_insert_with(|| match rest[0] {
        PathStep::Key(_) => Node::Map(BTreeMap::new()),
        PathStep::Index(_) => Node::List(BTreeMap::new()),
    });
    descend(node, value, rest);
}

fn descend(node: &mut Node, value: &AttributeValue, rest: &[PathStep]) {
    let Some(step) = rest.first() else { return };
    let Some(child_value) = step_into(value, step) else { return };
    let tail = &rest[1..];
    let make = |tail: &[PathStep]| match tail.first() {
        None => Node::Leaf(child_value.clone()),
        Some(PathStep::Key(_)) => Node::Map(BTreeMap::new()),
        Some(PathStep::Index(_)) => Node::List(BTreeMap::new()),
    };
    let child = match (node, step) {
        (Node::Map(children), PathStep::Key(k)) => {
            children.entry(k.clone()).or_insert_with(|| make(tail))
        }
        (Node::List(children), PathStep::Index(i)) => {
            children.entry(*i).or_insert_with(|| make(tail))
        }
        // Overlapping paths are rejected at compile time, so a leaf is never
        // extended and a map is never indexed.
        _ => return,
    };
    if !tail.is_empty() {
        descend(child, child_value, tail);
    }
}

impl Node {
    fn into_value(self) -> AttributeValue {
        match self {
            Node::Leaf(v) => v,
            Node::Map(children) => AttributeValue::M(
                children.into_iter().map(|(k, n)| (k, n.into_value())).collect::<AttributeMap>(),
            ),
            Node::List(children) => {
                AttributeValue::L(children.into_values().map(Node::into_value).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Cases from the Developer Guide page "Using projection expressions in
    //! DynamoDB" (Expressions.ProjectionExpressions).
    use super::super::test_support::projected;

    const ITEM: &str = r#"{
        "Id": {"N": "123"}, "Title": {"S": "Bicycle 123"},
        "Description": {"S": "123 description"},
        "RelatedItems": {"L": [{"N": "341"}, {"N": "472"}, {"N": "649"}]},
        "ProductReviews": {"M": {
            "FiveStar": {"L": [{"S": "Excellent!"}, {"S": "Love it"}]},
            "OneStar": {"L": [{"S": "Terrible"}]}
        }}
    }"#;

    fn project(expr: &str) -> String {
        projected(expr, &[], ITEM).unwrap_or_else(|e| panic!("{expr}: {e}"))
    }

    #[test]
    fn top_level_attributes() {
        // "Description, RelatedItems[0], ProductReviews.FiveStar"
        assert_eq!(project("Title, Id"), r#"{"Id":{"N":"123"},"Title":{"S":"Bicycle 123"}}"#);
    }

    #[test]
    fn the_guide_example_keeps_nesting() {
        assert_eq!(
            project("Description, RelatedItems[0], ProductReviews.FiveStar"),
            r#"{"Description":{"S":"123 description"},"ProductReviews":{"M":{"FiveStar":{"L":[{"S":"Excellent!"},{"S":"Love it"}]}}},"RelatedItems":{"L":[{"N":"341"}]}}"#
        );
    }

    #[test]
    fn list_elements_are_packed_in_index_order() {
        assert_eq!(
            project("RelatedItems[2], RelatedItems[0]"),
            r#"{"RelatedItems":{"L":[{"N":"341"},{"N":"649"}]}}"#
        );
        assert_eq!(
            project("ProductReviews.FiveStar[1]"),
            r#"{"ProductReviews":{"M":{"FiveStar":{"L":[{"S":"Love it"}]}}}}"#
        );
    }

    #[test]
    fn missing_paths_are_left_out() {
        assert_eq!(project("Nothing, RelatedItems[7], Title.x, ProductReviews.TwoStar"), "{}");
    }

    #[test]
    fn names_substitute_reserved_words() {
        let out = projected("#c, #d", &[("#c", "Comment"), ("#d", "Description")], ITEM).unwrap();
        assert_eq!(out, r#"{"Description":{"S":"123 description"}}"#);
        assert_eq!(
            projected("Comment", &[], ITEM).unwrap_err(),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: Comment"
        );
    }

    #[test]
    fn overlapping_and_conflicting_paths() {
        assert_eq!(
            projected("ProductReviews, ProductReviews.FiveStar", &[], ITEM).unwrap_err(),
            "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [ProductReviews], path two: [ProductReviews, FiveStar]"
        );
        assert_eq!(
            projected("RelatedItems[0], RelatedItems.x", &[], ITEM).unwrap_err(),
            "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [RelatedItems, [0]], path two: [RelatedItems, x]"
        );
    }

    #[test]
    fn syntax_errors_and_unused_names() {
        assert_eq!(
            projected("Title,", &[], ITEM).unwrap_err(),
            "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\""
        );
        assert_eq!(
            projected("Title", &[("#x", "x")], ITEM).unwrap_err(),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}"
        );
    }

    #[test]
    fn of_attributes_projects_whole_attributes() {
        let p = super::Projection::of_attributes(&["Id", "Nothing"]);
        assert_eq!(p.top_level_attributes(), vec!["Id", "Nothing"]);
        let out = crate::value::item_to_json(&p.apply(&super::super::test_support::item(ITEM)))
            .to_string();
        assert_eq!(out, r#"{"Id":{"N":"123"}}"#);
    }
}
