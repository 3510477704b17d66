//! On-demand backups and point-in-time recovery (API Reference:
//! CreateBackup, DescribeBackup, ListBackups, DeleteBackup,
//! RestoreTableFromBackup, UpdateContinuousBackups,
//! DescribeContinuousBackups, RestoreTableToPointInTime).
//!
//! A backup is a snapshot of the table (definition and items) taken on the
//! engine's clock; it is AVAILABLE at once. A restore creates a new table
//! with the source's key schema, indexes, billing and data, and — as
//! DynamoDB documents — without its stream, TTL and tags ("you must
//! manually set up ... tags ... stream settings ... time to live"); its
//! indexes are rebuilt through the one write path. Point-in-time restores
//! wind the current items back with `table::history::PitrLog` to the end
//! of the requested second, inside [earliest, latest] restorable time.
//! Restores use the source's current definition (an index added after the
//! restore time is kept). Depends on `table`, `request`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::super::Engine;
use super::super::clock::Timestamp;
use super::super::error::DynamoError;
use super::super::request::Request;
use super::super::table::describe::{key_schema_json, table_description};
use super::super::table::history::{MAX_RECOVERY_DAYS, PitrLog};
use super::super::table::members::validate_name;
use super::super::table::{StoreKey, Table, TableDef, TableStatus};
use crate::value::Item;

/// One on-demand backup.
#[derive(Debug, Clone)]
pub(crate) struct Backup {
    pub arn: String,
    pub name: String,
    pub created: Timestamp,
    pub snapshot: Table,
}

impl Backup {
    fn details(&self, status: &str) -> Value {
        json!({
            "BackupArn": self.arn,
            "BackupName": self.name,
            "BackupSizeBytes": self.snapshot.store.bytes(),
            "BackupStatus": status,
            "BackupType": "USER",
            "BackupCreationDateTime": self.created.as_epoch_seconds_f64(),
        })
    }

    fn description(&self, status: &str) -> Value {
        let def = &self.snapshot.def;
        json!({
            "BackupDetails": self.details(status),
            "SourceTableDetails": {
                "TableName": def.name,
                "TableId": def.table_id,
                "TableArn": def.arn,
                "TableSizeBytes": self.snapshot.store.bytes(),
                "KeySchema": key_schema_json(&def.key),
                "TableCreationDateTime": def.created.as_epoch_seconds_f64(),
                "ItemCount": self.snapshot.store.len(),
                "BillingMode": def.billing.name(),
            }
        })
    }

    fn summary(&self) -> Value {
        let def = &self.snapshot.def;
        json!({
            "TableName": def.name,
            "TableId": def.table_id,
            "TableArn": def.arn,
            "BackupArn": self.arn,
            "BackupName": self.name,
            "BackupCreationDateTime": self.created.as_epoch_seconds_f64(),
            "BackupStatus": "AVAILABLE",
            "BackupType": "USER",
            "BackupSizeBytes": self.snapshot.store.bytes(),
        })
    }
}

/// All backups, by ARN.
pub(crate) type Backups = BTreeMap<String, Backup>;

fn backup_not_found(arn: &str) -> DynamoError {
    DynamoError::BackupNotFound(format!("Backup not found for arn {arn}"))
}

fn table_not_found(name: &str) -> DynamoError {
    DynamoError::TableNotFound(format!("Table not found: {name}"))
}

impl Engine {
    /// A new table named `target` holding `items` under `source`'s definition.
    fn restore_into(
        &mut self,
        source: &TableDef,
        items: Vec<(StoreKey, Arc<Item>)>,
        target: &str,
    ) -> Result<Value, DynamoError> {
        validate_name(target, "targetTableName")?;
        if self.tables.contains_key(target) {
            return Err(DynamoError::TableAlreadyExists(format!("Table already exists: {target}")));
        }
        let mut def = source.clone();
        def.name = target.to_string();
        def.arn = format!("arn:aws:dynamodb:{}:{}:table/{target}", self.region, self.account);
        def.table_id = format!("00000000-0000-4000-8000-{:012x}", self.tables_created + 1);
        def.created = self.now();
        def.stream = None;
        def.stream_label = None;
        def.ttl = None;
        def.tags = Vec::new();
        let mut table = Table::new(def);
        for (key, item) in items {
            let size = crate::capacity::item_size::item_size(&item);
            let plan = table.plan_write(key, None, Some((&item, size)))?;
            table.apply_write(plan, Some((&item, size)));
        }
        self.tables_created += 1;
        let description = table_description(&table, TableStatus::Creating);
        self.tables.insert(target.to_string(), table);
        Ok(json!({"TableDescription": description}))
    }

    /// CreateBackup: TableName, BackupName.
    pub fn create_backup(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let table_name = req.required_str("TableName")?;
        let name = req.required_str("BackupName")?;
        validate_name(name, "backupName")?;
        let now = self.now();
        let table = self.tables.get(super::super::db::table_name_of(table_name));
        let table = table.ok_or_else(|| table_not_found(table_name))?;
        let arn = format!("{}/backup/{:014}-{:08x}", table.def.arn, now.0, self.backups.len() + 1);
        let backup = Backup {
            arn: arn.clone(),
            name: name.to_string(),
            created: now,
            snapshot: table.clone(),
        };
        let details = backup.details("AVAILABLE");
        self.backups.insert(arn, backup);
        Ok(json!({"BackupDetails": details}))
    }

    /// DescribeBackup: BackupArn.
    pub fn describe_backup(&self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let arn = req.required_str("BackupArn")?;
        let backup = self.backups.get(arn).ok_or_else(|| backup_not_found(arn))?;
        Ok(json!({"BackupDescription": backup.description("AVAILABLE")}))
    }

    /// DeleteBackup: BackupArn.
    pub fn delete_backup(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let arn = req.required_str("BackupArn")?;
        let backup = self.backups.remove(arn).ok_or_else(|| backup_not_found(arn))?;
        Ok(json!({"BackupDescription": backup.description("DELETED")}))
    }

    /// ListBackups: TableName, Limit, ExclusiveStartBackupArn,
    /// TimeRangeLowerBound/UpperBound (epoch seconds).
    pub fn list_backups(&self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let table = req.str("TableName")?;
        let limit = req.i64("Limit")?.unwrap_or(100).clamp(1, 100) as usize;
        let after = req.str("ExclusiveStartBackupArn")?;
        let lower = req.i64("TimeRangeLowerBound")?;
        let upper = req.i64("TimeRangeUpperBound")?;
        let matching: Vec<&Backup> = self
            .backups
            .values()
            .filter(|b| table.is_none_or(|t| b.snapshot.def.name == t))
            .filter(|b| lower.is_none_or(|l| b.created.as_secs() as i64 >= l))
            .filter(|b| upper.is_none_or(|u| (b.created.as_secs() as i64) < u))
            .filter(|b| after.is_none_or(|a| b.arn.as_str() > a))
            .collect();
        let page: Vec<Value> = matching.iter().take(limit).map(|b| b.summary()).collect();
        let mut out = Map::new();
        out.insert("BackupSummaries".into(), Value::Array(page));
        if matching.len() > limit {
            out.insert("LastEvaluatedBackupArn".into(), json!(matching[limit - 1].arn));
        }
        Ok(Value::Object(out))
    }

    /// RestoreTableFromBackup: TargetTableName, BackupArn.
    pub fn restore_table_from_backup(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let target = req.required_str("TargetTableName")?;
        let arn = req.required_str("BackupArn")?;
        let backup = self.backups.get(arn).ok_or_else(|| backup_not_found(arn))?;
        let def = backup.snapshot.def.clone();
        let items =
            backup.snapshot.store.iter().map(|(k, s)| (k.clone(), Arc::new(s.item()))).collect();
        self.restore_into(&def, items, target)
    }

    fn continuous_backups(table: &Table, now: Timestamp) -> Value {
        let pitr = match &table.pitr {
            Some(log) => json!({
                "PointInTimeRecoveryStatus": "ENABLED",
                "RecoveryPeriodInDays": log.period_days,
                "EarliestRestorableDateTime": log.earliest(now).as_epoch_seconds_f64(),
                "LatestRestorableDateTime": log.latest(now).as_epoch_seconds_f64(),
            }),
            None => json!({"PointInTimeRecoveryStatus": "DISABLED"}),
        };
        json!({"ContinuousBackupsDescription": {
            "ContinuousBackupsStatus": "ENABLED",
            "PointInTimeRecoveryDescription": pitr,
        }})
    }

    /// DescribeContinuousBackups: TableName.
    pub fn describe_continuous_backups(&self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let name = req.required_str("TableName")?;
        let table = self
            .tables
            .get(super::super::db::table_name_of(name))
            .ok_or_else(|| table_not_found(name))?;
        Ok(Engine::continuous_backups(table, self.now()))
    }

    /// UpdateContinuousBackups: TableName, PointInTimeRecoverySpecification
    /// (PointInTimeRecoveryEnabled, RecoveryPeriodInDays 1-35).
    pub fn update_continuous_backups(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let name = req.required_str("TableName")?;
        let spec = req
            .object("PointInTimeRecoverySpecification")?
            .ok_or_else(|| DynamoError::missing("pointInTimeRecoverySpecification"))?;
        let enabled = spec.bool("PointInTimeRecoveryEnabled")?.ok_or_else(|| {
            DynamoError::missing("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled")
        })?;
        let days = spec.i64("RecoveryPeriodInDays")?.unwrap_or(MAX_RECOVERY_DAYS as i64);
        if !(1..=MAX_RECOVERY_DAYS as i64).contains(&days) {
            return Err(DynamoError::validation(format!(
                "RecoveryPeriodInDays must be between 1 and 35, got {days}"
            )));
        }
        let now = self.now();
        let table = self
            .tables
            .get_mut(super::super::db::table_name_of(name))
            .ok_or_else(|| table_not_found(name))?;
        match (&mut table.pitr, enabled) {
            (Some(log), true) => log.period_days = days as u64,
            (None, true) => table.pitr = Some(PitrLog::new(now, days as u64)),
            (_, false) => table.pitr = None,
        }
        Ok(Engine::continuous_backups(table, now))
    }

    /// RestoreTableToPointInTime: SourceTableName (or SourceTableArn),
    /// TargetTableName, RestoreDateTime or UseLatestRestorableTime.
    pub fn restore_table_to_point_in_time(&mut self, body: &Value) -> Result<Value, DynamoError> {
        let req = Request::new(body)?;
        let source = match req.str("SourceTableName")? {
            Some(s) => s,
            None => req.required_str("SourceTableArn")?,
        };
        let target = req.required_str("TargetTableName")?;
        let latest_wanted = req.bool("UseLatestRestorableTime")?.unwrap_or(false);
        let at = match (req.raw("RestoreDateTime"), latest_wanted) {
            (Some(Value::Number(n)), false) => n.as_f64().map(|f| f.floor() as u64),
            (None, true) => None,
            _ => {
                return Err(DynamoError::validation(
                    "Only one of RestoreDateTime or UseLatestRestorableTime must be specified",
                ));
            }
        };
        let now = self.now();
        let table = self
            .tables
            .get(super::super::db::table_name_of(source))
            .ok_or_else(|| table_not_found(source))?;
        let log = table.pitr.as_ref().ok_or_else(|| {
            DynamoError::PointInTimeRecoveryUnavailable(format!(
                "Point in time recovery is not enabled for table '{}'",
                table.def.name
            ))
        })?;
        let (earliest, latest) = (log.earliest(now), log.latest(now));
        let t = at.map_or(latest, Timestamp::from_secs);
        if t.as_secs() < earliest.as_secs() || t.as_secs() > latest.as_secs() {
            return Err(DynamoError::InvalidRestoreTime(format!(
                "Invalid restore time: RestoreDateTime {} is outside [{}, {}]",
                t.as_secs(),
                earliest.as_secs(),
                latest.as_secs()
            )));
        }
        let mut items: BTreeMap<StoreKey, Arc<Item>> =
            table.store.iter().map(|(k, s)| (k.clone(), Arc::new(s.item()))).collect();
        for change in log.after(t) {
            match &change.before {
                Some(item) => items.insert(change.key.clone(), Arc::clone(item)),
                None => items.remove(&change.key),
            };
        }
        let def = table.def.clone();
        self.restore_into(&def, items.into_iter().collect(), target)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde_json::json;

    use super::super::super::test_support::{START, engine_with_clock, hash_table, ok};

    #[derive(Debug, Clone)]
    enum Op {
        Put(u8, u8),
        Delete(u8),
        Tick(u16),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u8..4, any::<u8>()).prop_map(|(k, v)| Op::Put(k, v)),
            (0u8..4).prop_map(Op::Delete),
            (0u16..120).prop_map(Op::Tick),
        ]
    }

    fn scan(e: &mut super::Engine, table: &str) -> BTreeMap<String, String> {
        let out = ok(e, "Scan", json!({"TableName": table}));
        out["Items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["pk"]["S"].as_str().unwrap().to_string(),
                    i["v"]["N"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        // "You can restore a table to any point in time during the last 35
        // days" (Developer Guide, PITR): a restore to second t holds exactly
        // the items as they were at the end of second t.
        #[test]
        fn point_in_time_restores_match_the_model_at_every_second(ops in proptest::collection::vec(op(), 1..40), picks in proptest::collection::vec(0u64..2000, 3)) {
            let (mut e, clock) = engine_with_clock();
            hash_table(&mut e, "Tbl");
            ok(&mut e, "UpdateContinuousBackups", json!({"TableName": "Tbl", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}}));
            let mut model: BTreeMap<String, String> = BTreeMap::new();
            // (second, state at the end of it so far)
            let mut history: Vec<(u64, BTreeMap<String, String>)> = vec![(START, model.clone())];
            let mut now = START;
            for op in ops {
                match op {
                    Op::Put(k, v) => {
                        ok(&mut e, "PutItem", json!({"TableName": "Tbl", "Item": {"pk": {"S": format!("k{k}")}, "v": {"N": v.to_string()}}}));
                        model.insert(format!("k{k}"), v.to_string());
                    }
                    Op::Delete(k) => {
                        ok(&mut e, "DeleteItem", json!({"TableName": "Tbl", "Key": {"pk": {"S": format!("k{k}")}}}));
                        model.remove(&format!("k{k}"));
                    }
                    Op::Tick(s) => {
                        clock.advance_millis(u64::from(s) * 1000);
                        now += u64::from(s);
                    }
                }
                history.push((now, model.clone()));
            }
            clock.advance_millis(301_000);
            let latest = now + 1;
            for (n, pick) in picks.into_iter().enumerate() {
                let t = START + pick % (latest - START + 1);
                let target = format!("Restored{n}");
                ok(&mut e, "RestoreTableToPointInTime", json!({"SourceTableName": "Tbl", "TargetTableName": target, "RestoreDateTime": t}));
                let want = history.iter().rev().find(|(s, _)| *s <= t).map(|(_, m)| m.clone()).unwrap();
                prop_assert_eq!(scan(&mut e, &target), want, "restore to {}", t);
            }
        }
    }
}
