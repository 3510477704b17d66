//! CreateTable (API Reference, CreateTable): validate the definition
//! (`table::create`), refuse a name already in use (ResourceInUseException
//! "Table already exists: `<name>`"), and add the table.
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

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::super::test_support::{engine, err, hash_table, indexed_table, ok};

    fn base() -> Value {
        json!({
            "TableName": "Music",
            "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}, {"AttributeName": "SongTitle", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}],
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        })
    }

    fn create_err(body: Value) -> String {
        let mut e = engine();
        err(&mut e, "CreateTable", body).message().to_string()
    }

    // Developer Guide, "Create a table" example (Music: Artist, SongTitle).
    #[test]
    fn create_table_returns_a_creating_description() {
        let mut e = engine();
        let out = ok(&mut e, "CreateTable", base());
        let t = &out["TableDescription"];
        assert_eq!(t["TableStatus"], json!("CREATING"));
        assert_eq!(t["TableArn"], json!("arn:aws:dynamodb:us-east-1:000000000000:table/Music"));
        assert_eq!(t["KeySchema"], base()["KeySchema"]);
        assert_eq!(t["AttributeDefinitions"], base()["AttributeDefinitions"]);
        assert_eq!(
            t["ProvisionedThroughput"],
            json!({"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
        );
        assert_eq!(t["ItemCount"], json!(0));
        assert_eq!(t["CreationDateTime"], json!(1_704_067_200.0));
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Music"}));
        assert_eq!(d["Table"]["TableStatus"], json!("ACTIVE"));
    }

    #[test]
    fn existing_table_name_is_resource_in_use() {
        let mut e = engine();
        ok(&mut e, "CreateTable", base());
        let x = err(&mut e, "CreateTable", base());
        assert_eq!(x.name(), "ResourceInUseException");
        assert_eq!(x.message(), "Table already exists: Music");
    }

    #[test]
    fn key_attribute_missing_from_definitions() {
        let mut b = base();
        b["AttributeDefinitions"] = json!([{"AttributeName": "Artist", "AttributeType": "S"}]);
        b["KeySchema"] = json!([{"AttributeName": "Album", "KeyType": "HASH"}]);
        assert_eq!(
            create_err(b),
            "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [Album], AttributeDefinitions: [Artist]"
        );
    }

    #[test]
    fn unused_attribute_definitions_are_rejected() {
        let mut b = base();
        b["KeySchema"] = json!([{"AttributeName": "Artist", "KeyType": "HASH"}]);
        assert_eq!(
            create_err(b),
            "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"
        );
    }

    #[test]
    fn key_schema_order_and_names() {
        let mut b = base();
        b["KeySchema"] = json!([{"AttributeName": "Artist", "KeyType": "RANGE"}, {"AttributeName": "SongTitle", "KeyType": "HASH"}]);
        assert_eq!(
            create_err(b),
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
        );
        let mut b = base();
        b["KeySchema"] = json!([{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "Artist", "KeyType": "RANGE"}]);
        assert_eq!(
            create_err(b),
            "Both the Hash Key and the Range Key element in the KeySchema have the same name"
        );
        let mut b = base();
        b["KeySchema"] = json!([{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "HASH"}]);
        assert_eq!(
            create_err(b),
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"
        );
        let mut b = base();
        b["KeySchema"] = json!([]);
        assert!(create_err(b).contains("Member must have length greater than or equal to 1"));
    }

    #[test]
    fn attribute_types_are_s_n_or_b() {
        let mut b = base();
        b["AttributeDefinitions"][0]["AttributeType"] = json!("BOOL");
        assert_eq!(
            create_err(b),
            "1 validation error detected: Value 'BOOL' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"
        );
    }

    #[test]
    fn table_name_rules() {
        let mut b = base();
        b["TableName"] = json!("a b c");
        assert!(create_err(b).contains("regular expression pattern: [a-zA-Z0-9_.-]+"));
        let mut b = base();
        b["TableName"] = json!("x".repeat(256));
        assert!(create_err(b).contains("length less than or equal to 255"));
        let mut b = base();
        b.as_object_mut().unwrap().remove("TableName");
        assert!(create_err(b).contains("Value null at 'tableName'"));
    }

    // BillingMode: PROVISIONED needs ProvisionedThroughput; PAY_PER_REQUEST forbids it.
    #[test]
    fn billing_mode_and_throughput_must_agree() {
        let mut b = base();
        b.as_object_mut().unwrap().remove("ProvisionedThroughput");
        assert_eq!(
            create_err(b),
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
        );
        let mut b = base();
        b["BillingMode"] = json!("PAY_PER_REQUEST");
        assert_eq!(
            create_err(b),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
        );
        let mut b = base();
        b["ProvisionedThroughput"]["ReadCapacityUnits"] = json!(0);
        assert_eq!(
            create_err(b),
            "1 validation error detected: Value 0 at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1"
        );
    }

    #[test]
    fn on_demand_table_reports_billing_mode_summary_and_zero_throughput() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}));
        assert_eq!(d["Table"]["BillingModeSummary"], json!({"BillingMode": "PAY_PER_REQUEST"}));
        assert_eq!(
            d["Table"]["ProvisionedThroughput"],
            json!({"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0})
        );
    }

    // LSIs: "A local secondary index ... has the same partition key as the base table".
    #[test]
    fn lsi_rules() {
        let mut b = base();
        b["AttributeDefinitions"]
            .as_array_mut()
            .unwrap()
            .push(json!({"AttributeName": "Year", "AttributeType": "N"}));
        b["LocalSecondaryIndexes"] = json!([{"IndexName": "byYear", "KeySchema": [{"AttributeName": "SongTitle", "KeyType": "HASH"}, {"AttributeName": "Year", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}]);
        assert_eq!(
            create_err(b.clone()),
            "One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: byYear. index hash key: SongTitle, table hash key: Artist"
        );
        b["LocalSecondaryIndexes"][0]["KeySchema"] =
            json!([{"AttributeName": "Artist", "KeyType": "HASH"}]);
        b["AttributeDefinitions"].as_array_mut().unwrap().pop();
        assert_eq!(
            create_err(b.clone()),
            "One or more parameter values were invalid: Index KeySchema does not have a range key for index: byYear"
        );
        let mut h = b.clone();
        h["KeySchema"] = json!([{"AttributeName": "Artist", "KeyType": "HASH"}]);
        assert_eq!(
            create_err(h),
            "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"
        );
    }

    #[test]
    fn too_many_indexes_and_duplicate_names() {
        let mut b = base();
        let lsi = json!({"IndexName": "idx", "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}});
        let lsis: Vec<Value> = (0..6)
            .map(|i| {
                let mut l = lsi.clone();
                l["IndexName"] = json!(format!("idx{i}"));
                l
            })
            .collect();
        b["LocalSecondaryIndexes"] = json!(lsis);
        assert_eq!(
            create_err(b.clone()),
            "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5"
        );
        b["LocalSecondaryIndexes"] = json!([lsi.clone(), lsi]);
        assert_eq!(
            create_err(b),
            "One or more parameter values were invalid: Duplicate index name: idx"
        );
        let mut b = base();
        let gsis: Vec<Value> = (0..21).map(|i| json!({"IndexName": format!("gsi{i}"), "KeySchema": [{"AttributeName": "SongTitle", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}, "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}})).collect();
        b["GlobalSecondaryIndexes"] = json!(gsis);
        assert_eq!(
            create_err(b),
            "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20"
        );
    }

    #[test]
    fn gsi_throughput_follows_the_billing_mode() {
        let mut b = base();
        b["GlobalSecondaryIndexes"] = json!([{"IndexName": "byTitle", "KeySchema": [{"AttributeName": "SongTitle", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}]);
        assert_eq!(
            create_err(b),
            "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: byTitle"
        );
    }

    #[test]
    fn projection_rules() {
        let mut b = base();
        b["GlobalSecondaryIndexes"] = json!([{"IndexName": "byTitle", "KeySchema": [{"AttributeName": "SongTitle", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL", "NonKeyAttributes": ["a"]}, "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}]);
        assert_eq!(
            create_err(b.clone()),
            "One or more parameter values were invalid: ProjectionType is ALL, but NonKeyAttributes is specified"
        );
        b["GlobalSecondaryIndexes"][0]["Projection"] = json!({});
        assert_eq!(
            create_err(b),
            "One or more parameter values were invalid: Unknown ProjectionType: null"
        );
    }

    #[test]
    fn indexes_streams_class_and_tags_are_described() {
        let mut e = engine();
        indexed_table(&mut e, "Tbl");
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}));
        let gsi = &d["Table"]["GlobalSecondaryIndexes"][0];
        assert_eq!(gsi["IndexName"], json!("byG"));
        assert_eq!(gsi["IndexStatus"], json!("ACTIVE"));
        assert_eq!(
            gsi["IndexArn"],
            json!("arn:aws:dynamodb:us-east-1:000000000000:table/Tbl/index/byG")
        );
        assert_eq!(
            d["Table"]["LocalSecondaryIndexes"][0]["Projection"],
            json!({"ProjectionType": "ALL"})
        );
        let mut b = base();
        b["StreamSpecification"] = json!({"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"});
        b["TableClass"] = json!("STANDARD_INFREQUENT_ACCESS");
        b["Tags"] = json!([{"Key": "team", "Value": "a"}]);
        let t = ok(&mut e, "CreateTable", b)["TableDescription"].clone();
        assert_eq!(
            t["StreamSpecification"],
            json!({"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"})
        );
        assert_eq!(t["LatestStreamLabel"], json!("2024-01-01T00:00:00.000"));
        assert_eq!(t["TableClassSummary"], json!({"TableClass": "STANDARD_INFREQUENT_ACCESS"}));
        let tags = ok(&mut e, "ListTagsOfResource", json!({"ResourceArn": t["TableArn"]}));
        assert_eq!(tags, json!({"Tags": [{"Key": "team", "Value": "a"}]}));
    }
}
