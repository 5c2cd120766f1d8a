//! The shipped samples (samples/actions, samples/events): the header convention, that each one runs
//! under its trigger with its sample event, and what each action does at its boundaries.

use action_studio::engine::event::{self as ev, Signal};
use action_studio::engine::report::{CacheEntry, LogLevel, TokenKind};
use action_studio::engine::request::REFERENCE_CLOCK_MS;
use action_studio::engine::{FetchMock, NoteKind, OutcomeKind, RunOptions, RunReport, Trigger};
use serde_json::{Value, json};

use crate::util::{call_names, log_texts, root, run_event, run_with};

const REQUIRED: [&str; 3] = [
    "akamai-revoke-session.js",
    "akamai-enforce-mfa.js",
    "akamai-cleanup-mfa-flag.js",
];
const SESSION: &str = "sess_b41d07";
const MARK: &str = "mfa_required_sess_b41d07";

// ---- helpers ---------------------------------------------------------------------------------

fn source(name: &str) -> String {
    let path = root().join("samples/actions").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sample_event(trigger: Trigger) -> Value {
    let path = root()
        .join("samples/events")
        .join(format!("{}.json", trigger.id()));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The sample event with the given scores (`None` keeps the sample's score).
fn scored(trigger: Trigger, bot: Option<f64>, risk: Option<f64>) -> Value {
    let mut e = sample_event(trigger);
    if let Some(b) = bot {
        ev::set_score(&mut e, Signal::Bot, b);
    }
    if let Some(r) = risk {
        ev::set_score(&mut e, Signal::UserRisk, r);
    }
    e
}

fn without_signal(trigger: Trigger, which: Signal) -> Value {
    let mut e = sample_event(trigger);
    ev::set_signal_present(&mut e, which, false);
    e
}

fn without_akamai(trigger: Trigger) -> Value {
    let mut e = sample_event(trigger);
    ev::set_akamai_present(&mut e, false);
    assert!(ev::akamai(&e).is_none(), "akamai removed");
    e
}

fn set(e: &mut Value, pointer: &str, value: Value) {
    *e.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} exists")) = value;
}

fn go(name: &str, trigger: Trigger, event: Value) -> RunReport {
    let report = run_event(trigger, event, &source(name));
    assert_eq!(report.handler, trigger.execute_handler(), "{name}: handler");
    report
}

fn go_with(name: &str, trigger: Trigger, event: Value, options: RunOptions) -> RunReport {
    run_with(trigger, event, &source(name), options)
}

/// Asserts a clean run (no error) with the given outcome, and returns the report.
fn expect(report: RunReport, kind: OutcomeKind, what: &str) -> RunReport {
    assert!(
        report.error.is_none(),
        "{what}: unexpected error {:?}",
        report.error
    );
    assert_eq!(
        report.outcome.kind, kind,
        "{what}: outcome ({})",
        report.outcome.summary
    );
    report
}

fn allowed_without_calls(report: RunReport, what: &str) -> RunReport {
    let report = expect(report, OutcomeKind::Allowed, what);
    assert!(
        report.calls.is_empty(),
        "{what}: no api calls, got {:?}",
        call_names(&report)
    );
    report
}

fn has_log(report: &RunReport, level: LogLevel, needle: &str) -> bool {
    report
        .logs
        .iter()
        .any(|l| l.level == level && l.text.contains(needle))
}

/// Runs `name` on the sample event at every (bot, risk) pair, checks the outcome (and, when it is
/// `Allowed`, that no api call was made) and returns each cell's label, scores and report.
fn grid(
    name: &str,
    t: Trigger,
    bots: &[f64],
    risks: &[f64],
    kind: OutcomeKind,
) -> Vec<(String, f64, f64, RunReport)> {
    let mut cells = Vec::new();
    for &bot in bots {
        for &risk in risks {
            let what = format!("{name} at bot {bot} risk {risk}");
            let report = expect(go(name, t, scored(t, Some(bot), Some(risk))), kind, &what);
            if kind == OutcomeKind::Allowed {
                assert!(
                    report.calls.is_empty(),
                    "{what}: no api calls, got {:?}",
                    call_names(&report)
                );
            }
            cells.push((what, bot, risk, report));
        }
    }
    cells
}

// ---- conventions: every action file and every event file ----------------------------------------

fn action_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("samples/actions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The trigger named by the header, after checking the whole header convention.
fn header_trigger(name: &str, code: &str) -> Trigger {
    let lines: Vec<&str> = code.lines().collect();
    let title = lines
        .first()
        .and_then(|l| l.strip_prefix("// "))
        .unwrap_or_default();
    assert!(
        !title.trim().is_empty() && !title.starts_with("Trigger:"),
        "{name}: line 1 is `// <Title>`"
    );
    assert!(
        title.split_whitespace().count() <= 10,
        "{name}: the title is a few words, got {title:?}"
    );
    let id = lines
        .get(1)
        .and_then(|l| l.strip_prefix("// Trigger: "))
        .unwrap_or_else(|| panic!("{name}: line 2 is `// Trigger: <id>`"));
    let trigger = Trigger::parse(id).unwrap_or_else(|_| panic!("{name}: unknown trigger {id:?}"));
    assert_eq!(
        trigger.id(),
        id,
        "{name}: the header uses the studio's trigger id"
    );
    let description = lines[2..]
        .iter()
        .take_while(|l| l.starts_with("//"))
        .count();
    assert!(
        (2..=4).contains(&description),
        "{name}: 2-4 description lines after the trigger, got {description}"
    );
    assert!(
        lines[2..2 + description].iter().all(|l| l.len() > 3),
        "{name}: description lines are not empty"
    );
    trigger
}

#[test]
fn every_action_has_the_header_and_runs_with_its_sample_event() {
    let names = action_files();
    for required in REQUIRED {
        assert!(names.iter().any(|n| n == required), "{required} is shipped");
    }
    let mut covered = Vec::new();
    for name in &names {
        assert!(
            name.ends_with(".js"),
            "{name}: only JavaScript in samples/actions"
        );
        let code = source(name);
        let trigger = header_trigger(name, &code);
        assert!(
            code.contains(&format!(
                "exports.{} = async (event, api) =>",
                trigger.execute_handler()
            )),
            "{name}: exports the async handler"
        );
        let report = go(name, trigger, sample_event(trigger));
        match &report.error {
            None => {}
            // The SMS sample must reach its provider, and the studio's network is off: that failure is the point.
            Some(e) => assert!(
                trigger == Trigger::SendPhoneMessage
                    && e.name == "Error"
                    && e.message.contains("network is off"),
                "{name}: unexpected error {e:?}"
            ),
        }
        assert!(
            report.calls.iter().all(|c| c.accepted()),
            "{name}: Auth0's validators accept every call"
        );
        assert!(
            !report.notes.iter().any(|n| n.kind == NoteKind::Warning),
            "{name}: no warnings, got {:?}",
            report.notes
        );
        covered.push(trigger);
    }
    for t in Trigger::ALL {
        assert!(covered.contains(&t), "at least one sample for {t}");
    }
}

/// Keys of `default` missing from `sample`, recursively (free-form maps are not compared).
fn missing_keys(default: &Value, sample: &Value, path: &str, out: &mut Vec<String>) {
    const FREE: [&str; 9] = [
        "secrets",
        "app_metadata",
        "user_metadata",
        "metadata",
        "body",
        "query",
        "risk",
        "customClaims",
        "domain_metadata",
    ];
    let (Value::Object(d), Value::Object(s)) = (default, sample) else {
        return;
    };
    for (k, v) in d {
        let here = format!("{path}/{k}");
        match s.get(k) {
            None => out.push(here),
            Some(sv) if !FREE.contains(&k.as_str()) => missing_keys(v, sv, &here, out),
            Some(_) => {}
        }
    }
}

#[test]
fn every_event_file_parses_and_matches_its_trigger() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("samples/events"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = Trigger::ALL
        .iter()
        .map(|t| format!("{}.json", t.id()))
        .collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "one event per trigger, named <trigger-id>.json"
    );
    for t in Trigger::ALL {
        let text = std::fs::read_to_string(
            root()
                .join("samples/events")
                .join(format!("{}.json", t.id())),
        )
        .unwrap();
        let event = ev::parse(&text).unwrap_or_else(|e| panic!("{t}: {e}"));
        assert_eq!(
            ev::akamai(&event).is_some(),
            t.has_akamai(),
            "{t}: Akamai presence follows Trigger::has_akamai"
        );
        if t.has_akamai() {
            for s in Signal::ALL {
                for field in s.fields() {
                    assert!(
                        ev::signal_field(&event, s, field).is_some(),
                        "{t}: {}.{field} present",
                        s.key()
                    );
                }
            }
        }
        assert!(
            ev::check(t, &event).is_empty(),
            "{t}: the signal checker has nothing to say"
        );
        let mut missing = Vec::new();
        missing_keys(&t.default_event(), &event, "", &mut missing);
        assert!(
            missing.is_empty(),
            "{t}: documented fields missing from the sample event: {missing:?}"
        );
    }
    // The post-login sample sits at a moderate user risk, below every threshold the samples use.
    let login = sample_event(Trigger::PostLogin);
    assert_eq!(ev::score(&login, Signal::UserRisk), Some(55.0));
    assert_eq!(ev::score(&login, Signal::Bot), Some(35.0));
}

// ---- akamai-revoke-session.js ------------------------------------------------------------------

const REVOKE: &str = "akamai-revoke-session.js";

#[test]
fn revoke_session_exactly_from_user_risk_90_for_every_bot_score() {
    let t = Trigger::PostLogin;
    let bots = [0.0, 35.0, 79.0, 80.0, 100.0];
    grid(
        REVOKE,
        t,
        &bots,
        &[0.0, 1.0, 55.0, 89.0, 89.9],
        OutcomeKind::Allowed,
    );
    for (what, _, risk, r) in grid(
        REVOKE,
        t,
        &bots,
        &[90.0, 95.0, 100.0],
        OutcomeKind::SessionRevoked,
    ) {
        assert_eq!(call_names(&r), ["session.revoke"], "{what}");
        let reason = format!("Akamai user risk score {risk} is 90 or above.");
        assert_eq!(
            r.calls[0].args,
            [json!(reason)],
            "{what}: reason only, refresh tokens not preserved"
        );
        assert_eq!(r.outcome.reason.as_deref(), Some(reason.as_str()), "{what}");
        assert_eq!(
            r.outcome.details["preserveRefreshTokens"],
            json!(false),
            "{what}"
        );
        assert!(r.app_metadata.changes.is_empty(), "{what}: no metadata");
    }
}

#[test]
fn revoke_session_fails_open_on_missing_user_risk() {
    let t = Trigger::PostLogin;
    let mut no_score = sample_event(t);
    ev::set_signal_field(&mut no_score, Signal::UserRisk, "score", None);
    let mut text_score = sample_event(t);
    ev::set_signal_field(
        &mut text_score,
        Signal::UserRisk,
        "score",
        Some(json!("95")),
    );
    let cases = [
        (
            "user-risk signal absent",
            without_signal(t, Signal::UserRisk),
        ),
        ("whole akamai object absent", without_akamai(t)),
        ("score field absent", no_score),
        ("score is a string", text_score),
    ];
    for (what, event) in cases {
        let r = allowed_without_calls(go(REVOKE, t, event), what);
        assert_eq!(
            log_texts(&r),
            ["No Akamai user-risk score on this login; nothing to do."],
            "{what}"
        );
    }
    // A high bot score alone never revokes: this policy reads user risk only.
    let mut bot_only = without_signal(t, Signal::UserRisk);
    ev::set_score(&mut bot_only, Signal::Bot, 100.0);
    allowed_without_calls(go(REVOKE, t, bot_only), "bot 100, no user risk");
}

// ---- akamai-enforce-mfa.js ---------------------------------------------------------------------

const ENFORCE: &str = "akamai-enforce-mfa.js";

#[test]
fn enforce_mfa_marks_the_session_and_requires_mfa_from_90() {
    let t = Trigger::PostLogin;
    for (what, _, _, r) in grid(
        ENFORCE,
        t,
        &[0.0, 100.0],
        &[0.0, 55.0, 89.0],
        OutcomeKind::Allowed,
    ) {
        assert!(r.app_metadata.changes.is_empty(), "{what}");
    }
    for (what, _, _, r) in grid(
        ENFORCE,
        t,
        &[0.0, 100.0],
        &[90.0, 100.0],
        OutcomeKind::MfaRequired,
    ) {
        assert_eq!(
            call_names(&r),
            ["user.setAppMetadata", "multifactor.enable"],
            "{what}"
        );
        assert_eq!(r.calls[0].args, [json!(MARK), json!(true)], "{what}");
        assert_eq!(
            r.calls[1].args,
            [json!("any"), json!({"allowRememberBrowser": false})],
            "{what}"
        );
        assert_eq!(
            r.outcome.details,
            json!({"provider": "any", "options": {"allowRememberBrowser": false}}),
            "{what}"
        );
        assert_eq!(r.app_metadata.changes.len(), 1, "{what}");
        assert_eq!(r.app_metadata.changes[0].path, [MARK], "{what}");
        assert_eq!(r.app_metadata.changes[0].new, Some(json!(true)), "{what}");
        assert_eq!(
            r.app_metadata.after,
            json!({"plan": "pro", MARK: true}),
            "{what}: other keys untouched"
        );
    }
}

#[test]
fn enforce_mfa_remembers_the_mark_for_this_session_only() {
    let t = Trigger::PostLogin;
    // Marked session at low risk: MFA again, nothing rewritten.
    let mut marked = scored(t, None, Some(0.0));
    set(
        &mut marked,
        "/user/app_metadata",
        json!({"plan": "pro", MARK: true}),
    );
    let r = expect(
        go(ENFORCE, t, marked.clone()),
        OutcomeKind::MfaRequired,
        "marked, risk 0",
    );
    assert_eq!(call_names(&r), ["multifactor.enable"]);
    assert!(
        r.app_metadata.changes.is_empty(),
        "the mark is not rewritten"
    );
    assert!(
        log_texts(&r)
            .iter()
            .any(|l| l.contains("session already marked"))
    );
    // Marked session at high risk: still one MFA, no second write.
    ev::set_score(&mut marked, Signal::UserRisk, 95.0);
    let r = expect(
        go(ENFORCE, t, marked.clone()),
        OutcomeKind::MfaRequired,
        "marked, risk 95",
    );
    assert_eq!(call_names(&r), ["multifactor.enable"]);
    // A mark for another session does not count.
    let mut other = scored(t, None, Some(10.0));
    set(
        &mut other,
        "/user/app_metadata",
        json!({"mfa_required_sess_other": true}),
    );
    allowed_without_calls(go(ENFORCE, t, other), "mark of another session");
    // A marked session whose signals are missing keeps requiring MFA.
    let mut gone = marked;
    ev::set_akamai_present(&mut gone, false);
    let r = expect(
        go(ENFORCE, t, gone),
        OutcomeKind::MfaRequired,
        "marked, no signals",
    );
    assert_eq!(call_names(&r), ["multifactor.enable"]);
}

#[test]
fn enforce_mfa_missing_signals_and_missing_session() {
    let t = Trigger::PostLogin;
    allowed_without_calls(
        go(ENFORCE, t, without_signal(t, Signal::UserRisk)),
        "user risk absent",
    );
    allowed_without_calls(go(ENFORCE, t, without_akamai(t)), "akamai absent");
    let mut bot_only = without_signal(t, Signal::UserRisk);
    ev::set_score(&mut bot_only, Signal::Bot, 100.0);
    allowed_without_calls(go(ENFORCE, t, bot_only), "bot 100 without user risk");
    // No session (e.g. a refresh-token exchange): MFA, but no `mfa_required_undefined` key.
    let mut no_session = scored(t, None, Some(95.0));
    no_session.as_object_mut().unwrap().remove("session");
    let r = expect(
        go(ENFORCE, t, no_session),
        OutcomeKind::MfaRequired,
        "no session",
    );
    assert_eq!(call_names(&r), ["multifactor.enable"]);
    assert!(r.app_metadata.changes.is_empty());
}

// ---- akamai-cleanup-mfa-flag.js ----------------------------------------------------------------

const CLEANUP: &str = "akamai-cleanup-mfa-flag.js";

fn cleanup_event(methods: Value, app_metadata: Value) -> Value {
    let mut e = sample_event(Trigger::PostLogin);
    set(&mut e, "/authentication/methods", methods);
    set(&mut e, "/user/app_metadata", app_metadata);
    e
}

fn pwd_and_mfa() -> Value {
    json!([
        {"name": "pwd", "timestamp": "2025-03-01T09:58:00.000Z"},
        {"name": "mfa", "timestamp": "2025-03-01T09:59:00.000Z", "type": "otp"}
    ])
}

#[test]
fn cleanup_removes_the_mark_after_mfa() {
    let t = Trigger::PostLogin;
    for risk in [0.0, 100.0] {
        let mut e = cleanup_event(pwd_and_mfa(), json!({"plan": "pro", MARK: true}));
        ev::set_score(&mut e, Signal::UserRisk, risk);
        let what = format!("mfa done, risk {risk}");
        let r = expect(go(CLEANUP, t, e), OutcomeKind::Allowed, &what);
        assert_eq!(call_names(&r), ["user.setAppMetadata"], "{what}");
        let call = &r.calls[0];
        assert_eq!(call.args, [json!(MARK), Value::Null], "{what}");
        assert!(
            call.arg_is_undefined(1),
            "{what}: removed with undefined, as Auth0's example does"
        );
        assert_eq!(
            call.display,
            format!("api.user.setAppMetadata(\"{MARK}\", undefined)")
        );
        assert_eq!(r.app_metadata.after, json!({"plan": "pro"}), "{what}");
        assert_eq!(r.app_metadata.changes.len(), 1);
        assert_eq!(r.app_metadata.changes[0].path, [MARK]);
        assert_eq!(r.app_metadata.changes[0].old, Some(json!(true)));
        assert!(
            r.notes
                .iter()
                .any(|n| n.kind == NoteKind::Fidelity && n.text.contains("undefined")),
            "{what}: fidelity note"
        );
        assert_eq!(
            log_texts(&r),
            [format!(
                "MFA completed in session {SESSION}: clearing {MARK}"
            )]
        );
    }
}

#[test]
fn cleanup_does_nothing_without_mfa_mark_or_session() {
    let t = Trigger::PostLogin;
    let pwd_only = json!([{"name": "pwd", "timestamp": "2025-03-01T10:00:00.000Z"}]);
    let r = allowed_without_calls(
        go(CLEANUP, t, cleanup_event(pwd_only, json!({MARK: true}))),
        "no mfa method",
    );
    assert_eq!(
        r.app_metadata.after,
        json!({MARK: true}),
        "the mark stays until MFA is done"
    );
    allowed_without_calls(
        go(
            CLEANUP,
            t,
            cleanup_event(pwd_and_mfa(), json!({"plan": "pro"})),
        ),
        "mfa but no mark",
    );
    allowed_without_calls(
        go(
            CLEANUP,
            t,
            cleanup_event(pwd_and_mfa(), json!({"mfa_required_sess_other": true})),
        ),
        "other session's mark",
    );
    let mut no_auth = cleanup_event(pwd_and_mfa(), json!({MARK: true}));
    no_auth.as_object_mut().unwrap().remove("authentication");
    allowed_without_calls(go(CLEANUP, t, no_auth), "no authentication object");
    let mut no_session = cleanup_event(pwd_and_mfa(), json!({MARK: true}));
    no_session.as_object_mut().unwrap().remove("session");
    allowed_without_calls(go(CLEANUP, t, no_session), "no session");
}

#[test]
fn enforce_then_cleanup_round_trip() {
    // Login 1: high risk marks the session. Login 2 (same session, MFA done): cleanup clears it.
    let t = Trigger::PostLogin;
    let first = expect(
        go(ENFORCE, t, scored(t, None, Some(92.0))),
        OutcomeKind::MfaRequired,
        "login 1",
    );
    let second = cleanup_event(pwd_and_mfa(), first.app_metadata.after.clone());
    let r = expect(go(CLEANUP, t, second), OutcomeKind::Allowed, "login 2");
    assert_eq!(r.app_metadata.after, json!({"plan": "pro"}));
}

// ---- deny-high-bot-score.js --------------------------------------------------------------------

const DENY_BOT: &str = "deny-high-bot-score.js";

#[test]
fn deny_bot_exactly_from_80_for_every_user_risk() {
    let t = Trigger::PostLogin;
    let risks = [0.0, 55.0, 100.0];
    grid(
        DENY_BOT,
        t,
        &[0.0, 35.0, 79.0, 79.99],
        &risks,
        OutcomeKind::Allowed,
    );
    for (what, bot, _, r) in grid(DENY_BOT, t, &[80.0, 100.0], &risks, OutcomeKind::Denied) {
        assert_eq!(call_names(&r), ["access.deny"], "{what}");
        let reason = format!("Automated traffic suspected (Akamai bot score {bot}).");
        assert_eq!(r.calls[0].args, [json!(reason)], "{what}");
        assert_eq!(r.outcome.reason.as_deref(), Some(reason.as_str()), "{what}");
    }
    let mut stuffing = scored(t, Some(97.0), None);
    ev::set_signal_field(
        &mut stuffing,
        Signal::Bot,
        "botCategory",
        Some(json!(["Credential Stuffing Bots"])),
    );
    let r = go(DENY_BOT, t, stuffing);
    assert_eq!(
        log_texts(&r),
        ["Bot score 97 (Credential Stuffing Bots) >= 80: denying"]
    );
}

#[test]
fn deny_bot_treats_a_missing_signal_explicitly() {
    let t = Trigger::PostLogin;
    let mut text_score = sample_event(t);
    ev::set_signal_field(&mut text_score, Signal::Bot, "botScore", Some(json!("85")));
    for (what, event) in [
        ("bot signal absent", without_signal(t, Signal::Bot)),
        ("akamai absent", without_akamai(t)),
        ("botScore a string", text_score),
    ] {
        let r = allowed_without_calls(go(DENY_BOT, t, event.clone()), what);
        assert!(has_log(&r, LogLevel::Warn, "fail-open"), "{what}: warns");
        // The same event under the fail-closed secret is denied.
        let mut closed = event;
        set(
            &mut closed,
            "/secrets",
            json!({"AKAMAI_FAIL_CLOSED": "true"}),
        );
        let r = expect(go(DENY_BOT, t, closed), OutcomeKind::Denied, what);
        assert_eq!(
            r.outcome.reason.as_deref(),
            Some("No Akamai bot score for this login (fail-closed policy).")
        );
        assert!(r.logs.is_empty());
    }
    // The fail-closed secret changes nothing when the score is present.
    let mut present = scored(t, Some(10.0), None);
    set(
        &mut present,
        "/secrets",
        json!({"AKAMAI_FAIL_CLOSED": "true"}),
    );
    allowed_without_calls(go(DENY_BOT, t, present), "score present, fail-closed");
}

// ---- step-up-bot-category.js -------------------------------------------------------------------

const STEP_UP: &str = "step-up-bot-category.js";

fn bot_event(segment: &str, categories: Value, factors: Value) -> Value {
    let mut e = sample_event(Trigger::PostLogin);
    ev::set_signal_field(
        &mut e,
        Signal::Bot,
        "botScoreResponseSegment",
        Some(json!(segment)),
    );
    ev::set_signal_field(&mut e, Signal::Bot, "botCategory", Some(categories));
    set(&mut e, "/user/enrolledFactors", factors);
    e
}

#[test]
fn step_up_challenges_enrolled_users_on_suspicious_bots() {
    let t = Trigger::PostLogin;
    let otp = json!([{"type": "otp"}]);
    for (what, event) in [
        (
            "segment aggressive",
            bot_event("aggressive", json!([]), otp.clone()),
        ),
        (
            "segment Strict (any case)",
            bot_event("Strict", json!([]), otp.clone()),
        ),
        (
            "credential stuffing",
            bot_event("human", json!(["Credential Stuffing Bots"]), otp.clone()),
        ),
        (
            "account takeover, lower case",
            bot_event(
                "cautious",
                json!(["Web Search Engine Bots", "account takeover bots"]),
                otp.clone(),
            ),
        ),
    ] {
        let r = expect(go(STEP_UP, t, event), OutcomeKind::Challenge, what);
        assert_eq!(
            call_names(&r),
            ["authentication.challengeWithAny"],
            "{what}"
        );
        assert_eq!(r.calls[0].args, [json!([{"type": "otp"}])], "{what}");
    }
    // Several factors, duplicates and non-challengeable ones (email, recovery-code) filtered out.
    let many = json!([{"type": "otp"}, {"type": "email"}, {"type": "phone", "options": {}}, {"type": "otp"}, {"type": "recovery-code"}]);
    let r = expect(
        go(STEP_UP, t, bot_event("aggressive", json!([]), many)),
        OutcomeKind::Challenge,
        "many factors",
    );
    assert_eq!(
        r.calls[0].args,
        [json!([{"type": "otp"}, {"type": "phone"}])]
    );
}

#[test]
fn step_up_requires_enrollment_when_nothing_is_enrolled() {
    let t = Trigger::PostLogin;
    for factors in [json!([]), json!([{"type": "email"}])] {
        let r = expect(
            go(STEP_UP, t, bot_event("aggressive", json!([]), factors)),
            OutcomeKind::MfaRequired,
            "no factor",
        );
        assert_eq!(call_names(&r), ["multifactor.enable"]);
        assert_eq!(
            r.calls[0].args,
            [json!("any"), json!({"allowRememberBrowser": false})]
        );
    }
    let mut unknown = bot_event("aggressive", json!([]), json!([]));
    unknown["user"]
        .as_object_mut()
        .unwrap()
        .remove("enrolledFactors");
    expect(
        go(STEP_UP, t, unknown),
        OutcomeKind::MfaRequired,
        "enrolledFactors unknown",
    );
}

#[test]
fn step_up_ignores_scores_and_missing_signals() {
    let t = Trigger::PostLogin;
    allowed_without_calls(
        go(STEP_UP, t, sample_event(t)),
        "sample event (cautious, no category)",
    );
    for segment in ["human", "cautious", "safeguard", ""] {
        allowed_without_calls(
            go(
                STEP_UP,
                t,
                bot_event(
                    segment,
                    json!(["Web Search Engine Bots"]),
                    json!([{"type": "otp"}]),
                ),
            ),
            segment,
        );
    }
    allowed_without_calls(
        go(STEP_UP, t, scored(t, Some(100.0), Some(100.0))),
        "scores alone",
    );
    allowed_without_calls(
        go(STEP_UP, t, without_signal(t, Signal::Bot)),
        "bot signal absent",
    );
    allowed_without_calls(go(STEP_UP, t, without_akamai(t)), "akamai absent");
    let mut odd = sample_event(t);
    ev::set_signal_field(
        &mut odd,
        Signal::Bot,
        "botCategory",
        Some(json!("Credential Stuffing Bots")),
    );
    ev::set_signal_field(
        &mut odd,
        Signal::Bot,
        "botScoreResponseSegment",
        Some(json!(7)),
    );
    allowed_without_calls(
        go(STEP_UP, t, odd),
        "category not an array, segment not a string",
    );
}

// ---- custom-claims-from-signals.js -------------------------------------------------------------

const CLAIMS: &str = "custom-claims-from-signals.js";

fn claim(report: &RunReport, token: TokenKind, name: &str) -> Value {
    let c = report
        .claims
        .iter()
        .find(|c| c.token == token && c.name == name)
        .unwrap_or_else(|| panic!("claim {name} on {token:?}"));
    assert!(c.dropped.is_none(), "{name}: Auth0 keeps it");
    c.value.clone()
}

#[test]
fn claims_carry_scores_segment_and_risk_level_bands() {
    let t = Trigger::PostLogin;
    let r = expect(
        go(CLAIMS, t, sample_event(t)),
        OutcomeKind::Allowed,
        "sample",
    );
    assert_eq!(
        claim(&r, TokenKind::IdToken, "https://acme.example/akamai"),
        json!({"bot_score": 35, "user_risk": 55, "segment": "cautious"})
    );
    assert_eq!(
        claim(
            &r,
            TokenKind::AccessToken,
            "https://acme.example/risk_level"
        ),
        json!("medium")
    );
    assert_eq!(r.claims.len(), 2);
    for (risk, level) in [
        (0.0, "low"),
        (39.0, "low"),
        (40.0, "medium"),
        (69.0, "medium"),
        (70.0, "high"),
        (100.0, "high"),
    ] {
        let r = expect(
            go(CLAIMS, t, scored(t, None, Some(risk))),
            OutcomeKind::Allowed,
            level,
        );
        assert_eq!(
            claim(
                &r,
                TokenKind::AccessToken,
                "https://acme.example/risk_level"
            ),
            json!(level),
            "risk {risk}"
        );
        let removes = r.calls_to("accessToken.removeScope").count();
        assert_eq!(
            removes,
            usize::from(level == "high"),
            "risk {risk}: write:payments removed only when high"
        );
        let scopes = r.scopes.clone().unwrap_or_default();
        if level == "high" {
            assert_eq!(scopes.removed, ["write:payments"], "risk {risk}");
            assert!(
                !scopes.result.contains(&"write:payments".to_owned()),
                "risk {risk}"
            );
        } else {
            assert!(scopes.removed.is_empty(), "risk {risk}");
        }
    }
}

#[test]
fn claims_with_missing_signals_and_other_audiences() {
    let t = Trigger::PostLogin;
    let r = expect(
        go(CLAIMS, t, without_akamai(t)),
        OutcomeKind::Allowed,
        "akamai absent",
    );
    assert_eq!(
        claim(&r, TokenKind::IdToken, "https://acme.example/akamai"),
        json!({"bot_score": null, "user_risk": null, "segment": null})
    );
    assert_eq!(
        claim(
            &r,
            TokenKind::AccessToken,
            "https://acme.example/risk_level"
        ),
        json!("unknown")
    );
    assert_eq!(r.calls_to("accessToken.removeScope").count(), 0);
    let r = go(CLAIMS, t, without_signal(t, Signal::UserRisk));
    assert_eq!(
        claim(&r, TokenKind::IdToken, "https://acme.example/akamai"),
        json!({"bot_score": 35, "user_risk": null, "segment": "cautious"})
    );
    // Another audience (or none): ID-token claim only, no access-token claim or scope change.
    let mut other = scored(t, None, Some(95.0));
    set(
        &mut other,
        "/resource_server/identifier",
        json!("https://login.example.com/userinfo"),
    );
    let r = go(CLAIMS, t, other);
    assert_eq!(call_names(&r), ["idToken.setCustomClaim"]);
    let mut none = scored(t, None, Some(95.0));
    none.as_object_mut().unwrap().remove("resource_server");
    assert_eq!(call_names(&go(CLAIMS, t, none)), ["idToken.setCustomClaim"]);
}

// ---- block-disposable-email.js -----------------------------------------------------------------

const DISPOSABLE: &str = "block-disposable-email.js";

#[test]
fn disposable_domains_are_denied_with_a_user_message() {
    let t = Trigger::PreUserRegistration;
    allowed_without_calls(go(DISPOSABLE, t, sample_event(t)), "sample signup (bot 70)");
    for email in [
        "throwaway@mailinator.com",
        "x@YOPMAIL.COM",
        "a.b@tempmail.dev",
    ] {
        let mut e = sample_event(t);
        set(&mut e, "/user/email", json!(email));
        let r = expect(go(DISPOSABLE, t, e), OutcomeKind::Denied, email);
        assert_eq!(call_names(&r), ["access.deny"], "{email}");
        let domain = email.split('@').nth(1).unwrap().to_lowercase();
        assert_eq!(
            r.calls[0].args,
            [
                json!(format!("disposable_email: {domain}")),
                json!("Please sign up with a permanent email address.")
            ]
        );
        assert_eq!(
            r.outcome.details["userMessage"],
            json!("Please sign up with a permanent email address.")
        );
    }
    // A disposable domain with a bot score over the limit is denied once, for the domain.
    let mut both = scored(t, Some(99.0), None);
    set(&mut both, "/user/email", json!("bot@mailinator.com"));
    let r = go(DISPOSABLE, t, both);
    assert_eq!(call_names(&r), ["access.deny"]);
    assert_eq!(
        r.outcome.reason.as_deref(),
        Some("disposable_email: mailinator.com")
    );
    // Look-alike domains and a missing email pass.
    let mut lookalike = sample_event(t);
    set(&mut lookalike, "/user/email", json!("me@notmailinator.com"));
    allowed_without_calls(go(DISPOSABLE, t, lookalike), "look-alike domain");
    let mut no_email = sample_event(t);
    no_email["user"].as_object_mut().unwrap().remove("email");
    allowed_without_calls(go(DISPOSABLE, t, no_email), "no email");
}

#[test]
fn signup_bots_are_denied_from_95() {
    let t = Trigger::PreUserRegistration;
    for bot in [0.0, 80.0, 94.0] {
        allowed_without_calls(
            go(DISPOSABLE, t, scored(t, Some(bot), Some(100.0))),
            &format!("bot {bot}"),
        );
    }
    for bot in [95.0, 100.0] {
        let r = expect(
            go(DISPOSABLE, t, scored(t, Some(bot), Some(0.0))),
            OutcomeKind::Denied,
            "bot",
        );
        assert_eq!(
            r.calls[0].args,
            [
                json!(format!("bot_signup: Akamai bot score {bot}")),
                json!("We could not complete your signup. Please try again later.")
            ]
        );
        assert_eq!(
            log_texts(&r),
            [format!(
                "Signup from 198.51.100.23 blocked: Akamai bot score {bot}"
            )]
        );
    }
    allowed_without_calls(
        go(DISPOSABLE, t, without_signal(t, Signal::Bot)),
        "bot signal absent",
    );
    allowed_without_calls(go(DISPOSABLE, t, without_akamai(t)), "akamai absent");
}

// ---- signup-risk-audit.js ----------------------------------------------------------------------

const AUDIT: &str = "signup-risk-audit.js";

#[test]
fn signup_audit_counts_per_ip_and_logs_a_summary() {
    let t = Trigger::PostUserRegistration;
    let r = expect(
        go(AUDIT, t, sample_event(t)),
        OutcomeKind::Allowed,
        "sample (user risk 92)",
    );
    assert_eq!(call_names(&r), ["cache.get", "cache.set"]);
    assert_eq!(
        r.calls[1].args,
        [
            json!("signups:203.0.113.77"),
            json!("1"),
            json!({"ttl": 3_600_000})
        ]
    );
    assert_eq!(
        r.cache,
        [CacheEntry {
            key: "signups:203.0.113.77".into(),
            value: "1".into(),
            expires_at: REFERENCE_CLOCK_MS + 3_600_000
        }]
    );
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].level, LogLevel::Warn);
    assert_eq!(
        r.logs[0].text,
        r#"signup risk HIGH: {"user":"auth0|67c2d0a1f4e5b60012ab34cd","ip":"203.0.113.77","bot_score":15,"user_risk":92,"segment":"human","signups_from_ip":1}"#
    );
    // Each threshold on its own; below all of them the summary is a plain log.
    for (bot, risk, high) in [
        (79.0, 89.0, false),
        (80.0, 0.0, true),
        (0.0, 90.0, true),
        (0.0, 0.0, false),
    ] {
        let r = go(AUDIT, t, scored(t, Some(bot), Some(risk)));
        let level = if high { LogLevel::Warn } else { LogLevel::Log };
        assert!(
            has_log(
                &r,
                level,
                if high {
                    "signup risk HIGH"
                } else {
                    "signup risk ok"
                }
            ),
            "bot {bot} risk {risk}: {:?}",
            r.logs
        );
    }
}

#[test]
fn signup_audit_warns_at_the_third_signup_from_one_ip_and_without_signals() {
    let t = Trigger::PostUserRegistration;
    let seeded = |n: &str| RunOptions {
        cache: vec![CacheEntry {
            key: "signups:203.0.113.77".into(),
            value: n.into(),
            expires_at: REFERENCE_CLOCK_MS + 60_000,
        }],
        ..RunOptions::reproducible()
    };
    let low = scored(t, Some(0.0), Some(0.0));
    let r = go_with(AUDIT, t, low.clone(), seeded("1"));
    assert!(
        has_log(&r, LogLevel::Log, "\"signups_from_ip\":2"),
        "second signup is fine: {:?}",
        r.logs
    );
    let r = go_with(AUDIT, t, low, seeded("2"));
    assert!(
        has_log(&r, LogLevel::Warn, "\"signups_from_ip\":3"),
        "third signup warns: {:?}",
        r.logs
    );
    assert_eq!(r.cache[0].value, "3");
    let r = expect(
        go(AUDIT, t, without_akamai(t)),
        OutcomeKind::Allowed,
        "no signals",
    );
    assert!(
        has_log(
            &r,
            LogLevel::Log,
            r#""bot_score":"n/a","user_risk":"n/a","segment":"n/a""#
        ),
        "{:?}",
        r.logs
    );
}

// ---- send-sms-via-provider.js ------------------------------------------------------------------

const SMS: &str = "send-sms-via-provider.js";
const TWILIO: &str =
    "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/";

fn mocked(url: &str, status: u16, body: Value) -> RunOptions {
    RunOptions {
        fetch_mocks: vec![FetchMock {
            method: Some("POST".into()),
            url: url.into(),
            status: Some(status),
            body,
            ..FetchMock::default()
        }],
        ..RunOptions::reproducible()
    }
}

#[test]
fn sms_fails_clearly_when_the_provider_is_unreachable() {
    let t = Trigger::SendPhoneMessage;
    let r = go(SMS, t, sample_event(t));
    assert_eq!(r.outcome.kind, OutcomeKind::Error);
    let e = r.error.as_ref().unwrap();
    assert_eq!(e.name, "Error");
    assert!(
        e.message
            .starts_with("Could not reach Twilio to send the sms (enrollment): "),
        "{}",
        e.message
    );
    assert!(e.message.contains("network is off"), "{}", e.message);
    assert_eq!(e.line, Some(38), "the throw in the catch block");
    assert!(
        r.notes.iter().any(|n| n.kind == NoteKind::Network
            && n.text.contains(&format!("POST {TWILIO}Messages.json")))
    );
    assert!(r.calls.is_empty() && r.logs.is_empty());
}

#[test]
fn sms_sent_through_a_mocked_provider() {
    let t = Trigger::SendPhoneMessage;
    let ok = mocked(
        &format!("{TWILIO}Messages.json"),
        201,
        json!({"sid": "SM5f1e", "status": "queued"}),
    );
    let r = expect(
        go_with(SMS, t, sample_event(t), ok),
        OutcomeKind::Allowed,
        "mocked 201",
    );
    assert_eq!(
        log_texts(&r),
        ["sms for enrollment queued by Twilio: SM5f1e (status queued)"]
    );
    assert!(
        !r.logs.iter().any(|l| l.text.contains("730415")),
        "the code is never logged"
    );
    // Voice goes to the Calls endpoint.
    let mut voice = sample_event(t);
    set(&mut voice, "/message_options/message_type", json!("voice"));
    let ok = mocked(
        &format!("{TWILIO}Calls.json"),
        201,
        json!({"sid": "CA77aa", "status": "queued"}),
    );
    let r = expect(go_with(SMS, t, voice, ok), OutcomeKind::Allowed, "voice");
    assert_eq!(
        log_texts(&r),
        ["voice for enrollment queued by Twilio: CA77aa (status queued)"]
    );
}

#[test]
fn sms_provider_refusal_and_missing_secrets_are_errors() {
    let t = Trigger::SendPhoneMessage;
    let refused = mocked(
        &format!("{TWILIO}*"),
        400,
        json!({"code": 21211, "message": "Invalid 'To' Phone Number"}),
    );
    let r = go_with(SMS, t, sample_event(t), refused);
    assert_eq!(r.outcome.kind, OutcomeKind::Error);
    let message = &r.error.as_ref().unwrap().message;
    assert!(
        message.starts_with("Twilio refused the sms (HTTP 400): "),
        "{message}"
    );
    assert!(message.contains("21211"), "{message}");
    for missing in ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"] {
        let mut e = sample_event(t);
        e["secrets"].as_object_mut().unwrap().remove(missing);
        let r = go(SMS, t, e);
        assert_eq!(r.outcome.kind, OutcomeKind::Error, "{missing}");
        assert!(
            r.error
                .as_ref()
                .unwrap()
                .message
                .starts_with("Twilio is not configured"),
            "{missing}"
        );
        assert!(
            !r.notes.iter().any(|n| n.kind == NoteKind::Network),
            "{missing}: no request made"
        );
    }
}

// ---- password-reset-step-up.js -----------------------------------------------------------------

const RESET: &str = "password-reset-step-up.js";

#[test]
fn reset_is_challenged_from_60_and_denied_from_90() {
    let t = Trigger::PostChallenge;
    let bots = [0.0, 100.0];
    grid(RESET, t, &bots, &[0.0, 59.0, 59.9], OutcomeKind::Allowed);
    for (what, _, _, r) in grid(RESET, t, &bots, &[60.0, 72.0, 89.0], OutcomeKind::Challenge) {
        assert_eq!(call_names(&r), ["authentication.challengeWith"], "{what}");
        assert_eq!(
            r.calls[0].args,
            [json!({"type": "otp"})],
            "{what}: the sample user has otp"
        );
    }
    for (what, _, risk, r) in grid(RESET, t, &bots, &[90.0, 100.0], OutcomeKind::Denied) {
        assert_eq!(call_names(&r), ["access.deny"], "{what}");
        assert_eq!(
            r.outcome.reason,
            Some(format!(
                "Password reset blocked: Akamai user risk score {risk} is 90 or above."
            )),
            "{what}"
        );
    }
    allowed_without_calls(
        go(RESET, t, without_signal(t, Signal::UserRisk)),
        "user risk absent",
    );
    allowed_without_calls(go(RESET, t, without_akamai(t)), "akamai absent");
}

#[test]
fn reset_step_up_factor_choice() {
    let t = Trigger::PostChallenge;
    // No otp, reset by email link: email would be ignored (already satisfied), so only a warning.
    let mut no_otp = scored(t, None, Some(75.0));
    set(&mut no_otp, "/user/enrolledFactors", json!([]));
    let r = allowed_without_calls(go(RESET, t, no_otp.clone()), "no otp, email link");
    assert!(has_log(&r, LogLevel::Warn, "no second factor available"));
    // No otp, reset by phone: challenge with email, if it is verified.
    set(
        &mut no_otp,
        "/authentication/methods",
        json!([{"name": "phone_number", "timestamp": "2025-03-01T10:00:00.000Z"}]),
    );
    let r = expect(
        go(RESET, t, no_otp.clone()),
        OutcomeKind::Challenge,
        "phone reset",
    );
    assert_eq!(r.calls[0].args, [json!({"type": "email"})]);
    set(&mut no_otp, "/user/email_verified", json!(false));
    allowed_without_calls(go(RESET, t, no_otp), "phone reset, email unverified");
}

// ---- password-change-audit.js ------------------------------------------------------------------

const PW_AUDIT: &str = "password-change-audit.js";
const PW_KEY: &str = "pwchange:auth0|64a1f0c2e1b7d5a9c3f00011";

#[test]
fn password_change_audit_logs_and_remembers_the_change() {
    let t = Trigger::PostChangePassword;
    let r = expect(
        go(PW_AUDIT, t, sample_event(t)),
        OutcomeKind::Allowed,
        "sample",
    );
    assert_eq!(call_names(&r), ["cache.get", "cache.set"]);
    assert_eq!(
        r.cache,
        [CacheEntry {
            key: PW_KEY.into(),
            value: REFERENCE_CLOCK_MS.to_string(),
            expires_at: REFERENCE_CLOCK_MS + 86_400_000
        }]
    );
    assert_eq!(
        log_texts(&r),
        [
            "password changed for auth0|64a1f0c2e1b7d5a9c3f00011 from 198.51.100.23: bot 5, user risk 10"
        ]
    );
    let r = go(PW_AUDIT, t, without_akamai(t));
    assert!(log_texts(&r)[0].ends_with("bot n/a, user risk n/a"));
}

#[test]
fn password_change_audit_warns_on_repeats_and_from_user_risk_90() {
    let t = Trigger::PostChangePassword;
    let earlier = RunOptions {
        cache: vec![CacheEntry {
            key: PW_KEY.into(),
            value: (REFERENCE_CLOCK_MS - 30 * 60_000).to_string(),
            expires_at: REFERENCE_CLOCK_MS + 60_000,
        }],
        ..RunOptions::reproducible()
    };
    let r = go_with(PW_AUDIT, t, sample_event(t), earlier);
    assert!(
        has_log(
            &r,
            LogLevel::Warn,
            "changed their password again after 30 min"
        ),
        "{:?}",
        r.logs
    );
    let r = go(PW_AUDIT, t, scored(t, None, Some(89.0)));
    assert!(
        !r.logs.iter().any(|l| l.level == LogLevel::Warn),
        "89: no warning"
    );
    let r = go(PW_AUDIT, t, scored(t, None, Some(90.0)));
    assert!(
        has_log(&r, LogLevel::Warn, "High Akamai user risk (90)"),
        "{:?}",
        r.logs
    );
}

// ---- m2m-ip-allowlist.js -----------------------------------------------------------------------

const M2M: &str = "m2m-ip-allowlist.js";

fn m2m(ip: &str, allowed: Option<&str>) -> Value {
    let mut e = sample_event(Trigger::CredentialsExchange);
    set(&mut e, "/request/ip", json!(ip));
    match allowed {
        Some(list) => set(&mut e, "/secrets", json!({"ALLOWED_IPS": list})),
        None => set(&mut e, "/secrets", json!({})),
    }
    e
}

#[test]
fn m2m_allows_listed_addresses_and_ranges_with_a_claim() {
    let t = Trigger::CredentialsExchange;
    let r = expect(go(M2M, t, sample_event(t)), OutcomeKind::Allowed, "sample");
    assert_eq!(call_names(&r), ["accessToken.setCustomClaim"]);
    assert_eq!(
        claim(&r, TokenKind::AccessToken, "https://acme.example/client_ip"),
        json!("203.0.113.40")
    );
    let list = "203.0.113.0/24, 198.51.100.7";
    for ip in ["203.0.113.0", "203.0.113.255", "198.51.100.7"] {
        expect(go(M2M, t, m2m(ip, Some(list))), OutcomeKind::Allowed, ip);
    }
    expect(
        go(M2M, t, m2m("192.0.2.1", Some("0.0.0.0/0"))),
        OutcomeKind::Allowed,
        "/0",
    );
    expect(
        go(M2M, t, m2m("2001:db8::1", Some("2001:db8::1"))),
        OutcomeKind::Allowed,
        "IPv6 exact",
    );
}

#[test]
fn m2m_denies_everything_else_and_fails_closed() {
    let t = Trigger::CredentialsExchange;
    let list = "203.0.113.0/24, 198.51.100.7";
    for ip in [
        "203.0.114.0",
        "203.0.112.255",
        "198.51.100.8",
        "2001:db8::1",
        "",
    ] {
        let r = expect(go(M2M, t, m2m(ip, Some(list))), OutcomeKind::Denied, ip);
        assert_eq!(call_names(&r), ["access.deny"], "{ip}");
        assert_eq!(
            r.calls[0].args,
            [
                json!("invalid_request"),
                json!(format!(
                    "IP {ip} is not allowed for client Reporting Service."
                ))
            ]
        );
        assert_eq!(r.outcome.details["code"], json!("invalid_request"));
        assert!(r.claims.is_empty(), "{ip}: no claim");
    }
    for secrets in [None, Some(""), Some(" , ")] {
        let r = expect(
            go(M2M, t, m2m("203.0.113.40", secrets)),
            OutcomeKind::Denied,
            "not configured",
        );
        assert_eq!(
            r.outcome.reason.as_deref(),
            Some("IP allow-list is not configured (secret ALLOWED_IPS).")
        );
    }
    expect(
        go(M2M, t, m2m("203.0.113.40", Some("203.0.113.0/33"))),
        OutcomeKind::Denied,
        "bad prefix length",
    );
}

// ---- the threshold lines, score by score (what the decision map will paint) ----------------------

/// The outcome of `name` on its sample event at every user risk (or every bot score, when
/// `bot_axis`) from 0 to 100, with the other score at each of `others`, must be `expected(score)`.
fn line(
    name: &str,
    t: Trigger,
    bot_axis: bool,
    others: &[f64],
    expected: impl Fn(u32) -> OutcomeKind,
) {
    for &other in others {
        for score in 0..=100u32 {
            let s = f64::from(score);
            let (bot, risk) = if bot_axis { (s, other) } else { (other, s) };
            let r = go(name, t, scored(t, Some(bot), Some(risk)));
            assert_eq!(
                r.outcome.kind,
                expected(score),
                "{name} at bot {bot} risk {risk}"
            );
        }
    }
}

#[test]
fn threshold_lines_are_exact_for_every_score() {
    let by = |at: u32, above: OutcomeKind| {
        move |s: u32| if s >= at { above } else { OutcomeKind::Allowed }
    };
    // The other score at 100: a maxed-out second signal must not move the line (0 is covered above).
    let maxed = [100.0];
    line(
        REVOKE,
        Trigger::PostLogin,
        false,
        &maxed,
        by(90, OutcomeKind::SessionRevoked),
    );
    line(
        ENFORCE,
        Trigger::PostLogin,
        false,
        &maxed,
        by(90, OutcomeKind::MfaRequired),
    );
    line(
        DENY_BOT,
        Trigger::PostLogin,
        true,
        &maxed,
        by(80, OutcomeKind::Denied),
    );
    line(
        DISPOSABLE,
        Trigger::PreUserRegistration,
        true,
        &maxed,
        by(95, OutcomeKind::Denied),
    );
    line(RESET, Trigger::PostChallenge, false, &maxed, |s| match s {
        90.. => OutcomeKind::Denied,
        60..=89 => OutcomeKind::Challenge,
        _ => OutcomeKind::Allowed,
    });
    // Below its own threshold, a policy that reads one score ignores the other one entirely.
    line(REVOKE, Trigger::PostLogin, true, &[89.0], |_| {
        OutcomeKind::Allowed
    });
    line(DENY_BOT, Trigger::PostLogin, false, &[79.0], |_| {
        OutcomeKind::Allowed
    });
    line(STEP_UP, Trigger::PostLogin, true, &[100.0], |_| {
        OutcomeKind::Allowed
    });
}
