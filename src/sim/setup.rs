//! From a workload table (and its estimate) to what the simulator runs: the
//! engine's CreateTable request, the operations as request plans, and the
//! starting capacity of the table and each GSI.

use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value, json};

use super::autoscaling::TargetTracking;
use super::holder::{Capacity, Holder};
use super::keys::KeyPicker;
use super::on_demand::{NEW_TABLE_PEAK_RRU, NEW_TABLE_PEAK_WRU};
use crate::estimate::TableEstimate;
use crate::workload::{
    AttributeType, Autoscaling, BillingMode, Consistency, KeyAttribute, KeyType, OpKind, Operation,
    Projection, Simulation, Table,
};

/// Which capacity mode a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimMode {
    Provisioned,
    OnDemand,
}

impl SimMode {
    pub fn key(self) -> &'static str {
        match self {
            SimMode::Provisioned => "provisioned",
            SimMode::OnDemand => "on_demand",
        }
    }
}

/// Where an operation's reads land.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadTarget {
    Table,
    /// A GSI, by its position among the table's GSIs.
    Gsi(usize),
    /// An LSI, by its position among the table's LSIs: the table's
    /// capacity.
    Lsi(usize),
}

/// One access pattern, ready to generate requests.
#[derive(Debug, Clone)]
pub struct OpPlan {
    pub kind: OpKind,
    pub label: String,
    pub rate_per_sec: f64,
    pub picker: KeyPicker,
    pub items: u64,
    pub strong: bool,
    pub target: ReadTarget,
    /// Index entry size for reads on an index (from the estimate).
    pub entry_bytes: u64,
    /// The operation's own `item_size` for point reads and item-creating
    /// writes (the items it reads or writes, as `estimate` sizes them).
    pub op_item_bytes: Option<u64>,
    /// Bytes an UpdateItem adds to the item (op `item_size` minus the
    /// table's; 0: the item keeps its size, as `estimate` assumes).
    pub update_bytes: u64,
    /// (GSI position, share of updates that change its key).
    pub key_changes: Vec<(usize, f64)>,
    /// Attributes an UpdateItem rewrites (besides its growth filler): of
    /// `updated_attributes` (all of them when omitted, the estimate's
    /// assumption, rule I5), those an INCLUDE index projects; never a
    /// table or index key (`key_changes` moves index keys). Rewriting an
    /// attribute no index projects would cost the same, so it is not sent.
    pub rewrites: Vec<String>,
    /// Query on an LSI: the share of requests that ask for all attributes,
    /// so the engine fetches each item from the table (`fetch_share`).
    pub fetch_share: f64,
    /// Whether each update writes a new filler value: only an ALL index
    /// sees the filler, and an identical request is cheaper for the engine
    /// (it reuses the resolved update).
    pub vary_filler: bool,
    /// Service time of one attempt, microseconds (docs/simulation-model.md).
    pub service_us: u64,
}

/// The parts of an [`OpPlan`] one attempt reads (cheap to copy).
#[derive(Debug, Clone, Copy)]
pub struct PlanSummary {
    pub kind: OpKind,
    pub items: u64,
    pub strong: bool,
    pub target: ReadTarget,
    pub entry_bytes: u64,
    pub update_bytes: u64,
}

impl OpPlan {
    /// Whether this operation's UpdateItems send no update expression
    /// (`TableSim::update_request`): nothing grows, no ALL index must see
    /// a change, no attribute is rewritten, no index key moves.
    pub fn changes_nothing(&self) -> bool {
        self.kind == OpKind::UpdateItem
            && !self.vary_filler
            && self.update_bytes == 0
            && self.rewrites.is_empty()
            && self.key_changes.is_empty()
    }

    pub fn summary(&self) -> PlanSummary {
        PlanSummary {
            kind: self.kind,
            items: self.items,
            strong: self.strong,
            target: self.target,
            entry_bytes: self.entry_bytes,
            update_bytes: self.update_bytes,
        }
    }
}

/// Service time per attempt: DynamoDB's single-digit-millisecond latency,
/// as fixed figures per kind of call (our model; see docs/simulation-model.md).
pub fn service_us(kind: OpKind, items: u64) -> u64 {
    match kind {
        OpKind::GetItem => 3_000,
        OpKind::PutItem | OpKind::UpdateItem | OpKind::DeleteItem => 5_000,
        OpKind::Query | OpKind::Scan => 6_000 + 20 * items.min(1_000),
        OpKind::BatchGetItem | OpKind::BatchWriteItem => 8_000,
        OpKind::TransactGetItems | OpKind::TransactWriteItems => 12_000,
    }
}

fn attr_def(k: &KeyAttribute) -> Value {
    let t = match k.kind {
        KeyType::S => "S",
        KeyType::N => "N",
        KeyType::B => "B",
    };
    json!({"AttributeName": k.name, "AttributeType": t})
}

fn key_schema(pk: &KeyAttribute, sk: Option<&KeyAttribute>) -> Value {
    let mut ks = vec![json!({"AttributeName": pk.name, "KeyType": "HASH"})];
    if let Some(s) = sk {
        ks.push(json!({"AttributeName": s.name, "KeyType": "RANGE"}));
    }
    Value::Array(ks)
}

fn projection(p: &Projection) -> Value {
    match p {
        Projection::All => json!({"ProjectionType": "ALL"}),
        Projection::KeysOnly => json!({"ProjectionType": "KEYS_ONLY"}),
        Projection::Include(attrs) => {
            json!({"ProjectionType": "INCLUDE", "NonKeyAttributes": attrs})
        }
    }
}

/// The engine's CreateTable request for `t` (on-demand billing: the
/// simulator, not the engine, enforces capacity).
pub fn create_table_request(t: &Table) -> Value {
    let mut defs: Vec<Value> = Vec::new();
    let mut add = |k: &KeyAttribute| {
        if !defs.iter().any(|d| d["AttributeName"] == json!(k.name)) {
            defs.push(attr_def(k));
        }
    };
    add(&t.partition_key);
    if let Some(s) = &t.sort_key {
        add(s);
    }
    for i in t.global_secondary_indexes.iter().chain(&t.local_secondary_indexes) {
        add(&i.partition_key);
        if let Some(s) = &i.sort_key {
            add(s);
        }
    }
    let mut body = json!({
        "TableName": t.name,
        "AttributeDefinitions": defs,
        "KeySchema": key_schema(&t.partition_key, t.sort_key.as_ref()),
        "BillingMode": "PAY_PER_REQUEST",
    });
    if !t.global_secondary_indexes.is_empty() {
        body["GlobalSecondaryIndexes"] = t
            .global_secondary_indexes
            .iter()
            .map(|g| json!({"IndexName": g.name, "KeySchema": key_schema(&g.partition_key, g.sort_key.as_ref()), "Projection": projection(&g.projection)}))
            .collect();
    }
    if !t.local_secondary_indexes.is_empty() {
        body["LocalSecondaryIndexes"] = t
            .local_secondary_indexes
            .iter()
            .map(|l| json!({"IndexName": l.name, "KeySchema": key_schema(&l.partition_key, l.sort_key.as_ref()), "Projection": projection(&l.projection)}))
            .collect();
    }
    body
}

/// The request plans of `t`'s operations.
pub fn plans(t: &Table, est: &TableEstimate, keys: u64) -> Vec<OpPlan> {
    let table_dist = t.key_distribution.clone().unwrap_or_default();
    t.operations
        .iter()
        .zip(&est.operations)
        .map(|(op, oe)| {
            let dist = op.key_distribution.clone().unwrap_or_else(|| table_dist.clone());
            let (target, entry_bytes) = match &op.index {
                Some(name) => match t.global_secondary_indexes.iter().position(|g| &g.name == name)
                {
                    Some(g) => (
                        ReadTarget::Gsi(g),
                        est.indexes
                            .iter()
                            .find(|i| &i.name == name)
                            .map(|i| i.entry_bytes)
                            .unwrap_or(est.item_bytes),
                    ),
                    None => (
                        ReadTarget::Lsi(
                            t.local_secondary_indexes
                                .iter()
                                .position(|l| &l.name == name)
                                .expect("validation: an operation's index is the table's"),
                        ),
                        est.indexes
                            .iter()
                            .find(|i| &i.name == name)
                            .map(|i| i.entry_bytes)
                            .unwrap_or(est.item_bytes),
                    ),
                },
                None => (ReadTarget::Table, est.item_bytes),
            };
            let key_changes = op
                .index_key_changes
                .iter()
                .filter_map(|(name, share)| {
                    t.global_secondary_indexes
                        .iter()
                        .position(|g| &g.name == name)
                        .map(|g| (g, share.to_f64().unwrap_or(0.0)))
                })
                .collect();
            let vary_filler = t
                .global_secondary_indexes
                .iter()
                .chain(&t.local_secondary_indexes)
                .any(|i| i.projection == Projection::All);
            let rewrites =
                if op.op == OpKind::UpdateItem { rewrites(t, op, vary_filler) } else { Vec::new() };
            let label = match &op.index {
                Some(i) => format!("{} ({i})", op.op.name()),
                None => op.op.name().to_string(),
            };
            OpPlan {
                kind: op.op,
                label,
                rate_per_sec: oe.rate_per_second.to_f64().unwrap_or(0.0),
                picker: KeyPicker::new(&dist, keys),
                items: oe.items_per_call.max(1),
                strong: op.consistency == Some(Consistency::Strong),
                target,
                entry_bytes,
                op_item_bytes: op
                    .item_size
                    .filter(|_| {
                        matches!(
                            op.op,
                            OpKind::GetItem
                                | OpKind::BatchGetItem
                                | OpKind::TransactGetItems
                                | OpKind::PutItem
                                | OpKind::BatchWriteItem
                                | OpKind::TransactWriteItems
                        )
                    })
                    .map(|s| s.bytes()),
                update_bytes: op
                    .item_size
                    .map(|s| s.bytes().saturating_sub(est.item_bytes))
                    .unwrap_or(0),
                key_changes,
                rewrites,
                vary_filler,
                fetch_share: op.fetch_share.and_then(|s| s.to_f64()).unwrap_or(0.0),
                service_us: service_us(op.op, oe.items_per_call),
            }
        })
        .collect()
}

/// The attributes an UpdateItem of `op` rewrites (see `OpPlan::rewrites`);
/// when `vary` (an ALL index sees every attribute), also one S or N
/// attribute of an `attributes:` or `example_item` shape, so each update
/// changes the item.
fn rewrites(t: &Table, op: &Operation, vary: bool) -> Vec<String> {
    let indexes = || t.global_secondary_indexes.iter().chain(&t.local_secondary_indexes);
    let projected: Vec<String> = indexes()
        .filter_map(|i| match &i.projection {
            Projection::Include(list) => Some(list.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    let named: Vec<String> = match &op.updated_attributes {
        Some(list) => list.iter().filter(|n| projected.contains(n)).cloned().collect(),
        None => projected,
    };
    let is_key = |n: &str| {
        n == t.partition_key.name
            || t.sort_key.as_ref().is_some_and(|s| s.name == n)
            || indexes().any(|i| {
                i.partition_key.name == n || i.sort_key.as_ref().is_some_and(|s| s.name == n)
            })
    };
    let mut out: Vec<String> = Vec::new();
    for n in named {
        if !is_key(&n) && !out.contains(&n) {
            out.push(n);
        }
    }
    // One S or N attribute of the shape (not a key), so values change.
    let candidate = if let Some(attrs) = &t.attributes {
        attrs
            .iter()
            .find(|(n, s)| matches!(s.kind, AttributeType::S | AttributeType::N) && !is_key(n))
            .map(|(n, _)| n.clone())
    } else if let Some(serde_json::Value::Object(example)) = &t.example_item {
        example
            .iter()
            .find(|(n, v)| (v.get("S").is_some() || v.get("N").is_some()) && !is_key(n))
            .map(|(n, _)| n.clone())
    } else {
        None
    };
    if vary
        && let Some(n) = candidate
        && !out.contains(&n)
    {
        out.push(n);
    }
    out
}

/// The run's capacity mode: on-demand tables simulate on-demand; otherwise
/// provisioned, unless the simulation section starts from `on_demand`.
pub fn mode_for(t: &Table, sim: &Simulation) -> SimMode {
    match &sim.capacity {
        Some(c) if c.on_demand.is_some() => SimMode::OnDemand,
        Some(_) => SimMode::Provisioned,
        None if t.billing_mode == BillingMode::OnDemand => SimMode::OnDemand,
        None => SimMode::Provisioned,
    }
}

fn scaler(a: Option<&Autoscaling>, t: &Table, start: u64, read: bool) -> Option<TargetTracking> {
    let enabled = a.map(|a| a.enabled).unwrap_or(t.provisioned.autoscaling);
    if !enabled {
        return None;
    }
    let target = a.and_then(|a| a.target_utilization).unwrap_or(t.provisioned.target_utilization);
    let milli = (target * rust_decimal::Decimal::from(1_000)).round().to_u64().unwrap_or(700);
    let (min, max) = match (a, read) {
        (Some(a), true) => (a.min_rcu, a.max_rcu),
        (Some(a), false) => (a.min_wcu, a.max_wcu),
        (None, true) => (t.provisioned.min_rcu, None),
        (None, false) => (t.provisioned.min_wcu, None),
    };
    Some(TargetTracking::new(start, milli, min.unwrap_or(1), max.unwrap_or(40_000)))
}

/// The table's holder and one per GSI, at their starting capacity.
pub fn holders(t: &Table, est: &TableEstimate, sim: &Simulation, mode: SimMode) -> Vec<Holder> {
    let start_capacity = sim.capacity.as_ref();
    let mut out = Vec::new();
    let table_bytes = est.storage_bytes;
    let (r, w) = match mode {
        SimMode::OnDemand => {
            let od = start_capacity.and_then(|c| c.on_demand.as_ref());
            let rru = od.map(|o| o.previous_peak_rru).unwrap_or(NEW_TABLE_PEAK_RRU);
            let wru = od.map(|o| o.previous_peak_wru).unwrap_or(NEW_TABLE_PEAK_WRU);
            (Capacity::on_demand(rru), Capacity::on_demand(wru))
        }
        SimMode::Provisioned => {
            let rcu = start_capacity.and_then(|c| c.rcu).unwrap_or(est.needs.fixed_rcu);
            let wcu = start_capacity.and_then(|c| c.wcu).unwrap_or(est.needs.fixed_wcu);
            let a = sim.autoscaling.as_ref();
            (
                Capacity::provisioned(rcu, scaler(a, t, rcu, true)),
                Capacity::provisioned(wcu, scaler(a, t, wcu, false)),
            )
        }
    };
    out.push(Holder::new(&t.name, r, w, table_bytes));
    for g in &t.global_secondary_indexes {
        let ie = est.indexes.iter().find(|i| i.name == g.name);
        let needs = ie.and_then(|i| i.needs.as_ref());
        let bytes = ie.map(|i| i.storage_bytes).unwrap_or(0);
        let (r, w) = match mode {
            SimMode::OnDemand => {
                (Capacity::on_demand(NEW_TABLE_PEAK_RRU), Capacity::on_demand(NEW_TABLE_PEAK_WRU))
            }
            SimMode::Provisioned => {
                let rcu = needs.map(|n| n.fixed_rcu).unwrap_or(1);
                let wcu = needs.map(|n| n.fixed_wcu).unwrap_or(1);
                let a = sim.autoscaling.as_ref();
                (
                    Capacity::provisioned(rcu, scaler(a, t, rcu, true)),
                    Capacity::provisioned(wcu, scaler(a, t, wcu, false)),
                )
            }
        };
        out.push(Holder::new(&g.name, r, w, bytes));
    }
    out
}
