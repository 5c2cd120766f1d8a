//! The Tests panel: the scenario files of a folder with pass / fail per scenario and per step,
//! Run all, expected vs actual for each failed expectation, and the report of a clicked step
//! (outcome banner and api calls of each action, drawn with the results panel's widgets).

use egui::RichText;

use super::command::{Command, Guarded, ScenarioCommand};
use super::test_runner::{Entry, EntryState, TestRunner};
use super::{results, results_calls, shortcuts, theme};
use crate::engine::scenario::StepResult;

/// Draws the Tests panel.
pub fn tests_panel_ui(ui: &mut egui::Ui, tests: &mut TestRunner, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let label = ui.label("Folder:");
        let edit = ui.add(
            egui::TextEdit::singleline(&mut tests.folder_text)
                .desired_width(ui.available_width() - 150.0)
                .hint_text("path/to/scenarios"),
        );
        let edit = edit
            .labelled_by(label.id)
            .on_hover_text("Type a folder and press Enter");
        if edit.lost_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter))
            && !tests.folder_text.trim().is_empty()
        {
            commands.push(Command::Scenario(ScenarioCommand::SetFolder(
                tests.folder_text.trim().into(),
            )));
        }
        if ui.button("Choose folder…").clicked() {
            commands.push(Command::Scenario(ScenarioCommand::ChooseFolder));
        }
        if ui
            .small_button("↻")
            .on_hover_text("List the folder again")
            .clicked()
        {
            commands.push(Command::Scenario(ScenarioCommand::Refresh));
        }
    });
    ui.horizontal(|ui| {
        let run_all = egui::Button::new("▶ Run all")
            .shortcut_text(ui.ctx().format_shortcut(&shortcuts::RUN_TESTS));
        if ui
            .add_enabled(!tests.entries().is_empty(), run_all)
            .on_hover_text("Run every scenario of the folder (on a worker thread)")
            .clicked()
        {
            commands.push(Command::Scenario(ScenarioCommand::RunAll));
        }
        if tests.is_running() {
            ui.spinner();
        }
        let (passed, failed, not_run) = tests.counts();
        let summary = format!("{passed} passed, {failed} failed, {not_run} not run");
        if failed > 0 {
            ui.colored_label(theme::error(ui), summary);
        } else {
            ui.label(summary);
        }
    });
    if let Some(error) = tests.list_error() {
        ui.colored_label(theme::warning(ui), error);
    }
    ui.separator();
    let mut selected = tests.selected.clone();
    egui::ScrollArea::vertical()
        .id_salt("tests_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for entry in tests.entries() {
                entry_ui(ui, entry, &mut selected, commands);
            }
        });
    tests.selected = selected;
}

fn status_text(ui: &egui::Ui, passed: Option<bool>) -> RichText {
    match passed {
        Some(true) => RichText::new("PASS")
            .monospace()
            .strong()
            .color(theme::test_status(ui, true)),
        Some(false) => RichText::new("FAIL")
            .monospace()
            .strong()
            .color(theme::test_status(ui, false)),
        None => RichText::new(" —  ").monospace().weak(),
    }
}

fn entry_ui(
    ui: &mut egui::Ui,
    entry: &Entry,
    selected: &mut Option<(std::path::PathBuf, usize)>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.label(status_text(ui, entry.passed()));
        let running = if matches!(entry.state, EntryState::Running) {
            " (running…)"
        } else {
            ""
        };
        let name =
            egui::Label::new(RichText::new(format!("{}{running}", entry.name)).strong()).truncate();
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .small_button("Open")
                .on_hover_text("Load its trigger, event and first action into the studio")
                .clicked()
            {
                commands.push(Command::Guarded(Guarded::OpenScenario(entry.path.clone())));
            }
            if ui
                .small_button("Run")
                .on_hover_text("Run this scenario")
                .clicked()
            {
                commands.push(Command::Scenario(ScenarioCommand::RunOne(
                    entry.path.clone(),
                )));
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.add(name).on_hover_text(entry.path.display().to_string());
            });
        });
    });
    match &entry.state {
        EntryState::Broken(message) => {
            ui.indent(("broken", &entry.path), |ui| {
                ui.colored_label(theme::error(ui), message);
            });
        }
        EntryState::Done(result) => {
            let failed = !result.passed();
            let n = result.steps.len();
            let title = format!(
                "{n} step{} · {:.0} ms",
                if n == 1 { "" } else { "s" },
                result.duration_ms
            );
            egui::CollapsingHeader::new(title)
                .id_salt(("steps", &entry.path))
                .default_open(failed)
                .show(ui, |ui| {
                    for (i, step) in result.steps.iter().enumerate() {
                        step_ui(ui, entry, i, step, selected, commands);
                    }
                });
        }
        EntryState::NotRun | EntryState::Running => {}
    }
    ui.add_space(2.0);
}

fn step_ui(
    ui: &mut egui::Ui,
    entry: &Entry,
    index: usize,
    step: &StepResult,
    selected: &mut Option<(std::path::PathBuf, usize)>,
    commands: &mut Vec<Command>,
) {
    let is_selected = selected
        .as_ref()
        .is_some_and(|(p, i)| p == &entry.path && *i == index);
    ui.horizontal(|ui| {
        ui.label(status_text(ui, Some(step.passed())));
        // "1. login" + "login: Login allowed" reads "1. login: Login allowed".
        let name = step
            .label
            .split_once(". ")
            .map_or(step.label.as_str(), |(_, n)| n);
        let summary = step
            .summary
            .strip_prefix(&format!("{name}: "))
            .unwrap_or(&step.summary);
        let text = format!("{}: {summary}", step.label);
        if step.report.is_some() {
            let link = ui
                .add(egui::Button::selectable(is_selected, text).wrap())
                .on_hover_text("Show this step's outcome and api calls");
            if link.clicked() {
                *selected = if is_selected {
                    None
                } else {
                    Some((entry.path.clone(), index))
                };
            }
        } else {
            ui.add(egui::Label::new(RichText::new(text).weak()).wrap());
        }
    });
    if !step.failures.is_empty() {
        ui.indent(("failures", &entry.path, index), |ui| {
            egui::Grid::new(("failure_grid", &entry.path, index))
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for failure in &step.failures {
                        ui.colored_label(
                            theme::error(ui),
                            RichText::new(&failure.what).monospace(),
                        );
                        ui.vertical(|ui| {
                            ui.add(
                                egui::Label::new(format!("expected: {}", failure.expected)).wrap(),
                            );
                            ui.add(
                                egui::Label::new(format!("actual:   {}", failure.actual)).wrap(),
                            );
                        });
                        ui.end_row();
                    }
                });
        });
    }
    if is_selected && let Some(report) = &step.report {
        ui.indent(("step_report", &entry.path, index), |ui| {
            for run in &report.runs {
                ui.label(RichText::new(format!("Action {}", run.name)).weak());
                results::outcome_banner_ui(ui, &run.report, commands);
                results_calls::calls_ui(ui, &run.report, commands);
            }
            if !report.skipped.is_empty() {
                ui.weak(format!("Not run: {}", report.skipped.join(", ")));
            }
        });
    }
}
