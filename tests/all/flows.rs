//! Flows (several actions on one trigger) and scenario files: stopping and suspension rules,
//! metadata visibility between actions, sequences, every kind of expectation, JUnit output and
//! malformed files.

use std::path::Path;

use action_studio::engine::flow::{self, FlowAction, FlowRequest, Suspension};
use action_studio::engine::scenario::{self, ScenarioResult};
use action_studio::engine::{OutcomeKind, RunOptions, Trigger};
use serde_json::json;

use crate::util::root;

fn action(name: &str, body: &str) -> FlowAction {
    FlowAction {
        name: name.to_owned(),
        code: format!(
            "exports.onExecutePostLogin = async (event, api) => {{\n{body}\n}};\nexports.onContinuePostLogin = async (event, api) => {{ console.log('{name} resumed'); }};"
        ),
    }
}

fn flow_of(actions: Vec<FlowAction>) -> flow::FlowReport {
    let request = FlowRequest {
        trigger: Trigger::PostLogin,
        event: Trigger::PostLogin.default_event(),
        actions,
        options: RunOptions::reproducible(),
        resume: None,
    };
    flow::run(&request).unwrap()
}

#[test]
fn deny_revoke_validation_and_errors_stop_the_flow_after_the_current_action() {
    for (body, kind) in [
        (
            "api.access.deny('no'); console.log('a still runs');",
            OutcomeKind::Denied,
        ),
        ("api.session.revoke('no');", OutcomeKind::SessionRevoked),
        (
            "api.validation.error('c', 'm');",
            OutcomeKind::ValidationError,
        ),
        (
            "api.refreshToken.revoke('r');",
            OutcomeKind::RefreshTokenRevoked,
        ),
        ("throw new Error('x');", OutcomeKind::Error),
    ] {
        let r = flow_of(vec![
            action("a", body),
            action("b", "console.log('b ran');"),
        ]);
        assert_eq!(r.outcome.kind, kind, "{body}");
        assert_eq!(r.runs.len(), 1, "{body}: b did not run");
        assert_eq!(r.skipped, ["b"]);
        assert!(
            r.outcome
                .why
                .as_deref()
                .unwrap_or_default()
                .contains("a stopped the flow"),
            "{:?}",
            r.outcome.why
        );
    }
}

#[test]
fn mfa_enable_does_not_stop_and_suspensions_resume_in_the_same_action() {
    let r = flow_of(vec![
        action("a", "api.multifactor.enable('any');"),
        action("b", "console.log('b ran');"),
    ]);
    assert_eq!(
        (r.outcome.kind, r.runs.len()),
        (OutcomeKind::MfaRequired, 2)
    );
    for (body, kind) in [
        (
            "api.redirect.sendUserTo('https://idv.example');",
            OutcomeKind::Redirect,
        ),
        ("api.prompt.render('form1');", OutcomeKind::Prompt),
        (
            "api.authentication.challengeWith({type: 'otp'});",
            OutcomeKind::Challenge,
        ),
        (
            "api.authentication.enrollWith({type: 'webauthn-roaming'});",
            OutcomeKind::Enrollment,
        ),
    ] {
        let actions = vec![
            action("a", "console.log('a ran');"),
            action("b", body),
            action("c", "console.log('c ran');"),
        ];
        let r = flow_of(actions.clone());
        assert_eq!(r.outcome.kind, kind);
        assert_eq!(r.suspended, Some(Suspension { action: 1, kind }));
        assert_eq!(r.skipped, ["c"]);
        let resumed = flow::run(&FlowRequest {
            trigger: Trigger::PostLogin,
            event: Trigger::PostLogin.default_event(),
            actions,
            options: RunOptions::reproducible(),
            resume: r.suspended.clone(),
        })
        .unwrap();
        let logs: Vec<String> = resumed.all_logs().map(|l| l.text.clone()).collect();
        assert_eq!(
            logs,
            ["b resumed", "c ran"],
            "a is not re-run; b continues; c runs"
        );
        assert_eq!(resumed.outcome.kind, OutcomeKind::Allowed);
    }
}

#[test]
fn later_actions_see_earlier_metadata_cache_and_transaction_metadata_but_not_event_mutations() {
    let r = flow_of(vec![
        action(
            "a",
            "api.user.setAppMetadata('seen', 1); api.user.setUserMetadata('u', 'x'); api.cache.set('k', 'v');\n\
             api.transaction.setMetadata('t', 'y'); api.idToken.setCustomClaim('https://x/c', 'a'); event.user.email = 'mutated@x';",
        ),
        action(
            "b",
            "console.log(JSON.stringify([event.user.app_metadata.seen, event.user.user_metadata.u, api.cache.get('k')?.value, event.transaction.metadata.t, event.user.email]));\n\
             api.idToken.setCustomClaim('https://x/c', 'b'); api.user.setAppMetadata('seen', null);",
        ),
    ]);
    let logs: Vec<String> = r.all_logs().map(|l| l.text.clone()).collect();
    assert_eq!(logs, [r#"[1,"x","v","y","jane.doe@example.com"]"#]);
    assert_eq!(r.claims.len(), 1);
    assert_eq!(r.claims[0].value, json!("b"), "last writer wins");
    assert_eq!(
        r.app_metadata.after,
        json!({}),
        "set then removed across actions"
    );
    assert_eq!(r.user_metadata.after, json!({"u": "x"}));
}

fn scenario_from(text: &str) -> Result<ScenarioResult, scenario::ScenarioError> {
    let path = root().join("samples/scenarios/inline-test.json");
    scenario::load_str(&path, text).map(|l| scenario::run(&l))
}

const BASE: &str =
    r#""trigger": "post-login", "actions": [{"path": "../actions/akamai-enforce-mfa.js"}]"#;

#[test]
fn every_kind_of_expectation_passes_and_fails() {
    let passing = format!(
        r#"{{ {BASE}, "scores": {{"risk": 95}}, "expect": {{
            "outcome": ["mfa_required", "denied"],
            "calls": [{{"api": "user.setAppMetadata", "args": ["$any", true]}}, {{"api": "multifactor.enable", "args": ["any", {{"allowRememberBrowser": false}}]}}],
            "no_calls": [{{"api": "access.deny"}}],
            "app_metadata_contains": {{"mfa_required_sess_7f3a9c": true, "absent_key": null}},
            "user_metadata": {{}},
            "no_error": true,
            "logs_contain": ["MFA required"]
        }} }}"#
    );
    let r = scenario_from(&passing).unwrap();
    assert!(r.passed(), "{:?}", r.steps[0].failures);

    let failing = format!(
        r#"{{ {BASE}, "scores": {{"risk": 95}}, "expect": {{
            "outcome": "allowed",
            "reason_contains": "nothing",
            "calls": [{{"api": "access.deny"}}],
            "no_calls": [{{"api": "multifactor.enable"}}],
            "app_metadata": {{}},
            "app_metadata_contains": {{"mfa_required_sess_7f3a9c": false}},
            "user_metadata_contains": {{"x": 1}},
            "claims": {{"https://x/c": 1}},
            "error_contains": "boom",
            "logs_contain": ["not there"]
        }} }}"#
    );
    let r = scenario_from(&failing).unwrap();
    let whats: Vec<String> = r.steps[0].failures.iter().map(|f| f.what.clone()).collect();
    assert_eq!(
        whats,
        [
            "app_metadata",
            "app_metadata.mfa_required_sess_7f3a9c",
            "user_metadata.x",
            "outcome",
            "reason_contains",
            "calls[0]",
            "no_calls[0]",
            "claims.https://x/c",
            "error_contains",
            "logs_contain"
        ]
    );
    assert!(!r.passed());
}

#[test]
fn malformed_scenarios_name_the_file_and_the_field() {
    let cases = [
        ("{ \"trigger\": \"post-login\", ", "", "not valid JSON"),
        (
            r#"{"trigger": "post-logout", "actions": []}"#,
            "trigger",
            "unknown variant",
        ),
        (
            r#"{"trigger": "post-login", "actions": []}"#,
            "actions",
            "at least one action",
        ),
        (
            r#"{"trigger": "post-login", "actions": [{"path": "../actions/nope.js"}]}"#,
            "actions[0].path",
            "cannot read",
        ),
        (
            &format!(r#"{{ {BASE}, "expect": {{"outcome": "maybe"}} }}"#),
            "expect.outcome",
            "did not match",
        ),
        (
            &format!(r#"{{ {BASE}, "steps": [{{"do": "fly"}}] }}"#),
            "steps[0].do",
            "unknown variant",
        ),
        (
            &format!(r#"{{ {BASE}, "steps": [{{"do": "set"}}] }}"#),
            "steps[0]",
            "needs \"pointer\"",
        ),
        (
            &format!(r#"{{ {BASE}, "expct": {{}} }}"#),
            "expct",
            "unknown field",
        ),
        (
            &format!(r#"{{ {BASE}, "scores": {{"risk": "high"}} }}"#),
            "scores.risk",
            "expected a number or null",
        ),
        (
            r#"{"trigger": "send-phone-message", "actions": [{"path": "../actions/send-sms-via-provider.js"}], "scores": {"bot": 1}}"#,
            "scores",
            "no Akamai signals",
        ),
    ];
    for (text, field, message) in cases {
        let e = scenario_from(text).expect_err(text);
        assert_eq!(e.field, field, "{text}: {e}");
        assert!(e.message.contains(message), "{text}: {e}");
        assert!(
            e.to_string().starts_with(
                &root()
                    .join("samples/scenarios/inline-test.json")
                    .display()
                    .to_string()
            ),
            "names the file: {e}"
        );
    }
}

#[test]
fn sequences_keep_the_user_between_steps_and_report_bad_steps() {
    let text = format!(
        r#"{{ {BASE}, "steps": [
            {{"do": "set_scores", "risk": 95}},
            {{"do": "login", "expect": {{"app_metadata_contains": {{"mfa_required_sess_7f3a9c": true}}}}}},
            {{"do": "set_scores", "risk": 0}},
            {{"do": "login", "expect": {{"outcome": "mfa_required", "no_calls": [{{"api": "user.setAppMetadata"}}]}}}},
            {{"do": "new_session"}},
            {{"do": "login", "expect": {{"outcome": "allowed"}}}},
            {{"do": "set", "pointer": "/user/app_metadata/plan", "value": "gold"}},
            {{"do": "continue"}},
            {{"do": "complete_mfa", "expect": {{"outcome": "allowed"}}}}
        ] }}"#
    );
    let r = scenario_from(&text).unwrap();
    let failed: Vec<&str> = r
        .steps
        .iter()
        .filter(|s| !s.passed())
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(
        failed,
        ["8. continue", "9. complete_mfa"],
        "{:#?}",
        r.steps
            .iter()
            .map(|s| (&s.label, &s.failures))
            .collect::<Vec<_>>()
    );
    assert_eq!(r.steps[6].app_metadata["plan"], "gold");
}

#[test]
fn the_shipped_scenario_suite_passes() {
    let files = scenario::collect(&[root().join("samples/scenarios")]).unwrap();
    assert!(!files.is_empty());
    for file in files {
        let loaded = scenario::load(&file).unwrap_or_else(|e| panic!("{e}"));
        let r = scenario::run(&loaded);
        let failures: Vec<String> = r
            .steps
            .iter()
            .flat_map(|s| {
                s.failures.iter().map(move |f| {
                    format!(
                        "{}: {}: expected {}, got {}",
                        s.label, f.what, f.expected, f.actual
                    )
                })
            })
            .collect();
        assert!(r.passed(), "{}:\n{}", file.display(), failures.join("\n"));
    }
}

#[test]
fn junit_output_lists_steps_and_failures() {
    let ok = scenario_from(&format!(
        r#"{{ {BASE}, "expect": {{"outcome": "allowed"}} }}"#
    ))
    .unwrap();
    let bad = scenario_from(&format!(
        r#"{{ {BASE}, "expect": {{"outcome": "denied"}} }}"#
    ))
    .unwrap();
    let xml = scenario::junit::render(&[ok, bad], &["x.json: trigger: bad".to_owned()]);
    assert!(
        xml.contains(r#"<testsuites name="action-studio" tests="3" failures="1" errors="1">"#),
        "{xml}"
    );
    assert!(
        xml.contains("<failure message=\"outcome: expected denied, got allowed (Login allowed)\">"),
        "{xml}"
    );
    assert!(xml.contains("<error message=\"x.json: trigger: bad\"/>"));
    let _ = Path::new("unused");
}

#[test]
fn null_scores_claims_per_token_network_cache_and_forbidden_logs() {
    let text = r#"{
        "trigger": "post-login",
        "actions": [{"name": "inline", "code": "exports.onExecutePostLogin = async (event, api) => {\n  const bot = event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiBot;\n  console.log('bot ' + (bot ? 'present' : 'absent'));\n  api.idToken.setCustomClaim('https://x/id', 1);\n  api.accessToken.setCustomClaim('https://x/at', 2);\n  api.cache.set('seen', String((Number(api.cache.get('seen')?.value) || 0) + 1));\n  try { await fetch('https://hook.example/t', {method: 'POST', body: 'hello', headers: {'X-Key': 'k'}}); } catch (e) {}\n};"}],
        "steps": [
            {"do": "set_scores", "bot": null},
            {"do": "run", "expect": {
                "logs_contain": ["bot absent"], "no_logs_contain": ["present"],
                "id_token_claims": {"https://x/id": 1, "https://x/at": null},
                "access_token_claims": {"https://x/at": 2},
                "network": [{"method": "POST", "url": "https://hook.example/*", "body_contains": "hello", "headers": {"x-key": "k"}}],
                "cache_contains": {"seen": "1"}
            }},
            {"do": "login", "expect": {"cache_contains": {"seen": "2"}, "no_logs_contain": ["bot absent"]}}
        ]
    }"#;
    let r = scenario_from(text).unwrap();
    assert!(r.steps[1].passed(), "{:?}", r.steps[1].failures);
    let whats: Vec<&str> = r.steps[2]
        .failures
        .iter()
        .map(|f| f.what.as_str())
        .collect();
    assert_eq!(
        whats,
        ["no_logs_contain"],
        "the cache carried over between steps; the forbidden line shows up"
    );
}

#[test]
fn a_challenge_resumes_with_the_next_action_when_there_is_no_on_continue() {
    let challenger = FlowAction { name: "step-up".to_owned(), code: "exports.onExecutePostLogin = async (event, api) => { api.authentication.challengeWith({type: 'otp'}); };".to_owned() };
    let next = action("after", "console.log('after ran');");
    let request = FlowRequest {
        trigger: Trigger::PostLogin,
        event: Trigger::PostLogin.default_event(),
        actions: vec![challenger, next],
        options: RunOptions::reproducible(),
        resume: Some(Suspension {
            action: 0,
            kind: OutcomeKind::Challenge,
        }),
    };
    let r = flow::run(&request).unwrap();
    let logs: Vec<String> = r.all_logs().map(|l| l.text.clone()).collect();
    assert_eq!(logs, ["after ran"]);
    assert!(
        r.error().is_none(),
        "no missing-handler error after a challenge"
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.text.contains("has no onContinuePostLogin"))
    );
}
