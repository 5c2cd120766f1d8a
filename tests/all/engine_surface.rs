//! Every trigger's `api` surface: present and absent methods, return values, handlers, signals.

use action_studio::engine::{HandlerKind, OutcomeKind, RunOptions, RunRequest, Trigger};
use serde_json::{Value, json};

use crate::util::{log_texts, run, run_event, run_request};

fn code(trigger: Trigger, body: &str) -> String {
    format!(
        "exports.{} = async (event, api) => {{\n{body}\n}};",
        trigger.execute_handler()
    )
}

#[test]
fn each_trigger_exposes_exactly_its_documented_methods() {
    let walk = "const out = [];\n\
        for (const ns of Object.keys(api)) for (const m of Object.keys(api[ns])) if (typeof api[ns][m] === 'function') out.push(ns + '.' + m);\n\
        console.log(JSON.stringify(out.sort()));";
    for trigger in Trigger::ALL {
        let report = run(trigger, &code(trigger, walk));
        assert!(report.error.is_none(), "{trigger}: {:?}", report.error);
        let listed: Vec<String> = serde_json::from_str(&log_texts(&report)[0]).unwrap();
        let mut expected: Vec<String> = trigger
            .api_methods()
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        expected.sort();
        assert_eq!(listed, expected, "{trigger}: api surface");
    }
}

#[test]
fn a_method_the_trigger_lacks_throws_a_type_error() {
    let cases = [
        (Trigger::PostChallenge, "api.multifactor.enable('any');"),
        (
            Trigger::PostUserRegistration,
            "api.user.setAppMetadata('a', 1);",
        ),
        (Trigger::SendPhoneMessage, "api.access.deny('no');"),
        (Trigger::PostChangePassword, "api.access.deny('no');"),
        (
            Trigger::CredentialsExchange,
            "api.user.setAppMetadata('a', 1);",
        ),
        (
            Trigger::PreUserRegistration,
            "api.idToken.setCustomClaim('a', 1);",
        ),
    ];
    for (trigger, body) in cases {
        let report = run(trigger, &code(trigger, body));
        let err = report
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{trigger}: expected an error"));
        assert_eq!(err.name, "TypeError", "{trigger}: {err:?}");
        assert_eq!(
            err.line,
            Some(2),
            "{trigger}: error line in the user's file"
        );
        assert_eq!(report.outcome.kind, OutcomeKind::Error);
        assert!(report.calls.is_empty(), "{trigger}: nothing recorded");
    }
}

#[test]
fn return_values_follow_each_trigger() {
    let post_login = "const r = [\n\
        api.access.deny('a') === api,\n\
        api.idToken.setCustomClaim('https://x/a', 1) === api,\n\
        api.accessToken.setCustomClaim('https://x/a', 1) === api,\n\
        api.accessToken.addScope('read') === undefined,\n\
        api.accessToken.removeScope('read') === undefined,\n\
        api.multifactor.enable('any') === api,\n\
        api.user.setAppMetadata('a', 1) === api,\n\
        api.user.setUserMetadata('a', 1) === api,\n\
        api.validation.error('c', 'm') === api,\n\
        api.session.revoke('r') === undefined,\n\
        api.redirect.canRedirect() === true,\n\
        typeof api.redirect.encodeToken({secret: 's', payload: {a: 1}}) === 'string',\n\
        api.cache.get('nothing') === undefined,\n\
        api.rules.wasExecuted('rul_1') === false,\n\
      ];\n\
      console.log(JSON.stringify(r));";
    let report = run(Trigger::PostLogin, &code(Trigger::PostLogin, post_login));
    assert!(report.error.is_none(), "{:?}", report.error);
    let all_true: Vec<bool> = serde_json::from_str(&log_texts(&report)[0]).unwrap();
    assert!(
        all_true.iter().all(|b| *b),
        "post-login returns: {all_true:?}"
    );

    let pc = "console.log(String(api.access.deny('a') === undefined));";
    assert_eq!(
        log_texts(&run(
            Trigger::PostChallenge,
            &code(Trigger::PostChallenge, pc)
        )),
        ["true"]
    );
    let pur = "console.log(String(api.access.deny('a', 'b') === api && api.user.setAppMetadata('k', 1) === api));";
    assert_eq!(
        log_texts(&run(
            Trigger::PreUserRegistration,
            &code(Trigger::PreUserRegistration, pur)
        )),
        ["true"]
    );
    let ce = "console.log(String(api.access.deny('invalid_request', 'b') === api && api.accessToken.setCustomClaim('k', 1) === api));";
    assert_eq!(
        log_texts(&run(
            Trigger::CredentialsExchange,
            &code(Trigger::CredentialsExchange, ce)
        )),
        ["true"]
    );
}

#[test]
fn calls_are_recorded_in_order_with_lines_display_and_undefined() {
    let body = "api.user.setAppMetadata('k', undefined);\n  api.idToken.setCustomClaim('https://x/c', {n: [1, null]});";
    let report = run(Trigger::PostLogin, &code(Trigger::PostLogin, body));
    let c0 = &report.calls[0];
    assert_eq!(c0.api, "user.setAppMetadata");
    assert_eq!(c0.args, vec![json!("k"), Value::Null]);
    assert_eq!(c0.display, "api.user.setAppMetadata(\"k\", undefined)");
    assert_eq!((c0.line, c0.undefined_args.clone()), (2, vec![1]));
    let c1 = &report.calls[1];
    assert_eq!(c1.line, 3);
    assert_eq!(c1.args[1], json!({"n": [1, null]}));
    let json = serde_json::to_value(&report).unwrap();
    for key in [
        "trigger",
        "handler",
        "outcome",
        "calls",
        "logs",
        "error",
        "app_metadata",
        "user_metadata",
        "claims",
        "notes",
        "duration_ms",
    ] {
        assert!(json.get(key).is_some(), "report JSON has {key}");
    }
    assert_eq!(json["outcome"]["kind"], "allowed");
    assert_eq!(
        json["calls"][0]["display"],
        "api.user.setAppMetadata(\"k\", undefined)"
    );
}

#[test]
fn continue_handlers_and_the_alias() {
    for trigger in [Trigger::PostLogin, Trigger::PostChallenge] {
        let handler = trigger.continue_handler().unwrap();
        let src =
            format!("exports.{handler} = async (event, api) => {{ console.log('resumed'); }};");
        let mut request = RunRequest::new(trigger, trigger.default_event(), src);
        request.handler = HandlerKind::Continue;
        request.options = RunOptions::reproducible();
        let report = run_request(&request);
        assert_eq!(report.handler, handler);
        assert_eq!(log_texts(&report), ["resumed"]);
    }
    assert_eq!(
        Trigger::parse("password-reset-post-challenge").unwrap(),
        Trigger::PostChallenge
    );
    let record_in_execute = run(
        Trigger::PostLogin,
        &code(
            Trigger::PostLogin,
            "api.authentication.recordMethod('https://idp.example/x');",
        ),
    );
    assert!(
        record_in_execute.error.is_some(),
        "recordMethod is only allowed in onContinuePostLogin"
    );
}

#[test]
fn signals_reach_the_action_or_are_absent() {
    let body = "const a = event.authentication?.riskAssessment?.supplemental?.akamai;\n\
        console.log(JSON.stringify([a?.akamaiBot?.botScore ?? 'absent', a?.akamaiUserRisk?.score ?? 'absent']));";
    for trigger in Trigger::ALL {
        let report = run(trigger, &code(trigger, body));
        let expected = if trigger.has_akamai() {
            "[0,0]"
        } else {
            "[\"absent\",\"absent\"]"
        };
        assert_eq!(log_texts(&report), [expected], "{trigger}");
    }
    let mut event = Trigger::PostLogin.default_event();
    action_studio::engine::event::set_signal_present(
        &mut event,
        action_studio::engine::event::Signal::UserRisk,
        false,
    );
    action_studio::engine::event::set_score(
        &mut event,
        action_studio::engine::event::Signal::Bot,
        55.5,
    );
    let report = run_event(Trigger::PostLogin, event, &code(Trigger::PostLogin, body));
    assert_eq!(log_texts(&report), ["[55.5,\"absent\"]"]);
    let mut odd = Trigger::PostLogin.default_event();
    action_studio::engine::event::set_signal_field(
        &mut odd,
        action_studio::engine::event::Signal::UserRisk,
        "score",
        Some(json!("95")),
    );
    let report = run_event(
        Trigger::PostLogin,
        odd,
        &code(
            Trigger::PostLogin,
            "console.log(typeof event.authentication.riskAssessment.supplemental.akamai.akamaiUserRisk.score);",
        ),
    );
    assert_eq!(
        log_texts(&report),
        ["string"],
        "wrong types are delivered as given"
    );
    assert!(
        report.notes.iter().any(|n| n.text.contains("not a number")),
        "with a warning"
    );
}

#[test]
fn the_engine_never_imports_ui_crates() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&crate::util::root().join("src/engine"), &mut files);
    assert!(files.len() > 10, "found the engine's files");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for banned in [
            "egui::",
            "eframe::",
            "rfd::",
            "use egui",
            "use eframe",
            "use rfd",
        ] {
            assert!(!text.contains(banned), "{} mentions {banned}", f.display());
        }
    }
}
