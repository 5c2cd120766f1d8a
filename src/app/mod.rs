//! The studio window (egui/eframe; the only module that uses them, with rfd in `file_dialog`).
//!
//! [`StudioApp`] holds the persisted [`PersistedState`] (the user's work and preferences) and
//! runtime state (the engine worker, the newest report, the open dialog, status messages).
//! Each frame the panels draw and push [`Command`]s; `handle.rs` then performs every side effect
//! in one place. JavaScript never runs on the UI thread: runs go through [`runner::Runner`].

mod code_editor;
pub mod command;
mod dialogs;
pub mod event_doc;
mod event_panel;
mod file_commands;
pub mod file_dialog;
pub mod files;
mod form;
mod handle;
mod icons;
mod json_path;
mod map_canvas;
mod map_commands;
mod map_export;
mod map_view;
mod other_fields;
mod results;
mod results_calls;
mod results_diff;
pub mod runner;
pub mod samples;
mod scenario_commands;
mod shortcuts;
mod signals_form;
pub mod state;
mod status_bar;
pub mod sweeper;
pub mod test_runner;
mod tests_panel;
mod theme;
mod top_bar;
mod trigger_picker;

use std::time::{Duration, SystemTime};

pub use command::{Command, Guarded, MapCommand, MapExport, ScenarioCommand};
pub use dialogs::Dialog;
pub use map_canvas::CANVAS_LABEL as MAP_CANVAS_LABEL;
pub use state::PersistedState;

use egui::RichText;
use state::{CentralTab, RightTab};

use crate::engine::RunReport;

/// Window title prefix.
pub const APP_NAME: &str = "Action Studio";

/// A message in the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The message.
    pub text: String,
    /// Whether it reports a failure.
    pub is_error: bool,
}

/// Runtime state of the code editor.
#[derive(Debug, Default)]
pub struct EditorState {
    /// A line to move the cursor to on the next frame.
    pub jump_to: Option<u32>,
    /// The line highlighted after the last jump.
    pub highlighted: Option<u32>,
}

/// The studio application.
pub struct StudioApp {
    /// What is remembered between sessions.
    pub state: PersistedState,
    runner: runner::Runner,
    sweeper: sweeper::Sweeper,
    tests: test_runner::TestRunner,
    commands: Vec<Command>,
    /// The modal dialog on screen, if any.
    pub dialog: Option<Dialog>,
    /// Code editor runtime state.
    pub editor: EditorState,
    /// The status-bar message.
    pub status: Option<Status>,
    forms: form::FormBuffers,
    map_layout: Option<map_canvas::Layout>,
    file_mtime: Option<SystemTime>,
    allow_close: bool,
    applied_theme: Option<state::ThemeChoice>,
    title: String,
    session_dirty: bool,
}

impl StudioApp {
    /// Creates the studio, restoring the last session from eframe storage when there is one.
    pub fn new(cc: &eframe::CreationContext<'_>) -> Self {
        let state = cc
            .storage
            .and_then(|s| eframe::get_value::<PersistedState>(s, eframe::APP_KEY))
            .map(PersistedState::restored)
            .unwrap_or_default();
        let mut app = Self::with_state(&cc.egui_ctx, state);
        if app.state.live {
            // Live mode shows results from the start.
            app.start_run();
        }
        app
    }

    /// Creates the studio with the given state (tests use this).
    pub fn with_state(ctx: &egui::Context, state: PersistedState) -> Self {
        theme::install_fonts(ctx);
        let file_mtime = state.file_path.as_deref().and_then(files::modified_time);
        Self {
            state,
            runner: runner::Runner::new(ctx),
            sweeper: sweeper::Sweeper::new(ctx),
            tests: test_runner::TestRunner::new(ctx),
            commands: Vec::new(),
            dialog: None,
            editor: EditorState::default(),
            status: None,
            forms: form::FormBuffers::default(),
            map_layout: None,
            file_mtime,
            allow_close: false,
            applied_theme: None,
            title: String::new(),
            session_dirty: false,
        }
    }

    /// Queues a command, as a click would.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// The newest run report.
    pub fn report(&self) -> Option<&RunReport> {
        self.runner.report()
    }

    /// Whether a run is in progress.
    pub fn is_running(&self) -> bool {
        self.runner.is_running()
    }

    /// The decision map: running sweep, last map, comparison.
    pub fn sweeper(&self) -> &sweeper::Sweeper {
        &self.sweeper
    }

    /// The Tests panel's scenarios and results.
    pub fn tests(&self) -> &test_runner::TestRunner {
        &self.tests
    }

    /// Where the last frame drew the cell with these scores (`None`: that signal missing).
    pub fn map_point(&self, bot: Option<f64>, risk: Option<f64>) -> Option<egui::Pos2> {
        self.map_layout?.point(self.sweeper.result()?, bot, risk)
    }

    /// How many runs have finished.
    pub fn finished_runs(&self) -> u64 {
        self.runner.finished_runs()
    }

    /// The window title: app name, document name and a modified marker.
    pub fn window_title(&self) -> String {
        let marker = if self.state.is_modified() { " ●" } else { "" };
        format!("{} — {APP_NAME}{marker}", self.state.document_name())
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.applied_theme != Some(self.state.theme) {
            theme::apply(ctx, self.state.theme);
            self.applied_theme = Some(self.state.theme);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Stops the window from closing while there are unsaved changes, asking first.
    fn guard_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && self.state.is_modified()
            && !self.allow_close
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(Guarded::Quit));
        }
    }
}

impl eframe::App for StudioApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.runner.poll();
        if self.runner.is_running() {
            // Keep the elapsed-time display moving while a long run goes on.
            ctx.request_repaint_after(Duration::from_millis(250));
        }
        self.sweeper.poll();
        if self.sweeper.is_sweeping() {
            // The progress bar moves while the sweep threads work.
            ctx.request_repaint_after(Duration::from_millis(50));
        }
        self.tests.poll();
        self.live_sweep_if_due(ctx);
        if self.session_dirty {
            // eframe only autosaves on a frame: make sure one comes after the last edit.
            ctx.request_repaint_after(self.auto_save_interval() + Duration::from_secs(1));
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.apply_theme(ui.ctx());
        self.guard_close(ui.ctx());
        if self.dialog.is_none() {
            self.commands.extend(shortcuts::consume(ui.ctx()));
        }
        let mut commands = std::mem::take(&mut self.commands);
        let opened = egui::Panel::top("top_bar")
            .show(ui, |ui| {
                top_bar::top_bar_ui(ui, &mut self.state, &self.runner, &mut commands)
            })
            .inner;
        if opened.is_some() {
            self.dialog = opened;
        }
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            status_bar::status_bar_ui(ui, &self.state, &self.runner, self.status.as_ref());
        });
        egui::Panel::left("event_panel")
            .resizable(true)
            .default_size(340.0)
            .size_range(280.0..=640.0)
            .show(ui, |ui| {
                event_panel::event_panel_ui(ui, &mut self.state, &mut self.forms, &mut commands);
            });
        if self.state.right_tab == RightTab::Tests {
            self.ensure_tests_listed();
        }
        egui::Panel::right("results_panel")
            .resizable(true)
            .default_size(400.0)
            .size_range(300.0..=760.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(
                        &mut self.state.right_tab,
                        RightTab::Results,
                        RichText::new("Results").heading(),
                    );
                    ui.selectable_value(
                        &mut self.state.right_tab,
                        RightTab::Tests,
                        RichText::new("Tests").heading(),
                    );
                });
                match self.state.right_tab {
                    RightTab::Results => results::results_ui(ui, &self.runner, &mut commands),
                    RightTab::Tests => {
                        tests_panel::tests_panel_ui(ui, &mut self.tests, &mut commands)
                    }
                }
            });
        let tab_before = self.state.central_tab;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(
                    &mut self.state.central_tab,
                    CentralTab::Code,
                    RichText::new("Code").heading(),
                );
                ui.selectable_value(
                    &mut self.state.central_tab,
                    CentralTab::Map,
                    RichText::new("Decision map").heading(),
                )
                .on_hover_text("The outcome for every bot score × user risk score");
            });
            match self.state.central_tab {
                CentralTab::Code => {
                    self.map_layout = None;
                    code_editor::code_editor_ui(
                        ui,
                        &mut self.state,
                        &mut self.editor,
                        self.runner.report(),
                        &mut commands,
                    );
                }
                CentralTab::Map => {
                    self.map_layout =
                        map_view::map_view_ui(ui, &mut self.state, &self.sweeper, &mut commands)
                }
            }
        });
        if tab_before != self.state.central_tab {
            // Showing the map in Live mode sweeps it if it is out of date.
            self.sweeper.touch();
        }
        if let Some(dialog) = &mut self.dialog {
            let close = dialogs::dialog_ui(ui.ctx(), dialog, &self.state, &mut commands);
            if close {
                self.dialog = None;
            }
        }
        if !commands.is_empty() || ui.input(|i| !i.events.is_empty()) {
            self.session_dirty = true;
        }
        if !commands.is_empty() {
            // Show the effect of the commands (status, new code, dialogs) on the next frame.
            ui.ctx().request_repaint();
        }
        for command in commands {
            self.handle(command, ui.ctx());
        }
        self.update_title(ui.ctx());
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
        self.session_dirty = false;
    }

    fn auto_save_interval(&self) -> Duration {
        // Unsaved work survives a crash or a kill, losing at most a few seconds of typing.
        Duration::from_secs(5)
    }
}

/// Opens the studio window and runs until it is closed.
pub fn run_native() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_NAME)
            .with_app_id("action-studio")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(|cc| Ok(Box::new(StudioApp::new(cc)))),
    )
}
