//! [`Engine`]: the in-memory DynamoDB item store — its tables, its clock and
//! where it pretends to live (Region and account, for ARNs).
//!
//! Operations are methods on `Engine`, one file each under `ops/`; the JSON
//! entry point [`Engine::call`] is in `dispatch.rs`. Depends on `table`,
//! `clock`, `error`.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::clock::{Clock, Timestamp};
use super::consumed::Consumed;
use super::error::DynamoError;
use super::table::Table;
use super::table::slots::Reach;

/// Default Region in ARNs.
pub const DEFAULT_REGION: &str = "us-east-1";
/// Default account id in ARNs (the one DynamoDB Local uses).
pub const DEFAULT_ACCOUNT: &str = "000000000000";

/// The item store.
pub struct Engine {
    clock: Arc<dyn Clock>,
    pub(super) region: String,
    pub(super) account: String,
    pub(super) tables: BTreeMap<String, Table>,
    pub(super) tables_created: u64,
    /// Capacity consumed by the last item operation run through `call`.
    pub(super) last_consumed: Option<Consumed>,
    /// TransactWriteItems ClientRequestTokens seen in the last 10 minutes.
    pub(super) transaction_tokens: super::ops::TokenLedger,
    /// On-demand backups by ARN.
    pub(super) backups: super::ops::Backups,
    /// Condition and update expressions parsed so far, by text.
    pub(super) parsed: super::expr::ParseCache,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("region", &self.region)
            .field("account", &self.account)
            .field("tables", &self.tables.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Engine {
    /// An empty store in us-east-1, account 000000000000.
    pub fn new(clock: Arc<dyn Clock>) -> Engine {
        Engine::with_location(clock, DEFAULT_REGION, DEFAULT_ACCOUNT)
    }

    /// An empty store in the given Region and account.
    pub fn with_location(clock: Arc<dyn Clock>, region: &str, account: &str) -> Engine {
        Engine {
            clock,
            region: region.to_string(),
            account: account.to_string(),
            tables: BTreeMap::new(),
            tables_created: 0,
            last_consumed: None,
            transaction_tokens: Default::default(),
            backups: Default::default(),
            parsed: Default::default(),
        }
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// A table by name or ARN (data-plane operations accept either), or
    /// ResourceNotFoundException "Requested resource not found".
    pub fn table(&self, name_or_arn: &str) -> Result<&Table, DynamoError> {
        self.tables.get(table_name_of(name_or_arn)).ok_or_else(DynamoError::table_not_found)
    }

    /// Hints the CPU to load what lookups of these items will read, as far
    /// as `reach`. An item's position is its partition key's
    /// [`partition_hash`] and its sort key's [`KeyValue::order_prefix`] (0
    /// without a sort key). Only a hint: nothing else changes, and an
    /// unknown table is ignored. A caller that knows its next requests (the
    /// simulator) calls this a few requests ahead, reach by reach, so their
    /// lookups find the memory in cache.
    ///
    /// [`partition_hash`]: super::table::store::partition_hash
    /// [`KeyValue::order_prefix`]: crate::value::KeyValue::order_prefix
    pub fn prefetch_items(
        &self,
        table: &str,
        positions: impl IntoIterator<Item = (u64, u64)>,
        reach: Reach,
    ) {
        if let Ok(t) = self.table(table) {
            for position in positions {
                t.store.prefetch(position, reach);
            }
        }
    }

    /// Makes room in `table` for `items` items at once, for a caller that
    /// knows it is about to write millions (the simulator): the store is
    /// then not grown a doubling at a time. Only sizing: what is stored,
    /// and every answer, stays the same. An unknown table is ignored.
    pub fn reserve_items(&mut self, table: &str, items: u64) {
        if let Ok(t) = self.table_mut(table) {
            t.store.reserve(usize::try_from(items).unwrap_or(usize::MAX));
        }
    }

    pub fn table_mut(&mut self, name_or_arn: &str) -> Result<&mut Table, DynamoError> {
        self.tables.get_mut(table_name_of(name_or_arn)).ok_or_else(DynamoError::table_not_found)
    }

    /// The capacity the last item operation run through [`Engine::call`]
    /// consumed (also when its condition failed), whatever its
    /// ReturnConsumedCapacity said; `None` after other operations.
    pub fn take_last_consumed(&mut self) -> Option<Consumed> {
        self.last_consumed.take()
    }

    /// Table names in ListTables order (ascending).
    pub fn table_names(&self) -> impl Iterator<Item = &str> {
        self.tables.keys().map(String::as_str)
    }
}

/// The table name in `arn:aws:dynamodb:<region>:<account>:table/<name>`, or
/// the text itself if it is not a table ARN.
pub(crate) fn table_name_of(name_or_arn: &str) -> &str {
    match name_or_arn.strip_prefix("arn:") {
        Some(rest) => match rest.split_once(":table/") {
            Some((_, name)) => name.split('/').next().unwrap_or(name),
            None => name_or_arn,
        },
        None => name_or_arn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_arns_resolve_to_table_names() {
        assert_eq!(table_name_of("Music"), "Music");
        assert_eq!(table_name_of("arn:aws:dynamodb:us-east-1:123456789012:table/Music"), "Music");
        assert_eq!(table_name_of("arn:aws:dynamodb:us-east-1:1:table/Music/index/gsi"), "Music");
    }
}
