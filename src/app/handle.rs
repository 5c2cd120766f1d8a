//! The one place where commands take effect: runs, trigger and event changes, clipboard.
//! File commands live in `file_commands.rs`.

use super::command::{Command, Guarded};
use super::dialogs::Dialog;
use super::event_doc::EventDoc;
use super::{Status, StudioApp};
use crate::engine::{RunOptions, RunRequest};

impl StudioApp {
    /// Performs one command.
    pub(crate) fn handle(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Run => self.start_run(),
            Command::Guarded(action) => {
                if self.state.is_modified() {
                    self.dialog = Some(Dialog::Unsaved(action));
                } else {
                    self.perform(action, ctx);
                }
            }
            Command::Proceed(action) => self.perform(action, ctx),
            Command::SaveThen(action) => self.save(Some(action), false, ctx),
            Command::Save => self.save(None, false, ctx),
            Command::ForceSave(then) => self.save(then, true, ctx),
            Command::SaveAsDialog(then) => self.save_as_dialog(then, ctx),
            Command::SaveAs(path, then) => self.save_to(&path, then, ctx),
            Command::SetTrigger(trigger) => {
                self.state.switch_trigger(trigger);
                self.forms.clear();
                self.after_edit();
            }
            Command::SetHandler(handler) => {
                self.state.handler = handler;
                self.after_edit();
            }
            Command::ApplyPreset(preset) => {
                if self.state.event.is_valid() {
                    preset.apply(&mut self.state.event.value);
                    self.state.event.value_changed();
                    self.forms.clear();
                    self.set_status(format!("Preset applied: {}", preset.label()), false);
                    self.after_edit();
                }
            }
            Command::ResetEvent => {
                self.state.event = EventDoc::from_value(self.state.trigger.default_event());
                self.forms.clear();
                self.set_status(
                    format!("Default {} event restored", self.state.trigger.id()),
                    false,
                );
                self.after_edit();
            }
            Command::LoadSampleEvent => {
                let text = super::samples::event(self.state.trigger);
                match crate::engine::event::parse(text) {
                    Ok(value) => {
                        self.state.event = EventDoc::from_value(value);
                        self.forms.clear();
                        self.set_status(
                            format!(
                                "Sample event loaded: samples/events/{}.json",
                                self.state.trigger.id()
                            ),
                            false,
                        );
                        self.after_edit();
                    }
                    Err(e) => self.set_status(
                        format!("samples/events/{}.json: {e}", self.state.trigger.id()),
                        true,
                    ),
                }
            }
            Command::EventEdited | Command::CodeEdited => self.after_edit(),
            Command::JumpToLine(line) => self.editor.jump_to = Some(line),
            Command::Copy(text) => {
                ctx.copy_text(text);
                self.set_status("Copied to the clipboard".to_owned(), false);
            }
            Command::ClearRecentFiles => self.state.recent_files.clear(),
            Command::Map(command) => self.handle_map(command),
            Command::Scenario(command) => self.handle_scenario(command),
        }
    }

    /// Re-runs after an edit when Live mode is on.
    fn after_edit(&mut self) {
        if self.state.live {
            self.start_run();
        }
    }

    /// Sends the current code and event to the worker (never runs JavaScript here).
    pub(crate) fn start_run(&mut self) {
        if let Some(error) = &self.state.event.error {
            self.set_status(
                format!("Cannot run: the event JSON is invalid ({error}). Fix it in the JSON tab."),
                true,
            );
            return;
        }
        if !self.runner.is_alive() {
            self.set_status(
                "Cannot run: the engine thread stopped. Restart the studio (your work is kept)."
                    .to_owned(),
                true,
            );
            return;
        }
        let mut request = RunRequest::new(
            self.state.trigger,
            self.state.event.value.clone(),
            self.state.code.clone(),
        );
        request.handler = self.state.handler;
        request.file_name = self.state.document_name();
        request.options = RunOptions {
            timeout_ms: self.state.timeout_ms.max(1),
            ..RunOptions::reproducible()
        };
        self.runner.submit(request);
        self.editor.highlighted = None;
        // Live mode re-sweeps the map once edits pause (only if more than the scores changed).
        self.sweeper.touch();
    }

    /// Performs an action that replaces or closes the code (unsaved changes already handled).
    pub(crate) fn perform(&mut self, action: Guarded, ctx: &egui::Context) {
        match action {
            Guarded::New => self.new_action(),
            Guarded::OpenDialog => self.open_dialog(),
            Guarded::Open(path) => self.open(&path),
            Guarded::LoadSample(file) => self.load_sample(file),
            Guarded::OpenScenarioDialog => {
                let start = self.tests_folder();
                let picked = super::file_dialog::pick_open_file(
                    "Open scenario",
                    &[super::file_dialog::JSON],
                    start.as_deref(),
                );
                if let Some(path) =
                    self.picked_or_prompt(picked, super::dialogs::PathPurpose::OpenScenario)
                {
                    self.open_scenario(&path);
                }
            }
            Guarded::OpenScenario(path) => self.open_scenario(&path),
            Guarded::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Shows a status-bar message.
    pub(crate) fn set_status(&mut self, text: String, is_error: bool) {
        self.status = Some(Status { text, is_error });
    }
}
