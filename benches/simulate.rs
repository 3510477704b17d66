//! `cargo bench --bench simulate`: simulated requests per wall-clock second
//! of `simulate` in the library (engine in the loop), for a 10,000
//! requests-per-second GetItem/UpdateItem/PutItem mix over a 50-million-item
//! table (benches/simulate-10k-1h.yaml cut to a short window) and for a
//! hot-key variant of it. Divan reports items/s: one item is one simulated
//! request. Figures go to docs/performance.md (`## ddbplan simulate`).

use std::path::PathBuf;

use ddbplan::estimate::{Estimate, PriceLists, estimate};
use ddbplan::pricing::PriceList;
use ddbplan::sim::{NoProgress, SimOptions, simulate};
use ddbplan::units::SimDuration;
use ddbplan::workload::{self, WorkloadFile};

fn main() {
    divan::main();
}

/// Simulated seconds per benchmark iteration (100,000 requests at 10k/s).
const WINDOW_SECS: u64 = 10;

/// The 10k req/s workload, with its uniform key choice replaced by `keys`.
fn workload(keys: &str) -> (WorkloadFile, Estimate, PriceList) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/simulate-10k-1h.yaml");
    let text = std::fs::read_to_string(&path).expect("benchmark workload readable");
    let text = text.replace("key_distribution: uniform", &format!("key_distribution: {keys}"));
    let file = workload::parse("simulate-10k-1h.yaml", &text, PathBuf::new(), 0)
        .expect("valid benchmark workload");
    let home = PriceList::builtin("us-east-1").expect("built-in region");
    let other = |r: &str| PriceList::builtin(r);
    let est = estimate(&file, &PriceLists { home: &home, other: &other }).expect("estimates");
    (file, est, home)
}

fn run(bencher: divan::Bencher, keys: &str) {
    let (file, est, prices) = workload(keys);
    let opts =
        SimOptions { duration: Some(SimDuration::from_secs(WINDOW_SECS)), ..Default::default() };
    let once = || simulate(&file, &est, &prices, &opts, &mut NoProgress).expect("simulates");
    let requests = once().summary.requests;
    bencher.counter(divan::counter::ItemsCount::new(requests)).bench(once);
}

/// Uniform keys over 10M partition keys x 5 items (50M items).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn mix_10k_per_sec_50m_items(bencher: divan::Bencher) {
    run(bencher, "uniform");
}

/// Half the requests on one key (it throttles at the partition limit).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn mix_10k_per_sec_hot_key(bencher: divan::Bencher) {
    run(bencher, "{ hot_keys: { count: 1, share: 0.5 } }");
}
