//! Shared helpers for the integration tests.

use std::path::PathBuf;

use action_studio::engine::{self, RunOptions, RunReport, RunRequest, Trigger};
use serde_json::Value;

/// The repository root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `code` under `trigger` with `event` and reproducible options.
pub fn run_with(trigger: Trigger, event: Value, code: &str, options: RunOptions) -> RunReport {
    let mut request = RunRequest::new(trigger, event, code);
    request.options = options;
    engine::run(&request).expect("the engine runs")
}

/// Runs `code` under `trigger` with the default event and reproducible options.
pub fn run(trigger: Trigger, code: &str) -> RunReport {
    run_with(
        trigger,
        trigger.default_event(),
        code,
        RunOptions::reproducible(),
    )
}

/// Runs `code` under `trigger` with `event` and reproducible options.
pub fn run_event(trigger: Trigger, event: Value, code: &str) -> RunReport {
    run_with(trigger, event, code, RunOptions::reproducible())
}

/// The `api` names of the report's calls, in order.
pub fn call_names(report: &RunReport) -> Vec<String> {
    report.calls.iter().map(|c| c.api.clone()).collect()
}

/// The log texts, in order.
pub fn log_texts(report: &RunReport) -> Vec<String> {
    report.logs.iter().map(|l| l.text.clone()).collect()
}

/// Runs a prepared request.
pub fn run_request(request: &RunRequest) -> RunReport {
    engine::run(request).expect("the engine runs")
}
