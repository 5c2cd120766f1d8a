//! Hostile actions: each ends in a defined outcome within its limit, keeps the calls made before
//! the failure, and leaves the host (and the next run) unharmed.

use std::time::{Duration, Instant};

use action_studio::engine::{OutcomeKind, RunOptions, RunReport, Trigger};

use crate::util::{log_texts, run, run_with};

struct Case {
    name: &'static str,
    body: &'static str,
    kind: OutcomeKind,
    message: &'static str,
    calls: usize,
}

const CASES: &[Case] = &[
    Case {
        name: "synchronous infinite loop",
        body: "api.access.deny('x'); while (true) {}",
        kind: OutcomeKind::Timeout,
        message: "did not finish within 1000 ms",
        calls: 1,
    },
    Case {
        name: "loop after await",
        body: "await Promise.resolve(); api.access.deny('x'); for (;;) {}",
        kind: OutcomeKind::Timeout,
        message: "did not finish within 1000 ms",
        calls: 1,
    },
    Case {
        name: "never-settling promise",
        body: "api.access.deny('x'); await new Promise(() => {});",
        kind: OutcomeKind::Timeout,
        message: "never settled",
        calls: 1,
    },
    Case {
        name: "timer that re-arms forever",
        body: "api.access.deny('x'); await new Promise(() => { const again = () => setTimeout(again, 10); again(); });",
        kind: OutcomeKind::Timeout,
        message: "virtual",
        calls: 1,
    },
    Case {
        name: "deep recursion",
        body: "api.access.deny('x'); const f = (n) => f(n + 1) + 1; f(0);",
        kind: OutcomeKind::Error,
        message: "Maximum call stack size exceeded",
        calls: 1,
    },
    Case {
        name: "mutual recursion",
        body: "api.access.deny('x'); function a(n) { return b(n) + 1; } function b(n) { return a(n) + 1; } a(0);",
        kind: OutcomeKind::Error,
        message: "Maximum call stack size exceeded",
        calls: 1,
    },
    Case {
        name: "string memory bomb",
        body: "api.access.deny('x'); let s = 'x'.repeat(1 << 20); const keep = []; for (;;) { keep.push(s); s = s + s.slice(0, 1 << 20); }",
        kind: OutcomeKind::Error,
        message: "out of memory",
        calls: 1,
    },
    Case {
        name: "array memory bomb",
        body: "api.access.deny('x'); const a = []; for (;;) a.push(new Array(1e5).fill(7));",
        kind: OutcomeKind::Error,
        message: "out of memory",
        calls: 1,
    },
    Case {
        name: "object memory bomb",
        body: "api.access.deny('x'); const m = {}; for (let i = 0; ; i++) m['k' + i] = { i, s: 'v' + i, a: [i, i] };",
        kind: OutcomeKind::Error,
        message: "out of memory",
        calls: 1,
    },
    Case {
        name: "throwing null",
        body: "api.access.deny('x'); throw null;",
        kind: OutcomeKind::Error,
        message: "null was thrown",
        calls: 1,
    },
    Case {
        name: "throwing a string",
        body: "api.access.deny('x'); throw 'plain string';",
        kind: OutcomeKind::Error,
        message: "plain string (the action threw a string value, not an Error)",
        calls: 1,
    },
    Case {
        name: "throwing undefined",
        body: "api.access.deny('x'); throw undefined;",
        kind: OutcomeKind::Error,
        message: "not an Error",
        calls: 1,
    },
    Case {
        name: "throwing an object with a throwing getter",
        body: "api.access.deny('x'); throw { get message() { throw new Error('nope'); } };",
        kind: OutcomeKind::Error,
        message: "not an Error",
        calls: 1,
    },
    Case {
        name: "rejecting with an Error subclass",
        body: "class Boom extends Error { constructor() { super('custom'); this.name = 'Boom'; } } api.access.deny('x'); await Promise.reject(new Boom());",
        kind: OutcomeKind::Error,
        message: "custom",
        calls: 1,
    },
];

fn hostile_within(body: &str, timeout_ms: u64) -> RunReport {
    run_with(
        Trigger::PostLogin,
        Trigger::PostLogin.default_event(),
        &format!("exports.onExecutePostLogin = async (event, api) => {{\n{body}\n}};"),
        RunOptions {
            timeout_ms,
            memory_limit_bytes: 64 * 1024 * 1024,
            ..RunOptions::reproducible()
        },
    )
}

fn hostile(body: &str) -> RunReport {
    hostile_within(body, 1000)
}

#[test]
fn every_hostile_action_ends_in_a_defined_outcome_within_its_limit() {
    for case in CASES {
        let started = Instant::now();
        let r = hostile(case.body);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{}: took {:?}",
            case.name,
            started.elapsed()
        );
        assert_eq!(r.outcome.kind, case.kind, "{}: {:?}", case.name, r.outcome);
        let message = r
            .error
            .as_ref()
            .map(|e| format!("{}: {}", e.name, e.message))
            .unwrap_or_default();
        assert!(
            message
                .to_lowercase()
                .contains(&case.message.to_lowercase()),
            "{}: {message:?}",
            case.name
        );
        assert_eq!(
            r.calls.len(),
            case.calls,
            "{}: calls before the failure are kept",
            case.name
        );
    }
    // The runtime is fine afterwards.
    let after = run(
        Trigger::PostLogin,
        "exports.onExecutePostLogin = async (event, api) => { console.log('still fine'); };",
    );
    assert_eq!(log_texts(&after), ["still fine"]);
}

#[test]
fn getters_that_throw_and_cyclic_objects_passed_to_api_methods() {
    let r = hostile(
        "const o = { a: 1, get bad() { throw new Error('getter!'); } }; o.self = o; api.user.setAppMetadata('weird', o); api.idToken.setCustomClaim('https://x/c', [o, o]);",
    );
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.calls[0].args[1]["bad"], "[Getter threw: Error: getter!]");
    assert_eq!(r.calls[0].args[1]["self"], "[Circular]");
    assert!(
        r.calls[0].display.contains("[Circular]"),
        "{}",
        r.calls[0].display
    );
    assert_eq!(r.app_metadata.after["weird"]["a"], 1);
}

#[test]
fn a_handler_that_returns_instead_of_awaiting() {
    let r = hostile("setTimeout(() => api.access.deny('too late'), 50);\nreturn 'done early';");
    assert_eq!(
        r.outcome.kind,
        OutcomeKind::Allowed,
        "Auth0 ends the execution when the handler settles"
    );
    assert!(r.calls.is_empty(), "the timer never ran");
    assert!(
        r.notes.iter().any(|n| n.text.contains("still pending")),
        "{:?}",
        r.notes
    );
    let r = hostile(
        "Promise.resolve().then(() => new Promise((res) => setTimeout(res, 10))).then(() => api.access.deny('late'));",
    );
    assert!(
        r.calls.is_empty() && r.outcome.kind == OutcomeKind::Allowed,
        "un-awaited work after the handler is lost"
    );
}

#[test]
fn huge_output_and_huge_values_are_capped_or_flagged() {
    let r = hostile_within(
        "const big = 'y'.repeat(1 << 20); for (let i = 0; i < 100; i++) console.log(big);",
        20_000,
    );
    assert!(r.error.is_none(), "{:?}", r.error);
    let bytes: usize = r.logs.iter().map(|l| l.text.len()).sum();
    assert!(
        bytes <= 256 * 1024,
        "100 MB of console output capped to 256 KiB, got {bytes}"
    );
    let r = hostile("api.user.setAppMetadata('blob', 'z'.repeat(40000));");
    assert!(
        r.notes.iter().any(|n| n.text.contains("32 kB")),
        "{:?}",
        r.notes
    );
    let r = hostile_within(
        "for (let i = 0; i < 20000; i++) api.idToken.setCustomClaim('https://x/c' + (i % 5), i);",
        20_000,
    );
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.claims.len(), 5, "last writer wins per claim");
}

fn rss_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(0)
        * 4
}

#[test]
fn host_memory_returns_to_normal_after_memory_bombs() {
    hostile("const a = []; for (;;) a.push(new Array(1e5).fill(1));");
    let before = rss_kib();
    for _ in 0..5 {
        let r = hostile("const a = []; for (;;) a.push(new Array(1e5).fill(1));");
        assert_eq!(r.outcome.kind, OutcomeKind::Error);
    }
    let after = rss_kib();
    assert!(
        after < before + 96 * 1024,
        "RSS grew from {before} KiB to {after} KiB after five 64 MiB bombs"
    );
}
