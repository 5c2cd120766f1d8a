//! The status bar: file path, run state and the last message.

use super::runner::Runner;
use super::state::PersistedState;
use super::{Status, theme};

/// Draws the status bar.
pub fn status_bar_ui(
    ui: &mut egui::Ui,
    state: &PersistedState,
    runner: &Runner,
    status: Option<&Status>,
) {
    ui.horizontal(|ui| {
        let place = match (&state.file_path, &state.sample) {
            (Some(path), _) => path.display().to_string(),
            (None, Some(sample)) => format!("sample: {sample} (Save As to keep a copy)"),
            (None, None) => "not saved yet".to_owned(),
        };
        ui.label(place);
        if state.is_modified() {
            ui.weak("● modified");
        }
        ui.separator();
        if runner.is_running() {
            ui.label("running…");
        } else if let Some(report) = runner.report() {
            ui.label(format!("last run: {:.1} ms", report.duration_ms));
        }
        if state.live {
            ui.label("· live");
        }
        if let Some(status) = status {
            ui.separator();
            if status.is_error {
                ui.colored_label(theme::error(ui), &status.text);
            } else {
                ui.label(&status.text);
            }
        }
    });
}
