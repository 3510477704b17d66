//! [`TableDef`]: everything the control plane knows about a table and its
//! indexes (CreateTable's parameters plus the state UpdateTable,
//! UpdateTimeToLive and TagResource change). Depends on `schema`, `clock`.

use super::super::clock::Timestamp;
use super::schema::{KeySchema, Projection, ScalarType};

/// BillingMode: PROVISIONED (the default) or PAY_PER_REQUEST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillingMode {
    Provisioned,
    PayPerRequest,
}

impl BillingMode {
    pub fn name(self) -> &'static str {
        match self {
            BillingMode::Provisioned => "PROVISIONED",
            BillingMode::PayPerRequest => "PAY_PER_REQUEST",
        }
    }
}

/// Provisioned throughput and its change history.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Throughput {
    pub read: u64,
    pub write: u64,
    pub last_increase: Option<Timestamp>,
    pub last_decrease: Option<Timestamp>,
    pub decreases_today: u64,
}

/// Index lifecycle (IndexStatus).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexStatus {
    Creating,
    Active,
    Deleting,
    Updating,
}

impl IndexStatus {
    pub fn name(self) -> &'static str {
        match self {
            IndexStatus::Creating => "CREATING",
            IndexStatus::Active => "ACTIVE",
            IndexStatus::Deleting => "DELETING",
            IndexStatus::Updating => "UPDATING",
        }
    }
}

/// Local or global secondary index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    Local,
    Global,
}

/// One secondary index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDef {
    pub name: String,
    pub kind: IndexKind,
    pub key: KeySchema,
    pub projection: Projection,
    /// GSIs on provisioned tables only.
    pub throughput: Option<Throughput>,
    pub status: IndexStatus,
}

/// StreamSpecification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSpec {
    pub enabled: bool,
    pub view_type: Option<String>,
}

/// Time to Live settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TtlSpec {
    pub enabled: bool,
    pub attribute: String,
}

/// Table lifecycle (TableStatus).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableStatus {
    Creating,
    Active,
    Updating,
    Deleting,
}

impl TableStatus {
    pub fn name(self) -> &'static str {
        match self {
            TableStatus::Creating => "CREATING",
            TableStatus::Active => "ACTIVE",
            TableStatus::Updating => "UPDATING",
            TableStatus::Deleting => "DELETING",
        }
    }
}

/// A table's definition and control-plane state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDef {
    pub name: String,
    pub arn: String,
    pub table_id: String,
    pub key: KeySchema,
    /// AttributeDefinitions in request order.
    pub attributes: Vec<(String, ScalarType)>,
    pub billing: BillingMode,
    /// Present for PROVISIONED tables.
    pub throughput: Option<Throughput>,
    pub local_indexes: Vec<IndexDef>,
    pub global_indexes: Vec<IndexDef>,
    pub stream: Option<StreamSpec>,
    pub stream_label: Option<String>,
    pub table_class: String,
    pub deletion_protection: bool,
    pub tags: Vec<(String, String)>,
    pub ttl: Option<TtlSpec>,
    pub created: Timestamp,
    pub billing_mode_changed: Option<Timestamp>,
}

impl TableDef {
    /// All indexes, LSIs first.
    pub fn indexes(&self) -> impl Iterator<Item = &IndexDef> {
        self.local_indexes.iter().chain(&self.global_indexes)
    }

    pub fn index(&self, name: &str) -> Option<&IndexDef> {
        self.indexes().find(|i| i.name == name)
    }

    pub fn attribute_type(&self, name: &str) -> Option<ScalarType> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, t)| *t)
    }

    /// The table's key attribute names and every index's, without repeats:
    /// the attributes KEYS_ONLY projections copy.
    pub fn index_key_names<'a>(&'a self, index: &'a IndexDef) -> Vec<&'a str> {
        let mut names: Vec<&str> = self.key.names().collect();
        for n in index.key.names() {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }
}
