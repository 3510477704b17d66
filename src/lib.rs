//! # ddbplan
//!
//! Tells what an Amazon DynamoDB design will need and cost, and where it will
//! throttle, before anyone pays for it.
//!
//! ## Codemap
//! Leaves (depend on nothing else here):
//! - [`units`]: sizes, counts, rates, durations, money.
//! - [`yaml`]: YAML into typed models with located errors.
//! - [`value`]: DynamoDB attribute values, exact 38-digit numbers, DynamoDB JSON.
//! - [`hint`]: cache prefetch hints (the library's one use of unsafe code).
//!
//! Rules and models:
//! - [`capacity`]: DynamoDB's capacity rules as pure functions (item size,
//!   units, indexes, storage, partitions), one implementation each.
//! - [`pricing`]: price lists (built in from `pricing/*.yaml`) and the cost model.
//! - [`workload`]: the workload file format, validated.
//!
//! Computations (return data, never print):
//! - [`estimate`]: capacity, partitions and cost of a workload, per option.
//! - [`calc`] and [`practice`]: exam-style calculations and questions.
//! - [`check`]: budgets, Markdown workload blocks, diffs of two estimates.
//! - [`engine`]: the DynamoDB item store behind DynamoDB's JSON API.
//! - [`sim`]: the discrete-event simulation that drives the engine.
//!
//! Edges:
//! - [`report`]: rendering (tables, JSON, Markdown, JUnit, CSV).
//! - [`cli`]: clap definitions and dispatch; the only module that prints and
//!   knows exit codes.
//!
//! ## Data flow
//! Data flows one way: workload -> capacity/pricing -> estimate -> report, and
//! workload -> sim -> engine -> metrics -> report. Nothing below `cli` prints.

pub mod calc;
pub mod capacity;
pub mod check;
pub mod cli;
pub mod engine;
pub mod estimate;
pub mod hint;
pub mod practice;
pub mod pricing;
pub mod report;
pub mod sim;
pub mod units;
pub mod value;
pub mod workload;
pub mod yaml;
