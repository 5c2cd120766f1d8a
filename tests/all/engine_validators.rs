//! Auth0's client-side validators: a rejected call throws to the action with Auth0's text and is
//! recorded with `rejected`; it has no effect on the outcome or the metadata.

use action_studio::engine::{OutcomeKind, Trigger};
use serde_json::json;

use crate::util::run_event;

fn expect_error(
    trigger: Trigger,
    event: serde_json::Value,
    body: &str,
    name: &str,
    message_part: &str,
) {
    let src = format!(
        "exports.{} = async (event, api) => {{\n{body}\n}};",
        trigger.execute_handler()
    );
    let report = run_event(trigger, event, &src);
    let err = report
        .error
        .as_ref()
        .unwrap_or_else(|| panic!("{body}: expected an error"));
    assert_eq!(err.name, name, "{body}: {err:?}");
    assert!(
        err.message.contains(message_part),
        "{body}: {:?} should contain {message_part:?}",
        err.message
    );
    assert_eq!(report.outcome.kind, OutcomeKind::Error, "{body}");
    let last = report
        .calls
        .last()
        .unwrap_or_else(|| panic!("{body}: the rejected call is recorded"));
    assert!(last.rejected.is_some(), "{body}: marked rejected");
}

#[test]
fn post_login_validators() {
    let e = || Trigger::PostLogin.default_event();
    let t = Trigger::PostLogin;
    expect_error(
        t,
        e(),
        "api.idToken.setCustomClaim('scope', 'x');",
        "Error",
        "The \"scope\" claim cannot be set.",
    );
    expect_error(
        t,
        e(),
        "api.accessToken.setCustomClaim('scope', 'x');",
        "Error",
        "The \"scope\" claim cannot be set.",
    );
    expect_error(
        t,
        e(),
        "api.accessToken.addScope(42);",
        "TypeError",
        "The value for the scope must be a string.",
    );
    expect_error(
        t,
        e(),
        "api.accessToken.addScope('   ');",
        "Error",
        "The value for the scope is required.",
    );
    expect_error(
        t,
        e(),
        "api.accessToken.removeScope('a b');",
        "Error",
        "whitespace",
    );
    expect_error(
        t,
        e(),
        "api.accessToken.addScope('x'.repeat(281));",
        "Error",
        "280",
    );
    expect_error(
        t,
        e(),
        "api.validation.error('c'.repeat(101), 'm');",
        "Error",
        "Failed to add validation error",
    );
    expect_error(
        t,
        e(),
        "api.authentication.setPrimaryUser('auth0|a');\napi.authentication.setPrimaryUser('auth0|b');",
        "Error",
        "The primary user can only be altered once per transaction",
    );
    expect_error(
        t,
        e(),
        "api.authentication.setPrimaryUser('');",
        "Error",
        "must be a non-empty string",
    );
    expect_error(
        t,
        e(),
        "api.authentication.setPrimaryUser('a'.repeat(129));",
        "Error",
        "exceeds the maximum length",
    );
    expect_error(
        t,
        e(),
        "api.prompt.render('f1');\napi.prompt.render('f2');",
        "Error",
        "Only 1 render command per action is allowed.",
    );
    expect_error(
        t,
        e(),
        "api.redirect.sendUserTo('https://x.example');\napi.prompt.render('f1');",
        "Error",
        "Redirect and render commands cannot be used in the same action.",
    );
    expect_error(
        t,
        e(),
        "api.redirect.sendUserTo('not a url');",
        "TypeError",
        "Invalid URL",
    );
    expect_error(
        t,
        e(),
        "api.transaction.addTargetScope('read');",
        "Error",
        "Method not implemented.",
    );
    expect_error(
        t,
        e(),
        "api.transaction.setMetadata('k', {a: 1});",
        "Error",
        "Transaction metadata values",
    );
    expect_error(
        t,
        e(),
        "api.session.setMetadata('bad key!', 'v');",
        "Error",
        "Failed to set session metadata",
    );
    expect_error(
        t,
        e(),
        "api.refreshToken.setMetadata('k', 'v'.repeat(256));",
        "Error",
        "Failed to set refresh token metadata",
    );
    expect_error(
        t,
        e(),
        "api.refreshToken.setExpiresAt(0);",
        "Error",
        "Either inactivity or absolute expiration time must be provided",
    );
    expect_error(
        t,
        e(),
        "api.samlResponse.setAttribute('a'.repeat(1025), 'v');",
        "Error",
        "Invalid SAML configuration",
    );
    expect_error(
        t,
        e(),
        "api.samlResponse.setSignatureAlgorithm('md5');",
        "Error",
        "rsa-sha256",
    );
    expect_error(
        t,
        e(),
        "api.session.revoke('r', {other: true});",
        "Error",
        "preserveRefreshTokens",
    );
    expect_error(
        t,
        e(),
        "api.cache.set('k', 5);",
        "TypeError",
        "must be a string",
    );
    let mut no_session = e();
    no_session.as_object_mut().unwrap().remove("session");
    expect_error(
        t,
        no_session,
        "api.session.setMetadata('k', 'v');",
        "Error",
        "Cannot set metadata on a session that does not exist.",
    );
    let mut odd = e();
    odd["user"]["app_metadata"] = json!("not an object");
    expect_error(
        t,
        odd,
        "api.user.setAppMetadata('k', 1);",
        "Error",
        "Unexpected app_metadata format. Must be a valid JSON object",
    );
}

#[test]
fn other_trigger_validators() {
    expect_error(
        Trigger::PreUserRegistration,
        Trigger::PreUserRegistration.default_event(),
        "api.user.setUserId('bad id with spaces');",
        "Error",
        "Invalid setUserId arguments",
    );
    expect_error(
        Trigger::PreUserRegistration,
        Trigger::PreUserRegistration.default_event(),
        "api.validation.error('code', 'm'.repeat(101));",
        "Error",
        "Failed to add validation error",
    );
    expect_error(
        Trigger::CredentialsExchange,
        Trigger::CredentialsExchange.default_event(),
        "api.transaction.addTargetScope('has space');",
        "Error",
        "whitespace",
    );
    expect_error(
        Trigger::PostChallenge,
        Trigger::PostChallenge.default_event(),
        "api.transaction.setResultUrl('::nope');",
        "TypeError",
        "Invalid URL",
    );
}

#[test]
fn a_caught_rejection_has_no_effect() {
    let src = "exports.onExecutePostLogin = async (event, api) => {\n\
        try { api.idToken.setCustomClaim('scope', 'x'); } catch (e) { console.log(e.message); }\n\
        api.idToken.setCustomClaim('https://x/ok', 1);\n};";
    let r = run_event(Trigger::PostLogin, Trigger::PostLogin.default_event(), src);
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(
        r.claims.len(),
        1,
        "the rejected claim is not set: {:?}",
        r.claims
    );
    assert_eq!(r.calls.len(), 2);
    assert!(
        r.calls[0].rejected.is_some(),
        "rejected call kept in the list"
    );
}

#[test]
fn cache_result_codes_and_seeding() {
    let src = "exports.onExecutePostLogin = async (event, api) => {\n\
        const r = [];\n\
        r.push(api.cache.get('seeded')?.value ?? 'none');\n\
        r.push(api.cache.set('k'.repeat(65), 'v').code);\n\
        r.push(api.cache.set('k', 'v'.repeat(4097)).code);\n\
        r.push(api.cache.set('k', 'v', {ttl: -1}).code);\n\
        r.push(api.cache.set('k', 'v', {ttl: 'x'}).code);\n\
        r.push(api.cache.delete('missing').code);\n\
        r.push(api.cache.set('k', 'v', {ttl: 1000}).record.expires_at - Date.now());\n\
        console.log(JSON.stringify(r));\n};";
    let mut options = action_studio::engine::RunOptions::reproducible();
    let now = options.clock_ms.unwrap();
    options.cache = vec![action_studio::engine::report::CacheEntry {
        key: "seeded".to_owned(),
        value: "hello".to_owned(),
        expires_at: now + 5000,
    }];
    let r = crate::util::run_with(
        Trigger::PostLogin,
        Trigger::PostLogin.default_event(),
        src,
        options,
    );
    assert_eq!(
        crate::util::log_texts(&r),
        [
            r#"["hello","CacheKeySizeExceeded","CacheValueSizeExceeded","ItemAlreadyExpired","InvalidExpiry","CacheKeyDoesNotExist",1000]"#
        ]
    );
    let keys: Vec<&str> = r.cache.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["k", "seeded"], "cache after the run");
}
