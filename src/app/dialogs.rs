//! Modal dialogs: unsaved changes (Save / Discard / Cancel), file changed on disk, a typed path
//! when no native file dialog is available, keyboard shortcuts and about.

use std::path::PathBuf;

use super::command::{Command, Guarded, MapCommand, MapExport, ScenarioCommand};
use super::file_dialog::UNAVAILABLE_TEXT;
use super::shortcuts;
use super::state::PersistedState;

/// What the typed path is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open the file.
    Open,
    /// Save there, then maybe continue.
    SaveAs(Option<Guarded>),
    /// Open a scenario file.
    OpenScenario,
    /// Save the current case as a scenario file.
    SaveScenario,
    /// Export the decision map.
    ExportMap(MapExport),
    /// Compare the editor's code with another action file.
    CompareWith,
    /// The folder the Tests panel lists.
    TestsFolder,
}

impl PathPurpose {
    /// The prompt's heading, its button and an example path.
    fn texts(&self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Open => ("Open action", "Open", "/home/me/actions/my-action.js"),
            Self::SaveAs(_) => ("Save action as", "Save", "/home/me/actions/my-action.js"),
            Self::OpenScenario => ("Open scenario", "Open", "/home/me/scenarios/high-risk.json"),
            Self::SaveScenario => (
                "Save as scenario",
                "Save",
                "/home/me/scenarios/high-risk.json",
            ),
            Self::ExportMap(MapExport::Csv) => (
                "Export the decision map as CSV",
                "Export",
                "/home/me/decision-map.csv",
            ),
            Self::ExportMap(MapExport::Png) => (
                "Export the decision map as PNG",
                "Export",
                "/home/me/decision-map.png",
            ),
            Self::CompareWith => (
                "Compare with another action",
                "Compare",
                "/home/me/actions/previous-version.js",
            ),
            Self::TestsFolder => ("Scenario folder", "Use this folder", "/home/me/scenarios"),
        }
    }

    /// What to do with the typed path.
    fn command(&self, path: PathBuf) -> Command {
        match self {
            Self::Open => Command::Proceed(Guarded::Open(path)),
            Self::SaveAs(then) => Command::SaveAs(path, then.clone()),
            Self::OpenScenario => Command::Proceed(Guarded::OpenScenario(path)),
            Self::SaveScenario => Command::Scenario(ScenarioCommand::Save(path)),
            Self::ExportMap(kind) => Command::Map(MapCommand::Export(*kind, path)),
            Self::CompareWith => Command::Map(MapCommand::CompareWith(path)),
            Self::TestsFolder => Command::Scenario(ScenarioCommand::SetFolder(path)),
        }
    }
}

/// The modal on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    /// Unsaved changes would be lost by this action.
    Unsaved(Guarded),
    /// The file changed on disk since it was opened or saved.
    ChangedOnDisk(Option<Guarded>),
    /// No native dialog: the user types a path.
    PathPrompt {
        /// Open or save.
        purpose: PathPurpose,
        /// The path typed so far.
        text: String,
    },
    /// The keyboard shortcuts.
    Shortcuts,
    /// About the studio.
    About,
}

/// Draws the dialog; returns whether it should close.
pub fn dialog_ui(
    ctx: &egui::Context,
    dialog: &mut Dialog,
    state: &PersistedState,
    commands: &mut Vec<Command>,
) -> bool {
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("studio_dialog")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        match dialog {
            Dialog::Unsaved(action) => {
                ui.heading("Unsaved changes");
                ui.label(format!("{} has changes that are not saved. Save them first?", state.document_name()));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        commands.push(Command::SaveThen(action.clone()));
                        close = true;
                    }
                    if ui.button("Discard changes").clicked() {
                        commands.push(Command::Proceed(action.clone()));
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Dialog::ChangedOnDisk(then) => {
                ui.heading("File changed on disk");
                ui.label(format!("{} was changed by another program since you opened it. Overwrite it with your version?", state.document_name()));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Overwrite").clicked() {
                        commands.push(Command::ForceSave(then.clone()));
                        close = true;
                    }
                    if ui.button("Save As…").clicked() {
                        commands.push(Command::SaveAsDialog(then.clone()));
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Dialog::PathPrompt { purpose, text } => close = path_prompt_ui(ui, purpose, text, commands),
            Dialog::Shortcuts => {
                ui.heading("Keyboard shortcuts");
                egui::Grid::new("shortcuts_grid").striped(true).show(ui, |ui| {
                    for (keys, what) in shortcuts::help_rows(ui.ctx()) {
                        ui.monospace(keys);
                        ui.label(what);
                        ui.end_row();
                    }
                });
                close = ui.button("Close").clicked();
            }
            Dialog::About => {
                ui.heading("Action Studio");
                ui.label("Design, teach and test Auth0 Actions that use Akamai Supplemental Signals.");
                ui.label("Actions run locally in QuickJS with Auth0's api surface for all seven triggers. Nothing is sent anywhere.");
                ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                close = ui.button("Close").clicked();
            }
        }
    });
    let is_info = matches!(dialog, Dialog::Shortcuts | Dialog::About);
    // Escape cancels any dialog; a click outside closes only the informational ones.
    let escape = modal.is_top_modal
        && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    close || escape || is_info && modal.backdrop_response.clicked()
}

fn path_prompt_ui(
    ui: &mut egui::Ui,
    purpose: &PathPurpose,
    text: &mut String,
    commands: &mut Vec<Command>,
) -> bool {
    let (heading, verb, hint) = purpose.texts();
    ui.heading(heading);
    ui.label(UNAVAILABLE_TEXT);
    let label = ui.label(if *purpose == PathPurpose::TestsFolder {
        "Folder path:"
    } else {
        "File path:"
    });
    let edit = ui
        .add(
            egui::TextEdit::singleline(text)
                .desired_width(480.0)
                .hint_text(hint),
        )
        .labelled_by(label.id);
    if text.is_empty() && !edit.has_focus() {
        edit.request_focus();
    }
    let submitted = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let mut close = false;
    ui.horizontal(|ui| {
        let can_go = !text.trim().is_empty();
        if (ui.add_enabled(can_go, egui::Button::new(verb)).clicked() || submitted && can_go)
            && !close
        {
            commands.push(purpose.command(PathBuf::from(text.trim())));
            close = true;
        }
        if ui.button("Cancel").clicked() {
            close = true;
        }
    });
    close
}
