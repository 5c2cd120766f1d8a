//! The event panel: Builder and JSON tabs, presets and reset. The builder edits the last valid
//! event; the JSON tab edits the text. A JSON error pauses the builder so no typing is lost.

use egui::RichText;

use super::command::Command;
use super::form::FormBuffers;
use super::state::{EventTab, PersistedState};
use super::{other_fields, signals_form, theme};
use crate::engine::event::Preset;

/// Draws the event panel.
pub fn event_panel_ui(
    ui: &mut egui::Ui,
    state: &mut PersistedState,
    buffers: &mut FormBuffers,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.heading("Event");
        ui.selectable_value(&mut state.event_tab, EventTab::Builder, "Builder");
        ui.selectable_value(&mut state.event_tab, EventTab::Json, "JSON");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Reset")
                .on_hover_text(format!("Restore the default {} event", state.trigger.id()))
                .clicked()
            {
                commands.push(Command::ResetEvent);
            }
        });
    });
    ui.horizontal_wrapped(|ui| {
        ui.weak("Presets:");
        for preset in Preset::ALL {
            let button = ui.add_enabled(
                state.event.is_valid(),
                egui::Button::new(preset.label()).small(),
            );
            if button.clicked() {
                commands.push(Command::ApplyPreset(preset));
            }
        }
    });
    ui.separator();
    match state.event_tab {
        EventTab::Builder => builder_ui(ui, state, buffers, commands),
        EventTab::Json => json_tab_ui(ui, state, buffers, commands),
    }
}

fn builder_ui(
    ui: &mut egui::Ui,
    state: &mut PersistedState,
    buffers: &mut FormBuffers,
    commands: &mut Vec<Command>,
) {
    if let Some(error) = &state.event.error {
        ui.colored_label(
            theme::error(ui),
            format!("The event JSON has an error ({error})."),
        );
        ui.label("The builder is paused so that nothing you typed is lost.");
        if ui.button("Go to the JSON tab").clicked() {
            state.event_tab = EventTab::Json;
        }
        return;
    }
    let trigger = state.trigger;
    let mut changed = false;
    egui::ScrollArea::vertical()
        .id_salt("builder_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::CollapsingHeader::new(RichText::new("Akamai signals").strong())
                .id_salt("akamai_section")
                .default_open(true)
                .show(ui, |ui| {
                    changed |=
                        signals_form::signals_ui(ui, trigger, &mut state.event.value, buffers);
                });
            egui::CollapsingHeader::new(RichText::new("User, session, request").strong())
                .id_salt("other_section")
                .default_open(true)
                .show(ui, |ui| {
                    changed |= other_fields::other_fields_ui(ui, &mut state.event.value, buffers);
                });
        });
    if changed {
        state.event.value_changed();
        commands.push(Command::EventEdited);
    }
}

/// The JSON tab. Plain monospace on purpose: syntect re-highlights the whole event on every
/// keystroke and slider move, which costs tens of milliseconds for a full event.
fn json_tab_ui(
    ui: &mut egui::Ui,
    state: &mut PersistedState,
    buffers: &mut FormBuffers,
    commands: &mut Vec<Command>,
) {
    let label = ui.label("Event JSON (the whole event the action receives):");
    if let Some(error) = &state.event.error {
        ui.colored_label(theme::error(ui), format!("Not valid: {error}"));
    }
    egui::ScrollArea::vertical()
        .id_salt("json_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let response = ui
                .add(
                    egui::TextEdit::multiline(&mut state.event.text)
                        .code_editor()
                        .desired_width(f32::INFINITY)
                        .desired_rows(30),
                )
                .labelled_by(label.id);
            if response.changed() && state.event.text_changed() {
                buffers.clear();
                commands.push(Command::EventEdited);
            }
        });
}
