//! UpdateTable (API Reference, UpdateTable): change provisioned throughput,
//! billing mode, stream, table class, deletion protection, and create,
//! update or delete a GSI.
//!
//! Rules: at least one change; a throughput change must change something;
//! decreases are limited per UTC day (4 at any time, then one per hour;
//! Developer Guide, "Service quotas"); switching to PROVISIONED needs
//! ProvisionedThroughput (GSIs take the table's unless updated in the same
//! request — a simplification); one GSI created or deleted per request; a
//! new GSI's key attributes must be in AttributeDefinitions and it is
//! backfilled from the table's items at once (reported as CREATING with
//! Backfilling in the response, ACTIVE afterwards). Depends on `table`,
//! `request`, `clock`.

use serde_json::{Value, json};

use super::super::Engine;
use super::super::clock::Timestamp;
use super::super::db::table_name_of;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::super::table::TableStatus;
use super::super::table::create::{
    parse_global_index, parse_stream, parse_table_class, parse_throughput,
};
use super::super::table::definition::TableDef;
use super::super::table::definition::{BillingMode, IndexStatus, Throughput};
use super::super::table::describe::table_description;
use super::super::table::index::IndexStore;

/// The table definition being changed, and index stores to add or drop.
struct Pending {
    def: TableDef,
    new_indexes: Vec<(String, IndexStore)>,
    dropped_indexes: Vec<String>,
}

const DAY_MILLIS: u64 = 86_400_000;
const HOUR_MILLIS: u64 = 3_600_000;

/// Applies a throughput change with DynamoDB's checks.
fn change_throughput(
    current: &mut Throughput,
    new: &Throughput,
    now: Timestamp,
    what: &str,
) -> Result<(), DynamoError> {
    if current.read == new.read && current.write == new.write {
        return Err(DynamoError::validation(format!(
            "The provisioned throughput for the {what} will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the {what}: {}. Requested ReadCapacityUnits: {}. Current WriteCapacityUnits provisioned for the {what}: {}. Requested WriteCapacityUnits: {}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
            current.read, new.read, current.write, new.write
        )));
    }
    let decrease = new.read < current.read || new.write < current.write;
    let increase = new.read > current.read || new.write > current.write;
    if decrease {
        let same_day =
            current.last_decrease.is_some_and(|t| t.0 / DAY_MILLIS == now.0 / DAY_MILLIS);
        let today = if same_day { current.decreases_today } else { 0 };
        let recent = current.last_decrease.is_some_and(|t| now.0.saturating_sub(t.0) < HOUR_MILLIS);
        if today >= 4 && recent {
            return Err(DynamoError::LimitExceeded(format!(
                "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first 4 decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. Number of decreases today: {today}."
            )));
        }
        current.decreases_today = today + 1;
        current.last_decrease = Some(now);
    }
    if increase {
        current.last_increase = Some(now);
    }
    current.read = new.read;
    current.write = new.write;
    Ok(())
}

impl Engine {
    /// UpdateTable from its JSON request; returns `{"TableDescription": ...}`.
    pub fn update_table(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let name = super::common::data_table_name(&req)?;
        let now = self.now();
        let key = table_name_of(&name).to_string();
        let existing =
            self.tables.get(&key).ok_or_else(|| DynamoError::table_not_found_named(&name))?;
        let changes = [
            "ProvisionedThroughput",
            "BillingMode",
            "StreamSpecification",
            "GlobalSecondaryIndexUpdates",
            "TableClass",
            "DeletionProtectionEnabled",
            "SSESpecification",
            "ReplicaUpdates",
        ];
        if !changes.iter().any(|m| req.has(m)) {
            return Err(DynamoError::validation(
                "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required",
            ));
        }
        for unsupported in ["SSESpecification", "ReplicaUpdates"] {
            if req.has(unsupported) {
                return Err(DynamoError::validation(format!(
                    "{unsupported} is not supported by this engine"
                )));
            }
        }
        // Work on a copy of the definition so a rejected request changes
        // nothing (items are not copied).
        let mut table = Pending {
            def: existing.def.clone(),
            new_indexes: Vec::new(),
            dropped_indexes: Vec::new(),
        };
        let mut reported = Vec::new();

        let billing = match req.str("BillingMode")? {
            None => table.def.billing,
            Some("PROVISIONED") => BillingMode::Provisioned,
            Some("PAY_PER_REQUEST") => BillingMode::PayPerRequest,
            Some(other) => {
                return Err(DynamoError::constraint(
                    &format!("'{other}'"),
                    "billingMode",
                    "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
                ));
            }
        };
        let throughput = req
            .object("ProvisionedThroughput")?
            .map(|t| parse_throughput(&t, "ProvisionedThroughput"))
            .transpose()?;
        match (billing, throughput) {
            (BillingMode::PayPerRequest, Some(_)) => {
                return Err(DynamoError::invalid_parameter(
                    "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
                ));
            }
            (BillingMode::PayPerRequest, None) => {
                if table.def.billing == BillingMode::Provisioned {
                    table.def.billing = BillingMode::PayPerRequest;
                    table.def.throughput = None;
                    table.def.billing_mode_changed = Some(now);
                    for gsi in &mut table.def.global_indexes {
                        gsi.throughput = None;
                    }
                }
            }
            (BillingMode::Provisioned, None) => {
                if table.def.billing == BillingMode::PayPerRequest {
                    return Err(DynamoError::invalid_parameter(
                        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
                    ));
                }
            }
            (BillingMode::Provisioned, Some(t)) => {
                if table.def.billing == BillingMode::PayPerRequest {
                    table.def.billing = BillingMode::Provisioned;
                    table.def.throughput =
                        Some(Throughput { read: t.read, write: t.write, ..Throughput::default() });
                    for gsi in &mut table.def.global_indexes {
                        gsi.throughput = Some(Throughput {
                            read: t.read,
                            write: t.write,
                            ..Throughput::default()
                        });
                    }
                } else {
                    let current = table.def.throughput.get_or_insert_with(Throughput::default);
                    change_throughput(current, &t, now, "table")?;
                }
            }
        }

        if let Some(stream) = parse_stream(&req)? {
            let enabled_now = table.def.stream.as_ref().is_some_and(|s| s.enabled);
            match (enabled_now, stream.enabled) {
                (true, true) => {
                    return Err(DynamoError::validation(format!(
                        "Table already has an enabled stream: TableName: {}",
                        table.def.name
                    )));
                }
                (false, false) => {
                    return Err(DynamoError::validation(format!(
                        "Table already has no enabled stream: TableName: {}",
                        table.def.name
                    )));
                }
                (false, true) => {
                    table.def.stream_label = Some(super::super::table::create::stream_label(now));
                    table.def.stream = Some(stream);
                }
                (true, false) => table.def.stream = Some(stream),
            }
        }
        if let Some(class) = parse_table_class(&req)? {
            table.def.table_class = class;
        }
        if let Some(p) = req.bool("DeletionProtectionEnabled")? {
            table.def.deletion_protection = p;
        }

        if let Some(updates) = req.objects("GlobalSecondaryIndexUpdates")? {
            // New attribute definitions may come with a GSI creation.
            if let Some(defs) = req.objects("AttributeDefinitions")? {
                for d in defs {
                    let n = d.required_str("AttributeName")?;
                    let t = d.required_str("AttributeType")?;
                    let scalar = super::super::table::ScalarType::parse(t).ok_or_else(|| {
                        DynamoError::constraint(
                            &format!("'{t}'"),
                            "attributeDefinitions.member.attributeType",
                            "Member must satisfy enum value set: [B, N, S]",
                        )
                    })?;
                    match table.def.attribute_type(n) {
                        Some(existing) if existing != scalar => {
                            return Err(DynamoError::invalid_parameter(format!(
                                "Cannot change the type of attribute {n} from {} to {}",
                                existing.tag(),
                                scalar.tag()
                            )));
                        }
                        Some(_) => {}
                        None => table.def.attributes.push((n.to_string(), scalar)),
                    }
                }
            }
            let create_or_delete =
                updates.iter().filter(|u| u.has("Create") || u.has("Delete")).count();
            if create_or_delete > 1 {
                return Err(DynamoError::LimitExceeded(
                    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table".into(),
                ));
            }
            for update in &updates {
                if let Some(create) = update.object("Create")? {
                    let index = parse_global_index(
                        &create,
                        &table.def.attributes,
                        table.def.billing,
                        IndexStatus::Active,
                    )?;
                    if table.def.index(&index.name).is_some() {
                        return Err(DynamoError::invalid_parameter(format!(
                            "Index already exists: {}",
                            index.name
                        )));
                    }
                    if table.def.global_indexes.len()
                        >= super::super::table::create::MAX_GLOBAL_INDEXES
                    {
                        return Err(DynamoError::LimitExceeded(
                            "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20".into(),
                        ));
                    }
                    let index_name = index.name.clone();
                    table
                        .new_indexes
                        .push((index_name.clone(), existing.backfill(&table.def, &index)));
                    table.def.global_indexes.push(index);
                    reported.push((index_name, IndexStatus::Creating));
                } else if let Some(delete) = update.object("Delete")? {
                    let index_name = delete.required_str("IndexName")?;
                    let position = table
                        .def
                        .global_indexes
                        .iter()
                        .position(|i| i.name == index_name)
                        .ok_or_else(|| {
                            DynamoError::ResourceNotFound(format!(
                                "Requested resource not found: Index: {index_name} not found"
                            ))
                        })?;
                    let removed = table.def.global_indexes.remove(position);
                    table.dropped_indexes.push(removed.name);
                } else if let Some(change) = update.object("Update")? {
                    let index_name = change.required_str("IndexName")?.to_string();
                    let t = change
                        .object("ProvisionedThroughput")?
                        .ok_or_else(|| {
                            DynamoError::missing(
                                "globalSecondaryIndexUpdates.member.update.provisionedThroughput",
                            )
                        })
                        .and_then(|t| parse_throughput(&t, "ProvisionedThroughput"))?;
                    if table.def.billing == BillingMode::PayPerRequest {
                        return Err(DynamoError::invalid_parameter(format!(
                            "ProvisionedThroughput should not be specified for index: {index_name} when BillingMode is PAY_PER_REQUEST"
                        )));
                    }
                    let gsi = table
                        .def
                        .global_indexes
                        .iter_mut()
                        .find(|i| i.name == index_name)
                        .ok_or_else(|| {
                            DynamoError::ResourceNotFound(format!(
                                "Requested resource not found: Index: {index_name} not found"
                            ))
                        })?;
                    let current = gsi.throughput.get_or_insert_with(Throughput::default);
                    change_throughput(current, &t, now, "index")?;
                    reported.push((index_name, IndexStatus::Updating));
                } else {
                    return Err(DynamoError::validation(
                        "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Update or GlobalSecondaryIndexUpdate.Delete must be specified",
                    ));
                }
            }
        }

        let live = self.tables.get_mut(&key).expect("looked up above");
        live.def = table.def;
        for name in table.dropped_indexes {
            live.indexes.remove(&name);
        }
        live.indexes.extend(table.new_indexes);
        // The response shows the change in progress; the stored table is done.
        let saved: Vec<_> = live.def.global_indexes.iter().map(|i| i.status).collect();
        for (index_name, status) in &reported {
            if let Some(i) = live.def.global_indexes.iter_mut().find(|i| &i.name == index_name) {
                i.status = *status;
            }
        }
        let description = table_description(live, TableStatus::Updating);
        for (i, status) in live.def.global_indexes.iter_mut().zip(saved) {
            i.status = status;
        }
        Ok(json!({"TableDescription": description}))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::super::test_support::{engine, engine_with_clock, err, hash_table, ok};

    fn provisioned(e: &mut super::Engine) {
        ok(
            e,
            "CreateTable",
            json!({
                "TableName": "Tbl", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
            }),
        );
    }

    fn throughput(
        e: &mut super::Engine,
        r: u64,
        w: u64,
    ) -> Result<Value, crate::engine::DynamoError> {
        e.call("UpdateTable", json!({"TableName": "Tbl", "ProvisionedThroughput": {"ReadCapacityUnits": r, "WriteCapacityUnits": w}}))
    }

    #[test]
    fn throughput_change_is_recorded_and_unchanged_values_are_rejected() {
        let mut e = engine();
        provisioned(&mut e);
        let out = throughput(&mut e, 10, 5).unwrap();
        assert_eq!(out["TableDescription"]["TableStatus"], json!("UPDATING"));
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}));
        assert_eq!(d["Table"]["ProvisionedThroughput"]["ReadCapacityUnits"], json!(10));
        assert_eq!(
            d["Table"]["ProvisionedThroughput"]["LastIncreaseDateTime"],
            json!(1_704_067_200.0)
        );
        let x = throughput(&mut e, 10, 5).unwrap_err();
        assert!(
            x.message().starts_with("The provisioned throughput for the table will not change."),
            "{x}"
        );
    }

    // Service quotas: 4 decreases any time in a UTC day, then one per hour.
    #[test]
    fn decreases_are_limited_per_utc_day() {
        let (mut e, clock) = engine_with_clock();
        provisioned(&mut e);
        throughput(&mut e, 100, 100).unwrap();
        for r in [90, 80, 70, 60] {
            throughput(&mut e, r, 100).unwrap();
        }
        assert_eq!(throughput(&mut e, 50, 100).unwrap_err().name(), "LimitExceededException");
        clock.advance_millis(3_600_000);
        throughput(&mut e, 50, 100).unwrap();
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}));
        assert_eq!(d["Table"]["ProvisionedThroughput"]["NumberOfDecreasesToday"], json!(5));
    }

    #[test]
    fn switching_billing_modes() {
        let mut e = engine();
        provisioned(&mut e);
        ok(&mut e, "UpdateTable", json!({"TableName": "Tbl", "BillingMode": "PAY_PER_REQUEST"}));
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}));
        assert_eq!(d["Table"]["BillingModeSummary"]["BillingMode"], json!("PAY_PER_REQUEST"));
        assert_eq!(d["Table"]["ProvisionedThroughput"]["ReadCapacityUnits"], json!(0));
        let x =
            err(&mut e, "UpdateTable", json!({"TableName": "Tbl", "BillingMode": "PROVISIONED"}));
        assert!(x.message().contains("must both be specified"), "{x}");
        ok(
            &mut e,
            "UpdateTable",
            json!({"TableName": "Tbl", "BillingMode": "PROVISIONED", "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}}),
        );
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}));
        assert_eq!(d["Table"]["ProvisionedThroughput"]["WriteCapacityUnits"], json!(4));
    }

    #[test]
    fn update_needs_at_least_one_change() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let x = err(&mut e, "UpdateTable", json!({"TableName": "Tbl"}));
        assert!(
            x.message().starts_with("At least one of ProvisionedThroughput, BillingMode"),
            "{x}"
        );
        assert_eq!(
            err(
                &mut e,
                "UpdateTable",
                json!({"TableName": "Nope", "BillingMode": "PAY_PER_REQUEST"})
            )
            .name(),
            "ResourceNotFoundException"
        );
    }

    // UpdateTable GlobalSecondaryIndexUpdates Create: backfill from existing items.
    #[test]
    fn creating_a_gsi_backfills_it() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        for (pk, g) in [("a", Some("x")), ("b", None), ("c", Some("y"))] {
            let mut item = json!({"pk": {"S": pk}});
            if let Some(g) = g {
                item["g"] = json!({"S": g});
            }
            ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": item}));
        }
        let out = ok(
            &mut e,
            "UpdateTable",
            json!({
                "TableName": "Tbl", "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
                "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}}]
            }),
        );
        let shown = &out["TableDescription"]["GlobalSecondaryIndexes"][0];
        assert_eq!(
            (shown["IndexStatus"].clone(), shown["Backfilling"].clone()),
            (json!("CREATING"), json!(true))
        );
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}));
        let gsi = &d["Table"]["GlobalSecondaryIndexes"][0];
        assert_eq!(gsi["IndexStatus"], json!("ACTIVE"));
        assert_eq!(gsi["ItemCount"], json!(2));
        // KEYS_ONLY entries: "pk"+"a"+"g"+"x" = 3 + 2 per item.
        assert_eq!(gsi["IndexSizeBytes"], json!(10));
        // New writes now maintain it.
        let out = ok(
            &mut e,
            "PutItem",
            json!({"TableName": "Tbl", "Item": {"pk": {"S": "d"}, "g": {"S": "z"}}, "ReturnConsumedCapacity": "INDEXES"}),
        );
        assert_eq!(
            out["ConsumedCapacity"]["GlobalSecondaryIndexes"]["byG"],
            json!({"CapacityUnits": 1.0})
        );
    }

    #[test]
    fn deleting_a_gsi_and_one_index_change_per_request() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let create = |name: &str| json!({"Create": {"IndexName": name, "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}});
        let defs = json!([{"AttributeName": "g", "AttributeType": "S"}]);
        let x = err(
            &mut e,
            "UpdateTable",
            json!({"TableName": "Tbl", "AttributeDefinitions": defs, "GlobalSecondaryIndexUpdates": [create("one"), create("two")]}),
        );
        assert_eq!(x.name(), "LimitExceededException");
        ok(
            &mut e,
            "UpdateTable",
            json!({"TableName": "Tbl", "AttributeDefinitions": defs, "GlobalSecondaryIndexUpdates": [create("one")]}),
        );
        ok(
            &mut e,
            "UpdateTable",
            json!({"TableName": "Tbl", "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "one"}}]}),
        );
        let d = ok(&mut e, "DescribeTable", json!({"TableName": "Tbl"}));
        assert_eq!(d["Table"].get("GlobalSecondaryIndexes"), None);
        let x = err(
            &mut e,
            "UpdateTable",
            json!({"TableName": "Tbl", "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "one"}}]}),
        );
        assert_eq!(x.name(), "ResourceNotFoundException");
    }

    #[test]
    fn enabling_a_stream_twice_is_rejected() {
        let mut e = engine();
        hash_table(&mut e, "Tbl");
        let spec = json!({"TableName": "Tbl", "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"}});
        let out = ok(&mut e, "UpdateTable", spec.clone());
        assert!(
            out["TableDescription"]["LatestStreamArn"]
                .as_str()
                .unwrap()
                .contains("/stream/2024-01-01T")
        );
        assert!(
            err(&mut e, "UpdateTable", spec).message().contains("already has an enabled stream")
        );
    }
}
