//! `ddbplan estimate` end to end.

use crate::util::run;

#[test]
fn estimate_runs_a_bundled_scenario() {
    let (code, out, err) = run(&["estimate", "scenarios/ecommerce-orders.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Recommendation:"), "{out}");
}
