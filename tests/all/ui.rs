//! The studio driven headless with egui_kittest, by label and role, as a user would.

use std::time::{Duration, Instant};

use action_studio::app::{Command, Guarded, StudioApp};
use action_studio::engine::{OutcomeKind, Trigger};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// Builds the real app at the real window size.
pub(crate) fn studio() -> Harness<'static, StudioApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(40)
        .build_eframe(|cc| StudioApp::new(cc));
    h.run();
    h
}

/// Steps frames until the newest run has finished (bounded), then settles the UI.
pub(crate) fn wait_for_run(h: &mut Harness<'_, StudioApp>, timeout: Duration) {
    let started = Instant::now();
    h.step();
    while h.state().is_running() {
        assert!(
            started.elapsed() < timeout,
            "the run finished within {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    h.run();
}

/// Steps frames while `busy` holds (bounded by `timeout`), then settles the UI.
pub(crate) fn wait_while(
    h: &mut Harness<'_, StudioApp>,
    what: &str,
    timeout: Duration,
    busy: impl Fn(&StudioApp) -> bool,
) {
    let started = Instant::now();
    h.step();
    while busy(h.state()) {
        assert!(
            started.elapsed() < timeout,
            "{what} finished within {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
}

pub(crate) fn click_menu_item(h: &mut Harness<'_, StudioApp>, menu: &str, item: &str) {
    h.get_by_role_and_label(Role::Button, menu).click();
    h.run();
    h.get_by_label_contains(item).click();
    h.run();
}

pub(crate) fn run_button(h: &Harness<'_, StudioApp>) -> bool {
    h.query_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("▶ Run")))
        .is_some()
}

pub(crate) fn click_run(h: &mut Harness<'_, StudioApp>) {
    assert!(run_button(h), "Run button on screen");
    h.get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("▶ Run")))
        .click();
}

#[test]
fn starts_ready_with_login_trigger_and_enforce_mfa_sample() {
    let h = studio();
    let app = h.state();
    assert_eq!(app.state.trigger, Trigger::PostLogin);
    assert!(
        app.state.code.contains("mfa_required_"),
        "enforce-MFA sample loaded"
    );
    assert!(!app.state.is_modified(), "nothing to save yet");
    assert!(
        app.window_title().starts_with("akamai-enforce-mfa.js"),
        "title names the sample: {}",
        app.window_title()
    );
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Trigger:")
            .value()
            .as_deref(),
        Some("Login / Post Login")
    );
    h.get_by_role_and_label(Role::Slider, "botScore");
    h.get_by_role_and_label(Role::Slider, "score");
}

#[test]
fn sample_trigger_sliders_and_run_show_outcome_call_and_diff() {
    let mut h = studio();

    // Pick another sample, then the enforce-MFA one again, from the Samples menu.
    click_menu_item(&mut h, "Samples", "revoke the session");
    assert!(
        h.state().state.code.contains("session.revoke"),
        "revoke sample loaded"
    );
    click_menu_item(&mut h, "Samples", "enforce MFA");
    assert!(
        h.state().state.code.contains("multifactor.enable"),
        "enforce-MFA sample loaded"
    );

    // Switch trigger away and back: the picker lists all seven with their signals.
    h.get_by_role_and_label(Role::ComboBox, "Trigger:").click();
    h.run();
    h.get_by_label_contains("Machine to Machine  ·").click();
    h.run();
    assert_eq!(h.state().state.trigger, Trigger::CredentialsExchange);
    h.get_by_label_contains("Unavailable for Machine to Machine");
    h.get_by_role_and_label(Role::ComboBox, "Trigger:").click();
    h.run();
    h.get_by_label_contains("Login / Post Login  ·").click();
    h.run();
    assert_eq!(h.state().state.trigger, Trigger::PostLogin);

    // Move both sliders.
    h.get_by_role_and_label(Role::Slider, "botScore")
        .set_value_accesskit(12.0);
    h.run();
    h.get_by_role_and_label(Role::Slider, "score")
        .set_value_accesskit(95.0);
    h.run();
    let event = &h.state().state.event.value;
    assert_eq!(
        event.pointer("/authentication/riskAssessment/supplemental/akamai/akamaiBot/botScore"),
        Some(&serde_json::json!(12))
    );
    assert_eq!(
        event.pointer("/authentication/riskAssessment/supplemental/akamai/akamaiUserRisk/score"),
        Some(&serde_json::json!(95))
    );
    assert!(
        h.state().state.event.text.contains("\"score\": 95"),
        "JSON tab follows the slider"
    );

    click_run(&mut h);
    wait_for_run(&mut h, Duration::from_secs(30));
    let report = h.state().report().expect("a report");
    assert_eq!(report.outcome.kind, OutcomeKind::MfaRequired);

    // The banner, an api call and a metadata diff entry are on screen.
    h.get_by_label("MFA required");
    h.get_by_label(r#"api.user.setAppMetadata("mfa_required_sess_7f3a9c", true)"#);
    h.get_by_label_contains("+ mfa_required_sess_7f3a9c: true");
    h.get_by_label_contains("Akamai user risk 95 >= 90");

    // Clicking an api call's line moves the editor there.
    let line = report.calls[0].line;
    h.get_by_label(&format!("line {line}")).click();
    h.run();
    assert_eq!(
        h.state().editor.highlighted,
        Some(line),
        "editor jumped to the call's line"
    );
}

#[test]
fn editing_the_json_tab_moves_the_sliders_and_errors_stay_in_place() {
    let mut h = studio();
    h.get_by_role_and_label(Role::Button, "JSON").click();
    h.run();
    let text = h
        .state()
        .state
        .event
        .text
        .replace("\"botScore\": 0", "\"botScore\": 42");
    let editor = h.get_by_role_and_label(
        Role::MultilineTextInput,
        "Event JSON (the whole event the action receives):",
    );
    editor.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(
        Role::MultilineTextInput,
        "Event JSON (the whole event the action receives):",
    )
    .type_text(&text);
    h.run();
    h.get_by_role_and_label(Role::Button, "Builder").click();
    h.run();
    let slider = h.get_by_role_and_label(Role::Slider, "botScore");
    assert_eq!(
        slider.accesskit_node().numeric_value(),
        Some(42.0),
        "slider follows the JSON"
    );

    // Break the JSON: the text is kept, the error names its line, the builder pauses, Run refuses.
    h.get_by_role_and_label(Role::Button, "JSON").click();
    h.run();
    h.get_by_role_and_label(
        Role::MultilineTextInput,
        "Event JSON (the whole event the action receives):",
    )
    .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(
        Role::MultilineTextInput,
        "Event JSON (the whole event the action receives):",
    )
    .type_text("{\n  \"user\": {\n    \"email\": \n}");
    h.run();
    assert_eq!(
        h.state().state.event.text,
        "{\n  \"user\": {\n    \"email\": \n}",
        "typed text kept"
    );
    h.get_by_label_contains("Not valid: line 4");
    h.get_by_role_and_label(Role::Button, "Builder").click();
    h.run();
    h.get_by_label_contains("builder is paused");
    click_run(&mut h);
    h.run();
    assert!(!h.state().is_running(), "no run with an invalid event");
    h.get_by_label_contains("Cannot run: the event JSON is invalid");
}

#[test]
fn a_syntax_error_shows_its_line() {
    let mut h = studio();
    h.get_by_role_and_label(Role::MultilineTextInput, "Action code")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::MultilineTextInput, "Action code")
        .type_text(
            "exports.onExecutePostLogin = async (event, api) => {\n  const broken = ;\n};\n",
        );
    h.run();
    assert!(h.state().state.is_modified(), "edited");
    assert!(
        h.state().window_title().contains('●'),
        "modified marker in the title"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    wait_for_run(&mut h, Duration::from_secs(30));
    let report = h.state().report().expect("a report");
    assert_eq!(report.outcome.kind, OutcomeKind::Error);
    assert_eq!(report.error.as_ref().and_then(|e| e.line), Some(2));
    h.get_by_label_contains("SyntaxError at line 2");
}

#[test]
fn an_endless_loop_keeps_the_ui_interactive_and_ends_as_timeout() {
    let mut h = studio();
    h.state_mut().state.timeout_ms = 5_000;
    h.state_mut().state.code =
        "exports.onExecutePostLogin = async (event, api) => {\n  while (true) {}\n};\n".to_owned();
    h.run();
    click_run(&mut h);
    h.step();
    h.step();
    let started = Instant::now();
    assert!(h.state().is_running(), "running");
    h.get_by_label_contains("Running…");

    // Keep using the studio while the loop spins on the worker thread: sliders, typing, menus.
    let mut frames = 0;
    while started.elapsed() < Duration::from_millis(1_500) && frames < 30 {
        h.get_by_role_and_label(Role::Slider, "score")
            .set_value_accesskit(f64::from(frames));
        h.step();
        h.get_by_role_and_label(Role::MultilineTextInput, "Action code")
            .focus();
        h.step();
        h.get_by_role_and_label(Role::MultilineTextInput, "Action code")
            .type_text("x");
        h.step();
        frames += 3;
    }
    let busy = started.elapsed();
    assert!(
        h.state().is_running(),
        "the loop is still running after {busy:?} of interaction"
    );
    assert!(
        frames >= 9,
        "the UI kept answering ({frames} frames in {busy:?})"
    );
    assert_eq!(
        h.state()
            .state
            .event
            .value
            .pointer("/authentication/riskAssessment/supplemental/akamai/akamaiUserRisk/score"),
        Some(&serde_json::json!(frames - 3)),
        "slider edits took effect meanwhile"
    );
    assert!(
        h.state().state.code.contains("xxx"),
        "typing took effect meanwhile"
    );
    h.get_by_role_and_label(Role::Button, "Help").click();
    h.step();
    h.step();
    h.get_by_label("Keyboard shortcuts…");
    assert!(h.state().is_running(), "menus open while the loop runs");

    wait_for_run(&mut h, Duration::from_secs(30));
    let report = h.state().report().expect("a report");
    assert_eq!(report.outcome.kind, OutcomeKind::Timeout);
    h.get_by_label("Timeout");
}

#[test]
fn files_open_save_and_fail_with_messages() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = studio();
    let path = dir.path().join("mine.js");
    h.state_mut().push(Command::SaveAs(path.clone(), None));
    h.run();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        h.state().state.code,
        "saved"
    );
    assert!(
        h.state().window_title().starts_with("mine.js"),
        "title names the file"
    );

    h.state_mut().state.code.push_str("\n// more\n");
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .ends_with("// more\n"),
        "Ctrl+S saved"
    );
    assert!(!h.state().state.is_modified(), "saved state");

    h.state_mut().push(Command::Proceed(Guarded::Open(
        dir.path().join("missing.js"),
    )));
    h.run();
    h.get_by_label_contains("no such file");
    assert!(
        h.state().state.code.ends_with("// more\n"),
        "a failed open keeps the code"
    );

    h.state_mut().push(Command::SaveAs(
        dir.path().join("no-dir").join("x.js"),
        None,
    ));
    h.run();
    h.get_by_label_contains("Cannot save");

    h.state_mut().push(Command::Guarded(Guarded::LoadSample(
        "akamai-revoke-session.js",
    )));
    h.run();
    h.state_mut()
        .push(Command::Proceed(Guarded::Open(path.clone())));
    h.run();
    assert!(h.state().state.code.ends_with("// more\n"), "opened");
    assert_eq!(
        h.state().state.recent_files.first(),
        Some(&path),
        "recent files"
    );
}

#[test]
fn unsaved_changes_are_guarded() {
    let mut h = studio();
    h.state_mut().state.code.push_str("\n// my work\n");
    h.run();
    click_menu_item(&mut h, "File", "New");
    h.get_by_label("Unsaved changes");
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert!(
        h.state().state.code.ends_with("// my work\n"),
        "cancel keeps the work"
    );
    assert!(
        h.query_by_label("Unsaved changes").is_none(),
        "dialog closed"
    );

    click_menu_item(&mut h, "File", "New");
    h.get_by_role_and_label(Role::Button, "Discard changes")
        .click();
    h.run();
    assert!(!h.state().state.code.contains("my work"), "discarded");
    assert!(
        h.state().state.code.contains("onExecutePostLogin"),
        "new handler template"
    );
}

#[test]
fn open_without_a_dialog_backend_offers_a_path_field() {
    if action_studio::app::file_dialog::backend_reachable() {
        return; // A real dialog would open; never do that in a test.
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed.js");
    std::fs::write(&path, "exports.onExecutePostChallenge = async () => {};\n").unwrap();
    let mut h = studio();
    click_menu_item(&mut h, "File", "Open…");
    h.get_by_label_contains("No file dialog is available");
    h.get_by_role_and_label(Role::TextInput, "File path:")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "File path:")
        .type_text(&path.display().to_string());
    h.run();
    h.get_by_role_and_label(Role::Button, "Open").click();
    h.run();
    assert_eq!(
        h.state().state.file_path.as_deref(),
        Some(path.as_path()),
        "opened the typed path"
    );
    assert_eq!(
        h.state().state.trigger,
        Trigger::PostChallenge,
        "the trigger follows the handler the file exports"
    );
}

#[test]
fn presets_and_missing_signals() {
    let mut h = studio();
    h.get_by_role_and_label(Role::Button, "Signals missing")
        .click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Slider, "score").is_none(),
        "no sliders without signals"
    );
    h.get_by_label_contains("receives no supplemental.akamai object");
    h.get_by_role_and_label(Role::Button, "High-risk user")
        .click();
    h.run();
    let slider = h.get_by_role_and_label(Role::Slider, "score");
    assert_eq!(
        slider.accesskit_node().numeric_value(),
        Some(92.0),
        "preset score"
    );
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.js");
    let mut h = studio();
    h.state_mut().push(Command::SaveAs(path.clone(), None));
    h.run();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&path, "// a colleague's version\n").unwrap();
    h.state_mut().state.code.push_str("// mine\n");
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("File changed on disk");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "// a colleague's version\n",
        "not overwritten without asking"
    );
    h.get_by_role_and_label(Role::Button, "Overwrite").click();
    h.run();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .ends_with("// mine\n"),
        "overwritten after asking"
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut h = studio();
    h.state_mut().state.code.push_str("// unsaved\n");
    h.run();
    click_menu_item(&mut h, "File", "Quit");
    h.get_by_label("Unsaved changes");
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert!(
        h.state().state.code.ends_with("// unsaved\n"),
        "still open with the work"
    );
}

#[test]
fn the_samples_menu_loads_the_sample_event_of_the_trigger() {
    let mut h = studio();
    click_menu_item(&mut h, "Samples", "Sample event for Login / Post Login");
    let expected = action_studio::engine::event::parse(
        &std::fs::read_to_string(crate::util::root().join("samples/events/post-login.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        h.state().state.event.value,
        expected,
        "the event is samples/events/post-login.json"
    );
    let slider = h.get_by_role_and_label(Role::Slider, "score");
    assert_eq!(
        slider.accesskit_node().numeric_value(),
        expected
            .pointer("/authentication/riskAssessment/supplemental/akamai/akamaiUserRisk/score")
            .and_then(serde_json::Value::as_f64)
    );
}
