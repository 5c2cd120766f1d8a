//! The Decision map tab driven headless: sweep, legend, hover and click a cell, cancel, export,
//! compare, Live re-sweeps.

use std::time::{Duration, Instant};

use action_studio::app::{Command, MAP_CANVAS_LABEL, MapCommand, MapExport, StudioApp};
use action_studio::engine::OutcomeKind;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use super::ui::{studio, wait_for_run, wait_while};

const BOT: &str = "/authentication/riskAssessment/supplemental/akamai/akamaiBot";
const RISK: &str = "/authentication/riskAssessment/supplemental/akamai/akamaiUserRisk";

/// Waits for the sweep to finish.
fn wait_for_sweep(h: &mut Harness<'_, StudioApp>, timeout: Duration) {
    wait_while(h, "the sweep", timeout, |app| app.sweeper().is_sweeping());
}

fn click_sweep(h: &mut Harness<'_, StudioApp>) {
    h.get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("▶ Sweep")))
        .click();
    h.run();
}

/// The studio on the map tab with a coarse step (0, 25, 50, 75, 100), swept once.
fn swept_studio() -> Harness<'static, StudioApp> {
    let mut h = studio();
    h.state_mut().state.map.step = 25.0;
    h.get_by_role_and_label(Role::Button, "Decision map")
        .click();
    h.run();
    h.get_by_label_contains("Press ▶ Sweep");
    click_sweep(&mut h);
    wait_for_sweep(&mut h, Duration::from_secs(60));
    h
}

fn click_at(h: &mut Harness<'_, StudioApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
}

#[test]
fn the_map_sweeps_shows_a_legend_and_a_clicked_cell_loads_and_runs() {
    let mut h = swept_studio();
    let result = h.state().sweeper().result().expect("a map").clone();
    assert_eq!(
        (result.bots.len(), result.risks.len()),
        (5, 5),
        "coarse grid"
    );
    // Enforce MFA: only user risk 100 (≥ 90) requires MFA on this grid.
    assert_eq!(
        result.counts(),
        vec![(OutcomeKind::Allowed, 20), (OutcomeKind::MfaRequired, 5)]
    );
    h.get_by_label("Allowed: 20 cells");
    h.get_by_label("MFA required: 5 cells");
    h.get_by_label_contains("Bot signal missing (right column)");
    h.get_by(|n| n.label().as_deref() == Some(MAP_CANVAS_LABEL));

    // Hovering a cell shows its scores, outcome and calls.
    let cell = h
        .state()
        .map_point(Some(50.0), Some(100.0))
        .expect("cell on screen");
    h.hover_at(cell);
    h.run();
    h.get_by_label("bot score 50 · user risk 100");
    h.get_by_label_contains("multifactor.enable");

    // Clicking it loads both scores into the sliders and runs.
    click_at(&mut h, cell);
    wait_for_run(&mut h, Duration::from_secs(30));
    let event = &h.state().state.event.value;
    assert_eq!(
        event.pointer(&format!("{BOT}/botScore")),
        Some(&serde_json::json!(50))
    );
    assert_eq!(
        event.pointer(&format!("{RISK}/score")),
        Some(&serde_json::json!(100))
    );
    assert_eq!(
        h.state().report().expect("a report").outcome.kind,
        OutcomeKind::MfaRequired
    );
    assert_eq!(
        h.get_by_role_and_label(Role::Slider, "score")
            .accesskit_node()
            .numeric_value(),
        Some(100.0),
        "slider follows"
    );

    // A cell of the "bot signal missing" column makes that signal absent.
    let strip = h
        .state()
        .map_point(None, Some(0.0))
        .expect("strip cell on screen");
    click_at(&mut h, strip);
    wait_for_run(&mut h, Duration::from_secs(30));
    let event = &h.state().state.event.value;
    assert!(event.pointer(BOT).is_none(), "bot signal removed");
    assert_eq!(
        event.pointer(&format!("{RISK}/score")),
        Some(&serde_json::json!(0))
    );
    assert_eq!(
        h.state().report().expect("a report").outcome.kind,
        OutcomeKind::Allowed
    );
    assert!(
        h.state().map_point(Some(50.0), Some(100.0)).is_some(),
        "the map stays"
    );
}

#[test]
fn cancel_stops_a_full_sweep_and_keeps_the_ui_responsive() {
    let mut h = studio();
    // A policy that reads both scores runs in every one of the 10,404 cells (no reuse), so the
    // sweep is still going when Cancel is clicked.
    h.state_mut().state.code = "exports.onExecutePostLogin = async (event, api) => {\n  \
        const a = event.authentication?.riskAssessment?.supplemental?.akamai;\n  \
        if ((a?.akamaiBot?.botScore ?? 0) + (a?.akamaiUserRisk?.score ?? 0) > 150) api.access.deny('sum');\n};\n"
        .to_owned();
    h.get_by_role_and_label(Role::Button, "Decision map")
        .click();
    h.run();
    click_sweep(&mut h);
    h.step();
    assert!(h.state().sweeper().is_sweeping(), "sweeping 10,201 cells");
    h.get_by_label_contains("Sweeping…");
    let started = Instant::now();
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert!(!h.state().sweeper().is_sweeping(), "cancelled at once");
    assert!(
        h.state().sweeper().result().is_none(),
        "no partial map shown"
    );
    h.get_by_label_contains("Sweep cancelled");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cancel answered quickly"
    );
}

#[test]
fn exports_write_csv_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = swept_studio();
    let csv = dir.path().join("map.csv");
    h.state_mut().push(Command::Map(MapCommand::Export(
        MapExport::Csv,
        csv.clone(),
    )));
    h.run();
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "bot_score,user_risk,outcome,reason");
    assert_eq!(
        lines.len(),
        1 + 25 + 5 + 5 + 1,
        "grid, both strips and the all-missing cell"
    );
    assert!(
        lines.contains(&"50,100,mfa_required,"),
        "a cell row: {lines:?}"
    );
    assert!(
        lines.contains(&"missing,missing,allowed,"),
        "the all-missing cell"
    );
    h.get_by_label_contains("Exported the decision map");

    let png = dir.path().join("map.png");
    h.state_mut().push(Command::Map(MapCommand::Export(
        MapExport::Png,
        png.clone(),
    )));
    h.run();
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
}

#[test]
fn compare_with_the_saved_version_counts_the_changed_cells() {
    let mut h = swept_studio();
    // Lower the MFA threshold from 90 to 70: user risk 75 now requires MFA too.
    let code = h
        .state()
        .state
        .code
        .replace("const MFA_AT = 90;", "const MFA_AT = 70;");
    assert_ne!(code, h.state().state.code, "threshold found in the sample");
    h.state_mut().state.code = code;
    h.run();
    h.get_by_label_contains("The code or event changed since this sweep");
    h.get_by_role_and_label(Role::Button, "saved version")
        .click();
    h.run();
    wait_for_sweep(&mut h, Duration::from_secs(60));
    let compare = h.state().sweeper().compare().expect("a comparison");
    // Five bot scores at risk 75, plus the "bot signal missing" cell at risk 75.
    assert_eq!(
        compare.comparison.counts,
        vec![(OutcomeKind::Allowed, OutcomeKind::MfaRequired, 6)]
    );
    h.get_by_label_contains("Allowed → MFA required: 6 cells");

    // Each changed cell is listed and clickable.
    h.get_by_label_contains("Allowed → MFA required: 6 cells")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "25/75").click();
    h.run();
    wait_for_run(&mut h, Duration::from_secs(30));
    assert_eq!(
        h.state()
            .state
            .event
            .value
            .pointer(&format!("{RISK}/score")),
        Some(&serde_json::json!(75))
    );
    assert_eq!(
        h.state().report().expect("a report").outcome.kind,
        OutcomeKind::MfaRequired,
        "the edited code runs"
    );
}

#[test]
fn live_mode_re_sweeps_after_a_code_edit_but_not_after_a_slider_move() {
    let mut h = swept_studio();
    let sweeps = h.state().sweeper().finished_sweeps();
    h.state_mut().state.map.live_step = 25.0;
    h.state_mut().state.live = true;

    // A slider move runs the action at once; the map (which does not depend on the scores) stays.
    h.get_by_role_and_label(Role::Slider, "score")
        .set_value_accesskit(95.0);
    h.run();
    assert!(
        h.state().is_running() || h.state().report().is_some(),
        "the single run started first"
    );
    std::thread::sleep(Duration::from_millis(500));
    h.run();
    assert!(
        !h.state().sweeper().is_sweeping(),
        "no re-sweep for a score change"
    );

    // A code edit re-sweeps after the debounce.
    let code = h
        .state()
        .state
        .code
        .replace("const MFA_AT = 90;", "const MFA_AT = 40;");
    h.state_mut().state.code = code;
    h.state_mut().push(Command::CodeEdited);
    h.run();
    let started = Instant::now();
    while h.state().sweeper().finished_sweeps() == sweeps {
        assert!(started.elapsed() < Duration::from_secs(60), "re-swept");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    let result = h.state().sweeper().result().expect("a map");
    assert_eq!(
        result.counts(),
        vec![(OutcomeKind::Allowed, 10), (OutcomeKind::MfaRequired, 15)],
        "new threshold on the map"
    );
}
