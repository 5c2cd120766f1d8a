//! The single integration-test binary (one link step for the whole suite).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod util;

mod cli;
mod conformance;
mod engine_outcomes;
mod engine_runtime;
mod engine_surface;
mod engine_sweep;
mod engine_validators;
mod flows;
mod hostile;
mod properties;
mod samples;
mod ui;
mod ui_map;
mod ui_tests_panel;
