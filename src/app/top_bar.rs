//! The top bar: File, Samples, Run, View and Help menus, the trigger picker, Run and Live.

use egui::Button;

use super::command::{Command, Guarded, ScenarioCommand};
use super::dialogs::Dialog;
use super::runner::Runner;
use super::samples;
use super::shortcuts;
use super::state::{EventTab, PersistedState, ThemeChoice};
use super::trigger_picker::trigger_picker_ui;
use crate::engine::event::Preset;

/// Draws the top bar. Dialog requests come back as a [`Dialog`] to open.
pub fn top_bar_ui(
    ui: &mut egui::Ui,
    state: &mut PersistedState,
    runner: &Runner,
    commands: &mut Vec<Command>,
) -> Option<Dialog> {
    let mut open = None;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu_ui(ui, state, commands));
        ui.menu_button("Samples", |ui| {
            for sample in samples::ALL {
                if ui
                    .button(sample.title)
                    .on_hover_text(format!(
                        "samples/actions/{} ({})",
                        sample.file,
                        sample.trigger.label()
                    ))
                    .clicked()
                {
                    commands.push(Command::Guarded(Guarded::LoadSample(sample.file)));
                }
            }
            ui.separator();
            let label = format!("Sample event for {}", state.trigger.label());
            if ui
                .button(label)
                .on_hover_text(format!("samples/events/{}.json", state.trigger.id()))
                .clicked()
            {
                commands.push(Command::LoadSampleEvent);
            }
        });
        ui.menu_button("Run", |ui| run_menu_ui(ui, state, commands));
        ui.menu_button("View", |ui| {
            ui.label("Theme");
            ui.radio_value(&mut state.theme, ThemeChoice::Dark, "Dark");
            ui.radio_value(&mut state.theme, ThemeChoice::Light, "Light");
            ui.radio_value(&mut state.theme, ThemeChoice::System, "Follow the system");
            ui.separator();
            ui.label("Event panel");
            ui.radio_value(&mut state.event_tab, EventTab::Builder, "Builder");
            ui.radio_value(&mut state.event_tab, EventTab::Json, "JSON");
        });
        ui.menu_button("Help", |ui| {
            if ui.button("Keyboard shortcuts…").clicked() {
                open = Some(Dialog::Shortcuts);
            }
            if ui.button("About Action Studio…").clicked() {
                open = Some(Dialog::About);
            }
        });
        ui.separator();
        trigger_picker_ui(ui, state.trigger, state.handler, commands);
        ui.separator();
        let run = Button::new("▶ Run").shortcut_text(ui.ctx().format_shortcut(&shortcuts::RUN));
        if ui
            .add(run)
            .on_hover_text("Run the action with this event (Ctrl+Enter)")
            .clicked()
        {
            commands.push(Command::Run);
        }
        if ui
            .toggle_value(&mut state.live, "↻ Live")
            .on_hover_text("Re-run on every edit and slider move")
            .changed()
            && state.live
        {
            commands.push(Command::Run);
        }
        if let Some(elapsed) = runner.running_for() {
            ui.spinner();
            ui.label(format!("Running… {:.1} s", elapsed.as_secs_f32()));
        }
    });
    open
}

fn file_menu_ui(ui: &mut egui::Ui, state: &PersistedState, commands: &mut Vec<Command>) {
    let ctx = ui.ctx().clone();
    let fmt = |s| ctx.format_shortcut(&s);
    let items = [
        ("New", fmt(shortcuts::NEW), Command::Guarded(Guarded::New)),
        (
            "Open…",
            fmt(shortcuts::OPEN),
            Command::Guarded(Guarded::OpenDialog),
        ),
    ];
    for (text, keys, command) in items {
        if ui.add(Button::new(text).shortcut_text(keys)).clicked() {
            commands.push(command);
        }
    }
    ui.menu_button("Open Recent", |ui| {
        if state.recent_files.is_empty() {
            ui.weak("No recent files");
        }
        for path in &state.recent_files {
            if ui.button(path.display().to_string()).clicked() {
                commands.push(Command::Guarded(Guarded::Open(path.clone())));
            }
        }
        ui.separator();
        if ui
            .add_enabled(
                !state.recent_files.is_empty(),
                Button::new("Clear recent files"),
            )
            .clicked()
        {
            commands.push(Command::ClearRecentFiles);
        }
    });
    ui.separator();
    if ui
        .button("Open scenario…")
        .on_hover_text("Load a scenario's trigger, event and first action")
        .clicked()
    {
        commands.push(Command::Guarded(Guarded::OpenScenarioDialog));
    }
    if ui.button("Save as scenario…").on_hover_text("Pin the last run (trigger, event, action, outcome, calls, metadata) as a regression test").clicked() {
        commands.push(Command::Scenario(ScenarioCommand::SaveDialog));
    }
    ui.separator();
    if ui
        .add(Button::new("Save").shortcut_text(fmt(shortcuts::SAVE)))
        .clicked()
    {
        commands.push(Command::Save);
    }
    if ui
        .add(Button::new("Save As…").shortcut_text(fmt(shortcuts::SAVE_AS)))
        .clicked()
    {
        commands.push(Command::SaveAsDialog(None));
    }
    ui.separator();
    if ui
        .add(Button::new("Quit").shortcut_text(fmt(shortcuts::QUIT)))
        .clicked()
    {
        commands.push(Command::Guarded(Guarded::Quit));
    }
}

fn run_menu_ui(ui: &mut egui::Ui, state: &mut PersistedState, commands: &mut Vec<Command>) {
    if ui
        .add(Button::new("Run").shortcut_text(ui.ctx().format_shortcut(&shortcuts::RUN)))
        .clicked()
    {
        commands.push(Command::Run);
    }
    if ui
        .checkbox(&mut state.live, "Live mode (re-run on every edit)")
        .changed()
        && state.live
    {
        commands.push(Command::Run);
    }
    ui.horizontal(|ui| {
        let label = ui.label("Time limit (ms):");
        ui.add(
            egui::DragValue::new(&mut state.timeout_ms)
                .range(10..=60_000)
                .speed(50.0),
        )
        .labelled_by(label.id);
    });
    ui.separator();
    ui.menu_button("Signal preset", |ui| {
        for preset in Preset::ALL {
            if ui.button(preset.label()).clicked() {
                commands.push(Command::ApplyPreset(preset));
            }
        }
    });
    if ui.button("Reset event to the trigger's default").clicked() {
        commands.push(Command::ResetEvent);
    }
}
