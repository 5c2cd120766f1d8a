//! The single integration-test binary (one link step for the whole suite).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod util;

mod conformance;
mod ui;
