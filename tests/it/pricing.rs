//! `ddbplan pricing`: the built-in regions and a price list shown as a table.

use crate::util::run;

#[test]
fn pricing_show_names_the_currency_by_its_code() {
    let (code, out, err) = run(&["pricing", "show", "us-east-1"]);
    assert_eq!(code, 0, "{err}");
    let first = out.lines().next().expect("a heading line");
    assert_eq!(first, "us-east-1 (US East (N. Virginia)), prices in USD");
    assert!(!out.contains("Usd"), "no Rust type name in the output");
    let header = out.lines().nth(2).expect("the table header");
    assert!(header.contains("┆ USD "), "{header}");
}
