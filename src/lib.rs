//! # ddbplan
//!
//! Tells what an Amazon DynamoDB design will need and cost, and where it will
//! throttle, before anyone pays for it.
//!
//! ## Codemap
//! - [`units`]: sizes, counts, rates, durations, money (leaf).
//! - [`capacity`]: DynamoDB's capacity rules as pure functions.
//! - `cli`: clap definitions and dispatch; the only module that prints.
//!
//! ## Data flow
//! Data flows one way: workload -> capacity/pricing -> estimate -> report.
//! Nothing below `cli` prints.

pub mod calc;
pub mod capacity;
pub mod check;
pub mod cli;
pub mod engine;
pub mod estimate;
pub mod practice;
pub mod pricing;
pub mod report;
pub mod sim;
pub mod units;
pub mod value;
pub mod workload;
pub mod yaml;
