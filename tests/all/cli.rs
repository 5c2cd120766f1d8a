//! The command line: exit codes, one-line errors that name the file and the problem, and the
//! output of run, event, sweep and test on the samples.

use std::path::Path;
use std::process::Command;

use crate::util::root;

fn studio(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_action-studio"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

#[test]
fn run_prints_a_readable_report_and_json() {
    let (code, out, _) = studio(&[
        "run",
        "samples/actions/akamai-revoke-session.js",
        "-t",
        "post-login",
        "--user-risk",
        "95",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("Outcome:  SESSION REVOKED"), "{out}");
    assert!(out.contains("api.session.revoke("), "{out}");
    let (code, out, _) = studio(&[
        "run",
        "samples/actions/akamai-enforce-mfa.js",
        "-t",
        "post-login",
        "--user-risk",
        "95",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["outcome"]["kind"], "mfa_required");
    assert_eq!(v["app_metadata"]["changes"][0]["kind"], "added");
    let (code, out, _) = studio(&["event", "-t", "credentials-exchange"]);
    assert_eq!(code, 0);
    assert!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["accessToken"].is_object());
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let action = "samples/actions/akamai-revoke-session.js";
    let not_json = write(d, "not-json.json", b"this is not json");
    let truncated = write(d, "truncated.json", b"{\"user\": {\"email\": \"a@b\"");
    let array = write(d, "array.json", b"[1, 2]");
    let latin1 = write(d, "latin1.json", b"{\"a\": \"caf\xe9\"}");
    let binary = write(d, "binary.js", &[0x7f, b'E', b'L', b'F', 0, 1, 2]);
    let empty = write(d, "empty.js", b"   \n");
    let huge = d.join("huge.json");
    std::fs::write(&huge, vec![b' '; 21 * 1024 * 1024]).unwrap();
    let huge = huge.display().to_string();
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["run", action, "-t", "post-login", "--event", &not_json],
            "not-json.json",
            "line 1, column 2: not valid JSON",
        ),
        (
            vec!["run", action, "-t", "post-login", "--event", &truncated],
            "truncated.json",
            "not valid JSON",
        ),
        (
            vec!["run", action, "-t", "post-login", "--event", &array],
            "array.json",
            "must be a JSON object, found an array",
        ),
        (
            vec!["run", action, "-t", "post-login", "--event", &latin1],
            "latin1.json",
            "not a UTF-8 text file",
        ),
        (
            vec!["run", action, "-t", "post-login", "--event", &huge],
            "huge.json",
            "more than",
        ),
        (
            vec!["run", &binary, "-t", "post-login"],
            "binary.js",
            "not a UTF-8 text file",
        ),
        (
            vec!["run", &empty, "-t", "post-login"],
            "empty.js",
            "the file is empty",
        ),
        (
            vec!["run", "no/such/file.js", "-t", "post-login"],
            "no/such/file.js",
            "cannot read the file",
        ),
        (
            vec!["run", action, "-t", "post-logout"],
            "--trigger",
            "unknown trigger 'post-logout'",
        ),
        (
            vec![
                "run",
                action,
                "-t",
                "send-phone-message",
                "--bot-score",
                "5",
            ],
            "--bot-score",
            "carries no Akamai signals",
        ),
        (
            vec![
                "run",
                action,
                "-t",
                "post-login",
                "--no-signals",
                "--user-risk",
                "5",
            ],
            "--no-signals",
            "cannot be combined",
        ),
        (
            vec!["sweep", action, "-t", "credentials-exchange"],
            "--trigger",
            "nothing to sweep",
        ),
        (
            vec!["sweep", action, "-t", "post-login", "--step", "0"],
            "--step",
            "step > 0",
        ),
    ];
    for (args, names, problem) in cases {
        let (code, out, err) = studio(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one line: {err}"
        );
        assert!(
            err.contains(names) && err.contains(problem),
            "{args:?}: {err}"
        );
        assert!(out.is_empty(), "{args:?}: nothing on stdout");
    }
}

#[test]
fn wrong_types_in_signals_are_delivered_as_given_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut event = action_studio::engine::Trigger::PostLogin.default_event();
    let risk = event
        .pointer_mut("/authentication/riskAssessment/supplemental/akamai/akamaiUserRisk")
        .unwrap();
    risk["score"] = serde_json::json!("95");
    let bot = event
        .pointer_mut("/authentication/riskAssessment/supplemental/akamai/akamaiBot")
        .unwrap();
    bot["botScore"] = serde_json::json!(-4);
    let path = write(dir.path(), "odd.json", event.to_string().as_bytes());
    let (code, out, _) = studio(&[
        "run",
        "samples/actions/akamai-revoke-session.js",
        "-t",
        "post-login",
        "--event",
        &path,
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("akamaiUserRisk.score is a string, not a number"),
        "{out}"
    );
    assert!(
        out.contains("akamaiBot.botScore is -4, outside 0–100"),
        "{out}"
    );
    assert!(
        out.contains("Outcome:  ALLOWED"),
        "the sample ignores a string score: {out}"
    );
}

#[test]
fn sweep_prints_csv_and_a_summary() {
    let (code, out, err) = studio(&[
        "sweep",
        "samples/actions/akamai-revoke-session.js",
        "-t",
        "post-login",
        "--step",
        "10",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.lines().next(),
        Some("bot_score,user_risk,outcome,reason")
    );
    assert!(out.contains("90,90,session_revoked,"), "{out}");
    assert!(
        err.contains("boundary: user risk 80→90: allowed → session_revoked (11 of 11)"),
        "{err}"
    );
    let (code, out, _) = studio(&[
        "sweep",
        "samples/actions/akamai-revoke-session.js",
        "-t",
        "post-login",
        "--step",
        "25",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["bots"].as_array().unwrap().len(), 5);
    let (code, out, err) = studio(&[
        "sweep",
        "samples/actions/akamai-revoke-session.js",
        "-t",
        "post-login",
        "--step",
        "10",
        "--compare",
        "samples/actions/akamai-enforce-mfa.js",
    ]);
    assert_eq!(code, 0);
    assert!(
        err.contains("session_revoked → mfa_required: 24 cells"),
        "{out}{err}"
    );
}

#[test]
fn test_command_runs_scenarios_writes_junit_and_fails_on_failures() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("report.xml");
    let (code, out, err) = studio(&[
        "test",
        "samples/scenarios",
        "--junit",
        &junit.display().to_string(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.trim_end().ends_with(" passed, 0 failed"), "{out}");
    assert!(
        std::fs::read_to_string(&junit)
            .unwrap()
            .contains("<testsuites name=\"action-studio\"")
    );
    let scen = dir.path().join("failing.json");
    let actions = root().join("samples/actions/akamai-revoke-session.js");
    std::fs::write(&scen, format!(r#"{{"trigger": "post-login", "actions": [{{"path": {:?}}}], "scores": {{"risk": 95}}, "expect": {{"outcome": "allowed"}}}}"#, actions.display().to_string())).unwrap();
    let (code, out, _) = studio(&["test", &scen.display().to_string()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("outcome: expected allowed, got session_revoked"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("0 passed, 1 failed"), "{out}");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"trigger": "post-login", "actions": [{"path": "x.js"}], "expect": {"outcom": "allowed"}}"#).unwrap();
    let (code, _, err) = studio(&["test", &bad.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.json") && err.contains("expect.outcom: unknown field"),
        "{err}"
    );
}
