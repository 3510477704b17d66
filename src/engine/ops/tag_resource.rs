//! TagResource (API Reference, TagResource): add or overwrite tags on a
//! table named by its ARN; at most 50 tags per table. Also holds the
//! ResourceArn lookup the three tag operations share. Depends on `table`,
//! `request`.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::super::table::Table;
use super::super::table::create::parse_tags;

/// Most tags on one resource.
pub const MAX_TAGS: usize = 50;

impl Engine {
    /// The table a ResourceArn names, with DynamoDB's two errors: not an ARN
    /// of a table in this Region and account, or no such table.
    pub(super) fn table_by_arn(&mut self, req: &Request<'_>) -> Result<&mut Table, DynamoError> {
        let arn = req.required_str("ResourceArn")?;
        let prefix = format!("arn:aws:dynamodb:{}:{}:table/", self.region, self.account);
        let name = arn
            .strip_prefix(&prefix)
            .filter(|n| !n.is_empty() && !n.contains('/'))
            .ok_or_else(|| {
                DynamoError::validation(format!(
                    "Invalid TableArn: Invalid ResourceArn provided as input {arn}"
                ))
            })?;
        self.tables.get_mut(name).ok_or_else(|| {
            DynamoError::ResourceNotFound(format!(
                "Requested resource not found: ResourcArn: {arn} not found"
            ))
        })
    }

    /// TagResource from its JSON request; returns `{}`.
    pub fn tag_resource(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        if !req.has("Tags") {
            return Err(DynamoError::missing("tags"));
        }
        let tags = parse_tags(&req)?;
        let table = self.table_by_arn(&req)?;
        let mut merged = table.def.tags.clone();
        for (k, v) in tags {
            match merged.iter_mut().find(|(key, _)| *key == k) {
                Some(existing) => existing.1 = v,
                None => merged.push((k, v)),
            }
        }
        if merged.len() > MAX_TAGS {
            return Err(DynamoError::LimitExceeded(
                "The number of tags exceeds the limit of 50".into(),
            ));
        }
        table.def.tags = merged;
        Ok(json!({}))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::super::test_support::{engine, err, hash_table, ok};

    const ARN: &str = "arn:aws:dynamodb:us-east-1:000000000000:table/Tbl";

    #[test]
    fn tag_untag_and_list() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        ok(
            &mut e,
            "TagResource",
            json!({"ResourceArn": ARN, "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}),
        );
        ok(
            &mut e,
            "TagResource",
            json!({"ResourceArn": ARN, "Tags": [{"Key": "a", "Value": "3"}]}),
        );
        assert_eq!(
            ok(&mut e, "ListTagsOfResource", json!({"ResourceArn": ARN})),
            json!({"Tags": [{"Key": "a", "Value": "3"}, {"Key": "b", "Value": "2"}]})
        );
        ok(&mut e, "UntagResource", json!({"ResourceArn": ARN, "TagKeys": ["a", "zzz"]}));
        assert_eq!(
            ok(&mut e, "ListTagsOfResource", json!({"ResourceArn": ARN})),
            json!({"Tags": [{"Key": "b", "Value": "2"}]})
        );
    }

    #[test]
    fn bad_or_unknown_arns() {
        let mut e = engine();
        let x = err(&mut e, "ListTagsOfResource", json!({"ResourceArn": "Tbl"}));
        assert_eq!(x.message(), "Invalid TableArn: Invalid ResourceArn provided as input Tbl");
        let x = err(
            &mut e,
            "TagResource",
            json!({"ResourceArn": ARN, "Tags": [{"Key": "a", "Value": "1"}]}),
        );
        assert_eq!(x.name(), "ResourceNotFoundException");
    }

    // Tagging restrictions: at most 50 tags per resource.
    #[test]
    fn at_most_50_tags() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let tags: Vec<_> = (0..50).map(|i| json!({"Key": format!("k{i}"), "Value": "v"})).collect();
        ok(&mut e, "TagResource", json!({"ResourceArn": ARN, "Tags": tags}));
        let x = err(
            &mut e,
            "TagResource",
            json!({"ResourceArn": ARN, "Tags": [{"Key": "one-more", "Value": "v"}]}),
        );
        assert_eq!(x.name(), "LimitExceededException");
        let x = err(
            &mut e,
            "TagResource",
            json!({"ResourceArn": ARN, "Tags": [{"Key": "", "Value": "v"}]}),
        );
        assert_eq!(x.name(), "ValidationException");
    }
}
