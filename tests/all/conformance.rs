//! The twenty conformance cases produced with Node.js (tests/fixtures/conformance): same calls in
//! the same order with deep-equal arguments, same logs, error or not, and metadata afterwards.

use action_studio::engine::{self, RunOptions, RunRequest, Trigger};
use serde_json::Value;

use crate::util::root;

#[test]
fn every_conformance_case_matches_node() {
    let dir = root().join("tests/fixtures/conformance");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 20, "twenty cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).unwrap())
                .unwrap();
        let event: Value =
            serde_json::from_str(&std::fs::read_to_string(case.join("event.json")).unwrap())
                .unwrap();
        let code = std::fs::read_to_string(case.join("action.js")).unwrap();
        let trigger = Trigger::parse(expected["trigger"].as_str().unwrap()).unwrap();
        let mut request = RunRequest::new(trigger, event, code);
        request.options = RunOptions {
            timeout_ms: 3000,
            ..RunOptions::reproducible()
        };
        let report = engine::run(&request).unwrap();
        assert_eq!(report.handler, expected["handler"], "{name}: handler");
        let calls: Vec<Value> = report
            .calls
            .iter()
            .map(|c| serde_json::json!({"api": c.api, "args": c.args}))
            .collect();
        let logs: Vec<Value> = report
            .logs
            .iter()
            .map(|l| Value::String(l.text.clone()))
            .collect();
        let mut problems = Vec::new();
        if Value::Array(calls.clone()) != expected["calls"] {
            problems.push(format!("calls {calls:?} != {}", expected["calls"]));
        }
        if Value::Array(logs.clone()) != expected["logs"] {
            problems.push(format!("logs {logs:?} != {}", expected["logs"]));
        }
        if report.error.is_some() == expected["error"].is_null() {
            problems.push(format!(
                "error {:?} vs expected {}",
                report.error, expected["error"]
            ));
        }
        if expected["error"].is_null() {
            if report.app_metadata.after != expected["app_metadata_after"] {
                problems.push(format!(
                    "app_metadata {} != {}",
                    report.app_metadata.after, expected["app_metadata_after"]
                ));
            }
            if report.user_metadata.after != expected["user_metadata_after"] {
                problems.push(format!(
                    "user_metadata {} != {}",
                    report.user_metadata.after, expected["user_metadata_after"]
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{name}: {}", problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "conformance failures:\n{}",
        failures.join("\n")
    );
}
