//! Rules that serde cannot express, each checked against the whole file so
//! every problem is reported at once.
//!
//! Limits come from the DynamoDB Developer Guide, "Quotas" (facts sheet §0,
//! §3.7): 20 GSIs and 5 LSIs per table, BatchGetItem 100 items,
//! BatchWriteItem 25, transactions 100; strongly consistent reads are not
//! supported on GSIs (§6); an LSI has the table's partition key and the table
//! must have a sort key.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::WorkloadFile;
use super::model::*;
use crate::yaml::{YamlError, closest};

const MAX_GSIS: usize = 20;
const MAX_LSIS: usize = 5;

pub(super) struct Checker<'a> {
    pub(super) file: &'a WorkloadFile,
    problems: Vec<YamlError>,
}

impl Checker<'_> {
    pub(super) fn fail(&mut self, path: &str, message: impl Into<String>, hint: Option<String>) {
        let mut e = self.file.error_at(path, message);
        e.hint = hint;
        self.problems.push(e);
    }
}

pub(super) fn validate(file: &WorkloadFile) -> Vec<YamlError> {
    let mut c = Checker { file, problems: Vec::new() };
    let w = &file.workload;
    if w.version != 1 {
        c.fail(
            "version",
            format!("unsupported version {}", w.version),
            Some("use `version: 1`".into()),
        );
    }
    if let Some(h) = w.month_hours
        && h <= Decimal::ZERO
    {
        c.fail(
            "month_hours",
            "must be greater than 0",
            Some("730 is the AWS Pricing Calculator's month".into()),
        );
    }
    if let Some(b) = &w.budget {
        check_budget(&mut c, b, w);
    }
    if w.tables.is_empty() {
        c.fail("tables", "a workload needs at least one table", None);
    }
    let mut names = BTreeSet::new();
    for (i, t) in w.tables.iter().enumerate() {
        let p = format!("tables[{i}]");
        if !names.insert(t.name.as_str()) {
            c.fail(&format!("{p}.name"), format!("table `{}` is defined twice", t.name), None);
        }
        check_table(&mut c, &p, t);
    }
    super::validate_simulation::check(&mut c, w);
    c.problems
}

fn check_budget(c: &mut Checker<'_>, b: &Budget, w: &Workload) {
    if b.monthly_usd <= Decimal::ZERO {
        c.fail("budget.monthly_usd", "must be greater than 0", None);
    }
    if let Some(warn) = b.warn_at
        && (warn <= Decimal::ZERO || warn > Decimal::ONE)
    {
        c.fail(
            "budget.warn_at",
            format!("must be a share between 0 and 1, found {warn}"),
            Some("0.8 warns above 80% of the budget".into()),
        );
    }
    for (name, tb) in &b.tables {
        let path = format!("budget.tables.{name}");
        if !w.tables.iter().any(|t| &t.name == name) {
            let hint = closest(name, w.tables.iter().map(|t| t.name.as_str()))
                .map(|n| format!("did you mean `{n}`?"));
            c.fail(&path, format!("no table named `{name}` in this workload"), hint);
        }
        if tb.monthly_usd <= Decimal::ZERO {
            c.fail(&format!("{path}.monthly_usd"), "must be greater than 0", None);
        }
    }
}

fn check_key(c: &mut Checker<'_>, path: &str, key: &KeyAttribute) {
    if key.name.is_empty() {
        c.fail(&format!("{path}.name"), "key attribute name is empty", None);
    }
    if let Some(size) = key.size {
        let max = if path.ends_with("sort_key") { 1024 } else { 2048 };
        if size.bytes() == 0 || size.bytes() > max {
            c.fail(
                &format!("{path}.size"),
                format!("key values must be 1 to {max} bytes, found {size}"),
                None,
            );
        }
    }
}

fn check_table(c: &mut Checker<'_>, p: &str, t: &Table) {
    check_key(c, &format!("{p}.partition_key"), &t.partition_key);
    if let Some(sk) = &t.sort_key {
        check_key(c, &format!("{p}.sort_key"), sk);
        if sk.name == t.partition_key.name {
            c.fail(
                &format!("{p}.sort_key.name"),
                "the sort key must differ from the partition key",
                None,
            );
        }
    }
    let given = [t.item_size.is_some(), t.attributes.is_some(), t.example_item.is_some()];
    match given.iter().filter(|g| **g).count() {
        0 => c.fail(
            p,
            format!("table `{}` needs its item size", t.name),
            Some("add `item_size: 2KB`, or `attributes:` with average sizes, or `example_item:` in DynamoDB JSON".into()),
        ),
        1 => {}
        _ => c.fail(p, "give only one of `item_size`, `attributes`, `example_item`", None),
    }
    if let Some(size) = t.item_size
        && size.bytes() == 0
    {
        c.fail(&format!("{p}.item_size"), "item size must be greater than 0", None);
    }
    if let Some(attrs) = &t.attributes {
        for (name, spec) in attrs {
            check_attribute(c, &format!("{p}.attributes.{name}"), spec);
        }
    }
    check_provisioned(c, &format!("{p}.provisioned"), &t.provisioned);
    check_indexes(c, p, t);
    if let Some(r) = t.stream_readers
        && t.stream.is_none()
        && r > 0
    {
        c.fail(
            &format!("{p}.stream_readers"),
            "stream readers need a stream",
            Some("add `stream: new_and_old_images` (or another view type)".into()),
        );
    }
    if let Some(b) = &t.on_demand_backups
        && b.retained == 0
    {
        c.fail(
            &format!("{p}.on_demand_backups.retained"),
            "must be at least 1 (or remove `on_demand_backups`)",
            None,
        );
    }
    let mut seen = BTreeSet::new();
    for (i, r) in t.replicas.iter().enumerate() {
        if !seen.insert(r) {
            c.fail(
                &format!("{p}.replicas[{i}]"),
                format!("replica region `{r}` is listed twice"),
                None,
            );
        }
    }
    if t.operations.is_empty() {
        c.fail(
            &format!("{p}.operations"),
            format!("table `{}` has no operations", t.name),
            Some("add at least one access pattern, e.g. `- { op: GetItem, rate: 100/s }`".into()),
        );
    }
    for (i, op) in t.operations.iter().enumerate() {
        check_operation(c, &format!("{p}.operations[{i}]"), op, t);
    }
    if let Some(traffic) = &t.traffic {
        check_traffic(c, &format!("{p}.traffic"), traffic);
    }
}

fn check_attribute(c: &mut Checker<'_>, p: &str, a: &AttributeSpec) {
    use AttributeType::*;
    match a.kind {
        N | NS if a.digits.is_none() => c.fail(
            p,
            "number attributes need `digits` (significant digits of a typical value)",
            Some("e.g. `{ type: N, digits: 6 }`".into()),
        ),
        N | NS if a.digits.is_some_and(|d| d == 0 || d > 38) => {
            c.fail(&format!("{p}.digits"), "DynamoDB numbers have 1 to 38 significant digits", None)
        }
        S | B | L | M | SS | BS if a.size.is_none() => c.fail(
            p,
            "this attribute type needs `size` (average bytes of the value)",
            Some("e.g. `{ type: S, size: 20 }`".into()),
        ),
        _ => {}
    }
    if a.elements == Some(0) && matches!(a.kind, SS | NS | BS) {
        c.fail(&format!("{p}.elements"), "sets cannot be empty in DynamoDB", None);
    }
}

fn check_provisioned(c: &mut Checker<'_>, p: &str, s: &ProvisionedSettings) {
    let lo = Decimal::new(2, 1);
    let hi = Decimal::new(9, 1);
    if s.target_utilization < lo || s.target_utilization > hi {
        c.fail(
            &format!("{p}.target_utilization"),
            format!(
                "auto scaling target utilization must be between 0.2 and 0.9, found {}",
                s.target_utilization
            ),
            Some(
                "DynamoDB auto scaling accepts targets of 20% to 90%; 0.7 is the console default"
                    .into(),
            ),
        );
    }
    for (name, v) in [("min_rcu", s.min_rcu), ("min_wcu", s.min_wcu)] {
        if v == Some(0) {
            c.fail(&format!("{p}.{name}"), "provisioned capacity is at least 1 unit", None);
        }
    }
}

fn check_indexes(c: &mut Checker<'_>, p: &str, t: &Table) {
    if t.global_secondary_indexes.len() > MAX_GSIS {
        c.fail(&format!("{p}.global_secondary_indexes"), format!("a table can have at most {MAX_GSIS} global secondary indexes (default quota), found {}", t.global_secondary_indexes.len()), None);
    }
    if t.local_secondary_indexes.len() > MAX_LSIS {
        c.fail(
            &format!("{p}.local_secondary_indexes"),
            format!(
                "a table can have at most {MAX_LSIS} local secondary indexes, found {}",
                t.local_secondary_indexes.len()
            ),
            None,
        );
    }
    let mut names = BTreeSet::new();
    let all = t
        .global_secondary_indexes
        .iter()
        .map(|i| ("global_secondary_indexes", i))
        .chain(t.local_secondary_indexes.iter().map(|i| ("local_secondary_indexes", i)));
    for (kind, idx) in all {
        let pos = if kind == "global_secondary_indexes" {
            t.global_secondary_indexes.iter().position(|x| std::ptr::eq(x, idx))
        } else {
            t.local_secondary_indexes.iter().position(|x| std::ptr::eq(x, idx))
        };
        let ip = format!("{p}.{kind}[{}]", pos.unwrap_or(0));
        if !names.insert(idx.name.as_str()) {
            c.fail(
                &format!("{ip}.name"),
                format!("index `{}` is defined twice on table `{}`", idx.name, t.name),
                None,
            );
        }
        check_key(c, &format!("{ip}.partition_key"), &idx.partition_key);
        if let Some(sk) = &idx.sort_key {
            check_key(c, &format!("{ip}.sort_key"), sk);
        }
        if let Some(cov) = idx.coverage
            && (cov <= Decimal::ZERO || cov > Decimal::ONE)
        {
            c.fail(&format!("{ip}.coverage"), format!("coverage is the share of items in the index, greater than 0 and at most 1; found {cov}"), None);
        }
        if let Projection::Include(attrs) = &idx.projection
            && attrs.is_empty()
        {
            c.fail(
                &format!("{ip}.projection"),
                "`include` needs at least one attribute",
                Some("use `keys_only` to project no other attributes".into()),
            );
        }
        if kind == "local_secondary_indexes" {
            if idx.partition_key.name != t.partition_key.name
                || idx.partition_key.kind != t.partition_key.kind
            {
                c.fail(
                    &format!("{ip}.partition_key"),
                    format!("a local secondary index must have the table's partition key `{}` ({:?}), found `{}` ({:?})", t.partition_key.name, t.partition_key.kind, idx.partition_key.name, idx.partition_key.kind),
                    Some("use a global secondary index for a different partition key".into()),
                );
            }
            if t.sort_key.is_none() {
                c.fail(&ip, "local secondary indexes need a table with a sort key", None);
            }
            if idx.sort_key.is_none() {
                c.fail(&ip, "a local secondary index needs a sort key", None);
            }
        }
    }
}

fn check_operation(c: &mut Checker<'_>, p: &str, op: &Operation, t: &Table) {
    use OpKind::*;
    if op.rate.amount <= Decimal::ZERO {
        c.fail(
            &format!("{p}.rate"),
            format!("rate must be greater than zero, found `{}`", op.rate),
            Some("remove the operation if it never happens".into()),
        );
    }
    let max_items = match op.op {
        BatchGetItem => Some(100),
        BatchWriteItem => Some(25),
        TransactWriteItems | TransactGetItems => Some(100),
        Query | Scan => None,
        GetItem | PutItem | UpdateItem | DeleteItem => {
            if op.items.is_some_and(|n| n != 1) {
                c.fail(
                    &format!("{p}.items"),
                    format!("{} works on one item per call", op.op.name()),
                    Some("use BatchGetItem/BatchWriteItem for several items".into()),
                );
            }
            None
        }
    };
    if op.items.is_none()
        && matches!(
            op.op,
            Query | BatchGetItem | BatchWriteItem | TransactWriteItems | TransactGetItems
        )
    {
        let what = if op.op == Query {
            "items read per call (before any filter)"
        } else {
            "items per call"
        };
        c.fail(
            p,
            format!("{} needs `items`: the {what}", op.op.name()),
            Some(format!("e.g. `- {{ op: {}, rate: 10/s, items: 20 }}`", op.op.name())),
        );
    }
    if op.items == Some(0) {
        c.fail(&format!("{p}.items"), "items per call must be at least 1", None);
    }
    if let (Some(max), Some(n)) = (max_items, op.items)
        && n > max
    {
        c.fail(
            &format!("{p}.items"),
            format!("{} takes at most {max} items per call, found {n}", op.op.name()),
            None,
        );
    }
    if op.op.is_write() && op.consistency.is_some() {
        c.fail(&format!("{p}.consistency"), "consistency applies to reads only", None);
    }
    if op.op.is_transactional() && op.consistency.is_some() {
        c.fail(
            &format!("{p}.consistency"),
            "transactions are always transactional; remove `consistency`",
            None,
        );
    }
    if let Some(size) = op.item_size
        && size.bytes() == 0
    {
        c.fail(&format!("{p}.item_size"), "item size must be greater than 0", None);
    }
    if let Some(index) = &op.index {
        if !matches!(op.op, Query | Scan) {
            c.fail(
                &format!("{p}.index"),
                format!("{} cannot target an index; only Query and Scan can", op.op.name()),
                None,
            );
        }
        let gsi = t.global_secondary_indexes.iter().any(|i| &i.name == index);
        let lsi = t.local_secondary_indexes.iter().any(|i| &i.name == index);
        if !gsi && !lsi {
            let names = t
                .global_secondary_indexes
                .iter()
                .chain(&t.local_secondary_indexes)
                .map(|i| i.name.as_str());
            let hint = closest(index, names).map(|n| format!("did you mean `{n}`?"));
            c.fail(
                &format!("{p}.index"),
                format!("table `{}` has no index named `{index}`", t.name),
                hint,
            );
        }
        if gsi && op.consistency == Some(Consistency::Strong) {
            c.fail(&format!("{p}.consistency"), "strongly consistent reads are not supported on global secondary indexes", Some("GSI reads are eventually consistent; use `consistency: eventual` or query the table or an LSI".into()));
        }
    }
    if op.fetch_share.is_some() {
        let on_lsi = op
            .index
            .as_ref()
            .is_some_and(|n| t.local_secondary_indexes.iter().any(|i| &i.name == n));
        if !on_lsi {
            c.fail(
                &format!("{p}.fetch_share"),
                "`fetch_share` applies to Query/Scan on a local secondary index",
                None,
            );
        }
        if let Some(s) = op.fetch_share
            && (s < Decimal::ZERO || s > Decimal::ONE)
        {
            c.fail(&format!("{p}.fetch_share"), "must be a share between 0 and 1", None);
        }
    }
    for (name, share) in &op.index_key_changes {
        let path = format!("{p}.index_key_changes.{name}");
        if !matches!(op.op, UpdateItem | PutItem | BatchWriteItem | TransactWriteItems) {
            c.fail(&path, "index key changes apply to writes that replace or update items", None);
        }
        let exists = t
            .global_secondary_indexes
            .iter()
            .chain(&t.local_secondary_indexes)
            .any(|i| &i.name == name);
        if !exists {
            let names = t
                .global_secondary_indexes
                .iter()
                .chain(&t.local_secondary_indexes)
                .map(|i| i.name.as_str());
            let hint = closest(name, names).map(|n| format!("did you mean `{n}`?"));
            c.fail(&path, format!("table `{}` has no index named `{name}`", t.name), hint);
        }
        if *share < Decimal::ZERO || *share > Decimal::ONE {
            c.fail(&path, format!("must be a share between 0 and 1, found {share}"), None);
        }
    }
    if op.updated_attributes.is_some() && op.op != UpdateItem {
        c.fail(
            &format!("{p}.updated_attributes"),
            "`updated_attributes` applies to UpdateItem",
            None,
        );
    }
}

fn check_traffic(c: &mut Checker<'_>, p: &str, tr: &Traffic) {
    match (&tr.peak_to_average, &tr.hourly) {
        (Some(_), Some(_)) => {
            c.fail(p, "give either `peak_to_average` or `hourly`, not both", None)
        }
        (None, None) => c.fail(p, "`traffic` needs `peak_to_average` or `hourly`", None),
        (Some(ratio), None) => {
            if *ratio < Decimal::ONE {
                c.fail(
                    &format!("{p}.peak_to_average"),
                    format!(
                        "the peak cannot be below the average: must be at least 1, found {ratio}"
                    ),
                    None,
                );
            }
            let hours = tr.peak_hours.unwrap_or(super::DEFAULT_PEAK_HOURS);
            if hours == 0 || hours >= 24 {
                c.fail(&format!("{p}.peak_hours"), "peak hours must be between 1 and 23", None);
            } else if *ratio * Decimal::from(hours) > Decimal::from(24) {
                c.fail(
                    &format!("{p}.peak_to_average"),
                    format!(
                        "{hours} hours at {ratio}x the average would exceed a whole day's traffic"
                    ),
                    Some(format!(
                        "lower `peak_to_average` to at most {} or `peak_hours`",
                        (Decimal::from(24) / Decimal::from(hours)).round_dp(2)
                    )),
                );
            }
        }
        (None, Some(hourly)) => {
            if tr.peak_hours.is_some() {
                c.fail(
                    &format!("{p}.peak_hours"),
                    "`peak_hours` goes with `peak_to_average`",
                    None,
                );
            }
            if hourly.len() != 24 {
                c.fail(
                    &format!("{p}.hourly"),
                    format!("needs 24 multipliers (hour 0 to 23), found {}", hourly.len()),
                    None,
                );
            }
            if let Some(i) = hourly.iter().position(|m| *m < Decimal::ZERO) {
                c.fail(&format!("{p}.hourly[{i}]"), "multipliers cannot be negative", None);
            }
            if hourly.iter().all(|m| m.is_zero()) {
                c.fail(&format!("{p}.hourly"), "at least one hour must have traffic", None);
            }
        }
    }
}
