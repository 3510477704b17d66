//! The one integration-test binary (one crate keeps linking cheap on 2 cores).
//! Each module tests one command end to end by running the real binary.

// `util`: the `ddbplan()` command builder and fixture paths.
mod util;
// `inputs`: files that are no workload at all (empty, binary, too deep, too large): clear errors, exit 2.
mod inputs;
// `estimate`: every bundled scenario (insta snapshots), formats, bad inputs and exit codes.
mod estimate;
// `exec`: request lines against a fresh engine, errors in DynamoDB's shape, malformed lines.
mod exec;
// `check`: budgets in CI: exit codes, formats, Markdown edge cases, located errors.
mod check;
// `diff`: two files, Markdown documents, and `--git-base` in a temporary repository.
mod diff;
// `pricing`: `pricing show`, the price list table.
mod pricing;
// `calc`: every calc subcommand (insta snapshots), the JSON contract, 40 worked examples, bad arguments.
mod calc;
// `practice`: the seed-1 answer sheet (snapshot), determinism, JSON, a stdin session and its score.
mod practice;
// `simulate_scenarios`: simulation snapshots of the bundled scenarios, determinism, compare, CSV.
mod simulate_scenarios;
// `simulate`: output files: the `--plot` SVG (well-formed, heat-map rows, per-mode files) and heat.csv.
mod simulate;

// `simulate_agrees`: 20 simulated seconds of each scenario consume the units the estimate computes.
mod simulate_agrees;
