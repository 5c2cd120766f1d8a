//! New, open, save and save-as, and loading bundled samples: the file side of command handling.

use std::path::Path;

use super::command::Guarded;
use super::dialogs::{Dialog, PathPurpose};
use super::file_dialog::{self, Picked};
use super::{StudioApp, files, samples};

impl StudioApp {
    /// Replaces the code with an empty handler for the current trigger.
    pub(crate) fn new_action(&mut self) {
        let code = format!(
            "exports.{} = async (event, api) => {{\n  \n}};\n",
            self.state.trigger.execute_handler()
        );
        self.replace_code(code, None, None);
        self.set_status("New action".to_owned(), false);
    }

    /// Loads a bundled sample and selects its trigger.
    pub(crate) fn load_sample(&mut self, file: &str) {
        let Some(sample) = samples::find(file) else {
            self.set_status(format!("No bundled sample named {file}"), true);
            return;
        };
        self.replace_code(sample.code.to_owned(), None, Some(sample.file.to_owned()));
        self.state.switch_trigger(sample.trigger);
        self.forms.clear();
        self.set_status(format!("Sample loaded: {}", sample.title), false);
        if self.state.live {
            self.start_run();
        }
    }

    /// Asks for a file to open (or for a typed path when no dialog is available).
    pub(crate) fn open_dialog(&mut self) {
        let start = self.state.file_dir();
        match file_dialog::pick_open(start.as_deref()) {
            Picked::Path(path) => self.open(&path),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                self.dialog = Some(Dialog::PathPrompt {
                    purpose: PathPurpose::Open,
                    text: String::new(),
                })
            }
        }
    }

    /// Opens an action file; on failure the current code is untouched.
    pub(crate) fn open(&mut self, path: &Path) {
        match files::read_action(path) {
            Ok(code) => {
                let detected =
                    crate::engine::Trigger::detect(&code).filter(|t| *t != self.state.trigger);
                self.replace_code(code, Some(path.to_path_buf()), None);
                self.state.remember_file(path.to_path_buf());
                match detected {
                    Some(trigger) => {
                        self.state.switch_trigger(trigger);
                        self.forms.clear();
                        self.set_status(
                            format!(
                                "Opened {} (it exports {}: trigger set to {})",
                                path.display(),
                                trigger.execute_handler(),
                                trigger.label()
                            ),
                            false,
                        );
                    }
                    None => self.set_status(format!("Opened {}", path.display()), false),
                }
                if self.state.live {
                    self.start_run();
                }
            }
            Err(message) => self.set_status(message, true),
        }
    }

    /// Saves to the current file, asking for a path when there is none; then continues with `then`.
    pub(crate) fn save(&mut self, then: Option<Guarded>, force: bool, ctx: &egui::Context) {
        let Some(path) = self.state.file_path.clone() else {
            self.save_as_dialog(then, ctx);
            return;
        };
        let on_disk = files::modified_time(&path);
        if !force && self.file_mtime.is_some() && on_disk.is_some() && on_disk != self.file_mtime {
            self.dialog = Some(Dialog::ChangedOnDisk(then));
            return;
        }
        self.save_to(&path, then, ctx);
    }

    /// Asks where to save (or for a typed path when no dialog is available).
    pub(crate) fn save_as_dialog(&mut self, then: Option<Guarded>, ctx: &egui::Context) {
        let start = self.state.file_dir();
        let name = self.state.document_name();
        match file_dialog::pick_save(start.as_deref(), &name) {
            Picked::Path(path) => self.save_to(&path, then, ctx),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                self.dialog = Some(Dialog::PathPrompt {
                    purpose: PathPurpose::SaveAs(then),
                    text: String::new(),
                })
            }
        }
    }

    /// Writes the code to `path` atomically; on success continues with `then`.
    pub(crate) fn save_to(&mut self, path: &Path, then: Option<Guarded>, ctx: &egui::Context) {
        match files::write_atomic(path, &self.state.code) {
            Ok(()) => {
                self.state.saved_code = self.state.code.clone();
                self.state.file_path = Some(path.to_path_buf());
                self.state.sample = None;
                self.file_mtime = files::modified_time(path);
                self.state.remember_file(path.to_path_buf());
                self.set_status(format!("Saved {}", path.display()), false);
                if let Some(action) = then {
                    self.perform(action, ctx);
                }
            }
            Err(message) => self.set_status(message, true),
        }
    }

    /// The picked path; `None` when cancelled or when no dialog could be shown (then a typed-path
    /// prompt opens for `purpose`).
    pub(crate) fn picked_or_prompt(
        &mut self,
        picked: Picked,
        purpose: PathPurpose,
    ) -> Option<std::path::PathBuf> {
        match picked {
            Picked::Path(path) => Some(path),
            Picked::Cancelled => None,
            Picked::Unavailable => {
                self.dialog = Some(Dialog::PathPrompt {
                    purpose,
                    text: String::new(),
                });
                None
            }
        }
    }

    pub(crate) fn replace_code(
        &mut self,
        code: String,
        path: Option<std::path::PathBuf>,
        sample: Option<String>,
    ) {
        self.file_mtime = path.as_deref().and_then(files::modified_time);
        self.state.saved_code = code.clone();
        self.state.code = code;
        self.state.file_path = path;
        self.state.sample = sample;
        self.editor = super::EditorState::default();
    }
}
