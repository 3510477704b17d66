//! Validation of the `simulation:` section and of key distributions.

use rust_decimal::Decimal;

use super::model::*;
use super::simulation::*;
use super::validate::Checker;

pub(super) fn check(c: &mut Checker<'_>, w: &Workload) {
    if let Some(sim) = &w.simulation {
        check_simulation(c, sim);
    }
    for (i, t) in w.tables.iter().enumerate() {
        let p = format!("tables[{i}]");
        let keys = t.distinct_partition_keys.map(|k| k.get()).unwrap_or(t.item_count.get());
        if t.distinct_partition_keys.is_some_and(|k| k.get() == 0) {
            c.fail(&format!("{p}.distinct_partition_keys"), "must be at least 1", None);
        }
        if let Some(k) = t.distinct_partition_keys
            && k.get() > t.item_count.get()
            && t.item_count.get() > 0
        {
            c.fail(
                &format!("{p}.distinct_partition_keys"),
                format!("{} partition keys cannot hold only {} items", k.get(), t.item_count.get()),
                Some("each partition key value has at least one item".into()),
            );
        }
        if let Some(d) = &t.key_distribution {
            check_distribution(c, &format!("{p}.key_distribution"), d, keys);
        }
        for (j, op) in t.operations.iter().enumerate() {
            if let Some(d) = &op.key_distribution {
                check_distribution(c, &format!("{p}.operations[{j}].key_distribution"), d, keys);
            }
        }
    }
}

fn check_distribution(c: &mut Checker<'_>, p: &str, d: &KeyDistribution, keys: u64) {
    match d {
        KeyDistribution::Uniform => {}
        KeyDistribution::Zipf(s) => {
            if *s <= Decimal::ZERO || *s > Decimal::from(10) {
                c.fail(
                    &format!("{p}.zipf"),
                    format!("the Zipf exponent must be greater than 0 and at most 10, found {s}"),
                    Some("1.0 to 1.2 describes typical popularity skew".into()),
                );
            }
        }
        KeyDistribution::HotKeys(h) => {
            if h.count == 0 || h.count > keys {
                c.fail(
                    &format!("{p}.hot_keys.count"),
                    format!("must be between 1 and the number of partition keys ({keys})"),
                    None,
                );
            }
            if h.share <= Decimal::ZERO || h.share > Decimal::ONE {
                c.fail(
                    &format!("{p}.hot_keys.share"),
                    format!("must be a share greater than 0 and at most 1, found {}", h.share),
                    None,
                );
            }
        }
    }
}

fn check_simulation(c: &mut Checker<'_>, s: &Simulation) {
    if s.duration.micros() == 0 {
        c.fail(
            "simulation.duration",
            "must be longer than zero",
            Some("e.g. `duration: 30m`".into()),
        );
    }
    if s.duration.micros() > 31 * 86_400_000_000 {
        c.fail("simulation.duration", "at most 31 days of virtual time", None);
    }
    if let Some(m) = s.metrics_period
        && (m.micros() < 1_000_000 || m.micros() > s.duration.micros().max(1_000_000))
    {
        c.fail(
            "simulation.metrics_period",
            "must be at least 1s and no longer than the duration",
            None,
        );
    }
    let cl = &s.client;
    if cl.max_attempts == 0 || cl.max_attempts > 100 {
        c.fail("simulation.client.max_attempts", "must be between 1 and 100", None);
    }
    if cl.base_delay > cl.max_delay {
        c.fail("simulation.client.base_delay", "the base delay cannot exceed `max_delay`", None);
    }
    if let Some(cap) = &s.capacity {
        let provisioned = cap.rcu.is_some() || cap.wcu.is_some();
        if provisioned && cap.on_demand.is_some() {
            c.fail(
                "simulation.capacity",
                "give either provisioned `rcu`/`wcu` or `on_demand`, not both",
                None,
            );
        }
        if !provisioned && cap.on_demand.is_none() {
            c.fail(
                "simulation.capacity",
                "needs `rcu` and `wcu`, or `on_demand`",
                Some("e.g. `capacity: { rcu: 1000, wcu: 500 }`".into()),
            );
        }
        for (name, v) in [("rcu", cap.rcu), ("wcu", cap.wcu)] {
            if v == Some(0) {
                c.fail(
                    &format!("simulation.capacity.{name}"),
                    "provisioned capacity is at least 1 unit",
                    None,
                );
            }
        }
    }
    if let Some(a) = &s.autoscaling {
        for (lo, hi, name) in [(a.min_rcu, a.max_rcu, "rcu"), (a.min_wcu, a.max_wcu, "wcu")] {
            if lo == Some(0) {
                c.fail(
                    &format!("simulation.autoscaling.min_{name}"),
                    "the minimum is at least 1 unit",
                    None,
                );
            }
            if let (Some(lo), Some(hi)) = (lo, hi)
                && lo > hi
            {
                c.fail(
                    &format!("simulation.autoscaling.min_{name}"),
                    format!("min_{name} {lo} is above max_{name} {hi}"),
                    None,
                );
            }
        }
        if let Some(t) = a.target_utilization
            && (t < Decimal::new(2, 1) || t > Decimal::new(9, 1))
        {
            c.fail(
                "simulation.autoscaling.target_utilization",
                format!("must be between 0.2 and 0.9, found {t}"),
                None,
            );
        }
    }
    let mut last: Option<u64> = None;
    for (i, ph) in s.phases.iter().enumerate() {
        let p = format!("simulation.phases[{i}]");
        if ph.multiplier < Decimal::ZERO {
            c.fail(&format!("{p}.multiplier"), "cannot be negative", None);
        }
        if let Some(prev) = last
            && ph.at.micros() <= prev
        {
            c.fail(&format!("{p}.at"), "phases must be in increasing order of `at`", None);
        }
        if ph.at.micros() >= s.duration.micros() && s.duration.micros() > 0 {
            c.fail(
                &format!("{p}.at"),
                format!("starts at or after the end of the simulation ({})", s.duration),
                None,
            );
        }
        let next = s.phases.get(i + 1).map(|n| n.at.micros()).unwrap_or(s.duration.micros());
        if let Some(ramp) = ph.ramp
            && ph.at.micros().saturating_add(ramp.micros()) > next
        {
            c.fail(
                &format!("{p}.ramp"),
                "the ramp must end before the next phase (or the end of the simulation)",
                None,
            );
        }
        last = Some(ph.at.micros());
    }
}
