//! Decision maps: the Akamai samples' maps, the missing-signal strips, determinism,
//! cancellation, CSV and comparison.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use action_studio::engine::OutcomeKind;
use action_studio::engine::Trigger;
use action_studio::engine::sweep::{self, Axis, SweepRequest, SweepResult};

use crate::util::root;

fn sample(name: &str) -> String {
    std::fs::read_to_string(root().join("samples/actions").join(name)).unwrap()
}

/// Every bot score in steps of 10, every user-risk score in steps of 1.
fn map_of(code: &str) -> SweepResult {
    let request = SweepRequest {
        bot: Axis::full(10.0),
        risk: Axis::full(1.0),
        ..SweepRequest::new(Trigger::PostLogin, Trigger::PostLogin.default_event(), code)
    };
    sweep::sweep(&request, &|_, _| {}, &AtomicBool::new(false)).unwrap()
}

fn kinds_at_risk(map: &SweepResult, risk: f64) -> Vec<OutcomeKind> {
    let r = map.risks.iter().position(|v| *v == risk).unwrap();
    (0..map.bots.len())
        .map(|b| map.cell(b, r).unwrap().kind)
        .collect()
}

#[test]
fn revoke_sample_revokes_exactly_from_user_risk_90_for_every_bot_score() {
    let map = map_of(&sample("akamai-revoke-session.js"));
    for (r, risk) in map.risks.iter().enumerate() {
        for b in 0..map.bots.len() {
            let expected = if *risk >= 90.0 {
                OutcomeKind::SessionRevoked
            } else {
                OutcomeKind::Allowed
            };
            assert_eq!(
                map.cell(b, r).unwrap().kind,
                expected,
                "bot {} risk {risk}",
                map.bots[b]
            );
        }
    }
    let boundaries = map.boundaries();
    assert_eq!(boundaries.len(), 1, "{boundaries:?}");
    assert_eq!(
        (boundaries[0].below, boundaries[0].at, boundaries[0].count),
        (89.0, 90.0, map.bots.len())
    );
    assert!(
        map.risk_missing
            .iter()
            .all(|c| c.kind == OutcomeKind::Allowed),
        "no user-risk signal: allowed"
    );
    assert!(map.bot_missing.iter().all(|c| c.kind
        == if c.risk.unwrap() >= 90.0 {
            OutcomeKind::SessionRevoked
        } else {
            OutcomeKind::Allowed
        }));
    assert_eq!(map.all_missing.as_ref().unwrap().kind, OutcomeKind::Allowed);
}

#[test]
fn enforce_mfa_sample_requires_mfa_from_90_and_nothing_at_0() {
    let map = map_of(&sample("akamai-enforce-mfa.js"));
    assert!(
        kinds_at_risk(&map, 0.0)
            .iter()
            .all(|k| *k == OutcomeKind::Allowed)
    );
    assert!(
        kinds_at_risk(&map, 89.0)
            .iter()
            .all(|k| *k == OutcomeKind::Allowed)
    );
    assert!(
        kinds_at_risk(&map, 90.0)
            .iter()
            .all(|k| *k == OutcomeKind::MfaRequired)
    );
    assert!(
        kinds_at_risk(&map, 100.0)
            .iter()
            .all(|k| *k == OutcomeKind::MfaRequired)
    );
    let cell = map.cell(0, 95).unwrap();
    assert!(
        cell.calls.iter().any(|c| c.contains("setAppMetadata")),
        "{:?}",
        cell.calls
    );
}

#[test]
fn cleanup_sample_does_not_depend_on_scores() {
    let map = map_of(&sample("akamai-cleanup-mfa-flag.js"));
    assert!(
        map.all_cells().all(|c| c.kind == OutcomeKind::Allowed),
        "cleanup never changes the outcome"
    );
}

#[test]
fn sweeps_are_deterministic_and_csv_lists_every_cell() {
    let code = "exports.onExecutePostLogin = async (event, api) => {\n\
        const a = event.authentication?.riskAssessment?.supplemental?.akamai;\n\
        if (a?.akamaiBot?.botScore >= 80) api.access.deny('bot ' + Math.random().toFixed(3));\n\
        else if (a?.akamaiUserRisk === undefined) api.multifactor.enable('any');\n\
      };";
    let request = SweepRequest {
        bot: Axis::full(20.0),
        risk: Axis::full(25.0),
        ..SweepRequest::new(Trigger::PostLogin, Trigger::PostLogin.default_event(), code)
    };
    let no = AtomicBool::new(false);
    let a = sweep::sweep(&request, &|_, _| {}, &no).unwrap();
    let b = sweep::sweep(
        &SweepRequest {
            threads: 1,
            ..request.clone()
        },
        &|_, _| {},
        &no,
    )
    .unwrap();
    assert_eq!(
        a.cells, b.cells,
        "same input, same map, whatever the threads"
    );
    assert_eq!(a.risk_missing, b.risk_missing);
    assert!(a.risk_missing.iter().all(|c| c.kind
        == if c.bot.unwrap() >= 80.0 {
            OutcomeKind::Denied
        } else {
            OutcomeKind::MfaRequired
        }));
    let csv = a.to_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "bot_score,user_risk,outcome,reason");
    assert_eq!(
        lines.len(),
        1 + 6 * 5 + 5 + 6 + 1,
        "grid + strips + all-missing"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("100,missing,denied,bot 0.")),
        "{lines:?}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("missing,missing,mfa_required"),
        "{:?}",
        lines.last()
    );
}

#[test]
fn progress_is_reported_and_cancel_stops_the_sweep() {
    let request = SweepRequest::new(
        Trigger::PostLogin,
        Trigger::PostLogin.default_event(),
        "exports.onExecutePostLogin = async () => {};",
    );
    let cancel = AtomicBool::new(false);
    let seen = AtomicUsize::new(0);
    let map = sweep::sweep(
        &request,
        &|done, total| {
            seen.store(done, Ordering::Relaxed);
            assert!(total > 10_000, "full grid and strips");
            if done >= 50 {
                cancel.store(true, Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .unwrap();
    assert!(map.cancelled, "marked incomplete");
    assert!(map.cells.len() < 200, "stopped early: {}", map.cells.len());
    assert!(seen.load(Ordering::Relaxed) >= 50);
}

#[test]
fn comparing_two_versions_counts_changed_cells() {
    let strict = "exports.onExecutePostLogin = async (event, api) => { if ((event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiUserRisk?.score ?? 0) >= 50) api.multifactor.enable('any'); };";
    let loose = strict.replace(">= 50", ">= 90");
    let req = |code: &str| SweepRequest {
        bot: Axis::full(50.0),
        risk: Axis::full(10.0),
        missing_strips: false,
        ..SweepRequest::new(Trigger::PostLogin, Trigger::PostLogin.default_event(), code)
    };
    let no = AtomicBool::new(false);
    let a = sweep::sweep(&req(&loose), &|_, _| {}, &no).unwrap();
    let b = sweep::sweep(&req(strict), &|_, _| {}, &no).unwrap();
    let cmp = sweep::compare(&a, &b);
    assert_eq!(
        cmp.counts,
        [(OutcomeKind::Allowed, OutcomeKind::MfaRequired, 4 * 3)],
        "risk 50..80 × 3 bot scores"
    );
    assert!(
        sweep::sweep(
            &SweepRequest::new(
                Trigger::SendPhoneMessage,
                Trigger::SendPhoneMessage.default_event(),
                loose
            ),
            &|_, _| {},
            &no
        )
        .is_err()
    );
}

#[test]
fn reusing_results_never_changes_the_map() {
    let reads_both_through_json = "exports.onExecutePostLogin = async (event, api) => {\n\
        const a = JSON.parse(JSON.stringify(event)).authentication.riskAssessment.supplemental.akamai;\n\
        if ((a?.akamaiBot?.botScore ?? 0) + (a?.akamaiUserRisk?.score ?? 0) > 150) api.access.deny('sum');\n\
      };";
    let presence_only = "exports.onExecutePostLogin = async (event, api) => { if (!event.authentication.riskAssessment.supplemental.akamai?.akamaiBot) api.multifactor.enable('any'); };";
    let mut codes: Vec<String> = [
        "akamai-revoke-session.js",
        "akamai-enforce-mfa.js",
        "deny-high-bot-score.js",
        "custom-claims-from-signals.js",
    ]
    .iter()
    .map(|n| sample(n))
    .collect();
    codes.push(reads_both_through_json.to_owned());
    codes.push(presence_only.to_owned());
    let no = AtomicBool::new(false);
    for code in &codes {
        let req = SweepRequest {
            bot: Axis::full(10.0),
            risk: Axis::full(5.0),
            ..SweepRequest::new(
                Trigger::PostLogin,
                Trigger::PostLogin.default_event(),
                code.as_str(),
            )
        };
        let fast = sweep::sweep(&req, &|_, _| {}, &no).unwrap();
        let slow = sweep::sweep(
            &SweepRequest {
                reuse: false,
                ..req.clone()
            },
            &|_, _| {},
            &no,
        )
        .unwrap();
        assert_eq!(fast.cells, slow.cells, "grid");
        assert_eq!(
            (
                fast.bot_missing.clone(),
                fast.risk_missing.clone(),
                fast.all_missing.clone()
            ),
            (
                slow.bot_missing.clone(),
                slow.risk_missing.clone(),
                slow.all_missing.clone()
            ),
            "strips"
        );
        assert_eq!(
            slow.runs,
            slow.all_cells().count(),
            "without reuse every cell runs"
        );
        assert!(fast.runs <= slow.runs);
    }
    let req = |code: &str| SweepRequest {
        bot: Axis::full(10.0),
        risk: Axis::full(5.0),
        threads: 1,
        ..SweepRequest::new(Trigger::PostLogin, Trigger::PostLogin.default_event(), code)
    };
    let enforce = sweep::sweep(&req(&codes[1]), &|_, _| {}, &no).unwrap();
    assert_eq!(
        enforce.runs,
        21 + 2,
        "one run per user-risk value, plus the user-risk-missing strip and the all-missing cell"
    );
    let both = sweep::sweep(&req(reads_both_through_json), &|_, _| {}, &no).unwrap();
    assert_eq!(
        both.runs,
        both.all_cells().count(),
        "an action that sees both scores runs everywhere"
    );
    let presence = sweep::sweep(&req(presence_only), &|_, _| {}, &no).unwrap();
    assert_eq!(presence.runs, 3, "bot present, bot absent, Akamai absent");
}
