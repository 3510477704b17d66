//! `cargo bench --bench estimate`: how long an estimate of each bundled
//! scenario takes in the library (parse + validate + estimate), without
//! process start-up or output. Figures go to docs/performance.md.

use std::path::PathBuf;

use ddbplan::estimate::{PriceLists, estimate};
use ddbplan::pricing::PriceList;
use ddbplan::workload;

fn main() {
    divan::main();
}

fn scenarios() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

#[divan::bench(args = scenarios())]
fn parse_validate_estimate(bencher: divan::Bencher, name: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
    let text = std::fs::read_to_string(&path).expect("scenario readable");
    let base = path.parent().unwrap().to_path_buf();
    bencher.bench(|| {
        let file = workload::parse(name, &text, base.clone(), 0).expect("valid scenario");
        let region = file.workload.region.clone().unwrap_or_else(|| "us-east-1".into());
        let home = PriceList::builtin(&region).expect("built-in region");
        let other = |r: &str| PriceList::builtin(r);
        estimate(&file, &PriceLists { home: &home, other: &other }).expect("estimates")
    });
}
