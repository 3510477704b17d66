//! The sourced figures of the built-in price lists, pinned one by one.
//!
//! Each expected value is typed in from its source (named in the test), not
//! computed, so editing a YAML file by mistake fails here. Test-only module.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::price_list::PriceList;
use super::table_class::TableClass;

fn list(region: &str) -> PriceList {
    PriceList::builtin(region).unwrap_or_else(|e| panic!("{region}: {e}"))
}

/// (standard, standard_ia) for each of the seven per-class keys.
fn class_figures(list: &PriceList, class: TableClass) -> [Decimal; 7] {
    let p = list.table_class(class);
    [
        p.on_demand_read_per_million.usd,
        p.on_demand_write_per_million.usd,
        p.replicated_write_per_million.usd,
        p.provisioned_rcu_hour.usd,
        p.provisioned_wcu_hour.usd,
        p.replicated_wcu_hour.usd,
        p.storage_gb_month.usd,
    ]
}

#[test]
fn us_east_1_standard_is_the_post_2024_11_01_card() {
    // Price List SKUs (quoted), AWS agent-toolkit, infracost golden 0b97cc5,
    // awslabs reco config v1.1.4 (IAD).
    let l = list("us-east-1");
    assert_eq!(
        class_figures(&l, TableClass::Standard),
        [
            dec!(0.125),
            dec!(0.625),
            dec!(0.625),
            dec!(0.00013),
            dec!(0.00065),
            dec!(0.00065),
            dec!(0.25)
        ]
    );
}

#[test]
fn us_east_1_standard_ia() {
    // ScyllaDB calculator config (pricePer*_IA) and Price List IA SKUs (quoted);
    // replicated = single-Region since 2024-11-01 (derived).
    let l = list("us-east-1");
    assert_eq!(
        class_figures(&l, TableClass::StandardIa),
        [
            dec!(0.155),
            dec!(0.78),
            dec!(0.78),
            dec!(0.00016),
            dec!(0.00081),
            dec!(0.00081),
            dec!(0.10)
        ]
    );
}

#[test]
fn us_east_1_reserved_backups_streams_free_tier() {
    let l = list("us-east-1");
    // awslabs reco config, IAD rc1/rc3.
    let one = l.reserved.one_year.as_ref().expect("1-year term");
    let three = l.reserved.three_year.as_ref().expect("3-year term");
    assert_eq!(
        [
            one.rcu_upfront_per_100.usd,
            one.rcu_hourly_per_100.usd,
            one.wcu_upfront_per_100.usd,
            one.wcu_hourly_per_100.usd
        ],
        [dec!(30), dec!(0.0025), dec!(150), dec!(0.0128)]
    );
    assert_eq!(
        [
            three.rcu_upfront_per_100.usd,
            three.rcu_hourly_per_100.usd,
            three.wcu_upfront_per_100.usd,
            three.wcu_hourly_per_100.usd
        ],
        [dec!(36), dec!(0.0016), dec!(180), dec!(0.0081)]
    );
    // infracost golden: 2,300 GB PITR = $460, 460 GB backup = $46, 230 GB restore = $34.50.
    assert_eq!(l.backups.pitr_gb_month.usd * dec!(2300), dec!(460));
    assert_eq!(l.backups.on_demand_backup_gb_month.usd * dec!(460), dec!(46));
    assert_eq!(l.backups.restore_gb.usd * dec!(230), dec!(34.50));
    // infracost golden: 2,000,000 sRRU = $0.40.
    assert_eq!(l.streams.read_request_per_100k.usd * dec!(20), dec!(0.40));
    let f = &l.free_tier;
    assert_eq!(
        [
            f.storage_gb.amount,
            f.provisioned_rcu.amount,
            f.provisioned_wcu.amount,
            f.stream_read_requests.amount
        ],
        [dec!(25), dec!(25), dec!(25), dec!(2500000)]
    );
}

#[test]
fn us_east_1_infracost_golden_monthly_lines_reproduce() {
    // infracost golden 0b97cc5 (730 h month): 20 WCU = $9.49, 30 RCU = $2.85,
    // 3M WRU = $1.88 (1.875), 8M RRU = $1.00, 230 GB = $57.50.
    let p = list("us-east-1").table_classes.standard;
    let cents = |d: Decimal| d.round_dp(2);
    assert_eq!(cents(p.provisioned_wcu_hour.usd * dec!(20) * dec!(730)), dec!(9.49));
    assert_eq!(cents(p.provisioned_rcu_hour.usd * dec!(30) * dec!(730)), dec!(2.85));
    assert_eq!(p.on_demand_write_per_million.usd * dec!(3), dec!(1.875));
    assert_eq!(p.on_demand_read_per_million.usd * dec!(8), dec!(1.000));
    assert_eq!(p.storage_gb_month.usd * dec!(230), dec!(57.50));
}

#[test]
fn us_west_2_provisioned_and_reserved_match_awslabs_pdx() {
    // awslabs reco config: PDX has the IAD card.
    let w = list("us-west-2");
    let e = list("us-east-1");
    for class in [TableClass::Standard, TableClass::StandardIa] {
        assert_eq!(class_figures(&w, class), class_figures(&e, class), "{}", class.as_str());
    }
    assert_eq!(reserved_figures(&w), reserved_figures(&e));
    assert_eq!(reserved_figures(&w)[..4], [dec!(30), dec!(0.0025), dec!(150), dec!(0.0128)]);
    assert_eq!(w.table_classes.standard.provisioned_wcu_hour.usd, dec!(0.00065));
}

fn reserved_figures(list: &PriceList) -> Vec<Decimal> {
    [&list.reserved.one_year, &list.reserved.three_year]
        .into_iter()
        .flatten()
        .flat_map(|t| {
            [
                t.rcu_upfront_per_100.usd,
                t.rcu_hourly_per_100.usd,
                t.wcu_upfront_per_100.usd,
                t.wcu_hourly_per_100.usd,
            ]
        })
        .collect()
}

#[test]
fn eu_west_1_standard() {
    // Price List quotes (0.1415, 0.705, 0.283) and awslabs reco config DUB.
    let l = list("eu-west-1");
    assert_eq!(
        class_figures(&l, TableClass::Standard),
        [
            dec!(0.1415),
            dec!(0.705),
            dec!(0.705),
            dec!(0.000147),
            dec!(0.000735),
            dec!(0.000735),
            dec!(0.283)
        ]
    );
}

#[test]
fn eu_west_1_standard_ia_is_the_documented_ratio_of_standard() {
    // Derived figures: 1.25 x throughput, 0.4 x storage (low confidence).
    let l = list("eu-west-1");
    assert_eq!(
        class_figures(&l, TableClass::StandardIa),
        [
            dec!(0.176875),
            dec!(0.88125),
            dec!(0.88125),
            dec!(0.00018375),
            dec!(0.00091875),
            dec!(0.00091875),
            dec!(0.1132)
        ]
    );
}

#[test]
fn eu_west_1_reserved_backups_streams() {
    let l = list("eu-west-1");
    let one = l.reserved.one_year.as_ref().expect("1-year term");
    let three = l.reserved.three_year.as_ref().expect("3-year term");
    // awslabs reco config DUB rc1/rc3; = Price List SKUs x 100 (audit 2025-08-28).
    assert_eq!(
        [
            one.rcu_upfront_per_100.usd,
            one.rcu_hourly_per_100.usd,
            one.wcu_upfront_per_100.usd,
            one.wcu_hourly_per_100.usd
        ],
        [dec!(33.9), dec!(0.0029), dec!(169.5), dec!(0.0145)]
    );
    assert_eq!(
        [
            three.rcu_upfront_per_100.usd,
            three.rcu_hourly_per_100.usd,
            three.wcu_upfront_per_100.usd,
            three.wcu_hourly_per_100.usd
        ],
        [dec!(40.68), dec!(0.0018), dec!(203.4), dec!(0.0092)]
    );
    assert_eq!(
        [
            l.backups.pitr_gb_month.usd,
            l.backups.on_demand_backup_gb_month.usd,
            l.backups.restore_gb.usd
        ],
        [dec!(0.22), dec!(0.1132), dec!(0.1698)]
    );
    assert_eq!(l.streams.read_request_per_100k.usd, dec!(0.0226));
}

#[test]
fn ap_southeast_1_provisioned_and_reserved_match_awslabs_sin() {
    // awslabs reco config, SIN.
    let l = list("ap-southeast-1");
    let p = l.table_class(TableClass::Standard);
    assert_eq!(
        [p.provisioned_rcu_hour.usd, p.provisioned_wcu_hour.usd, p.replicated_wcu_hour.usd],
        [dec!(0.000148), dec!(0.00074), dec!(0.00074)]
    );
    assert_eq!(
        reserved_figures(&l),
        [
            dec!(34.2),
            dec!(0.0029),
            dec!(171.0),
            dec!(0.0146),
            dec!(41.04),
            dec!(0.0018),
            dec!(205.2),
            dec!(0.0093)
        ]
    );
}

#[test]
fn ap_southeast_1_peer_and_ratio_derived_figures() {
    // Peer Regions with the same provisioned card (ap-southeast-2, ap-south-1
    // Price List quotes); Standard-IA 1.25x / 0.4x; Streams 0.08 x storage.
    let l = list("ap-southeast-1");
    let s = l.table_class(TableClass::Standard);
    assert_eq!(
        [
            s.on_demand_read_per_million.usd,
            s.on_demand_write_per_million.usd,
            s.storage_gb_month.usd
        ],
        [dec!(0.1425), dec!(0.71), dec!(0.285)]
    );
    assert_eq!(
        class_figures(&l, TableClass::StandardIa),
        [
            dec!(0.178125),
            dec!(0.8875),
            dec!(0.8875),
            dec!(0.000185),
            dec!(0.000925),
            dec!(0.000925),
            dec!(0.114)
        ]
    );
    assert_eq!(
        [
            l.backups.pitr_gb_month.usd,
            l.backups.on_demand_backup_gb_month.usd,
            l.backups.restore_gb.usd
        ],
        [dec!(0.228), dec!(0.114), dec!(0.171)]
    );
    assert_eq!(l.streams.read_request_per_100k.usd, dec!(0.0228));
}

#[test]
fn every_derived_figure_says_so() {
    // A figure not read from its own Region's source must carry a note that
    // starts with "derived:" (docs/pricing.md policy).
    for region in PriceList::builtin_regions() {
        let text = serde_json::to_value(list(region)).unwrap();
        let mut seen = 0;
        walk(&text, &mut |price| {
            if let Some(note) = price.get("note").and_then(|n| n.as_str())
                && note.contains("derived")
            {
                assert!(note.starts_with("derived:"), "{region}: {note}");
                seen += 1;
            }
        });
        assert!(seen > 0, "{region} has derived figures");
    }
}

#[test]
fn docs_pricing_md_lists_every_builtin_figure() {
    // docs/pricing.md carries a row `| `path` | usd | ...` for every figure of
    // every built-in list, in that Region's section.
    let docs = include_str!("../../docs/pricing.md");
    for region in PriceList::builtin_regions() {
        let heading = format!("### {region}: ");
        let start = docs.find(&heading).unwrap_or_else(|| panic!("no section for {region}"));
        let section = &docs[start..];
        let section = &section[..section[4..].find("\n### ").map_or(section.len(), |i| i + 4)];
        let mut rows = 0;
        walk_paths(&serde_json::to_value(list(region)).unwrap(), "", &mut |path, figure| {
            let value = figure.get("usd").or_else(|| figure.get("amount")).unwrap();
            let row = format!("| `{path}` | {} |", value.as_str().unwrap());
            assert!(section.contains(&row), "{region}: docs/pricing.md lacks {row}");
            rows += 1;
        });
        assert_eq!(rows, 7 * 2 + 8 + 4 + 4, "{region}: figure count");
    }
}

fn walk(value: &serde_json::Value, on_price: &mut impl FnMut(&serde_json::Value)) {
    walk_paths(value, "", &mut |_, v| on_price(v));
}

/// Calls `on_figure(path, figure)` for every price or allowance under `value`.
fn walk_paths(
    value: &serde_json::Value,
    path: &str,
    on_figure: &mut impl FnMut(&str, &serde_json::Value),
) {
    if let Some(map) = value.as_object() {
        if map.contains_key("usd") || map.contains_key("amount") {
            on_figure(path, value);
            return;
        }
        for (key, v) in map {
            let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            walk_paths(v, &child, on_figure);
        }
    }
}
