//! Every outcome kind, precedence between them, and Auth0's "deny does not stop the handler".

use action_studio::engine::{OutcomeKind, RunOptions, Trigger};
use serde_json::json;

use crate::util::{call_names, log_texts, run, run_with};

fn post_login(body: &str) -> action_studio::engine::RunReport {
    run(
        Trigger::PostLogin,
        &format!("exports.onExecutePostLogin = async (event, api) => {{\n{body}\n}};"),
    )
}

#[test]
fn every_outcome_kind() {
    let cases: [(&str, OutcomeKind); 12] = [
        ("", OutcomeKind::Allowed),
        ("api.access.deny('nope');", OutcomeKind::Denied),
        ("api.session.revoke('risky');", OutcomeKind::SessionRevoked),
        (
            "api.multifactor.enable('any', {allowRememberBrowser: false});",
            OutcomeKind::MfaRequired,
        ),
        (
            "api.authentication.challengeWith({type: 'otp'});",
            OutcomeKind::Challenge,
        ),
        (
            "api.authentication.enrollWithAny([{type: 'otp'}, {type: 'webauthn-platform'}]);",
            OutcomeKind::Enrollment,
        ),
        (
            "api.redirect.sendUserTo('https://idv.example/start', {query: {u: 1}});",
            OutcomeKind::Redirect,
        ),
        ("api.prompt.render('ap_123');", OutcomeKind::Prompt),
        (
            "api.validation.error('bad_input', 'Bad input');",
            OutcomeKind::ValidationError,
        ),
        (
            "api.refreshToken.revoke('stolen');",
            OutcomeKind::RefreshTokenRevoked,
        ),
        ("throw new TypeError('boom');", OutcomeKind::Error),
        ("while (true) {}", OutcomeKind::Timeout),
    ];
    for (body, kind) in cases {
        let report = run_with(
            Trigger::PostLogin,
            Trigger::PostLogin.default_event(),
            &format!("exports.onExecutePostLogin = async (event, api) => {{\n{body}\n}};"),
            RunOptions {
                timeout_ms: 300,
                ..RunOptions::reproducible()
            },
        );
        assert_eq!(report.outcome.kind, kind, "{body}: {:?}", report.outcome);
        assert!(!report.outcome.summary.is_empty(), "summary for {kind:?}");
    }
}

#[test]
fn outcome_details_carry_reasons_and_targets() {
    let r = post_login("api.session.revoke('risky', {preserveRefreshTokens: true});");
    assert_eq!(r.outcome.reason.as_deref(), Some("risky"));
    assert_eq!(r.outcome.details["preserveRefreshTokens"], json!(true));
    let r = post_login("api.multifactor.enable('duo', {allowRememberBrowser: true});");
    assert_eq!(r.outcome.details["provider"], "duo");
    let r = post_login("api.redirect.sendUserTo('https://idv.example/start', {query: {u: 1}});");
    assert_eq!(r.outcome.details["url"], "https://idv.example/start?u=1");
    let r = run(
        Trigger::CredentialsExchange,
        "exports.onExecuteCredentialsExchange = async (event, api) => { api.access.deny('invalid_scope', 'no way'); };",
    );
    assert_eq!(
        (r.outcome.kind, r.outcome.details["code"].clone()),
        (OutcomeKind::Denied, json!("invalid_scope"))
    );
    let r = run(
        Trigger::PreUserRegistration,
        "exports.onExecutePreUserRegistration = async (event, api) => { api.access.deny('disposable', 'Use a real address'); };",
    );
    assert_eq!(r.outcome.details["userMessage"], "Use a real address");
}

#[test]
fn deny_does_not_stop_the_handler_and_precedence_is_explained() {
    let r = post_login(
        "api.multifactor.enable('any');\napi.access.deny('no');\napi.user.setAppMetadata('after', true);\nconsole.log('still running');",
    );
    assert_eq!(r.outcome.kind, OutcomeKind::Denied);
    assert_eq!(
        call_names(&r),
        ["multifactor.enable", "access.deny", "user.setAppMetadata"]
    );
    assert_eq!(log_texts(&r), ["still running"]);
    assert_eq!(
        r.app_metadata.after["after"],
        json!(true),
        "side effects stand"
    );
    assert_eq!(r.outcome.also, [OutcomeKind::MfaRequired]);
    assert!(
        r.outcome
            .why
            .as_deref()
            .unwrap_or_default()
            .contains("Denied wins"),
        "{:?}",
        r.outcome.why
    );

    let r = post_login("api.access.deny('first');\napi.access.deny('second');");
    assert_eq!(r.outcome.reason.as_deref(), Some("first"));
    assert!(
        r.notes
            .iter()
            .any(|n| n.text.contains("does not document which reason wins")),
        "fidelity note"
    );

    let r = post_login("api.access.deny('no');\nthrow new Error('late');");
    assert_eq!(
        r.outcome.kind,
        OutcomeKind::Error,
        "an error fails the execution whatever was requested"
    );
    assert_eq!(r.outcome.also, [OutcomeKind::Denied]);
}

#[test]
fn asynchronous_triggers_cannot_change_the_outcome() {
    let r = run(
        Trigger::PostChangePassword,
        "exports.onExecutePostChangePassword = async () => { throw new Error('audit failed'); };",
    );
    assert_eq!(r.outcome.kind, OutcomeKind::Error);
    assert!(
        r.outcome
            .why
            .as_deref()
            .unwrap_or_default()
            .contains("asynchronous"),
        "{:?}",
        r.outcome
    );
    let r = run(
        Trigger::PostUserRegistration,
        "exports.onExecutePostUserRegistration = async () => {};",
    );
    assert!(
        r.outcome.summary.contains("asynchronous"),
        "{}",
        r.outcome.summary
    );
}

#[test]
fn challenges_and_enrollments_need_a_usable_factor() {
    let mut event = Trigger::PostLogin.default_event();
    event["user"]["enrolledFactors"] = json!([{"type": "otp"}]);
    event["user"]["email_verified"] = json!(false);
    let src =
        |body: &str| format!("exports.onExecutePostLogin = async (event, api) => {{ {body} }};");
    let r = crate::util::run_event(
        Trigger::PostLogin,
        event.clone(),
        &src(
            "api.authentication.challengeWith({type: 'webauthn-platform'}, {additionalFactors: [{type: 'email'}]});",
        ),
    );
    assert_eq!(r.outcome.kind, OutcomeKind::Error, "{:?}", r.outcome);
    assert!(
        r.outcome.summary.contains("No usable MFA factor"),
        "{}",
        r.outcome.summary
    );
    let r = crate::util::run_event(
        Trigger::PostLogin,
        event.clone(),
        &src("api.authentication.challengeWithAny([{type: 'webauthn-platform'}, {type: 'otp'}]);"),
    );
    assert_eq!(
        r.outcome.kind,
        OutcomeKind::Challenge,
        "one usable factor is enough"
    );
    let r = crate::util::run_event(
        Trigger::PostLogin,
        event.clone(),
        &src("api.authentication.enrollWith({type: 'otp'});"),
    );
    assert_eq!(r.outcome.kind, OutcomeKind::Error, "nothing left to enroll");
    event["user"]
        .as_object_mut()
        .unwrap()
        .remove("enrolledFactors");
    let r = crate::util::run_event(
        Trigger::PostLogin,
        event,
        &src("api.authentication.challengeWith({type: 'webauthn-platform'});"),
    );
    assert_eq!(
        r.outcome.kind,
        OutcomeKind::Challenge,
        "unknown enrolment: assumed usable"
    );
}
