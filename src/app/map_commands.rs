//! Decision-map commands: start (and, in Live mode, debounce) sweeps, cancel, load a cell into
//! the event, compare with another version, export PNG and CSV.

use std::path::Path;
use std::time::Duration;

use super::command::{MapCommand, MapExport};
use super::dialogs::PathPurpose;
use super::file_dialog;
use super::state::CentralTab;
use super::sweeper::{self, MapInput};
use super::{StudioApp, files, map_export};
use crate::engine::RunOptions;
use crate::engine::event::{self, Signal};
use crate::engine::sweep::{Axis, SweepRequest};

/// Live mode re-sweeps this long after the last edit.
pub const LIVE_DEBOUNCE: Duration = Duration::from_millis(400);
/// Longest time one map cell may run (an endless loop must not stall the map for hours).
const CELL_TIMEOUT_MS: u64 = 1_000;

impl StudioApp {
    /// Performs a decision-map command.
    pub(crate) fn handle_map(&mut self, command: MapCommand) {
        match command {
            MapCommand::Sweep => {
                self.state.central_tab = CentralTab::Map;
                self.start_sweep(false, None);
            }
            MapCommand::Cancel => self.sweeper.cancel(),
            MapCommand::LoadCell { bot, risk } => self.load_cell(bot, risk),
            MapCommand::CompareWithSaved => match &self.state.file_path {
                Some(path) => self.compare_with_file(&path.clone()),
                None => {
                    let label = format!("the sample as loaded ({})", self.state.document_name());
                    let code = self.state.saved_code.clone();
                    self.start_sweep(false, Some((label, code)));
                }
            },
            MapCommand::CompareDialog => {
                let start = self.state.file_dir();
                let picked = file_dialog::pick_open_file(
                    "Compare with action",
                    &[file_dialog::JS],
                    start.as_deref(),
                );
                if let Some(path) = self.picked_or_prompt(picked, PathPurpose::CompareWith) {
                    self.compare_with_file(&path);
                }
            }
            MapCommand::CompareWith(path) => self.compare_with_file(&path),
            MapCommand::ClearCompare => self.sweeper.clear_compare(),
            MapCommand::ExportDialog(kind) => {
                let (filter, name): (file_dialog::Filter<'_>, _) = match kind {
                    MapExport::Csv => (("CSV", &["csv"]), "decision-map.csv"),
                    MapExport::Png => (("PNG image", &["png"]), "decision-map.png"),
                };
                let start = self.state.file_dir();
                let picked = file_dialog::pick_save_file(
                    "Export the decision map",
                    &[filter],
                    start.as_deref(),
                    name,
                );
                if let Some(path) = self.picked_or_prompt(picked, PathPurpose::ExportMap(kind)) {
                    self.export_map(kind, &path);
                }
            }
            MapCommand::Export(kind, path) => self.export_map(kind, &path),
        }
    }

    /// Starts a sweep of the editor's code (Live: the Live step on one core, so the single-run
    /// worker keeps the other); with `other`, sweeps that code too and compares.
    pub(crate) fn start_sweep(&mut self, live: bool, other: Option<(String, String)>) {
        if let Some(error) = &self.state.event.error {
            self.sweeper.set_message(
                format!("Cannot sweep: the event JSON is invalid ({error})."),
                true,
            );
            return;
        }
        if !self.state.trigger.has_akamai() {
            self.sweeper.set_message(
                format!(
                    "{} carries no Akamai signals, so there is nothing to sweep.",
                    self.state.trigger.label()
                ),
                true,
            );
            return;
        }
        let step = if live {
            self.state.map.live_step
        } else {
            self.state.map.step
        };
        let request = |code: String| {
            let mut r = SweepRequest::new(
                self.state.trigger,
                sweeper::base_event(&self.state.event.value),
                code,
            );
            r.file_name = self.state.document_name();
            r.options = RunOptions {
                timeout_ms: self.state.timeout_ms.clamp(1, CELL_TIMEOUT_MS),
                ..RunOptions::reproducible()
            };
            r.bot = Axis::full(step);
            r.risk = Axis::full(step);
            r.threads = usize::from(live);
            r
        };
        let input = MapInput::new(
            self.state.trigger,
            &self.state.code,
            &self.state.event.value,
            step,
        );
        let other = other.map(|(label, code)| (label, request(code)));
        self.sweeper
            .start(request(self.state.code.clone()), input, other);
    }

    /// In Live mode with the map on screen: re-sweeps once edits pause, if the map is out of date.
    pub(crate) fn live_sweep_if_due(&mut self, ctx: &egui::Context) {
        if !self.state.live || self.state.central_tab != CentralTab::Map {
            return;
        }
        match self.sweeper.due(LIVE_DEBOUNCE) {
            Some(Ok(())) => {
                let step = self.state.map.live_step;
                let wanted = MapInput::new(
                    self.state.trigger,
                    &self.state.code,
                    &self.state.event.value,
                    step,
                );
                // A finer map of the same input (an explicit sweep) is better than a new coarse one.
                let covers = |i: &MapInput| {
                    i.step <= step
                        && i.trigger == wanted.trigger
                        && i.code == wanted.code
                        && i.event == wanted.event
                };
                let up_to_date = self
                    .sweeper
                    .running_input()
                    .or(self.sweeper.input())
                    .is_some_and(covers);
                if !up_to_date && self.state.event.is_valid() && self.state.trigger.has_akamai() {
                    self.start_sweep(true, None);
                }
            }
            Some(Err(left)) => ctx.request_repaint_after(left),
            None => {}
        }
    }

    /// Puts a cell's scores into the event (`None`: that signal absent) and runs it.
    fn load_cell(&mut self, bot: Option<f64>, risk: Option<f64>) {
        if !self.state.event.is_valid() {
            self.set_status(
                "Cannot load the cell: fix the event JSON first.".to_owned(),
                true,
            );
            return;
        }
        let ev = &mut self.state.event.value;
        if bot.is_none() && risk.is_none() {
            event::set_akamai_present(ev, false);
        } else {
            event::set_akamai_present(ev, true);
            for (signal, score) in [(Signal::Bot, bot), (Signal::UserRisk, risk)] {
                match score {
                    Some(v) => event::set_score(ev, signal, v),
                    None => event::set_signal_present(ev, signal, false),
                }
            }
        }
        self.state.event.value_changed();
        self.forms.clear();
        let shown =
            |v: Option<f64>| v.map_or_else(|| "missing".to_owned(), crate::engine::sweep::fmt_num);
        self.set_status(
            format!(
                "Loaded bot score {} · user risk {}",
                shown(bot),
                shown(risk)
            ),
            false,
        );
        self.start_run();
    }

    fn compare_with_file(&mut self, path: &Path) {
        match files::read_action(path) {
            Ok(code) => self.start_sweep(false, Some((path.display().to_string(), code))),
            Err(message) => self.sweeper.set_message(message, true),
        }
        self.state.central_tab = CentralTab::Map;
    }

    fn export_map(&mut self, kind: MapExport, path: &Path) {
        let Some(result) = self.sweeper.result() else {
            self.set_status(
                "Nothing to export yet: sweep the map first.".to_owned(),
                true,
            );
            return;
        };
        let bytes = match kind {
            MapExport::Csv => Ok(result.to_csv().into_bytes()),
            MapExport::Png => map_export::png_bytes(result, self.state.map.reference_lines),
        };
        let written = bytes
            .and_then(|b| crate::engine::input::write_atomic(path, &b).map_err(|e| e.to_string()));
        match written {
            Ok(()) => self.set_status(
                format!("Exported the decision map to {}", path.display()),
                false,
            ),
            Err(e) => self.set_status(format!("Cannot export to {}: {e}", path.display()), true),
        }
    }
}
