//! The runtime: limits (time, memory, stack), isolation between runs, reproducibility, Node-like
//! globals, CommonJS loading, errors with positions, console capture and fetch.

use std::time::{Duration, Instant};

use action_studio::engine::{FetchMock, LogLevel, OutcomeKind, RunOptions, Trigger};
use serde_json::json;

use crate::util::{log_texts, run, run_with};

fn pl(body: &str) -> String {
    format!("exports.onExecutePostLogin = async (event, api) => {{\n{body}\n}};")
}

fn limited(body: &str, timeout_ms: u64) -> action_studio::engine::RunReport {
    run_with(
        Trigger::PostLogin,
        Trigger::PostLogin.default_event(),
        &pl(body),
        RunOptions {
            timeout_ms,
            ..RunOptions::reproducible()
        },
    )
}

#[test]
fn infinite_loops_before_and_after_await_time_out_with_calls_kept() {
    for body in [
        "api.access.deny('before');\nwhile (true) {}",
        "await null;\napi.access.deny('before');\nfor (;;) {}",
        "await new Promise((r) => setTimeout(r, 5));\napi.access.deny('before');\nwhile (true) {}",
    ] {
        let started = Instant::now();
        let r = limited(body, 300);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "stopped promptly"
        );
        assert_eq!(r.outcome.kind, OutcomeKind::Timeout, "{body}");
        assert_eq!(r.calls.len(), 1, "{body}: the call before the loop is kept");
        assert_eq!(r.error.as_ref().map(|e| e.name.as_str()), Some("Timeout"));
    }
}

#[test]
fn never_settling_promises_and_rearming_timers_end_as_timeouts() {
    let r = limited(
        "api.access.deny('x');\nawait new Promise(() => {});",
        20_000,
    );
    assert_eq!(r.outcome.kind, OutcomeKind::Timeout);
    assert!(
        r.outcome.summary.contains("never settled"),
        "{}",
        r.outcome.summary
    );
    let r = limited(
        "await new Promise(() => { const t = () => setInterval(() => {}, 1000); t(); });",
        5_000,
    );
    assert_eq!(
        r.outcome.kind,
        OutcomeKind::Timeout,
        "virtual time passes the limit"
    );
}

#[test]
fn a_time_limit_too_large_for_the_clock_means_no_limit() {
    let r = limited(
        "await new Promise((r) => setTimeout(r, 10));\napi.access.deny('x');",
        u64::MAX,
    );
    assert_eq!(r.outcome.kind, OutcomeKind::Denied, "{:?}", r.error);
}

#[test]
fn memory_bombs_and_deep_recursion_end_as_errors() {
    let r = limited(
        "api.access.deny('before');\nconst a = [];\nwhile (true) a.push(new Array(1e5).fill(1));",
        20_000,
    );
    assert_eq!(r.outcome.kind, OutcomeKind::Error);
    assert_eq!(
        r.error.as_ref().map(|e| e.name.as_str()),
        Some("OutOfMemory")
    );
    assert_eq!(r.calls.len(), 1);
    assert!(
        r.notes.iter().any(|n| n.text.contains("Memory limit")),
        "limit note"
    );
    let r = limited("function f(n) { return f(n + 1) + 1; }\nf(0);", 20_000);
    assert_eq!(
        r.error.as_ref().map(|e| e.name.as_str()),
        Some("RangeError")
    );
    assert!(
        r.notes.iter().any(|n| n.text.contains("Stack limit")),
        "limit note"
    );
}

#[test]
fn runs_are_isolated() {
    let first = run(
        Trigger::PostLogin,
        &pl(
            "Object.prototype.leak = 1; globalThis.leaked = 2; Array.prototype.push = null; JSON.stringify = () => 'x'; setTimeout(() => {}, 50);",
        ),
    );
    assert!(first.error.is_none(), "{:?}", first.error);
    let second = run(
        Trigger::PostLogin,
        &pl(
            "console.log(String(({}).leak), typeof leaked, typeof [].push, JSON.stringify({a: 1}));",
        ),
    );
    assert_eq!(
        log_texts(&second),
        ["undefined undefined function {\"a\":1}"]
    );
}

/// The report as JSON without its timing, to compare two runs of the same request.
fn timeless(report: &action_studio::engine::RunReport) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.remove("duration_ms");
    }
    value
}

#[test]
fn every_kind_of_ending_leaves_the_next_run_on_the_thread_pristine() {
    // The same request on a brand-new thread (a sandbox nobody used) is the reference.
    let body = "const s = event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiUserRisk?.score;\nconsole.log('score', s, typeof Buffer, Object.keys(globalThis).length, Math.random(), Date.now());\nif (s >= 90) api.multifactor.enable('any');\napi.user.setAppMetadata('seen', [1, {a: 2}]);";
    let reference = std::thread::spawn(move || timeless(&limited(body, 2_000)))
        .join()
        .unwrap_or_default();
    assert_eq!(timeless(&limited(body, 2_000)), reference, "first run here");
    let hostile = [
        "const a = [];\nwhile (true) a.push(new Array(1e5).fill(1));",
        "function f(n) { return f(n + 1) + 1; }\nf(0);",
        "while (true) {}",
        "await new Promise(() => {});",
        "Object.prototype.x = 1; Array.prototype.map = null; globalThis.stale = true; Math.random = () => 0; Date.now = () => 0; delete globalThis.console;",
        "console.log({ deep: { a: [1, 2] } }, Buffer.from('x').toString('hex'), new URL('https://a.b/c').host, require('util').inspect(new Map([[1, 2]])));\nawait fetch('https://example.com').catch(() => {});\nsetInterval(() => {}, 10);",
        "throw null;",
        "api.cache.set('k', 'v'); globalThis.leak = 'x'.repeat(1e6);",
    ];
    for code in hostile {
        let _ = limited(code, 300);
        assert_eq!(
            timeless(&limited(body, 2_000)),
            reference,
            "the run after: {code}"
        );
    }
}

#[test]
fn tampering_with_the_api_or_globals_affects_only_that_run() {
    let r = run(
        Trigger::PostLogin,
        &pl(
            "api.access.deny = () => api; api.access.deny('x'); Object.freeze(event); JSON.parse = null; api.user.setAppMetadata('a', 1);",
        ),
    );
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(
        r.outcome.kind,
        OutcomeKind::Allowed,
        "the replaced deny did nothing"
    );
    assert_eq!(r.app_metadata.after["a"], json!(1));
}

#[test]
fn time_and_randomness_are_injectable() {
    let body = "console.log(Date.now(), new Date().toISOString(), Math.random(), crypto.randomUUID(), require('crypto').randomBytes(4).toString('hex'));";
    let a = run(Trigger::PostLogin, &pl(body));
    let b = run(Trigger::PostLogin, &pl(body));
    assert_eq!(
        log_texts(&a),
        log_texts(&b),
        "same seed and clock, same output"
    );
    assert!(
        log_texts(&a)[0].starts_with("1740823200000 2025-03-01T10:00:00.000Z"),
        "{:?}",
        log_texts(&a)
    );
    let c = run_with(
        Trigger::PostLogin,
        Trigger::PostLogin.default_event(),
        &pl(body),
        RunOptions {
            seed: 7,
            ..RunOptions::reproducible()
        },
    );
    assert_ne!(log_texts(&a), log_texts(&c), "another seed, other values");
}

#[test]
fn each_run_sees_its_own_file_name_and_clock_everywhere() {
    let body = "console.log(process.argv[1], __filename, performance.timeOrigin, Date.now());";
    for (file, clock) in [("first.js", 1_000_i64), ("second.js", 2_000)] {
        let mut request = action_studio::engine::RunRequest::new(
            Trigger::PostLogin,
            Trigger::PostLogin.default_event(),
            pl(body),
        );
        request.file_name = file.to_owned();
        request.options = RunOptions {
            clock_ms: Some(clock),
            ..RunOptions::reproducible()
        };
        let r = crate::util::run_request(&request);
        assert_eq!(log_texts(&r), [format!("{file} /{file} {clock} {clock}")]);
    }
}

#[test]
fn node_globals_work() {
    let body = "const crypto = require('node:crypto');\n\
        console.log(Buffer.from('héllo').toString('base64'), Buffer.from('aGk=', 'base64').toString(), Buffer.from('ff00', 'hex').length);\n\
        console.log(crypto.createHash('sha1').update('abc').digest('hex'), crypto.createHash('md5').update('abc').digest('base64'));\n\
        console.log(crypto.createHmac('sha256', 'key').update('The quick brown fox jumps over the lazy dog').digest('hex'));\n\
        console.log(crypto.createHash('sha512').update('').digest('hex').slice(0, 16));\n\
        const u = new URL('https://login.example.com:8443/a/b?x=1&y=two#frag');\n\
        u.searchParams.set('z', '3');\n\
        console.log(u.hostname, u.port, u.pathname, u.searchParams.get('y'), u.href);\n\
        console.log(new URLSearchParams({a: '1 2', b: 'é'}).toString());\n\
        console.log(new TextDecoder().decode(new TextEncoder().encode('ünï')), btoa('hi'), atob('aGk='));\n\
        const c = structuredClone({d: new Date(0), m: new Map([[1, 2]])});\n\
        console.log(c.d.toISOString(), c.m.get(1), typeof process.env, Object.keys(process.env).length);\n\
        console.log(require('util').format('%s=%d %j', 'n', 42, {a: 1}), require('querystring').stringify({a: [1, 2]}));";
    let r = run(Trigger::PostLogin, &pl(body));
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(
        log_texts(&r),
        [
            "aMOpbGxv hi 2",
            "a9993e364706816aba3e25717850c26c9cd0d89d kAFQmDzST7DWlj99KOF/cg==",
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            "cf83e1357eefb8bd",
            "login.example.com 8443 /a/b two https://login.example.com:8443/a/b?x=1&y=two&z=3#frag",
            "a=1+2&b=%C3%A9",
            "ünï aGk= hi",
            "1970-01-01T00:00:00.000Z 2 object 0",
            "n=42 {\"a\":1} a=1&a=2",
        ]
    );
}

#[test]
fn require_of_unknown_modules_names_the_module() {
    let r = run(
        Trigger::PostLogin,
        "const axios = require('axios');\nexports.onExecutePostLogin = async () => {};",
    );
    let e = r.error.unwrap();
    assert!(
        e.message.contains("Cannot find module 'axios'"),
        "{}",
        e.message
    );
    assert_eq!(e.line, Some(1));
}

#[test]
fn commonjs_shapes_and_top_level_code() {
    let r = run(
        Trigger::PostLogin,
        "console.log('top level', this === module.exports);\nmodule.exports = { onExecutePostLogin: async (event, api) => { api.access.deny('via module.exports'); } };",
    );
    assert_eq!(log_texts(&r), ["top level true"]);
    assert_eq!(r.outcome.kind, OutcomeKind::Denied);
    let r = run(Trigger::PostLogin, "module.exports = 5;");
    assert!(
        r.error
            .unwrap()
            .message
            .contains("The Action must export an object.")
    );
    let r = run(
        Trigger::PostLogin,
        "exports.onExecutePostLogin = function (event, api) {};",
    );
    assert!(
        r.error
            .unwrap()
            .message
            .contains("Invalid function signature for the \"onExecutePostLogin\" handler.")
    );
}

#[test]
fn errors_carry_name_message_line_and_column() {
    let r = run(
        Trigger::PostLogin,
        "exports.onExecutePostLogin = async (event, api) => {\n  const x = 1;\n  x.y.z = 2;\n};",
    );
    let e = r.error.unwrap();
    assert_eq!((e.name.as_str(), e.line), ("TypeError", Some(3)));
    let r = run(
        Trigger::PostLogin,
        "exports.onExecutePostLogin = async (event, api) => {\n  if (x {\n};",
    );
    let e = r.error.unwrap();
    assert_eq!((e.name.as_str(), e.line), ("SyntaxError", Some(2)));
    let r = run(Trigger::PostLogin, "const a = ;");
    let e = r.error.unwrap();
    assert_eq!(
        (e.name.as_str(), e.line, e.column),
        ("SyntaxError", Some(1), Some(11)),
        "line 1 columns are unwrapped"
    );
    let r = run(Trigger::PostLogin, &pl("throw {code: 42};"));
    assert!(r.error.unwrap().message.contains("not an Error"));
}

#[test]
fn console_levels_formatting_and_capture_cap() {
    let r = run(
        Trigger::PostLogin,
        &pl(
            "console.info('i'); console.warn('w'); console.error('e'); console.debug('d'); console.log('%s has %d items', 'cart', 3, {a: [1, 2]}, null, undefined);",
        ),
    );
    let levels: Vec<LogLevel> = r.logs.iter().map(|l| l.level).collect();
    assert_eq!(
        levels,
        [
            LogLevel::Info,
            LogLevel::Warn,
            LogLevel::Error,
            LogLevel::Debug,
            LogLevel::Log
        ]
    );
    assert_eq!(
        r.logs[4].text,
        "cart has 3 items { a: [ 1, 2 ] } null undefined"
    );
    let r = run(
        Trigger::PostLogin,
        &pl("const line = 'x'.repeat(1024);\nfor (let i = 0; i < 100000; i++) console.log(line);"),
    );
    let total: usize = r.logs.iter().map(|l| l.text.len() + 1).sum();
    assert!(total <= 256 * 1024, "capped at 256 KiB, got {total}");
    assert!(
        r.notes
            .iter()
            .any(|n| n.text.contains("Console output passed")),
        "limit note"
    );
}

#[test]
fn fetch_is_off_unless_a_mock_answers() {
    let body = "try { await fetch('https://api.example.com/x', {method: 'POST', body: '{}', headers: {'X-Key': 'k'}}); } catch (e) { console.log(e.message + ' / ' + e.cause.message); }\n\
        const r = await fetch('https://risk.example.com/score?u=1');\n\
        console.log(r.status, (await r.json()).score);";
    let options = RunOptions {
        fetch_mocks: vec![FetchMock {
            url: "https://risk.example.com/*".to_owned(),
            body: json!({"score": 7}),
            ..FetchMock::default()
        }],
        ..RunOptions::reproducible()
    };
    let r = run_with(
        Trigger::PostLogin,
        Trigger::PostLogin.default_event(),
        &pl(body),
        options,
    );
    let logs = log_texts(&r);
    assert!(
        logs[0].contains("network is off") && logs[0].contains("POST https://api.example.com/x"),
        "{logs:?}"
    );
    assert!(
        logs[0].starts_with("fetch failed / "),
        "Node's message, detail in cause: {logs:?}"
    );
    assert_eq!(logs[1], "200 7");
    assert_eq!(r.network.len(), 2, "both requests recorded");
    assert_eq!(
        (r.network[0].status, r.network[0].body.as_deref()),
        (None, Some("{}"))
    );
    assert_eq!(r.network[0].headers["x-key"], "k");
    assert_eq!(r.network[1].status, Some(200));
    let uncaught = run(
        Trigger::PostLogin,
        &pl("await fetch('https://risk.example.com/v1/score', {method: 'POST'});"),
    );
    let message = uncaught.error.map(|e| e.message).unwrap_or_default();
    assert!(
        message.starts_with("fetch failed (cause: network is off")
            && message.contains("POST https://risk.example.com/v1/score"),
        "{message}"
    );
    let aborted = run(
        Trigger::PostLogin,
        &pl(
            "const c = new AbortController(); c.abort(); try { await fetch('https://x.example', {signal: c.signal}); } catch (e) { console.log(e.name); }",
        ),
    );
    assert_eq!(log_texts(&aborted), ["AbortError"]);
}

#[test]
fn thousands_of_api_calls_are_recorded_up_to_the_cap() {
    let r = run_with(
        Trigger::PostLogin,
        Trigger::PostLogin.default_event(),
        &pl("for (let i = 0; i < 3000; i++) api.user.setAppMetadata('k' + (i % 10), i);"),
        RunOptions {
            max_calls: 1000,
            ..RunOptions::reproducible()
        },
    );
    assert_eq!(r.calls.len(), 1000);
    assert!(r.notes.iter().any(|n| n.text.contains("were not recorded")));
}
