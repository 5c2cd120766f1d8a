//! The Decision map tab: sweep controls (step, Live step, reference lines), progress and
//! Cancel, compare and export buttons, the canvas, the legend with counts per outcome, the
//! missing-signal strips' summary and the comparison's changes (each one clickable).

use egui::{RichText, Sense, vec2};

use super::command::{Command, MapCommand, MapExport};
use super::map_canvas::{self, Layout, Position};
use super::shortcuts;
use super::state::PersistedState;
use super::sweeper::{MapInput, Sweeper};
use super::theme;
use crate::engine::OutcomeKind;
use crate::engine::event::{self, Signal};
use crate::engine::sweep::{Comparison, SweepResult, fmt_num};

/// The steps offered for sweeps.
pub const STEPS: [f64; 4] = [1.0, 2.0, 5.0, 10.0];
/// Most changed cells listed per kind of change (the map outlines all of them).
const MAX_LISTED_CHANGES: usize = 120;

/// Draws the Decision map tab; returns where the map is, when one is drawn.
pub fn map_view_ui(
    ui: &mut egui::Ui,
    state: &mut PersistedState,
    sweeper: &Sweeper,
    commands: &mut Vec<Command>,
) -> Option<Layout> {
    controls_ui(ui, state, sweeper, commands);
    if !state.trigger.has_akamai() {
        ui.add_space(12.0);
        ui.label(format!("{} carries no Akamai signals, so there is no map to draw. Pick Login, Pre/Post User Registration or Post Change Password.", state.trigger.label()));
        return None;
    }
    let Some(result) = sweeper.result() else {
        if sweeper.is_sweeping() {
            return None;
        }
        ui.add_space(12.0);
        ui.label("Press ▶ Sweep to run the action for every bot score × user risk score and paint the outcome of each.");
        ui.weak("In Live mode the map follows your edits by itself (a coarser step, on one core, so single runs stay instant).");
        return None;
    };
    if let Some(input) = sweeper.input()
        && sweeper.running_input().is_none()
        && *input != MapInput::new(state.trigger, &state.code, &state.event.value, input.step)
    {
        let text = if state.live {
            "The code or event changed: re-sweeping shortly…"
        } else {
            "The code or event changed since this sweep: press ▶ Sweep to update the map."
        };
        ui.colored_label(theme::warning(ui), text);
    }
    let shown = egui::ScrollArea::vertical()
        .id_salt("map_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let current = Position {
                bot: event::score(&state.event.value, Signal::Bot),
                risk: event::score(&state.event.value, Signal::UserRisk),
            };
            let max_height = (ui.available_height() - 90.0).max(260.0);
            let comparison = sweeper.compare().map(|c| &c.comparison);
            let layout = map_canvas::map_canvas_ui(
                ui,
                result,
                comparison,
                current,
                state.map.reference_lines,
                max_height,
                commands,
            );
            legend_ui(ui, result);
            if let Some(view) = sweeper.compare() {
                ui.separator();
                compare_ui(ui, &view.label, &view.comparison, commands);
            }
            egui::CollapsingHeader::new("Summary and boundaries")
                .id_salt("map_summary")
                .default_open(false)
                .show(ui, |ui| {
                    for line in result.summary() {
                        ui.label(line);
                    }
                });
            layout
        });
    Some(shown.inner)
}

fn step_picker_ui(ui: &mut egui::Ui, text: &str, id: &str, value: &mut f64) {
    let label = ui.label(text);
    egui::ComboBox::from_id_salt(id)
        .selected_text(fmt_num(*value))
        .width(44.0)
        .show_ui(ui, |ui| {
            for step in STEPS {
                ui.selectable_value(value, step, fmt_num(step));
            }
        })
        .response
        .labelled_by(label.id);
}

fn controls_ui(
    ui: &mut egui::Ui,
    state: &mut PersistedState,
    sweeper: &Sweeper,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let can_sweep = state.trigger.has_akamai();
        let hint = format!("Run the action for every bot score × user risk at the chosen step, on every core ({})", ui.ctx().format_shortcut(&shortcuts::SWEEP));
        if ui.add_enabled(can_sweep, egui::Button::new("▶ Sweep")).on_hover_text(hint).clicked() {
            commands.push(Command::Map(MapCommand::Sweep));
        }
        step_picker_ui(ui, "Step:", "map_step", &mut state.map.step);
        step_picker_ui(ui, "Live step:", "map_live_step", &mut state.map.live_step);
        ui.checkbox(&mut state.map.reference_lines, "Reference lines")
            .on_hover_text("Dashed lines at bot score 80 and user risk 90, the thresholds the samples use (Akamai's high-risk ranges)");
    });
    if sweeper.progress().is_some() || sweeper.message().is_some() {
        ui.horizontal(|ui| progress_ui(ui, sweeper, commands));
    }
    ui.horizontal_wrapped(|ui| {
        let has_map = sweeper.result().is_some();
        ui.weak("Compare:");
        let saved = if state.file_path.is_some() { "with the saved file" } else { "with the sample as loaded" };
        let saved_button = ui.add_enabled(state.trigger.has_akamai(), egui::Button::new("saved version"));
        if saved_button.on_hover_text(format!("Sweep the editor's code and the version {saved}; outline the cells whose outcome changed")).clicked() {
            commands.push(Command::Map(MapCommand::CompareWithSaved));
        }
        if ui.add_enabled(state.trigger.has_akamai(), egui::Button::new("file…")).on_hover_text("Compare with another action file").clicked() {
            commands.push(Command::Map(MapCommand::CompareDialog));
        }
        if sweeper.compare().is_some() && ui.button("Clear").on_hover_text("Hide the comparison").clicked() {
            commands.push(Command::Map(MapCommand::ClearCompare));
        }
        ui.separator();
        ui.weak("Export:");
        if ui.add_enabled(has_map, egui::Button::new("PNG…")).on_hover_text("Save the map as an image").clicked() {
            commands.push(Command::Map(MapCommand::ExportDialog(MapExport::Png)));
        }
        if ui.add_enabled(has_map, egui::Button::new("CSV…")).on_hover_text("Save one row per cell: bot_score,user_risk,outcome,reason").clicked() {
            commands.push(Command::Map(MapCommand::ExportDialog(MapExport::Csv)));
        }
    });
}

fn progress_ui(ui: &mut egui::Ui, sweeper: &Sweeper, commands: &mut Vec<Command>) {
    if let Some((done, total)) = sweeper.progress() {
        let fraction = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        let bar = egui::ProgressBar::new(fraction)
            .text(format!("Sweeping… {done} / {total} runs"))
            .desired_width(ui.available_width() - 90.0);
        ui.add(bar);
        if ui
            .button("Cancel")
            .on_hover_text("Stop the sweep; the last complete map stays")
            .clicked()
        {
            commands.push(Command::Map(MapCommand::Cancel));
        }
    } else if let Some((text, is_error)) = sweeper.message() {
        if is_error {
            ui.colored_label(theme::error(ui), text);
        } else {
            ui.weak(text);
        }
    }
}

/// A colour swatch and its text, allocated as one piece so a wrap never separates them.
fn legend_entry_ui(ui: &mut egui::Ui, kind: OutcomeKind, text: String) {
    let color = ui.visuals().text_color();
    let galley = ui.painter().layout_no_wrap(
        text.clone(),
        egui::TextStyle::Body.resolve(ui.style()),
        color,
    );
    let (rect, response) = ui.allocate_exact_size(
        vec2(18.0 + galley.size().x, galley.size().y.max(14.0)),
        Sense::hover(),
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
    let swatch = egui::Rect::from_center_size(
        egui::pos2(rect.left() + 7.0, rect.center().y),
        vec2(14.0, 14.0),
    );
    ui.painter().rect_filled(swatch, 2.0, theme::map_cell(kind));
    ui.painter()
        .galley(egui::pos2(rect.left() + 18.0, rect.top()), galley, color);
}

fn legend_ui(ui: &mut egui::Ui, result: &SweepResult) {
    ui.horizontal_wrapped(|ui| {
        for (kind, count) in result.counts() {
            legend_entry_ui(ui, kind, format!("{}: {count} cells", kind.label()));
            ui.add_space(8.0);
        }
    });
    let strip = |cells: &[crate::engine::sweep::Cell]| -> String {
        let mut parts: Vec<String> = Vec::new();
        for kind in OutcomeKind::ALL {
            let n = cells.iter().filter(|c| c.kind == kind).count();
            if n > 0 {
                parts.push(format!("{} {n}", kind.label()));
            }
        }
        parts.join(", ")
    };
    if !result.bot_missing.is_empty() {
        ui.weak(format!(
            "Bot signal missing (right column): {}",
            strip(&result.bot_missing)
        ));
        ui.weak(format!(
            "User risk missing (bottom row): {}",
            strip(&result.risk_missing)
        ));
    }
    if let Some(c) = &result.all_missing {
        ui.weak(format!("No Akamai object (corner): {}", c.kind.label()));
    }
}

fn compare_ui(
    ui: &mut egui::Ui,
    label: &str,
    comparison: &Comparison,
    commands: &mut Vec<Command>,
) {
    ui.label(RichText::new(format!("Changes from {label} to the editor's code")).strong());
    if comparison.changes.is_empty() {
        ui.label("No cell changed outcome.");
        return;
    }
    for (from, to, count) in &comparison.counts {
        let title = format!("{} → {}: {count} cells", from.label(), to.label());
        egui::CollapsingHeader::new(title)
            .id_salt(("change", from.id(), to.id()))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    let cells = comparison
                        .changes
                        .iter()
                        .filter(|c| c.from == *from && c.to == *to);
                    for change in cells.take(MAX_LISTED_CHANGES) {
                        let score = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), fmt_num);
                        let text = format!("{}/{}", score(change.bot), score(change.risk));
                        if ui
                            .small_button(text)
                            .on_hover_text("bot score / user risk: load and run")
                            .clicked()
                        {
                            commands.push(Command::Map(MapCommand::LoadCell {
                                bot: change.bot,
                                risk: change.risk,
                            }));
                        }
                    }
                    if *count > MAX_LISTED_CHANGES {
                        ui.weak(format!(
                            "… and {} more (outlined on the map)",
                            count - MAX_LISTED_CHANGES
                        ));
                    }
                });
            });
    }
}
