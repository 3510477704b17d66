//! `ddbplan pricing show`: a price list as a table, each figure with its
//! source and effective date.

use std::io::{self, Write};

use comfy_table::Cell;

use super::fmt::table;
use crate::pricing::{Price, PriceList, TableClass};

/// Writes every price of `list`.
pub fn render(list: &PriceList, out: &mut dyn Write) -> io::Result<()> {
    let currency = list.currency.code();
    writeln!(out, "{} ({}), prices in {currency}", list.region, list.region_name)?;
    let mut t = table(vec!["price", currency, "effective", "source"]);
    let mut row = |name: String, p: &Price| {
        let note = p.note.as_ref().map(|n| format!("\n  ({n})")).unwrap_or_default();
        t.add_row(vec![
            Cell::new(name),
            Cell::new(p.usd.normalize()),
            Cell::new(p.effective.to_string()),
            Cell::new(format!("{}{note}", p.source)),
        ]);
    };
    for class in [TableClass::Standard, TableClass::StandardIa] {
        let c = list.table_class(class);
        let k = class.as_str();
        row(format!("{k}: on-demand read, per million RRU"), &c.on_demand_read_per_million);
        row(format!("{k}: on-demand write, per million WRU"), &c.on_demand_write_per_million);
        row(format!("{k}: replicated write, per million rWRU"), &c.replicated_write_per_million);
        row(format!("{k}: provisioned RCU-hour"), &c.provisioned_rcu_hour);
        row(format!("{k}: provisioned WCU-hour"), &c.provisioned_wcu_hour);
        row(format!("{k}: replicated WCU-hour"), &c.replicated_wcu_hour);
        row(format!("{k}: storage, per GB-month"), &c.storage_gb_month);
    }
    for (term, r) in [("1-year", &list.reserved.one_year), ("3-year", &list.reserved.three_year)] {
        if let Some(r) = r {
            row(format!("reserved {term}: RCU upfront per 100"), &r.rcu_upfront_per_100);
            row(format!("reserved {term}: RCU hourly per 100"), &r.rcu_hourly_per_100);
            row(format!("reserved {term}: WCU upfront per 100"), &r.wcu_upfront_per_100);
            row(format!("reserved {term}: WCU hourly per 100"), &r.wcu_hourly_per_100);
        }
    }
    row("PITR, per GB-month".into(), &list.backups.pitr_gb_month);
    row("on-demand backup, per GB-month".into(), &list.backups.on_demand_backup_gb_month);
    row("restore, per GB".into(), &list.backups.restore_gb);
    row("streams read requests, per 100,000".into(), &list.streams.read_request_per_100k);
    writeln!(out, "{t}")?;
    let f = &list.free_tier;
    writeln!(
        out,
        "Free tier per month: {} GB storage, {} RCU, {} WCU, {} stream read requests ({})",
        f.storage_gb.amount,
        f.provisioned_rcu.amount,
        f.provisioned_wcu.amount,
        f.stream_read_requests.amount,
        f.storage_gb.source
    )?;
    Ok(())
}
