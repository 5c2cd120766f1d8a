//! The Tests panel, Save as scenario and Open scenario driven headless.

use std::time::Duration;

use action_studio::app::{Command, Guarded, ScenarioCommand, StudioApp};
use action_studio::engine::scenario::{self, ActionRef};
use action_studio::engine::{OutcomeKind, Trigger};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::ui::{click_menu_item, click_run, studio, wait_for_run, wait_while};
use super::util::root;

/// Waits for the scenarios to finish.
fn wait_for_tests(h: &mut Harness<'_, StudioApp>, timeout: Duration) {
    wait_while(h, "the scenarios", timeout, |app| app.tests().is_running());
}

fn open_tests_tab(h: &mut Harness<'_, StudioApp>) {
    h.get_by_role_and_label(Role::Button, "Tests").click();
    h.run();
}

fn click_run_all(h: &mut Harness<'_, StudioApp>) {
    h.get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("▶ Run all")))
        .click();
    h.run();
}

fn type_folder(h: &mut Harness<'_, StudioApp>, folder: &std::path::Path) {
    let field = h.get_by_role_and_label(Role::TextInput, "Folder:");
    field.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Folder:")
        .type_text(&folder.display().to_string());
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

#[test]
fn run_all_passes_every_sample_scenario() {
    let mut h = studio();
    open_tests_tab(&mut h);
    let expected = std::fs::read_dir(root().join("samples/scenarios"))
        .unwrap()
        .count();
    assert_eq!(
        h.state().tests().entries().len(),
        expected,
        "samples/scenarios listed by default"
    );
    h.get_by_label_contains(&format!("0 passed, 0 failed, {expected} not run"));
    click_run_all(&mut h);
    wait_for_tests(&mut h, Duration::from_secs(180));
    h.get_by_label(&format!("{expected} passed, 0 failed, 0 not run"));
    assert!(
        h.query_all_by_label("PASS").count() >= expected,
        "PASS per scenario"
    );
    assert!(
        h.query_all_by_label_contains("Akamai MFA").count() >= 1,
        "scenario names shown"
    );
}

#[test]
fn a_failing_scenario_shows_expected_and_actual_and_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let failing = serde_json::json!({
        "name": "deliberately failing",
        "trigger": "post-login",
        "scores": { "bot": 10, "risk": 20 },
        "actions": [ { "name": "allow-all.js", "code": "exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata('seen', true); };" } ],
        "expect": { "outcome": "denied", "app_metadata_contains": { "seen": false } }
    });
    std::fs::write(
        dir.path().join("failing.json"),
        serde_json::to_string_pretty(&failing).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.json"),
        "{ \"trigger\": \"post-login\", \"actions\": 3 }",
    )
    .unwrap();

    let mut h = studio();
    open_tests_tab(&mut h);
    type_folder(&mut h, dir.path());
    assert_eq!(h.state().tests().entries().len(), 2, "both files listed");
    click_run_all(&mut h);
    wait_for_tests(&mut h, Duration::from_secs(60));
    h.get_by_label("0 passed, 2 failed, 0 not run");

    // Expected vs actual of each failed expectation.
    h.get_by_label("expected: denied");
    h.get_by_label_contains("actual:   allowed");
    h.get_by_label("app_metadata.seen");
    h.get_by_label("expected: false");
    h.get_by_label("actual:   true");
    // The broken file's error names the file and the field.
    h.get_by_label_contains("broken.json: actions");

    // Clicking the step shows its report: outcome banner and api calls.
    h.get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("1. login")))
        .click();
    h.run();
    h.get_by_label("Allowed");
    h.get_by_label(r#"api.user.setAppMetadata("seen", true)"#);
}

#[test]
fn save_as_scenario_pins_the_last_run_and_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = studio();
    h.get_by_role_and_label(Role::Slider, "score")
        .set_value_accesskit(95.0);
    h.run();
    click_run(&mut h);
    wait_for_run(&mut h, Duration::from_secs(30));
    assert_eq!(
        h.state().report().unwrap().outcome.kind,
        OutcomeKind::MfaRequired
    );

    // The sample is not saved anywhere: its code goes inline.
    let inline = dir.path().join("scenarios").join("inline.json");
    std::fs::create_dir_all(inline.parent().unwrap()).unwrap();
    h.state_mut()
        .push(Command::Scenario(ScenarioCommand::Save(inline.clone())));
    h.run();
    h.get_by_label_contains("Saved scenario");
    let loaded = scenario::load(&inline).expect("the engine loads it");
    assert!(
        matches!(loaded.scenario.actions[0], ActionRef::Inline { .. }),
        "inline code"
    );
    assert!(scenario::run(&loaded).passed(), "and it passes");
    assert!(
        h.state().tests().entries().iter().any(|e| e.path == inline),
        "listed in the Tests panel"
    );

    // Saved as a file: the scenario refers to it by a relative path.
    let action = dir.path().join("actions").join("mine.js");
    std::fs::create_dir_all(action.parent().unwrap()).unwrap();
    h.state_mut().push(Command::SaveAs(action.clone(), None));
    h.run();
    let by_path = dir.path().join("scenarios").join("by-path.json");
    h.state_mut()
        .push(Command::Scenario(ScenarioCommand::Save(by_path.clone())));
    h.run();
    let loaded = scenario::load(&by_path).expect("the engine loads it");
    assert_eq!(
        loaded.scenario.actions[0],
        ActionRef::Path {
            path: "../actions/mine.js".to_owned(),
            name: None
        }
    );
    assert!(scenario::run(&loaded).passed(), "and it passes");

    // Both appear in the Tests panel and pass there.
    open_tests_tab(&mut h);
    click_run_all(&mut h);
    wait_for_tests(&mut h, Duration::from_secs(60));
    h.get_by_label("2 passed, 0 failed, 0 not run");
}

#[test]
fn save_as_scenario_needs_a_run_and_open_scenario_loads_the_case() {
    let mut h = studio();
    // Without a run there is nothing to pin: no dialog opens, the status says why.
    click_menu_item(&mut h, "File", "Save as scenario");
    h.get_by_label_contains("Run the action first");
    let dir = tempfile::tempdir().unwrap();
    h.state_mut().push(Command::Scenario(ScenarioCommand::Save(
        dir.path().join("x.json"),
    )));
    h.run();
    h.get_by_label_contains("Run the action first");
    assert!(
        !dir.path().join("x.json").exists(),
        "nothing written without a run"
    );

    let path = root().join("samples/scenarios/akamai-revoke-session.json");
    h.state_mut()
        .push(Command::Guarded(Guarded::OpenScenario(path)));
    h.run();
    let app = h.state();
    assert_eq!(app.state.trigger, Trigger::PostLogin);
    assert!(
        app.state.code.contains("session.revoke"),
        "first action loaded"
    );
    let file = app.state.file_path.clone().expect("action file");
    assert!(
        file.ends_with("samples/actions/akamai-revoke-session.js"),
        "{}",
        file.display()
    );
    let risk = app
        .state
        .event
        .value
        .pointer("/authentication/riskAssessment/supplemental/akamai/akamaiUserRisk/score");
    assert_eq!(
        risk,
        Some(&serde_json::json!(55)),
        "the scenario's starting scores"
    );
    h.get_by_label_contains("Opened scenario Akamai revoke session");
}
