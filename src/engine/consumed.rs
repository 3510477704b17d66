//! ConsumedCapacity: what one request consumed, per table and per index,
//! computed with `crate::capacity` (the one implementation of the read and
//! write unit rules) and rendered in DynamoDB's response shape.
//!
//! Shape (API Reference, "ConsumedCapacity"; facts sheet §2.5):
//! `ReturnConsumedCapacity=TOTAL` gives `{"TableName", "CapacityUnits"}`;
//! `INDEXES` adds `"Table": {"CapacityUnits"}` and, for each index touched,
//! `"LocalSecondaryIndexes"`/`"GlobalSecondaryIndexes"` maps of
//! `{"CapacityUnits"}`. `NONE` (the default) omits ConsumedCapacity.
//! Depends on `capacity`.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::capacity::CapacityUnits;

use super::error::DynamoError;

/// The ReturnConsumedCapacity parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReturnConsumedCapacity {
    #[default]
    None,
    Total,
    Indexes,
}

impl ReturnConsumedCapacity {
    /// Parses the parameter; absent means NONE.
    pub fn parse(text: Option<&str>) -> Result<ReturnConsumedCapacity, DynamoError> {
        match text {
            None | Some("NONE") => Ok(ReturnConsumedCapacity::None),
            Some("TOTAL") => Ok(ReturnConsumedCapacity::Total),
            Some("INDEXES") => Ok(ReturnConsumedCapacity::Indexes),
            Some(other) => Err(DynamoError::constraint(
                &format!("'{other}'"),
                "returnConsumedCapacity",
                "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
            )),
        }
    }
}

/// Whether the units are read or write units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityKind {
    Read,
    Write,
}

/// Capacity one request consumed on one table and its indexes. Always
/// computed, so the simulator can account for it whatever the request's
/// ReturnConsumedCapacity says.
#[derive(Debug, Clone, PartialEq)]
pub struct Consumed {
    pub table_name: Arc<str>,
    pub kind: CapacityKind,
    /// Units charged to the base table itself.
    pub table: CapacityUnits,
    /// Units per local secondary index (charged to the table's capacity).
    pub local_indexes: Vec<(String, CapacityUnits)>,
    /// Units per global secondary index (charged to each GSI's capacity).
    pub global_indexes: Vec<(String, CapacityUnits)>,
}

impl Consumed {
    pub fn new(
        table_name: impl Into<Arc<str>>,
        kind: CapacityKind,
        table: CapacityUnits,
    ) -> Consumed {
        Consumed {
            table_name: table_name.into(),
            kind,
            table,
            local_indexes: Vec::new(),
            global_indexes: Vec::new(),
        }
    }

    /// Table plus every index: the request's CapacityUnits.
    pub fn total(&self) -> CapacityUnits {
        self.table
            + self.local_indexes.iter().map(|(_, u)| *u).sum()
            + self.global_indexes.iter().map(|(_, u)| *u).sum()
    }

    /// Adds another request's units on the same table (batches and
    /// transactions report one ConsumedCapacity per table).
    pub fn merge(&mut self, other: &Consumed) {
        self.table += other.table;
        for (mine, theirs) in [
            (&mut self.local_indexes, &other.local_indexes),
            (&mut self.global_indexes, &other.global_indexes),
        ] {
            for (name, units) in theirs {
                match mine.iter_mut().find(|(n, _)| n == name) {
                    Some((_, u)) => *u += *units,
                    None => mine.push((name.clone(), *units)),
                }
            }
        }
    }

    /// Units drawn from the table's own capacity: the table plus its LSIs.
    pub fn table_capacity(&self) -> CapacityUnits {
        self.table + self.local_indexes.iter().map(|(_, u)| *u).sum()
    }

    /// The response's ConsumedCapacity member, or `None` for NONE.
    pub fn to_json(&self, mode: ReturnConsumedCapacity) -> Option<Value> {
        if mode == ReturnConsumedCapacity::None {
            return None;
        }
        let mut out = Map::new();
        out.insert("TableName".into(), json!(&*self.table_name));
        out.insert("CapacityUnits".into(), json!(self.total().as_f64()));
        if mode == ReturnConsumedCapacity::Indexes {
            out.insert("Table".into(), json!({"CapacityUnits": self.table.as_f64()}));
            for (member, indexes) in [
                ("LocalSecondaryIndexes", &self.local_indexes),
                ("GlobalSecondaryIndexes", &self.global_indexes),
            ] {
                if !indexes.is_empty() {
                    let map: Map<String, Value> = indexes
                        .iter()
                        .map(|(name, u)| (name.clone(), json!({"CapacityUnits": u.as_f64()})))
                        .collect();
                    out.insert(member.into(), Value::Object(map));
                }
            }
        }
        Some(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Consumed {
        let mut c = Consumed::new("Music", CapacityKind::Write, CapacityUnits::whole(2));
        c.local_indexes.push(("lsi".into(), CapacityUnits::whole(1)));
        c.global_indexes.push(("gsi".into(), CapacityUnits::whole(2)));
        c
    }

    // AWS CLI put-item example with --return-consumed-capacity TOTAL.
    #[test]
    fn total_gives_table_name_and_capacity_units() {
        assert_eq!(
            sample().to_json(ReturnConsumedCapacity::Total),
            Some(json!({"TableName": "Music", "CapacityUnits": 5.0}))
        );
    }

    #[test]
    fn indexes_adds_table_and_per_index_breakdown() {
        assert_eq!(
            sample().to_json(ReturnConsumedCapacity::Indexes),
            Some(
                json!({"TableName": "Music", "CapacityUnits": 5.0, "Table": {"CapacityUnits": 2.0},
                "LocalSecondaryIndexes": {"lsi": {"CapacityUnits": 1.0}},
                "GlobalSecondaryIndexes": {"gsi": {"CapacityUnits": 2.0}}})
            )
        );
        assert_eq!(sample().table_capacity(), CapacityUnits::whole(3));
    }

    #[test]
    fn none_omits_consumed_capacity_and_bad_values_are_rejected() {
        assert_eq!(sample().to_json(ReturnConsumedCapacity::None), None);
        assert_eq!(ReturnConsumedCapacity::parse(None), Ok(ReturnConsumedCapacity::None));
        assert_eq!(
            ReturnConsumedCapacity::parse(Some("ALL")).unwrap_err().message(),
            "1 validation error detected: Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"
        );
    }
}
