//! The price-list schema (`pricing/<region>.yaml`), the built-in lists and
//! `--pricing FILE` overrides.
//!
//! A [`PriceList`] is one Region's rate card: per table class
//! ([`TableClassPrices`]) the on-demand, provisioned and replicated (global
//! tables) throughput prices and storage; reserved capacity; backups;
//! Streams; the always-free allowances. Every figure is a [`Price`] or
//! [`Allowance`] carrying its source URL and effective date; see
//! `docs/pricing.md` for the schema, the sources and the confidence of each
//! figure.
//!
//! Loading: [`PriceList::builtin`] reads one of the lists compiled into the
//! binary with `include_str!`; [`PriceList::from_file`] and
//! [`PriceList::from_str`] read an override. All go through
//! `crate::yaml::from_str`, so a bad file is reported with its file, line,
//! column, field path, what was expected and a hint; checks serde cannot
//! express (the schema version, the region code) are located afterwards with
//! `crate::yaml::LocationIndex`.
//!
//! Depends on `crate::yaml`, `super::price` and `super::table_class`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::PricingError;
use super::price::{Allowance, Price};
use super::table_class::TableClass;
use crate::yaml::{self, Located, LocationIndex, YamlError};

/// The price-list format version this build reads.
pub const PRICE_LIST_VERSION: u32 = 1;

/// The lists compiled into the binary: (region, file name, YAML text).
const BUILTIN: &[(&str, &str, &str)] = &[
    (
        "ap-southeast-1",
        "pricing/ap-southeast-1.yaml",
        include_str!("../../pricing/ap-southeast-1.yaml"),
    ),
    ("eu-west-1", "pricing/eu-west-1.yaml", include_str!("../../pricing/eu-west-1.yaml")),
    ("us-east-1", "pricing/us-east-1.yaml", include_str!("../../pricing/us-east-1.yaml")),
    ("us-west-2", "pricing/us-west-2.yaml", include_str!("../../pricing/us-west-2.yaml")),
];

/// The Regions with a built-in price list, sorted.
const BUILTIN_REGIONS: &[&str] = &["ap-southeast-1", "eu-west-1", "us-east-1", "us-west-2"];

/// One Region's DynamoDB rate card.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PriceList {
    /// Schema version; must be [`PRICE_LIST_VERSION`].
    pub version: u32,
    /// Region code, e.g. `us-east-1`.
    pub region: String,
    /// Human name, e.g. `US East (N. Virginia)`.
    pub region_name: String,
    pub currency: Currency,
    pub table_classes: TableClasses,
    pub reserved: Reserved,
    pub backups: Backups,
    pub streams: Streams,
    pub free_tier: FreeTier,
}

/// The currency every `usd` amount is in. Only US dollars are supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Currency {
    #[serde(rename = "USD")]
    Usd,
}

impl Currency {
    /// The ISO 4217 code, as written in price lists.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
        }
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The prices of each table class.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TableClasses {
    pub standard: TableClassPrices,
    pub standard_ia: TableClassPrices,
}

/// Throughput and storage prices of one table class in one Region.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TableClassPrices {
    /// Per 1,000,000 read request units (on-demand).
    pub on_demand_read_per_million: Price,
    /// Per 1,000,000 write request units (on-demand).
    pub on_demand_write_per_million: Price,
    /// Per 1,000,000 replicated write request units (global tables, on-demand).
    pub replicated_write_per_million: Price,
    /// Per read capacity unit-hour (provisioned).
    pub provisioned_rcu_hour: Price,
    /// Per write capacity unit-hour (provisioned).
    pub provisioned_wcu_hour: Price,
    /// Per replicated write capacity unit-hour (global tables, provisioned).
    pub replicated_wcu_hour: Price,
    /// Per GB-month of table and index storage.
    pub storage_gb_month: Price,
}

/// Reserved capacity (Standard table class, single-Region RCU/WCU only).
/// A term is absent where the Region does not offer it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reserved {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_year: Option<ReservedTerm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_year: Option<ReservedTerm>,
}

/// Prices of one reserved-capacity term, per block of 100 units.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReservedTerm {
    /// One-time payment per 100 RCU.
    pub rcu_upfront_per_100: Price,
    /// Hourly charge per 100 RCU for the whole term.
    pub rcu_hourly_per_100: Price,
    /// One-time payment per 100 WCU.
    pub wcu_upfront_per_100: Price,
    /// Hourly charge per 100 WCU for the whole term.
    pub wcu_hourly_per_100: Price,
}

/// Backup and restore prices.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Backups {
    /// Continuous backups (point-in-time recovery), per GB-month of table size.
    pub pitr_gb_month: Price,
    /// On-demand backups, per GB-month stored.
    pub on_demand_backup_gb_month: Price,
    /// Restoring a table (from a backup or PITR), per GB restored.
    pub restore_gb: Price,
}

/// DynamoDB Streams prices.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Streams {
    /// Per 100,000 streams read request units (GetRecords calls).
    pub read_request_per_100k: Price,
}

/// Always-free monthly allowances (per account, per Region).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FreeTier {
    /// GB-month of Standard-class storage.
    pub storage_gb: Allowance,
    /// Provisioned RCU (held all month).
    pub provisioned_rcu: Allowance,
    /// Provisioned WCU (held all month).
    pub provisioned_wcu: Allowance,
    /// Streams read request units per month.
    pub stream_read_requests: Allowance,
}

impl PriceList {
    /// The built-in price list for `region`.
    ///
    /// An unknown region is an error listing the known regions and the
    /// closest one.
    pub fn builtin(region: &str) -> Result<PriceList, PricingError> {
        match BUILTIN.iter().find(|(name, ..)| *name == region) {
            Some((_, file, text)) => PriceList::from_str(file, text),
            None => Err(PricingError::UnknownRegion {
                region: region.to_string(),
                known: BUILTIN_REGIONS.iter().map(|r| r.to_string()).collect(),
                closest: yaml::closest(region, BUILTIN_REGIONS.iter().copied()).map(str::to_string),
            }),
        }
    }

    /// The Regions that have a built-in price list, sorted.
    pub fn builtin_regions() -> &'static [&'static str] {
        BUILTIN_REGIONS
    }

    /// Reads a price list from a file (`--pricing FILE`).
    pub fn from_file(path: &Path) -> Result<PriceList, PricingError> {
        let bytes = std::fs::read(path)
            .map_err(|source| PricingError::Io { path: path.to_path_buf(), source })?;
        let name = path.display().to_string();
        PriceList::from_str(&name, &yaml::utf8_text(&name, bytes)?)
    }

    /// Reads a price list from `text`; `name` is the file name used in errors.
    #[allow(clippy::should_implement_trait)] // needs a name for located errors
    pub fn from_str(name: &str, text: &str) -> Result<PriceList, PricingError> {
        let list: PriceList = yaml::from_str(name, text).map_err(with_field_hint)?;
        list.check(name, text)?;
        Ok(list)
    }

    /// The throughput and storage prices of `class`.
    pub fn table_class(&self, class: TableClass) -> &TableClassPrices {
        match class {
            TableClass::Standard => &self.table_classes.standard,
            TableClass::StandardIa => &self.table_classes.standard_ia,
        }
    }

    /// Rules serde cannot express, located with the document's positions.
    fn check(&self, name: &str, text: &str) -> Result<(), PricingError> {
        let at = |path: &str| {
            let pos = LocationIndex::build(text).find(path);
            Located {
                file: name.to_string(),
                line: pos.map(|p| p.0),
                column: pos.map(|p| p.1),
                path: path.to_string(),
            }
        };
        if self.version != PRICE_LIST_VERSION {
            return Err(PricingError::from(
                YamlError::new(
                    at("version"),
                    format!(
                        "unsupported price-list version {}, expected {PRICE_LIST_VERSION}",
                        self.version
                    ),
                )
                .with_hint(format!(
                    "this ddbplan reads `version: {PRICE_LIST_VERSION}` price lists"
                )),
            ));
        }
        let region_ok = !self.region.is_empty()
            && self
                .region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !region_ok {
            return Err(PricingError::from(
                YamlError::new(
                    at("region"),
                    format!("`{}` is not an AWS Region code", self.region),
                )
                .with_hint("write the Region code in lower case, e.g. `region: us-east-1`"),
            ));
        }
        Ok(())
    }
}

/// Adds a hint to a field-level error that has none, by the field's name.
fn with_field_hint(error: YamlError) -> YamlError {
    if error.hint.is_some() {
        return error;
    }
    let field = error.at.path.rsplit('.').next().unwrap_or("");
    let hint = match field {
        "usd" => "write the price as a quoted decimal string, e.g. `usd: \"0.625\"`",
        "amount" => "write the allowance as a whole number, e.g. `amount: 25`",
        "effective" => {
            "write the date the price took effect as YYYY-MM-DD, e.g. `effective: 2024-11-01`"
        }
        "source" => {
            "give the http(s) URL the figure was read from, e.g. `source: https://aws.amazon.com/dynamodb/pricing/`"
        }
        _ => return error,
    };
    error.with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn builtin_table_lists_every_region_once_in_order() {
        let names: Vec<&str> = BUILTIN.iter().map(|(r, ..)| *r).collect();
        assert_eq!(names, BUILTIN_REGIONS);
        assert!(BUILTIN_REGIONS.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
    }

    #[test]
    fn every_builtin_list_loads_and_names_its_own_region() {
        for region in PriceList::builtin_regions() {
            let list = PriceList::builtin(region).unwrap_or_else(|e| panic!("{region}: {e}"));
            assert_eq!(list.region, *region);
            assert_eq!(list.version, PRICE_LIST_VERSION);
            assert!(!list.region_name.is_empty());
        }
    }

    #[test]
    fn table_class_selects_the_right_prices() {
        let list = PriceList::builtin("us-east-1").unwrap();
        assert_eq!(
            list.table_class(TableClass::Standard).storage_gb_month.usd,
            list.table_classes.standard.storage_gb_month.usd
        );
        assert_eq!(
            list.table_class(TableClass::StandardIa).storage_gb_month.usd,
            list.table_classes.standard_ia.storage_gb_month.usd
        );
        assert_ne!(
            list.table_class(TableClass::Standard).storage_gb_month.usd,
            list.table_class(TableClass::StandardIa).storage_gb_month.usd
        );
    }

    #[test]
    fn table_class_names_are_snake_case() {
        let parsed: Vec<TableClass> =
            serde_json::from_str(r#"["standard","standard_ia"]"#).unwrap();
        assert_eq!(parsed, [TableClass::Standard, TableClass::StandardIa]);
        assert_eq!(TableClass::StandardIa.as_str(), "standard_ia");
    }

    #[test]
    fn unknown_region_lists_the_known_ones_and_the_closest() {
        let err = PriceList::builtin("us-east1").unwrap_err();
        match &err {
            PricingError::UnknownRegion { known, closest, .. } => {
                assert_eq!(
                    known,
                    &BUILTIN_REGIONS.iter().map(|r| r.to_string()).collect::<Vec<_>>()
                );
                assert_eq!(closest.as_deref(), Some("us-east-1"));
            }
            other => panic!("unexpected {other:?}"),
        }
        let text = err.to_string();
        assert!(text.contains("ap-southeast-1, eu-west-1, us-east-1, us-west-2"), "{text}");
        assert!(text.contains("did you mean `us-east-1`?"), "{text}");
        assert!(text.contains("--pricing FILE"), "{text}");
    }

    #[test]
    fn a_region_without_a_close_match_still_gets_a_hint() {
        let text = PriceList::builtin("xx-nowhere-9").unwrap_err().to_string();
        assert!(text.contains("use one of the built-in regions"), "{text}");
    }

    #[test]
    fn prices_keep_their_exact_decimal_text() {
        // Serializing back keeps the figure exactly as published.
        let list = PriceList::builtin("us-east-1").unwrap();
        let json = serde_json::to_value(&list.table_classes.standard.storage_gb_month).unwrap();
        assert_eq!(json["usd"], "0.25");
        assert_eq!(json["effective"], "2024-11-01");
        assert_eq!(list.table_classes.standard_ia.storage_gb_month.usd, dec!(0.10));
    }

    // ----- bad files give located errors -----

    const US_EAST_1: &str = include_str!("../../pricing/us-east-1.yaml");

    /// us-east-1 with the first occurrence of `from` after `anchor` replaced
    /// by `to`; also returns the 1-based line of the replacement.
    fn edited(anchor: &str, from: &str, to: &str) -> (String, usize) {
        let start = US_EAST_1.find(anchor).expect("anchor");
        let at = start + US_EAST_1[start..].find(from).expect("from");
        let line = US_EAST_1[..at].lines().count() + usize::from(US_EAST_1[..at].ends_with('\n'));
        let text = format!("{}{}{}", &US_EAST_1[..at], to, &US_EAST_1[at + from.len()..]);
        (text, line)
    }

    fn invalid(text: &str) -> YamlError {
        match PriceList::from_str("bad.yaml", text) {
            Err(PricingError::Invalid(e)) => *e,
            other => panic!("expected an invalid-file error, got {other:?}"),
        }
    }

    #[test]
    fn negative_price_is_located_at_its_field() {
        let (text, line) = edited("    storage_gb_month:", "usd: \"0.25\"", "usd: \"-0.25\"");
        let e = invalid(&text);
        assert_eq!(e.at.file, "bad.yaml");
        assert_eq!(e.at.path, "table_classes.standard.storage_gb_month.usd", "{e}");
        assert_eq!(e.at.line, Some(line), "{e}");
        assert!(e.at.column.is_some(), "{e}");
        assert!(e.message.contains("negative"), "{e}");
        assert!(e.hint.as_deref().unwrap_or("").contains("quoted decimal"), "{e}");
    }

    #[test]
    fn missing_source_is_named_with_its_path() {
        let (text, _) = edited(
            "  pitr_gb_month:",
            "    source: https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonDynamoDB/current/us-east-1/index.json\n",
            "",
        );
        let e = invalid(&text);
        assert!(e.message.contains("missing required field `source`"), "{e}");
        assert_eq!(e.at.path, "backups.pitr_gb_month.source", "{e}");
        assert!(e.at.line.is_some(), "{e}");
        assert!(e.hint.is_some(), "{e}");
    }

    #[test]
    fn unknown_field_suggests_the_schema_name() {
        let (text, line) = edited("  standard:", "storage_gb_month:", "storage_gb_mnth:");
        let e = invalid(&text);
        assert!(e.message.contains("unknown field `storage_gb_mnth`"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `storage_gb_month`?"), "{e}");
        assert_eq!(e.at.line, Some(line), "{e}");
        assert!(e.at.path.starts_with("table_classes.standard"), "{e}");
    }

    #[test]
    fn non_decimal_usd_is_refused() {
        for bad in ["usd: \"1e-7\"", "usd: \"0,25\"", "usd: \"\"", "usd: \"cheap\""] {
            let (text, line) = edited("    storage_gb_month:", "usd: \"0.25\"", bad);
            let e = invalid(&text);
            assert_eq!(e.at.path, "table_classes.standard.storage_gb_month.usd", "{bad}: {e}");
            assert_eq!(e.at.line, Some(line), "{bad}: {e}");
            assert!(e.message.contains("plain decimal"), "{bad}: {e}");
        }
    }

    #[test]
    fn unquoted_usd_is_refused_so_no_float_sneaks_in() {
        let (text, line) = edited("    storage_gb_month:", "usd: \"0.25\"", "usd: 0.25");
        let e = invalid(&text);
        assert_eq!(e.at.path, "table_classes.standard.storage_gb_month.usd", "{e}");
        assert_eq!(e.at.line, Some(line), "{e}");
        assert!(e.message.contains("quoted decimal string"), "{e}");
    }

    #[test]
    fn bad_date_and_bad_source_are_located() {
        let (text, line) =
            edited("  restore_gb:", "effective: 2024-11-01", "effective: 2024-11-31");
        let e = invalid(&text);
        assert_eq!(e.at.path, "backups.restore_gb.effective", "{e}");
        assert_eq!(e.at.line, Some(line), "{e}");
        assert!(e.hint.as_deref().unwrap_or("").contains("YYYY-MM-DD"), "{e}");

        let (text, line) = edited("  restore_gb:", "source: https://", "source: ftp://");
        let e = invalid(&text);
        assert_eq!(e.at.path, "backups.restore_gb.source", "{e}");
        assert_eq!(e.at.line, Some(line), "{e}");
        assert!(e.message.contains("http(s) URL"), "{e}");
    }

    #[test]
    fn negative_allowance_is_refused() {
        let (text, line) = edited("  provisioned_wcu:", "amount: 25", "amount: -25");
        let e = invalid(&text);
        assert_eq!(e.at.path, "free_tier.provisioned_wcu.amount", "{e}");
        assert_eq!(e.at.line, Some(line), "{e}");
        assert!(e.message.contains("negative"), "{e}");
    }

    #[test]
    fn wrong_version_and_region_are_located_after_parsing() {
        let (text, line) = edited("version:", "version: 1", "version: 2");
        let e = invalid(&text);
        assert_eq!((e.at.path.as_str(), e.at.line), ("version", Some(line)), "{e}");
        assert!(e.message.contains("version 2"), "{e}");

        let (text, line) = edited("region:", "region: us-east-1", "region: US East 1");
        let e = invalid(&text);
        assert_eq!((e.at.path.as_str(), e.at.line), ("region", Some(line)), "{e}");
    }

    #[test]
    fn currency_displays_as_its_iso_code() {
        assert_eq!(Currency::Usd.to_string(), "USD");
    }

    #[test]
    fn currency_other_than_usd_is_refused() {
        let (text, _) = edited("currency:", "currency: USD", "currency: EUR");
        let e = invalid(&text);
        assert_eq!(e.at.path, "currency", "{e}");
    }

    #[test]
    fn a_term_may_be_omitted_where_not_offered() {
        let start = US_EAST_1.find("  three_year:").unwrap();
        let end = US_EAST_1.find("backups:").unwrap();
        let text = format!("{}{}", &US_EAST_1[..start], &US_EAST_1[end..]);
        let list = PriceList::from_str("no-3yr.yaml", &text).unwrap();
        assert!(list.reserved.three_year.is_none());
        assert!(list.reserved.one_year.is_some());
    }

    #[test]
    fn from_file_reads_overrides_and_reports_missing_files() {
        let dir = std::env::temp_dir().join(format!("ddbplan-pricing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("custom.yaml");
        let (text, _) = edited("    storage_gb_month:", "usd: \"0.25\"", "usd: \"0.30\"");
        std::fs::write(&path, text).unwrap();
        let list = PriceList::from_file(&path).unwrap();
        assert_eq!(list.table_classes.standard.storage_gb_month.usd, dec!(0.30));

        let missing = dir.join("missing.yaml");
        let err = PriceList::from_file(&missing).unwrap_err();
        assert!(matches!(err, PricingError::Io { .. }), "{err:?}");
        assert!(err.to_string().contains("missing.yaml"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
